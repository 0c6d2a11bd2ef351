package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jacfwd;
import static org.cotangent.Cotangent.jacrev;
import static org.cotangent.Cotangent.vmap;
import static org.cotangent.symbolic.Np.add;
import static org.cotangent.symbolic.Np.cos;
import static org.cotangent.symbolic.Np.exp;
import static org.cotangent.symbolic.Np.index;
import static org.cotangent.symbolic.Np.matmul;
import static org.cotangent.symbolic.Np.mul;
import static org.cotangent.symbolic.Np.sin;
import static org.cotangent.symbolic.Np.sum;
import static org.cotangent.symbolic.Np.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.runtime.Backend;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.runtime.FreshBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Cotangent.vmap}, {@code jacfwd}, {@code jacrev}, {@code hessian}: compiled results
 * against loops of unbatched calls, central finite differences and closed forms.
 */
class VmapJacobianApiTest {
  @RegisterExtension
  final FreshBackend backend = new FreshBackend();


  static Tensor randn(long seed, int... dims) {
    return Tensor.normal(seed, TensorType.f64(dims));
  }

  /** Row {@code i} of a matrix / column of axis {@code axis}, as a tensor. */
  static Tensor take(Tensor t, int axis, int i) {
    int rows = t.shape().dim(0);
    int cols = t.shape().dim(1);
    int n = axis == 0 ? cols : rows;
    double[] r = new double[n];
    for (int k = 0; k < n; k++) {
      r[k] = axis == 0 ? t.get(i * cols + k) : t.get(k * cols + i);
    }
    return Tensor.of(r);
  }

  static void assertArray(double[] want, Tensor got, double tol) {
    assertEquals(want.length, got.size());
    for (int k = 0; k < want.length; k++) {
      assertEquals(want[k], got.get(k), tol * (1 + Math.abs(want[k])), "element " + k);
    }
  }

  @Test
  void vmapEqualsALoopOfCalls() {
    Tensor a = randn(1, 3, 4);
    Fn f = Fn.of2((x, y) -> mul(tanh(matmul(Ir.constant(a), x)), sum(mul(y, y))));
    Tensor xs = randn(2, 5, 4);
    Tensor ys = randn(3, 2, 5);
    // x mapped over axis 0 (5 rows), y over axis 1 (5 columns); the output's batch axis last.
    List<Tensor> out = vmap(f, new Integer[] {0, 1}, 1).call(xs, ys);
    assertEquals(TensorType.f64(3, 5), out.get(0).type());
    for (int b = 0; b < 5; b++) {
      Tensor want = f.call(take(xs, 0, b), take(ys, 1, b)).get(0);
      for (int k = 0; k < 3; k++) {
        assertEquals(want.get(k), out.get(0).get(k * 5 + b), 1e-14);
      }
    }
    // y unmapped: shared by every row of x.
    Tensor y = randn(4, 2);
    List<Tensor> shared = vmap(f, new Integer[] {0, null}).call(xs, y);
    for (int b = 0; b < 5; b++) {
      Tensor want = f.call(take(xs, 0, b), y).get(0);
      for (int k = 0; k < 3; k++) {
        assertEquals(want.get(k), shared.get(0).get(b * 3 + k), 1e-14);
      }
    }
  }

  @Test
  void vmapOfGradAndVmapOfVmap() {
    Fn f = Fn.of1(x -> sum(mul(sin(x), x)));
    Tensor xs = randn(5, 3, 4);
    Tensor g = vmap(grad(f)).call(xs).get(0);
    double[] want = new double[12];
    for (int k = 0; k < 12; k++) {
      double x = xs.get(k);
      want[k] = Math.sin(x) + x * Math.cos(x);
    }
    assertArray(want, g, 1e-14);
    Fn sq = Fn.of1(x -> mul(x, x));
    Tensor s = vmap(vmap(sq), 1, 0).call(xs).get(0);
    assertEquals(TensorType.f64(4, 3), s.type());
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(xs.get(i * 4 + j) * xs.get(i * 4 + j), s.get(j * 3 + i), 0.0);
      }
    }
  }

  @Test
  void jacfwdAndJacrevEqualFiniteDifferences() {
    Tensor w = randn(6, 2, 3);
    Fn f = Fn.of2((x, c) -> exp(mul(sin(matmul(Ir.constant(w), x)), c)));
    Tensor x = randn(7, 3);
    Tensor c = Tensor.scalar(0.7);
    Tensor jf = jacfwd(f).call(x, c).get(0);
    Tensor jr = jacrev(f).call(x, c).get(0);
    assertEquals(TensorType.f64(2, 3), jf.type());
    double eps = 1e-6;
    double[] fd = new double[6];
    for (int k = 0; k < 3; k++) {
      double[] p = x.data();
      double[] m = x.data();
      p[k] += eps;
      m[k] -= eps;
      Tensor fp = f.call(Tensor.of(p), c).get(0);
      Tensor fm = f.call(Tensor.of(m), c).get(0);
      for (int i = 0; i < 2; i++) {
        fd[i * 3 + k] = (fp.get(i) - fm.get(i)) / (2 * eps);
      }
    }
    assertArray(fd, jf, 1e-7);
    assertArray(jf.data(), jr, 1e-14);
    // With respect to the scalar second argument: shape out.shape + () = (2,).
    Tensor jc = jacrev(f, 1).call(x, c).get(0);
    assertEquals(TensorType.f64(2), jc.type());
    assertArray(jacfwd(f, 1).call(x, c).get(0).data(), jc, 1e-14);
  }

  @Test
  void hessianMatchesTheClosedForm() {
    // f(x) = sum(cos(x)) + x0 * x1 * x2: H = -diag(cos x) + the off-diagonal x_k.
    Fn f = Fn.of1(x -> add(sum(cos(x)),
        mul(mul(index(x, 0, 0), index(x, 0, 1)), index(x, 0, 2))));
    double[] x = {0.3, -1.1, 2.0};
    Tensor h = hessian(f).call(x).get(0);
    assertEquals(TensorType.f64(3, 3), h.type());
    double[] want = {-Math.cos(x[0]), x[2], x[1], x[2], -Math.cos(x[1]), x[0], x[1], x[0],
        -Math.cos(x[2])};
    assertArray(want, h, 1e-14);
  }

  @Test
  void errorsAreClear() {
    Fn f = Fn.of2((x, y) -> mul(x, y));
    IrException sizes = assertThrows(IrException.class,
        () -> vmap(f).call(new double[] {1, 2}, new double[] {1, 2, 3}));
    assertEquals("vmap(f) got inconsistent sizes for the mapped axes: argument 0 (x) has size 2"
        + " along axis 0, but argument 1 (y) has size 3 along axis 0", sizes.getMessage());
    IrException none = assertThrows(IrException.class,
        () -> vmap(f, new Integer[] {null, null}).call(1.0, 2.0));
    assertTrue(none.getMessage().contains("needs at least one mapped argument"), none.getMessage());
    IrException arity = assertThrows(IrException.class, () -> vmap(f, new Integer[] {0}));
    assertTrue(arity.getMessage().contains("inAxes has 1 entries"), arity.getMessage());
    IrException argnum = assertThrows(IrException.class, () -> jacfwd(f, 2));
    assertEquals("argnums 2 is out of range for f, which takes 2 arguments",
        argnum.getMessage());
  }
}
