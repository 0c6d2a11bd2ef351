package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
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
 * One compiled {@code dot_general} of shape {@code m x n x k} (output {@code m x n}, {@code k}
 * contracted; {@code TN}: the lhs stored transposed, {@code NT}: the rhs) generated two ways in
 * the same run: {@code kernel}, the program calling {@code Rt.matmul}, and {@code loopNest}, the
 * loop nest generated for it before (and still for products under the threshold). Square sizes,
 * the products of the MLP 64-256-10 gradient at batch 128, the logistic 10,000 x 100 gradient's
 * matrix-vector products, and small cubes that place the threshold. {@link BenchMain} prints
 * GFLOP/s ({@code 2 m n k} per call) next to the times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class GemmBench {
  @Param({"128x128x128", "256x256x256", "512x512x512", "128x256x64", "128x10x256",
      "128x256x10NT", "64x256x128TN", "256x10x128TN", "10000x1x100", "100x1x10000TN", "8x8x8",
      "12x12x12", "16x16x16", "20x20x20", "24x24x24", "32x32x32", "16x32x8"})
  public String shape;

  Program kernel;
  Program loopNest;
  double[][] in;
  double[][] out;

  /** {@code {m, n, k}} of a shape parameter. */
  static int[] dims(String shape) {
    String[] p = shape.replace("TN", "").replace("NT", "").split("x");
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
  }

  /** The multiply-adds of a shape parameter, times two. */
  static double flops(String shape) {
    int[] d = dims(shape);
    return 2.0 * d[0] * d[1] * d[2];
  }

  /** The product as a graph: {@code x} m x k (k x m for TN), {@code y} k x n (n x k for NT). */
  static Graph graph(String shape) {
    int[] d = dims(shape);
    boolean tx = shape.endsWith("TN");
    boolean ty = shape.endsWith("NT");
    TensorType x = tx ? TensorType.f64(d[2], d[0]) : TensorType.f64(d[0], d[2]);
    TensorType y = d[1] == 1 ? TensorType.f64(d[2])
        : ty ? TensorType.f64(d[1], d[2]) : TensorType.f64(d[2], d[1]);
    return Graph.trace(List.of("x", "y"), List.of(x, y), ps -> List.of(Ir.dotGeneral(ps.get(0),
        ps.get(1), new int[] {tx ? 0 : 1}, new int[] {ty ? 1 : 0}, new int[0], new int[0])));
  }

  @Setup
  public void setup() {
    Graph g = graph(shape);
    kernel = Programs.withMatmulThreshold(g, 1, "_Kernel");
    loopNest = Programs.withMatmulThreshold(g, Long.MAX_VALUE, "_LoopNest");
    TensorType tx = g.inputTypes().get(0);
    TensorType ty = g.inputTypes().get(1);
    in = new double[][] {Tensor.normal(1, tx).toDoubleArray(), Tensor.normal(2, ty).toDoubleArray()};
    out = new double[][] {new double[g.output(0).type().size()]};
  }

  @Benchmark
  public double[] kernel() {
    kernel.call(in, out);
    return out[0];
  }

  @Benchmark
  public double[] loopNest() {
    loopNest.call(in, out);
    return out[0];
  }
}
