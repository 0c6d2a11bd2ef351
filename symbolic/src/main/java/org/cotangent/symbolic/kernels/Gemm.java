package org.cotangent.symbolic.kernels;

import java.util.Arrays;

/**
 * The real ({@code f64}) matrix product {@code C = A B} that generated code calls for large
 * {@code dot_general}s (through {@code org.cotangent.codegen.Rt.matmul}). {@code A} is {@code m x
 * k} with element {@code (i, p)} at {@code a[aOff + i * ars + p * acs]}, {@code B} is {@code k x n}
 * with {@code (p, j)} at {@code b[bOff + p * brs + j * bcs]}, so a transposed operand is only a
 * pair of strides; {@code C} is row-major {@code m x n} at {@code cOff}, overwritten.
 *
 * <p>Every element is summed in the order of the contraction, starting from {@code 0.0} ({@code
 * ((0 + a0 b0) + a1 b1) + ...}, no fused multiply-add), which is the order of the reference
 * interpreter's {@code dot_general} and of the loop nests generated for small products, so all
 * three agree bit for bit. Within that constraint the speed comes from:
 *
 * <ul>
 *   <li>cache blocking: a {@code KC x NC} block of {@code B} is packed row-major into a scratch
 *       array (a per-thread buffer, so a call allocates nothing once warm) and every row of
 *       {@code A} passes over it while it stays in L2;
 *   <li>the inner loop: {@code c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]}
 *       over a packed row segment, stride 1 in every array, which C2 vectorises (superword: the
 *       same loop is twice as slow with {@code -XX:-UseSuperWord}), with four steps of the
 *       contraction per load and store of {@code C} (the contraction cannot be kept in register
 *       accumulators across steps without changing the order of the sums);
 *   <li>a narrow {@code B} ({@code n < NARROW}, fewer columns than a vector loop needs, as the 10
 *       outputs of a classifier) computed as {@code C^T = B^T A^T} into scratch, then transposed;
 *   <li>matrix-vector products ({@code n == 1} or {@code m == 1}) as four independent dot-product
 *       chains at a time when the vector's partner is read along its rows, else as vectorised
 *       {@code axpy}s down its columns.
 * </ul>
 */
public final class Gemm {
  private Gemm() {}

  /** Rows of {@code B} in a packed block (the contraction's cache block). */
  static final int KC = 128;
  /** Columns of {@code B} in a packed block. */
  static final int NC = 256;
  /** Below this many columns of {@code B} the product is computed transposed. */
  static final int NARROW = 32;

  /** Per-thread scratch: the packed block of {@code B} and the transposed result. */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

  /** {@link #matmul} flag: {@code x} holds {@code X^T}, each matrix stored {@code k x m}. */
  public static final int TRANSPOSE_X = 1;
  /** {@link #matmul} flag: {@code y} holds {@code Y^T}, each matrix stored {@code n x k}. */
  public static final int TRANSPOSE_Y = 2;

  /**
   * {@code out = X Y} for {@code batch} row-major {@code m x k} matrices {@code X} and {@code k x
   * n} matrices {@code Y} one after the other (either stored transposed, by {@code flags}), the
   * form generated code calls.
   */
  public static void matmul(double[] x, double[] y, double[] out, int batch, int m, int n, int k,
      int flags) {
    boolean tx = (flags & TRANSPOSE_X) != 0;
    boolean ty = (flags & TRANSPOSE_Y) != 0;
    gemmBatched(x, m * k, tx ? 1 : k, tx ? m : 1, y, k * n, ty ? 1 : n, ty ? k : 1, out, batch,
        m, n, k);
  }

  /**
   * {@code batch} products one after the other: product {@code t} reads {@code A} at {@code t *
   * aBatch}, {@code B} at {@code t * bBatch} and writes {@code C} at {@code t * m * n}.
   */
  public static void gemmBatched(double[] a, int aBatch, int ars, int acs, double[] b,
      int bBatch, int brs, int bcs, double[] c, int batch, int m, int n, int k) {
    for (int t = 0; t < batch; t++) {
      gemm(a, t * aBatch, ars, acs, b, t * bBatch, brs, bcs, c, t * m * n, m, n, k);
    }
  }

  /** One product {@code C = A B} (see the class comment for the layout). */
  public static void gemm(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs,
      int bcs, double[] c, int cOff, int m, int n, int k) {
    if (m == 0 || n == 0) {
      return;
    }
    Arrays.fill(c, cOff, cOff + m * n, 0.0);
    if (k == 0) {
      return;
    }
    if (n == 1) {
      gemv(a, aOff, ars, acs, b, bOff, brs, c, cOff, m, k);
    } else if (m == 1) {
      // c^T = B^T a^T: the same matrix-vector product with B in A's place.
      gemv(b, bOff, bcs, brs, a, aOff, acs, c, cOff, n, k);
    } else if (n < NARROW && m > n) {
      double[][] s = SCRATCH.get();
      if (s[1].length < m * n) {
        s[1] = new double[m * n];
      }
      double[] t = s[1];
      Arrays.fill(t, 0, m * n, 0.0);
      blocked(b, bOff, bcs, brs, a, aOff, acs, ars, t, 0, n, m, k);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          c[cOff + i * n + j] = t[j * m + i];
        }
      }
    } else {
      blocked(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, m, n, k);
    }
  }

  /** {@code C += A B} over packed {@code KC x NC} blocks of {@code B}; {@code C} starts at zero. */
  private static void blocked(double[] a, int aOff, int ars, int acs, double[] b, int bOff,
      int brs, int bcs, double[] c, int cOff, int m, int n, int k) {
    double[][] s = SCRATCH.get();
    int need = Math.min(k, KC) * Math.min(n, NC);
    if (s[0].length < need) {
      s[0] = new double[need];
    }
    double[] bp = s[0];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        pack(b, bOff + pc * brs + jc * bcs, brs, bcs, bp, kc, nc);
        for (int i = 0; i < m; i++) {
          rowTimesBlock(a, aOff + i * ars + pc * acs, acs, bp, c, cOff + i * n + jc, kc, nc);
        }
      }
    }
  }

  /** {@code bp[p * nc + j] = B(p, j)} for the block's {@code kc x nc} elements. */
  private static void pack(double[] b, int off, int brs, int bcs, double[] bp, int kc, int nc) {
    if (bcs == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, off + p * brs, bp, p * nc, nc);
      }
    } else {
      // Transposed B: read along its contiguous axis (p when brs == 1).
      for (int j = 0; j < nc; j++) {
        int o = off + j * bcs;
        for (int p = 0; p < kc; p++) {
          bp[p * nc + j] = b[o + p * brs];
        }
      }
    }
  }

  /** {@code c[co + j] += sum_p A(i, p) bp[p * nc + j]}, {@code A}'s row read at {@code ao}. */
  private static void rowTimesBlock(double[] a, int ao, int acs, double[] bp, double[] c, int co,
      int kc, int nc) {
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      double a0 = a[ao + p * acs];
      double a1 = a[ao + (p + 1) * acs];
      double a2 = a[ao + (p + 2) * acs];
      double a3 = a[ao + (p + 3) * acs];
      int b0 = p * nc;
      int b1 = b0 + nc;
      int b2 = b1 + nc;
      int b3 = b2 + nc;
      for (int j = 0; j < nc; j++) {
        c[co + j] = c[co + j] + a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j]
            + a3 * bp[b3 + j];
      }
    }
    for (; p < kc; p++) {
      double a0 = a[ao + p * acs];
      int b0 = p * nc;
      for (int j = 0; j < nc; j++) {
        c[co + j] += a0 * bp[b0 + j];
      }
    }
  }

  /**
   * {@code c[i] = sum_p A(i, p) x(p)} for an {@code m x k} {@code A} and the vector {@code x} at
   * {@code xOff} with stride {@code xs}; {@code c} starts at zero.
   */
  private static void gemv(double[] a, int aOff, int ars, int acs, double[] x, int xOff, int xs,
      double[] c, int cOff, int m, int k) {
    if (ars == 1 && acs != 1) {
      // A's columns are contiguous: c += A(:, p) x(p), four columns per pass over c.
      int p = 0;
      for (; p + 4 <= k; p += 4) {
        double x0 = x[xOff + p * xs];
        double x1 = x[xOff + (p + 1) * xs];
        double x2 = x[xOff + (p + 2) * xs];
        double x3 = x[xOff + (p + 3) * xs];
        int a0 = aOff + p * acs;
        int a1 = a0 + acs;
        int a2 = a1 + acs;
        int a3 = a2 + acs;
        for (int i = 0; i < m; i++) {
          c[cOff + i] = c[cOff + i] + a[a0 + i] * x0 + a[a1 + i] * x1 + a[a2 + i] * x2
              + a[a3 + i] * x3;
        }
      }
      for (; p < k; p++) {
        double x0 = x[xOff + p * xs];
        int a0 = aOff + p * acs;
        for (int i = 0; i < m; i++) {
          c[cOff + i] += a[a0 + i] * x0;
        }
      }
      return;
    }
    if (acs == 1 && xs == 1) {
      rowDots(a, aOff, ars, x, xOff, c, cOff, m, k);
      return;
    }
    // Four rows at a time: four independent chains of additions instead of one.
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int r0 = aOff + i * ars;
      int r1 = r0 + ars;
      int r2 = r1 + ars;
      int r3 = r2 + ars;
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int p = 0; p < k; p++) {
        double xp = x[xOff + p * xs];
        int o = p * acs;
        s0 += a[r0 + o] * xp;
        s1 += a[r1 + o] * xp;
        s2 += a[r2 + o] * xp;
        s3 += a[r3 + o] * xp;
      }
      c[cOff + i] = s0;
      c[cOff + i + 1] = s1;
      c[cOff + i + 2] = s2;
      c[cOff + i + 3] = s3;
    }
    for (; i < m; i++) {
      int r = aOff + i * ars;
      double s0 = 0.0;
      for (int p = 0; p < k; p++) {
        s0 += a[r + p * acs] * x[xOff + p * xs];
      }
      c[cOff + i] = s0;
    }
  }

  /**
   * {@link #gemv} with contiguous rows and vector: the same four chains, with unit strides that
   * let C2 drop the range checks and unroll (a stride held in a variable keeps them).
   */
  private static void rowDots(double[] a, int aOff, int ars, double[] x, int xOff, double[] c,
      int cOff, int m, int k) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int r0 = aOff + i * ars;
      int r1 = r0 + ars;
      int r2 = r1 + ars;
      int r3 = r2 + ars;
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int p = 0; p < k; p++) {
        double xp = x[xOff + p];
        s0 += a[r0 + p] * xp;
        s1 += a[r1 + p] * xp;
        s2 += a[r2 + p] * xp;
        s3 += a[r3 + p] * xp;
      }
      c[cOff + i] = s0;
      c[cOff + i + 1] = s1;
      c[cOff + i + 2] = s2;
      c[cOff + i + 3] = s3;
    }
    for (; i < m; i++) {
      int r = aOff + i * ars;
      double s0 = 0.0;
      for (int p = 0; p < k; p++) {
        s0 += a[r + p] * x[xOff + p];
      }
      c[cOff + i] = s0;
    }
  }
}
