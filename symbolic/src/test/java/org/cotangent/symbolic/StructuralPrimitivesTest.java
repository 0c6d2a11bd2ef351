package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/** Semantics of the structural primitives beyond the table: Python's slices, sort order, indices. */
class StructuralPrimitivesTest {
  /** Python's {@code range(*slice(start, stop, step).indices(n))}, written from its definition. */
  static List<Integer> python(Integer start, Integer stop, int step, int n) {
    int lower = step < 0 ? -1 : 0;
    int upper = step < 0 ? n - 1 : n;
    int s;
    if (start == null) {
      s = step < 0 ? upper : lower;
    } else {
      s = start < 0 ? Math.max(start + n, lower) : Math.min(start, upper);
    }
    int e;
    if (stop == null) {
      e = step < 0 ? lower : upper;
    } else {
      e = stop < 0 ? Math.max(stop + n, lower) : Math.min(stop, upper);
    }
    List<Integer> r = new ArrayList<>();
    for (int i = s; step > 0 ? i < e : i > e; i += step) {
      r.add(i);
    }
    return r;
  }

  @Test
  void slicesWithStepsSelectWhatPythonSelects() {
    Integer[] bounds = {null, -9, -6, -3, -1, 0, 1, 2, 4, 6, 9};
    for (int n = 0; n <= 6; n++) {
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = 10 + i;
      }
      Node x = Ir.constant(Tensor.wrap(TensorType.f64(n), d));
      for (int step : new int[] {-4, -3, -2, -1, 1, 2, 3, 5}) {
        for (Integer start : bounds) {
          for (Integer stop : bounds) {
            List<Integer> want = python(start, stop, step, n);
            Node s = Np.slice(x, 0, start, stop, step);
            double[] got = Interpreter.eval(new Graph(List.of(), List.of(), List.of(s)), List.of()).get(0)
                .unsafeData();
            double[] expected = new double[want.size()];
            for (int k = 0; k < expected.length; k++) {
              expected[k] = 10 + want.get(k);
            }
            assertArrayEquals(expected, got, "n=" + n + " [" + start + ":" + stop + ":" + step + "]");
          }
        }
      }
    }
    assertThrows(IrException.class, () -> Np.slice(Ir.zeros(TensorType.f64(3)), 0, null, null, 0));
  }

  @Test
  void sortIsStableWithNaNLastAndSignedZerosEqual() {
    Tensor x = Tensor.of(3.0, Double.NaN, -0.0, 1.0, 0.0, Double.NaN, 1.0, -2.0);
    Node n = Ir.constant(x);
    Graph g = new Graph(List.of(), List.of(), List.of(Ir.sort(n, 0), Ir.argsort(n, 0)));
    List<Tensor> r = Interpreter.eval(g, List.of());
    assertArrayEquals(new double[] {-2.0, -0.0, 0.0, 1.0, 1.0, 3.0, Double.NaN, Double.NaN},
        r.get(0).unsafeData());
    assertArrayEquals(new double[] {7, 2, 4, 3, 6, 0, 1, 5}, r.get(1).unsafeData());
    assertEquals(DType.I64, r.get(1).dtype());
  }

  @Test
  void gatherClampsAndScatterAddAccumulates() {
    Node x = Ir.constant(Tensor.of(1.0, 2.0, 3.0));
    Node idx = Ir.constant(Tensor.wrap(TensorType.of(DType.I64, 4), new double[] {-5, 1, 7, 1}));
    Graph g = new Graph(List.of(), List.of(), List.of(Ir.gather(x, idx, 0),
        Ir.scatterAdd(Ir.constant(Tensor.of(1.0, 10.0, 100.0, 1000.0)), idx, 0, 3)));
    List<Tensor> r = Interpreter.eval(g, List.of());
    assertArrayEquals(new double[] {1.0, 2.0, 3.0, 2.0}, r.get(0).unsafeData());
    assertArrayEquals(new double[] {1.0, 1010.0, 100.0}, r.get(1).unsafeData());
    // Np checks constant indices and wraps negative ones.
    assertThrows(IrException.class, () -> Np.take(x, idx, 0));
    Node wrapped = Np.take(x, Ir.constant(Tensor.wrap(TensorType.of(DType.I64, 2),
        new double[] {-1, -3})), 0);
    assertArrayEquals(new double[] {3.0, 1.0},
        Interpreter.eval(new Graph(List.of(), List.of(), List.of(wrapped)), List.of()).get(0).unsafeData());
  }

  @Test
  void cumprodJvpIsExactAtZerosAndTakesLogarithmicallyManyLevels() {
    TensorType t = TensorType.f64(4);
    Graph f = Graph.trace(List.of("x"), List.of(t),
        ps -> List.of(Ir.reduceSum(Ir.cumprod(ps.get(0), 0, false), 0)));
    // d/dx_j sum_k prod_{i<=k} x_i at (0, 2, 0, 3): only x_0's derivative is non-zero, 1 + 2.
    assertEquals(Tensor.of(3.0, 0.0, 0.0, 0.0),
        Interpreter.eval(Ad.grad(f), Tensor.of(0.0, 2.0, 0.0, 3.0)).get(0));
    TensorType big = TensorType.f64(1000);
    Graph h = Graph.trace(List.of("x"), List.of(big),
        ps -> List.of(Ir.reduceSum(Ir.cumprod(ps.get(0), 0, true), 0)));
    int nodes = Ad.grad(h).topoOrder().size();
    // ceil(log2 1000) = 10 levels of a handful of equations each.
    org.junit.jupiter.api.Assertions.assertTrue(nodes < 300, "grad of cumprod has " + nodes + " nodes");
  }

  @Test
  void scansOverAnAxisBeforeAnEmptyOneAreEmpty() {
    // Found by the fuzzer (fuzz seed 101): the axis has elements but an axis after it is empty,
    // so the inner stride is 0; the scan divided by it.
    for (int[] dims : new int[][] {{1, 2, 0}, {3, 0}, {0, 2}, {2, 0, 3}}) {
      for (int axis = 0; axis < dims.length; axis++) {
        for (boolean reverse : new boolean[] {false, true}) {
          TensorType t = TensorType.f64(dims);
          int ax = axis;
          Graph g = Graph.trace(List.of("x"), List.of(t), ps -> List.of(
              Ir.cumsum(ps.get(0), ax, reverse), Ir.cumprod(ps.get(0), ax, reverse)));
          List<Tensor> out = Interpreter.eval(g, List.of(Tensor.wrap(t, new double[0])));
          assertEquals(t, out.get(0).type());
          assertEquals(t, out.get(1).type());
          assertEquals(0, out.get(0).unsafeData().length);
        }
      }
    }
  }
}
