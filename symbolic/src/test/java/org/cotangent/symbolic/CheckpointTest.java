package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Linearize;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code checkpoint(f)}: derivatives equal those of {@code f} itself (and finite differences) at
 * first and second order, under vmap, and after a round trip through the IR text; linearize keeps
 * only the checkpoint's inputs as residuals and the reverse sweep recomputes the inside.
 */
class CheckpointTest {
  static final TensorType V = TensorType.f64(3);

  /** {@code g(x, w) = sin(sin(x) * w) * x}, elementwise. */
  static Graph inner() {
    return Graph.trace(List.of("x", "w"), List.of(V, V), ps -> List.of(
        Ir.mul(Ir.sin(Ir.mul(Ir.sin(ps.get(0)), ps.get(1))), ps.get(0))));
  }

  /** {@code sum(g(x, w) * c)} (c constant: the outside needs no residual) with g checkpointed or not. */
  static Graph loss(boolean checkpointed) {
    Graph g = inner();
    return Graph.trace(List.of("x", "w"), List.of(V, V), ps -> {
      Node y = checkpointed ? ClosedCall.checkpoint(g, ps).get(0) : g.call(ps).get(0);
      return List.of(Ir.reduceSum(Ir.mul(y, Ir.constant(Tensor.of(0.5, -1.0, 2.0))), 0));
    });
  }

  static List<Tensor> point() {
    return List.of(Tensor.of(0.3, -1.2, 0.7), Tensor.of(1.1, 0.4, -0.6));
  }

  static void assertClose(List<Tensor> want, List<Tensor> got, double tol) {
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
  void derivativesEqualThoseOfTheUncheckpointedFunctionAndFiniteDifferences() {
    Graph plain = loss(false);
    Graph ckpt = loss(true);
    Checker.check(ckpt);
    List<Tensor> x = point();
    assertClose(Interpreter.eval(plain, x), Interpreter.eval(ckpt, x), 0);
    assertClose(Interpreter.eval(Ad.valueAndGrad(plain, 0, 1), x),
        Interpreter.eval(Ad.valueAndGrad(ckpt, 0, 1), x), 1e-14);
    assertClose(Interpreter.eval(Ad.hessian(plain, 0), x),
        Interpreter.eval(Ad.hessian(ckpt, 0), x), 1e-13);
    assertClose(Interpreter.eval(Ad.jacfwd(plain, 1), x),
        Interpreter.eval(Ad.jacfwd(ckpt, 1), x), 1e-14);
    // JVP against finite differences, VJP by the dot-product test, to second order.
    CheckGrads.checkGrads(ckpt, x, 2, new Random(3));
  }

  @Test
  void gradientUnderVmapIsALoopOfGradients() {
    Graph g = Ad.grad(loss(true), 0);
    Graph batched = Vmap.vmap(g, new int[] {0, Vmap.NOT_MAPPED}, 0, 4);
    Random rng = new Random(11);
    Tensor xs = CheckGrads.randomLike(TensorType.f64(4, 3), rng);
    Tensor w = point().get(1);
    double[] got = Interpreter.eval(batched, xs, w).get(0).unsafeData();
    Graph plainGrad = Ad.grad(loss(false), 0);
    for (int b = 0; b < 4; b++) {
      double[] row = java.util.Arrays.copyOfRange(xs.unsafeData(), 3 * b, 3 * b + 3);
      double[] want = Interpreter.eval(plainGrad, Tensor.of(row), w).get(0).unsafeData();
      for (int i = 0; i < 3; i++) {
        assertEquals(want[i], got[3 * b + i], 1e-14);
      }
    }
  }

  @Test
  void linearizeKeepsOnlyTheInputsAndTheReverseSweepRecomputesTheInside() {
    Linearize.Linearized plain = Ad.linearize(loss(false));
    Linearize.Linearized ckpt = Ad.linearize(loss(true));
    List<Node> res = ckpt.primal.outputs().subList(ckpt.numOutputs, ckpt.primal.outputs().size());
    // The checkpoint's inputs x and w are the only residuals: nothing computed inside is kept.
    assertEquals(ckpt.primal.params(), res);
    List<Node> plainRes =
        plain.primal.outputs().subList(plain.numOutputs, plain.primal.outputs().size());
    assertTrue(plainRes.stream().anyMatch(r -> !(r.op() instanceof org.cotangent.symbolic.ir.Param)), "plain residuals " + plainRes);
    // Value and gradient: one call of the body (forward) and one of its transposed JVP, which computes
    // the body's primal part again: sin(x) is evaluated in both.
    Graph grad = Ad.valueAndGrad(loss(true), 0, 1);
    List<ClosedCall> calls = new ArrayList<>();
    for (Node n : grad.topoOrder()) {
      if (n.op() instanceof ClosedCall && !calls.contains(n.op())) {
        calls.add((ClosedCall) n.op());
      }
    }
    List<Graph> bodies = new ArrayList<>();
    for (ClosedCall c : calls) {
      assertTrue(c.remat(), "every call in the gradient is a checkpoint: " + c);
      if (!bodies.contains(c.body())) {
        bodies.add(c.body());
      }
    }
    assertEquals(2, bodies.size(), "forward body and reverse body");
    for (Graph b : bodies) {
      assertTrue(countSin(b) >= 1, "sin(x) evaluated in " + b);
    }
    // Outside the checkpoints, the gradient computes no sine of its own.
    assertEquals(0, grad.topoOrder().stream().filter(n -> n.op().name().equals("sin")).count());
  }

  private static long countSin(Graph g) {
    long k = 0;
    for (Node n : g.topoOrder()) {
      if (n.op().name().equals("sin")) {
        k++;
      }
      for (Graph sub : n.op().subgraphs()) {
        k += countSin(sub);
      }
    }
    return k;
  }

  @Test
  void theFlagSurvivesTheIrText() {
    Graph g = Ad.grad(loss(true), 0);
    String text = IrWriter.write(g);
    assertTrue(text.contains("remat=True"), text);
    Graph back = IrReader.read(text);
    assertEquals(g, back);
    assertEquals(text, IrWriter.write(back));
    assertFalse(IrWriter.write(Ad.grad(loss(false), 0)).contains("remat"));
  }
}
