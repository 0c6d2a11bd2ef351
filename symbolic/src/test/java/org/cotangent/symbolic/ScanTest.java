package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code scan} and {@code fori_loop} beyond the table rows: exact derivatives of explicit Euler
 * against their closed forms, second order and the Hessian of a function with a loop, the loops
 * that reverse mode builds (the primal loop runs once), fori_loop against a hand loop, and errors.
 */
class ScanTest {
  static final TensorType S = TensorType.f64();

  /** Explicit Euler for y' = -k y: {@code (k | y) -> y + h * (-k * y)}. */
  static Graph eulerStep(double h) {
    return Graph.trace(List.of("k", "y"), List.of(S, S), ps -> List.of(
        Ir.add(ps.get(1), Ir.mul(Ir.full(h, S), Ir.neg(Ir.mul(ps.get(0), ps.get(1)))))));
  }

  /** {@code (y0, k) -> y_n}. */
  static Graph euler(double h, int n) {
    Graph step = eulerStep(h);
    return Graph.trace(List.of("y0", "k"), List.of(S, S), ps -> List.of(
        Scan.scan(step, List.of(ps.get(1)), List.of(ps.get(0)), List.of(), n, false).get(0)));
  }

  @Test
  void eulerValueAndGradientAreTheClosedForms() {
    double y0 = 1.5;
    double k = 2.0;
    double h = 1e-3;
    int n = 1000;
    Graph f = euler(h, n);
    Checker.check(f);
    double q = 1 - h * k;
    assertEquals(y0 * Math.pow(q, n), Interpreter.eval(f, Tensor.scalar(y0), Tensor.scalar(k))
        .get(0).item(), 1e-12);
    Graph g = Ad.grad(f);
    Checker.check(g);
    List<Tensor> gr = Interpreter.eval(g, Tensor.scalar(y0), Tensor.scalar(k));
    assertEquals(Math.pow(q, n), gr.get(0).item(), 1e-12);
    assertEquals(-n * h * y0 * Math.pow(q, n - 1), gr.get(1).item(), 1e-12);
  }

  @Test
  void hessianOfEulerIsTheClosedForm() {
    double y0 = 0.7;
    double k = 1.3;
    double h = 1e-2;
    int n = 50;
    double q = 1 - h * k;
    Graph f = Graph.trace(List.of("p"), List.of(TensorType.f64(2)), ps -> {
      Node a = Ir.index(ps.get(0), 0, 0);
      Node b = Ir.index(ps.get(0), 0, 1);
      return euler(h, n).call(List.of(a, b));
    });
    Graph hess = Ad.hessian(f, 0);
    Checker.check(hess);
    Tensor hv = Interpreter.eval(hess, Tensor.of(y0, k)).get(0);
    double[] d = hv.unsafeData();
    // y_n = y0 q^n: d2/dy0^2 = 0, d2/dy0 dk = -n h q^(n-1), d2/dk2 = n (n-1) h^2 y0 q^(n-2).
    assertEquals(0.0, d[0], 1e-12);
    assertEquals(-n * h * Math.pow(q, n - 1), d[1], 1e-12);
    assertEquals(-n * h * Math.pow(q, n - 1), d[2], 1e-12);
    assertEquals(n * (n - 1) * h * h * y0 * Math.pow(q, n - 2), d[3], 1e-12);
  }

  @Test
  void gradOfGradThroughAScanMatchesFiniteDifferences() {
    Graph body = Graph.trace(List.of("w", "c", "x"), List.of(S, S, S), ps -> List.of(
        Ir.sin(Ir.add(Ir.mul(ps.get(0), ps.get(1)), ps.get(2)))));
    TensorType v6 = TensorType.f64(6);
    Graph f = Graph.trace(List.of("w", "c0", "xs"), List.of(S, S, v6), ps -> List.of(
        Scan.scan(body, List.of(ps.get(0)), List.of(ps.get(1)), List.of(ps.get(2)), 6, false)
            .get(0)));
    Random rng = new Random(7);
    List<Tensor> x = List.of(Tensor.scalar(0.8), Tensor.scalar(-0.3), Tensor.normal(3, v6));
    CheckGrads.checkGrads(f, x, 2, rng);
    Graph gg = Ad.grad(Graph.trace(f.inputNames(), f.inputTypes(),
        ps -> List.of(Ad.grad(f, 0).call(ps).get(0))), 0);
    double eps = 1e-5;
    Graph g0 = Ad.grad(f, 0);
    double fd = (Interpreter.eval(g0, Tensor.scalar(0.8 + eps), x.get(1), x.get(2)).get(0).item()
        - Interpreter.eval(g0, Tensor.scalar(0.8 - eps), x.get(1), x.get(2)).get(0).item())
        / (2 * eps);
    assertEquals(fd, Interpreter.eval(gg, x).get(0).item(), 1e-7);
  }

  /** The loops of a graph: scans grouped by their body and inputs (one loop each). */
  static int loops(Graph g) {
    Map<Object, Boolean> groups = new java.util.HashMap<>();
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Scan) {
        Scan s = (Scan) n.op();
        groups.put(List.of(s.withOut(0), n.inputs()), Boolean.TRUE);
      }
    }
    return groups.size();
  }

  @Test
  void reverseModeIsOneForwardLoopAndOneReverseLoop() {
    Graph g = Ad.valueAndGrad(euler(1e-2, 100));
    assertEquals(2, loops(g), g.toString());
    int reverse = 0;
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Scan && ((Scan) n.op()).reverse()) {
        reverse++;
      }
    }
    assertTrue(reverse > 0, "the gradient runs a reverse scan");
  }

  @Test
  void foriLoopIsAHandLoop() {
    // x <- x * 0.9 + i * c for i = 2..6
    Graph body = Graph.trace(List.of("c", "i", "x"), List.of(S, TensorType.of(DType.I64), S),
        ps -> List.of(Ir.add(Ir.mul(ps.get(2), Ir.full(0.9, S)),
            Ir.mul(Ir.convert(ps.get(1), DType.F64), ps.get(0)))));
    Graph f = Graph.trace(List.of("c", "x0"), List.of(S, S), ps -> Scan.foriLoop(2, 7, body,
        List.of(ps.get(0)), List.of(ps.get(1))));
    double c = 0.3;
    double x = 1.1;
    double dx = 0.0; // d x / d c
    for (int i = 2; i < 7; i++) {
      x = x * 0.9 + i * c;
      dx = dx * 0.9 + i;
    }
    assertEquals(x, Interpreter.eval(f, Tensor.scalar(0.3), Tensor.scalar(1.1)).get(0).item(),
        1e-15);
    assertEquals(dx, Interpreter.eval(Ad.grad(f, 0), Tensor.scalar(0.3), Tensor.scalar(1.1))
        .get(0).item(), 1e-14);
    // Empty range: the initial carry.
    Graph empty = Graph.trace(List.of("c", "x0"), List.of(S, S), ps -> Scan.foriLoop(5, 3, body,
        List.of(ps.get(0)), List.of(ps.get(1))));
    assertEquals(1.1, Interpreter.eval(empty, Tensor.scalar(0.3), Tensor.scalar(1.1)).get(0)
        .item());
  }

  @Test
  void nestedScansRoundTripThroughText() {
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(2)) {
      if (!c.primitive.equals("scan")) {
        continue;
      }
      for (Graph g : List.of(c.graph(), Ad.vjp(c.graph()))) {
        Graph back = IrReader.read(IrWriter.write(g));
        assertEquals(g, back, c.name);
        assertEquals(IrWriter.write(g), IrWriter.write(back), c.name);
      }
    }
  }

  @Test
  void aCarryThatChangesTypeIsAnError() {
    Graph body = Graph.trace(List.of("c"), List.of(S), ps -> List.of(
        Ir.broadcastInDim(ps.get(0), Shape.of(2))));
    IrException e = assertThrows(IrException.class, () -> Scan.scan(body, List.of(),
        List.of(Ir.constant(1.0)), List.of(), 3, false));
    assertTrue(e.getMessage().contains("a carry must keep its shape and dtype"), e.getMessage());
    Graph ok = Graph.trace(List.of("c", "x"), List.of(S, S), ps -> List.of(
        Ir.add(ps.get(0), ps.get(1))));
    IrException len = assertThrows(IrException.class, () -> Scan.scan(ok, List.of(),
        List.of(Ir.constant(1.0)), List.of(Ir.zeros(TensorType.f64(4))), 3, false));
    assertTrue(len.getMessage().contains("3 steps of f64[]"), len.getMessage());
  }

  @Test
  void reverseScanStacksYsAtTheirStep() {
    // ys[t] = carry before step t, running from the end: a reverse cumulative sum, shifted.
    Graph body = Graph.trace(List.of("c", "x"), List.of(S, S), ps -> List.of(
        Ir.add(ps.get(0), ps.get(1)), ps.get(0)));
    Graph f = Graph.trace(List.of("xs"), List.of(TensorType.f64(4)), ps -> Scan.scan(body,
        List.of(), List.of(Ir.constant(0.0)), List.of(ps.get(0)), 4, true));
    List<Tensor> r = Interpreter.eval(f, Tensor.of(1, 2, 3, 4));
    assertEquals(10.0, r.get(0).item());
    assertEquals(Tensor.of(9, 7, 4, 0), r.get(1));
    List<Tensor> fwd = Interpreter.eval(Graph.trace(List.of("xs"), List.of(TensorType.f64(4)),
        ps -> Scan.scan(body, List.of(), List.of(Ir.constant(0.0)), List.of(ps.get(0)), 4,
            false)), Tensor.of(1, 2, 3, 4));
    assertEquals(Tensor.of(0, 1, 3, 6), fwd.get(1));
  }
}
