package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Recurrences over a symbolic trip count (issue 14): a scan of {@code n} steps compiled once
 * ({@link SizedFunction}, one class) and called at n = 0, 1, 2, 7, 100, its value and gradient
 * equal bit for bit to the static program of the graph specialised to n and to the interpreter,
 * and to central differences ({@link SizedFunctionTest#check}).
 */
class SizedScanTest {
  static final Dim N = Dim.var("n");
  static final TensorType S = TensorType.f64();

  static List<Map<String, Long>> sizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (long n : new long[] {0, 1, 2, 7, 100}) {
      envs.add(SizedFunctionTest.env("n", n));
    }
    return envs;
  }

  /** {@code y += h * (k * u[t] - y)} over u: f64[n]; the loss is the last y plus the sum of y * u. */
  static Graph forcedEuler(boolean reverse) {
    Graph step = Graph.trace(List.of("h", "k", "y", "u"), List.of(S, S, S, S), ps -> {
      Node y = ps.get(2);
      Node next = Ir.add(y, Ir.mul(ps.get(0), Ir.sub(Ir.mul(ps.get(1), ps.get(3)), y)));
      return List.of(next, Ir.mul(y, ps.get(3)));
    });
    return Graph.trace(List.of("y0", "k", "u"), List.of(S, S, TensorType.of(DType.F64,
        Shape.of(N))), ps -> {
          List<Node> r = Scan.scan(step, List.of(Ir.full(0.05, S), ps.get(1)),
              List.of(ps.get(0)), List.of(ps.get(2)), N, reverse);
          return List.of(Ir.add(r.get(0), Ir.reduceSum(r.get(1), 0)));
        });
  }

  /** A vector carry {@code f64[2]} with a vector const and rows {@code x: f64[n,2]}. */
  static Graph vectorRecurrence() {
    TensorType v = TensorType.f64(2);
    Graph step = Graph.trace(List.of("a", "y", "x"), List.of(v, v, v), ps -> {
      Node y = ps.get(1);
      Node next = Ir.add(Ir.mul(ps.get(0), Ir.tanh(y)), Ir.mul(ps.get(2), Ir.sin(Ir.rev(y, 0))));
      return List.of(next, Ir.reduceSum(Ir.mul(next, next), 0));
    });
    return Graph.trace(List.of("a", "y0", "x"), List.of(v, v, TensorType.of(DType.F64,
        Shape.of(N, Dim.of(2)))), ps -> {
          List<Node> r = Scan.scan(step, List.of(ps.get(0)), List.of(ps.get(1)),
              List.of(ps.get(2)), N, false);
          return List.of(Ir.add(Ir.reduceSum(r.get(0), 0), Ir.reduceSum(r.get(1), 0)));
        });
  }

  /**
   * Explicit Euler of the linear ODE {@code y' = a y + f(t)} in n dimensions: the carry is
   * {@code f64[n]}, the const {@code a: f64[n,n]}, the xs {@code f: f64[steps,n]} (a body over
   * symbolic sizes, issue 14 item 4); the ys are each step's {@code |y|^2}, and {@code steps} is
   * a size or a constant.
   */
  static Graph linearOde(Dim steps, boolean reverse) {
    TensorType vn = TensorType.of(DType.F64, Shape.of(N));
    TensorType mn = TensorType.of(DType.F64, Shape.of(N, N));
    Graph step = Graph.trace(List.of("h", "a", "y", "f"), List.of(S, mn, vn, vn), ps -> {
      Node y = ps.get(2);
      Node ay = Ir.dotGeneral(ps.get(1), y, new int[] {1}, new int[] {0}, new int[0],
          new int[0]);
      Node next = Ir.add(y, Ir.mul(Ir.broadcastInDim(ps.get(0), Shape.of(N)),
          Ir.add(ay, Ir.sin(ps.get(3)))));
      return List.of(next, Ir.reduceSum(Ir.mul(y, y), 0));
    });
    return Graph.trace(List.of("a", "y0", "f"), List.of(mn, vn, TensorType.of(DType.F64,
        Shape.of(steps, N))), ps -> {
          List<Node> r = Scan.scan(step, List.of(Ir.full(0.05, S), ps.get(0)),
              List.of(ps.get(1)), List.of(ps.get(2)), steps, reverse);
          return List.of(Ir.add(Ir.reduceSum(Ir.tanh(r.get(0)), 0), Ir.reduceSum(r.get(1), 0)));
        });
  }

  static List<Map<String, Long>> odeSizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] p = {{0, 0}, {0, 3}, {1, 0}, {1, 1}, {2, 3}, {3, 1}, {4, 7}, {7, 2}, {5, 20}};
    for (long[] e : p) {
      envs.add(SizedFunctionTest.env("n", e[0], "steps", e[1]));
    }
    return envs;
  }

  @Test
  void aVectorCarryOfSymbolicSizeCompiledOnce() {
    SizedFunctionTest.check(linearOde(Dim.var("steps"), false), new int[] {0, 1, 2}, odeSizes());
  }

  @Test
  void aReverseScanOverSymbolicSizesCompiledOnce() {
    SizedFunctionTest.check(linearOde(Dim.var("steps"), true), new int[] {0, 1, 2}, odeSizes());
  }

  @Test
  void aConstantLengthWithASymbolicBodyCompiledOnce() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (long n : new long[] {0, 1, 2, 5, 9}) {
      envs.add(SizedFunctionTest.env("n", n));
    }
    SizedFunctionTest.check(linearOde(Dim.of(4), false), new int[] {0, 1, 2}, envs);
  }

  /** A requirement inside a symbolic body (a slice [0:2] of the carry f64[n]) is an entry check. */
  @Test
  void aBodysDeferredRequirementIsCheckedAtEntry() {
    TensorType vn = TensorType.of(DType.F64, Shape.of(N));
    Graph step = Graph.trace(List.of("y"), List.of(vn), ps -> List.of(Ir.sin(ps.get(0)),
        Ir.reduceSum(Ir.slice(ps.get(0), new Dim[] {Dim.of(0)}, new Dim[] {Dim.of(2)}), 0)));
    Dim steps = Dim.var("steps");
    Graph g = Graph.trace(List.of("y0"), List.of(vn), ps -> {
      List<Node> r = Scan.scan(step, List.of(), List.of(ps.get(0)), List.of(), steps, false);
      return List.of(Ir.add(Ir.reduceSum(r.get(0), 0), Ir.reduceSum(r.get(1), 0)));
    });
    SizedFunction f = SizedFunction.compile(g, new CompileService());
    org.cotangent.symbolic.Tensor y = org.cotangent.symbolic.Tensor.wrap(TensorType.f64(3),
        new double[] {0.5, -0.25, 1.5});
    double want = org.cotangent.symbolic.Interpreter.eval(g, Map.of("steps", 4L), List.of(y))
        .get(0).item();
    org.junit.jupiter.api.Assertions.assertEquals(want, f.call(Map.of("steps", 4L), List.of(y))
        .get(0).item(), 0.0);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> f.call(Map.of("steps", 4L), List.of(
            org.cotangent.symbolic.Tensor.wrap(TensorType.f64(1), new double[] {0.5}))));
    org.junit.jupiter.api.Assertions.assertEquals("slice of f64[n] on axis 0 [0:2] of size n"
        + " needs n >= 2, false at n = 1, steps = 4", e.getMessage());
  }

  @Test
  void forcedEulerCompiledOnce() {
    SizedFunctionTest.check(forcedEuler(false), new int[] {0, 1, 2}, sizes());
  }

  @Test
  void reverseForcedEulerCompiledOnce() {
    SizedFunctionTest.check(forcedEuler(true), new int[] {0, 1, 2}, sizes());
  }

  @Test
  void vectorCarryCompiledOnce() {
    SizedFunctionTest.check(vectorRecurrence(), new int[] {0, 1, 2}, sizes());
  }

  /** Euler for y' = -k y over {@code steps}, an int count no argument's shape gives. */
  static Graph decay(Dim steps) {
    Graph step = Graph.trace(List.of("h", "k", "y"), List.of(S, S, S), ps -> List.of(
        Ir.add(ps.get(2), Ir.mul(ps.get(0), Ir.neg(Ir.mul(ps.get(1), Ir.sin(ps.get(2))))))));
    return Graph.trace(List.of("y0", "k"), List.of(S, S), ps -> List.of(Scan.scan(step,
        List.of(Ir.full(0.01, S), ps.get(1)), List.of(ps.get(0)), List.of(), steps, false)
        .get(0)));
  }

  @Test
  void aStepCountIsGivenAtTheCall() {
    Graph vg = Ad.valueAndGrad(decay(Dim.var("steps")), 0, 1);
    CompileService service = new CompileService();
    SizedFunction f = SizedFunction.compile(vg, service);
    List<org.cotangent.symbolic.Tensor> a = List.of(org.cotangent.symbolic.Tensor.scalar(0.9),
        org.cotangent.symbolic.Tensor.scalar(1.7));
    for (long n : new long[] {0, 1, 2, 7, 100}) {
      List<org.cotangent.symbolic.Tensor> got = f.call(Map.of("steps", n), a);
      Graph stat = Ad.valueAndGrad(decay(Dim.of(n)), 0, 1);
      List<org.cotangent.symbolic.Tensor> want = new CompileService().load(
          org.cotangent.codegen.JavaEmitter.emit(stat)).call(a);
      List<org.cotangent.symbolic.Tensor> interp = org.cotangent.symbolic.Interpreter.eval(stat,
          a);
      for (int j = 0; j < want.size(); j++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(j).unsafeData(),
            got.get(j).unsafeData(), "steps=" + n + " (static program)");
        org.junit.jupiter.api.Assertions.assertArrayEquals(interp.get(j).unsafeData(),
            got.get(j).unsafeData(), "steps=" + n + " (interpreter)");
      }
      SizedFunctionTest.centralDifferences(decay(Dim.of(n)), new int[] {0, 1}, a, got,
          Map.of("steps", n));
    }
    org.junit.jupiter.api.Assertions.assertEquals(1, service.compileCount());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> f.call(Map.of("steps", -1L), a));
    org.junit.jupiter.api.Assertions.assertEquals("size steps is -1, must be >= 0",
        e.getMessage());
  }

  @Test
  void theGradientIsOneLoopEachWay() {
    String src = SizedFunction.compile(Ad.valueAndGrad(forcedEuler(false), 0, 1, 2),
        new CompileService()).source().source();
    assertTrue(src.contains("t < n; t++)"), src);
    assertTrue(src.contains("t >= 0; t--)"), src);
  }
}
