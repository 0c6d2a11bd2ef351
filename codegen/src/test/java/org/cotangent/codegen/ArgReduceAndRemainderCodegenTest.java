package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Generated code for argmax/argmin and the remainders at the inputs random tests do not draw:
 * ties, NaN, infinities, signed zeros, zero divisors; compiled against the interpreter and
 * against the answers NumPy gives.
 */
class ArgReduceAndRemainderCodegenTest {
  static final double NAN = Double.NaN;
  static final double INF = Double.POSITIVE_INFINITY;

  static List<Tensor> compiled(Graph g, Tensor... args) {
    CompiledMatchesInterpreterTest.assertSameValues(g, List.of(args));
    return Compiled.of(g).call(List.of(args));
  }

  static Tensor i64(int[] shape, double... v) {
    return Tensor.wrap(TensorType.of(DType.I64, Shape.of(shape)), v);
  }

  @Test
  void argmaxAndArgminInEveryLoweringShape() {
    TensorType t = TensorType.f64(2, 5);
    // Along axis 1 (inner scan), axis 0 (outer scan), over all (a scalar result, twice in one
    // method), and of a view (a slice is read in place).
    Graph g = Graph.trace(List.of("x"), List.of(t), ps -> List.of(
        Ir.argmax(ps.get(0), 1), Ir.argmin(ps.get(0), 0), Np.argmax(ps.get(0), null),
        Np.argmin(ps.get(0), null), Ir.argmax(Np.slice(ps.get(0), 1, 1, null), 1)));
    Tensor x = Tensor.wrap(t, new double[] {3, 7, 7, NAN, 1, -2, -2, INF, 0, -INF});
    List<Tensor> r = compiled(g, x);
    assertEquals(i64(new int[] {2}, 3, 2), r.get(0), "the first NaN; the first of ties");
    assertEquals(i64(new int[] {5}, 1, 1, 0, 0, 1), r.get(1));
    assertEquals(i64(new int[0], 3), r.get(2));
    assertEquals(i64(new int[0], 3), r.get(3), "a NaN is the smallest for argmin too");
    assertEquals(i64(new int[] {2}, 2, 1), r.get(4));
  }

  @Test
  void argmaxWithoutNaNAndAlongAUnitAxis() {
    TensorType t = TensorType.f64(3, 1, 4);
    Graph g = Graph.trace(List.of("x"), List.of(t), ps -> List.of(Ir.argmin(ps.get(0), 2),
        Ir.argmax(ps.get(0), 0), Ir.argmax(ps.get(0), 1)));
    double[] d = {4, 1, 1, 9, -1, -1, -1, -1, 0, 5, -3, 5};
    List<Tensor> r = compiled(g, Tensor.wrap(t, d));
    assertEquals(i64(new int[] {3, 1}, 1, 0, 2), r.get(0));
    assertEquals(i64(new int[] {1, 4}, 0, 2, 0, 0), r.get(1));
    assertEquals(i64(new int[] {3, 4}, new double[12]), r.get(2), "an axis of length 1 is 0");
  }

  @Test
  void remaindersAtSpecialValuesMatchTheInterpreterBitForBit() {
    double[] xs = {7.5, -7.5, -4.0, 4.0, -1.0, 3.0, INF, NAN, -0.0, 1e300};
    double[] ys = {-2.0, 2.0, 2.0, -2.0, INF, 0.0, 2.0, 1.0, 3.0, 7.0};
    TensorType t = TensorType.f64(xs.length);
    Graph g = Graph.trace(List.of("x", "y"), List.of(t, t),
        ps -> List.of(Np.fmod(ps.get(0), ps.get(1)), Np.remainder(ps.get(0), ps.get(1))));
    Tensor x = Tensor.of(xs);
    Tensor y = Tensor.of(ys);
    List<Tensor> expected = Interpreter.eval(g, x, y);
    List<Tensor> actual = compiled(g, x, y);
    for (int j = 0; j < 2; j++) {
      for (int k = 0; k < xs.length; k++) {
        assertEquals(Double.doubleToLongBits(expected.get(j).unsafeData()[k]),
            Double.doubleToLongBits(actual.get(j).unsafeData()[k]),
            (j == 0 ? "fmod(" : "remainder(") + xs[k] + ", " + ys[k] + ")");
      }
    }
    assertEquals(1.5, actual.get(0).unsafeData()[0]);
    assertEquals(-0.5, actual.get(1).unsafeData()[0]);
    assertEquals(0.0, actual.get(1).unsafeData()[2]);
    assertTrue(1 / actual.get(1).unsafeData()[3] < 0, "4 % -2 is -0.0");
    assertTrue(1 / actual.get(0).unsafeData()[2] < 0, "fmod(-4, 2) is -0.0");
    assertEquals(INF, actual.get(1).unsafeData()[4]);
  }

  @Test
  void integerRemaindersByZeroAreZero() {
    TensorType t = TensorType.of(DType.I64, 4);
    Graph g = Graph.trace(List.of("x", "y"), List.of(t, t),
        ps -> List.of(Np.fmod(ps.get(0), ps.get(1)), Np.remainder(ps.get(0), ps.get(1))));
    List<Tensor> r = compiled(g, i64(new int[] {4}, 7, -7, 5, -6),
        i64(new int[] {4}, -3, -3, 0, 3));
    assertEquals(i64(new int[] {4}, 1, -1, 0, 0), r.get(0));
    assertEquals(i64(new int[] {4}, -2, -1, 0, 0), r.get(1));
  }
}
