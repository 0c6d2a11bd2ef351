package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The generated gradient of {@link Springs#energy} is minus the spring forces on the masses. */
class SpringsTest {
  @Test
  void theGradientIsMinusTheForces() {
    double w = 4.0;
    double k = 3.5;
    double l0 = 0.9;
    double[][] positions = {{1, 2, 3}, {0.5, 2.7, 3.1}, {1.2, 1.0, 3.9}};
    SpringsDerivatives.EnergyGrad g = new SpringsDerivatives.EnergyGrad();
    for (double[] x : positions) {
      SpringsDerivatives.energyGrad(x[0], x[1], x[2], w, k, l0, g);
      // Tension of each spring: k (length - l0), pulling its ends together.
      double t1 = k * (x[0] - l0);
      double t2 = k * (x[1] - x[0] - l0);
      double t3 = k * (x[2] - x[1] - l0);
      double t4 = k * (w - x[2] - l0);
      double[] force = {t2 - t1, t3 - t2, t4 - t3};
      assertEquals(Springs.energy(x[0], x[1], x[2], w, k, l0), g.value, 1e-14);
      assertEquals(-force[0], g.x1, 1e-12);
      assertEquals(-force[1], g.x2, 1e-12);
      assertEquals(-force[2], g.x3, 1e-12);
    }
  }

  @Test
  void atRestTheGradientIsZero() {
    // Equal spacing of the rest length: every spring is at rest.
    SpringsDerivatives.EnergyGrad g = SpringsDerivatives.energyGrad(1, 2, 3, 4, 2.0, 1.0);
    assertEquals(0.0, g.value, 0.0);
    assertEquals(0.0, g.x1, 1e-15);
    assertEquals(0.0, g.x2, 1e-15);
    assertEquals(0.0, g.x3, 1e-15);
  }
}
