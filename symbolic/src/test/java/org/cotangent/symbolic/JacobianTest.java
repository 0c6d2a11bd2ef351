package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jacfwd (vmap of jvp over the input basis), jacrev (vmap of vjp over the output basis) and
 * hessian (jacfwd of jacrev) against central finite differences computed here.
 */
class JacobianTest {
  static final double EPS = 1e-6;

  static Node dot(Node a, Node b) {
    return Ir.dotGeneral(a, b, new int[] {a.rank() - 1}, new int[] {0}, new int[0], new int[0]);
  }

  static Node constant(TensorType t, long seed) {
    return Ir.constant(Tensor.normal(seed, t));
  }

  /** A named function of one or more inputs, differentiated with respect to {@code argnum}. */
  static final class Fn {
    final String name;
    final List<TensorType> types;
    final int argnum;
    final Function<List<Node>, List<Node>> body;

    Fn(String name, List<TensorType> types, int argnum, Function<List<Node>, List<Node>> body) {
      this.name = name;
      this.types = types;
      this.argnum = argnum;
      this.body = body;
    }

    Graph graph() {
      return Graph.trace(Graph.defaultNames(types.size(), "x"), types, body);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fn> functions() {
    TensorType v3 = TensorType.f64(3);
    TensorType m23 = TensorType.f64(2, 3);
    TensorType v2 = TensorType.f64(2);
    return Stream.of(
        new Fn("vector to vector", List.of(v3), 0,
            ps -> List.of(Ir.mul(Ir.sin(ps.get(0)), Ir.broadcastInDim(
                Ir.reduceSum(Ir.square(ps.get(0)), 0), Shape.of(3))))),
        new Fn("matrix to vector", List.of(m23), 0,
            ps -> List.of(Ir.tanh(dot(ps.get(0), constant(v3, 7))))),
        new Fn("matrix to matrix (W^T W)", List.of(m23), 0,
            ps -> List.of(Ir.dotGeneral(ps.get(0), Ir.exp(ps.get(0)), new int[] {0},
                new int[] {0}, new int[0], new int[0]))),
        new Fn("scalar to matrix", List.of(TensorType.f64()), 0,
            ps -> List.of(Ir.mul(constant(m23, 3), Ir.broadcastInDim(Ir.sin(ps.get(0)),
                Shape.of(2, 3))))),
        new Fn("second argument, two outputs", List.of(v2, m23), 1,
            ps -> List.of(Ir.reduceSum(Ir.mul(ps.get(1), ps.get(1)), 0, 1),
                Ir.logistic(dot(ps.get(0), ps.get(1))))),
        new Fn("output independent of the argument", List.of(v2, v3), 1,
            ps -> List.of(Ir.exp(ps.get(0)))));
  }

  /** Central differences: J[out..., in...] for every output. */
  static List<Tensor> finiteDifferences(Graph f, List<Tensor> x, int argnum) {
    Tensor in = x.get(argnum);
    int n = in.size();
    List<double[]> jac = new ArrayList<>();
    for (Node o : f.outputs()) {
      jac.add(new double[o.type().size() * n]);
    }
    for (int k = 0; k < n; k++) {
      List<Tensor> xp = new ArrayList<>(x);
      List<Tensor> xm = new ArrayList<>(x);
      double[] a = in.data();
      double[] b = in.data();
      a[k] += EPS;
      b[k] -= EPS;
      xp.set(argnum, Tensor.wrap(in.type(), a));
      xm.set(argnum, Tensor.wrap(in.type(), b));
      List<Tensor> fp = Interpreter.eval(f, xp);
      List<Tensor> fm = Interpreter.eval(f, xm);
      for (int j = 0; j < jac.size(); j++) {
        double[] p = fp.get(j).unsafeData();
        double[] m = fm.get(j).unsafeData();
        for (int i = 0; i < p.length; i++) {
          jac.get(j)[i * n + k] = (p[i] - m[i]) / (2 * EPS);
        }
      }
    }
    List<Tensor> r = new ArrayList<>();
    for (int j = 0; j < jac.size(); j++) {
      int[] d = concat(f.output(j).type().shape().dims(), in.shape().dims());
      r.add(Tensor.wrap(TensorType.f64(d), jac.get(j)));
    }
    return r;
  }

  static int[] concat(int[] a, int[] b) {
    int[] d = new int[a.length + b.length];
    System.arraycopy(a, 0, d, 0, a.length);
    System.arraycopy(b, 0, d, a.length, b.length);
    return d;
  }

  static void assertClose(Tensor want, Tensor got, double tol, String what) {
    assertEquals(want.type(), got.type(), what);
    double[] w = want.unsafeData();
    double[] g = got.unsafeData();
    for (int k = 0; k < w.length; k++) {
      if (!(Math.abs(w[k] - g[k]) <= tol * (1 + Math.abs(w[k])))) {
        fail(what + ": element " + k + " is " + g[k] + ", expected " + w[k]);
      }
    }
  }

  static List<Tensor> randomInputs(List<TensorType> types, Random rng) {
    List<Tensor> x = new ArrayList<>();
    for (TensorType t : types) {
      x.add(Tensor.normal(rng.nextLong(), t));
    }
    return x;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void jacfwdEqualsJacrevEqualsFiniteDifferences(Fn fn) {
    Graph f = fn.graph();
    Graph fwd = Ad.jacfwd(f, fn.argnum);
    Graph rev = Ad.jacrev(f, fn.argnum);
    Checker.check(fwd);
    Checker.check(rev);
    Random rng = new Random(fn.name.hashCode());
    for (int trial = 0; trial < 3; trial++) {
      List<Tensor> x = randomInputs(fn.types, rng);
      List<Tensor> jf = Interpreter.eval(fwd, x);
      List<Tensor> jr = Interpreter.eval(rev, x);
      List<Tensor> fd = finiteDifferences(f, x, fn.argnum);
      for (int j = 0; j < fd.size(); j++) {
        assertClose(jf.get(j), jr.get(j), 1e-12, fn + ": jacrev vs jacfwd, output " + j);
        assertClose(fd.get(j), jf.get(j), 1e-6, fn + ": jacfwd vs finite differences, output " + j);
      }
    }
  }

  /** Compositions: jacrev and jacfwd of a vmapped function, vmap of jacrev. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void jacobiansComposeWithVmap(Fn fn) {
    Graph f = fn.graph();
    int[] axes = new int[f.arity()];
    java.util.Arrays.fill(axes, org.cotangent.symbolic.ad.Vmap.NOT_MAPPED);
    axes[fn.argnum] = f.inputTypes().get(fn.argnum).rank();
    Graph batched = org.cotangent.symbolic.ad.Vmap.vmap(f, axes, 0, 2);
    Random rng = new Random(fn.name.hashCode() + 1);
    List<Tensor> x = randomInputs(batched.inputTypes(), rng);
    List<Tensor> fd = finiteDifferences(batched, x, fn.argnum);
    List<Tensor> jr = Interpreter.eval(Ad.jacrev(batched, fn.argnum), x);
    List<Tensor> jf = Interpreter.eval(Ad.jacfwd(batched, fn.argnum), x);
    for (int j = 0; j < fd.size(); j++) {
      assertClose(fd.get(j), jr.get(j), 1e-6, fn + ": jacrev of vmap, output " + j);
      assertClose(fd.get(j), jf.get(j), 1e-6, fn + ": jacfwd of vmap, output " + j);
    }
    // vmap of jacrev: each batch element's Jacobian equals jacrev at that element.
    Graph rev = Ad.jacrev(f, fn.argnum);
    int[] axes0 = axes.clone();
    axes0[fn.argnum] = 0;
    int[] outAxes = new int[rev.outputs().size()];
    Graph vrev = org.cotangent.symbolic.ad.Vmap.vmap(rev, axes0, outAxes, 3);
    Checker.check(vrev);
    List<Tensor> xs = randomInputs(vrev.inputTypes(), rng);
    List<Tensor> all = Interpreter.eval(vrev, xs);
    for (int b = 0; b < 3; b++) {
      List<Tensor> xb = new ArrayList<>(xs);
      xb.set(fn.argnum, VmapTest.take(xs.get(fn.argnum), 0, b));
      List<Tensor> want = Interpreter.eval(rev, xb);
      for (int j = 0; j < want.size(); j++) {
        assertClose(want.get(j), VmapTest.take(all.get(j), 0, b), 1e-12,
            fn + ": vmap of jacrev, element " + b);
      }
    }
  }

  @Test
  void hessianIsSymmetricAndEqualsFiniteDifferencesOfGrad() {
    TensorType m23 = TensorType.f64(2, 3);
    Tensor c = Tensor.normal(11, TensorType.f64(3));
    Graph f = Graph.trace(List.of("W"), List.of(m23), ps -> List.of(Ir.reduceSum(
        Ir.log1p(Ir.square(Ir.sin(dot(ps.get(0), Ir.constant(c))))), 0)));
    Graph h = Ad.hessian(f, 0);
    Checker.check(h);
    Graph g = Ad.grad(f);
    Random rng = new Random(5);
    for (int trial = 0; trial < 3; trial++) {
      List<Tensor> x = randomInputs(f.inputTypes(), rng);
      Tensor hx = Interpreter.eval(h, x).get(0);
      assertEquals(TensorType.f64(2, 3, 2, 3), hx.type());
      double[] hd = hx.unsafeData();
      for (int a = 0; a < 6; a++) {
        for (int b = 0; b < 6; b++) {
          assertEquals(hd[a * 6 + b], hd[b * 6 + a], 1e-12 * (1 + Math.abs(hd[a * 6 + b])),
              "symmetry at " + a + ", " + b);
        }
      }
      // Finite differences of the gradient (a 2x3 -> 2x3 function): its Jacobian is the Hessian.
      Tensor fd = finiteDifferences(g, x, 0).get(0);
      assertClose(fd, hx, 1e-6, "hessian vs finite differences of grad");
    }
  }

  @Test
  void hessianOfAQuadraticFormIsItsSymmetricPart() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 0}, {0, 3, -1}, {4, 0, 5}});
    Graph f = Graph.trace(List.of("x"), List.of(TensorType.f64(3)),
        ps -> List.of(Ir.reduceSum(Ir.mul(ps.get(0), dot(Ir.constant(a), ps.get(0))), 0)));
    Tensor h = Interpreter.eval(Ad.hessian(f, 0), Tensor.of(0.3, -1.0, 2.0)).get(0);
    double[][] ad = {{1, 2, 0}, {0, 3, -1}, {4, 0, 5}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(ad[i][j] + ad[j][i], h.get(i * 3 + j), 1e-12);
      }
    }
  }

  /** jacrev is one vmapped program: its size does not grow with the number of outputs. */
  @Test
  void jacrevStaysSmall() {
    int[] sizes = {8, 40, 200};
    int[] counts = new int[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      int m = sizes[s];
      TensorType x = TensorType.f64(5);
      Tensor w = Tensor.normal(1, TensorType.f64(m, 5));
      Graph f = Graph.trace(List.of("x"), List.of(x),
          ps -> List.of(Ir.tanh(Ir.exp(dot(Ir.constant(w), Ir.sin(ps.get(0)))))));
      Graph j = Ad.jacrev(f, 0);
      counts[s] = j.nodeCount();
      assertTrue(counts[s] <= 12 * f.nodeCount(),
          "jacrev has " + counts[s] + " nodes for a function of " + f.nodeCount() + "\n" + j);
    }
    assertTrue(Math.abs(counts[2] - counts[0]) <= 4,
        "jacrev size grows with the output: " + java.util.Arrays.toString(counts));
  }

  @Test
  void errors() {
    Graph f = Graph.trace(List.of("i"), List.of(TensorType.of(DType.I64, 2)),
        ps -> List.of(Ir.convert(ps.get(0), DType.F64)));
    IrException e = assertThrows(IrException.class, () -> Ad.jacfwd(f, 0));
    assertTrue(e.getMessage().contains("real floating-point inputs"), e.getMessage());
    assertThrows(IrException.class, () -> Ad.jacrev(f, 1));
  }
}
