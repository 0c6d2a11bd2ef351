package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * A scan whose trip count is a size (issue 14): a forced explicit Euler over {@code u: f64[n]},
 * forward and reverse, its value and gradient from the interpreter against the graph built at
 * each concrete {@code n} (bit for bit) and against central differences; the residual plans
 * that need a constant length are refused by name.
 */
class SymbolicScanTest {
  static final TensorType S = TensorType.f64();
  static final Dim N = Dim.var("n");

  /** {@code (h, k | y | u) -> (y + h * (k * u - y), y * u)}. */
  static Graph step() {
    return Graph.trace(List.of("h", "k", "y", "u"), List.of(S, S, S, S), ps -> {
      Node y = ps.get(2);
      Node next = Ir.add(y, Ir.mul(ps.get(0), Ir.sub(Ir.mul(ps.get(1), ps.get(3)), y)));
      return List.of(next, Ir.mul(y, ps.get(3)));
    });
  }

  /** {@code (y0, k, u: f64[len]) -> y_len + sum(ys)}: with {@code h = 0.05}. */
  static Graph euler(Dim len, boolean reverse) {
    TensorType u = TensorType.of(DType.F64, Shape.of(len));
    return Graph.trace(List.of("y0", "k", "u"), List.of(S, S, u), ps -> {
      List<Node> r = Scan.scan(step(), List.of(Ir.full(0.05, S), ps.get(1)), List.of(ps.get(0)),
          List.of(ps.get(2)), len, reverse);
      return List.of(Ir.add(r.get(0), Ir.reduceSum(r.get(1), 0)));
    });
  }

  static List<Tensor> args(int n) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = Math.sin(0.7 * i + 0.3);
    }
    return List.of(Tensor.scalar(0.8), Tensor.scalar(1.3), Tensor.wrap(TensorType.f64(n), u));
  }

  @Test
  void typesAreSymbolicAndTheBodyStatic() {
    Graph g = euler(N, false);
    assertTrue(g.toString().contains("length=n"), g.toString());
    assertEquals(List.of("n"), new ArrayList<>(g.sizeVars()));
    assertEquals("f64[n]", Scan.stacked(S, N).toString());
  }

  @Test
  void valueAndGradientEqualTheStaticGraphAndFiniteDifferences() {
    for (boolean reverse : new boolean[] {false, true}) {
      Graph sym = Ad.valueAndGrad(euler(N, reverse), 0, 1, 2);
      for (int n : new int[] {0, 1, 2, 7, 100}) {
        List<Tensor> a = args(n);
        Graph stat = Ad.valueAndGrad(euler(Dim.of(n), reverse), 0, 1, 2);
        List<Tensor> got = Interpreter.eval(sym, a);
        List<Tensor> want = Interpreter.eval(stat, a);
        String at = "n=" + n + " reverse=" + reverse;
        for (int j = 0; j < want.size(); j++) {
          assertArrayEquals(want.get(j).unsafeData(), got.get(j).unsafeData(), at + " output " + j);
        }
        // Central differences of the value (the interpreter of the symbolic graph).
        Graph f = euler(N, reverse);
        double eps = 1e-6;
        for (int arg = 0; arg < 2; arg++) {
          double fd = (value(f, a, arg, -1, eps) - value(f, a, arg, -1, -eps)) / (2 * eps);
          assertEquals(fd, got.get(1 + arg).item(), 1e-7 * (1 + Math.abs(fd)), at + " arg " + arg);
        }
        for (int i = 0; i < n; i += Math.max(1, n / 5)) {
          double fd = (value(f, a, 2, i, eps) - value(f, a, 2, i, -eps)) / (2 * eps);
          assertEquals(fd, got.get(3).unsafeData()[i], 1e-7 * (1 + Math.abs(fd)), at + " u" + i);
        }
      }
    }
  }

  @Test
  void forwardModeEqualsTheStaticGraph() {
    Graph sym = Ad.jvp(euler(N, false));
    for (int n : new int[] {0, 3, 9}) {
      List<Tensor> a = new ArrayList<>(args(n));
      a.add(Tensor.scalar(0.25));
      a.add(Tensor.scalar(-0.5));
      double[] du = new double[n];
      java.util.Arrays.fill(du, 0.125);
      a.add(Tensor.wrap(TensorType.f64(n), du));
      List<Tensor> want = Interpreter.eval(Ad.jvp(euler(Dim.of(n), false)), a);
      List<Tensor> got = Interpreter.eval(sym, a);
      for (int j = 0; j < want.size(); j++) {
        assertArrayEquals(want.get(j).unsafeData(), got.get(j).unsafeData(), "n=" + n);
      }
    }
  }

  /** Explicit Euler for y' = -k y over {@code steps}, a size no input's shape names. */
  static Graph decay(Dim steps) {
    Graph step = Graph.trace(List.of("h", "k", "y"), List.of(S, S, S), ps -> List.of(
        Ir.add(ps.get(2), Ir.mul(ps.get(0), Ir.neg(Ir.mul(ps.get(1), ps.get(2)))))));
    return Graph.trace(List.of("y0", "k"), List.of(S, S), ps -> List.of(Scan.scan(step,
        List.of(Ir.full(0.01, S), ps.get(1)), List.of(ps.get(0)), List.of(), steps, false)
        .get(0)));
  }

  @Test
  void aCountThatIsNoInputsSizeIsAFreeSizeVariable() {
    Dim steps = Dim.var("steps");
    Graph g = Ad.valueAndGrad(decay(steps), 0, 1);
    assertEquals(List.of("steps"), new ArrayList<>(g.sizeVars()));
    assertEquals(List.of("steps"), new ArrayList<>(g.freeSizeVars()));
    assertTrue(!g.isStatic());
    List<Tensor> a = List.of(Tensor.scalar(1.5), Tensor.scalar(2.0));
    for (long n : new long[] {0, 1, 2, 7, 100}) {
      List<Tensor> got = Interpreter.eval(g, Map.of("steps", n), a);
      List<Tensor> want = Interpreter.eval(Ad.valueAndGrad(decay(Dim.of(n)), 0, 1), a);
      for (int j = 0; j < want.size(); j++) {
        assertArrayEquals(want.get(j).unsafeData(), got.get(j).unsafeData(), "steps=" + n);
      }
      double q = 1 - 0.01 * 2.0;
      assertEquals(1.5 * Math.pow(q, n), got.get(0).item(), 1e-12);
      assertEquals(Math.pow(q, n), got.get(1).item(), 1e-12);
      assertEquals(-n * 0.01 * 1.5 * Math.pow(q, Math.max(n - 1, 0)), got.get(2).item(), 1e-12);
    }
    IrException e = assertThrows(IrException.class, () -> Interpreter.eval(g, a));
    assertTrue(e.getMessage().startsWith("the size steps is no argument's size"), e.getMessage());
    e = assertThrows(IrException.class, () -> Interpreter.eval(g, Map.of("steps", -1L), a));
    assertEquals("the size steps is -1, must be >= 0", e.getMessage());
  }

  @Test
  void specialisationGivesTheStaticScan() {
    Graph g = euler(N, false).specialize(Map.of("n", 4L));
    assertEquals(euler(Dim.of(4), false).output(0), g.output(0));
  }

  @Test
  void plansThatNeedAConstantLengthAreRefused() {
    TensorType u = TensorType.of(DType.F64, Shape.of(N));
    IrException e = assertThrows(IrException.class, () -> Graph.trace(List.of("y0", "k", "u"),
        List.of(S, S, u), ps -> Scan.scan(step(), List.of(Ir.full(0.05, S), ps.get(1)),
            List.of(ps.get(0)), List.of(ps.get(2)), N, false, ScanPlan.CARRIES)));
    assertTrue(e.getMessage().startsWith("scan: the residual plan carries needs a constant number"
        + " of steps, this loop runs n"), e.getMessage());
  }

  @Test
  void aBodyOfSymbolicTypesSpecialisesWithTheCallersSizes() {
    TensorType v = TensorType.of(DType.F64, Shape.of(N));
    Graph body = Graph.trace(List.of("y"), List.of(v), ps -> List.of(Ir.sin(ps.get(0))));
    Dim steps = Dim.var("steps");
    Graph g = Graph.trace(List.of("y0"), List.of(v), ps -> List.of(Scan.scan(body, List.of(),
        List.of(ps.get(0)), List.of(), steps, false).get(0)));
    assertEquals("[n, steps]", g.sizeVars().toString());
    Scan sp = (Scan) g.specialize(Map.of("n", 3L, "steps", 5L)).output(0).op();
    assertTrue(sp.body().isStatic());
    assertEquals("f64[3]", sp.body().inputTypes().get(0).toString());
    assertEquals(5, sp.length());
    double[] y = {0.3, -1.2, 2.0};
    double[] got = Interpreter.eval(g, Map.of("steps", 5L), List.of(Tensor.wrap(
        TensorType.f64(3), y))).get(0).unsafeData();
    for (int i = 0; i < 3; i++) {
      double want = y[i];
      for (int t = 0; t < 5; t++) {
        want = Math.sin(want);
      }
      assertEquals(want, got[i], 0.0);
    }
    // The caller's size names: a carry f64[m] does not enter a body over f64[n].
    TensorType vm = TensorType.of(DType.F64, Shape.of(Dim.var("m")));
    IrException e = assertThrows(IrException.class, () -> Graph.trace(List.of("y0"), List.of(vm),
        ps -> List.of(Scan.scan(body, List.of(), List.of(ps.get(0)), List.of(), steps, false)
            .get(0))));
    assertEquals("scan: initial carry 0 must be f64[n], got f64[m]", e.getMessage());
    // Plans that split the steps or recompute through a call need static body types.
    e = assertThrows(IrException.class, () -> Graph.trace(List.of("y0"), List.of(v),
        ps -> ScanPlan.CARRIES.scan(body, List.of(), List.of(ps.get(0)), List.of(), 4, false)));
    assertTrue(e.getMessage().startsWith("scan: the residual plan carries needs a body of static"
        + " types, this body names the sizes [n]"), e.getMessage());
  }

  private static double value(Graph f, List<Tensor> a, int arg, int i, double d) {
    List<Tensor> b = new ArrayList<>(a);
    double[] x = a.get(arg).unsafeData().clone();
    x[Math.max(i, 0)] += d;
    b.set(arg, Tensor.wrap(a.get(arg).type(), x));
    return Interpreter.eval(f, b).get(0).item();
  }
}
