package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The benchmark compares equal work: the static and the symbolic program give one value and one
 * gradient (to rounding; the two rules multiply in different orders), and the gradient is
 * {@code dL/dx_j = sum_{k >= j} w_k y_k / x_j} (every {@code x_j} is near 1, never 0).
 */
class SymbolicCumprodBenchTest {
  @Test
  void bothRulesGiveTheClosedFormGradient() {
    for (int n : new int[] {1, 16, 128}) {
      SymbolicCumprodBench b = new SymbolicCumprodBench();
      b.n = n;
      b.setup();
      double[] fixed = b.staticRule().clone();
      double fixedValue = b.out[0][0];
      double[] sized = b.symbolicRule().clone();
      assertEquals(fixedValue, b.out[0][0], 1e-12 * (1 + Math.abs(fixedValue)), "value, n=" + n);
      double[] x = b.in[0];
      double[] w = b.in[1];
      double[] y = new double[n];
      double acc = 1;
      for (int k = 0; k < n; k++) {
        acc *= x[k];
        y[k] = acc;
      }
      double tail = 0;
      for (int j = n - 1; j >= 0; j--) {
        tail += w[j] * y[j];
        double want = tail / x[j];
        assertEquals(want, fixed[j], 1e-12 * (1 + Math.abs(want)), "static, n=" + n + " [" + j
            + "]");
        assertEquals(want, sized[j], 1e-12 * (1 + Math.abs(want)), "symbolic, n=" + n + " [" + j
            + "]");
      }
    }
  }
}
