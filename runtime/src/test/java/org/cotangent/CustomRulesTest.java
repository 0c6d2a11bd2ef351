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
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * custom_jvp and custom_vjp from Java: the rule is used under differentiation and the function
 * otherwise; checked against closed forms, central differences, under vmap and to second order,
 * through the interpreter and the IR text, and the errors JAX gives.
 */
class CustomRulesTest {
  static final TensorType F64 = TensorType.of(DType.F64);

  static double fd(Fn f, double x) {
    double h = 1e-6;
    return (f.callDouble(x + h) - f.callDouble(x - h)) / (2 * h);
  }

  /** log(1 + e^x) with the stable derivative sigmoid(x) (JAX's custom_jvp example). */
  static final Fn LOG1PEXP = Cotangent.customJvp(Fn.of(x -> Ops.log1p(Ops.exp(x))),
      (x, t) -> List.of(Ops.log1p(Ops.exp(x.get(0))), t.get(0).mul(Ops.sigmoid(x.get(0)))));

  @Test
  void customJvpIsUsedUnderDifferentiationOnly() {
    Fn naive = Fn.of(x -> Ops.log1p(Ops.exp(x)));
    // Where e^x overflows the naive gradient is inf/inf = NaN; the rule's is 1.
    assertTrue(Double.isNaN(Cotangent.grad(naive).callDouble(1000.0)));
    assertEquals(1.0, Cotangent.grad(LOG1PEXP).callDouble(1000.0));
    // Elsewhere both agree with central differences; the value is the function's.
    for (double x : new double[] {-3.0, 0.0, 0.7, 5.0}) {
      double s = 1 / (1 + Math.exp(-x));
      assertEquals(s, Cotangent.grad(LOG1PEXP).callDouble(x), 1e-15);
      assertEquals(fd(LOG1PEXP, x), Cotangent.grad(LOG1PEXP).callDouble(x), 1e-8);
      assertEquals(Math.log1p(Math.exp(x)), LOG1PEXP.callDouble(x), 1e-15);
      // Forward mode uses the rule too.
      List<Tensor> jv = Cotangent.jvp(LOG1PEXP).call(x, 2.0);
      assertEquals(2 * s, jv.get(1).item(), 1e-15);
      // Second order differentiates the rule: sigmoid' = s (1 - s).
      assertEquals(s * (1 - s), Cotangent.grad(Cotangent.grad(LOG1PEXP)).callDouble(x), 1e-14);
    }
    // Under vmap: a batch is a loop of calls.
    double[] xs = {-3.0, 1000.0, 0.7};
    double[] b = Cotangent.vmap(Cotangent.grad(LOG1PEXP)).call1(xs).toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Cotangent.grad(LOG1PEXP).callDouble(xs[i]), b[i], 1e-15);
    }
    // The graph evaluates the same in the interpreter and survives the IR text.
    Graph g = Cotangent.grad(LOG1PEXP).trace(F64);
    assertEquals(1.0, Interpreter.eval(g, List.of(Tensor.scalar(1000.0))).get(0).item());
    Graph back = IrReader.read(IrWriter.write(g));
    assertEquals(g, back);
  }

  /** The identity whose gradient is clipped to [-1, 1] (gradient clipping, JAX's example). */
  static final Fn CLIP = Cotangent.customVjp(Fn.of(x -> x), x -> List.of(x.get(0)),
      (res, g) -> List.of(Ops.clip(g.get(0), -1.0, 1.0)));

  @Test
  void customVjpClipsTheGradient() {
    Sym w = Sym.constant(new double[] {5.0, 0.5, -3.0});
    Fn loss = Fn.of(x -> Ops.sum(Sym.of(CLIP.inline1(x.node())).mul(w)));
    assertArrayEquals(new double[] {1.0, 0.5, -1.0},
        Cotangent.grad(loss).call1(new double[] {1, 2, 3}).toDoubleArray());
    assertEquals(5.0 + 1.0 - 9.0, loss.callDouble(new double[] {1, 2, 3}), 1e-15);
    // vmap of the gradient.
    Tensor b = Cotangent.vmap(Cotangent.grad(loss))
        .call1(Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}}));
    assertArrayEquals(new double[] {1.0, 0.5, -1.0, 1.0, 0.5, -1.0}, b.toDoubleArray());
  }

  /** sin with its VJP written by hand: fwd saves cos x, bwd multiplies. */
  static final Fn SIN = Cotangent.customVjp(Fn.of(Ops::sin),
      x -> List.of(Ops.sin(x.get(0)), Ops.cos(x.get(0))),
      (res, g) -> List.of(g.get(0).mul(res.get(0))));

  @Test
  void customVjpWithResidualsToSecondOrder() {
    for (double x : new double[] {-1.2, 0.3, 2.0}) {
      assertEquals(Math.cos(x), Cotangent.grad(SIN).callDouble(x), 1e-15);
      assertEquals(fd(SIN, x), Cotangent.grad(SIN).callDouble(x), 1e-8);
      // grad of grad differentiates bwd as code: d/dx cos x = -sin x.
      assertEquals(-Math.sin(x), Cotangent.grad(Cotangent.grad(SIN)).callDouble(x), 1e-14);
    }
    assertArrayEquals(new double[] {Math.cos(0.3), Math.cos(2.0)},
        Cotangent.vmap(Cotangent.grad(SIN)).call1(new double[] {0.3, 2.0}).toDoubleArray(),
        1e-15);
    assertArrayEquals(new double[] {Math.cos(0.3), 0, 0, Math.cos(2.0)},
        Cotangent.jacrev(Fn.of(v -> Sym.of(SIN.inline1(v.node()))))
            .call1(new double[] {0.3, 2.0}).toDoubleArray(), 1e-15);
  }

  @Test
  void forwardModeOfACustomVjpIsTheMapWhoseTransposeIsBwd() {
    // JAX refuses jvp of a custom_vjp function; here it probes bwd with the unit cotangents.
    assertEquals(Math.cos(0.3) * 2.0, Cotangent.jvp(SIN).call(0.3, 2.0).get(1).item(), 1e-15);
    Fn vec = Fn.of(v -> Sym.of(SIN.inline1(v.node())).mul(v));
    double[] x = {0.3, 2.0};
    assertArrayEquals(Cotangent.jacrev(vec).call1(x).toDoubleArray(),
        Cotangent.jacfwd(vec).call1(x).toDoubleArray(), 1e-15);
    // So the Hessian (jacfwd of jacrev) works: d2/dx2 (x sin x) = 2 cos x - x sin x.
    Fn scalar = Fn.of(v -> Sym.of(SIN.inline1(v.node())).mul(v));
    assertEquals(2 * Math.cos(0.3) - 0.3 * Math.sin(0.3),
        Cotangent.hessian(scalar).callDouble(0.3), 1e-14);
  }

  @Test
  void mistakesAreClearErrors() {
    // A rule of the wrong shape.
    Fn bad = Cotangent.customJvp(Fn.of(x -> x), (x, t) -> List.of(x.get(0)));
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> bad.callDouble(1.0));
    assertTrue(a.getMessage().startsWith("custom_jvp: the rule must return the 1 primal output"
        + " and their tangents"), a.getMessage());
    Fn badBwd = Cotangent.customVjp(Fn.of(x -> x), x -> List.of(x.get(0)),
        (res, g) -> List.of(g.get(0).reshape(1)));
    a = assertThrows(IllegalArgumentException.class, () -> badBwd.callDouble(1.0));
    assertTrue(a.getMessage().startsWith("custom_vjp: bwd must take the 0 residuals"),
        a.getMessage());
  }
}
