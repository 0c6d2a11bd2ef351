package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * Graphs over symbolic sizes {@code n}, {@code m} (issue 14 item 1, phase P1): one case per
 * primitive family, each a function of the sizes. The symbolic graph, built once, must give at
 * each of several concrete sizes the types and numbers of the graph built at those sizes, and so
 * must its jvp, vjp and vmap; the symbolic derivatives are also checked against central
 * differences and against each other (the dot-product test).
 */
class SymbolicSizesTest {
  /** The sizes a case is built at: variables, or constants for the static graph. */
  static final class Sizes {
    final Dim n;
    final Dim m;

    Sizes(Dim n, Dim m) {
      this.n = n;
      this.m = m;
    }

    TensorType f64(Dim... dims) {
      return TensorType.of(DType.F64, Shape.of(dims));
    }
  }

  static final Sizes SYMBOLIC = new Sizes(Dim.var("n"), Dim.var("m"));
  static final long[][] VALUATIONS = {{3, 2}, {1, 4}, {5, 1}};

  static final class Case {
    final String name;
    final Function<Sizes, Graph> build;

    Case(String name, Function<Sizes, Graph> build) {
      this.name = name;
      this.build = build;
    }
  }

  static Graph graph(List<TensorType> types, Function<List<Node>, Node> body) {
    return Graph.trace(Graph.defaultNames(types.size(), "x"), types, ps -> List.of(body.apply(ps)));
  }

  static List<Case> cases() {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case("elementwise, compare, select, integer_pow, convert", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t, t), p -> {
        Node x = p.get(0);
        Node y = p.get(1);
        Node e = Ir.add(Ir.mul(Ir.sin(x), y), Ir.div(Ir.exp(x), Ir.add(Ir.full(1.0, t), Ir.square(y))));
        Node c = Ir.select(Ir.gt(x, y), Ir.mul(x, y), Ir.integerPow(Ir.cos(y), 3));
        Node k = Ir.convert(Ir.convert(Ir.gt(y, Ir.zeros(t)), DType.I64), DType.F64);
        return Ir.add(Ir.add(e, c), Ir.mul(k, Ir.tanh(x)));
      });
    }));
    cs.add(new Case("broadcast_in_dim (row, scalar and size-1 axes)", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t, s.f64(s.m), s.f64(), s.f64(s.n, Dim.of(1))), p -> {
        Shape sh = t.shape();
        Node row = Ir.broadcastInDim(p.get(1), sh, 1);
        Node scalar = Ir.broadcastInDim(p.get(2), sh);
        Node col = Ir.broadcastInDim(p.get(3), sh, 0, 1);
        return Ir.tanh(Ir.add(Ir.mul(p.get(0), row), Ir.mul(scalar, col)));
      });
    }));
    cs.add(new Case("dim_value (a mean over rows, sizes as numbers)", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> {
        TensorType scalar = s.f64();
        Node mean = Ir.div(Ir.reduceSum(p.get(0), 0),
            Ir.broadcastInDim(org.cotangent.symbolic.ops.SizeValue.of(s.n, scalar), Shape.of(s.m)));
        Node k = org.cotangent.symbolic.ops.SizeValue.of(s.n.times(s.m).minus(s.m).plus(1), s.f64(s.m));
        return Ir.mul(Ir.sin(mean), k);
      });
    }));
    cs.add(new Case("reduce_sum, reduce_max", s -> {
      TensorType t = s.f64(s.n, s.m, Dim.of(2));
      return graph(List.of(t), p -> {
        Node x = p.get(0);
        Node a = Ir.reduceSum(Ir.sin(x), 1);
        Node b = Ir.reduceMax(x, 1);
        return Ir.reduceSum(Ir.mul(a, b), 0, 1);
      });
    }));
    cs.add(new Case("dot_general (matvec, matmul, batch)", s -> {
      return graph(List.of(s.f64(s.n, s.m), s.f64(s.m), s.f64(s.m, s.n), s.f64(Dim.of(2), s.n, s.m)),
          p -> {
            Node mv = Ir.dotGeneral(p.get(0), p.get(1), new int[] {1}, new int[] {0}, new int[0],
                new int[0]);
            Node mm = Ir.dotGeneral(p.get(0), p.get(2), new int[] {1}, new int[] {0}, new int[0],
                new int[0]);
            Node bt = Ir.dotGeneral(p.get(3), p.get(3), new int[] {2}, new int[] {2}, new int[] {0},
                new int[] {0});
            Node v = Ir.reduceSum(Ir.sin(bt), 0);
            return Ir.add(Ir.add(Ir.reduceSum(Ir.mul(mm, v), 1), Ir.logistic(mv)), Ir.reduceSum(mm, 0));
          });
    }));
    cs.add(new Case("transpose, reshape", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> {
        Node x = Ir.transpose(Ir.sin(p.get(0)), 1, 0);
        Node flat = Ir.reshape(Ir.mul(x, x), Shape.of(s.m.times(s.n)));
        Node back = Ir.reshape(flat, Shape.of(s.m, s.n, Dim.of(1)));
        return Ir.add(Ir.reduceSum(back, 2), Ir.transpose(Ir.cos(p.get(0)), 1, 0));
      });
    }));
    cs.add(new Case("concatenate, slice, pad, index", s -> {
      return graph(List.of(s.f64(s.n, s.m), s.f64(s.n, Dim.of(2))), p -> {
        Node c = Ir.concatenate(1, Ir.sin(p.get(0)), p.get(1));
        Dim[] zero = {Dim.of(0), Dim.of(0)};
        Node sl = Ir.slice(c, new Dim[] {Dim.of(0), Dim.of(1)}, new Dim[] {s.n, s.m.plus(2)});
        Node pd = Ir.pad(Ir.mul(sl, sl), new Dim[] {Dim.of(1), Dim.of(0)}, new Dim[] {Dim.of(0), Dim.of(1)});
        Node row = Ir.index(pd, 1, 1);
        Node col = Ir.index(c, 1, 1);
        Node tail = Ir.pad(Ir.mul(col, col), new Dim[] {Dim.of(0)}, new Dim[] {Dim.of(1)});
        Node head = Ir.slice(Ir.concatenate(0, c, c), zero, new Dim[] {s.n.plus(1), Dim.of(2)});
        return Ir.add(Ir.add(row, Ir.reduceSum(Ir.cos(pd), 1)), Ir.add(tail, Ir.reduceSum(head, 1)));
      });
    }));
    cs.add(new Case("rev, cumsum (shape-preserving)", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> Ir.mul(Ir.cumsum(Ir.rev(Ir.sin(p.get(0)), 1), 0, false),
          Ir.cumsum(p.get(0), 1, true)));
    }));
    cs.add(new Case("iota, uniform constants", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> Ir.add(Ir.mul(Ir.sin(p.get(0)), Ir.iota(t, 1)),
          Ir.mul(Ir.full(0.5, t), Ir.iota(t, 0))));
    }));
    cs.add(new Case("reduce_prod (one axis, all axes; zeros)", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> {
        Node x = p.get(0);
        // Some factors exactly zero (round of |x| < 0.25), where out / x would be NaN.
        Node z = Ir.round(Ir.mul(x, Ir.full(2.0, t)));
        Node f = Ir.mul(x, z);
        Node rows = Ir.reduceProd(f, 1);
        Node all = Ir.reduceProd(Ir.sin(x), 0, 1);
        return Ir.add(Ir.broadcastInDim(Ir.add(rows, Ir.broadcastInDim(all, Shape.of(s.n))),
            t.shape(), 0), Ir.cos(x));
      });
    }));
    cs.add(new Case("cumprod (both directions, zeros)", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> {
        Node x = p.get(0);
        // Some factors exactly zero (round of |x| < 0.25), where y / x would be NaN.
        Node f = Ir.mul(x, Ir.round(Ir.mul(x, Ir.full(2.0, t))));
        return Ir.add(Ir.cumprod(f, 0, false), Ir.cumprod(Ir.sin(x), 1, true));
      });
    }));
    cs.add(new Case("eigh (values, vectors)", s -> graph(List.of(s.f64(s.n, s.n),
        s.f64(s.n, s.m)), p -> LinalgFixtures.eigh(p.get(0), p.get(1)))));
    cs.add(new Case("argmax, argmin", s -> {
      TensorType t = s.f64(s.n, s.m);
      return graph(List.of(t), p -> {
        Node x = p.get(0);
        Node rows = Ir.convert(Ir.argmax(Ir.sin(x), 1), DType.F64);
        Node cols = Ir.convert(Ir.argmin(x, 0), DType.F64);
        return Ir.mul(Ir.add(Ir.broadcastInDim(rows, t.shape(), 0),
            Ir.broadcastInDim(cols, t.shape(), 1)), Ir.sin(x));
      });
    }));
    cs.add(new Case("gather, scatter_add, sort (indices from argsort and iota, clamped)",
        s -> graph(List.of(s.f64(s.n, s.m), s.f64(s.m)), p -> gathers(s, p.get(0), p.get(1)))));
    cs.add(new Case("linear algebra (cholesky, triangular_solve, solve, inv, det, slogdet)",
        s -> graph(List.of(s.f64(s.n, s.n), s.f64(s.n, s.m)), p -> linalg(p.get(0), p.get(1)))));
    cs.add(new Case("scan over m steps of a body over n (carry f64[n], const f64[n,n])",
        s -> graph(List.of(s.f64(s.n, s.n), s.f64(s.n), s.f64(s.n, s.m)),
            p -> ScanFixtures.scanOverSizes(p.get(0), p.get(1), p.get(2)))));
    return cs;
  }

  /**
   * Over x: f64[n,m], v: f64[m]: columns of x permuted by argsort(v); sin(x) scattered by {@code
   * 2 i - 1} (out of range at both ends, so clamped, and repeated); rows of cos(x) in the order
   * of its first column; v taken at a two-axis index array (argsort of x along axis 1); sort of
   * x along each axis (its JVP is a gather by position). An f64[n,m] result.
   */
  static Node gathers(Sizes s, Node x, Node v) {
    TensorType im = TensorType.of(DType.I64, Shape.of(s.m));
    Node cols = Ir.gather(x, Ir.argsort(v, 0), 1);
    Node wild = Ir.sub(Ir.mul(Ir.iota(im, 0), Ir.full(2, im)), Ir.full(1, im));
    Node scattered = Ir.scatterAdd(Ir.sin(x), wild, 1, s.m);
    Node rows = Ir.gather(Ir.cos(x), Ir.argsort(Ir.index(x, 1, 0), 0), 0);
    Node taken = Ir.gather(v, Ir.argsort(x, 1), 0);
    Node sorted = Ir.add(Ir.sort(Ir.mul(x, x), 0), Ir.sin(Ir.sort(x, 1)));
    return Ir.add(Ir.add(Ir.mul(cols, scattered), Ir.mul(rows, taken)), sorted);
  }

  static Node eye(TensorType t) {
    return LinalgFixtures.eye(t);
  }

  static Node linalg(Node x, Node b) {
    return LinalgFixtures.linalg(x, b);
  }


  static Sizes at(long[] v) {
    return new Sizes(Dim.of(v[0]), Dim.of(v[1]));
  }

  static Map<String, Long> env(long[] v) {
    return Map.of("n", v[0], "m", v[1]);
  }

  static List<Tensor> random(List<TensorType> types, Random rng) {
    List<Tensor> xs = new ArrayList<>();
    for (TensorType t : types) {
      xs.add(CheckGrads.randomLike(t, rng));
    }
    return xs;
  }

  static void assertSame(List<Tensor> want, List<Tensor> got, double tol, String what) {
    assertEquals(want.size(), got.size(), what);
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).type(), got.get(i).type(), what + " output " + i);
      double[] w = want.get(i).unsafeData();
      double[] g = got.get(i).unsafeData();
      for (int k = 0; k < w.length; k++) {
        assertEquals(w[k], g[k], tol * (1 + Math.abs(w[k])), what + " output " + i + "[" + k + "]");
      }
    }
  }

  @Test
  void symbolicGraphsSpecialiseToTheStaticOnes() {
    Random rng = new Random(1401);
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      assertFalse(g.isStatic(), c.name);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        Graph st = c.build.apply(at(v));
        Graph sp = g.specialize(env(v));
        assertEquals(st.inputTypes(), sp.inputTypes(), what);
        assertEquals(st.output(0).type(), sp.output(0).type(), what);
        assertEquals(st.output(0).type().shape(),
            g.output(0).type().shape().substitute(Map.of("n", Dim.of(v[0]), "m", Dim.of(v[1]))), what);
        List<Tensor> xs = random(st.inputTypes(), rng);
        assertSame(Interpreter.eval(st, xs), Interpreter.eval(g, xs), 0.0, what);
      }
    }
  }

  @Test
  void jvpAndVjpOfSymbolicGraphsMatchTheStaticTransformations() {
    Random rng = new Random(1402);
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph jvp = Ad.jvp(g);
      Graph vjp = Ad.vjp(g);
      assertFalse(jvp.isStatic(), c.name);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        Graph st = c.build.apply(at(v));
        List<Tensor> xs = random(st.inputTypes(), rng);
        List<Tensor> ts = random(st.inputTypes(), rng);
        List<Tensor> jvpArgs = new ArrayList<>(xs);
        jvpArgs.addAll(ts);
        assertSame(Interpreter.eval(Ad.jvp(st), jvpArgs), Interpreter.eval(jvp, jvpArgs), 1e-12,
            "jvp of " + what);
        List<Tensor> vjpArgs = new ArrayList<>(xs);
        vjpArgs.add(CheckGrads.randomLike(st.output(0).type(), rng));
        assertSame(Interpreter.eval(Ad.vjp(st), vjpArgs), Interpreter.eval(vjp, vjpArgs), 1e-12,
            "vjp of " + what);
      }
    }
  }

  /** Central differences along a random direction against the symbolic jvp; vjp by the dot-product test. */
  @Test
  void symbolicDerivativesMatchFiniteDifferences() {
    Random rng = new Random(1403);
    double h = 1e-6;
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph jvp = Ad.jvp(g);
      Graph vjp = Ad.vjp(g);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        List<TensorType> types = g.specialize(env(v)).inputTypes();
        List<Tensor> xs = random(types, rng);
        List<Tensor> ts = random(types, rng);
        List<Tensor> plus = new ArrayList<>();
        List<Tensor> minus = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
          plus.add(axpy(h, ts.get(i), xs.get(i)));
          minus.add(axpy(-h, ts.get(i), xs.get(i)));
        }
        double[] fp = Interpreter.eval(g, plus).get(0).unsafeData();
        double[] fm = Interpreter.eval(g, minus).get(0).unsafeData();
        List<Tensor> jvpArgs = new ArrayList<>(xs);
        jvpArgs.addAll(ts);
        double[] jv = Interpreter.eval(jvp, jvpArgs).get(1).unsafeData();
        for (int k = 0; k < jv.length; k++) {
          assertEquals((fp[k] - fm[k]) / (2 * h), jv[k], 1e-6 * (1 + Math.abs(jv[k])),
              "jvp vs central differences, " + what + " [" + k + "]");
        }
        Tensor ct = CheckGrads.randomLike(g.specialize(env(v)).output(0).type(), rng);
        List<Tensor> vjpArgs = new ArrayList<>(xs);
        vjpArgs.add(ct);
        List<Tensor> bars = Interpreter.eval(vjp, vjpArgs);
        double lhs = dot(ct.unsafeData(), jv);
        double rhs = 0;
        for (int i = 0; i < xs.size(); i++) {
          rhs += dot(bars.get(1 + i).unsafeData(), ts.get(i).unsafeData());
        }
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), "dot-product test, " + what);
      }
    }
  }

  /** vmap over a symbolic batch size {@code b} equals applying the function to each element. */
  @Test
  void vmapOverASymbolicBatchIsTheFunctionPerElement() {
    Random rng = new Random(1404);
    Dim b = Dim.var("b");
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      int[] axes = new int[g.arity()];
      Graph vm = Vmap.vmap(g, axes, new int[] {0}, b);
      assertEquals(b, vm.output(0).type().shape().extent(0), c.name);
      Graph vjpOfVmap = Ad.vjp(vm);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        List<TensorType> types = g.specialize(env(v)).inputTypes();
        int batch = 3;
        List<List<Tensor>> rows = new ArrayList<>();
        for (int k = 0; k < batch; k++) {
          rows.add(random(types, rng));
        }
        List<Tensor> stacked = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
          List<Tensor> col = new ArrayList<>();
          for (List<Tensor> r : rows) {
            col.add(r.get(i));
          }
          stacked.add(stack(col));
        }
        List<Tensor> per = new ArrayList<>();
        for (List<Tensor> r : rows) {
          per.add(Interpreter.eval(g, r).get(0));
        }
        assertSame(List.of(stack(per)), Interpreter.eval(vm, stacked), 0.0, "vmap of " + what);
        // The batched vjp is the per-element vjp, row by row.
        List<Tensor> cts = new ArrayList<>();
        for (int k = 0; k < batch; k++) {
          cts.add(CheckGrads.randomLike(per.get(k).type(), rng));
        }
        List<Tensor> args = new ArrayList<>(stacked);
        args.add(stack(cts));
        List<Tensor> got = Interpreter.eval(vjpOfVmap, args);
        Graph vjp = Ad.vjp(g);
        for (int i = 0; i < types.size(); i++) {
          List<Tensor> want = new ArrayList<>();
          for (int k = 0; k < batch; k++) {
            List<Tensor> a = new ArrayList<>(rows.get(k));
            a.add(cts.get(k));
            want.add(Interpreter.eval(vjp, a).get(1 + i));
          }
          assertSame(List.of(stack(want)), List.of(got.get(1 + i)), 1e-12,
              "vjp of vmap of " + what + ", input " + i);
        }
      }
    }
  }

  /** Jacobians whose basis size is symbolic ({@code n*m} rows) against the static ones. */
  @Test
  void jacobiansWithASymbolicBasisMatchTheStaticOnes() {
    Random rng = new Random(1405);
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph fwd = Ad.jacfwd(g, 0);
      Graph rev = Ad.jacrev(g, 0);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        Graph st = c.build.apply(at(v));
        List<Tensor> xs = random(st.inputTypes(), rng);
        List<Tensor> want = Interpreter.eval(Ad.jacfwd(st, 0), xs);
        assertSame(want, Interpreter.eval(fwd, xs), 1e-12, "jacfwd of " + what);
        assertSame(want, Interpreter.eval(rev, xs), 1e-12, "jacrev of " + what);
      }
    }
  }

  @Test
  void hessianOfASymbolicScalarFunction() {
    TensorType t = TensorType.of(DType.F64, Shape.of(Dim.var("n")));
    Graph g = graph(List.of(t), p -> Ir.reduceSum(Ir.mul(Ir.sin(p.get(0)), p.get(0)), 0));
    Graph h = Ad.hessian(g, 0);
    assertEquals("f64[n,n]", h.output(0).type().toString());
    for (int n : new int[] {1, 2, 5}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 0.4 * i - 0.9;
      }
      double[] got = Interpreter.eval(h, List.of(Tensor.wrap(TensorType.f64(n), x))).get(0)
          .unsafeData();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double want = i == j ? 2 * Math.cos(x[i]) - x[i] * Math.sin(x[i]) : 0.0;
          assertEquals(want, got[i * n + j], 1e-12, "n=" + n + " [" + i + "," + j + "]");
        }
      }
    }
  }

  @Test
  void symbolicGraphsRoundTripAsText() {
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      String text = IrWriter.write(g);
      assertTrue(text.contains("f64[n,m]") || text.contains("f64[n,m,2]"), text);
      assertEquals(text, IrWriter.write(IrReader.read(text)), c.name);
    }
  }

  @Test
  void undecidableEqualitiesAreNamed() {
    Dim n = Dim.var("n");
    Dim m = Dim.var("m");
    Node x = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(n)))).get(0);
    Node y = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(n)), TensorType.of(DType.F64,
        Shape.of(m)))).get(1);
    IrException e = assertThrows(IrException.class, () -> Ir.add(x, y));
    assertEquals("add: cannot tell whether n == m (axis 0): operands must have the same type, got"
        + " f64[n] and f64[m]", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.dotGeneral(x, y, new int[] {0}, new int[] {0},
        new int[0], new int[0]));
    assertEquals("dot_general: cannot tell whether n == m: lhs [n] axis 0 and rhs [m] axis 0"
        + " (contracted) must be equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.broadcastInDim(y, Shape.of(n, n), 1));
    assertEquals("broadcast_in_dim: cannot tell whether m == n: operand [m] axis 0 and target"
        + " [n,n] axis 1 must be equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.reshape(x, Shape.of(m)));
    assertEquals("reshape: cannot tell whether n == m: the element counts of [n] and [m] must be"
        + " equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.reshape(x, Shape.of(n.plus(1))));
    assertEquals("reshape: cannot reshape [n] (n elements) to [n+1] (n+1 elements)", e.getMessage());
    Node a = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(n, m)))).get(0);
    e = assertThrows(IrException.class, () -> Ir.cholesky(a));
    assertEquals("cholesky: cannot tell whether n == m: the operand f64[n,m] axes 0 and 1 (a"
        + " matrix must be square) must be equal; give them the same size name", e.getMessage());
    Node sq = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(n, n)))).get(0);
    Node wide = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(m, n)))).get(0);
    e = assertThrows(IrException.class, () -> Ir.solve(sq, wide, false));
    assertEquals("solve: cannot tell whether m == n: b f64[m,n] rows and a f64[n,n] size must be"
        + " equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.triangularSolve(sq, wide, true, true, false,
        false, false));
    assertEquals("triangular_solve: cannot tell whether m == n: b f64[m,n] rows and a f64[n,n]"
        + " size must be equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.cholesky(Graph.params(List.of(TensorType.of(
        DType.F64, Shape.of(n, n.plus(1))))).get(0)));
    assertEquals("cholesky: the operand must be square in its last two axes, got f64[n,n+1]",
        e.getMessage());
  }

  /** Families not migrated yet refuse symbolic sizes with the primitive's name, never a wrong shape. */
  @Test
  void primitivesWithoutSymbolicRulesRejectThemByName() {
    Dim n = Dim.var("n");
    Node x = Graph.params(List.of(TensorType.of(DType.F64, Shape.of(n, n)))).get(0);
    Map<String, Function<Node, Node>> ops = new java.util.LinkedHashMap<>();
    ops.put("slice", a -> Ir.slice(a, new int[] {0, 0}, new int[] {1, 1}, new int[] {2, 1}));
    for (Map.Entry<String, Function<Node, Node>> e : ops.entrySet()) {
      IrException ex = assertThrows(IrException.class, () -> e.getValue().apply(x), e.getKey());
      assertTrue(ex.getMessage().startsWith(e.getKey() + ": "), ex.getMessage());
    }
  }

  @Test
  void rulesThatNeedAConstantSizeSayWhichRule() {
    TensorType t = TensorType.of(DType.F64, Shape.of(Dim.var("n")));
    // Interior padding of a symbolic axis has no Dim rule: refused by the op's name.
    IrException e = assertThrows(IrException.class, () -> graph(List.of(t),
        p -> Ir.pad(p.get(0), new int[] {0}, new int[] {0}, new int[] {1})));
    assertEquals("pad: interior padding on axis 0 of [n] is not supported with symbolic sizes yet",
        e.getMessage());
  }

  /** argmax over a symbolic axis builds; an empty axis is refused at specialisation. */
  @Test
  void argmaxOverAnAxisThatMayBeEmpty() {
    TensorType t = TensorType.of(DType.F64, Shape.of(Dim.var("n")));
    Graph g = graph(List.of(t), p -> Ir.argmax(p.get(0), 0));
    assertEquals(TensorType.of(DType.I64, Shape.SCALAR), g.output(0).type());
    assertArrayEquals(new double[] {1}, Interpreter.eval(g, List.of(Tensor.of(3, 5, 2)))
        .get(0).unsafeData());
    IrException e = assertThrows(IrException.class, () -> g.specialize(Map.of("n", 0L)));
    assertTrue(e.getMessage().contains("argmax: attempt to get argmax of an empty axis (axis 0 of"
        + " f64[0])"), e.getMessage());
    e = assertThrows(IrException.class, () -> graph(List.of(TensorType.of(DType.F64,
        Shape.of(Dim.var("n"), Dim.of(0)))), p -> Ir.argmin(p.get(0), 1)));
    assertEquals("argmin: attempt to get argmin of an empty axis (axis 1 of f64[n,0])",
        e.getMessage());
  }

  @Test
  void argumentsMustAgreeWithTheSizes() {
    Dim n = Dim.var("n");
    TensorType t = TensorType.of(DType.F64, Shape.of(n));
    Graph g = graph(List.of(t, t), p -> Ir.mul(p.get(0), p.get(1)));
    IrException e = assertThrows(IrException.class,
        () -> Interpreter.eval(g, List.of(Tensor.of(1, 2, 3, 4), Tensor.of(1, 2, 3))));
    assertEquals("argument 1 (x1) axis 0 has size 3, expected n = 4 (n = 4)", e.getMessage());
    Graph h = graph(List.of(TensorType.of(DType.F64, Shape.of(n.times(2)))), p -> Ir.sin(p.get(0)));
    e = assertThrows(IrException.class, () -> Interpreter.eval(h, List.of(Tensor.of(1, 2, 3))));
    assertEquals("argument 0 (x0) axis 0 has size 3, which is not 2*n for any size n >= 0",
        e.getMessage());
    assertArrayEquals(new double[] {Math.sin(1), Math.sin(2)},
        Interpreter.eval(h, List.of(Tensor.of(1, 2))).get(0).unsafeData());
  }

  static Tensor axpy(double a, Tensor x, Tensor y) {
    double[] r = y.unsafeData().clone();
    double[] d = x.unsafeData();
    for (int i = 0; i < r.length; i++) {
      r[i] += a * d[i];
    }
    return Tensor.wrap(y.type(), r);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** The tensors (one type, real or complex) stacked along a new leading axis. */
  static Tensor stack(List<Tensor> ts) {
    TensorType t = ts.get(0).type();
    int[] d = new int[t.rank() + 1];
    d[0] = ts.size();
    for (int i = 0; i < t.rank(); i++) {
      d[i + 1] = t.shape().dim(i);
    }
    int w = t.size() * t.dtype().width(); // (complex: interleaved)
    double[] r = new double[ts.size() * w];
    for (int k = 0; k < ts.size(); k++) {
      System.arraycopy(ts.get(k).unsafeData(), 0, r, k * w, w);
    }
    return Tensor.wrap(TensorType.of(t.dtype(), Shape.of(d)), r);
  }
}
