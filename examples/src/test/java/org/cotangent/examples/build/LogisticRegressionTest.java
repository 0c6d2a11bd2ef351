package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated gradient of {@link LogisticRegression#loss} at three data-set sizes (one
 * generated class): against the closed form (dL/dw = x^T (p - y) / m, dL/db = mean(p - y)) and
 * central differences; a ragged {@code x} is an IllegalArgumentException naming it.
 */
class LogisticRegressionTest {
  @Test
  void gradientAtThreeSizesMatchesTheClosedFormAndFiniteDifferences() {
    Random r = new Random(2026);
    LogisticRegressionDerivatives.LossGrad into = new LogisticRegressionDerivatives.LossGrad();
    for (int[] s : new int[][] {{1, 1}, {8, 3}, {50, 7}}) {
      int m = s[0];
      int n = s[1];
      double[] w = new double[n];
      double[][] x = new double[m][n];
      double[] y = new double[m];
      for (int j = 0; j < n; j++) {
        w[j] = r.nextGaussian();
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          x[i][j] = r.nextGaussian();
        }
        y[i] = r.nextBoolean() ? 1 : 0;
      }
      double b = 0.3;
      LogisticRegressionDerivatives.LossGrad g =
          LogisticRegressionDerivatives.lossGrad(w, b, x, y, into);
      assertEquals(LogisticRegression.loss(w, b, x, y), g.value, 1e-13);
      double[] dw = new double[n];
      double db = 0;
      for (int i = 0; i < m; i++) {
        double z = b;
        for (int j = 0; j < n; j++) {
          z += w[j] * x[i][j];
        }
        double p = 1 / (1 + Math.exp(-z));
        db += (p - y[i]) / m;
        for (int j = 0; j < n; j++) {
          dw[j] += (p - y[i]) * x[i][j] / m;
        }
      }
      assertEquals(n, g.w.length);
      assertEquals(db, g.b, 1e-12);
      double h = 1e-6;
      for (int j = 0; j < n; j++) {
        assertEquals(dw[j], g.w[j], 1e-12, "dL/dw" + j + " at m=" + m + ", n=" + n);
        double[] wp = w.clone();
        double[] wm = w.clone();
        wp[j] += h;
        wm[j] -= h;
        double fd = (LogisticRegression.loss(wp, b, x, y) - LogisticRegression.loss(wm, b, x, y))
            / (2 * h);
        assertEquals(fd, g.w[j], 1e-6);
      }
    }
  }

  @Test
  void aRaggedDataSetIsRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogisticRegressionDerivatives.lossGrad(new double[] {1, 2}, 0,
            new double[][] {{1, 2}, {3}}, new double[] {0, 1}));
    assertEquals("LogisticRegression.loss: x[1].length is 1, expected 2 = w.length (x must be"
        + " rectangular)", e.getMessage());
  }
}
