package org.cotangent.spark;

/** The sum over the rows of a function's value and of its gradient, and the number of rows. */
public final class LossAndGradient {
  private final double loss;
  private final double[] gradient;
  private final long count;

  LossAndGradient(double loss, double[] gradient, long count) {
    this.loss = loss;
    this.gradient = gradient;
    this.count = count;
  }

  public double loss() {
    return loss;
  }

  public double[] gradient() {
    return gradient.clone();
  }

  public long count() {
    return count;
  }

  @Override
  public String toString() {
    return "loss " + loss + " over " + count + " rows, gradient " + java.util.Arrays.toString(gradient);
  }
}
