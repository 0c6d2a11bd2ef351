package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The residual plans of a scan: every plan gives the value and the derivatives of the plain scan
 * (checked against finite differences and the dot-product test), forwards and in reverse, with and
 * without a short last segment; the residual storage that linearize builds is each plan's formula
 * at two lengths.
 */
class ScanPlanTest {
  static final TensorType S = TensorType.f64();
  static final double H = 0.05;

  /**
   * A forced Van der Pol step by explicit Euler: {@code (mu, w | x, v | f) -> (x + h v, v + h (mu
   * (1 - x^2) v - w^2 x + f) | x v)}: two carries, one xs, one ys.
   */
  static Graph step() {
    return Graph.trace(List.of("mu", "w", "x", "v", "f"), List.of(S, S, S, S, S), ps -> {
      Node mu = ps.get(0);
      Node w = ps.get(1);
      Node x = ps.get(2);
      Node v = ps.get(3);
      Node h = Ir.constant(H);
      Node acc = Ir.add(Ir.sub(Ir.mul(Ir.mul(mu, Ir.sub(Ir.constant(1.0), Ir.mul(x, x))), v),
          Ir.mul(Ir.mul(w, w), x)), ps.get(4));
      return List.of(Ir.add(x, Ir.mul(h, v)), Ir.add(v, Ir.mul(h, acc)), Ir.mul(x, v));
    });
  }

  /** {@code (mu, w, x0, v0, fs) -> x_L^2 + v_L / 2 + sum(sin(ys))} under a plan. */
  static Graph loss(int length, boolean reverse, ScanPlan plan) {
    Graph body = step();
    TensorType fs = TensorType.f64(length);
    return Graph.trace(List.of("mu", "w", "x0", "v0", "fs"), List.of(S, S, S, S, fs), ps -> {
      List<Node> r = Scan.scan(body, ps.subList(0, 2), ps.subList(2, 4), List.of(ps.get(4)),
          length, reverse, plan);
      Node x = r.get(0);
      Node v = r.get(1);
      return List.of(Ir.add(Ir.add(Ir.mul(x, x), Ir.mul(Ir.constant(0.5), v)),
          Ir.reduceSum(Ir.sin(r.get(2)), 0)));
    });
  }

  static List<Tensor> point(int length) {
    return List.of(Tensor.scalar(0.8), Tensor.scalar(1.3), Tensor.scalar(0.4),
        Tensor.scalar(-0.2), Tensor.normal(5, TensorType.f64(length)));
  }

  static final ScanPlan[] PLANS = {ScanPlan.CARRIES, ScanPlan.segments(1), ScanPlan.segments(3),
      ScanPlan.segments(4), ScanPlan.segments(50)};

  @ParameterizedTest
  @ValueSource(ints = {11, 12})
  void everyPlanGivesTheValueAndTheDerivativesOfThePlainScan(int length) {
    for (boolean reverse : new boolean[] {false, true}) {
      List<Tensor> x = point(length);
      Graph all = loss(length, reverse, ScanPlan.ALL);
      List<Tensor> want = Interpreter.eval(Ad.valueAndGrad(all, 0, 1, 2, 3, 4), x);
      CheckGrads.checkGrads(all, x, 1, new Random(1));
      for (ScanPlan plan : PLANS) {
        String what = plan + " reverse=" + reverse + " length " + length;
        Graph f = loss(length, reverse, plan);
        Checker.check(f);
        // The same operations in the same order: the value is the same double.
        assertEquals(want.get(0).item(), Interpreter.eval(f, x).get(0).item(), 0.0, what);
        List<Tensor> got = Interpreter.eval(Ad.valueAndGrad(f, 0, 1, 2, 3, 4), x);
        for (int k = 1; k < want.size(); k++) {
          double[] a = want.get(k).unsafeData();
          double[] b = got.get(k).unsafeData();
          for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * (1 + Math.abs(a[i])), what + " gradient " + k);
          }
        }
        CheckGrads.checkGrads(f, x, 1, new Random(2));
      }
    }
  }

  @Test
  void secondOrderThroughEveryPlan() {
    int length = 7;
    List<Tensor> x = point(length);
    Graph plainHessian = Ad.hessian(vectorLoss(length, ScanPlan.ALL), 0);
    Tensor want = Interpreter.eval(plainHessian, Tensor.of(0.8, 1.3, 0.4, -0.2), x.get(4)).get(0);
    for (ScanPlan plan : new ScanPlan[] {ScanPlan.CARRIES, ScanPlan.segments(3)}) {
      Graph f = vectorLoss(length, plan);
      Tensor got = Interpreter.eval(Ad.hessian(f, 0), Tensor.of(0.8, 1.3, 0.4, -0.2), x.get(4))
          .get(0);
      double[] a = want.unsafeData();
      double[] b = got.unsafeData();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-11 * (1 + Math.abs(a[i])), plan + " hessian " + i);
      }
    }
    // Forward over reverse and reverse over reverse against finite differences.
    CheckGrads.checkGrads(vectorLoss(length, ScanPlan.CARRIES),
        List.of(Tensor.of(0.8, 1.3, 0.4, -0.2), x.get(4)), 2, new Random(4));
  }

  /** {@link #loss} of {@code (mu, w, x0, v0)} as one vector and the forcing. */
  static Graph vectorLoss(int length, ScanPlan plan) {
    Graph f = loss(length, false, plan);
    return Graph.trace(List.of("p", "fs"), List.of(TensorType.f64(4), TensorType.f64(length)),
        ps -> f.call(List.of(Ir.index(ps.get(0), 0, 0), Ir.index(ps.get(0), 0, 1),
            Ir.index(ps.get(0), 0, 2), Ir.index(ps.get(0), 0, 3), ps.get(1))));
  }

  @Test
  void theResidualStorageOfEachPlanIsItsFormula() {
    int c = 2; // the carries x and v
    int l1 = 40;
    long m1 = ScanPlan.measuredResiduals(Ad.linearize(loss(l1, false, ScanPlan.ALL)));
    assertEquals(0, m1 % l1, "store-all keeps R elements per step");
    long r = m1 / l1;
    assertTrue(r > c, "the body keeps more residuals per step (" + r + ") than it has carries");
    for (int length : new int[] {l1, 97}) {
      for (ScanPlan plan : new ScanPlan[] {ScanPlan.ALL, ScanPlan.CARRIES, ScanPlan.segments(5),
          ScanPlan.segments(7), ScanPlan.segments(10)}) {
        long measured = ScanPlan.measuredResiduals(Ad.linearize(loss(length, false, plan)));
        assertEquals(plan.residualFormula(length, c, r), measured, plan + " at " + length);
      }
    }
    // The formulas by hand at L = 97: all 97 R, carries 97 C, segments(10): K = 10, 9 segments.
    assertEquals(97 * r, ScanPlan.ALL.residualFormula(97, c, r));
    assertEquals(97 * c, ScanPlan.CARRIES.residualFormula(97, c, r));
    assertEquals(9 * c + 10 * r, ScanPlan.segments(10).residualFormula(97, c, r));
  }

  @Test
  void aPlanNeedsAtLeastOneSnapshot() {
    assertThrows(IrException.class, () -> ScanPlan.segments(0));
  }
}
