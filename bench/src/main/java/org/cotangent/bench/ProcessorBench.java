package org.cotangent.bench;

import java.util.concurrent.TimeUnit;
import org.cotangent.examples.build.LogisticDerivatives;
import org.cotangent.examples.build.LogisticRegressionDerivatives;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The annotation processor's derivatives (issue 14) against hand-written ones, in one run: the
 * gradient of {@code examples.build.LogisticRegression.loss} (plain Java loops over {@code double[]
 * w} and {@code double[][] x}, one generated class for every size) and of {@code
 * examples.build.Logistic.euler} (200 explicit Euler steps in a for loop), each through the
 * generated form that reuses its holder, against a careful hand-written value-and-gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessorBench {
  /** {@code m x n} of the logistic regression's data. */
  @Param({"1000x20", "10000x100"})
  public String shape;

  double[] w;
  double b;
  double[][] x;
  double[] y;
  double[] gw;
  double[] z;
  LogisticRegressionDerivatives.LossGrad into = new LogisticRegressionDerivatives.LossGrad();
  LogisticDerivatives.EulerGrad eulerInto = new LogisticDerivatives.EulerGrad();
  double[] eulerHand = new double[3];

  /**
   * The loss and its gradient in {@code w} (into {@code gw}) and {@code b} (returned in {@code
   * out[1]}, the loss in {@code out[0]}), one pass for z and p, one for the gradient.
   */
  static void lossGradient(double[] w, double b, double[][] x, double[] y, double[] z,
      double[] gw, double[] out) {
    int m = x.length;
    int n = w.length;
    double total = 0;
    double gb = 0;
    java.util.Arrays.fill(gw, 0);
    for (int i = 0; i < m; i++) {
      double[] xi = x[i];
      double zi = b;
      for (int j = 0; j < n; j++) {
        zi += w[j] * xi[j];
      }
      double p = 1 / (1 + Math.exp(-zi));
      total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
      double d = (p - y[i]) / m;
      gb += d;
      for (int j = 0; j < n; j++) {
        gw[j] += d * xi[j];
      }
    }
    out[0] = total / m;
    out[1] = gb;
  }

  /**
   * 200 Euler steps of {@code y' = rate y (1 - y / capacity)} with their forward sensitivities
   * to {@code y0} and {@code rate}: {@code out = {y, dy/dy0, dy/drate}}.
   */
  static void eulerGradient(double y0, double rate, double capacity, double[] out) {
    final double h = 0.01;
    double yv = y0;
    double s0 = 1;
    double s1 = 0;
    for (int i = 0; i < 200; i++) {
      double a = 1 + h * rate * (1 - 2 * yv / capacity);
      s1 = a * s1 + h * yv * (1 - yv / capacity);
      s0 = a * s0;
      yv += h * rate * yv * (1 - yv / capacity);
    }
    out[0] = yv;
    out[1] = s0;
    out[2] = s1;
  }

  double[] handOut = new double[2];

  @Setup
  public void setup() {
    String[] mn = shape.split("x");
    int m = Integer.parseInt(mn[0]);
    int n = Integer.parseInt(mn[1]);
    w = SuiteData.uniform(81, n, 0.1);
    b = 0.2;
    x = new double[m][];
    for (int i = 0; i < m; i++) {
      x[i] = SuiteData.uniform(8000 + i, n, 1);
    }
    y = SuiteData.labels(82, m);
    gw = new double[n];
    z = new double[m];
  }

  @Benchmark
  public LogisticRegressionDerivatives.LossGrad logisticGenerated() {
    return LogisticRegressionDerivatives.lossGrad(w, b, x, y, into);
  }

  @Benchmark
  public double[] logisticHandWritten() {
    lossGradient(w, b, x, y, z, gw, handOut);
    return gw;
  }

  @Benchmark
  public LogisticDerivatives.EulerGrad eulerGenerated() {
    return LogisticDerivatives.eulerGrad(0.1, 1.5, 2.0, eulerInto);
  }

  @Benchmark
  public double[] eulerHandWritten() {
    eulerGradient(0.1, 1.5, 2.0, eulerHand);
    return eulerHand;
  }
}
