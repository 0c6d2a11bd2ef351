package org.cotangent.bench;

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
 * The cost of calling through the Java API (issue 12 item 2): {@code Fn.call} on plain Java
 * arrays, which converts arguments, finds the program of their signature, allocates and wraps the
 * outputs ({@code callInto}: into the caller's arrays), against the prepared program called with
 * preallocated arrays. Problems: Rosenbrock's
 * gradient at n = 1000 and the cookbook's logistic-regression loss gradient (inputs 4x3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallBench {
  static final double[] TARGETS = {1, 1, 0, 1};

  double[] x;
  Fn rosenGrad;
  Program rosenProgram;
  double[][] rosenIn;
  double[][] rosenOut;
  double[] w;
  double b;
  Fn logisticGrad;
  Program logisticProgram;
  double[][] logisticIn;
  double[][] logisticOut;

  /** The cookbook's loss(W, b): -sum(log(preds * t + (1 - preds) * (1 - t))). */
  static Fn logisticLoss() {
    return Fn.of((Sym wv, Sym bv) -> {
      Sym z = Sym.constant(HessianBench.INPUTS).dot(wv).add(bv);
      Sym preds = Ops.tanh(z.div(2)).add(1).mul(0.5);
      Sym t = Sym.constant(TARGETS);
      Sym probs = preds.mul(t).add(preds.rsub(1).mul(t.rsub(1)));
      return Ops.sum(Ops.log(probs)).neg();
    });
  }

  @Setup
  public void setup() {
    TensorType tx = TensorType.f64(1000);
    x = Tensor.normal(42, tx).toDoubleArray();
    rosenGrad = Cotangent.grad(Rosenbrock.traced());
    rosenProgram = rosenGrad.compile(List.of(tx)).program();
    rosenIn = new double[][] {x};
    rosenOut = new double[][] {new double[1000]};

    w = Tensor.normal(1, TensorType.f64(3)).toDoubleArray();
    b = 0.3;
    logisticGrad = Cotangent.grad(logisticLoss());
    logisticProgram = logisticGrad.compile(List.of(TensorType.f64(3), TensorType.f64()))
        .program();
    logisticIn = new double[][] {w, {b}};
    logisticOut = new double[][] {new double[3]};
  }

  @Benchmark
  public double[] rosenbrockPrepared() {
    rosenProgram.call(rosenIn, rosenOut);
    return rosenOut[0];
  }

  @Benchmark
  public Tensor rosenbrockApi() {
    return rosenGrad.call1(x);
  }

  @Benchmark
  public double[] rosenbrockApiInto() {
    rosenGrad.callInto(rosenOut, x);
    return rosenOut[0];
  }

  @Benchmark
  public double[] logisticPrepared() {
    logisticProgram.call(logisticIn, logisticOut);
    return logisticOut[0];
  }

  @Benchmark
  public Tensor logisticApi() {
    return logisticGrad.call1(w, b);
  }

  @Benchmark
  public double[] logisticApiInto() {
    logisticGrad.callInto(logisticOut, w, b);
    return logisticOut[0];
  }
}
