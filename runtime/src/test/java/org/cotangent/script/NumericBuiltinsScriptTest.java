package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numeric built-ins of issue 9 item 5 and the {@code %} operator, end to end: values and
 * gradients against closed forms and finite differences computed here, and their errors.
 */
class NumericBuiltinsScriptTest {
  /** The data of the single printed line of {@code src}. */
  static double[] printed(String src) {
    List<String> out = runJson(src);
    assertEquals(1, out.size(), out.toString());
    return data(out.get(0));
  }

  static void assertClose(double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, "size");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
    }
  }

  static final String M = "m = array([[0.3, -1.2, 2.5, 0.7], [1.1, 0.4, -0.6, 3.0], [-2.2, 0.9, 0.1, 1.6]])\n";
  static final double[][] MV = {{0.3, -1.2, 2.5, 0.7}, {1.1, 0.4, -0.6, 3.0}, {-2.2, 0.9, 0.1, 1.6}};

  // ---------------------------------------------------------------- % and mod

  @Test
  void percentIsPythonsRemainderOnIntegersAndFloats() {
    double[] r = printed("print(array([-7, 7, -7, 7, 0, -6]) % array([3, 3, -3, -3, 5, 3]))");
    long[][] pairs = {{-7, 3}, {7, 3}, {-7, -3}, {7, -3}, {0, 5}, {-6, 3}};
    for (int k = 0; k < pairs.length; k++) {
      assertEquals(Math.floorMod(pairs[k][0], pairs[k][1]), r[k], 0, pairs[k][0] + " % " + pairs[k][1]);
    }
    List<String> out = runJson("print(-7 % 3)\nprint(-7.5 % 2, 7.5 % -2, 1 % 0.75)\n");
    assertTrue(out.get(0).contains("\"dtype\": \"i64\""), out.get(0));
    assertArrayEquals(new double[] {2}, data(out.get(0)));
    // x - floor(x / y) * y, computed here.
    double[] xs = {-7.5, 7.5, 1};
    double[] ys = {2, -2, 0.75};
    double[] f = data(out.get(1));
    for (int k = 0; k < 3; k++) {
      assertEquals(xs[k] - Math.floor(xs[k] / ys[k]) * ys[k], f[k], 1e-15);
    }
  }

  @Test
  void percentBindsLikeTimesAndMatchesRemainder() {
    assertArrayEquals(new double[] {2, 3, 8, 2},
        printed("print((-7 % 3, 2 * 5 % 3 + 2, 2 ** 3 % 9, remainder(-7, 3)))"));
  }

  @Test
  void fmodHasTheSignOfTheDividendAndModIsNumpysRemainder() {
    double[] r = printed("print(fmod(array([-7, 7, -7, 7]), array([3, 3, -3, -3])))");
    assertArrayEquals(new double[] {-7 % 3, 7 % 3, -7 % -3, 7 % -3}, r);
    r = printed("print(fmod(array([-7.5, 7.5]), array([2.0, -2.0])))");
    assertEquals(-7.5 % 2.0, r[0]);
    assertEquals(7.5 % -2.0, r[1]);
    List<String> out = runJson("print(fmod(5.0, 0.0), 5.0 % 0)\n");
    assertTrue(out.get(0).contains("\"data\": [\"nan\"]}, {"), "a float divisor of 0: " + out);
    assertEquals(0, printed("print(fmod(5, 0) + remainder(5, 0))")[0], 0, "NumPy: an int % 0 is 0");
    // NumPy's mod is its remainder (the sign of the divisor), not C's fmod.
    assertArrayEquals(new double[] {2, 1, -1, -2},
        printed("print(mod(array([-7, 7, -7, 7]), array([3, 3, -3, -3])))"));
  }

  @Test
  void remaindersDeriveToOneInXAndMinusTheQuotientInY() {
    // At x = 7.3, y = +-2: floor(7.3 / -2) = -4, trunc(7.3 / -2) = -3.
    assertArrayEquals(new double[] {-3, 4}, printed("print(grad(lambda y: sum(7.3 % y))(array([2.0, -2.0])))"));
    assertArrayEquals(new double[] {-3, 3}, printed("print(grad(lambda y: sum(fmod(7.3, y)))(array([2.0, -2.0])))"));
    assertArrayEquals(new double[] {1, 1}, printed("print(grad(lambda x: sum(x % 1.5 + fmod(x, -1.5)) / 2)(array([2.0, -2.0])))"));
  }

  // ---------------------------------------------------------------- stop_gradient, ceil, clip

  @Test
  void stopGradientGivesZeroDerivativeThroughIt() {
    assertArrayEquals(new double[] {3}, printed("print(grad(lambda x: x * stop_gradient(x))(3.0))"));
    assertArrayEquals(new double[] {2, 2}, printed("print(grad(lambda x: sum(x * stop_gradient(2 * x) / x"
        + " + 2 * x - stop_gradient(x)))(array([1.0, 4.0])))"));
    // Second order: d2/dx2 (x^3 * sg(x)) = 6 x sg(x) = 6 x^2.
    assertArrayEquals(new double[] {24}, printed("print(grad(grad(lambda x: x ** 3 * stop_gradient(x)))(2.0))"));
  }

  @Test
  void ceilRoundsUpWithZeroDerivative() {
    assertArrayEquals(new double[] {2, -1, 3, 1, 1}, printed("print(ceil(array([1.2, -1.7, 3.0])),"
        + " grad(lambda x: sum(ceil(x) * x) - sum(floor(x) * x) - 1.0 * 2)(array([1.5, 2.5])))"));
  }

  @Test
  void clipLimitsWithTiesSplitAtTheBounds() {
    assertArrayEquals(new double[] {0, 0.5, 1, 0.5, 1, 0.5, 0, 2},
        printed("x = array([-1.0, 0.5, 2.0])\nprint(clip(x, 0, 1), grad(lambda x: sum(clip(x, 0,"
            + " hi=1)))(array([0.0, 0.5, 1.0, 3.0])), clip(x, lo=3, hi=2)[0])\n"));
    assertArrayEquals(new double[] {-1, 0.5, 1}, printed("print(clip(array([-1.0, 0.5, 2.0]), hi=1))"));
  }

  // ---------------------------------------------------------------- argmax, argmin

  @Test
  void argmaxAndArgminPickTheFirstOfTiesAndTheFirstNaN() {
    List<String> out = runJson("print(argmax(array([1, 3, 3, 2])))\n"
        + "print(argmin(array([[2.0, 1.0, 1.0], [0.0, 5.0, 0.0]]), axis=1))\n"
        + "print(argmax(array([[2.0, 1.0, 1.0], [0.0, 5.0, 0.0]]), 0))\n"
        + "print(argmax(array([1.0, 0.0 / 0.0, 9.0, 0.0 / 0.0])), argmin(array([1.0, 0.0 / 0.0])))\n"
        + "print(argmax(array([[1.0, 7.0], [7.0, 2.0]])), argmin(array([[True, False]]), axis=-1))\n");
    assertTrue(out.get(0).contains("\"dtype\": \"i64\""), out.get(0));
    assertArrayEquals(new double[] {1}, data(out.get(0)));
    assertArrayEquals(new double[] {1, 0}, data(out.get(1)));
    assertArrayEquals(new double[] {0, 1, 0}, data(out.get(2)));
    assertArrayEquals(new double[] {1, 1}, data(out.get(3)));
    assertArrayEquals(new double[] {1, 1}, data(out.get(4)));
  }

  @Test
  void argmaxCompiledUnderVmapAndInsideAGradient() {
    List<String> out = runJson(M + "print(vmap(lambda r: argmax(r))(m), vmap(argmin, in_axes=1)(m))\n"
        + "print(grad(lambda m: sum(m * argmax(m, axis=0)))(m))\n");
    assertArrayEquals(new double[] {2, 3, 3, 2, 0, 1, 0}, data(out.get(0)));
    double[] g = data(out.get(1));
    int[] am = {1, 2, 0, 1};
    for (int k = 0; k < 12; k++) {
      assertEquals(am[k % 4], g[k], 0);
    }
  }

  // ---------------------------------------------------------------- logsumexp, softmax

  @Test
  void logsumexpIsStableAtLargeInputsAndItsGradientIsTheSoftmax() {
    List<String> out = runJson("x = array([1000.0, 1000.0])\nprint(logsumexp(x), grad(logsumexp)(x))\n"
        + "print(logsumexp(array([-1000.0, -1000.0])), logsumexp(array([1e308, 1e308])))\n");
    assertClose(new double[] {1000 + Math.log(2), 0.5, 0.5}, data(out.get(0)), 1e-15);
    assertClose(new double[] {-1000 + Math.log(2), 1e308}, data(out.get(1)), 1e-15);
  }

  @Test
  void logsumexpAndSoftmaxAlongAnAxisMatchTheFormula() {
    List<String> out = runJson(M + "print(logsumexp(m, axis=1), softmax(m), exp(log_softmax(m, axis=1)),"
        + " grad(lambda m: sum(logsumexp(m, 1)))(m), softmax(m, axis=0))\n");
    double[] d = data(out.get(0));
    double[] lse = new double[3];
    double[] soft = new double[12];
    double[] soft0 = new double[12];
    for (int r = 0; r < 3; r++) {
      double s = 0;
      for (int c = 0; c < 4; c++) {
        s += Math.exp(MV[r][c]);
      }
      lse[r] = Math.log(s);
      for (int c = 0; c < 4; c++) {
        soft[4 * r + c] = Math.exp(MV[r][c]) / s;
      }
    }
    for (int c = 0; c < 4; c++) {
      double s = 0;
      for (int r = 0; r < 3; r++) {
        s += Math.exp(MV[r][c]);
      }
      for (int r = 0; r < 3; r++) {
        soft0[4 * r + c] = Math.exp(MV[r][c]) / s;
      }
    }
    double[] expected = new double[3 + 12 * 4];
    System.arraycopy(lse, 0, expected, 0, 3);
    for (int k = 0; k < 3; k++) {
      System.arraycopy(soft, 0, expected, 3 + 12 * k, 12);
    }
    System.arraycopy(soft0, 0, expected, 39, 12);
    assertClose(expected, d, 1e-14);
  }

  @Test
  void softmaxSumsToOneAndItsGradientIsFiniteAtLargeInputs() {
    List<String> out = runJson("x = array([[1000.0, 1000.0, -1000.0], [1.0, 2.0, 3.0]])\n"
        + "print(sum(softmax(x), axis=-1), softmax(x)[0], log_softmax(x)[0])\n"
        + "print(grad(lambda x: sum(softmax(x)[0] * array([1.0, 2.0, 3.0])))(x)[0])\n");
    double l2 = Math.log(2);
    assertClose(new double[] {1, 1, 0.5, 0.5, 0, -l2, -l2, -2000 - l2}, data(out.get(0)), 1e-15);
    // d/dx sum(w * s) = s * (w - <s, w>) with s = (1/2, 1/2, 0), <s, w> = 3/2.
    assertClose(new double[] {-0.25, 0.25, 0}, data(out.get(1)), 1e-15);
  }

  // ---------------------------------------------------------------- var, std, norm

  /** The two-pass variance of {@code v} with {@code ddof}. */
  static double var(double[] v, double ddof) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return ss / (v.length - ddof);
  }

  @Test
  void varAndStdMatchTheTwoPassFormula() {
    double[] d = printed(M + "print(var(m), std(m, ddof=1), var(m, axis=0), std(m, 1, ddof=1),"
        + " var(m, axis=(0, 1), ddof=2))\n");
    double[] all = new double[12];
    for (int k = 0; k < 12; k++) {
      all[k] = MV[k / 4][k % 4];
    }
    double[] expected = new double[2 + 4 + 3 + 1];
    expected[0] = var(all, 0);
    expected[1] = Math.sqrt(var(all, 1));
    for (int c = 0; c < 4; c++) {
      expected[2 + c] = var(new double[] {MV[0][c], MV[1][c], MV[2][c]}, 0);
    }
    for (int r = 0; r < 3; r++) {
      expected[6 + r] = Math.sqrt(var(MV[r], 1));
    }
    expected[9] = var(all, 2);
    assertClose(expected, d, 1e-14);
  }

  @Test
  void stdGradientMatchesFiniteDifferencesAndIsNaNAtAConstantAsInJax() {
    double[] x = {0.5, 2.0, -1.0, 4.0};
    double[] g = printed("print(grad(lambda x: std(x, ddof=1))(array([0.5, 2.0, -1.0, 4.0])))");
    double h = 1e-6;
    for (int i = 0; i < 4; i++) {
      double[] p = x.clone();
      double[] q = x.clone();
      p[i] += h;
      q[i] -= h;
      double fd = (Math.sqrt(var(p, 1)) - Math.sqrt(var(q, 1))) / (2 * h);
      assertEquals(fd, g[i], 1e-8);
    }
    List<String> out = runJson("print(grad(lambda x: std(x))(array([2.0, 2.0])))\n");
    assertTrue(out.get(0).contains("\"data\": [\"nan\", \"nan\"]"), out.get(0));
  }

  @Test
  void normIsTheTwoNormAndTheFrobeniusNorm() {
    double[] d = printed(M + "print(norm(array([3.0, 4.0])), norm(m), norm(m, 'fro'), norm(m, axis=1),"
        + " norm(m, 2, 0), grad(norm)(array([3.0, 4.0])))\n");
    double fro = 0;
    double[] rows = new double[3];
    double[] cols = new double[4];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        fro += MV[r][c] * MV[r][c];
        rows[r] += MV[r][c] * MV[r][c];
        cols[c] += MV[r][c] * MV[r][c];
      }
    }
    assertClose(new double[] {5, Math.sqrt(fro), Math.sqrt(fro), Math.sqrt(rows[0]),
        Math.sqrt(rows[1]), Math.sqrt(rows[2]), Math.sqrt(cols[0]), Math.sqrt(cols[1]),
        Math.sqrt(cols[2]), Math.sqrt(cols[3]), 0.6, 0.8}, d, 1e-15);
    List<String> out = runJson("print(grad(norm)(zeros(2)))\n");
    assertTrue(out.get(0).contains("\"data\": [\"nan\", \"nan\"]"), "NaN at 0, as in JAX: " + out);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void badArgumentsAreReportedByName() {
    assertEquals("t.ct:1:1: norm: ord=1 is not supported; ord may be None (the 2-norm of a vector,"
        + " the Frobenius norm of a matrix), 2 (vectors) or 'fro' (matrices)",
        error("norm(array([1.0, 2.0]), 1)").getMessage());
    assertEquals("t.ct:1:1: norm: ord='nuc' is not supported; ord may be None (the 2-norm of a"
        + " vector, the Frobenius norm of a matrix), 2 (vectors) or 'fro' (matrices)",
        error("norm(eye(2), 'nuc')").getMessage());
    assertEquals("t.ct:1:1: norm: ord=inf is not supported; ord may be None (the 2-norm of a"
        + " vector, the Frobenius norm of a matrix), 2 (vectors) or 'fro' (matrices)",
        error("norm(eye(2), 1e999)").getMessage());
    assertEquals("t.ct:1:1: norm: ord=2 of a matrix is its spectral norm (largest singular value),"
        + " which is not supported; ord=None or 'fro' gives the Frobenius norm",
        error("norm(eye(2), ord=2)").getMessage());
    assertTrue(error("norm(eye(2), [2])").getMessage()
        .startsWith("t.ct:1:1: norm(): ord must be None, a number or 'fro', got "));
    assertEquals("t.ct:1:1: clip() needs a bound: give lo, hi or both, as in clip(x, 0, 1) or"
        + " clip(x, hi=1)", error("clip(array([1.0]))").getMessage());
    assertEquals("t.ct:1:1: clip() got an unexpected keyword argument 'min' (it takes lo, hi)",
        error("clip(array([1.0]), min=0)").getMessage());
    assertTrue(error("argmax(eye(2), axis=(0, 1))").getMessage()
        .startsWith("t.ct:1:1: argmax(): axis must be one integer or None, got "));
    assertEquals("t.ct:1:1: softmax() got an unexpected keyword argument 'axes' (it takes axis)",
        error("softmax(eye(2), axes=0)").getMessage());
    assertTrue(error("var(eye(2), ddof='one')").getMessage()
        .startsWith("t.ct:1:1: var(): ddof must be a number, got "));
    // ddof is keyword-only: NumPy's third positional argument is dtype.
    assertEquals("t.ct:1:1: std() takes at most 2 positional arguments but 3 were given",
        error("std(eye(2), 0, 1)").getMessage());
    assertEquals("t.ct:1:1: argmin: attempt to get argmin of an empty axis (axis 0 of f64[0])",
        error("argmin(array([]))").getMessage());
    assertEquals("t.ct:1:3: '%=' is not supported; write x = x % ... instead",
        error("x %= 2").getMessage());
  }
}
