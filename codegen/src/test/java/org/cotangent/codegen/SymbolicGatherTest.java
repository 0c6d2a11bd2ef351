package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * gather and scatter_add in code for symbolic sizes ({@link SymbolicGather}), and sort's
 * derivative (a gather by argsort's positions): at many sizes, 0 and 1 among them, bit for bit
 * the interpreter and the static program of the specialised graph, with index arrays that are
 * inputs (integers, some out of range, repeated), iotas and argsorts; gradients against central
 * differences of the compiled value; the entry check of an empty axis.
 */
class SymbolicGatherTest {
  static final Dim M = SymbolicGraphs.M;
  static final Dim N = SymbolicGraphs.N;
  static final Dim K = SymbolicGraphs.K;
  static final TensorType MN = SymbolicGraphs.f64(M, N);

  static TensorType i64(Dim... d) {
    return TensorType.of(DType.I64, Shape.of(d));
  }

  /**
   * The (m, n) pairs with k in 1, 2, 3, 5, and k = 0 where m = 0 (rows of x taken k times, and
   * m rows scattered into k: an empty side has no index to take).
   */
  static List<Map<String, Long>> triples() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[] ks = {1, 2, 3, 5};
    int i = 0;
    for (Map<String, Long> e : pairs("m", "n")) {
      long k = e.get("m") == 0 ? 0 : ks[i++ % ks.length];
      envs.add(env("m", e.get("m"), "n", e.get("n"), "k", k));
    }
    return envs;
  }

  /**
   * Over x: f64[m,n], v: f64[n], rows: i64[k] (gather rows of x), into: i64[m] (scatter rows of
   * x into k): columns permuted by argsort(v), rows gathered (clamped), rows scattered into k
   * (repeated indices add), sin(v) scattered by {@code 2 i - 1} (clamped at both ends), a gather
   * from a transposed view, a two-axis index array (argsort of x), sort.
   */
  /**
   * Complex values: rows of z: c128[m,n] gathered by rows: i64[k] (clamped), z scattered into k
   * rows by into: i64[m] (repeated indices add), one element of a complex vector by index.
   */
  static Graph complexValues() {
    TensorType c = TensorType.of(DType.C128, Shape.of(M, N));
    return Graph.trace(List.of("z", "rows", "into"), List.of(c, i64(K), i64(M)), ps -> {
      Node z = ps.get(0);
      return List.of(Ir.gather(z, ps.get(1), 0), Ir.scatterAdd(Ir.sin(z), ps.get(2), 0, K),
          Ir.gather(Ir.index(z, 1, 0), Ir.reshape(Ir.index(ps.get(1), 0, 0), Shape.SCALAR), 0));
    });
  }

  @Test
  void complexGathersAndScattersAtEverySize() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : triples()) {
      if (e.get("k") > 0 && e.get("n") > 0) {
        envs.add(e);
      }
    }
    agrees(complexValues(), envs);
  }

  static Graph values() {
    return Graph.trace(List.of("x", "v", "rows", "into"), List.of(MN, SymbolicGraphs.f64(N),
        i64(K), i64(M)), ps -> {
          Node x = ps.get(0);
          Node v = ps.get(1);
          TensorType in = i64(N);
          Node wild = Ir.sub(Ir.mul(Ir.iota(in, 0), Ir.full(2, in)), Ir.full(1, in));
          return List.of(Ir.gather(x, Ir.argsort(v, 0), 1), Ir.gather(x, ps.get(2), 0),
              Ir.scatterAdd(Ir.sin(x), ps.get(3), 0, K),
              Ir.scatterAdd(Ir.sin(v), wild, 0, N),
              Ir.gather(Ir.transpose(x, 1, 0), ps.get(2), 1),
              Ir.gather(v, Ir.argsort(x, 1), 0),
              Ir.sort(x, 0));
        });
  }

  @Test
  void valuesAtManySizes() {
    SizedCompiled c = agrees(values(), triples());
    assertTrue(c.source.source().contains("Math.min(Math.max((int) ("), c.source.source());
  }

  /**
   * {@code sum(tanh(x[rows]) * cos(x[rows])) + sum(sin(scatter(x * x, into, k))) + sum(w *
   * sin(sort(x, 1))) + sum(sort(x, 0)^3)}: the gradient scatters (gather's transpose into m
   * rows), gathers (scatter_add's transpose) and permutes by argsort (sort's JVP transposed).
   */
  static Graph loss() {
    return Graph.trace(List.of("x", "rows", "into"), List.of(MN, i64(K), i64(M)), ps -> {
      Node x = ps.get(0);
      Node g = Ir.gather(x, ps.get(1), 0);
      Node a = Ir.reduceSum(Ir.mul(Ir.tanh(g), Ir.cos(g)), 0, 1);
      Node s = Ir.scatterAdd(Ir.mul(x, x), ps.get(2), 0, K);
      Node b = Ir.reduceSum(Ir.sin(s), 0, 1);
      Node w = Ir.add(Ir.iota(MN, 1), Ir.full(1.0, MN));
      Node c = Ir.reduceSum(Ir.mul(w, Ir.sin(Ir.sort(x, 1))), 0, 1);
      Node d = Ir.reduceSum(Ir.integerPow(Ir.sort(x, 0), 3), 0, 1);
      return List.of(Ir.add(Ir.add(a, b), Ir.add(c, d)));
    });
  }

  @Test
  void gradientAtManySizes() {
    SizedCompiled c = agrees(Ad.valueAndGrad(loss(), 0), triples());
    assertTrue(c.source.source().contains("] += "), c.source.source());
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SizedCompiled grad = SizedCompiled.of(Ad.valueAndGrad(loss(), 0));
    SizedCompiled f = SizedCompiled.of(loss());
    double h = 1e-6;
    for (Map<String, Long> e : List.of(env("m", 1, "n", 1, "k", 1), env("m", 2, "n", 3, "k", 4),
        env("m", 4, "n", 3, "k", 2), env("m", 3, "n", 5, "k", 1))) {
      List<Tensor> a = args(f.graph, e, e.hashCode());
      double[] x = a.get(0).unsafeData();
      double[] g = grad.call(a).get(1).unsafeData();
      for (int k = 0; k < x.length; k++) {
        double keep = x[k];
        x[k] = keep + h;
        double fp = f.call(a).get(0).unsafeData()[0];
        x[k] = keep - h;
        double fm = f.call(a).get(0).unsafeData()[0];
        x[k] = keep;
        double fd = (fp - fm) / (2 * h);
        assertEquals(fd, g[k], 1e-6 * (1 + Math.abs(fd)), e + " [" + k + "]");
      }
    }
  }

  /**
   * A Hessian-vector product through sort and a gather (forward over reverse: the JVP of the
   * gradient), against central differences of the compiled gradient along the direction.
   */
  @Test
  void hessianVectorProductThroughSort() {
    Graph f = Graph.trace(List.of("x", "rows"), List.of(MN, i64(M)), ps -> {
      Node x = ps.get(0);
      Node s = Ir.sort(Ir.mul(x, Ir.gather(Ir.sin(x), ps.get(1), 0)), 1);
      return List.of(Ir.reduceSum(Ir.mul(Ir.iota(MN, 1), Ir.tanh(s)), 0, 1));
    });
    Graph grad = Ad.grad(f, 0);
    // hvp(x, t) = d/de grad(x + e t): the JVP of the gradient in x.
    Graph hvp = Ad.jvp(grad);
    SizedCompiled g = SizedCompiled.of(grad);
    List<Map<String, Long>> envs = List.of(env("m", 1, "n", 1), env("m", 1, "n", 3),
        env("m", 2, "n", 4), env("m", 3, "n", 2), env("m", 0, "n", 2));
    SizedCompiled c = agrees(hvp, envs);
    double h = 1e-5;
    for (Map<String, Long> e : envs) {
      List<Tensor> a = args(hvp, e, e.hashCode() + 7);
      a.set(3, Tensor.wrap(a.get(3).type(), new double[a.get(3).type().size()]));
      double[] x = a.get(0).unsafeData();
      double[] t = a.get(2).unsafeData();
      double[] hv = c.call(a).get(1).unsafeData();
      List<Tensor> p = List.of(a.get(0), a.get(1));
      double[] keep = x.clone();
      for (int i = 0; i < x.length; i++) {
        x[i] = keep[i] + h * t[i];
      }
      double[] gp = g.call(p).get(0).unsafeData();
      for (int i = 0; i < x.length; i++) {
        x[i] = keep[i] - h * t[i];
      }
      double[] gm = g.call(p).get(0).unsafeData();
      System.arraycopy(keep, 0, x, 0, x.length);
      for (int i = 0; i < hv.length; i++) {
        double fd = (gp[i] - gm[i]) / (2 * h);
        assertEquals(fd, hv[i], 1e-5 * (1 + Math.abs(fd)), e + " [" + i + "]");
      }
    }
  }

  /** vmap over a symbolic batch b of a gather whose operand and indices are both batched. */
  @Test
  void vmapOfAGatherByArgsortAtSymbolicBatch() {
    Graph f = Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node x = ps.get(0);
      Node rows = Ir.argsort(Ir.index(x, 1, 0), 0);
      return List.of(Ir.reduceSum(Ir.mul(Ir.sin(Ir.gather(x, rows, 0)), Ir.sort(x, 1)), 0, 1));
    });
    Graph vg = Vmap.vmap(Ad.valueAndGrad(f, 0), new int[] {0}, new int[] {0, 0}, Dim.var("b"));
    List<Map<String, Long>> envs = new ArrayList<>();
    long[] bs = {0, 1, 3};
    int i = 0;
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("n") > 0) {
        envs.add(env("b", bs[i++ % 3], "m", e.get("m"), "n", e.get("n")));
      }
    }
    agrees(vg, envs);
  }

  /** Index arrays computed by argmax and argmin (an axis of each must be nonempty). */
  @Test
  void indicesFromArgmaxAndArgmin() {
    Graph f = Graph.trace(List.of("x", "v"), List.of(MN, SymbolicGraphs.f64(N)), ps -> {
      Node x = ps.get(0);
      Node g1 = Ir.gather(ps.get(1), Ir.argmax(x, 1), 0);
      Node g2 = Ir.gather(x, Ir.argmin(x, 0), 0);
      return List.of(Ir.add(Ir.reduceSum(Ir.tanh(g1), 0), Ir.reduceSum(Ir.sin(g2), 0, 1)));
    });
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("m") > 0 && e.get("n") > 0) {
        envs.add(e);
      }
    }
    agrees(f, envs);
    agrees(Ad.valueAndGrad(f, 0, 1), envs);
  }

  /** One element of a vector (a rank-0 index): a scalar statement. */
  @Test
  void aScalarGatherAndItsEntryCheck() {
    Graph g = Graph.trace(List.of("v", "i"), List.of(SymbolicGraphs.f64(N), i64()),
        ps -> List.of(Ir.mul(Ir.broadcastInDim(Ir.gather(ps.get(0), ps.get(1), 0),
            Shape.of(N)), ps.get(0))));
    List<Map<String, Long>> envs = List.of(env("n", 1), env("n", 2), env("n", 7));
    SizedCompiled c = agrees(Ad.valueAndGrad(Graph.trace(List.of("v", "i"),
        List.of(SymbolicGraphs.f64(N), i64()), ps -> List.of(Ir.reduceSum(Ir.sin(
            Ir.mul(Ir.broadcastInDim(Ir.gather(ps.get(0), ps.get(1), 0), Shape.of(N)),
                ps.get(0))), 0))), 0), envs);
    agrees(g, envs);
    // An empty vector has no element to take: the entry check says so, with the sizes.
    SizedCompiled s = SizedCompiled.of(g);
    List<Tensor> a = List.of(Tensor.wrap(TensorType.f64(0), new double[0]),
        Tensor.wrap(TensorType.of(DType.I64, Shape.SCALAR), new double[] {0}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.call(a));
    assertEquals("gather of f64[n] takes rows from axis 0 (size n), which is empty, at 1"
        + " indices (n = 0)", e.getMessage());
    assertTrue(c.source.source().contains("scattered"), c.source.source());
  }

  /** scatter_add into k rows by an index input: k = 0 with indices is refused at entry. */
  @Test
  void scatterIntoNoRowsIsAnEntryCheck() {
    Graph g = Graph.trace(List.of("u", "into"), List.of(SymbolicGraphs.f64(M), i64(M)),
        ps -> List.of(Ir.scatterAdd(ps.get(0), ps.get(1), 0, K)));
    SizedCompiled c = SizedCompiled.of(g);
    // By the definition: 1 -> row 1, -3 -> row 0, 9 -> row 2, 1 -> row 1 (k = 3).
    List<Tensor> a = List.of(Tensor.of(1, 2, 4, 8), Tensor.wrap(TensorType.of(DType.I64,
        Shape.of(4)), new double[] {1, -3, 9, 1}));
    int[] sizes = {3, 4};
    double[][] out = {new double[] {5, 5, 5}};
    c.program.call(sizes, new double[][] {a.get(0).unsafeData(), a.get(1).unsafeData()}, out);
    assertArrayEquals(new double[] {2, 9, 4}, out[0]);
    double[][] none = {new double[0]};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {0, 4}, new double[][] {a.get(0).unsafeData(),
            a.get(1).unsafeData()}, none));
    assertEquals("scatter_add of f64[m] adds into axis 0 (size k), which is empty, at m indices"
        + " (k = 0, m = 4)", e.getMessage());
    assertArrayEquals(out[0], org.cotangent.symbolic.Interpreter.eval(g, Map.of("k", 3L), a)
        .get(0).unsafeData());
    // No indices, no rows: nothing to check, an empty result.
    c.program.call(new int[] {0, 0}, new double[][] {new double[0], new double[0]}, none);
  }
}
