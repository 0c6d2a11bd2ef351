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

  /** Forward mode only: a nested block with a return, && and ||, u++ and more of Math. */
  @Differentiable(modes = Differentiable.Mode.FORWARD)
  static double h(double u) {
    double t = u;
    t++;
    {
      double q = t * t;
      if (q > 4 && u < 3 || u < -5) {
        return Math.tanh(q) * u;
      }
      t *= Math.log1p(q);
    }
    return t / 2 + Math.max(u, 0.5) + Math.pow(u, 3) + Math.atan2(u, 2.0);
  }

  /** A for loop with constant bounds (a fori_loop): two carries, a captured value, the index. */
  @Differentiable(modes = Differentiable.Mode.BOTH)
  static double loop(double x, double y) {
    double s = 0;
    double p = x;
    final double c = y * 2;
    for (int i = 0; i < 5; i++) {
      double t = i * c;
      s += Math.sin(p + t);
      p = p * 0.9 + y;
    }
    return s + p;
  }
}
