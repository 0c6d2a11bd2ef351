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
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code while_loop} beyond the table rows: reverse mode through Newton's iteration for the square
 * root, whose trip count depends on the input (so it is known at run time only), in both reverse
 * variants (rematerialised, and taped with {@code max_steps}), against central differences and the
 * closed form; second order; vmap with a batched predicate against a loop of calls; the bound.
 */
class WhileLoopTest {
  static final TensorType S = TensorType.f64();
  static final double TOL = 1e-13;

  /** {@code (a | x) -> |x^2 - a| > TOL a}: Newton has not converged yet. */
  static Graph newtonCond() {
    return Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Ir.gt(
        Ir.abs(Ir.sub(Ir.mul(ps.get(1), ps.get(1)), ps.get(0))), Ir.mul(Ir.full(TOL, S),
            ps.get(0)))));
  }

  /** {@code (a | x) -> (x + a / x) / 2}. */
  static Graph newtonStep() {
    return Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Ir.mul(Ir.full(0.5, S),
        Ir.add(ps.get(1), Ir.div(ps.get(0), ps.get(1))))));
  }

  /** {@code (a, x0) -> sqrt(a)} by Newton from {@code x0}, and the trip count. */
  static Graph newton(int maxSteps) {
    return Graph.trace(List.of("a", "x0"), List.of(S, S), ps -> {
      List<Node> r = WhileLoop.build(newtonCond(), newtonStep(), List.of(ps.get(0)),
          List.of(ps.get(1)), maxSteps);
      return List.of(r.get(0));
    });
  }

  static Graph tripCount(int maxSteps) {
    return Graph.trace(List.of("a", "x0"), List.of(S, S), ps -> {
      Node r = WhileLoop.build(newtonCond(), newtonStep(), List.of(ps.get(0)),
          List.of(ps.get(1)), maxSteps).get(0);
      WhileLoop w = ((WhileLoop) r.op()).withOut(1);
      return List.of(Node.make(w, r.inputs().toArray(new Node[0])));
    });
  }

  static double eval(Graph g, double... xs) {
    List<Tensor> args = new ArrayList<>();
    for (double x : xs) {
      args.add(Tensor.scalar(x));
    }
    return Interpreter.eval(g, args).get(0).item();
  }

  @Test
  void newtonSqrtAndItsGradientInBothReverseVariants() {
    for (int maxSteps : new int[] {0, 60}) {
      Graph f = newton(maxSteps);
      Checker.check(f);
      for (double a : new double[] {2.0, 0.3, 1e4}) {
        assertEquals(Math.sqrt(a), eval(f, a, a), 1e-12 * Math.sqrt(a));
        Graph g = Ad.grad(f, 0, 1);
        Checker.check(g);
        List<Tensor> gr = Interpreter.eval(g, Tensor.scalar(a), Tensor.scalar(a + 1));
        // Converged: the root does not depend on the start, and d sqrt(a) / da = 1 / (2 sqrt a).
        assertEquals(0.5 / Math.sqrt(a), gr.get(0).item(), 1e-9 / Math.sqrt(a), "a=" + a);
        assertEquals(0.0, gr.get(1).item(), 1e-9, "a=" + a);
        double eps = 1e-6 * a;
        double fd = (eval(f, a + eps, a + 1) - eval(f, a - eps, a + 1)) / (2 * eps);
        assertEquals(fd, gr.get(0).item(), 1e-6 * Math.abs(fd), "a=" + a);
      }
    }
  }

  @Test
  void theTripCountIsDecidedAtRunTime() {
    Graph n = tripCount(0);
    double small = eval(n, 2.0, 2.0);
    double large = eval(n, 1e6, 1e6);
    assertTrue(small >= 3 && large > small, small + " " + large);
  }

  /** A loop stopped by a tolerance, not converged: the derivative is that of the n-step map. */
  static Graph damped(int maxSteps) {
    // (w | x, y) -> (x + 0.3 sin(w y), 0.8 y + 0.1 w x) while x < 2.5
    TensorType v2 = TensorType.f64(2);
    Graph cond = Graph.trace(List.of("w", "z"), List.of(S, v2), ps -> List.of(Ir.lt(
        Ir.index(ps.get(1), 0, 0), Ir.constant(2.5))));
    Graph body = Graph.trace(List.of("w", "z"), List.of(S, v2), ps -> {
      Node x = Ir.index(ps.get(1), 0, 0);
      Node y = Ir.index(ps.get(1), 0, 1);
      Node w = ps.get(0);
      Node x1 = Ir.add(x, Ir.add(Ir.full(0.3, S), Ir.mul(Ir.full(0.3, S), Ir.sin(Ir.mul(w, y)))));
      Node y1 = Ir.add(Ir.mul(Ir.full(0.8, S), y), Ir.mul(Ir.full(0.1, S), Ir.mul(w, x)));
      return List.of(Ir.concatenate(0, Ir.reshape(x1, Shape.of(1)), Ir.reshape(y1, Shape.of(1))));
    });
    return Graph.trace(List.of("w", "z0"), List.of(S, v2), ps -> {
      Node z = WhileLoop.build(cond, body, List.of(ps.get(0)), List.of(ps.get(1)), maxSteps)
          .get(0);
      return List.of(Ir.reduceSum(Ir.mul(z, Ir.sin(z)), 0));
    });
  }

  @Test
  void dampedLoopPassesJvpDotProductAndSecondOrderInBothVariants() {
    Random rng = new Random(11);
    List<Tensor> x = List.of(Tensor.scalar(0.7), Tensor.of(0.1, -0.4));
    double[] grads = new double[3];
    for (int maxSteps : new int[] {0, 40}) {
      Graph f = damped(maxSteps);
      CheckGrads.checkGrads(f, x, 2, rng);
      List<Tensor> g = Interpreter.eval(Ad.grad(f, 0, 1), x);
      double[] now = {g.get(0).item(), g.get(1).unsafeData()[0], g.get(1).unsafeData()[1]};
      if (maxSteps > 0) {
        for (int k = 0; k < 3; k++) {
          assertEquals(grads[k], now[k], 1e-12 * (1 + Math.abs(grads[k])));
        }
      }
      grads = now;
    }
  }

  @Test
  void gradOfGradAndHessianMatchFiniteDifferences() {
    for (int maxSteps : new int[] {0, 40}) {
      Graph f = newton(maxSteps);
      Graph g0 = Ad.grad(f, 0);
      Graph gg = Ad.grad(Graph.trace(f.inputNames(), f.inputTypes(),
          ps -> List.of(g0.call(ps).get(0))), 0);
      double a = 2.0;
      double eps = 1e-5;
      double fd = (eval(g0, a + eps, 1.5) - eval(g0, a - eps, 1.5)) / (2 * eps);
      assertEquals(-0.25 * Math.pow(a, -1.5), fd, 1e-7);
      assertEquals(fd, eval(gg, a, 1.5), 1e-7);
      Graph h = Ad.hessian(Graph.trace(List.of("p"), List.of(TensorType.f64(2)),
          ps -> f.call(List.of(Ir.index(ps.get(0), 0, 0), Ir.index(ps.get(0), 0, 1)))), 0);
      double[] hv = Interpreter.eval(h, Tensor.of(a, 1.5)).get(0).unsafeData();
      assertEquals(fd, hv[0], 1e-7);
      assertEquals(0.0, hv[1], 1e-7);
      assertEquals(0.0, hv[3], 1e-7);
    }
  }

  @Test
  void vmapWithABatchedPredicateIsALoopOfCalls() {
    for (int maxSteps : new int[] {0, 60}) {
      Graph f = newton(maxSteps);
      Graph n = tripCount(maxSteps);
      TensorType v4 = TensorType.f64(4);
      double[] as = {0.5, 2.0, 9.0, 1e5};
      for (Graph g : List.of(f, n, Ad.grad(f, 0))) {
        Graph vg = Vmap.vmap(g, new int[] {0, Vmap.NOT_MAPPED}, 0, 4);
        Checker.check(vg);
        double[] r = Interpreter.eval(vg, Tensor.wrap(v4, as.clone()), Tensor.scalar(3.0))
            .get(0).unsafeData();
        for (int k = 0; k < 4; k++) {
          assertEquals(eval(g, as[k], 3.0), r[k], 0.0, "lane " + k + " of\n" + vg);
        }
      }
    }
  }

  @Test
  void vmapWithAnUnbatchedPredicateStaysAPlainLoop() {
    // The predicate reads the unbatched a only: x <- x * 0.5 + c while a > 0.01, a <- a / 2.
    Graph cond = Graph.trace(List.of("c", "a", "x"), List.of(S, S, S), ps -> List.of(Ir.gt(
        ps.get(1), Ir.constant(0.01))));
    Graph body = Graph.trace(List.of("c", "a", "x"), List.of(S, S, S), ps -> List.of(
        Ir.mul(ps.get(1), Ir.constant(0.5)), Ir.add(Ir.mul(ps.get(2), Ir.constant(0.5)),
            Ir.sin(ps.get(0)))));
    Graph f = Graph.trace(List.of("c", "a", "x0"), List.of(S, S, S), ps -> List.of(
        WhileLoop.build(cond, body, List.of(ps.get(0)), List.of(ps.get(1), ps.get(2)), 0)
            .get(1)));
    Graph vf = Vmap.vmap(f, new int[] {0, Vmap.NOT_MAPPED, 0}, 0, 3);
    for (Node m : vf.topoOrder()) {
      if (m.op() instanceof WhileLoop) {
        assertEquals(2, ((WhileLoop) m.op()).numCarry(), "no lane counter:\n" + vf);
      }
    }
    double[] cs = {0.1, 0.5, -1.0};
    double[] xs = {1.0, 2.0, 3.0};
    double[] r = Interpreter.eval(vf, Tensor.of(cs), Tensor.scalar(1.0), Tensor.of(xs)).get(0)
        .unsafeData();
    for (int k = 0; k < 3; k++) {
      assertEquals(eval(f, cs[k], 1.0, xs[k]), r[k], 0.0);
    }
  }

  /** The loops of a graph's top level: while nodes grouped by their op and inputs. */
  static int loops(Graph g) {
    java.util.Set<Object> groups = new java.util.HashSet<>();
    for (Node m : g.topoOrder()) {
      if (m.op() instanceof WhileLoop) {
        groups.add(List.of(((WhileLoop) m.op()).withOut(0), m.inputs()));
      }
    }
    return groups.size();
  }

  @Test
  void aGradientRunsThePrimalLoopOnceAndOneReverseLoop() {
    for (int maxSteps : new int[] {0, 30}) {
      Graph g = Ad.valueAndGrad(newton(maxSteps), 0, 1);
      assertEquals(2, loops(g), g.toString());
    }
  }

  @Test
  void runningPastMaxStepsFailsClearly() {
    Graph f = newton(3);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> eval(f, 1e6, 1e6));
    assertEquals("while_loop ran past max_steps=3", e.getMessage());
    assertEquals(Math.sqrt(4.0), eval(f, 4.0, 2.0), 0.0); // no step at all
  }

  @Test
  void loopsAndTheirGradientsRoundTripThroughText() {
    for (int maxSteps : new int[] {0, 20}) {
      for (Graph g : List.of(newton(maxSteps), Ad.vjp(newton(maxSteps)))) {
        Graph back = IrReader.read(IrWriter.write(g));
        assertEquals(g, back);
        assertEquals(IrWriter.write(g), IrWriter.write(back));
      }
    }
  }

  @Test
  void badLoopsAreErrors() {
    Graph intCond = Graph.trace(List.of("x"), List.of(S), ps -> List.of(ps.get(0)));
    IrException e = assertThrows(IrException.class, () -> WhileLoop.build(intCond, intCond,
        List.of(), List.of(Ir.constant(1.0)), 0));
    assertTrue(e.getMessage().contains("cond must return one bool scalar"), e.getMessage());
    Graph grow = Graph.trace(List.of("x"), List.of(S), ps -> List.of(
        Ir.broadcastInDim(ps.get(0), Shape.of(2))));
    Graph c = Graph.trace(List.of("x"), List.of(S), ps -> List.of(Ir.gt(ps.get(0),
        Ir.constant(0.0))));
    e = assertThrows(IrException.class, () -> WhileLoop.build(c, grow, List.of(),
        List.of(Ir.constant(1.0)), 0));
    assertTrue(e.getMessage().contains("a carry must keep its shape and dtype"), e.getMessage());
    e = assertThrows(IrException.class, () -> WhileLoop.build(c, newtonStep(), List.of(),
        List.of(Ir.constant(1.0)), -1));
    assertTrue(e.getMessage().contains("cond takes"), e.getMessage());
  }
}
