package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.control.ScanPlan;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares equal work: on a 2,000-step run the compiled gradients of the three plans
 * agree with each other to 1e-10 and with central differences of the compiled loss; the residual
 * memory of each plan is its formula, and the generated source does not grow with the trip count.
 */
class RematBenchTest {
  static List<Tensor> at(double... p) {
    return List.of(Tensor.scalar(p[0]), Tensor.scalar(p[1]), Tensor.scalar(p[2]),
        Tensor.scalar(p[3]));
  }

  @Test
  void thePlansGiveOneGradientAndItIsTheFiniteDifferences() {
    int steps = 2000;
    double[] p = {1.0, 1.5, 0.5, -0.3};
    List<Tensor> want = RematBench.gradient(steps, ScanPlan.ALL).call(at(p));
    for (ScanPlan plan : new ScanPlan[] {ScanPlan.CARRIES, ScanPlan.segments(100),
        ScanPlan.segments(7), ScanPlan.revolve(100), ScanPlan.revolve(3)}) {
      List<Tensor> got = RematBench.gradient(steps, plan).call(at(p));
      for (int k = 0; k < want.size(); k++) {
        assertEquals(want.get(k).item(), got.get(k).item(),
            1e-10 * (1 + Math.abs(want.get(k).item())), plan + " output " + k);
      }
    }
    CompiledFunction value = RematBench.gradient(steps, ScanPlan.segments(100));
    double eps = 1e-6;
    for (int i = 0; i < 4; i++) {
      double[] hi = p.clone();
      double[] lo = p.clone();
      hi[i] += eps;
      lo[i] -= eps;
      double fd = (value.call(at(hi)).get(0).item() - value.call(at(lo)).get(0).item()) / (2 * eps);
      assertEquals(fd, want.get(1 + i).item(), 1e-6 * (1 + Math.abs(fd)), "input " + i);
    }
  }

  @Test
  void atTheBenchmarksLengthEveryPlanGivesTheGradientOfStoreAll() {
    // 10^5 steps, the benchmark's own programs: the plans' gradients agree to 1e-10.
    double[] p = {1.0, 1.5, 0.5, -0.3};
    List<Tensor> want = RematBench.gradient(RematBench.STEPS, ScanPlan.ALL).call(at(p));
    for (ScanPlan plan : new ScanPlan[] {ScanPlan.CARRIES,
        ScanPlan.segments(RematBench.SNAPSHOTS), ScanPlan.revolve(RematBench.SNAPSHOTS)}) {
      List<Tensor> got = RematBench.gradient(RematBench.STEPS, plan).call(at(p));
      for (int k = 0; k < want.size(); k++) {
        assertEquals(want.get(k).item(), got.get(k).item(),
            1e-10 * (1 + Math.abs(want.get(k).item())), plan + " output " + k);
      }
    }
  }

  static String normalized(String src) {
    return src.replaceAll("Cotangent_[0-9a-f]+", "C").replaceAll("[0-9]+", "N");
  }

  @Test
  void residualMemoryIsTheFormulaAndTheSourceIgnoresTheTripCount() {
    long r = RematBench.residuals(1, ScanPlan.ALL);
    assertTrue(r > 2, "more residuals per step than carries: " + r);
    for (ScanPlan plan : RematBench.PLANS) {
      assertEquals(plan.residualFormula(RematBench.STEPS, 2, r),
          RematBench.residuals(RematBench.STEPS, plan), plan.toString());
      // The same text but for the numbers and the class name (a hash of the source), up to the
      // order of independent loops: the same size.
      String small = normalized(RematBench.gradient(1000, plan).source().source());
      String large = normalized(RematBench.gradient(RematBench.STEPS, plan).source().source());
      assertEquals(small.length(), large.length(), plan.toString());
    }
    assertEquals(100 * 2 + r,
        RematBench.residuals(RematBench.STEPS, ScanPlan.revolve(RematBench.SNAPSHOTS)));
    assertEquals(100 * 2 + 1000 * r,
        RematBench.residuals(RematBench.STEPS, ScanPlan.segments(RematBench.SNAPSHOTS)));
  }
}
