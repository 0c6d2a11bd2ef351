package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints and residual plans in generated code: compiled gradients equal the interpreter's, a
 * checkpoint is a block of its own (its recomputation is not merged with the forward pass), and
 * the source of every plan does not depend on the trip count.
 */
class CheckpointCodegenTest {
  static final TensorType S = TensorType.f64();
  static final TensorType V = TensorType.f64(3);

  static void assertSame(List<Tensor> want, List<Tensor> got, double tol) {
    assertEquals(want.size(), got.size());
    for (int k = 0; k < want.size(); k++) {
      double[] a = want.get(k).unsafeData();
      double[] b = got.get(k).unsafeData();
      assertEquals(a.length, b.length);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], tol * (1 + Math.abs(a[i])), "output " + k + " element " + i);
      }
    }
  }

  @Test
  void aCheckpointedGradientCompilesToTheInterpretersValuesWithTheBodyTwice() {
    Graph g = Graph.trace(List.of("x", "w"), List.of(V, V), ps -> List.of(
        Ir.mul(Ir.sin(Ir.mul(Ir.sin(ps.get(0)), ps.get(1))), ps.get(0))));
    Graph f = Graph.trace(List.of("x", "w"), List.of(V, V), ps -> List.of(Ir.reduceSum(
        Ir.mul(ClosedCall.checkpoint(g, ps).get(0), Ir.constant(Tensor.of(0.5, -1.0, 2.0))), 0)));
    Graph vg = Ad.valueAndGrad(f, 0, 1);
    List<Tensor> x = List.of(Tensor.of(0.3, -1.2, 0.7), Tensor.of(1.1, 0.4, -0.6));
    assertSame(Interpreter.eval(vg, x), Compiled.of(vg).call(x), 1e-15);
    String src = JavaEmitter.emit(vg, "p", "C").source();
    // The forward call and the recomputation in the reverse sweep are two blocks, each with
    // sin(x): the reverse sweep computes sin again instead of reading the forward one.
    assertEquals(2, count(src, "scan of 1 steps"), src);
    assertTrue(count(src, "Math.sin(") >= 3, src);
  }

  private static int count(String s, String what) {
    int k = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      k++;
    }
    return k;
  }

  /** Explicit Euler for a damped pendulum: {@code (k, c | x, v) -> (x + h v, v - h (k sin x + c v))}. */
  static Graph pendulum(int n, ScanPlan plan) {
    double h = 1e-3;
    Graph step = Graph.trace(List.of("k", "c", "x", "v"), List.of(S, S, S, S), ps -> List.of(
        Ir.add(ps.get(2), Ir.mul(Ir.constant(h), ps.get(3))),
        Ir.sub(ps.get(3), Ir.mul(Ir.constant(h), Ir.add(Ir.mul(ps.get(0), Ir.sin(ps.get(2))),
            Ir.mul(ps.get(1), ps.get(3)))))));
    return Graph.trace(List.of("k", "c", "x0", "v0"), List.of(S, S, S, S), ps -> {
      List<Node> r = Scan.scan(step, ps.subList(0, 2), ps.subList(2, 4), List.of(), n, false,
          plan);
      return List.of(Ir.add(Ir.mul(r.get(0), r.get(0)), r.get(1)));
    });
  }

  @Test
  void everyPlanCompilesToTheInterpretersGradientAndItsSourceIgnoresTheTripCount() {
    List<Tensor> x = List.of(Tensor.scalar(2.0), Tensor.scalar(0.3), Tensor.scalar(0.5),
        Tensor.scalar(-0.1));
    List<Tensor> want = Interpreter.eval(Ad.valueAndGrad(pendulum(200, ScanPlan.ALL), 0, 1, 2, 3),
        x);
    for (ScanPlan plan : new ScanPlan[] {ScanPlan.ALL, ScanPlan.CARRIES, ScanPlan.segments(10),
        ScanPlan.segments(7)}) {
      Graph vg = Ad.valueAndGrad(pendulum(200, plan), 0, 1, 2, 3);
      assertSame(want, Compiled.of(vg).call(x), 1e-13);
    }
    for (ScanPlan plan : new ScanPlan[] {ScanPlan.ALL, ScanPlan.CARRIES, ScanPlan.segments(10)}) {
      String small = JavaEmitter.emit(Ad.valueAndGrad(pendulum(1000, plan), 0, 1, 2, 3), "p", "C")
          .source();
      String large = JavaEmitter.emit(Ad.valueAndGrad(pendulum(100_000, plan), 0, 1, 2, 3), "p",
          "C").source();
      // The same text but for the numbers, up to the order of two independent reverse loops (one
      // per carry cotangent; structural hashes include the length): the same size and loops.
      String a = small.replaceAll("[0-9]+", "N");
      String b = large.replaceAll("[0-9]+", "N");
      assertEquals(a.length(), b.length(), plan.toString());
      assertEquals(count(a, "for (int"), count(b, "for (int"), plan.toString());
      assertEquals(a.lines().count(), b.lines().count(), plan.toString());
      assertTrue(Math.abs(large.length() - small.length()) < 100, plan + ": " + small.length()
          + " and " + large.length() + " characters");
    }
  }
}
