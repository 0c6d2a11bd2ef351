package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * {@code while} in generated code: one Java {@code while} loop whose source does not depend on the
 * trip count or the bound, Newton's square root and its gradient (both reverse variants) equal to
 * the interpreter and the closed form, the bound's error, and a vmapped loop with a batched
 * predicate.
 */
class WhileCodegenTest {
  static final TensorType S = TensorType.f64();

  /** {@code (a, x0) -> sqrt(a)} by Newton from {@code x0}, stopped at a relative tolerance. */
  static Graph newton(int maxSteps) {
    Graph cond = Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Ir.gt(
        Ir.abs(Ir.sub(Ir.mul(ps.get(1), ps.get(1)), ps.get(0))), Ir.mul(Ir.full(1e-13, S),
            ps.get(0)))));
    Graph step = Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Ir.mul(
        Ir.full(0.5, S), Ir.add(ps.get(1), Ir.div(ps.get(0), ps.get(1))))));
    return Graph.trace(List.of("a", "x0"), List.of(S, S), ps -> List.of(WhileLoop.build(cond,
        step, List.of(ps.get(0)), List.of(ps.get(1)), maxSteps).get(0)));
  }

  @Test
  void newtonAndItsGradientCompiledAreTheInterpreterAndTheClosedForm() {
    for (int maxSteps : new int[] {0, 50}) {
      Graph g = Ad.valueAndGrad(newton(maxSteps), 0, 1);
      Compiled c = Compiled.of(g);
      for (double a : new double[] {0.3, 2.0, 1e4}) {
        List<Tensor> in = List.of(Tensor.scalar(a), Tensor.scalar(a + 1));
        List<Tensor> r = c.call(in);
        List<Tensor> want = Interpreter.eval(g, in);
        for (int k = 0; k < 3; k++) {
          assertEquals(want.get(k).item(), r.get(k).item(), 1e-15 * (1 + Math.abs(want.get(k)
              .item())), "output " + k + " at a=" + a + "\n" + c.source.source());
        }
        assertEquals(Math.sqrt(a), r.get(0).item(), 1e-12 * Math.sqrt(a));
        assertEquals(0.5 / Math.sqrt(a), r.get(1).item(), 1e-9 / Math.sqrt(a));
      }
    }
  }

  @Test
  void sourceSizeDoesNotDependOnTheTripCountOrTheBound() {
    String small = JavaEmitter.emit(Ad.valueAndGrad(newton(1000)), "p", "C").source();
    String large = JavaEmitter.emit(Ad.valueAndGrad(newton(1_000_000)), "p", "C").source();
    // The same text but for the bound (and the last row, where a stored step is clamped).
    assertEquals(small.replace("1000", "N").replace("999", "N-1"),
        large.replace("1000000", "N").replace("999999", "N-1"));
    assertTrue(large.contains("while (true)"), large);
    assertTrue(large.length() < 12000, "source of " + large.length() + " characters");
  }

  @Test
  void runningPastMaxStepsThrowsTheInterpretersError() {
    Compiled c = Compiled.of(newton(4));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> c.call(List.of(Tensor.scalar(1e8), Tensor.scalar(1e8))));
    assertEquals("while_loop ran past max_steps=4", e.getMessage());
    assertEquals(3.0, c.call(List.of(Tensor.scalar(9.0), Tensor.scalar(3.0))).get(0).item());
  }

  @Test
  void aBatchedPredicateCompiledIsALoopOfCalls() {
    for (int maxSteps : new int[] {0, 50}) {
      Graph f = Ad.grad(newton(maxSteps), 0);
      Graph vf = Vmap.vmap(f, new int[] {0, 0}, 0, 3);
      double[] as = {0.5, 7.0, 1e6};
      double[] xs = {1.0, 2.0, 3.0};
      List<Tensor> in = List.of(Tensor.of(as), Tensor.of(xs));
      double[] r = Compiled.of(vf).call(in).get(0).unsafeData();
      for (int k = 0; k < 3; k++) {
        double one = Interpreter.eval(f, Tensor.scalar(as[k]), Tensor.scalar(xs[k])).get(0).item();
        assertEquals(one, r[k], 1e-15 * Math.abs(one), "lane " + k);
      }
    }
  }

  @Test
  void aStackedCarryAndTheTripCountCompiled() {
    // x <- 2 x while x < 100, from x0: the trip count and the carries entering each step.
    Graph cond = Graph.trace(List.of("x"), List.of(S), ps -> List.of(Ir.lt(ps.get(0),
        Ir.constant(100.0))));
    Graph body = Graph.trace(List.of("x"), List.of(S), ps -> List.of(Ir.mul(ps.get(0),
        Ir.constant(2.0))));
    Graph g = Graph.trace(List.of("x0"), List.of(S), ps -> {
      Node r = WhileLoop.build(cond, body, List.of(), List.of(ps.get(0)), 10).get(0);
      WhileLoop w = (WhileLoop) r.op();
      Node[] ins = r.inputs().toArray(new Node[0]);
      return List.of(r, Node.make(w.withOut(1), ins), Node.make(w.withOut(2), ins));
    });
    List<Tensor> r = Compiled.of(g).call(List.of(Tensor.scalar(5.0)));
    assertEquals(160.0, r.get(0).item());
    assertEquals(5.0, r.get(1).item());
    assertEquals(Tensor.of(5, 10, 20, 40, 80, 0, 0, 0, 0, 0), r.get(2));
    assertEquals(Interpreter.eval(g, Tensor.scalar(5.0)), r);
  }
}
