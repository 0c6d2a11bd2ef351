package org.cotangent.bench;

import java.util.concurrent.TimeUnit;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
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
 * Suite problem B4 (issue 12 item 6): L2-regularised logistic regression, {@code loss(w) =
 * sum(log1p(exp(z)) - t z) + lambda/2 |w|^2} with {@code z = X w}, X of 10,000 x 100 and 2,000 x
 * 1,000 (captured): the compiled gradient, Hessian-vector product ({@code jvp(grad(loss))}) and
 * dense Hessian against the hand-written {@code X^T (s - t) + lambda w}, {@code X^T (s (1 - s) X
 * v) + lambda v} and {@code X^T diag(s (1 - s)) X + lambda I}, {@code s = sigmoid(z)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogisticL2Bench {
  static final double LAMBDA = 0.1;

  /** {@code rows x cols} of X. */
  @Param({"10000x100", "2000x1000"})
  public String shape;

  int m;
  int p;
  double[][] xRows;
  double[] t;
  double[] w;
  double[] v;
  double[] z;
  double[] r;
  double[] g;
  double[] hv;
  double[] h;
  double[][] in;
  double[][] gradOut;
  double[][] hvpIn;
  double[][] hvpOut;
  double[][] hessOut;
  Program grad;
  Program hvp;
  Program hessian;

  static Fn traced(double[][] x, double[] t) {
    return Fn.of((Sym w) -> {
      Sym zs = Sym.constant(x).dot(w);
      Sym data = Ops.sum(Ops.log1p(Ops.exp(zs)).sub(Sym.constant(t).mul(zs)));
      return data.add(w.dot(w).mul(LAMBDA / 2));
    });
  }

  static void xTimes(double[][] x, double[] w, double[] z) {
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      double[] xi = x[i];
      for (int j = 0; j < w.length; j++) {
        s += xi[j] * w[j];
      }
      z[i] = s;
    }
  }

  /** {@code out = X^T r + lambda w}. */
  static void xTransposeTimes(double[][] x, double[] r, double[] w, double[] out) {
    for (int j = 0; j < out.length; j++) {
      out[j] = LAMBDA * w[j];
    }
    for (int i = 0; i < x.length; i++) {
      double ri = r[i];
      double[] xi = x[i];
      for (int j = 0; j < out.length; j++) {
        out[j] += xi[j] * ri;
      }
    }
  }

  static double sigmoid(double u) {
    return 1 / (1 + Math.exp(-u));
  }

  static void gradient(double[][] x, double[] t, double[] w, double[] z, double[] g) {
    xTimes(x, w, z);
    for (int i = 0; i < z.length; i++) {
      z[i] = sigmoid(z[i]) - t[i];
    }
    xTransposeTimes(x, z, w, g);
  }

  static void hvp(double[][] x, double[] w, double[] v, double[] z, double[] r, double[] hv) {
    xTimes(x, w, z);
    xTimes(x, v, r);
    for (int i = 0; i < z.length; i++) {
      double s = sigmoid(z[i]);
      r[i] *= s * (1 - s);
    }
    xTransposeTimes(x, r, v, hv);
  }

  /** The dense Hessian, row-major: lower triangle by rank-one updates, then mirrored. */
  static void hessian(double[][] x, double[] w, double[] z, double[] h) {
    int p = w.length;
    java.util.Arrays.fill(h, 0);
    xTimes(x, w, z);
    for (int i = 0; i < x.length; i++) {
      double s = sigmoid(z[i]);
      double d = s * (1 - s);
      double[] xi = x[i];
      for (int a = 0; a < p; a++) {
        double da = d * xi[a];
        int row = a * p;
        for (int b = 0; b <= a; b++) {
          h[row + b] += da * xi[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      h[a * p + a] += LAMBDA;
      for (int b = 0; b < a; b++) {
        h[b * p + a] = h[a * p + b];
      }
    }
  }

  @Setup
  public void setup() {
    String[] mn = shape.split("x");
    m = Integer.parseInt(mn[0]);
    p = Integer.parseInt(mn[1]);
    xRows = new double[m][];
    for (int i = 0; i < m; i++) {
      xRows[i] = SuiteData.uniform(1000 + i, p, 1);
    }
    t = SuiteData.labels(41, m);
    w = SuiteData.uniform(42, p, 0.1);
    v = SuiteData.uniform(43, p, 1);
    z = new double[m];
    r = new double[m];
    g = new double[p];
    hv = new double[p];
    h = new double[p * p];
    Fn f = traced(xRows, t);
    Program[] programs = Programs.gradHvpHessian(f, p);
    grad = programs[0];
    hvp = programs[1];
    hessian = programs[2];
    in = new double[][] {w};
    gradOut = new double[][] {new double[p]};
    hvpIn = new double[][] {w, v};
    hvpOut = new double[][] {new double[p], new double[p]};
    hessOut = new double[][] {new double[p * p]};
  }

  @Benchmark
  public double[] gradCompiled() {
    grad.call(in, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double[] gradHandWritten() {
    gradient(xRows, t, w, z, g);
    return g;
  }

  @Benchmark
  public double[][] hvpCompiled() {
    hvp.call(hvpIn, hvpOut);
    return hvpOut;
  }

  @Benchmark
  public double[] hvpHandWritten() {
    gradient(xRows, t, w, z, g);
    hvp(xRows, w, v, z, r, hv);
    return hv;
  }

  @Benchmark
  public double[] hessianCompiled() {
    hessian.call(in, hessOut);
    return hessOut[0];
  }

  @Benchmark
  public double[] hessianHandWritten() {
    hessian(xRows, w, z, h);
    return h;
  }
}
