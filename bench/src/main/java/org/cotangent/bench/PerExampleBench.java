package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Suite problem B6 (issue 12 item 6): per-example derivatives with {@code vmap}. Per-example
 * gradients of a logistic loss, {@code vmap(grad(loss), in_axes=(None, 0, 0))} over 1,024
 * examples of 100 features, and per-example Jacobians of a 3-64-5 tanh MLP, {@code
 * vmap(jacrev(mlp))} over a batch of 128 (a 128 x 5 x 3 result), each against a hand-written loop
 * over the examples.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerExampleBench {
  static final int EXAMPLES = 1024;
  static final int FEATURES = 100;
  static final int BATCH = 128;
  static final int IN = 3;
  static final int HIDDEN = 64;
  static final int OUT = 5;

  double[] w;
  double[] xFlat;
  double[][] xRows;
  double[] t;
  double[] perExample;
  double[][] gradIn;
  double[][] gradOut;
  Program perExampleGrad;

  double[][] w1;
  double[] b1;
  double[][] w2;
  double[] b2;
  double[] batchFlat;
  double[] jac;
  double[] hidden = new double[HIDDEN];
  double[][] jacIn;
  double[][] jacOut;
  Program perExampleJac;

  /** The loss of one example: {@code log1p(exp(x . w)) - t (x . w)}. */
  static Fn exampleLoss() {
    return Fn.of((Sym wv, Sym x, Sym tv) -> {
      Sym z = x.dot(wv);
      return Ops.log1p(Ops.exp(z)).sub(tv.mul(z));
    });
  }

  static Fn mlp(double[][] w1, double[] b1, double[][] w2, double[] b2) {
    return Fn.of((Sym x) -> Ops.tanh(x.dot(Sym.constant(w1)).add(Sym.constant(b1)))
        .dot(Sym.constant(w2)).add(Sym.constant(b2)));
  }

  static void perExampleGradients(double[] w, double[][] x, double[] t, double[] out) {
    int p = w.length;
    for (int i = 0; i < x.length; i++) {
      double[] xi = x[i];
      double z = 0;
      for (int j = 0; j < p; j++) {
        z += xi[j] * w[j];
      }
      double s = 1 / (1 + Math.exp(-z)) - t[i];
      int row = i * p;
      for (int j = 0; j < p; j++) {
        out[row + j] = s * xi[j];
      }
    }
  }

  /** {@code J[e][o][k] = sum_j W2[j][o] (1 - a_j^2) W1[k][j]}, {@code a = tanh(x_e W1 + b1)}. */
  static void perExampleJacobians(double[][] w1, double[] b1, double[][] w2, double[] x,
      double[] hidden, double[] out) {
    int batch = x.length / IN;
    for (int e = 0; e < batch; e++) {
      for (int j = 0; j < HIDDEN; j++) {
        double u = b1[j];
        for (int k = 0; k < IN; k++) {
          u += x[e * IN + k] * w1[k][j];
        }
        double a = Math.tanh(u);
        hidden[j] = 1 - a * a;
      }
      int base = e * OUT * IN;
      for (int o = 0; o < OUT; o++) {
        for (int k = 0; k < IN; k++) {
          double s = 0;
          for (int j = 0; j < HIDDEN; j++) {
            s += w2[j][o] * hidden[j] * w1[k][j];
          }
          out[base + o * IN + k] = s;
        }
      }
    }
  }

  private static double[][] rows(long seed, int m, int n, double scale) {
    double[][] a = new double[m][];
    for (int i = 0; i < m; i++) {
      a[i] = SuiteData.uniform(seed + i, n, scale);
    }
    return a;
  }

  private static double[] flat(double[][] a) {
    int n = a[0].length;
    double[] f = new double[a.length * n];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, f, i * n, n);
    }
    return f;
  }

  @Setup
  public void setup() {
    w = SuiteData.uniform(61, FEATURES, 0.1);
    xRows = rows(6000, EXAMPLES, FEATURES, 1);
    xFlat = flat(xRows);
    t = SuiteData.labels(62, EXAMPLES);
    perExample = new double[EXAMPLES * FEATURES];
    perExampleGrad = Cotangent.vmap(Cotangent.grad(exampleLoss()), new Integer[] {null, 0, 0})
        .compile(List.of(TensorType.f64(FEATURES), TensorType.f64(EXAMPLES, FEATURES),
            TensorType.f64(EXAMPLES)))
        .program();
    gradIn = new double[][] {w, xFlat, t};
    gradOut = new double[][] {new double[EXAMPLES * FEATURES]};

    w1 = rows(7000, IN, HIDDEN, 0.5);
    b1 = SuiteData.uniform(71, HIDDEN, 0.1);
    w2 = rows(7100, HIDDEN, OUT, 0.125);
    b2 = SuiteData.uniform(72, OUT, 0.1);
    batchFlat = SuiteData.uniform(73, BATCH * IN, 1);
    jac = new double[BATCH * OUT * IN];
    perExampleJac = Cotangent.vmap(Cotangent.jacrev(mlp(w1, b1, w2, b2)))
        .compile(List.of(TensorType.f64(BATCH, IN)))
        .program();
    jacIn = new double[][] {batchFlat};
    jacOut = new double[][] {new double[BATCH * OUT * IN]};
  }

  @Benchmark
  public double[] gradientsCompiled() {
    perExampleGrad.call(gradIn, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double[] gradientsHandWritten() {
    perExampleGradients(w, xRows, t, perExample);
    return perExample;
  }

  @Benchmark
  public double[] jacobiansCompiled() {
    perExampleJac.call(jacIn, jacOut);
    return jacOut[0];
  }

  @Benchmark
  public double[] jacobiansHandWritten() {
    perExampleJacobians(w1, b1, w2, batchFlat, hidden, jac);
    return jac;
  }
}
