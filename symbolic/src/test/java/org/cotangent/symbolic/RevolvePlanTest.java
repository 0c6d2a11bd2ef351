package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.control.RevolveReverse;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The revolve plan (binomial checkpointing) against the ALL plan (the same function, its store-all
 * reverse sweep) and finite differences, on {@link ScanPlanTest}'s forced Van der Pol scan: two
 * consts, two carries, an xs and a ys that the loss reads.
 */
class RevolvePlanTest {
  static void close(Tensor want, Tensor got, double tol, String what) {
    assertEquals(want.type(), got.type(), what);
    double[] a = want.unsafeData();
    double[] b = got.unsafeData();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], tol * (1 + Math.abs(a[i])), what + " [" + i + "]");
    }
  }

  static final int[][] CASES = {{0, 1}, {0, 3}, {1, 1}, {1, 4}, {2, 1}, {12, 1}, {12, 2},
      {12, 3}, {12, 12}, {12, 30}, {11, 4}, {37, 3}};

  @Test
  void gradientsAreThoseOfTheAllPlan() {
    for (int[] c : CASES) {
      int length = c[0];
      for (boolean reverse : new boolean[] {false, true}) {
        String what = "revolve(" + c[1] + ") L=" + length + " reverse=" + reverse;
        List<Tensor> x = ScanPlanTest.point(length);
        Graph all = ScanPlanTest.loss(length, reverse, ScanPlan.ALL);
        Graph f = ScanPlanTest.loss(length, reverse, ScanPlan.revolve(c[1]));
        Checker.check(f);
        List<Tensor> want = Interpreter.eval(Ad.valueAndGrad(all, 0, 1, 2, 3, 4), x);
        Graph vg = Ad.valueAndGrad(f, 0, 1, 2, 3, 4);
        Checker.check(vg);
        assertTrue(vg.toString().contains("revolve_reverse"), what + ": no revolve sweep");
        List<Tensor> got = Interpreter.eval(vg, x);
        assertEquals(want.get(0).item(), got.get(0).item(), 0.0, what);
        for (int k = 1; k < want.size(); k++) {
          close(want.get(k), got.get(k), 1e-12, what + " gradient " + k);
        }
        if (length == 12 || length == 1) {
          CheckGrads.checkGrads(f, x, 1, new Random(2)); // finite differences and dot products
        }
      }
    }
  }

  @Test
  void forwardModeIsThatOfTheAllPlan() {
    int length = 9;
    List<Tensor> x = ScanPlanTest.point(length);
    List<Tensor> args = new ArrayList<>(x);
    for (Tensor t : x) {
      args.add(Tensor.normal(3, t.type()));
    }
    List<Tensor> want = Interpreter.eval(Ad.jvp(ScanPlanTest.loss(length, true, ScanPlan.ALL)),
        args);
    List<Tensor> got = Interpreter.eval(Ad.jvp(ScanPlanTest.loss(length, true,
        ScanPlan.revolve(2))), args);
    close(want.get(1), got.get(1), 1e-12, "jvp");
  }

  @Test
  void gradOfGradAndVmapOfGrad() {
    int length = 7;
    List<Tensor> x = ScanPlanTest.point(length);
    Tensor p = Tensor.of(0.8, 1.3, 0.4, -0.2);
    Tensor want = Interpreter.eval(Ad.hessian(ScanPlanTest.vectorLoss(length, ScanPlan.ALL), 0),
        p, x.get(4)).get(0);
    for (int s : new int[] {1, 2, 3, 10}) {
      Graph f = ScanPlanTest.vectorLoss(length, ScanPlan.revolve(s));
      Tensor got = Interpreter.eval(Ad.hessian(f, 0), p, x.get(4)).get(0);
      close(want, got, 1e-11, "hessian revolve(" + s + ")");
    }
    CheckGrads.checkGrads(ScanPlanTest.vectorLoss(length, ScanPlan.revolve(2)),
        List.of(p, x.get(4)), 2, new Random(4));
    // vmap of grad over a batch of 3 parameter vectors
    Tensor ps = Tensor.normal(8, TensorType.f64(3, 4));
    Graph gAll = Vmap.vmap(Ad.grad(ScanPlanTest.vectorLoss(length, ScanPlan.ALL), 0),
        new int[] {0, -1}, 0, 3);
    Graph gRev = Vmap.vmap(Ad.grad(ScanPlanTest.vectorLoss(length, ScanPlan.revolve(2)), 0),
        new int[] {0, -1}, 0, 3);
    close(Interpreter.eval(gAll, ps, x.get(4)).get(0), Interpreter.eval(gRev, ps, x.get(4))
        .get(0), 1e-12, "vmap of grad");
    // grad of vmap: the batched scan keeps its plan
    Graph sumAll = sumOverBatch(ScanPlanTest.vectorLoss(length, ScanPlan.ALL));
    Graph sumRev = sumOverBatch(ScanPlanTest.vectorLoss(length, ScanPlan.revolve(2)));
    Graph gv = Ad.grad(sumRev, 0);
    assertTrue(gv.toString().contains("revolve_reverse"));
    close(Interpreter.eval(Ad.grad(sumAll, 0), ps, x.get(4)).get(0),
        Interpreter.eval(gv, ps, x.get(4)).get(0), 1e-12, "grad of vmap");
  }

  static Graph sumOverBatch(Graph f) {
    Graph b = Vmap.vmap(f, new int[] {0, -1}, 0, 3);
    return Graph.trace(List.of("ps", "fs"), b.inputTypes(),
        ps -> List.of(Ir.reduceSum(b.call(ps).get(0), 0)));
  }

  @Test
  void theStoredCarriesAreTheFormula() {
    int c = 2;
    int l1 = 40;
    long r = ScanPlan.measuredResiduals(Ad.linearize(ScanPlanTest.loss(l1, false, ScanPlan.ALL)))
        / l1;
    for (int length : new int[] {l1, 97}) {
      for (int s : new int[] {1, 3, 5, 100}) {
        ScanPlan plan = ScanPlan.revolve(s);
        Graph f = ScanPlanTest.loss(length, false, plan);
        // nothing per step is stored by the forward sweep
        assertEquals(0, ScanPlan.measuredResiduals(Ad.linearize(f)), plan + " at " + length);
        Interpreter.eval(Ad.grad(f, 0, 1, 2, 3, 4), ScanPlanTest.point(length));
        long measured = RevolveReverse.lastStoredElements() + r;
        assertEquals(plan.residualFormula(length, c, r), measured, plan + " at " + length);
      }
    }
    assertEquals(3 * c + r, ScanPlan.revolve(3).residualFormula(97, c, r));
    assertEquals(40 * c + r, ScanPlan.revolve(100).residualFormula(40, c, r));
    assertThrows(IrException.class, () -> ScanPlan.revolve(0));
  }
}
