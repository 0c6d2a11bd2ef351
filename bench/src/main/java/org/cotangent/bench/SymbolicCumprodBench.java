package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.codegen.SizedProgram;
import org.cotangent.runtime.CompileService;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
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
 * The price of cumprod's JVP at symbolic sizes (a masked {@code n x n} product matrix) against
 * the static rule (doubling levels, {@code n log n}), both compiled: the value and gradient of
 * {@code sum(cumprod(x) * w)}, x and w of length n, one program compiled at n (baseline) and one
 * compiled once for any n ({@code SizedProgram}), called at n.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SymbolicCumprodBench {
  @Param({"16", "128", "1024"})
  int n;

  Program fixed;
  SizedProgram sized;
  int[] sizes;
  double[][] in;
  double[][] out;

  static Graph loss(TensorType t) {
    return Ad.valueAndGrad(Graph.trace(List.of("x", "w"), List.of(t, t), ps -> {
      Node y = Ir.cumprod(ps.get(0), 0, false);
      return List.of(Ir.reduceSum(Ir.mul(y, ps.get(1)), 0));
    }), 0);
  }

  @Setup
  public void setup() {
    CompileService service = new CompileService(4);
    fixed = service.instantiate(JavaEmitter.emit(loss(TensorType.f64(n))));
    sized = service.instantiateSized(JavaEmitter.emit(loss(TensorType.of(DType.F64,
        Shape.of(Dim.var("n"))))));
    sizes = new int[] {n};
    double[] x = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1 + 0.01 * Math.sin(i);
      w[i] = Math.cos(i);
    }
    in = new double[][] {x, w};
    out = new double[][] {new double[1], new double[n]};
  }

  @Benchmark
  public double[] staticRule() {
    fixed.call(in, out);
    return out[1];
  }

  @Benchmark
  public double[] symbolicRule() {
    sized.call(sizes, in, out);
    return out[1];
  }
}
