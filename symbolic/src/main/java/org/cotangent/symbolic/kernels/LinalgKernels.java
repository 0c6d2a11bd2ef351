package org.cotangent.symbolic.kernels;

/**
 * The dense linear-algebra kernels: the reference evaluation of the linear-algebra primitives and
 * what generated code calls (through {@code org.cotangent.codegen.Rt}), so compiled and
 * interpreted results agree bit for bit. Plain loops over flat row-major arrays: a matrix
 * argument holds {@code batch} matrices one after the other (the primitives' leading batch
 * dimensions, flattened), a {@code c128} one interleaved {@code (re, im)} pairs. Every kernel has
 * an {@code f64} and a {@code c128} version ({@code ...C128}).
 *
 * <p>Failures are values, never exceptions, so that they cannot stop a gradient half way (as
 * LAPACK's info codes, which JAX turns into NaNs): a matrix that is not positive definite gives a
 * Cholesky factor of NaNs; a singular matrix gives the infinities and NaNs that division by its
 * zero pivot gives in {@code solve} and {@code inv}, a zero {@code det}, and {@code (0, -inf)}
 * from {@code slogdet}.
 */
public final class LinalgKernels {
  private LinalgKernels() {}

  /** {@code triangular_solve} flag: solve {@code op(a) x = b} (else {@code x op(a) = b}). */
  public static final int LEFT_SIDE = 1;
  /** {@code triangular_solve} flag: {@code a} is read from its lower triangle (else its upper). */
  public static final int LOWER = 2;
  /** {@code triangular_solve} and {@code solve} flag: {@code op(a)} is transposed. */
  public static final int TRANSPOSE_A = 4;
  /** {@code triangular_solve} flag: {@code op(a)} is conjugated (no effect on real matrices). */
  public static final int CONJUGATE_A = 8;
  /** {@code triangular_solve} flag: the diagonal of {@code a} is taken to be ones (not read). */
  public static final int UNIT_DIAGONAL = 16;

  // ------------------------------------------------------------------------------ Cholesky

  /**
   * The lower Cholesky factor of the symmetric part {@code (a + a^T) / 2} of each {@code n x n}
   * matrix of {@code a}: {@code out} gets {@code L} (zeros above the diagonal) with {@code L L^T}
   * equal to it, or NaNs everywhere when it is not positive definite.
   */
  public static void cholesky(double[] a, double[] out, int batch, int n) {
    int nn = n * n;
    for (int b = 0; b < batch; b++) {
      int o = b * nn;
      boolean ok = true;
      for (int j = 0; j < n && ok; j++) {
        double d = a[o + j * n + j];
        for (int k = 0; k < j; k++) {
          double l = out[o + j * n + k];
          d -= l * l;
        }
        if (!(d > 0)) {
          ok = false;
          break;
        }
        double ljj = Math.sqrt(d);
        out[o + j * n + j] = ljj;
        for (int i = j + 1; i < n; i++) {
          double s = (a[o + i * n + j] + a[o + j * n + i]) / 2;
          for (int k = 0; k < j; k++) {
            s -= out[o + i * n + k] * out[o + j * n + k];
          }
          out[o + i * n + j] = s / ljj;
          out[o + j * n + i] = 0.0;
        }
      }
      if (!ok) {
        java.util.Arrays.fill(out, o, o + nn, Double.NaN);
      }
    }
  }

  /**
   * The lower Cholesky factor of the Hermitian part {@code (a + a^H) / 2} of each matrix: {@code
   * L} with a real positive diagonal and {@code L L^H} equal to it, or NaNs when it is not
   * positive definite.
   */
  public static void choleskyC128(double[] a, double[] out, int batch, int n) {
    int nn = n * n;
    for (int b = 0; b < batch; b++) {
      int o = 2 * b * nn;
      boolean ok = true;
      for (int j = 0; j < n && ok; j++) {
        double d = a[o + 2 * (j * n + j)];
        for (int k = 0; k < j; k++) {
          int jk = o + 2 * (j * n + k);
          d -= out[jk] * out[jk] + out[jk + 1] * out[jk + 1];
        }
        if (!(d > 0)) {
          ok = false;
          break;
        }
        double ljj = Math.sqrt(d);
        out[o + 2 * (j * n + j)] = ljj;
        out[o + 2 * (j * n + j) + 1] = 0.0;
        for (int i = j + 1; i < n; i++) {
          int ij = o + 2 * (i * n + j);
          int ji = o + 2 * (j * n + i);
          // (a_ij + conj(a_ji)) / 2 - sum_k L_ik conj(L_jk)
          double sr = (a[ij] + a[ji]) / 2;
          double si = (a[ij + 1] - a[ji + 1]) / 2;
          for (int k = 0; k < j; k++) {
            int ik = o + 2 * (i * n + k);
            int jk = o + 2 * (j * n + k);
            sr -= out[ik] * out[jk] + out[ik + 1] * out[jk + 1];
            si -= out[ik + 1] * out[jk] - out[ik] * out[jk + 1];
          }
          out[ij] = sr / ljj;
          out[ij + 1] = si / ljj;
          out[ji] = 0.0;
          out[ji + 1] = 0.0;
        }
      }
      if (!ok) {
        java.util.Arrays.fill(out, o, o + 2 * nn, Double.NaN);
      }
    }
  }

  // ---------------------------------------------------------------------- triangular solve

  /**
   * {@code lax.linalg.triangular_solve} on each of {@code batch} problems: {@code b} and {@code
   * out} are {@code m x n}, {@code a} is {@code m x m} with {@link #LEFT_SIDE} (solve {@code op(a)
   * x = b}) and {@code n x n} without (solve {@code x op(a) = b}); {@code op} transposes with
   * {@link #TRANSPOSE_A}; only the triangle named by {@link #LOWER} is read, and not its diagonal
   * with {@link #UNIT_DIAGONAL}.
   */
  public static void triangularSolve(double[] a, double[] b, double[] out, int batch, int m,
      int n, int flags) {
    boolean left = (flags & LEFT_SIDE) != 0;
    // Either way each right-hand side is a vector x solving E x = rhs, where E is op(a) (left:
    // the columns of b) or op(a)^T (right: the rows of b); e(i, j) = a(j, i) when transposed.
    boolean tr = ((flags & TRANSPOSE_A) != 0) != !left;
    boolean eLower = ((flags & LOWER) != 0) != tr;
    boolean unit = (flags & UNIT_DIAGONAL) != 0;
    int len = left ? m : n;
    int count = left ? n : m;
    int stride = left ? n : 1;
    int step = left ? 1 : n;
    int kk = len * len;
    System.arraycopy(b, 0, out, 0, batch * m * n);
    for (int p = 0; p < batch; p++) {
      int ao = p * kk;
      for (int v = 0; v < count; v++) {
        int xo = p * m * n + v * step;
        if (eLower) {
          for (int i = 0; i < len; i++) {
            double s = out[xo + i * stride];
            for (int j = 0; j < i; j++) {
              s -= a[ao + (tr ? j * len + i : i * len + j)] * out[xo + j * stride];
            }
            out[xo + i * stride] = unit ? s : s / a[ao + i * len + i];
          }
        } else {
          for (int i = len - 1; i >= 0; i--) {
            double s = out[xo + i * stride];
            for (int j = i + 1; j < len; j++) {
              s -= a[ao + (tr ? j * len + i : i * len + j)] * out[xo + j * stride];
            }
            out[xo + i * stride] = unit ? s : s / a[ao + i * len + i];
          }
        }
      }
    }
  }

  /** {@link #triangularSolve} on complex matrices; {@link #CONJUGATE_A} conjugates {@code op(a)}. */
  public static void triangularSolveC128(double[] a, double[] b, double[] out, int batch, int m,
      int n, int flags) {
    boolean left = (flags & LEFT_SIDE) != 0;
    boolean tr = ((flags & TRANSPOSE_A) != 0) != !left;
    boolean eLower = ((flags & LOWER) != 0) != tr;
    boolean unit = (flags & UNIT_DIAGONAL) != 0;
    double cj = (flags & CONJUGATE_A) != 0 ? -1.0 : 1.0;
    int len = left ? m : n;
    int count = left ? n : m;
    int stride = left ? n : 1;
    int step = left ? 1 : n;
    int kk = len * len;
    double[] q = new double[2];
    System.arraycopy(b, 0, out, 0, 2 * batch * m * n);
    for (int p = 0; p < batch; p++) {
      int ao = p * kk;
      for (int v = 0; v < count; v++) {
        int xo = p * m * n + v * step;
        for (int t = 0; t < len; t++) {
          int i = eLower ? t : len - 1 - t;
          int xi = 2 * (xo + i * stride);
          double sr = out[xi];
          double si = out[xi + 1];
          int from = eLower ? 0 : i + 1;
          int to = eLower ? i : len;
          for (int j = from; j < to; j++) {
            int e = 2 * (ao + (tr ? j * len + i : i * len + j));
            int xj = 2 * (xo + j * stride);
            double er = a[e];
            double ei = cj * a[e + 1];
            sr -= er * out[xj] - ei * out[xj + 1];
            si -= er * out[xj + 1] + ei * out[xj];
          }
          if (unit) {
            out[xi] = sr;
            out[xi + 1] = si;
          } else {
            int d = 2 * (ao + i * len + i);
            ComplexMath.div(sr, si, a[d], cj * a[d + 1], q);
            out[xi] = q[0];
            out[xi + 1] = q[1];
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------- LU

  /**
   * LU factorisation with partial pivoting (LAPACK's {@code getf2}) of the {@code n x n} matrix
   * at {@code o} in {@code lu}, in place: {@code P a = L U} with {@code L} unit lower (below the
   * diagonal) and {@code U} upper; {@code perm[i]} is the row of {@code a} that row {@code i} of
   * {@code P a} is. Returns the number of row swaps. A column with no non-zero pivot is left as
   * it is (its zero stays on the diagonal of {@code U}).
   */
  static int lu(double[] lu, int o, int n, int[] perm) {
    int swaps = 0;
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int j = 0; j < n; j++) {
      int p = j;
      double best = Math.abs(lu[o + j * n + j]);
      for (int i = j + 1; i < n; i++) {
        double v = Math.abs(lu[o + i * n + j]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p != j) {
        swaps++;
        int t = perm[p];
        perm[p] = perm[j];
        perm[j] = t;
        for (int k = 0; k < n; k++) {
          double x = lu[o + p * n + k];
          lu[o + p * n + k] = lu[o + j * n + k];
          lu[o + j * n + k] = x;
        }
      }
      double pivot = lu[o + j * n + j];
      if (pivot == 0) {
        continue;
      }
      for (int i = j + 1; i < n; i++) {
        double l = lu[o + i * n + j] / pivot;
        lu[o + i * n + j] = l;
        if (l != 0) {
          for (int k = j + 1; k < n; k++) {
            lu[o + i * n + k] -= l * lu[o + j * n + k];
          }
        }
      }
    }
    return swaps;
  }

  /** {@link #lu} of a complex matrix; pivots are chosen by {@code |re| + |im|}, as LAPACK does. */
  static int luC128(double[] lu, int o, int n, int[] perm) {
    int swaps = 0;
    double[] q = new double[2];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int j = 0; j < n; j++) {
      int p = j;
      double best = abs1(lu, o + 2 * (j * n + j));
      for (int i = j + 1; i < n; i++) {
        double v = abs1(lu, o + 2 * (i * n + j));
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p != j) {
        swaps++;
        int t = perm[p];
        perm[p] = perm[j];
        perm[j] = t;
        for (int k = 0; k < 2 * n; k++) {
          double x = lu[o + 2 * p * n + k];
          lu[o + 2 * p * n + k] = lu[o + 2 * j * n + k];
          lu[o + 2 * j * n + k] = x;
        }
      }
      int d = o + 2 * (j * n + j);
      if (lu[d] == 0 && lu[d + 1] == 0) {
        continue;
      }
      for (int i = j + 1; i < n; i++) {
        int ij = o + 2 * (i * n + j);
        ComplexMath.div(lu[ij], lu[ij + 1], lu[d], lu[d + 1], q);
        double lr = q[0];
        double li = q[1];
        lu[ij] = lr;
        lu[ij + 1] = li;
        for (int k = j + 1; k < n; k++) {
          int ik = o + 2 * (i * n + k);
          int jk = o + 2 * (j * n + k);
          lu[ik] -= lr * lu[jk] - li * lu[jk + 1];
          lu[ik + 1] -= lr * lu[jk + 1] + li * lu[jk];
        }
      }
    }
    return swaps;
  }

  private static double abs1(double[] z, int at) {
    return Math.abs(z[at]) + Math.abs(z[at + 1]);
  }

  /**
   * Solves with the factors of {@link #lu} (at {@code o} in {@code lu}) for the {@code k}
   * right-hand sides in the columns of the {@code n x k} block at {@code xo} in {@code x}, in
   * place: {@code a x = rhs}, or {@code a^T x = rhs} when {@code transposed}. {@code tmp} has
   * length {@code n}.
   */
  static void luSolve(double[] lu, int o, int[] perm, int n, double[] x, int xo, int k,
      boolean transposed, double[] tmp) {
    for (int c = 0; c < k; c++) {
      if (!transposed) {
        // L U x = P rhs: permute, then forward substitution (unit L), then back (U).
        for (int i = 0; i < n; i++) {
          tmp[i] = x[xo + perm[i] * k + c];
        }
        for (int i = 0; i < n; i++) {
          double s = tmp[i];
          for (int j = 0; j < i; j++) {
            s -= lu[o + i * n + j] * tmp[j];
          }
          tmp[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
          double s = tmp[i];
          for (int j = i + 1; j < n; j++) {
            s -= lu[o + i * n + j] * tmp[j];
          }
          tmp[i] = s / lu[o + i * n + i];
        }
        for (int i = 0; i < n; i++) {
          x[xo + i * k + c] = tmp[i];
        }
      } else {
        // a^T = U^T L^T P: U^T y = rhs (forward), L^T w = y (back, unit), x = P^T w.
        for (int i = 0; i < n; i++) {
          tmp[i] = x[xo + i * k + c];
        }
        for (int i = 0; i < n; i++) {
          double s = tmp[i];
          for (int j = 0; j < i; j++) {
            s -= lu[o + j * n + i] * tmp[j];
          }
          tmp[i] = s / lu[o + i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
          double s = tmp[i];
          for (int j = i + 1; j < n; j++) {
            s -= lu[o + j * n + i] * tmp[j];
          }
          tmp[i] = s;
        }
        for (int i = 0; i < n; i++) {
          x[xo + perm[i] * k + c] = tmp[i];
        }
      }
    }
  }

  /** {@link #luSolve} for complex factors ({@code a^T}, not {@code a^H}, when transposed). */
  static void luSolveC128(double[] lu, int o, int[] perm, int n, double[] x, int xo, int k,
      boolean transposed, double[] tmp) {
    double[] q = new double[2];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        int at = xo + 2 * ((transposed ? i : perm[i]) * k + c);
        tmp[2 * i] = x[at];
        tmp[2 * i + 1] = x[at + 1];
      }
      // Forward: unit L (not transposed) or U^T; back: U or unit L^T.
      for (int i = 0; i < n; i++) {
        double sr = tmp[2 * i];
        double si = tmp[2 * i + 1];
        for (int j = 0; j < i; j++) {
          int e = o + 2 * (transposed ? j * n + i : i * n + j);
          sr -= lu[e] * tmp[2 * j] - lu[e + 1] * tmp[2 * j + 1];
          si -= lu[e] * tmp[2 * j + 1] + lu[e + 1] * tmp[2 * j];
        }
        if (transposed) {
          int d = o + 2 * (i * n + i);
          ComplexMath.div(sr, si, lu[d], lu[d + 1], q);
          sr = q[0];
          si = q[1];
        }
        tmp[2 * i] = sr;
        tmp[2 * i + 1] = si;
      }
      for (int i = n - 1; i >= 0; i--) {
        double sr = tmp[2 * i];
        double si = tmp[2 * i + 1];
        for (int j = i + 1; j < n; j++) {
          int e = o + 2 * (transposed ? j * n + i : i * n + j);
          sr -= lu[e] * tmp[2 * j] - lu[e + 1] * tmp[2 * j + 1];
          si -= lu[e] * tmp[2 * j + 1] + lu[e + 1] * tmp[2 * j];
        }
        if (!transposed) {
          int d = o + 2 * (i * n + i);
          ComplexMath.div(sr, si, lu[d], lu[d + 1], q);
          sr = q[0];
          si = q[1];
        }
        tmp[2 * i] = sr;
        tmp[2 * i + 1] = si;
      }
      for (int i = 0; i < n; i++) {
        int at = xo + 2 * ((transposed ? perm[i] : i) * k + c);
        x[at] = tmp[2 * i];
        x[at + 1] = tmp[2 * i + 1];
      }
    }
  }

  // ------------------------------------------------------------------ solve, inv, det

  /**
   * {@code solve}: for each of {@code batch} problems, {@code out} ({@code n x k}) solves {@code
   * a x = b} ({@code a^T x = b} with {@link #TRANSPOSE_A}) by LU with partial pivoting.
   */
  public static void solve(double[] a, double[] b, double[] out, int batch, int n, int k,
      int flags) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    double[] tmp = new double[n];
    System.arraycopy(b, 0, out, 0, batch * n * k);
    for (int p = 0; p < batch; p++) {
      lu(lu, p * n * n, n, perm);
      luSolve(lu, p * n * n, perm, n, out, p * n * k, k, (flags & TRANSPOSE_A) != 0, tmp);
    }
  }

  /** {@link #solve} for complex matrices ({@link #TRANSPOSE_A}: {@code a^T}, not {@code a^H}). */
  public static void solveC128(double[] a, double[] b, double[] out, int batch, int n, int k,
      int flags) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    double[] tmp = new double[2 * n];
    System.arraycopy(b, 0, out, 0, 2 * batch * n * k);
    for (int p = 0; p < batch; p++) {
      luC128(lu, 2 * p * n * n, n, perm);
      luSolveC128(lu, 2 * p * n * n, perm, n, out, 2 * p * n * k, k, (flags & TRANSPOSE_A) != 0,
          tmp);
    }
  }

  /** {@code inv}: the inverse of each {@code n x n} matrix, by LU with partial pivoting. */
  public static void inv(double[] a, double[] out, int batch, int n) {
    java.util.Arrays.fill(out, 0, batch * n * n, 0.0);
    for (int p = 0; p < batch; p++) {
      for (int i = 0; i < n; i++) {
        out[p * n * n + i * n + i] = 1.0;
      }
    }
    solve(a, out.clone(), out, batch, n, n, 0);
  }

  /** {@link #inv} of complex matrices. */
  public static void invC128(double[] a, double[] out, int batch, int n) {
    java.util.Arrays.fill(out, 0, 2 * batch * n * n, 0.0);
    for (int p = 0; p < batch; p++) {
      for (int i = 0; i < n; i++) {
        out[2 * (p * n * n + i * n + i)] = 1.0;
      }
    }
    solveC128(a, out.clone(), out, batch, n, n, 0);
  }

  /**
   * The determinants of {@code batch} matrices: the product of {@code U}'s diagonal, negated for
   * an odd number of row swaps (exactly 0 for a matrix whose elimination meets a zero column).
   */
  public static void det(double[] a, double[] out, int batch, int n) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    for (int p = 0; p < batch; p++) {
      int o = p * n * n;
      int swaps = lu(lu, o, n, perm);
      double d = swaps % 2 == 0 ? 1.0 : -1.0;
      for (int i = 0; i < n; i++) {
        d *= lu[o + i * n + i];
      }
      out[p] = d;
    }
  }

  /** {@link #det} of complex matrices. */
  public static void detC128(double[] a, double[] out, int batch, int n) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    double[] q = new double[2];
    for (int p = 0; p < batch; p++) {
      int o = 2 * p * n * n;
      int swaps = luC128(lu, o, n, perm);
      double dr = swaps % 2 == 0 ? 1.0 : -1.0;
      double di = 0.0;
      for (int i = 0; i < n; i++) {
        int d = o + 2 * (i * n + i);
        ComplexMath.mul(dr, di, lu[d], lu[d + 1], q);
        dr = q[0];
        di = q[1];
      }
      out[2 * p] = dr;
      out[2 * p + 1] = di;
    }
  }

  /**
   * {@code slogdet}: with {@code sign}, the sign of each determinant ({@code -1}, {@code 0} or
   * {@code 1}), else the logarithm of its absolute value ({@code -inf} for a singular matrix);
   * computed from the LU factors without forming the product, so it neither overflows nor
   * underflows.
   */
  public static void slogdet(double[] a, double[] out, int batch, int n, boolean sign) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    for (int p = 0; p < batch; p++) {
      int o = p * n * n;
      int swaps = lu(lu, o, n, perm);
      double s = swaps % 2 == 0 ? 1.0 : -1.0;
      double l = 0.0;
      for (int i = 0; i < n; i++) {
        double u = lu[o + i * n + i];
        if (u == 0) {
          s = 0.0;
          l = Double.NEGATIVE_INFINITY;
          break;
        }
        if (u < 0) {
          s = -s;
        }
        l += Math.log(Math.abs(u));
      }
      out[p] = sign ? s : l;
    }
  }

  /**
   * {@link #slogdet} of complex matrices: the sign is the complex number {@code det / |det|} of
   * modulus 1 (0 for a singular matrix), written as a {@code c128} pair; the logarithm is real.
   */
  public static void slogdetC128(double[] a, double[] out, int batch, int n, boolean sign) {
    double[] lu = a.clone();
    int[] perm = new int[n];
    double[] q = new double[2];
    for (int p = 0; p < batch; p++) {
      int o = 2 * p * n * n;
      int swaps = luC128(lu, o, n, perm);
      double sr = swaps % 2 == 0 ? 1.0 : -1.0;
      double si = 0.0;
      double l = 0.0;
      for (int i = 0; i < n; i++) {
        int d = o + 2 * (i * n + i);
        double m = Math.hypot(lu[d], lu[d + 1]);
        if (m == 0) {
          sr = 0.0;
          si = 0.0;
          l = Double.NEGATIVE_INFINITY;
          break;
        }
        ComplexMath.mul(sr, si, lu[d] / m, lu[d + 1] / m, q);
        sr = q[0];
        si = q[1];
        l += Math.log(m);
      }
      if (sign) {
        out[2 * p] = sr;
        out[2 * p + 1] = si;
      } else {
        out[p] = l;
      }
    }
  }
}
