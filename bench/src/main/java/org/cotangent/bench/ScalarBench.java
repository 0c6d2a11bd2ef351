package org.cotangent.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.TensorType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Suite problem B1 (issue 12 item 6): scalar functions, where per-call overhead is everything.
 * {@code f3(x, y, z) = sin(x y) + exp(z) / (1 + x^2) + z log(1 + y^2)}, and a 10-variable
 * expression of 60 operations, {@code f10(x) = sum_i sin(x_i x_j) + x_i / (1 + x_j^2)} with
 * {@code j = (i + 1) mod 10}. Each is timed as the compiled function, the compiled gradient
 * (all arguments), a hand-written gradient and Commons Math's {@link DerivativeStructure}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalarBench {
  static final int N10 = 10;

  double[] p3;
  double[] p10;
  double[] g3 = new double[3];
  double[] g10 = new double[N10];
  double[][] in3;
  double[][] in10;
  double[][] f3Out = {new double[1]};
  double[][] f10Out = {new double[1]};
  double[][] g3Out = {new double[1], new double[1], new double[1]};
  double[][] g10Out = new double[N10][1];
  Program f3;
  Program grad3;
  Program f10;
  Program grad10;

  static Fn f3Traced() {
    return Fn.of((Sym x, Sym y, Sym z) -> Ops.sin(x.mul(y))
        .add(Ops.exp(z).div(x.mul(x).add(1)))
        .add(z.mul(Ops.log(y.mul(y).add(1)))));
  }

  static Fn f10Traced() {
    return Fn.ofN(N10, xs -> {
      Sym s = null;
      for (int i = 0; i < N10; i++) {
        Sym xi = xs[i];
        Sym xj = xs[(i + 1) % N10];
        Sym t = Ops.sin(xi.mul(xj)).add(xi.div(xj.mul(xj).add(1)));
        s = s == null ? t : s.add(t);
      }
      return s;
    });
  }

  static void f3Gradient(double[] p, double[] g) {
    double x = p[0];
    double y = p[1];
    double z = p[2];
    double c = Math.cos(x * y);
    double q = 1 + x * x;
    double ez = Math.exp(z);
    double r = 1 + y * y;
    g[0] = y * c - 2 * x * ez / (q * q);
    g[1] = x * c + z * 2 * y / r;
    g[2] = ez / q + Math.log(r);
  }

  static void f10Gradient(double[] x, double[] g) {
    java.util.Arrays.fill(g, 0);
    for (int i = 0; i < N10; i++) {
      int j = (i + 1) % N10;
      double c = Math.cos(x[i] * x[j]);
      double q = 1 + x[j] * x[j];
      g[i] += x[j] * c + 1 / q;
      g[j] += x[i] * c - x[i] * 2 * x[j] / (q * q);
    }
  }

  static double[] f3Structure(double[] p) {
    DerivativeStructure x = new DerivativeStructure(3, 1, 0, p[0]);
    DerivativeStructure y = new DerivativeStructure(3, 1, 1, p[1]);
    DerivativeStructure z = new DerivativeStructure(3, 1, 2, p[2]);
    DerivativeStructure f = x.multiply(y).sin()
        .add(z.exp().divide(x.multiply(x).add(1)))
        .add(z.multiply(y.multiply(y).add(1).log()));
    return new double[] {f.getPartialDerivative(1, 0, 0), f.getPartialDerivative(0, 1, 0),
        f.getPartialDerivative(0, 0, 1)};
  }

  static double[] f10Structure(double[] p) {
    DerivativeStructure[] x = new DerivativeStructure[N10];
    for (int i = 0; i < N10; i++) {
      x[i] = new DerivativeStructure(N10, 1, i, p[i]);
    }
    DerivativeStructure s = null;
    for (int i = 0; i < N10; i++) {
      DerivativeStructure xj = x[(i + 1) % N10];
      DerivativeStructure t = x[i].multiply(xj).sin().add(x[i].divide(xj.multiply(xj).add(1)));
      s = s == null ? t : s.add(t);
    }
    double[] g = new double[N10];
    int[] orders = new int[N10];
    for (int i = 0; i < N10; i++) {
      orders[i] = 1;
      g[i] = s.getPartialDerivative(orders);
      orders[i] = 0;
    }
    return g;
  }

  private static int[] all(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static java.util.List<TensorType> scalars(int n) {
    return java.util.Collections.nCopies(n, TensorType.f64());
  }

  @Setup
  public void setup() {
    p3 = SuiteData.uniform(11, 3, 1);
    p10 = SuiteData.uniform(12, N10, 1);
    in3 = new double[3][];
    for (int i = 0; i < 3; i++) {
      in3[i] = new double[] {p3[i]};
    }
    in10 = new double[N10][];
    for (int i = 0; i < N10; i++) {
      in10[i] = new double[] {p10[i]};
    }
    f3 = f3Traced().compile(scalars(3)).program();
    grad3 = Cotangent.grad(f3Traced(), all(3)).compile(scalars(3)).program();
    f10 = f10Traced().compile(scalars(N10)).program();
    grad10 = Cotangent.grad(f10Traced(), all(N10)).compile(scalars(N10)).program();
  }

  @Benchmark
  public double[] f3Compiled() {
    f3.call(in3, f3Out);
    return f3Out[0];
  }

  @Benchmark
  public double[][] f3GradCompiled() {
    grad3.call(in3, g3Out);
    return g3Out;
  }

  @Benchmark
  public double[] f3GradHandWritten() {
    f3Gradient(p3, g3);
    return g3;
  }

  @Benchmark
  public double[] f3GradDerivativeStructure() {
    return f3Structure(p3);
  }

  @Benchmark
  public double[] f10Compiled() {
    f10.call(in10, f10Out);
    return f10Out[0];
  }

  @Benchmark
  public double[][] f10GradCompiled() {
    grad10.call(in10, g10Out);
    return g10Out;
  }

  @Benchmark
  public double[] f10GradHandWritten() {
    f10Gradient(p10, g10);
    return g10;
  }

  @Benchmark
  public double[] f10GradDerivativeStructure() {
    return f10Structure(p10);
  }
}
