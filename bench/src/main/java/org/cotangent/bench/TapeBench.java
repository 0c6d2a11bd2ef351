package org.cotangent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.Cotangent;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.Tape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
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
 * The tape tier's per-call time against the compiled program's (issue 12 item 5), on the same
 * graphs: the gradient of {@link BuildTimeBench}'s random 1,000-op scalar DAG (every node a scalar
 * opcode) and Rosenbrock's gradient at n = 10 (arrays: every node through its op's reference
 * evaluation). Read the ratio tape / compiled within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TapeBench {
  Program dagTape;
  Program dagCompiled;
  double[][] dagIn;
  double[][] dagOut;
  Program rosenTape;
  Program rosenCompiled;
  double[][] rosenIn;
  double[][] rosenOut;

  @Setup
  public void setUp() {
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < BuildTimeBench.INPUTS; i++) {
      types.add(TensorType.f64());
    }
    Graph dag = Ad.grad(BuildTimeBench.randomDag(1000, 1).trace(types));
    dagTape = Tape.lower(dag);
    CompileService cs = new CompileService();
    dagCompiled = cs.instantiate(JavaEmitter.emit(dag));
    dagIn = new double[BuildTimeBench.INPUTS][];
    dagOut = new double[BuildTimeBench.INPUTS][];
    for (int i = 0; i < dagIn.length; i++) {
      dagIn[i] = new double[] {0.1 * (i + 1)};
      dagOut[i] = new double[1];
    }
    Graph rosen = Cotangent.grad(Rosenbrock.traced()).trace(List.of(TensorType.f64(10)));
    rosenTape = Tape.lower(rosen);
    rosenCompiled = cs.instantiate(JavaEmitter.emit(rosen));
    rosenIn = new double[][] {new double[10]};
    for (int i = 0; i < 10; i++) {
      rosenIn[0][i] = 0.1 * i;
    }
    rosenOut = new double[][] {new double[10]};
  }

  @Benchmark
  public double[][] dag1000Tape() {
    dagTape.call(dagIn, dagOut);
    return dagOut;
  }

  @Benchmark
  public double[][] dag1000Compiled() {
    dagCompiled.call(dagIn, dagOut);
    return dagOut;
  }

  @Benchmark
  public double[][] rosenbrock10Tape() {
    rosenTape.call(rosenIn, rosenOut);
    return rosenOut;
  }

  @Benchmark
  public double[][] rosenbrock10Compiled() {
    rosenCompiled.call(rosenIn, rosenOut);
    return rosenOut;
  }
}
