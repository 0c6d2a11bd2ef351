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
 * The cookbook's tanh problem {@code sum(tanh(X)**2)}, X 30x40: the compiled function and
 * gradient as generated now (tanh through {@code Math.exp}, {@code Rt.tanh}) against the same
 * programs with {@code Math.tanh} (what was generated before), and a hand-written gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TanhBench {
  static final int ROWS = 30;
  static final int COLS = 40;

  double[] x;
  double[] g;
  double[][] in;
  double[][] valueOut;
  double[][] gradOut;
  Program value;
  Program valueMathTanh;
  Program gradient;
  Program gradientMathTanh;

  /** {@code sum(tanh(X)**2)}. */
  static Fn traced() {
    return Fn.of((Sym x) -> Ops.sum(Ops.tanh(x).pow(2)));
  }

  /** The gradient by hand: {@code 2 t (1 - t^2)} with {@code t = tanh(x)}. */
  static void handGradient(double[] x, double[] g) {
    for (int i = 0; i < x.length; i++) {
      double t = Math.tanh(x[i]);
      g[i] = 2 * t * (1 - t * t);
    }
  }

  @Setup
  public void setup() {
    TensorType type = TensorType.f64(ROWS, COLS);
    x = Tensor.normal(42, type).toDoubleArray();
    g = new double[x.length];
    in = new double[][] {x};
    valueOut = new double[][] {new double[1]};
    gradOut = new double[][] {new double[x.length]};
    Fn f = traced();
    List<TensorType> sig = List.of(type);
    value = f.compile(sig).program();
    valueMathTanh = Programs.withMathTanh(f.compile(sig));
    gradient = Cotangent.grad(f).compile(sig).program();
    gradientMathTanh = Programs.withMathTanh(Cotangent.grad(f).compile(sig));
  }

  @Benchmark
  public double[] compiledFunction() {
    value.call(in, valueOut);
    return valueOut[0];
  }

  @Benchmark
  public double[] compiledFunctionMathTanh() {
    valueMathTanh.call(in, valueOut);
    return valueOut[0];
  }

  @Benchmark
  public double[] compiledGradient() {
    gradient.call(in, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double[] compiledGradientMathTanh() {
    gradientMathTanh.call(in, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double[] handWrittenGradient() {
    handGradient(x, g);
    return g;
  }
}
