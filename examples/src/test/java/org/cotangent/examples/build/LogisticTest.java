package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The sensitivities of {@link Logistic#euler4} to {@code y0} and {@code rate}, generated in both
 * modes, against forward sensitivity equations propagated by hand and against central
 * differences.
 */
class LogisticTest {
  @Test
  void sensitivitiesMatchTheSensitivityRecurrenceAndFiniteDifferences() {
    double capacity = 10;
    double h = 0.3;
    for (double[] p : new double[][] {{0.5, 1.2}, {2.0, 0.4}, {9.5, 2.5}}) {
      double y = p[0];
      double rate = p[1];
      // s = dy/dy0, q = dy/drate, through y' = y + h rate y (1 - y/K).
      double s = 1;
      double q = 0;
      for (int n = 0; n < 4; n++) {
        double dStepDy = 1 + h * rate * (1 - 2 * y / capacity);
        double dStepDrate = h * y * (1 - y / capacity);
        q = dStepDy * q + dStepDrate;
        s = dStepDy * s;
        y = Logistic.step(y, rate, capacity, h);
      }
      LogisticDerivatives.Euler4Grad g = LogisticDerivatives.euler4Grad(p[0], p[1], capacity, h);
      assertEquals(y, g.value, 1e-14);
      assertEquals(s, g.y0, 1e-12);
      assertEquals(q, g.rate, 1e-12);
      LogisticDerivatives.Euler4Jvp t = LogisticDerivatives.euler4Jvp(p[0], p[1], capacity, h,
          0.25, -2.0);
      assertEquals(0.25 * s - 2.0 * q, t.tangent, 1e-12);
      double e = 1e-6;
      double fd = (Logistic.euler4(p[0], p[1] + e, capacity, h)
          - Logistic.euler4(p[0], p[1] - e, capacity, h)) / (2 * e);
      assertEquals(fd, g.rate, 1e-6);
    }
  }

  @Test
  void theLoopsSensitivitiesMatchTheSensitivityRecurrence() {
    double capacity = 10;
    double h = 0.01;
    for (double[] p : new double[][] {{0.5, 1.2}, {2.0, 0.4}, {9.5, 2.5}}) {
      double y = p[0];
      double rate = p[1];
      double s = 1;
      double q = 0;
      for (int n = 0; n < 200; n++) {
        double dStepDy = 1 + h * rate * (1 - 2 * y / capacity);
        double dStepDrate = h * y * (1 - y / capacity);
        q = dStepDy * q + dStepDrate;
        s = dStepDy * s;
        y += h * rate * y * (1 - y / capacity);
      }
      LogisticDerivatives.EulerGrad g = LogisticDerivatives.eulerGrad(p[0], p[1], capacity);
      assertEquals(Logistic.euler(p[0], p[1], capacity), g.value, 1e-14);
      assertEquals(y, g.value, 1e-12);
      assertEquals(s, g.y0, 1e-12);
      assertEquals(q, g.rate, 1e-12);
      LogisticDerivatives.EulerJvp t = LogisticDerivatives.eulerJvp(p[0], p[1], capacity, 1.0, 0.5);
      assertEquals(s + 0.5 * q, t.tangent, 1e-12);
      double e = 1e-6;
      double fd = (Logistic.euler(p[0] + e, p[1], capacity)
          - Logistic.euler(p[0] - e, p[1], capacity)) / (2 * e);
      assertEquals(fd, g.y0, 1e-6);
    }
  }
}
