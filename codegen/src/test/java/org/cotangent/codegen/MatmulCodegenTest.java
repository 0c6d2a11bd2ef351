package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.PrimitiveTable;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * {@code dot_general} through {@code Rt.matmul}: which layouts reach the kernel, and that every
 * product computed there equals the interpreter's bit for bit (both sum in the contraction's
 * order), forward and in derivatives. Small shapes reach the kernel through the threshold
 * property ({@code cotangent.matmul.threshold}), set only around each check.
 */
class MatmulCodegenTest {

  private static <T> T withThreshold(long threshold, Supplier<T> body) {
    String key = "cotangent.matmul.threshold";
    String old = System.getProperty(key);
    System.setProperty(key, Long.toString(threshold));
    try {
      return body.get();
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }

  private static Graph dot(TensorType x, TensorType y, int[] lc, int[] rc, int[] lb, int[] rb) {
    return Graph.trace(List.of("x", "y"), List.of(x, y),
        ps -> List.of(Ir.dotGeneral(ps.get(0), ps.get(1), lc, rc, lb, rb)));
  }

  private static int[] a(int... v) {
    return v;
  }

  /** The source through the kernel at any size; the values equal the interpreter's exactly. */
  private static String checkExact(Graph g, Random rng) {
    return withThreshold(1, () -> {
      List<Tensor> args = CompiledMatchesInterpreterTest.randomArgs(g, rng);
      Compiled c = Compiled.of(g);
      double[] e = Interpreter.eval(g, args).get(0).unsafeData();
      double[] v = c.call(args).get(0).unsafeData();
      for (int i = 0; i < e.length; i++) {
        assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(v[i]),
            "element " + i + "\n" + c.source.numberedSource());
      }
      return c.source.source();
    });
  }

  @Test
  void everyMatrixLayoutReachesTheKernel() {
    Random rng = new Random(1);
    TensorType m57 = TensorType.f64(5, 7);
    TensorType m75 = TensorType.f64(7, 5);
    TensorType m73 = TensorType.f64(7, 3);
    TensorType m37 = TensorType.f64(3, 7);
    String[][] expected = {
      {checkExact(dot(m57, m73, a(1), a(0), a(), a()), rng), "Rt.matmul(x, y, dot0, 1, 5, 3, 7, 0)"},
      {checkExact(dot(m75, m73, a(0), a(0), a(), a()), rng),
        "Rt.matmul(x, y, dot0, 1, 5, 3, 7, Rt.TRANSPOSE_X)"},
      {checkExact(dot(m57, m37, a(1), a(1), a(), a()), rng),
        "Rt.matmul(x, y, dot0, 1, 5, 3, 7, Rt.TRANSPOSE_Y)"},
      {checkExact(dot(m75, m37, a(0), a(1), a(), a()), rng),
        "Rt.matmul(x, y, dot0, 1, 5, 3, 7, Rt.TRANSPOSE_X | Rt.TRANSPOSE_Y)"},
      // batch axes leading; two free axes of x and two contracted axes, each grouped in order
      {checkExact(dot(TensorType.f64(2, 3, 4, 5, 6), TensorType.f64(2, 5, 6, 7),
          a(3, 4), a(1, 2), a(0), a(0)), rng), "Rt.matmul(x, y, dot0, 2, 12, 7, 30, 0)"},
      // an outer product
      {checkExact(dot(TensorType.f64(5), TensorType.f64(3), a(), a(), a(), a()), rng),
        "Rt.matmul(x, y, dot0, 1, 5, 3, 1, 0)"},
    };
    for (String[] e : expected) {
      assertTrue(e[0].contains(e[1] + ";"), e[1] + " in\n" + e[0]);
    }
  }

  @Test
  void matrixVectorProductsAndLayoutsThatDoNotGroupKeepTheLoopNest() {
    Random rng = new Random(2);
    List<String> sources = List.of(
        // contracted axes in different orders in the two operands
        checkExact(dot(TensorType.f64(3, 4, 5), TensorType.f64(5, 4, 2), a(1, 2), a(1, 0), a(), a()),
            rng),
        // a batch axis that is not leading
        checkExact(dot(TensorType.f64(3, 2, 4), TensorType.f64(2, 4, 5), a(2), a(1), a(1), a(0)),
            rng),
        // the contracted axis between two free ones
        checkExact(dot(TensorType.f64(3, 4, 5), TensorType.f64(4, 2), a(1), a(0), a(), a()), rng),
        // a full contraction to a scalar
        checkExact(dot(TensorType.f64(3, 4), TensorType.f64(3, 4), a(0, 1), a(0, 1), a(), a()), rng),
        // matrix-vector both ways and vector-matrix: loop nests by choice (measured faster)
        checkExact(dot(TensorType.f64(5, 7), TensorType.f64(7), a(1), a(0), a(), a()), rng),
        checkExact(dot(TensorType.f64(7, 5), TensorType.f64(7), a(0), a(0), a(), a()), rng),
        checkExact(dot(TensorType.f64(7), TensorType.f64(7, 3), a(0), a(0), a(), a()), rng));
    for (String s : sources) {
      assertFalse(s.contains("Rt.matmul"), s);
    }
  }

  /** Random dot_generals (any axes, orders and batch positions): exact through kernel or nest. */
  @Test
  void randomProductsEqualTheInterpreter() {
    Random rng = new Random(3);
    int kernel = 0;
    for (int t = 0; t < 60; t++) {
      int nb = rng.nextInt(2);
      int nc = rng.nextInt(3);
      int xf = rng.nextInt(3);
      int yf = rng.nextInt(3);
      int[] batch = dims(rng, nb);
      int[] contract = dims(rng, nc);
      List<Integer> xAxes = shuffledUnlessLucky(rng, nb + nc + xf, nb);
      List<Integer> yAxes = shuffledUnlessLucky(rng, nb + nc + yf, nb);
      // operand axis a of x holds logical axis xAxes.get(a): < nb batch, < nb + nc contracted
      int[] xd = new int[xAxes.size()];
      int[] yd = new int[yAxes.size()];
      int[] lb = new int[nb];
      int[] rb = new int[nb];
      int[] lc = new int[nc];
      int[] rc = new int[nc];
      fill(rng, xAxes, batch, contract, xd, lb, lc);
      fill(rng, yAxes, batch, contract, yd, rb, rc);
      String src = checkExact(dot(TensorType.f64(xd), TensorType.f64(yd), lc, rc, lb, rb), rng);
      kernel += src.contains("Rt.matmul") ? 1 : 0;
    }
    assertTrue(kernel > 10 && kernel < 60, kernel + " of 60 random products through the kernel");
  }

  private static int[] dims(Random rng, int n) {
    int[] d = new int[n];
    for (int i = 0; i < n; i++) {
      d[i] = 1 + rng.nextInt(4);
    }
    return d;
  }

  /** The logical axes 0..n-1 in order half the time, else shuffled. */
  private static List<Integer> shuffledUnlessLucky(Random rng, int n, int nb) {
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      axes.add(i);
    }
    if (rng.nextBoolean()) {
      java.util.Collections.shuffle(axes, rng);
    }
    return axes;
  }

  private static void fill(Random rng, List<Integer> axes, int[] batch, int[] contract, int[] d,
      int[] b, int[] c) {
    int nb = batch.length;
    int nc = contract.length;
    for (int a = 0; a < axes.size(); a++) {
      int l = axes.get(a);
      if (l < nb) {
        d[a] = batch[l];
        b[l] = a;
      } else if (l < nb + nc) {
        d[a] = contract[l - nb];
        c[l - nb] = a;
      } else {
        d[a] = 1 + rng.nextInt(5);
      }
    }
  }

  /** Every dot_general row of the primitive table, as f, JVP, VJP and vmapped, via the kernel. */
  @Test
  void primitiveTableRowsThroughTheKernel() {
    CompiledMatchesInterpreterTest suite = new CompiledMatchesInterpreterTest();
    int rows = withThreshold(1, () -> {
      int count = 0;
      for (long seed = 1; seed <= 2; seed++) {
        for (PrimitiveTable.Case c : PrimitiveTable.allCases(seed)) {
          if (c.primitive.equals("dot_general")) {
            Random rng = new Random(seed);
            CompiledMatchesInterpreterTest.checkFunctionAndDerivatives(c.graph(), c.inputs(rng),
                rng);
            suite.everyPrimitiveBatched(c, seed);
            count++;
          }
        }
      }
      return count;
    });
    assertTrue(rows >= 4, rows + " rows");
  }

  /** At the default threshold: a two-layer network's value, JVP and VJP, products in the kernel. */
  @Test
  void mlpGradientThroughTheKernelAtTheDefaultThreshold() {
    Graph f = Graph.trace(List.of("x", "w1", "w2"),
        List.of(TensorType.f64(33, 20), TensorType.f64(20, 41), TensorType.f64(41, 10)),
        ps -> List.of(Np.sum(Np.tanh(Np.matmul(Np.tanh(Np.matmul(ps.get(0), ps.get(1))),
            ps.get(2))))));
    String src = JavaEmitter.emit(org.cotangent.symbolic.ad.Ad.vjp(f)).source();
    assertTrue(src.split("Rt\\.matmul\\(", -1).length - 1 >= 4, src);
    Random rng = new Random(4);
    CompiledMatchesInterpreterTest.checkFunctionAndDerivatives(f,
        CompiledMatchesInterpreterTest.randomArgs(f, rng), rng);
  }
}
