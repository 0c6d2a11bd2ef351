package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.TensorType;
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
 * Rosenbrock's gradient: Cotangent's compiled gradient against a hand-written gradient and
 * against the compiled function itself, all in one JVM so the ratios are fair on a noisy
 * machine. The compiled programs are called through {@link Program} with preallocated arrays,
 * as the hand-written code is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RosenbrockBench {
  @Param({"1000", "100000", "10000000"})
  public int n;

  double[] x;
  double[] g;
  double[][] in;
  double[][] gradOut;
  double[][] valueOut;
  Program gradProgram;
  Program valueProgram;

  @Setup
  public void setup() {
    x = SuiteData.uniform(21, n, 1); // the peers' inputs too (bench/peers/suite_torch.py)
    g = new double[n];
    in = new double[][] {x};
    gradOut = new double[][] {new double[n]};
    valueOut = new double[][] {new double[1]};
    Fn f = Rosenbrock.traced();
    List<TensorType> sig = List.of(TensorType.f64(n));
    valueProgram = f.compile(sig).program();
    gradProgram = Cotangent.grad(f).compile(sig).program();
  }

  @Benchmark
  public double[] handWrittenGradient() {
    Rosenbrock.gradient(x, g);
    return g;
  }

  @Benchmark
  public double[] compiledGradient() {
    gradProgram.call(in, gradOut);
    return gradOut[0];
  }

  @Benchmark
  public double handWrittenFunction() {
    return Rosenbrock.value(x);
  }

  @Benchmark
  public double[] compiledFunction() {
    valueProgram.call(in, valueOut);
    return valueOut[0];
  }
}
