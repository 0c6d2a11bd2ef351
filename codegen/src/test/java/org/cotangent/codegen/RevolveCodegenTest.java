package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The revolve plan in generated code: compiled gradients equal the ALL plan's (interpreted and
 * compiled), with consts, a vector carry, xs and ys, forwards and in reverse; the reverse sweep is
 * one loop over the run-time action table, so its source does not depend on the trip count.
 */
class RevolveCodegenTest {
  static final TensorType S = TensorType.f64();
  static final TensorType V = TensorType.f64(3);

  /**
   * {@code (mu, w[3] | x[3], v | f[3]) -> (x + h (v w + f), v + h (mu sum(sin x) - v x.x) | x v)},
   * loss {@code sum(x_L^2) + v_L + sum(sin(ys))}.
   */
  static Graph loss(int length, boolean reverse, ScanPlan plan) {
    double h = 0.1;
    Graph step = Graph.trace(List.of("mu", "w", "x", "v", "f"), List.of(S, V, V, S, V), ps -> {
      Node mu = ps.get(0);
      Node w = ps.get(1);
      Node x = ps.get(2);
      Node v = ps.get(3);
      Node vb = Ir.broadcastInDim(v, Shape.of(3));
      Node x1 = Ir.add(x, Ir.mul(Ir.broadcastInDim(Ir.constant(h), Shape.of(3)),
          Ir.add(Ir.mul(vb, w), ps.get(4))));
      Node v1 = Ir.add(v, Ir.mul(Ir.constant(h), Ir.sub(Ir.mul(mu, Ir.reduceSum(Ir.sin(x), 0)),
          Ir.mul(v, Ir.reduceSum(Ir.mul(x, x), 0)))));
      return List.of(x1, v1, Ir.mul(x, vb));
    });
    TensorType fs = TensorType.f64(length, 3);
    return Graph.trace(List.of("mu", "w", "x0", "v0", "fs"), List.of(S, V, V, S, fs), ps -> {
      List<Node> r = Scan.scan(step, ps.subList(0, 2), ps.subList(2, 4), List.of(ps.get(4)),
          length, reverse, plan);
      Node ys = r.get(2);
      Node y = length == 0 ? Ir.constant(0.0) : Ir.reduceSum(Ir.sin(ys), 0, 1);
      return List.of(Ir.add(Ir.add(Ir.reduceSum(Ir.mul(r.get(0), r.get(0)), 0), r.get(1)), y));
    });
  }

  static List<Tensor> point(int length) {
    return List.of(Tensor.scalar(0.7), Tensor.of(0.3, -0.5, 0.2), Tensor.of(0.4, 0.1, -0.3),
        Tensor.scalar(-0.2), Tensor.normal(5, TensorType.f64(length, 3)));
  }

  @Test
  void compiledGradientsAreThoseOfTheAllPlan() {
    int[][] cases = {{0, 2}, {1, 1}, {1, 3}, {2, 1}, {13, 1}, {13, 3}, {13, 13}, {13, 40}, {30, 4}};
    for (int[] c : cases) {
      for (boolean reverse : new boolean[] {false, true}) {
        String what = "revolve(" + c[1] + ") L=" + c[0] + " reverse=" + reverse;
        List<Tensor> x = point(c[0]);
        Graph all = Ad.valueAndGrad(loss(c[0], reverse, ScanPlan.ALL), 0, 1, 2, 3, 4);
        Graph rev = Ad.valueAndGrad(loss(c[0], reverse, ScanPlan.revolve(c[1])), 0, 1, 2, 3, 4);
        List<Tensor> want = Interpreter.eval(all, x);
        String src = JavaEmitter.emit(rev, "p", "C").source();
        if (c[0] > 0) {
          assertTrue(src.contains("Rt.revolve("), what + "\n" + src);
        }
        CheckpointCodegenTest.assertSame(want, Compiled.of(rev).call(x), 1e-12);
        CheckpointCodegenTest.assertSame(want, Compiled.of(all).call(x), 1e-12);
      }
    }
  }

  @Test
  void theSourceIgnoresTheTripCount() {
    ScanPlan plan = ScanPlan.revolve(10);
    String small = JavaEmitter.emit(Ad.valueAndGrad(CheckpointCodegenTest.pendulum(1000, plan),
        0, 1, 2, 3), "p", "C").source();
    String large = JavaEmitter.emit(Ad.valueAndGrad(CheckpointCodegenTest.pendulum(100_000,
        plan), 0, 1, 2, 3), "p", "C").source();
    assertTrue(small.contains("Rt.revolve(1000, 10)"), small);
    assertEquals(small.replaceAll("[0-9]+", "N"), large.replaceAll("[0-9]+", "N"));
    // and the compiled sweep at 10^5 steps is the ALL plan's gradient
    List<Tensor> x = List.of(Tensor.scalar(2.0), Tensor.scalar(0.3), Tensor.scalar(0.5),
        Tensor.scalar(-0.1));
    CheckpointCodegenTest.assertSame(Compiled.of(Ad.valueAndGrad(CheckpointCodegenTest.pendulum(
        100_000, ScanPlan.ALL), 0, 1, 2, 3)).call(x), Compiled.of(Ad.valueAndGrad(
        CheckpointCodegenTest.pendulum(100_000, plan), 0, 1, 2, 3)).call(x), 1e-12);
  }
}
