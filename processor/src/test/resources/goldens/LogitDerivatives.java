package test;

import java.util.Arrays;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Logit}, written by Cotangent's
 * annotation processor from Logit.java. Do not edit: change Logit and rebuild.
 */
public final class LogitDerivatives {
  private LogitDerivatives() {
  }

  /**
   * The value of {@link Logit#loss(double[], double, double[][], double[])} and its derivatives with respect to w, b, x, y:
   * what {@code lossGrad} and {@code lossVjp} return. A holder passed to them is overwritten; its arrays are reused when they have the lengths of the call's sizes.
   */
  public static final class LossGrad {
    /** The value of {@code loss}. */
    public double value;
    /** dloss/dw (length n) (times the cotangent, for a vjp). */
    public double[] w;
    /** dloss/db (times the cotangent, for a vjp). */
    public double b;
    /** dloss/dx (m rows of n) (times the cotangent, for a vjp). */
    public double[][] x;
    /** dloss/dy (length m) (times the cotangent, for a vjp). */
    public double[] y;
    /** dloss/dx row-major, as the kernel writes it. */
    private double[] xFlat;

    @Override
    public String toString() {
      return "LossGrad{value=" + value + ", w=" + Arrays.toString(w) + ", b=" + b + ", x=" + Arrays.deepToString(x) + ", y=" + Arrays.toString(y) + "}";
    }
  }

  /** The value of {@link Logit#loss(double[], double, double[][], double[])} and its derivative along a tangent: what {@code lossJvp} returns. */
  public static final class LossJvp {
    /** The value of {@code loss}. */
    public double value;
    /** The directional derivative: the sum over the parameters p of dloss/dp * pDot. */
    public double tangent;

    @Override
    public String toString() {
      return "LossJvp{value=" + value + ", tangent=" + tangent + "}";
    }
  }

  /**
   * The value and gradient of {@link Logit#loss(double[], double, double[][], double[])} with respect to w, b, x, y (reverse mode).
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   *
   * @return a new {@link LossGrad}
   */
  public static LossGrad lossGrad(double[] w, double b, double[][] x, double[] y) {
    return lossGrad(w, b, x, y, new LossGrad());
  }

  /**
   * The value and gradient of {@link Logit#loss(double[], double, double[][], double[])} with respect to w, b, x, y, written into {@code into}
   * (overwritten), which is returned: it copies each double[][] argument row-major, allocates gradient arrays only when {@code into}'s have other lengths, and its kernel's buffers.
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   */
  public static LossGrad lossGrad(double[] w, double b, double[][] x, double[] y, LossGrad into) {
    final int n = w.length;
    final int m = x.length;
    for (int r = 0; r < x.length; r++) {
      if (x[r].length != n) {
        throw new IllegalArgumentException("Logit.loss: x[" + r + "].length is " + x[r].length + ", expected " + n + " = w.length (x must be rectangular)");
      }
    }
    if (y.length != m) {
      throw new IllegalArgumentException("Logit.loss: y.length is " + y.length + " but x.length is " + m + "; both are size m");
    }
    final double[] xFlat = new double[m * n];
    for (int r = 0; r < m; r++) {
      System.arraycopy(x[r], 0, xFlat, r * n, n);
    }
    if (into.w == null || into.w.length != n) {
      into.w = new double[n];
    }
    if (into.xFlat == null || into.xFlat.length != m * n) {
      into.xFlat = new double[m * n];
    }
    if (into.y == null || into.y.length != m) {
      into.y = new double[m];
    }
    lossGradKernel(m, n, w, b, xFlat, y, into);
    if (into.x == null || into.x.length != m) {
      into.x = new double[m][];
    }
    for (int r = 0; r < m; r++) {
      if (into.x[r] == null || into.x[r].length != n) {
        into.x[r] = new double[n];
      }
      System.arraycopy(into.xFlat, r * n, into.x[r], 0, n);
    }
    return into;
  }

  /**
   * The value of {@link Logit#loss(double[], double, double[][], double[])} and the vector-Jacobian product with the cotangent {@code lossBar}:
   * each field is {@code lossBar} times the derivative with respect to w, b, x, y.
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   *
   * @return a new {@link LossGrad}
   */
  public static LossGrad lossVjp(double[] w, double b, double[][] x, double[] y, double lossBar) {
    return lossVjp(w, b, x, y, lossBar, new LossGrad());
  }

  /**
   * Like lossVjp without {@code into}, written into {@code into} (overwritten), which is returned:
   * it copies each double[][] argument row-major, allocates gradient arrays only when {@code into}'s have other lengths, and its kernel's buffers.
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   */
  public static LossGrad lossVjp(double[] w, double b, double[][] x, double[] y, double lossBar, LossGrad into) {
    final int n = w.length;
    final int m = x.length;
    for (int r = 0; r < x.length; r++) {
      if (x[r].length != n) {
        throw new IllegalArgumentException("Logit.loss: x[" + r + "].length is " + x[r].length + ", expected " + n + " = w.length (x must be rectangular)");
      }
    }
    if (y.length != m) {
      throw new IllegalArgumentException("Logit.loss: y.length is " + y.length + " but x.length is " + m + "; both are size m");
    }
    final double[] xFlat = new double[m * n];
    for (int r = 0; r < m; r++) {
      System.arraycopy(x[r], 0, xFlat, r * n, n);
    }
    if (into.w == null || into.w.length != n) {
      into.w = new double[n];
    }
    if (into.xFlat == null || into.xFlat.length != m * n) {
      into.xFlat = new double[m * n];
    }
    if (into.y == null || into.y.length != m) {
      into.y = new double[m];
    }
    lossVjpKernel(m, n, w, b, xFlat, y, lossBar, into);
    if (into.x == null || into.x.length != m) {
      into.x = new double[m][];
    }
    for (int r = 0; r < m; r++) {
      if (into.x[r] == null || into.x[r].length != n) {
        into.x[r] = new double[n];
      }
      System.arraycopy(into.xFlat, r * n, into.x[r], 0, n);
    }
    return into;
  }

  /**
   * The value of {@link Logit#loss(double[], double, double[][], double[])} and its directional derivative along the tangents {@code wDot, bDot, xDot, yDot}
   * of w, b, x, y (forward mode); each tangent has its parameter's size.
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   *
   * @return a new {@link LossJvp}
   */
  public static LossJvp lossJvp(double[] w, double b, double[][] x, double[] y, double[] wDot, double bDot, double[][] xDot, double[] yDot) {
    return lossJvp(w, b, x, y, wDot, bDot, xDot, yDot, new LossJvp());
  }

  /**
   * Like lossJvp without {@code into}, written into {@code into} (overwritten), which is returned:
   * it copies each double[][] argument row-major, allocates gradient arrays only when {@code into}'s have other lengths, and its kernel's buffers.
   * {@code w} has length n, {@code x} is m by n (rectangular), {@code y} has length m; checked at entry ({@link IllegalArgumentException}).
   */
  public static LossJvp lossJvp(double[] w, double b, double[][] x, double[] y, double[] wDot, double bDot, double[][] xDot, double[] yDot, LossJvp into) {
    final int n = w.length;
    final int m = x.length;
    for (int r = 0; r < x.length; r++) {
      if (x[r].length != n) {
        throw new IllegalArgumentException("Logit.loss: x[" + r + "].length is " + x[r].length + ", expected " + n + " = w.length (x must be rectangular)");
      }
    }
    if (y.length != m) {
      throw new IllegalArgumentException("Logit.loss: y.length is " + y.length + " but x.length is " + m + "; both are size m");
    }
    final double[] xFlat = new double[m * n];
    for (int r = 0; r < m; r++) {
      System.arraycopy(x[r], 0, xFlat, r * n, n);
    }
    if (wDot.length != n) {
      throw new IllegalArgumentException("Logit.loss: wDot.length is " + wDot.length + " but w.length is " + n + "; a tangent has the size of its parameter w");
    }
    if (xDot.length != m) {
      throw new IllegalArgumentException("Logit.loss: xDot.length is " + xDot.length + " but x.length is " + m + "; a tangent has the size of its parameter x");
    }
    for (int r = 0; r < xDot.length; r++) {
      if (xDot[r].length != n) {
        throw new IllegalArgumentException("Logit.loss: xDot[" + r + "].length is " + xDot[r].length + ", expected " + n + " = x[0].length (xDot must be rectangular)");
      }
    }
    final double[] xDotFlat = new double[m * n];
    for (int r = 0; r < m; r++) {
      System.arraycopy(xDot[r], 0, xDotFlat, r * n, n);
    }
    if (yDot.length != m) {
      throw new IllegalArgumentException("Logit.loss: yDot.length is " + yDot.length + " but y.length is " + m + "; a tangent has the size of its parameter y");
    }
    lossJvpKernel(m, n, w, b, xFlat, y, wDot, bDot, xDotFlat, yDot, into);
    return into;
  }

  private static void lossGradKernel(final int m, final int n, final double[] w, final double b, final double[] x, final double[] y, final LossGrad out) {
    if (m < 0) {
      throw new IllegalArgumentException("size m is " + m + ", must be >= 0");
    }
    if (n < 0) {
      throw new IllegalArgumentException("size n is " + n + ", must be >= 0");
    }
    final int m_n = Math.multiplyExact(m, n);
    if (w == null) {
      throw new IllegalArgumentException("w is null, expected n doubles for f64[n]");
    }
    if (w.length != n) {
      throw new IllegalArgumentException("w has " + w.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (x == null) {
      throw new IllegalArgumentException("x is null, expected m*n doubles for f64[m,n]");
    }
    if (x.length != m_n) {
      throw new IllegalArgumentException("x has " + x.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (y == null) {
      throw new IllegalArgumentException("y is null, expected m doubles for f64[m]");
    }
    if (y.length != m) {
      throw new IllegalArgumentException("y has " + y.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.w == null) {
      throw new IllegalArgumentException("out.w is null, expected n doubles for f64[n]");
    }
    if (out.w.length != n) {
      throw new IllegalArgumentException("out.w has " + out.w.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.xFlat == null) {
      throw new IllegalArgumentException("out.xFlat is null, expected m*n doubles for f64[m,n]");
    }
    if (out.xFlat.length != m_n) {
      throw new IllegalArgumentException("out.xFlat has " + out.xFlat.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.y == null) {
      throw new IllegalArgumentException("out.y is null, expected m doubles for f64[m]");
    }
    if (out.y.length != m) {
      throw new IllegalArgumentException("out.y has " + out.y.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // bcast0 = broadcast_in_dim[shape=[m],dims=()] b
    final double[] bcast0 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      bcast0[i0] = b;
    }
    // from: z += w[j] * x[i][j];  (Logit.java:14)
    // mul1 = mul broadcast_in_dim(..) x
    final double[] mul1 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        mul1[i0 * n + i1] = w[i1] * x[i0 * n + i1];
      }
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // z = reduce_sum[axes=(1)] concatenate(..)
    final double[] z = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      double acc = 0.0;
      for (int i1 = 0; i1 < n + 1; i1++) {
        acc += (i1 < 1 ? bcast0[i0] : mul1[i0 * n + i1 - 1]);
      }
      z[i0] = acc;
    }
    // from: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // exp2 = exp neg(..)
    final double[] exp2 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double neg = -z[i0];
      exp2[i0] = Math.exp(neg);
    }
    // add3 = add exp2 1.0
    final double[] add3 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      add3[i0] = exp2[i0] + 1.0;
    }
    // p = div 1.0 add3
    final double[] p = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      p[i0] = 1.0 / add3[i0];
    }
    // from: total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);  (Logit.java:17)
    // sub4 = sub 1.0 p
    final double[] sub4 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub4[i0] = 1.0 - p[i0];
    }
    // log5 = log sub4
    final double[] log5 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log5[i0] = Math.log(sub4[i0]);
    }
    // sub6 = sub 1.0 y
    final double[] sub6 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub6[i0] = 1.0 - y[i0];
    }
    // log7 = log p
    final double[] log7 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log7[i0] = Math.log(p[i0]);
    }
    // neg8 = neg add(..)
    final double[] neg8 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = log5[i0] * sub6[i0];
      final double mul_2 = log7[i0] * y[i0];
      final double add = mul + mul_2;
      neg8[i0] = -add;
    }
    // from: for (int i = 0; i < x.length; i++) {  (Logit.java:11)
    // total = reduce_sum[axes=(0)] concatenate(..)
    double total = 0.0;
    for (int i0 = 0; i0 < m + 1; i0++) {
      total += (i0 < 1 ? 0.0 : neg8[i0 - 1]);
    }
    // from: return total / x.length;  (Logit.java:19)
    // loss = div total dim_value(..)
    final double loss = total / (double) m;
    // grad of: return total / x.length;  (Logit.java:19)
    // total_bar = div 1.0 dim_value(..)
    final double total_bar = 1.0 / (double) m;
    // grad of: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // z_bar = mul mul(..) exp2
    final double[] z_bar = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = total_bar * y[i0];
      final double neg = -mul;
      final double div = neg / p[i0];
      final double mul_2 = total_bar * sub6[i0];
      final double neg_2 = -mul_2;
      final double div_2 = neg_2 / sub4[i0];
      final double sub = div - div_2;
      final double div_3 = p[i0] / add3[i0];
      final double mul_3 = sub * div_3;
      z_bar[i0] = mul_3 * exp2[i0];
    }
    // grad of: z += w[j] * x[i][j];  (Logit.java:14)
    // mul9 = mul slice(..) x
    final double[] mul9 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        mul9[i0 * n + i1] = z_bar[i0] * x[i0 * n + i1];
      }
    }
    // w_bar = reduce_sum[axes=(0)] mul9
    final double[] w_bar = out.w;
    for (int i1 = 0; i1 < n; i1++) {
      double acc = 0.0;
      for (int i0 = 0; i0 < m; i0++) {
        acc += mul9[i0 * n + i1];
      }
      w_bar[i1] = acc;
    }
    // grad of: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // slice10 = slice[start=(0,0),limit=(m,1)] broadcast_in_dim(..)
    final double[] slice10 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      slice10[i0] = z_bar[i0];
    }
    // b_bar = reduce_sum[axes=(0)] reshape(..)
    double b_bar = 0.0;
    for (int i0 = 0; i0 < m; i0++) {
      b_bar += slice10[i0];
    }
    // grad of: z += w[j] * x[i][j];  (Logit.java:14)
    // x_bar = mul slice(..) broadcast_in_dim(..)
    final double[] x_bar = out.xFlat;
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        x_bar[i0 * n + i1] = z_bar[i0] * w[i1];
      }
    }
    // y_bar = sub mul(..) mul(..)
    final double[] y_bar = out.y;
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = log5[i0] * total_bar;
      final double mul_2 = log7[i0] * total_bar;
      y_bar[i0] = mul - mul_2;
    }
    // output 0
    out.value = loss;
    // output 2
    out.b = b_bar;
  }

  private static void lossVjpKernel(final int m, final int n, final double[] w, final double b, final double[] x, final double[] y, final double lossBar, final LossGrad out) {
    if (m < 0) {
      throw new IllegalArgumentException("size m is " + m + ", must be >= 0");
    }
    if (n < 0) {
      throw new IllegalArgumentException("size n is " + n + ", must be >= 0");
    }
    final int m_n = Math.multiplyExact(m, n);
    if (w == null) {
      throw new IllegalArgumentException("w is null, expected n doubles for f64[n]");
    }
    if (w.length != n) {
      throw new IllegalArgumentException("w has " + w.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (x == null) {
      throw new IllegalArgumentException("x is null, expected m*n doubles for f64[m,n]");
    }
    if (x.length != m_n) {
      throw new IllegalArgumentException("x has " + x.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (y == null) {
      throw new IllegalArgumentException("y is null, expected m doubles for f64[m]");
    }
    if (y.length != m) {
      throw new IllegalArgumentException("y has " + y.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.w == null) {
      throw new IllegalArgumentException("out.w is null, expected n doubles for f64[n]");
    }
    if (out.w.length != n) {
      throw new IllegalArgumentException("out.w has " + out.w.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.xFlat == null) {
      throw new IllegalArgumentException("out.xFlat is null, expected m*n doubles for f64[m,n]");
    }
    if (out.xFlat.length != m_n) {
      throw new IllegalArgumentException("out.xFlat has " + out.xFlat.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (out.y == null) {
      throw new IllegalArgumentException("out.y is null, expected m doubles for f64[m]");
    }
    if (out.y.length != m) {
      throw new IllegalArgumentException("out.y has " + out.y.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // bcast0 = broadcast_in_dim[shape=[m],dims=()] b
    final double[] bcast0 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      bcast0[i0] = b;
    }
    // from: z += w[j] * x[i][j];  (Logit.java:14)
    // mul1 = mul broadcast_in_dim(..) x
    final double[] mul1 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        mul1[i0 * n + i1] = w[i1] * x[i0 * n + i1];
      }
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // z = reduce_sum[axes=(1)] concatenate(..)
    final double[] z = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      double acc = 0.0;
      for (int i1 = 0; i1 < n + 1; i1++) {
        acc += (i1 < 1 ? bcast0[i0] : mul1[i0 * n + i1 - 1]);
      }
      z[i0] = acc;
    }
    // from: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // exp2 = exp neg(..)
    final double[] exp2 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double neg = -z[i0];
      exp2[i0] = Math.exp(neg);
    }
    // add3 = add exp2 1.0
    final double[] add3 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      add3[i0] = exp2[i0] + 1.0;
    }
    // p = div 1.0 add3
    final double[] p = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      p[i0] = 1.0 / add3[i0];
    }
    // from: total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);  (Logit.java:17)
    // sub4 = sub 1.0 p
    final double[] sub4 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub4[i0] = 1.0 - p[i0];
    }
    // log5 = log sub4
    final double[] log5 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log5[i0] = Math.log(sub4[i0]);
    }
    // sub6 = sub 1.0 y
    final double[] sub6 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub6[i0] = 1.0 - y[i0];
    }
    // log7 = log p
    final double[] log7 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log7[i0] = Math.log(p[i0]);
    }
    // neg8 = neg add(..)
    final double[] neg8 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = log5[i0] * sub6[i0];
      final double mul_2 = log7[i0] * y[i0];
      final double add = mul + mul_2;
      neg8[i0] = -add;
    }
    // from: for (int i = 0; i < x.length; i++) {  (Logit.java:11)
    // total = reduce_sum[axes=(0)] concatenate(..)
    double total = 0.0;
    for (int i0 = 0; i0 < m + 1; i0++) {
      total += (i0 < 1 ? 0.0 : neg8[i0 - 1]);
    }
    // from: return total / x.length;  (Logit.java:19)
    // loss = div total dim_value(..)
    final double loss = total / (double) m;
    // grad of: return total / x.length;  (Logit.java:19)
    // total_bar = div lossBar dim_value(..)
    final double total_bar = lossBar / (double) m;
    // grad of: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // z_bar = mul mul(..) exp2
    final double[] z_bar = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = total_bar * y[i0];
      final double neg = -mul;
      final double div = neg / p[i0];
      final double mul_2 = total_bar * sub6[i0];
      final double neg_2 = -mul_2;
      final double div_2 = neg_2 / sub4[i0];
      final double sub = div - div_2;
      final double div_3 = p[i0] / add3[i0];
      final double mul_3 = sub * div_3;
      z_bar[i0] = mul_3 * exp2[i0];
    }
    // grad of: z += w[j] * x[i][j];  (Logit.java:14)
    // mul9 = mul slice(..) x
    final double[] mul9 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        mul9[i0 * n + i1] = z_bar[i0] * x[i0 * n + i1];
      }
    }
    // w_bar = reduce_sum[axes=(0)] mul9
    final double[] w_bar = out.w;
    for (int i1 = 0; i1 < n; i1++) {
      double acc = 0.0;
      for (int i0 = 0; i0 < m; i0++) {
        acc += mul9[i0 * n + i1];
      }
      w_bar[i1] = acc;
    }
    // grad of: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // slice10 = slice[start=(0,0),limit=(m,1)] broadcast_in_dim(..)
    final double[] slice10 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      slice10[i0] = z_bar[i0];
    }
    // b_bar = reduce_sum[axes=(0)] reshape(..)
    double b_bar = 0.0;
    for (int i0 = 0; i0 < m; i0++) {
      b_bar += slice10[i0];
    }
    // grad of: z += w[j] * x[i][j];  (Logit.java:14)
    // x_bar = mul slice(..) broadcast_in_dim(..)
    final double[] x_bar = out.xFlat;
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        x_bar[i0 * n + i1] = z_bar[i0] * w[i1];
      }
    }
    // y_bar = sub mul(..) mul(..)
    final double[] y_bar = out.y;
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = log5[i0] * total_bar;
      final double mul_2 = log7[i0] * total_bar;
      y_bar[i0] = mul - mul_2;
    }
    // output 0
    out.value = loss;
    // output 2
    out.b = b_bar;
  }

  private static void lossJvpKernel(final int m, final int n, final double[] w, final double b, final double[] x, final double[] y, final double[] wDot, final double bDot, final double[] xDot, final double[] yDot, final LossJvp out) {
    if (m < 0) {
      throw new IllegalArgumentException("size m is " + m + ", must be >= 0");
    }
    if (n < 0) {
      throw new IllegalArgumentException("size n is " + n + ", must be >= 0");
    }
    final int m_n = Math.multiplyExact(m, n);
    if (w == null) {
      throw new IllegalArgumentException("w is null, expected n doubles for f64[n]");
    }
    if (w.length != n) {
      throw new IllegalArgumentException("w has " + w.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (x == null) {
      throw new IllegalArgumentException("x is null, expected m*n doubles for f64[m,n]");
    }
    if (x.length != m_n) {
      throw new IllegalArgumentException("x has " + x.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (y == null) {
      throw new IllegalArgumentException("y is null, expected m doubles for f64[m]");
    }
    if (y.length != m) {
      throw new IllegalArgumentException("y has " + y.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (wDot == null) {
      throw new IllegalArgumentException("wDot is null, expected n doubles for f64[n]");
    }
    if (wDot.length != n) {
      throw new IllegalArgumentException("wDot has " + wDot.length + " elements, but its type f64[n] needs n = " + (n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (xDot == null) {
      throw new IllegalArgumentException("xDot is null, expected m*n doubles for f64[m,n]");
    }
    if (xDot.length != m_n) {
      throw new IllegalArgumentException("xDot has " + xDot.length + " elements, but its type f64[m,n] needs m*n = " + (m_n) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    if (yDot == null) {
      throw new IllegalArgumentException("yDot is null, expected m doubles for f64[m]");
    }
    if (yDot.length != m) {
      throw new IllegalArgumentException("yDot has " + yDot.length + " elements, but its type f64[m] needs m = " + (m) + " (" + "m = " + m + ", " + "n = " + n + ")");
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // bcast0 = broadcast_in_dim[shape=[m],dims=()] b
    final double[] bcast0 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      bcast0[i0] = b;
    }
    // from: z += w[j] * x[i][j];  (Logit.java:14)
    // mul1 = mul broadcast_in_dim(..) x
    final double[] mul1 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        mul1[i0 * n + i1] = w[i1] * x[i0 * n + i1];
      }
    }
    // from: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // z = reduce_sum[axes=(1)] concatenate(..)
    final double[] z = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      double acc = 0.0;
      for (int i1 = 0; i1 < n + 1; i1++) {
        acc += (i1 < 1 ? bcast0[i0] : mul1[i0 * n + i1 - 1]);
      }
      z[i0] = acc;
    }
    // from: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // exp2 = exp neg(..)
    final double[] exp2 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double neg = -z[i0];
      exp2[i0] = Math.exp(neg);
    }
    // add3 = add exp2 1.0
    final double[] add3 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      add3[i0] = exp2[i0] + 1.0;
    }
    // p = div 1.0 add3
    final double[] p = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      p[i0] = 1.0 / add3[i0];
    }
    // from: total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);  (Logit.java:17)
    // sub4 = sub 1.0 p
    final double[] sub4 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub4[i0] = 1.0 - p[i0];
    }
    // log5 = log sub4
    final double[] log5 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log5[i0] = Math.log(sub4[i0]);
    }
    // sub6 = sub 1.0 y
    final double[] sub6 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      sub6[i0] = 1.0 - y[i0];
    }
    // log7 = log p
    final double[] log7 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      log7[i0] = Math.log(p[i0]);
    }
    // neg8 = neg add(..)
    final double[] neg8 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double mul = log5[i0] * sub6[i0];
      final double mul_2 = log7[i0] * y[i0];
      final double add = mul + mul_2;
      neg8[i0] = -add;
    }
    // from: for (int i = 0; i < x.length; i++) {  (Logit.java:11)
    // total = reduce_sum[axes=(0)] concatenate(..)
    double total = 0.0;
    for (int i0 = 0; i0 < m + 1; i0++) {
      total += (i0 < 1 ? 0.0 : neg8[i0 - 1]);
    }
    // from: return total / x.length;  (Logit.java:19)
    // loss = div total dim_value(..)
    final double loss = total / (double) m;
    // tangent of: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // bcast9 = broadcast_in_dim[shape=[m],dims=()] bDot
    final double[] bcast9 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      bcast9[i0] = bDot;
    }
    // tangent of: z += w[j] * x[i][j];  (Logit.java:14)
    // add10 = add mul(..) mul(..)
    final double[] add10 = new double[m_n];
    for (int i0 = 0; i0 < m; i0++) {
      for (int i1 = 0; i1 < n; i1++) {
        final double mul = wDot[i1] * x[i0 * n + i1];
        final double mul_2 = w[i1] * xDot[i0 * n + i1];
        add10[i0 * n + i1] = mul + mul_2;
      }
    }
    // tangent of: for (int j = 0; j < w.length; j++) {  (Logit.java:13)
    // z_dot = reduce_sum[axes=(1)] concatenate(..)
    final double[] z_dot = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      double acc = 0.0;
      for (int i1 = 0; i1 < n + 1; i1++) {
        acc += (i1 < 1 ? bcast9[i0] : add10[i0 * n + i1 - 1]);
      }
      z_dot[i0] = acc;
    }
    // tangent of: double p = 1 / (1 + Math.exp(-z));  (Logit.java:16)
    // p_dot = mul div(..) mul(..)
    final double[] p_dot = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double div = p[i0] / add3[i0];
      final double mul = exp2[i0] * z_dot[i0];
      p_dot[i0] = div * mul;
    }
    // tangent of: total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);  (Logit.java:17)
    // neg11 = neg add(..)
    final double[] neg11 = new double[m];
    for (int i0 = 0; i0 < m; i0++) {
      final double neg = -p_dot[i0];
      final double div = neg / sub4[i0];
      final double mul = div * sub6[i0];
      final double mul_2 = log5[i0] * yDot[i0];
      final double sub = mul - mul_2;
      final double div_2 = p_dot[i0] / p[i0];
      final double mul_3 = div_2 * y[i0];
      final double mul_4 = log7[i0] * yDot[i0];
      final double add = mul_3 + mul_4;
      final double add_2 = sub + add;
      neg11[i0] = -add_2;
    }
    // tangent of: for (int i = 0; i < x.length; i++) {  (Logit.java:11)
    // total_dot = reduce_sum[axes=(0)] concatenate(..)
    double total_dot = 0.0;
    for (int i0 = 0; i0 < m + 1; i0++) {
      total_dot += (i0 < 1 ? 0.0 : neg11[i0 - 1]);
    }
    // tangent of: return total / x.length;  (Logit.java:19)
    // loss_dot = div total_dot dim_value(..)
    final double loss_dot = total_dot / (double) m;
    // output 0
    out.value = loss;
    // output 1
    out.tangent = loss_dot;
  }
}
