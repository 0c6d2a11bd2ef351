package test;

import org.cotangent.Differentiable;

/** Sample methods for the processor's tests. */
final class Model {
  private Model() {}

  /** A smooth function of two variables. */
  @Differentiable(modes = Differentiable.Mode.BOTH)
  static double f(double x, double y) {
    double z = x * y;
    z += Math.sin(x);
    final double w = z / (1 + y * y);
    return w - Math.exp(-x);
  }

  /** Branches and an early return, calling f (inlined). */
  @Differentiable(wrt = {"a"})
  static double g(double a, double b) {
    if (a < 0) {
      return -a * b;
    }
    double s = b;
    if (a > 1) {
      s = s * a;
    } else {
      s -= a;
    }
    return a > 2 ? f(a, s) : Math.sqrt(a + s * s);
  }
}
