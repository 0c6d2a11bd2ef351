package org.cotangent.symbolic.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matrix-product kernel against a naive triple loop summing in the contraction's order from
 * zero (the reference interpreter's order): equal bit for bit, for random shapes that straddle
 * every block and path (sizes 1, odd, not multiples of the blocks, narrow, matrix-vector), every
 * storage order, batches, offsets, and non-finite entries. Seeded; every product is small enough
 * for the run to take well under a second, except a few that cross the cache blocks.
 */
class GemmTest {

  /** C(i, j) = sum_p A(i, p) B(p, j), naively, in the order the kernel promises. */
  private static double[] naive(double[] a, int aOff, int ars, int acs, double[] b, int bOff,
      int brs, int bcs, int m, int n, int k) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0;
        for (int p = 0; p < k; p++) {
          acc += a[aOff + i * ars + p * acs] * b[bOff + p * brs + j * bcs];
        }
        c[i * n + j] = acc;
      }
    }
    return c;
  }

  private static double[] random(Random r, int size, boolean nonFinite) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextGaussian();
      if (nonFinite && r.nextInt(200) == 0) {
        v[i] = new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0}[r.nextInt(3)];
      }
    }
    return v;
  }

  private static void assertSame(double[] expected, double[] actual, int off, String what) {
    for (int i = 0; i < expected.length; i++) {
      long e = Double.doubleToLongBits(expected[i]);
      long a = Double.doubleToLongBits(actual[off + i]);
      assertEquals(e, a, what + " element " + i + ": " + expected[i] + " vs " + actual[off + i]);
    }
  }

  /** One product with A and B each stored row-major or transposed, at random offsets. */
  private static void check(Random r, int m, int n, int k, boolean tx, boolean ty,
      boolean nonFinite) {
    int aOff = r.nextInt(3);
    int bOff = r.nextInt(3);
    int cOff = r.nextInt(3);
    double[] a = random(r, aOff + m * k, nonFinite);
    double[] b = random(r, bOff + k * n, nonFinite);
    int ars = tx ? 1 : k;
    int acs = tx ? m : 1;
    int brs = ty ? 1 : n;
    int bcs = ty ? k : 1;
    double[] c = random(r, cOff + m * n + 2, false);
    double before = c[c.length - 1];
    Gemm.gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, m, n, k);
    String what = m + "x" + k + " by " + k + "x" + n + (tx ? " x^T" : "") + (ty ? " y^T" : "");
    assertSame(naive(a, aOff, ars, acs, b, bOff, brs, bcs, m, n, k), c, cOff, what);
    assertEquals(before, c[c.length - 1], what + ": wrote past its output");
  }

  private static int size(Random r) {
    switch (r.nextInt(5)) {
      case 0:
        return 1 + r.nextInt(3);
      case 1:
        return 1 + r.nextInt(40);
      case 2:
        return Gemm.NARROW - 2 + r.nextInt(5);
      default:
        return 1 + r.nextInt(90);
    }
  }

  @Test
  void randomShapesAndLayoutsMatchTheNaiveLoop() {
    Random r = new Random(20261201);
    for (int t = 0; t < 400; t++) {
      check(r, size(r), size(r), size(r), r.nextBoolean(), r.nextBoolean(), t % 4 == 0);
    }
  }

  @Test
  void matrixVectorProductsInEveryLayout() {
    Random r = new Random(7);
    for (int t = 0; t < 200; t++) {
      int len = 1 + r.nextInt(150);
      int k = 1 + r.nextInt(150);
      boolean column = r.nextBoolean();
      check(r, column ? len : 1, column ? 1 : len, k, r.nextBoolean(), r.nextBoolean(), t % 3 == 0);
    }
  }

  @Test
  void productsCrossingTheCacheBlocks() {
    Random r = new Random(11);
    int[][] shapes = {
      {3, Gemm.NC + 17, Gemm.KC * 2 + 5}, {Gemm.NC + 1, 5, Gemm.KC + 3}, {67, 2 * Gemm.NC + 3, 129},
      {130, 257, 260}, {5, 2 * Gemm.NC, Gemm.KC}, {300, 1, 700}, {1, 600, 300}, {40, 10, 1000},
    };
    for (int[] s : shapes) {
      for (int layout = 0; layout < 4; layout++) {
        check(r, s[0], s[1], s[2], (layout & 1) != 0, (layout & 2) != 0, layout == 3);
      }
    }
  }

  @Test
  void emptyContractionGivesZerosAndOuterProductsWork() {
    Random r = new Random(3);
    check(r, 4, 5, 0, false, false, false);
    check(r, 37, 41, 1, true, false, false);
    check(r, 1, 1, 1, false, true, false);
    check(r, 1, 1, 77, true, true, false);
  }

  @Test
  void batchesOfStoredOrTransposedMatrices() {
    Random r = new Random(5);
    for (int t = 0; t < 60; t++) {
      int batch = 1 + r.nextInt(4);
      int m = size(r);
      int n = size(r);
      int k = size(r);
      int flags = r.nextInt(4);
      boolean tx = (flags & Gemm.TRANSPOSE_X) != 0;
      boolean ty = (flags & Gemm.TRANSPOSE_Y) != 0;
      double[] x = random(r, batch * m * k, false);
      double[] y = random(r, batch * k * n, false);
      double[] out = new double[batch * m * n];
      Gemm.matmul(x, y, out, batch, m, n, k, flags);
      for (int b = 0; b < batch; b++) {
        double[] e = naive(x, b * m * k, tx ? 1 : k, tx ? m : 1, y, b * k * n, ty ? 1 : n,
            ty ? k : 1, m, n, k);
        assertSame(e, out, b * m * n, "batch " + b + " of " + batch + ", flags " + flags);
      }
    }
  }
}
