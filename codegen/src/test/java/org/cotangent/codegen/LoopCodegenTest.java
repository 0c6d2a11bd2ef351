package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Loops in generated code: a scan is one Java {@code for} loop whose source does not depend on
 * the trip count, and a long compiled loop and its gradient give the closed forms of explicit
 * Euler.
 */
class LoopCodegenTest {
  static final TensorType S = TensorType.f64();

  /** {@code (y0, k) -> y_n} for y' = -k y by explicit Euler with step h. */
  static Graph euler(double h, int n) {
    Graph step = Graph.trace(List.of("k", "y"), List.of(S, S), ps -> List.of(
        Ir.add(ps.get(1), Ir.mul(Ir.full(h, S), Ir.neg(Ir.mul(ps.get(0), ps.get(1)))))));
    return Graph.trace(List.of("y0", "k"), List.of(S, S), ps -> List.of(
        Scan.scan(step, List.of(ps.get(1)), List.of(ps.get(0)), List.of(), n, false).get(0)));
  }

  @Test
  void sourceSizeDoesNotDependOnTheTripCount() {
    String small = JavaEmitter.emit(Ad.valueAndGrad(euler(1e-3, 1000)), "p", "C").source();
    String large = JavaEmitter.emit(Ad.valueAndGrad(euler(1e-3, 1_000_000)), "p", "C").source();
    // The same text but for the trip count (and the size of the residual buffer).
    assertEquals(small.replace("1000", "N").replace("999", "N-1"),
        large.replace("1000000", "N").replace("999999", "N-1"));
    assertTrue(large.contains("for (int t = 0; t < 1000000; t++)"), large);
    assertTrue(large.contains("for (int t = 999999; t >= 0; t--)"), large);
    assertTrue(large.length() < 5000, "source of " + large.length() + " characters");
  }

  @Test
  void aCompiledEulerGradientOfTenToTheFiveStepsIsTheClosedForm() {
    double y0 = 1.5;
    double k = 2.0;
    double h = 1e-5;
    int n = 100_000;
    Compiled c = Compiled.of(Ad.valueAndGrad(euler(h, n)));
    List<Tensor> r = c.call(List.of(Tensor.scalar(y0), Tensor.scalar(k)));
    double q = 1 - h * k;
    assertEquals(y0 * Math.pow(q, n), r.get(0).item(), 1e-12);
    assertEquals(Math.pow(q, n), r.get(1).item(), 1e-12);
    assertEquals(-n * h * y0 * Math.pow(q, n - 1), r.get(2).item(), 1e-12);
  }
}
