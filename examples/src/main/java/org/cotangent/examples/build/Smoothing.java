package org.cotangent.examples.build;

import org.cotangent.Differentiable;
import org.cotangent.Shape;

/**
 * Exponential smoothing of a series, {@code s[i] = a s[i - 1] + (1 - a) x[i]} from {@code s[0] =
 * x[0]}: a recurrence along the array it writes (each element from the one before), which the
 * processor reads as a scan over the series whose carry is the element before. {@link #fit} is
 * the squared distance of the smoothed series from {@code target}; its gradient with respect to
 * the smoothing factor {@code a} and every observation {@code x[i]} comes from one generated
 * class for every length.
 */
public final class Smoothing {
  private Smoothing() {}

  /** The squared distance of the smoothed {@code x} from {@code target}. */
  @Differentiable(wrt = {"x", "a"})
  public static double fit(@Shape("n") double[] x, @Shape("n") double[] target, double a) {
    double[] s = x.clone();
    for (int i = 1; i < x.length; i++) {
      s[i] = a * s[i - 1] + (1 - a) * x[i];
    }
    double e = 0;
    for (int i = 0; i < x.length; i++) {
      double d = s[i] - target[i];
      e += d * d;
    }
    return e;
  }
}
