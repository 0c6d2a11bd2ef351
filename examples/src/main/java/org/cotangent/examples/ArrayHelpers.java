package org.cotangent.examples;

import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;

/**
 * The few NumPy functions the cookbook uses that {@link Ops} does not have: array constructors
 * ({@code ones}, {@code eye}), {@code vstack} of a list of rows, and {@code allclose}.
 */
final class ArrayHelpers {
  private ArrayHelpers() {}

  /** NumPy's {@code allclose(a, b)}: {@code rtol = 1e-5}, {@code atol = 1e-8}. */
  static boolean allclose(Sym a, Sym b) {
    return allclose(a, b, 1e-5, 1e-8);
  }

  /**
   * NumPy's {@code allclose(a, b, rtol, atol)}: {@code |a - b| <= atol + rtol |b|} elementwise,
   * after broadcasting (complex values by their modulus).
   */
  static boolean allclose(Sym a, Sym b, double rtol, double atol) {
    Shape s = Np.broadcastShapes(a.shape(), b.shape());
    Tensor x = Ops.broadcastTo(a, s).value();
    Tensor y = Ops.broadcastTo(b, s).value();
    for (int k = 0; k < x.size(); k++) {
      double d = Math.hypot(x.re(k) - y.re(k), x.im(k) - y.im(k));
      if (!(d <= atol + rtol * Math.hypot(y.re(k), y.im(k)))) {
        return false;
      }
    }
    return true;
  }
}
