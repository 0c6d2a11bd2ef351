package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.registry.Primitives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivative rules of every primitive, table-driven over {@link PrimitiveTable}: JVP against
 * central differences, VJP against JVP by the dot-product test, and second order (grad of grad)
 * against central differences of the gradient. Several seeds give several random shapes.
 */
class PrimitiveRulesTest {
  static Stream<Object[]> cases() {
    List<Object[]> all = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      for (PrimitiveTable.Case c : PrimitiveTable.allCases(seed)) {
        all.add(new Object[] {c, seed});
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void jvpMatchesFiniteDifferences(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed);
    Graph f = c.graph();
    Checker.check(f);
    Checker.check(Ad.jvp(f));
    for (int trial = 0; trial < 3; trial++) {
      CheckGrads.checkJvp(f, c.inputs(rng), rng);
    }
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vjpPassesDotProductTest(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed);
    Graph f = c.graph();
    Checker.check(Ad.vjp(f));
    for (int trial = 0; trial < 3; trial++) {
      CheckGrads.checkVjp(f, c.inputs(rng), rng);
    }
  }

  /**
   * With h(x) = sum(w * f(x)) for a random constant w: the Hessian-vector product computed as
   * grad of (x -> <grad h(x), v>) equals central differences of grad h along v.
   */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void gradOfGradMatchesFiniteDifferencesOfGrad(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed);
    Graph f = c.graph();
    Tensor w = CheckGrads.randomLike(f.output(0).type(), rng);
    // Real parts make h real when f is complex; Re(g v) is then the directional derivative.
    Graph h = Graph.trace(f.inputNames(), f.inputTypes(),
        ps -> List.of(Ir.reduceSum(realPart(Ir.mul(Ir.constant(w), f.call(ps).get(0))),
            Ir.allAxes(f.output(0).rank()))));
    Graph g = Ad.grad(h);
    List<Tensor> x = c.inputs(rng);
    List<Tensor> v = new ArrayList<>();
    for (TensorType t : f.inputTypes()) {
      v.add(CheckGrads.randomLike(t, rng));
    }
    // hv(x) = <grad h(x), v>, a scalar; its gradient is H v.
    Graph hv = Graph.trace(f.inputNames(), f.inputTypes(), ps -> {
      List<Node> gs = g.call(ps);
      Node acc = Ir.constant(0.0);
      for (int i = 0; i < gs.size(); i++) {
        acc = Ir.add(acc, Ir.reduceSum(realPart(Ir.mul(gs.get(i), Ir.constant(v.get(i)))),
            Ir.allAxes(gs.get(i).rank())));
      }
      return List.of(acc);
    });
    Graph hessVec = Ad.grad(hv);
    Checker.check(hessVec);
    List<Tensor> hvp = Interpreter.eval(hessVec, x);
    double eps = CheckGrads.EPS;
    List<Tensor> gp = Interpreter.eval(g, shifted(x, v, eps));
    List<Tensor> gm = Interpreter.eval(g, shifted(x, v, -eps));
    for (int i = 0; i < x.size(); i++) {
      double[] a = gp.get(i).unsafeData();
      double[] b = gm.get(i).unsafeData();
      double[] r = hvp.get(i).unsafeData();
      for (int k = 0; k < r.length; k++) {
        double fd = (a[k] - b[k]) / (2 * eps);
        if (!(Math.abs(fd - r[k]) <= 1e-5 * (1 + Math.abs(fd)))) {
          fail(c + ": Hessian-vector product element " + k + " of input " + i + " is " + r[k]
              + ", finite differences of the gradient give " + fd + "\n" + hessVec);
        }
      }
    }
  }

  private static Node realPart(Node x) {
    return x.dtype().isComplex() ? Ir.real(x) : x;
  }

  private static List<Tensor> shifted(List<Tensor> x, List<Tensor> v, double eps) {
    List<Tensor> r = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      double[] a = x.get(i).data();
      double[] d = v.get(i).unsafeData();
      for (int k = 0; k < a.length; k++) {
        a[k] += eps * d[k];
      }
      r.add(Tensor.wrap(x.get(i).type(), a));
    }
    return r;
  }

  /** JAX's check_grads to order 2 (JVP of the JVP, VJP of the VJP) on every row. */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void checkGradsToSecondOrder(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 100);
    CheckGrads.checkGrads(c.graph(), c.inputs(rng), 2, rng);
  }

  /**
   * Every primitive in the registry has a row, every op the rows use is registered, and every op
   * that says it is linear in an input has a transpose rule that gives that input a cotangent of
   * its type (the build fails when a primitive is added without them).
   */
  @Test
  void everyPrimitiveIsCoveredAndLinearOnesTranspose() {
    java.util.Set<String> covered = PrimitiveTable.covered();
    for (String name : Primitives.names()) {
      assertTrue(covered.contains(name), "primitive " + name + " has no row in PrimitiveTable");
    }
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(0)) {
      assertTrue(Primitives.has(c.primitive), c.primitive + " is not in the registry");
      for (Node n : c.graph().topoOrder()) {
        Op op = n.op();
        if (op instanceof Param) {
          continue;
        }
        assertTrue(Primitives.has(op.name()), op.name() + " is not in the registry");
        for (int i = 0; i < n.arity(); i++) {
          if (op.isLinearIn(i) && n.input(i).dtype().isFloating() && n.dtype().isFloating()) {
            boolean[] flags = new boolean[n.arity()];
            flags[i] = true;
            Node[] cts = op.transposeRule(Ir.full(1.0, n.type()), n, flags);
            assertTrue(cts[i] != null && cts[i].type().equals(n.input(i).type()),
                op.name() + " is linear in input " + i + " but its transpose gives " + (cts[i] == null
                    ? "nothing" : cts[i].type()));
          }
        }
      }
    }
  }

  @Test
  void maxAndMinSplitTiesEvenly() {
    TensorType t = TensorType.f64(2);
    Graph f = Graph.trace(List.of("x", "y"), List.of(t, t),
        ps -> List.of(Ir.reduceSum(Ir.max(ps.get(0), ps.get(1)), 0)));
    List<Tensor> g = Interpreter.eval(Ad.grad(f), Tensor.of(1.0, 2.0), Tensor.of(1.0, 3.0));
    assertEquals(List.of(Tensor.of(0.5, 0.0), Tensor.of(0.5, 1.0)), g);
  }

  @Test
  void absHasZeroDerivativeAtZeroAndSignIsFlat() {
    TensorType t = TensorType.f64(3);
    Graph f = Graph.trace(List.of("x"), List.of(t),
        ps -> List.of(Ir.reduceSum(Ir.add(Ir.abs(ps.get(0)), Ir.sign(ps.get(0))), 0)));
    assertEquals(Tensor.of(-1.0, 0.0, 1.0),
        Interpreter.eval(Ad.grad(f), Tensor.of(-2.0, 0.0, 2.0)).get(0));
  }

  @Test
  void reduceProdDerivativeIsExactAtZeros() {
    TensorType t = TensorType.f64(4);
    Graph f = Graph.trace(List.of("x"), List.of(t), ps -> List.of(Ir.reduceProd(ps.get(0), 0)));
    // d/dx_i prod = product of the others: at (0, 2, 3, 0) every entry is 0; at (0, 2, 3, 4)
    // only the first is non-zero (2*3*4 = 24).
    assertEquals(Tensor.of(0.0, 0.0, 0.0, 0.0),
        Interpreter.eval(Ad.grad(f), Tensor.of(0.0, 2.0, 3.0, 0.0)).get(0));
    assertEquals(Tensor.of(24.0, 0.0, 0.0, 0.0),
        Interpreter.eval(Ad.grad(f), Tensor.of(0.0, 2.0, 3.0, 4.0)).get(0));
  }

  @Test
  void thirdOrderGradOfSinIsMinusCos() {
    Graph f = Graph.trace(List.of("x"), List.of(TensorType.f64()), ps -> List.of(Ir.sin(ps.get(0))));
    Graph g3 = Ad.grad(Ad.grad(Ad.grad(f)));
    for (double x : new double[] {-1.3, 0.0, 0.7, 2.5}) {
      assertEquals(-Math.cos(x), Interpreter.eval(g3, Tensor.scalar(x)).get(0).item(), 1e-15);
    }
  }
}
