package org.cotangent.examples.build;

import org.cotangent.Differentiable;
import org.cotangent.Shape;

/**
 * A system of {@code n} damped oscillators: mass {@code i} is held at 0 by a spring of stiffness
 * {@code k[i]}, damped by {@code c}, and pulled toward the centre of mass of the system by a
 * coupling {@code kappa}. Started at rest from {@code x0}, it is integrated with {@code steps}
 * explicit Euler steps of {@code h}; the state is two {@code double[]} arrays, and each step
 * writes the next state into new arrays ({@code y = ynew}). The processor reads the steps as a
 * scan whose carries are {@code f64[n]} and the loops over the masses as whole-array operations,
 * so one generated class serves every {@code n} and every step count. {@link #miss} is the fit
 * of the final positions to {@code target}; its gradient with respect to the parameters {@code
 * k}, {@code c} and {@code kappa} is what a fit of them needs.
 */
public final class Oscillators {
  private Oscillators() {}

  /** The squared distance of the positions after {@code steps} steps from {@code target}. */
  @Differentiable(wrt = {"k", "c", "kappa"})
  public static double miss(@Shape("n") double[] x0, @Shape("n") double[] target,
      @Shape("n") double[] k, double c, double kappa, double h, int steps) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] v = new double[n];
    for (int t = 0; t < steps; t++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x[i];
      }
      double centre = sum / n;
      double[] xnew = new double[n];
      double[] vnew = new double[n];
      for (int i = 0; i < n; i++) {
        double force = -k[i] * x[i] - c * v[i] + kappa * (centre - x[i]);
        vnew[i] = v[i] + h * force;
        xnew[i] = x[i] + h * v[i];
      }
      x = xnew;
      v = vnew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - target[i];
      e += d * d;
    }
    return e;
  }
}
