package org.cotangent.examples.build;

import org.cotangent.Differentiable;

/**
 * Explicit Euler for the logistic growth {@code y' = rate * y * (1 - y / capacity)}: 200 steps in a
 * for loop with constant bounds (an IR fori_loop, one Java loop in the generated code), and four
 * steps written out as calls of one step. The derivatives with respect to the parameters {@code
 * y0} and {@code rate} are the sensitivities a fit needs; forward and reverse mode are both
 * generated.
 */
public final class Logistic {
  private Logistic() {}

  /** One explicit Euler step. */
  @Differentiable
  public static double step(double y, double rate, double capacity, double h) {
    return y + h * rate * y * (1 - y / capacity);
  }

  /** The state after four steps from {@code y0}. */
  @Differentiable(wrt = {"y0", "rate"}, modes = Differentiable.Mode.BOTH)
  public static double euler4(double y0, double rate, double capacity, double h) {
    double y = y0;
    y = step(y, rate, capacity, h);
    y = step(y, rate, capacity, h);
    y = step(y, rate, capacity, h);
    y = step(y, rate, capacity, h);
    return y;
  }

  /** The state at time 2 from {@code y0}, by 200 explicit Euler steps of 0.01. */
  @Differentiable(wrt = {"y0", "rate"}, modes = Differentiable.Mode.BOTH)
  public static double euler(double y0, double rate, double capacity) {
    final double h = 0.01;
    double y = y0;
    for (int i = 0; i < 200; i++) {
      y += h * rate * y * (1 - y / capacity);
    }
    return y;
  }

  /**
   * The state after {@code steps} explicit Euler steps of {@code h} from {@code y0}: the step
   * count is a parameter, so one generated class serves every count (a scan over the size {@code
   * steps}, checked {@code >= 0} at entry).
   */
  @Differentiable(wrt = {"y0", "rate"}, modes = Differentiable.Mode.BOTH)
  public static double eulerSteps(double y0, double rate, double capacity, double h, int steps) {
    double y = y0;
    for (int i = 0; i < steps; i++) {
      y += h * rate * y * (1 - y / capacity);
    }
    return y;
  }

  /**
   * Relaxation {@code y' = k u(t) - y} toward a forcing read from {@code u}, one explicit Euler
   * step of {@code h} per element: a recurrence over {@code u.length} steps, differentiated with
   * respect to {@code y0}, {@code k} and every {@code u[i]}.
   */
  @Differentiable(wrt = {"y0", "k", "u"})
  public static double relax(double y0, double k, double h, double[] u) {
    double y = y0;
    for (int i = 0; i < u.length; i++) {
      y += h * (k * u[i] - y);
    }
    return y;
  }
}
