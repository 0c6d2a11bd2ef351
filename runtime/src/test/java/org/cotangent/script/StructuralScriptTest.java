package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * Strided and reversed slices, integer-array indexing, cumsum, cumprod, sort and argsort in the
 * script, against values and derivatives computed here (loops, closed forms, java.util.Arrays).
 */
class StructuralScriptTest {
  static final double[] X = {0.5, -1.25, 2.0, 3.5, -0.75, 1.5, 4.25, -2.5};

  static String array(double[] x) {
    StringBuilder sb = new StringBuilder("array([");
    for (int i = 0; i < x.length; i++) {
      sb.append(i > 0 ? ", " : "").append(x[i]);
    }
    return sb.append("])").toString();
  }

  /** x at the positions of range(start, stop, step) (Python's, written out by the caller). */
  static double[] at(double[] x, int start, int stop, int step) {
    double[] r = new double[Math.max(0, (stop - start + step + (step > 0 ? -1 : 1)) / step)];
    for (int k = 0, i = start; k < r.length; k++, i += step) {
      r[k] = x[i];
    }
    return r;
  }

  static double[] one(String expr) {
    return data(runJson("x = " + array(X) + "\nprint(" + expr + ")\n").get(0));
  }

  @Test
  void stridedAndReversedSlicesSelectWhatPythonSelects() {
    // n = 8: [::2] is range(0, 8, 2); [1:7:3] range(1, 7, 3); [::-1] range(7, -1, -1);
    // [6:1:-2] range(6, 1, -2); [-2::-3] range(6, -1, -3); [10:-20:-4] range(7, -1, -4).
    assertArrayEquals(at(X, 0, 8, 2), one("x[::2]"));
    assertArrayEquals(at(X, 1, 7, 3), one("x[1:7:3]"));
    assertArrayEquals(at(X, 7, -1, -1), one("x[::-1]"));
    assertArrayEquals(at(X, 6, 1, -2), one("x[6:1:-2]"));
    assertArrayEquals(at(X, 6, -1, -3), one("x[-2::-3]"));
    assertArrayEquals(at(X, 7, -1, -4), one("x[10:-20:-4]"));
    assertEquals(0, one("x[2:5:-1]").length);
    assertArrayEquals(at(X, 7, -1, -1), one("flip(x)"));
    // Python's lists and tuples take steps too.
    assertEquals("[3, 2, 1]\n(1, 3)\n",
        ScriptSessionTest.runText("print([1, 2, 3][::-1])\nprint((1, 2, 3)[::2])\n"));
  }

  @Test
  void matrixSlicesWithStepsOnBothAxes() {
    // m[i, j] = 10 i + j for a 4 x 5 matrix; m[::-2, 1::2] takes rows 3, 1 and columns 1, 3.
    double[] m = data(runJson("m = reshape(array([" + range(20, 4) + "]), (4, 5))\n"
        + "print(m[::-2, 1::2])\n").get(0));
    assertArrayEquals(new double[] {31, 33, 11, 13}, m);
  }

  /** 10 i + j for i < n / cols, j < cols, as a comma-separated list. */
  static String range(int n, int rows) {
    StringBuilder sb = new StringBuilder();
    int cols = n / rows;
    for (int k = 0; k < n; k++) {
      sb.append(k > 0 ? ", " : "").append(10 * (k / cols) + k % cols).append(".0");
    }
    return sb.toString();
  }

  @Test
  void gradientsOfStridedSlicesScatterTheCotangent() {
    // d/dx sum(x[1:7:3] * w) is w at positions 1 and 4; of sum(x[::-1] * v), v reversed.
    double[] g = data(runJson("x = " + array(X) + "\nw = array([2.0, -3.0])\n"
        + "print(grad(lambda x: sum(x[1:7:3] * w))(x))\n").get(0));
    double[] want = new double[8];
    want[1] = 2.0;
    want[4] = -3.0;
    assertArrayEquals(want, g);
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8};
    g = data(runJson("x = " + array(X) + "\nv = " + array(v) + "\n"
        + "print(grad(lambda x: sum(sin(x[::-1]) * v))(x))\n").get(0));
    for (int i = 0; i < 8; i++) {
      assertEquals(Math.cos(X[i]) * v[7 - i], g[i], 1e-14);
    }
  }

  @Test
  void integerArrayIndexingGathersAndItsGradientAccumulates() {
    double[] r = one("x[array([3, 0, 3, -1])]");
    assertArrayEquals(new double[] {X[3], X[0], X[3], X[7]}, r);
    assertArrayEquals(new double[] {X[2], X[5]}, one("x[[2, 5]]"));
    // Repeated indices: the gradient of sum(x[idx] * w) adds w into each position taken.
    double[] g = data(runJson("x = " + array(X) + "\nw = array([1.0, 2.0, 4.0, 8.0])\n"
        + "print(grad(lambda x: sum(x[array([3, 0, 3, 3])] * w))(x))\n").get(0));
    double[] want = new double[8];
    want[3] = 1 + 4 + 8;
    want[0] = 2;
    assertArrayEquals(want, g);
    // take along axis 1 of a 2 x 4 matrix, with a 2-d index array.
    double[] t = data(runJson("m = reshape(" + array(X) + ", (2, 4))\n"
        + "print(take(m, array([[1, 1], [0, 3]]), axis=1))\n").get(0));
    assertArrayEquals(new double[] {X[1], X[1], X[0], X[3], X[5], X[5], X[4], X[7]}, t);
    // Indices and slices together: rows 1, 0 of the matrix, every other column.
    t = data(runJson("m = reshape(" + array(X) + ", (2, 4))\nprint(m[[1, 0], ::2])\n").get(0));
    assertArrayEquals(new double[] {X[4], X[6], X[0], X[2]}, t);
  }

  @Test
  void tracedIndicesWrapNegativesAndClampOutOfRange() {
    // Under vmap the index is traced: -1 wraps to 7 (NumPy), 9 is clamped to 7 and -12 to 0 (JAX).
    double[] r = data(runJson("x = " + array(X) + "\n"
        + "print(vmap(lambda i: x[i])(array([2, -1, 9, -12])))\n").get(0));
    assertArrayEquals(new double[] {X[2], X[7], X[7], X[0]}, r);
  }

  @Test
  void constantIndicesOutOfRangeArePositionedErrors() {
    ScriptError e = error("x = array([1.0, 2.0, 3.0])\ny = x[array([0, 3])]\n");
    assertEquals("t.ct:2:7: index 3 is out of bounds for axis 0 with size 3", e.getMessage());
    e = error("x = array([1.0, 2.0, 3.0])\ny = take(x, array([-4]))\n");
    assertEquals("t.ct:2:5: index -4 is out of bounds for axis 0 with size 3", e.getMessage());
    e = error("x = array([1.0, 2.0, 3.0])\ny = x[array([0.0, 1.0])]\n");
    assertEquals("t.ct:2:7: arrays used as indices must be of integer type, got f64",
        e.getMessage());
    e = error("x = array([1.0, 2.0, 3.0])\ny = x[::0]\n");
    assertEquals("t.ct:2:9: slice step cannot be zero", e.getMessage());
    e = error("m = ones((2, 3))\ny = m[[0, 1], [1, 2]]\n");
    assertEquals(2, e.line());
  }

  @Test
  void cumsumAndCumprodMatchLoops() {
    double[] x = {2.0, 0.0, 3.0, 0.5, -1.5};
    double[] sum = new double[5];
    double[] prod = new double[5];
    double[] rsum = new double[5];
    double s = 0;
    double p = 1;
    for (int i = 0; i < 5; i++) {
      s += x[i];
      p *= x[i];
      sum[i] = s;
      prod[i] = p;
    }
    s = 0;
    for (int i = 4; i >= 0; i--) {
      s += x[i];
      rsum[i] = s;
    }
    List<String> out = runJson("x = " + array(x) + "\nprint(cumsum(x))\nprint(cumprod(x))\n"
        + "print(cumsum(x, reverse=True))\nprint(cumsum(reshape(x[:4], (2, 2)), axis=0))\n");
    assertArrayEquals(sum, data(out.get(0)));
    assertArrayEquals(prod, data(out.get(1)));
    assertArrayEquals(rsum, data(out.get(2)));
    assertArrayEquals(new double[] {x[0], x[1], x[0] + x[2], x[1] + x[3]}, data(out.get(3)));
  }

  @Test
  void cumprodGradientIsExactAtZeros() {
    // d/dx_j sum_k prod_{i <= k} x_i = sum_{k >= j} prod_{i <= k, i != j} x_i, by loops.
    double[] x = {2.0, 0.0, 3.0, 0.0, 1.5};
    double[] want = new double[5];
    for (int j = 0; j < 5; j++) {
      for (int k = j; k < 5; k++) {
        double p = 1;
        for (int i = 0; i <= k; i++) {
          p *= i == j ? 1 : x[i];
        }
        want[j] += p;
      }
    }
    double[] g = data(runJson("x = " + array(x) + "\nprint(grad(lambda x: sum(cumprod(x)))(x))\n")
        .get(0));
    assertArrayEquals(want, g);
    // Reverse: d/dx_j sum_k prod_{i >= k} x_i = sum_{k <= j} prod_{i >= k, i != j} x_i.
    Arrays.fill(want, 0);
    for (int j = 0; j < 5; j++) {
      for (int k = 0; k <= j; k++) {
        double p = 1;
        for (int i = k; i < 5; i++) {
          p *= i == j ? 1 : x[i];
        }
        want[j] += p;
      }
    }
    g = data(runJson("x = " + array(x) + "\n"
        + "print(grad(lambda x: sum(cumprod(x, reverse=True)))(x))\n").get(0));
    assertArrayEquals(want, g);
  }

  @Test
  void sortAndArgsortMatchArraysSortAndTheGradientPermutes() {
    Random rng = new Random(7);
    double[] x = new double[9];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] w = new double[x.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = i + 1;
    }
    List<String> out = runJson("x = " + array(x) + "\nw = " + array(w) + "\nprint(sort(x))\n"
        + "print(argsort(x))\nprint(grad(lambda x: sum(sort(x) * w))(x))\n"
        + "print(sort(reshape(x, (3, 3)), axis=0))\n");
    assertArrayEquals(sorted, data(out.get(0)));
    double[] perm = data(out.get(1));
    double[] g = data(out.get(2));
    double[] want = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      assertEquals(order[k], (int) perm[k]);
      want[order[k]] = w[k];
    }
    assertArrayEquals(want, g);
    double[] cols = data(out.get(3));
    for (int j = 0; j < 3; j++) {
      double[] c = {x[j], x[3 + j], x[6 + j]};
      Arrays.sort(c);
      for (int i = 0; i < 3; i++) {
        assertEquals(c[i], cols[3 * i + j]);
      }
    }
  }
}
