package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.Test;

/** Java lambdas over Sym trace, differentiate and compile, checked against closed forms. */
class TracingApiTest {
  @Test
  void gradOfALambdaOverSyms() {
    Sym x = Sym.constant(new double[][] {{1, 2}, {3, 4}, {-1, 0.5}});
    Fn loss = Fn.of((w, b) -> Ops.sum(Ops.tanh(x.matmul(w).add(b))));
    double[] w = {0.3, -0.2};
    double b = 0.1;
    Tensor gw = Cotangent.grad(loss, 0).call1(w, b);
    // d/dw sum_i tanh(x_i . w + b) = sum_i (1 - tanh^2(z_i)) x_i
    double[] expected = new double[2];
    double[][] xs = {{1, 2}, {3, 4}, {-1, 0.5}};
    for (double[] row : xs) {
      double z = row[0] * w[0] + row[1] * w[1] + b;
      double s = 1 - Math.tanh(z) * Math.tanh(z);
      expected[0] += s * row[0];
      expected[1] += s * row[1];
    }
    assertArrayEquals(expected, gw.toDoubleArray(), 1e-14);
  }

  @Test
  void gradOfGradOfAOneArgumentLambda() {
    Fn f = Fn.of(v -> Ops.sin(v).mul(v));
    Fn d2 = Cotangent.grad(Cotangent.grad(f));
    double t = 0.7;
    // (x sin x)'' = 2 cos x - x sin x
    assertEquals(2 * Math.cos(t) - t * Math.sin(t), d2.callDouble(t), 1e-14);
  }

  @Test
  void checkGradsPassesAndCatchesAWrongDerivative() {
    Fn f = Fn.of((a, b) -> Ops.sum(Ops.sin(a).mul(b)));
    Cotangent.checkGrads(f, java.util.List.of(new double[] {0.1, 0.7}, 1.3), 2);
    // A function whose derivative rule is broken on purpose: floor has zero derivative, so
    // checking it where it jumps within the finite-difference step must fail.
    Fn jump = Fn.of(v -> Ops.sum(v.add(Sym.constant(1e-7)).astype(org.cotangent.symbolic.DType.I64)
        .astype(org.cotangent.symbolic.DType.F64).mul(v)));
    org.junit.jupiter.api.Assertions.assertThrows(
        org.cotangent.symbolic.ad.GradientCheckFailure.class,
        () -> Cotangent.checkGrads(jump, java.util.List.of(new double[] {1.0 - 1e-7}), 1));
  }

  @Test
  void theNumericFunctionsOfOpsTraceAndCompile() {
    // logsumexp of large inputs and its gradient (the softmax); std, norm and clip with their
    // closed-form gradients; argmax as a constant factor; mod, remainder and stop_gradient.
    Fn lse = Fn.of(v -> Ops.logsumexp(v));
    double[] big = {1000, 1000, 1000 - Math.log(2)};
    double third = Math.exp(big[2] - 1000);
    assertEquals(1000 + Math.log(2 + third), lse.callDouble(big), 1e-12);
    assertArrayEquals(new double[] {1 / (2 + third), 1 / (2 + third), third / (2 + third)},
        Cotangent.grad(lse).call1((Object) big).toDoubleArray(), 1e-15);
    double[] x = {3, 4};
    assertArrayEquals(new double[] {0.6, 0.8},
        Cotangent.grad(Fn.of(v -> Ops.norm(v))).call1((Object) x).toDoubleArray(), 1e-15);
    // d/dx std(x) = (x - mean) / (n sd): for (3, 4), sd = 1/2.
    assertArrayEquals(new double[] {-0.5, 0.5},
        Cotangent.grad(Fn.of(v -> Ops.std(v))).call1((Object) x).toDoubleArray(), 1e-15);
    Fn mixed = Fn.of(v -> Ops.sum(Ops.clip(v, 0, 3.5).add(Ops.fmod(v, Sym.constant(2.5)))
        .add(Ops.remainder(v, Sym.constant(-2.5)).mul(Ops.argmax(v)))
        .add(v.mul(Ops.stopGradient(v)))));
    // Per element: clip' (1 below 3.5, 0 above) + 1 + argmax (= 1) + stop_gradient(v) = v.
    assertArrayEquals(new double[] {1 + 1 + 1 + 3, 0 + 1 + 1 + 4},
        Cotangent.grad(mixed).call1((Object) x).toDoubleArray(), 1e-15);
    // 4 sum(w * softmax(v)) at v = (7, 7): 4 s (w - <s, w>) = (-1, 1).
    assertArrayEquals(new double[] {-1, 1}, Cotangent.grad(Fn.of(v -> Ops.sum(Ops.softmax(v)
        .mul(Sym.constant(new double[] {1, 2}))).mul(4))).call1((Object) new double[] {7, 7})
        .toDoubleArray(), 1e-15);
  }
}
