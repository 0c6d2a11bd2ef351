package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.junit.jupiter.api.Test;

/** The benchmark compares equal work: the baseline computes what Cotangent computes. */
class RosenbrockTest {
  @Test
  void handWrittenAndCompiledAgree() {
    Random r = new Random(3);
    double[] x = new double[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    Fn f = Rosenbrock.traced();
    assertEquals(Rosenbrock.value(x), f.callDouble(x), 1e-12 * Rosenbrock.value(x));
    double[] g = new double[x.length];
    Rosenbrock.gradient(x, g);
    assertArrayEquals(g, Cotangent.grad(f).call1(x).toDoubleArray(), 1e-10);
  }
}
