package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.kernels.RealMath;
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
 * Issue 12 item 4's two targets, each the compiled value and gradient against a hand-written Java
 * gradient and against the same program with loop nests for every product (what was generated
 * before {@code Rt.matmul}), all in one run:
 *
 * <ul>
 *   <li>the MLP 64-256-10 at batch 128: {@code loss = -sum(Y * log_softmax(tanh(X W1 + b1) W2 +
 *       b2)) / 128} with one-hot {@code Y}, gradient with respect to {@code W1, b1, W2, b2};
 *   <li>logistic regression on 10,000 x 100: {@code loss = -sum(t log p + (1 - t) log(1 - p))},
 *       {@code p = sigmoid(X w + b)}, gradient with respect to {@code w, b}.
 * </ul>
 *
 * The hand-written gradients are plain loops with stride-1 inner loops and use the same {@code
 * tanh} and {@code logistic} as generated code ({@code RealMath}, through {@code Math.exp}), so
 * the ratios compare the rest. {@code bench/peers/mlp_torch.py} times the same two gradients in
 * PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MlpBench {
  static final int BATCH = 128;
  static final int IN = 64;
  static final int HIDDEN = 256;
  static final int OUT = 10;
  static final int ROWS = 10_000;
  static final int FEATURES = 100;

  double[] x;
  double[] y;
  double[][] mlpIn;
  double[][] mlpOut;
  Program mlp;
  Program mlpNests;
  double[] xl;
  double[] t;
  double[][] logIn;
  double[][] logOut;
  Program logistic;
  Program logisticNests;
  double[] h;
  double[] dz;
  double[] dh;
  double[] zl;

  /** One-hot rows: class {@code (7 i + 3) % classes} for row {@code i}. */
  static double[] oneHot(int rows, int classes) {
    double[] v = new double[rows * classes];
    for (int i = 0; i < rows; i++) {
      v[i * classes + (7 * i + 3) % classes] = 1;
    }
    return v;
  }

  static Fn mlpLoss(double[] x, double[] y) {
    Tensor xs = Tensor.wrap(TensorType.f64(BATCH, IN), x);
    Tensor ys = Tensor.wrap(TensorType.f64(BATCH, OUT), y);
    return Fn.of(List.of("W1", "b1", "W2", "b2"), ps -> {
      Node hidden = Np.tanh(Np.add(Np.matmul(Ir.constant(xs), ps.get(0)), ps.get(1)));
      Node z = Np.add(Np.matmul(hidden, ps.get(2)), ps.get(3));
      Node ll = Np.sum(Np.mul(Ir.constant(ys), Np.logSoftmax(z, 1)));
      return List.of(Np.mul(ll, Ir.constant(-1.0 / BATCH)));
    });
  }

  static Fn logisticLoss(double[] x, double[] t) {
    Tensor xs = Tensor.wrap(TensorType.f64(ROWS, FEATURES), x);
    Tensor ts = Tensor.wrap(TensorType.f64(ROWS), t);
    return Fn.of(List.of("w", "b"), ps -> {
      Node p = Np.sigmoid(Np.add(Np.matmul(Ir.constant(xs), ps.get(0)), ps.get(1)));
      Node tc = Ir.constant(ts);
      Node one = Ir.constant(1.0);
      Node ll = Np.add(Np.mul(tc, Np.log(p)), Np.mul(Np.sub(one, tc), Np.log(Np.sub(one, p))));
      return List.of(Np.neg(Np.sum(ll)));
    });
  }

  @Setup
  public void setup() {
    x = Tensor.normal(1, TensorType.f64(BATCH, IN)).toDoubleArray();
    y = oneHot(BATCH, OUT);
    double[] w1 = scaled(Tensor.normal(2, TensorType.f64(IN, HIDDEN)).toDoubleArray(), 0.125);
    double[] b1 = scaled(Tensor.normal(3, TensorType.f64(HIDDEN)).toDoubleArray(), 0.1);
    double[] w2 = scaled(Tensor.normal(4, TensorType.f64(HIDDEN, OUT)).toDoubleArray(), 0.0625);
    double[] b2 = scaled(Tensor.normal(5, TensorType.f64(OUT)).toDoubleArray(), 0.1);
    mlpIn = new double[][] {w1, b1, w2, b2};
    List<TensorType> sig = List.of(TensorType.f64(IN, HIDDEN), TensorType.f64(HIDDEN),
        TensorType.f64(HIDDEN, OUT), TensorType.f64(OUT));
    Fn g = Cotangent.valueAndGrad(mlpLoss(x, y), 0, 1, 2, 3);
    CompiledFunction c = g.compile(sig);
    mlp = c.program();
    mlpNests = Programs.withLoopNests(g, sig);
    mlpOut = outputs(c);
    h = new double[BATCH * HIDDEN];
    dz = new double[BATCH * OUT];
    dh = new double[BATCH * HIDDEN];

    xl = Tensor.normal(6, TensorType.f64(ROWS, FEATURES)).toDoubleArray();
    t = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      t[i] = (i * 7919) % 3 == 0 ? 1 : 0;
    }
    double[] w = scaled(Tensor.normal(7, TensorType.f64(FEATURES)).toDoubleArray(), 0.1);
    logIn = new double[][] {w, {0.2}};
    List<TensorType> lsig = List.of(TensorType.f64(FEATURES), TensorType.f64());
    Fn lg = Cotangent.valueAndGrad(logisticLoss(xl, t), 0, 1);
    CompiledFunction lc = lg.compile(lsig);
    logistic = lc.program();
    logisticNests = Programs.withLoopNests(lg, lsig);
    logOut = outputs(lc);
    zl = new double[ROWS];
  }

  private static double[] scaled(double[] v, double s) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= s;
    }
    return v;
  }

  private static double[][] outputs(CompiledFunction c) {
    double[][] out = new double[c.outputTypes().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[c.outputTypes().get(j).size()];
    }
    return out;
  }

  @Benchmark
  public double[][] mlpCompiled() {
    mlp.call(mlpIn, mlpOut);
    return mlpOut;
  }

  @Benchmark
  public double[][] mlpLoopNests() {
    mlpNests.call(mlpIn, mlpOut);
    return mlpOut;
  }

  @Benchmark
  public double[][] mlpHandWritten() {
    handMlp(x, y, mlpIn, mlpOut, h, dz, dh);
    return mlpOut;
  }

  @Benchmark
  public double[][] logisticCompiled() {
    logistic.call(logIn, logOut);
    return logOut;
  }

  @Benchmark
  public double[][] logisticLoopNests() {
    logisticNests.call(logIn, logOut);
    return logOut;
  }

  @Benchmark
  public double[][] logisticHandWritten() {
    handLogistic(xl, t, logIn, logOut, zl);
    return logOut;
  }

  /** The MLP's value and gradient by hand: out = {loss, W1_bar, b1_bar, W2_bar, b2_bar}. */
  static void handMlp(double[] x, double[] y, double[][] p, double[][] out, double[] h,
      double[] dz, double[] dh) {
    double[] w1 = p[0];
    double[] b1 = p[1];
    double[] w2 = p[2];
    double[] b2 = p[3];
    for (int i = 0; i < BATCH; i++) {
      int ho = i * HIDDEN;
      System.arraycopy(b1, 0, h, ho, HIDDEN);
      for (int q = 0; q < IN; q++) {
        double xv = x[i * IN + q];
        for (int j = 0; j < HIDDEN; j++) {
          h[ho + j] += xv * w1[q * HIDDEN + j];
        }
      }
      for (int j = 0; j < HIDDEN; j++) {
        h[ho + j] = RealMath.tanh(h[ho + j]);
      }
    }
    double loss = 0;
    for (int i = 0; i < BATCH; i++) {
      int zo = i * OUT;
      System.arraycopy(b2, 0, dz, zo, OUT);
      for (int q = 0; q < HIDDEN; q++) {
        double hv = h[i * HIDDEN + q];
        for (int j = 0; j < OUT; j++) {
          dz[zo + j] += hv * w2[q * OUT + j];
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < OUT; j++) {
        max = Math.max(max, dz[zo + j]);
      }
      double s = 0;
      for (int j = 0; j < OUT; j++) {
        s += Math.exp(dz[zo + j] - max);
      }
      double lse = max + Math.log(s);
      for (int j = 0; j < OUT; j++) {
        loss -= y[zo + j] * (dz[zo + j] - lse);
        dz[zo + j] = (Math.exp(dz[zo + j] - lse) - y[zo + j]) / BATCH;
      }
    }
    out[0][0] = loss / BATCH;
    double[] gw1 = out[1];
    double[] gb1 = out[2];
    double[] gw2 = out[3];
    double[] gb2 = out[4];
    java.util.Arrays.fill(gw2, 0);
    java.util.Arrays.fill(gb2, 0);
    for (int i = 0; i < BATCH; i++) {
      for (int q = 0; q < HIDDEN; q++) {
        double hv = h[i * HIDDEN + q];
        for (int j = 0; j < OUT; j++) {
          gw2[q * OUT + j] += hv * dz[i * OUT + j];
        }
      }
      for (int j = 0; j < OUT; j++) {
        gb2[j] += dz[i * OUT + j];
      }
    }
    java.util.Arrays.fill(gw1, 0);
    java.util.Arrays.fill(gb1, 0);
    for (int i = 0; i < BATCH; i++) {
      int ho = i * HIDDEN;
      for (int j = 0; j < HIDDEN; j++) {
        double s = 0;
        for (int c = 0; c < OUT; c++) {
          s += dz[i * OUT + c] * w2[j * OUT + c];
        }
        double hv = h[ho + j];
        dh[ho + j] = s * (1 - hv * hv);
        gb1[j] += dh[ho + j];
      }
      for (int q = 0; q < IN; q++) {
        double xv = x[i * IN + q];
        for (int j = 0; j < HIDDEN; j++) {
          gw1[q * HIDDEN + j] += xv * dh[ho + j];
        }
      }
    }
  }

  /** The logistic loss's value and gradient by hand: out = {loss, w_bar, b_bar}. */
  static void handLogistic(double[] x, double[] t, double[][] p, double[][] out, double[] r) {
    double[] w = p[0];
    double b = p[1][0];
    double loss = 0;
    double gb = 0;
    for (int i = 0; i < ROWS; i++) {
      double z = b;
      for (int q = 0; q < FEATURES; q++) {
        z += x[i * FEATURES + q] * w[q];
      }
      double pr = RealMath.logistic(z);
      loss -= t[i] * Math.log(pr) + (1 - t[i]) * Math.log(1 - pr);
      r[i] = pr - t[i];
      gb += r[i];
    }
    double[] gw = out[1];
    java.util.Arrays.fill(gw, 0);
    for (int i = 0; i < ROWS; i++) {
      double ri = r[i];
      for (int q = 0; q < FEATURES; q++) {
        gw[q] += ri * x[i * FEATURES + q];
      }
    }
    out[0][0] = loss;
    out[2][0] = gb;
  }
}
