package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * cumprod's JVP and reduce_prod's second derivative at symbolic sizes (a masked product matrix
 * where the static rules count doubling levels): hessians of {@code sum(cumprod(x))} and of
 * {@code prod(x)}, with factors exactly zero, against the static hessians and against central
 * differences of the gradient, at sizes from 0 on, along either axis of a matrix.
 */
class SymbolicProductDerivativesTest {
  static final Dim N = Dim.var("n");
  static final Dim M = Dim.var("m");

  static Graph graph(TensorType t, Function<Node, Node> body) {
    return Graph.trace(List.of("x"), List.of(t), ps -> List.of(body.apply(ps.get(0))));
  }

  /** {@code x} with some elements exactly 0 (two or more once there are five or more). */
  static double[] withZeros(int size, long seed) {
    java.util.Random rng = new java.util.Random(seed);
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = i % 5 == 1 || i % 5 == 3 ? 0.0 : 0.5 + rng.nextDouble();
      if (rng.nextBoolean()) {
        x[i] = -x[i];
      }
    }
    return x;
  }

  /**
   * The symbolic hessian of {@code f} (built at {@code sym}) at each shape equals the static
   * hessian (the doubling rules) and central differences of the symbolic gradient.
   */
  static void hessianAgrees(Function<TensorType, Graph> f, TensorType sym, List<int[]> shapes) {
    Graph h = Ad.hessian(f.apply(sym), 0);
    Graph grad = Ad.grad(f.apply(sym), 0);
    for (int[] shape : shapes) {
      TensorType st = TensorType.of(DType.F64, shape);
      int size = st.size();
      String what = sym + " at " + st;
      double[] x = withZeros(size, 31L * size + shape.length);
      Tensor xt = Tensor.wrap(st, x);
      double[] got = Interpreter.eval(h, List.of(xt)).get(0).unsafeData();
      double[] want = Interpreter.eval(Ad.hessian(f.apply(st), 0), List.of(xt)).get(0)
          .unsafeData();
      assertEquals(size * size, got.length, what);
      for (int k = 0; k < got.length; k++) {
        assertEquals(want[k], got[k], 1e-12 * (1 + Math.abs(want[k])), "static, " + what
            + " [" + k + "]");
      }
      double eps = 1e-6;
      for (int j = 0; j < size; j++) {
        double keep = x[j];
        x[j] = keep + eps;
        double[] gp = Interpreter.eval(grad, List.of(Tensor.wrap(st, x.clone()))).get(0)
            .unsafeData();
        x[j] = keep - eps;
        double[] gm = Interpreter.eval(grad, List.of(Tensor.wrap(st, x.clone()))).get(0)
            .unsafeData();
        x[j] = keep;
        for (int i = 0; i < size; i++) {
          double fd = (gp[i] - gm[i]) / (2 * eps);
          assertEquals(fd, got[i * size + j], 1e-6 * (1 + Math.abs(fd)), "central differences, "
              + what + " [" + i + "," + j + "]");
        }
      }
    }
  }

  static List<int[]> vectors() {
    return List.of(new int[] {0}, new int[] {1}, new int[] {2}, new int[] {3}, new int[] {5},
        new int[] {8});
  }

  static List<int[]> matrices() {
    return List.of(new int[] {0, 3}, new int[] {2, 0}, new int[] {1, 1}, new int[] {2, 3},
        new int[] {3, 1}, new int[] {1, 4}, new int[] {3, 5});
  }

  @Test
  void hessianOfTheSumOfACumprod() {
    hessianAgrees(t -> graph(t, x -> Ir.reduceSum(Ir.cumprod(x, 0, false), 0)),
        TensorType.of(DType.F64, Shape.of(N)), vectors());
    hessianAgrees(t -> graph(t, x -> Ir.reduceSum(Ir.mul(Ir.cumprod(x, 0, true), Ir.sin(x)), 0)),
        TensorType.of(DType.F64, Shape.of(N)), vectors());
  }

  @Test
  void hessianOfAProductWithZeroFactors() {
    hessianAgrees(t -> graph(t, x -> Ir.reduceProd(x, 0)), TensorType.of(DType.F64,
        Shape.of(N)), vectors());
    hessianAgrees(t -> graph(t, x -> Ir.reduceSum(Ir.reduceProd(x, 1), 0)),
        TensorType.of(DType.F64, Shape.of(M, N)), matrices());
  }

  /** cumprod along either axis of a matrix, the other axis a batch of symbolic size. */
  @Test
  void hessianOfCumprodsAlongEitherAxis() {
    hessianAgrees(t -> graph(t, x -> Ir.reduceSum(Ir.mul(Ir.cumprod(x, 1, false),
        Ir.cumprod(x, 0, true)), 0, 1)), TensorType.of(DType.F64, Shape.of(M, N)), matrices());
  }

  /** A static scanned axis among symbolic ones takes the symbolic rule too. */
  @Test
  void aStaticScannedAxisWithASymbolicBatch() {
    hessianAgrees(t -> graph(t, x -> Ir.reduceSum(Ir.cumprod(Ir.cos(x), 1, false), 0, 1)),
        TensorType.of(DType.F64, Shape.of(M, Dim.of(3))),
        List.of(new int[] {0, 3}, new int[] {1, 3}, new int[] {4, 3}));
  }

  /** The symbolic graph's values are the static graph's at each size. */
  @Test
  void specialisedJvpIsTheStaticOnesToRounding() {
    Graph g = Ad.jvp(graph(TensorType.of(DType.F64, Shape.of(N)), x -> Ir.cumprod(x, 0, false)));
    for (int n : new int[] {0, 1, 4, 9}) {
      Graph st = Ad.jvp(graph(TensorType.f64(n), x -> Ir.cumprod(x, 0, false)));
      List<Tensor> a = List.of(Tensor.wrap(TensorType.f64(n), withZeros(n, n)),
          Tensor.wrap(TensorType.f64(n), withZeros(n, n + 7)));
      double[] want = Interpreter.eval(st, a).get(1).unsafeData();
      double[] got = Interpreter.eval(g.specialize(Map.of("n", (long) n)), a).get(1).unsafeData();
      for (int k = 0; k < n; k++) {
        assertEquals(want[k], got[k], 1e-14 * (1 + Math.abs(want[k])), "n=" + n + " [" + k + "]");
      }
    }
  }
}
