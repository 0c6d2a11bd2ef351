package org.cotangent.examples.build;

import org.cotangent.Differentiable;

/**
 * Three masses on a line joined by springs of stiffness {@code k} and rest length {@code l0}, the
 * first tied to a wall at 0 and the last to a wall at {@code w}. The gradient of the energy with
 * respect to the positions is minus the forces on the masses.
 */
public final class Springs {
  private Springs() {}

  /** The elastic energy of one spring stretched to length {@code d}. */
  @Differentiable
  public static double spring(double d, double k, double l0) {
    final double stretch = d - l0;
    return 0.5 * k * stretch * stretch;
  }

  /** The energy of the chain wall-x1-x2-x3-wall, with respect to the positions only. */
  @Differentiable(wrt = {"x1", "x2", "x3"})
  public static double energy(double x1, double x2, double x3, double w, double k, double l0) {
    double e = spring(x1, k, l0);
    e += spring(x2 - x1, k, l0);
    e += spring(x3 - x2, k, l0);
    e += spring(w - x3, k, l0);
    return e;
  }
}
