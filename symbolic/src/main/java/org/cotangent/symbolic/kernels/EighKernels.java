package org.cotangent.symbolic.kernels;

/**
 * The Hermitian eigendecomposition ({@code eigh}) by cyclic Jacobi rotations, real and complex:
 * the reference evaluation of the {@code eigh} primitive and what generated code calls (through
 * {@code org.cotangent.codegen.Rt}), in the layout of {@link LinalgKernels} (flat row-major
 * batches of {@code n x n} matrices, complex ones interleaved). Eigenvalues come out ascending;
 * each eigenvector's sign, or phase, is fixed so that its entry of largest modulus (the first of
 * ties) is real and positive (see {@code ops.linalg.Eigh} for why). NaN in, NaN out.
 */
public final class EighKernels {
  private EighKernels() {}

  /** Jacobi sweeps at most (it converges quadratically: a handful suffice). */
  private static final int MAX_SWEEPS = 64;

  /**
   * {@code jnp.linalg.eigh} of the symmetric part {@code (a + a^T) / 2} of each {@code n x n}
   * matrix, by cyclic Jacobi rotations: {@code w} ({@code batch x n}, or null) gets the eigenvalues
   * in ascending order and {@code v} ({@code batch x n x n}, or null) the eigenvectors as columns,
   * each with the sign that makes its entry of largest absolute value (the first of ties)
   * positive, so that the result is a function of the matrix (see {@code ops.linalg.Eigh}). A
   * matrix with NaNs gives NaNs.
   */
  public static void eigh(double[] a, double[] w, double[] v, int batch, int n) {
    int nn = n * n;
    double[] h = new double[nn];
    double[] q = new double[nn];
    double[] d = new double[n];
    Integer[] order = new Integer[n];
    for (int b = 0; b < batch; b++) {
      int o = b * nn;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          h[i * n + j] = (a[o + i * n + j] + a[o + j * n + i]) / 2;
          q[i * n + j] = i == j ? 1 : 0;
        }
      }
      jacobi(h, q, n);
      for (int i = 0; i < n; i++) {
        d[i] = h[i * n + i];
        order[i] = i;
      }
      sortAscending(order, d);
      for (int k = 0; k < n; k++) {
        int c = order[k];
        if (w != null) {
          w[b * n + k] = d[c];
        }
        if (v != null) {
          int pivot = 0;
          for (int i = 1; i < n; i++) {
            if (Math.abs(q[i * n + c]) > Math.abs(q[pivot * n + c])) {
              pivot = i;
            }
          }
          double sign = q[pivot * n + c] < 0 ? -1 : 1;
          for (int i = 0; i < n; i++) {
            v[o + i * n + k] = sign * q[i * n + c];
          }
        }
      }
    }
  }

  /** Diagonalises the symmetric {@code h} in place, accumulating the rotations into {@code q}. */
  private static void jacobi(double[] h, double[] q, int n) {
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n; p++) {
        for (int r = p + 1; r < n; r++) {
          double apr = h[p * n + r];
          double app = h[p * n + p];
          double arr = h[r * n + r];
          if (apr == 0) {
            continue;
          }
          double g = 100 * Math.abs(apr);
          if (sweep > 3 && Math.abs(app) + g == Math.abs(app) && Math.abs(arr) + g == Math.abs(arr)) {
            // Below the rounding of both diagonal entries: it is zero.
            h[p * n + r] = 0;
            h[r * n + p] = 0;
            continue;
          }
          rotated = true;
          double t = jacobiTangent(app, arr, apr);
          double c = 1 / Math.sqrt(t * t + 1);
          rotate(h, q, n, p, r, c, t * c, 1, 0);
        }
      }
      if (!rotated) {
        return;
      }
    }
  }

  /**
   * {@code h = R^T h R}, {@code q = q R}, with R the real rotation by (c, s) in the (p, r) plane,
   * on part {@code part} of elements {@code width} doubles wide (1 for real matrices; 2 for
   * complex ones, called once per part), and {@code h[p][r] = h[r][p] = 0}.
   */
  private static void rotate(double[] h, double[] q, int n, int p, int r, double c, double s,
      int width, int part) {
    for (int k = 0; k < n; k++) {
      int kp = width * (k * n + p) + part;
      int kr = width * (k * n + r) + part;
      double hkp = h[kp];
      double hkr = h[kr];
      h[kp] = c * hkp - s * hkr;
      h[kr] = s * hkp + c * hkr;
    }
    for (int k = 0; k < n; k++) {
      int pk = width * (p * n + k) + part;
      int rk = width * (r * n + k) + part;
      double hpk = h[pk];
      double hrk = h[rk];
      h[pk] = c * hpk - s * hrk;
      h[rk] = s * hpk + c * hrk;
    }
    for (int k = 0; k < n; k++) {
      int kp = width * (k * n + p) + part;
      int kr = width * (k * n + r) + part;
      double qkp = q[kp];
      double qkr = q[kr];
      q[kp] = c * qkp - s * qkr;
      q[kr] = s * qkp + c * qkr;
    }
    h[width * (p * n + r) + part] = 0;
    h[width * (r * n + p) + part] = 0;
  }

  /** The tangent t = tan(angle) of the Jacobi rotation that zeroes h[p][r] = m (real). */
  private static double jacobiTangent(double app, double arr, double m) {
    double theta = (arr - app) / (2 * m);
    return Math.abs(theta) > 1e150 ? 1 / (2 * theta)
        : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  }

  /** Sorts the indices {@code order} by {@code d} ascending, ties (and NaNs) by index. */
  private static void sortAscending(Integer[] order, double[] d) {
    java.util.Arrays.sort(order, (x, y) -> {
      int c = Double.compare(d[x], d[y]);
      return c != 0 ? c : Integer.compare(x, y);
    });
  }

  /**
   * {@link #eigh} of the Hermitian part {@code (a + a^H) / 2} of complex matrices: real
   * eigenvalues ascending in {@code w} ({@code batch x n}, f64), eigenvectors as the columns of
   * {@code v} (interleaved), each with the phase that makes its entry of largest modulus (the first
   * of ties) real and positive.
   */
  public static void eighC128(double[] a, double[] w, double[] v, int batch, int n) {
    int nn = n * n;
    double[] h = new double[2 * nn];
    double[] q = new double[2 * nn];
    double[] d = new double[n];
    Integer[] order = new Integer[n];
    for (int b = 0; b < batch; b++) {
      int o = 2 * b * nn;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          int ij = 2 * (i * n + j);
          int ji = 2 * (j * n + i);
          h[ij] = (a[o + ij] + a[o + ji]) / 2;
          h[ij + 1] = (a[o + ij + 1] - a[o + ji + 1]) / 2;
          q[ij] = i == j ? 1 : 0;
          q[ij + 1] = 0;
        }
      }
      jacobiC128(h, q, n);
      for (int i = 0; i < n; i++) {
        d[i] = h[2 * (i * n + i)];
        order[i] = i;
      }
      sortAscending(order, d);
      for (int k = 0; k < n; k++) {
        int c = order[k];
        if (w != null) {
          w[b * n + k] = d[c];
        }
        if (v != null) {
          for (int i = 0; i < n; i++) {
            v[o + 2 * (i * n + k)] = q[2 * (i * n + c)];
            v[o + 2 * (i * n + k) + 1] = q[2 * (i * n + c) + 1];
          }
          normalizePhase(v, o, n, k);
        }
      }
    }
  }

  /**
   * Turns column {@code k} so that its entry of largest modulus (the first of ties, as argmax of
   * {@code abs}) is real and positive; repeated while the rounding of the turn moves that entry
   * (at most a few times), so that the pivot read back from the result is the one turned.
   */
  private static void normalizePhase(double[] v, int o, int n, int k) {
    int last = -1;
    for (int round = 0; round < 4; round++) {
      int pivot = 0;
      double best = -1;
      for (int i = 0; i < n; i++) {
        int at = o + 2 * (i * n + k);
        double m = Math.hypot(v[at], v[at + 1]);
        if (m > best) {
          best = m;
          pivot = i;
        }
      }
      int pa = o + 2 * (pivot * n + k);
      if (pivot == last && v[pa + 1] == 0 && v[pa] >= 0) {
        return;
      }
      last = pivot;
      if (!(best > 0)) {
        return;
      }
      double cr = v[pa] / best;
      double ci = -v[pa + 1] / best;
      for (int i = 0; i < n; i++) {
        int at = o + 2 * (i * n + k);
        double re = v[at] * cr - v[at + 1] * ci;
        double im = v[at] * ci + v[at + 1] * cr;
        v[at] = re;
        v[at + 1] = im;
      }
      v[pa] = best;
      v[pa + 1] = 0;
    }
  }

  /** Diagonalises the Hermitian {@code h} in place (interleaved), accumulating into {@code q}. */
  private static void jacobiC128(double[] h, double[] q, int n) {
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n; p++) {
        for (int r = p + 1; r < n; r++) {
          int pr = 2 * (p * n + r);
          double re = h[pr];
          double im = h[pr + 1];
          double m = Math.hypot(re, im);
          double app = h[2 * (p * n + p)];
          double arr = h[2 * (r * n + r)];
          if (m == 0) {
            continue;
          }
          double g = 100 * m;
          if (sweep > 3 && Math.abs(app) + g == Math.abs(app) && Math.abs(arr) + g == Math.abs(arr)) {
            h[pr] = 0;
            h[pr + 1] = 0;
            h[2 * (r * n + p)] = 0;
            h[2 * (r * n + p) + 1] = 0;
            continue;
          }
          rotated = true;
          // First a phase on row and column r, so that h[p][r] becomes the real m: column r times
          // e^{-i phi}, row r times e^{i phi}, with h[p][r] = m e^{i phi}.
          double er = re / m;
          double ei = -im / m;
          for (int k = 0; k < n; k++) {
            int kr = 2 * (k * n + r);
            double x = h[kr] * er - h[kr + 1] * ei;
            double y = h[kr] * ei + h[kr + 1] * er;
            h[kr] = x;
            h[kr + 1] = y;
            int rk = 2 * (r * n + k);
            x = h[rk] * er + h[rk + 1] * ei;
            y = h[rk + 1] * er - h[rk] * ei;
            h[rk] = x;
            h[rk + 1] = y;
            x = q[kr] * er - q[kr + 1] * ei;
            y = q[kr] * ei + q[kr + 1] * er;
            q[kr] = x;
            q[kr + 1] = y;
          }
          h[2 * (r * n + r)] = arr;
          h[2 * (r * n + r) + 1] = 0;
          double t = jacobiTangent(app, arr, m);
          double c = 1 / Math.sqrt(t * t + 1);
          rotate(h, q, n, p, r, c, t * c, 2, 0);
          rotate(h, q, n, p, r, c, t * c, 2, 1);
          h[2 * (p * n + p) + 1] = 0;
          h[2 * (r * n + r) + 1] = 0;
        }
      }
      if (!rotated) {
        return;
      }
    }
  }
}
