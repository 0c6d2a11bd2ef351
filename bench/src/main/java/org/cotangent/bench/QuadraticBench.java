package org.cotangent.bench;

import java.util.concurrent.TimeUnit;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
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
 * Suite problem B3 (issue 12 item 6): {@code f(x) = x^T A x} for a dense, non-symmetric {@code A}
 * (captured), n = 100 and 1000: the compiled gradient, Hessian-vector product (forward over
 * reverse, {@code jvp(grad(f))}, which gives the gradient too, as JAX's does) and dense Hessian,
 * each against the hand-written {@code (A + A^T) x}, {@code (A + A^T) v} and {@code A + A^T}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuadraticBench {
  @Param({"100", "1000"})
  public int n;

  double[][] a;
  double[] x;
  double[] v;
  double[] g;
  double[] hv;
  double[] h;
  double[][] gradIn;
  double[][] gradOut;
  double[][] hvpIn;
  double[][] hvpOut;
  double[][] hessOut;
  Program grad;
  Program hvp;
  Program hessian;

  static Fn traced(double[][] a) {
    return Fn.of((Sym x) -> x.dot(Sym.constant(a).dot(x)));
  }

  /** {@code g = (A + A^T) x}, row by row so both reads are stride 1 where they can be. */
  static void gradient(double[][] a, double[] x, double[] g) {
    int n = x.length;
    for (int i = 0; i < n; i++) {
      double s = 0;
      double[] ai = a[i];
      for (int j = 0; j < n; j++) {
        s += ai[j] * x[j];
      }
      g[i] = s;
    }
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double[] ai = a[i];
      for (int j = 0; j < n; j++) {
        g[j] += ai[j] * xi;
      }
    }
  }

  /** The dense Hessian {@code A + A^T}, row-major. */
  static void hessian(double[][] a, double[] h) {
    int n = a.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i * n + j] = a[i][j] + a[j][i];
      }
    }
  }

  @Setup
  public void setup() {
    a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = SuiteData.uniform(300 + i, n, 1);
    }
    x = SuiteData.uniform(31, n, 1);
    v = SuiteData.uniform(32, n, 1);
    g = new double[n];
    hv = new double[n];
    h = new double[n * n];
    Fn f = traced(a);
    Program[] programs = Programs.gradHvpHessian(f, n);
    grad = programs[0];
    hvp = programs[1];
    hessian = programs[2];
    gradIn = new double[][] {x};
    gradOut = new double[][] {new double[n]};
    hvpIn = new double[][] {x, v};
    hvpOut = new double[][] {new double[n], new double[n]};
    hessOut = new double[][] {new double[n * n]};
  }

  @Benchmark
  public double[] gradCompiled() {
    grad.call(gradIn, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double[] gradHandWritten() {
    gradient(a, x, g);
    return g;
  }

  @Benchmark
  public double[][] hvpCompiled() {
    hvp.call(hvpIn, hvpOut);
    return hvpOut;
  }

  @Benchmark
  public double[] hvpHandWritten() {
    gradient(a, x, g);
    gradient(a, v, hv);
    return hv;
  }

  @Benchmark
  public double[] hessianCompiled() {
    hessian.call(gradIn, hessOut);
    return hessOut[0];
  }

  @Benchmark
  public double[] hessianHandWritten() {
    hessian(a, h);
    return h;
  }
}
