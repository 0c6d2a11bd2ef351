package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The last cell of the Autodiff Cookbook: {@code grad(f, holomorphic=True)(A)} for {@code f(X) =
 * sum((L - sin(L))**2)}, {@code L = cholesky(X)}, at {@code A = [[5, 2+3j, 5j], [2-3j, 7, 1+7j],
 * [-5j, 1-7j, 12]]}.
 *
 * <p><b>What the quantity is.</b> {@code f} is complex-valued and not holomorphic (Cholesky reads
 * {@code X} through {@code (X + X^H) / 2}, which conjugates). {@code holomorphic=True} only
 * allows the complex output: JAX's {@code grad} is then {@code vjp(f, A)(1)}, the VJP of the
 * cotangent {@code 1 + 0j}. By DESIGN section 3, with {@code a_k = df/dz_k} and {@code b_k =
 * df/dzbar_k} (the Wirtinger derivatives of {@code f} in entry {@code k} of {@code A}), the VJP of
 * {@code w} is {@code a_k w + conj(b_k w)}, so at {@code w = 1} entry {@code k} is {@code a_k +
 * conj(b_k)}. Writing {@code z_k = x_k + i y_k}, {@code a_k = (f_x - i f_y) / 2} and {@code b_k =
 * (f_x + i f_y) / 2} with {@code f_x}, {@code f_y} the (complex) partial derivatives, hence
 * {@code a_k + conj(b_k) = Re(f_x) - i Re(f_y) = d(Re f)/dx_k - i d(Re f)/dy_k}: the gradient of
 * the real part of {@code f} in the C -> R convention (the cookbook: "the Jacobian of the function
 * where we just discard the imaginary part of the output"). That combination of the 18 real
 * partial derivatives is what this test computes by finite differences, on {@code Re f}
 * evaluated by an independent implementation (a complex Cholesky written here over Commons Math
 * {@link Complex}), and compares with our VJP of {@code 1 + 0j} ({@code holomorphic=True} is not
 * in {@code Ad} on this branch; {@code Ad.vjp} with JAX's cotangent is the same quantity).
 * Symmetrisation makes it Hermitian, which the test checks too, and it agrees with the numbers
 * the cookbook prints (JAX in float32).
 */
class CholeskyCookbookGradientTest {
  private static final Complex[][] A = {
      {new Complex(5, 0), new Complex(2, 3), new Complex(0, 5)},
      {new Complex(2, -3), new Complex(7, 0), new Complex(1, 7)},
      {new Complex(0, -5), new Complex(1, -7), new Complex(12, 0)}};

  /** The cookbook's output (complex64), row-major. */
  private static final double[][] JAX = {
      {-0.75342447, 0}, {-3.0509021, -10.940544}, {5.989684, 3.5422976},
      {-3.0509021, 10.940544}, {-8.904487, 0}, {-5.1351547, -6.5593696},
      {5.989684, -3.5422976}, {-5.1351547, 6.5593696}, {0.01320434, 0}};

  /** The lower Cholesky factor of (x + x^H) / 2, the textbook algorithm over Commons Math Complex. */
  static Complex[][] cholesky(Complex[][] x) {
    int n = x.length;
    Complex[][] l = new Complex[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        l[i][j] = Complex.ZERO;
      }
    }
    for (int j = 0; j < n; j++) {
      Complex s = x[j][j].add(x[j][j].conjugate()).divide(2);
      for (int k = 0; k < j; k++) {
        s = s.subtract(l[j][k].multiply(l[j][k].conjugate()));
      }
      l[j][j] = new Complex(Math.sqrt(s.getReal()));
      for (int i = j + 1; i < n; i++) {
        Complex t = x[i][j].add(x[j][i].conjugate()).divide(2);
        for (int k = 0; k < j; k++) {
          t = t.subtract(l[i][k].multiply(l[j][k].conjugate()));
        }
        l[i][j] = t.divide(l[j][j]);
      }
    }
    return l;
  }

  /** Re f(x) with f(X) = sum((L - sin L)^2). */
  static double realF(Complex[][] x) {
    Complex[][] l = cholesky(x);
    Complex s = Complex.ZERO;
    for (Complex[] row : l) {
      for (Complex v : row) {
        Complex d = v.subtract(v.sin());
        s = s.add(d.multiply(d));
      }
    }
    return s.getReal();
  }

  private static Complex[][] perturbed(int k, boolean imaginary, double h) {
    Complex[][] x = new Complex[3][3];
    for (int i = 0; i < 3; i++) {
      x[i] = A[i].clone();
    }
    Complex d = imaginary ? new Complex(0, h) : new Complex(h, 0);
    x[k / 3][k % 3] = x[k / 3][k % 3].add(d);
    return x;
  }

  /** d(Re f)/d(parameter) by fourth-order central differences. */
  private static double partial(int k, boolean imaginary) {
    double h = 1e-3;
    double f1 = realF(perturbed(k, imaginary, h)) - realF(perturbed(k, imaginary, -h));
    double f2 = realF(perturbed(k, imaginary, 2 * h)) - realF(perturbed(k, imaginary, -2 * h));
    return (8 * f1 - f2) / (12 * h);
  }

  @Test
  void gradientEqualsTheWirtingerCombinationOfFiniteDifferences() {
    TensorType t = TensorType.of(DType.C128, 3, 3);
    Graph f = Graph.trace(List.of("X"), List.of(t), ps -> {
      Node l = Linalg.cholesky(ps.get(0));
      Node d = Np.sub(l, Np.sin(l));
      return List.of(Np.sum(Np.mul(d, d)));
    });
    double[] a = new double[18];
    for (int k = 0; k < 9; k++) {
      a[2 * k] = A[k / 3][k % 3].getReal();
      a[2 * k + 1] = A[k / 3][k % 3].getImaginary();
    }
    // JAX's grad(f, holomorphic=True) = vjp(f)(1 + 0j).
    List<Tensor> r = Interpreter.eval(Ad.vjp(f), Tensor.wrap(t, a), Tensor.complexScalar(1, 0));
    double[] g = r.get(1).unsafeData();
    // Our forward value agrees with the independent one.
    double fr = r.get(0).unsafeData()[0];
    assertTrue(Math.abs(fr - realF(A)) < 1e-12 * Math.abs(fr), "f(A) = " + fr + " vs " + realF(A));
    for (int k = 0; k < 9; k++) {
      double re = partial(k, false);
      double im = -partial(k, true);
      String at = "entry (" + k / 3 + ", " + k % 3 + ")";
      assertTrue(Math.abs(g[2 * k] - re) <= 1e-8 * (1 + Math.abs(re)),
          at + ": real part " + g[2 * k] + ", finite differences d(Re f)/dx = " + re);
      assertTrue(Math.abs(g[2 * k + 1] - im) <= 1e-8 * (1 + Math.abs(im)),
          at + ": imaginary part " + g[2 * k + 1] + ", finite differences -d(Re f)/dy = " + im);
      // The cookbook's float32 numbers.
      assertTrue(Math.abs(g[2 * k] - JAX[k][0]) <= 2e-5 * (1 + Math.abs(JAX[k][0]))
          && Math.abs(g[2 * k + 1] - JAX[k][1]) <= 2e-5 * (1 + Math.abs(JAX[k][1])),
          at + ": (" + g[2 * k] + ", " + g[2 * k + 1] + ") vs JAX's (" + JAX[k][0] + ", "
              + JAX[k][1] + ")");
      // Hermitian: entry (j, i) is the conjugate of entry (i, j).
      int kt = (k % 3) * 3 + k / 3;
      assertTrue(Math.abs(g[2 * k] - g[2 * kt]) < 1e-12 * (1 + Math.abs(g[2 * k]))
          && Math.abs(g[2 * k + 1] + g[2 * kt + 1]) < 1e-12 * (1 + Math.abs(g[2 * k + 1])),
          "the gradient is Hermitian at " + at);
    }
  }
}
