package org.cotangent.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
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
 * Dense Hessians (issue 12 item 1), each against a hand-written dense fill of the same matrix
 * (zeros, then the nonzero entries from the closed form), as a careful engineer would write it:
 * {@code sum(tanh(X)**2)} with X 30x40 (a 1200x1200 diagonal Hessian), Rosenbrock n = 1000
 * (tridiagonal) and the cookbook's 4x3x3 Hessian of {@code predict(W, b, inputs)} in W.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HessianBench {
  static final double[][] INPUTS = {
      {0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30}, {0.74, -2.49, 1.39}};
  static final double B = 0.3;
  static final int ROSENBROCK_N = 1000;

  double[][] tanhIn;
  double[][] tanhOut;
  double[] tanhHand;
  Program tanhHessian;
  double[][] rosenIn;
  double[][] rosenOut;
  double[] rosenHand;
  Program rosenHessian;
  double[][] predictIn;
  double[][] predictOut;
  double[] predictHand;
  Program predictHessian;

  /** The cookbook's {@code predict(W, b, inputs) = sigmoid(inputs @ W + b)}, sigmoid by tanh. */
  static Fn predict() {
    return Fn.of((Sym w) -> {
      Sym z = Sym.constant(INPUTS).dot(w).add(B);
      return Ops.tanh(z.div(2)).add(1).mul(0.5);
    });
  }

  /** H[k, k] = 2 (1 - t^2)(1 - 3 t^2), t = tanh(x_k); zero elsewhere. */
  static void tanhHessian(double[] x, double[] h) {
    int n = x.length;
    Arrays.fill(h, 0.0);
    for (int k = 0; k < n; k++) {
      double t = Math.tanh(x[k]);
      double s = 1 - t * t;
      h[k * n + k] = 2 * s * (1 - 3 * t * t);
    }
  }

  /** Rosenbrock's tridiagonal Hessian, dense. */
  static void rosenbrockHessian(double[] x, double[] h) {
    int n = x.length;
    Arrays.fill(h, 0.0);
    for (int i = 0; i < n - 1; i++) {
      h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i * n + i + 1] = -400 * x[i];
      h[(i + 1) * n + i] = -400 * x[i];
      h[(i + 1) * n + i + 1] += 200;
    }
  }

  /** H[i, j, k] = s''(z_i) x_ij x_ik with s(z) = (tanh(z/2) + 1)/2, s'' = -t (1 - t^2)/4. */
  static void predictHessian(double[] w, double[] h) {
    for (int i = 0; i < INPUTS.length; i++) {
      double[] xi = INPUTS[i];
      double z = B;
      for (int j = 0; j < 3; j++) {
        z += xi[j] * w[j];
      }
      double t = Math.tanh(z / 2);
      double c = -0.25 * t * (1 - t * t);
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          h[i * 9 + j * 3 + k] = c * xi[j] * xi[k];
        }
      }
    }
  }

  static Program compile(Fn f, TensorType t) {
    return Cotangent.hessian(f).compile(List.of(t)).program();
  }

  @Setup
  public void setup() {
    TensorType tx = TensorType.f64(TanhBench.ROWS, TanhBench.COLS);
    double[] x = Tensor.normal(42, tx).toDoubleArray();
    tanhIn = new double[][] {x};
    tanhOut = new double[][] {new double[x.length * x.length]};
    tanhHand = new double[x.length * x.length];
    tanhHessian = compile(TanhBench.traced(), tx);

    TensorType tr = TensorType.f64(ROSENBROCK_N);
    double[] r = Tensor.normal(43, tr).toDoubleArray();
    rosenIn = new double[][] {r};
    rosenOut = new double[][] {new double[r.length * r.length]};
    rosenHand = new double[r.length * r.length];
    rosenHessian = compile(Rosenbrock.traced(), tr);

    TensorType tw = TensorType.f64(3);
    double[] w = Tensor.normal(1, tw).toDoubleArray();
    predictIn = new double[][] {w};
    predictOut = new double[][] {new double[36]};
    predictHand = new double[36];
    predictHessian = compile(predict(), tw);
  }

  @Benchmark
  public double[] tanhCompiled() {
    tanhHessian.call(tanhIn, tanhOut);
    return tanhOut[0];
  }

  @Benchmark
  public double[] tanhHandWritten() {
    tanhHessian(tanhIn[0], tanhHand);
    return tanhHand;
  }

  @Benchmark
  public double[] rosenbrockCompiled() {
    rosenHessian.call(rosenIn, rosenOut);
    return rosenOut[0];
  }

  @Benchmark
  public double[] rosenbrockHandWritten() {
    rosenbrockHessian(rosenIn[0], rosenHand);
    return rosenHand;
  }

  @Benchmark
  public double[] predictCompiled() {
    predictHessian.call(predictIn, predictOut);
    return predictOut[0];
  }

  @Benchmark
  public double[] predictHandWritten() {
    predictHessian(predictIn[0], predictHand);
    return predictHand;
  }
}
