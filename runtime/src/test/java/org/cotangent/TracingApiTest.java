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

  /**
   * The linear-algebra functions of Ops, traced, differentiated and compiled (generated code
   * calling the kernels through Rt), against closed forms: d log det(a) = inv(a)^T, d sum(inv(a))
   * = -(inv^T 1 inv^T), the gradient of x^T a^-1 x, and Cholesky's derivative through the
   * reconstruction (sum(L L^T * w) depends on a only through its symmetric part).
   */
  @Test
  void linearAlgebraTracesDifferentiatesAndCompiles() {
    double[][] a = {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 2}};
    double[] v = {1, -2, 0.5};
    Tensor ainv = Cotangent.jit(Fn.of(m -> Ops.inv(m))).call1((Object) a);
    double[] inv = ainv.toDoubleArray();
    // d/da log|det a| = inv(a)^T.
    Tensor g = Cotangent.grad(Fn.of(m -> Ops.slogdet(m)[1])).call1((Object) a);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(inv[j * 3 + i], g.toDoubleArray()[i * 3 + j], 1e-14);
      }
    }
    // det(a) inv(a)^T is d det; and a inv(a) = I.
    double det = Cotangent.jit(Fn.of(m -> Ops.det(m))).callDouble((Object) a);
    Tensor gd = Cotangent.grad(Fn.of(m -> Ops.det(m))).call1((Object) a);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(det * inv[j * 3 + i], gd.toDoubleArray()[i * 3 + j], 1e-12);
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += a[i][k] * inv[k * 3 + j];
        }
        assertEquals(i == j ? 1.0 : 0.0, s, 1e-14);
      }
    }
    // q(x) = x^T a^-1 x: grad_x = (a^-1 + a^-T) x = 2 a^-1 x (a symmetric).
    Fn q = Fn.of((m, x) -> Ops.sum(x.mul(Ops.solve(m, x))));
    double[] gx = Cotangent.grad(q, 1).call1(a, v).toDoubleArray();
    for (int i = 0; i < 3; i++) {
      double s = 0;
      for (int k = 0; k < 3; k++) {
        s += 2 * inv[i * 3 + k] * v[k];
      }
      assertEquals(s, gx[i], 1e-14);
    }
    // sum(L L^T * w) = sum(sym(a) * w): its gradient is sym(w), whatever a is (definite).
    double[][] w = {{1, 2, 3}, {0, -1, 4}, {5, 0.5, 2}};
    Sym ws = Sym.constant(w);
    Fn rec = Fn.of(m -> {
      Sym l = Ops.cholesky(m);
      return Ops.sum(l.matmul(l.t()).mul(ws));
    });
    double[] gr = Cotangent.grad(rec).call1((Object) a).toDoubleArray();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals((w[i][j] + w[j][i]) / 2, gr[i * 3 + j], 1e-13);
      }
    }
    // A triangular solve and its gradient in b: x = L^-1 b, d sum(x)/db = L^-T 1.
    double[][] lo = {{2, 0, 0}, {1, 3, 0}, {-1, 0.5, 4}};
    double[] gb = Cotangent.grad(Fn.of((m, b) -> Ops.sum(Ops.triangularSolve(m, b, true, true))),
        1).call1(lo, v).toDoubleArray();
    double[] expected = new double[3];
    for (int i = 2; i >= 0; i--) {
      double s = 1;
      for (int k = i + 1; k < 3; k++) {
        s -= lo[k][i] * expected[k];
      }
      expected[i] = s / lo[i][i];
    }
    assertArrayEquals(expected, gb, 1e-15);
  }
}
