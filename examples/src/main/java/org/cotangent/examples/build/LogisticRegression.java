package org.cotangent.examples.build;

import org.cotangent.Differentiable;
import org.cotangent.Shape;

/**
 * The mean cross-entropy loss of logistic regression over a data set of any size: {@code m}
 * examples (the rows of {@code x}, labels {@code y}) of {@code n} features (weights {@code w}).
 * {@code @Shape} names the sizes the arrays share, so the generated {@code lossGrad} reads {@code
 * m} and {@code n} from the arrays at each call and checks that they agree; one generated class
 * serves every size. The loops are written as plain Java; the processor maps them to whole-array
 * operations (a matrix-vector product, a sum).
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /** The mean over the rows of x of -(y log p + (1 - y) log(1 - p)), p = sigmoid(x w + b). */
  @Differentiable(wrt = {"w", "b"})
  public static double loss(@Shape("n") double[] w, double b, @Shape("m,n") double[][] x,
      @Shape("m") double[] y) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      double p = 1 / (1 + Math.exp(-z));
      total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    return total / x.length;
  }
}
