package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The Java API of loops and branches ({@link Cotangent#scan}, {@link Cotangent#forLoop}, {@link
 * Cotangent#cond}): against hand loops in Java, central differences, the interpreter, and the
 * structure of the traced graph (one loop, whatever the trip count).
 */
class ControlApiTest {
  static final TensorType F64 = TensorType.of(DType.F64);

  static double fd(Fn f, double x, double y) {
    double h = 1e-6;
    return (f.callDouble(x + h, y) - f.callDouble(x - h, y)) / (2 * h);
  }

  /** The loops in {@code g}: scan nodes, the several outputs of one scan counted once. */
  static long loops(Graph g) {
    return g.topoOrder().stream().filter((Node n) -> n.op() instanceof Scan)
        .map(n -> List.of(((Scan) n.op()).body(), n.inputs())).distinct().count();
  }

  /** Explicit Euler for y' = -k y + sin(t), 1000 steps of 0.001, from y0. */
  static final Fn EULER = Fn.of((y0, k) -> Cotangent.forLoop(0, 1000,
      (i, y) -> y.add(Ops.sin(i.astype(DType.F64).mul(0.001)).sub(k.mul(y)).mul(0.001)), y0));

  @Test
  void aForLoopIsAHandLoopAndItsGradientIsTheFiniteDifference() {
    double y0 = 1.3;
    double k = 0.7;
    double y = y0;
    double dy0 = 1;
    double dk = 0;
    for (int i = 0; i < 1000; i++) {
      double s = Math.sin(i * 0.001);
      dk = dk + (-y - k * dk) * 0.001;
      dy0 = dy0 * (1 - k * 0.001);
      y = y + (s - k * y) * 0.001;
    }
    assertEquals(y, EULER.callDouble(y0, k), 1e-13);
    List<Tensor> g = Cotangent.grad(EULER, 0, 1).call(y0, k);
    assertEquals(dy0, g.get(0).item(), 1e-12);
    assertEquals(dk, g.get(1).item(), 1e-12);
    Fn swapped = Fn.of((kk, yy) -> Sym.of(EULER.inline1(yy.node(), kk.node())));
    assertEquals(fd(swapped, k, y0), g.get(1).item(), 1e-7);
    // One loop in the graph of the gradient's primal and one reverse loop, not 1000 copies.
    Graph gg = Cotangent.grad(EULER, 0, 1).trace(F64, F64);
    assertEquals(2, loops(gg), gg.toString());
  }

  @Test
  void aScanOverASequenceWithCapturesNestsAndVmaps() {
    // h <- tanh(w h + x_t), with w captured from the enclosing function; the loss is the sum of
    // the ys (h before each step) plus the final carry.
    double[] xs = {0.3, -0.2, 0.5, 0.1, 0.7};
    Fn rnn = Fn.of((w, seq) -> {
      Sym[] r = Cotangent.scan((h, x) -> new Sym[] {Ops.tanh(w.mul(h).add(x)), h}, Sym.constant(0.1),
          seq);
      return Ops.sum(r[1]).add(r[0]);
    });
    double w = 0.8;
    double h = 0.1;
    double dh = 0;
    double loss = 0;
    double dloss = 0;
    for (double x : xs) {
      loss += h;
      dloss += dh;
      double t = Math.tanh(w * h + x);
      dh = (1 - t * t) * (h + w * dh);
      h = t;
    }
    loss += h;
    dloss += dh;
    assertEquals(loss, rnn.callDouble(w, xs), 1e-14);
    assertEquals(dloss, Cotangent.grad(rnn, 0).call1(w, xs).item(), 1e-14);
    // The graph and the interpreter agree with the compiled code.
    Graph g = Cotangent.grad(rnn, 0).trace(F64, TensorType.of(DType.F64, 5));
    Tensor interp = Interpreter.eval(g, List.of(Tensor.scalar(w), Tensor.of(xs))).get(0);
    assertEquals(dloss, interp.item(), 1e-14);
    // vmap over w is a loop of calls.
    Fn batched = Cotangent.vmap(Cotangent.grad(rnn, 0), new Integer[] {0, null}, 0);
    double[] b = batched.call1(new double[] {0.8, -0.4}, xs).toDoubleArray();
    assertEquals(dloss, b[0], 1e-14);
    assertEquals(Cotangent.grad(rnn, 0).call1(-0.4, xs).item(), b[1], 1e-14);
    // A loop inside a loop body, capturing the outer step's carry: sum_t sum_{j<3} (c + x_t) j.
    Fn nested = Fn.of((a, seq) -> Cotangent.scan((c, x) -> new Sym[] {
        Cotangent.forLoop(0, 3, (j, s) -> s.add(c.add(x).mul(a).mul(j.astype(DType.F64))), c),
        x}, Sym.constant(0.0), seq)[0]);
    double c = 0;
    double dc = 0;
    for (double x : xs) {
      double s = c;
      double ds = dc;
      for (int j = 0; j < 3; j++) {
        s = s + (c + x) * 0.5 * j;
        ds = ds + ((c + x) + dc * 0.5) * j;
      }
      c = s;
      dc = ds;
    }
    assertEquals(c, nested.callDouble(0.5, xs), 1e-13);
    assertEquals(dc, Cotangent.grad(nested, 0).call1(0.5, xs).item(), 1e-12);
  }

  @Test
  void condTakesOneBranchAndItsGradientHasNoNanFromTheOther() {
    Fn f = Fn.of(x -> Cotangent.cond(x.gt(Sym.constant(0.0)), Ops::sqrt, v -> v.mul(0.0), x));
    assertEquals(2.0, f.callDouble(4.0));
    assertEquals(0.25, Cotangent.grad(f).callDouble(4.0), 1e-15);
    assertEquals(0.0, Cotangent.grad(f).callDouble(0.0));
    assertEquals(0.0, Cotangent.grad(f).callDouble(-1.0));
    assertArrayEquals(new double[] {0.25, 0.0},
        Cotangent.vmap(Cotangent.grad(f)).call1(new double[] {4.0, 0.0}).toDoubleArray());
    // Several operands, a branch capturing a value of the enclosing function.
    Fn g = Fn.of((x, y) -> {
      List<Sym> r = Cotangent.cond(x.lt(y), ops -> List.of(ops.get(0).mul(y), ops.get(1)),
          ops -> List.of(ops.get(1), ops.get(0)), List.of(x, y));
      return r.get(0).add(r.get(1).mul(2.0));
    });
    assertEquals(1.0 * 3 + 2 * 3, g.callDouble(1.0, 3.0), 1e-15);
    assertEquals(2.0 + 2 * 5, g.callDouble(5.0, 2.0), 1e-15);
    List<Tensor> dg = Cotangent.grad(g, 0, 1).call(1.0, 3.0);
    assertEquals(3.0, dg.get(0).item(), 1e-15);
    assertEquals(1.0 + 2.0, dg.get(1).item(), 1e-15);
  }

  @Test
  void mistakesAreClearErrors() {
    Fn f = Fn.of(x -> Cotangent.forLoop(0, 3, (i, c) -> c.mul(x),
        Sym.constant(0.0).astype(DType.I64)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.callDouble(1.0));
    assertTrue(e.getMessage().contains("forLoop: the body must return each carry with its initial"
        + " type: carry 0 starts as i64[] but the body returned f64[]; an integer start"),
        e.getMessage());
    Fn c = Fn.of(x -> Cotangent.cond(x.gt(Sym.constant(0.0)), v -> v, v -> v.reshape(1), x));
    e = assertThrows(IllegalArgumentException.class, () -> c.callDouble(1.0));
    assertTrue(e.getMessage().startsWith("cond: onTrue and onFalse must return the same types"),
        e.getMessage());
    Fn s = Fn.of(x -> Cotangent.scan((h, v) -> new Sym[] {h}, x, Sym.constant(new double[] {1})
    )[0]);
    e = assertThrows(IllegalArgumentException.class, () -> s.callDouble(1.0));
    assertTrue(e.getMessage().startsWith("scan: the step must return {carry, y}"), e.getMessage());
  }

  @Test
  void aWhileLoopDifferentiatesInReverseOverATripCountFoundAtRunTime() {
    // Newton's iteration for sqrt(a), stopped by a tolerance; the tolerance is captured.
    Sym tol = Sym.constant(1e-14);
    for (int maxSteps : new int[] {0, 50}) {
      Fn root = Fn.of(a -> Cotangent.whileLoop(
          c -> Ops.abs(c.get(1)).gt(tol),
          c -> {
            Sym y = c.get(0).add(a.div(c.get(0))).mul(0.5);
            return List.of(y, y.sub(c.get(0)));
          },
          List.of(a.add(1.0), Sym.constant(1.0)), maxSteps).get(0));
      for (double a : new double[] {2.0, 0.3}) {
        assertEquals(Math.sqrt(a), root.callDouble(a), 1e-15);
        assertEquals(0.5 / Math.sqrt(a), Cotangent.grad(root).callDouble(a), 1e-12);
        double h = 1e-6;
        assertEquals((root.callDouble(a + h) - root.callDouble(a - h)) / (2 * h),
            Cotangent.grad(root).callDouble(a), 1e-7);
      }
    }
    // Past max_steps is an error.
    Fn runaway = Fn.of(a -> Cotangent.whileLoop(c -> c.gt(Sym.constant(0.0)), c -> c.add(1.0), a,
        10));
    RuntimeException e = assertThrows(RuntimeException.class, () -> runaway.callDouble(1.0));
    assertTrue(e.getMessage().contains("while_loop ran past max_steps=10"), e.getMessage());
  }

  @Test
  void checkpointAndTheScanPlansGiveTheSameGradients() {
    Fn inner = Fn.of(v -> Ops.sin(Ops.sin(v)));
    Fn plain = Fn.of(x -> Ops.sum(Sym.of(inner.inline1(x.node())).mul(x)));
    Fn ck = Cotangent.checkpoint(inner);
    Fn viaFn = Fn.of(x -> Ops.sum(Sym.of(ck.inline1(x.node())).mul(x)));
    Fn inLambda = Fn.of(x -> Ops.sum(Cotangent.checkpoint(
        a -> List.of(Ops.sin(Ops.sin(a.get(0)))), List.of(x)).get(0).mul(x)));
    double[] x = {0.3, -1.1, 2.0};
    double[] want = Cotangent.grad(plain).call1(x).toDoubleArray();
    assertArrayEquals(want, Cotangent.grad(viaFn).call1(x).toDoubleArray(), 1e-15);
    assertArrayEquals(want, Cotangent.grad(inLambda).call1(x).toDoubleArray(), 1e-15);
    Graph g = Cotangent.grad(viaFn).trace(TensorType.of(DType.F64, 3));
    assertTrue(g.topoOrder().stream().anyMatch(n -> n.op()
        instanceof org.cotangent.symbolic.control.ClosedCall c && c.remat()), g.toString());
    // Each residual plan gives the gradient of the default one.
    double[] xs = {0.3, -0.2, 0.5, 0.1, 0.7, -0.4, 0.2};
    double[] base = null;
    for (org.cotangent.symbolic.control.ScanPlan plan : List.of(
        org.cotangent.symbolic.control.ScanPlan.ALL, org.cotangent.symbolic.control.ScanPlan.CARRIES,
        org.cotangent.symbolic.control.ScanPlan.segments(3))) {
      Fn rnn = Fn.of((a, seq) -> Ops.sum(Cotangent.scan((c, s) -> new Control.Step(
          List.of(Ops.tanh(c.get(0).mul(a).add(s.get(0)))), List.of(c.get(0))),
          List.of(Sym.constant(0.1)), List.of(seq), -1, false, plan).ys().get(0)));
      double[] gr = Cotangent.grad(rnn, 0, 1).call(0.8, xs).get(1).toDoubleArray();
      if (base == null) {
        base = gr;
      } else {
        assertArrayEquals(base, gr, 1e-14, plan.toString());
      }
    }
  }
}
