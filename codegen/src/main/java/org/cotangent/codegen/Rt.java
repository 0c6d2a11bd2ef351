package org.cotangent.codegen;

import org.cotangent.symbolic.kernels.ComplexMath;
import org.cotangent.symbolic.kernels.EighKernels;
import org.cotangent.symbolic.kernels.Gemm;
import org.cotangent.symbolic.kernels.LinalgKernels;
import org.cotangent.symbolic.kernels.RealMath;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Sort;

/**
 * The helpers generated code may call besides {@code java.lang.Math}: scalar functions, the
 * functions of one complex number, the sort kernel and the linear-algebra kernels. Each delegates
 * to the function the reference interpreter uses ({@code symbolic}'s), so compiled and interpreted
 * results agree to the last bit; generated code sees only this class, and this class sees the rest
 * (it is loaded by the application's class loader).
 *
 * <p>A complex function takes the parts of its argument(s) and writes the result's real and
 * imaginary parts into {@code out[0]} and {@code out[1]}: generated code passes one scratch array
 * per method ({@code final double[] pair = new double[2];}) and reads both parts right after the
 * call, so no object is allocated per element (see {@link ComplexMath}). Matrix kernels take flat
 * row-major arrays of {@code batch} matrices one after the other, complex ones ({@code ...C128})
 * interleaved.
 */
public final class Rt {
  private Rt() {}

  public static double logistic(double x) {
    return RealMath.logistic(x);
  }

  /** tanh through {@code Math.exp} ({@code Math.tanh} is a slow native call on JDK 17). */
  public static double tanh(double x) {
    return RealMath.tanh(x);
  }

  /** Conversion to i64: truncation toward zero, as the interpreter's. */
  public static double truncate(double x) {
    return RealMath.truncate(x);
  }

  /** Python's {@code x % y}: the remainder of floor division, of the sign of {@code y}. */
  public static double remainder(double x, double y) {
    return Binary.remainder(x, y);
  }

  /** {@code x^n} for an integer {@code n}, by repeated squaring. */
  public static double ipow(double x, int n) {
    return IntegerPow.power(x, n);
  }

  /** {@code (ar + i ai) / (br + i bi)} by Smith's algorithm. */
  public static void div(double ar, double ai, double br, double bi, double[] out) {
    ComplexMath.div(ar, ai, br, bi, out);
  }

  /** {@code z^w}, the principal branch. */
  public static void pow(double ar, double ai, double br, double bi, double[] out) {
    ComplexMath.pow(ar, ai, br, bi, out);
  }

  /** {@code z^n} for an integer {@code n}, by repeated squaring. */
  public static void ipow(double re, double im, int n, double[] out) {
    ComplexMath.ipow(re, im, n, out);
  }

  public static void reciprocal(double re, double im, double[] out) {
    ComplexMath.reciprocal(re, im, out);
  }

  public static void exp(double re, double im, double[] out) {
    ComplexMath.exp(re, im, out);
  }

  public static void log(double re, double im, double[] out) {
    ComplexMath.log(re, im, out);
  }

  public static void log1p(double re, double im, double[] out) {
    ComplexMath.log1p(re, im, out);
  }

  public static void expm1(double re, double im, double[] out) {
    ComplexMath.expm1(re, im, out);
  }

  public static void sqrt(double re, double im, double[] out) {
    ComplexMath.sqrt(re, im, out);
  }

  public static void rsqrt(double re, double im, double[] out) {
    ComplexMath.rsqrt(re, im, out);
  }

  public static void sin(double re, double im, double[] out) {
    ComplexMath.sin(re, im, out);
  }

  public static void cos(double re, double im, double[] out) {
    ComplexMath.cos(re, im, out);
  }

  public static void tan(double re, double im, double[] out) {
    ComplexMath.tan(re, im, out);
  }

  public static void sinh(double re, double im, double[] out) {
    ComplexMath.sinh(re, im, out);
  }

  public static void cosh(double re, double im, double[] out) {
    ComplexMath.cosh(re, im, out);
  }

  public static void tanh(double re, double im, double[] out) {
    ComplexMath.tanh(re, im, out);
  }

  public static void asin(double re, double im, double[] out) {
    ComplexMath.asin(re, im, out);
  }

  public static void acos(double re, double im, double[] out) {
    ComplexMath.acos(re, im, out);
  }

  public static void atan(double re, double im, double[] out) {
    ComplexMath.atan(re, im, out);
  }

  public static void logistic(double re, double im, double[] out) {
    ComplexMath.logistic(re, im, out);
  }

  /** {@code z / |z|}, 0 at 0. */
  public static void sign(double re, double im, double[] out) {
    ComplexMath.sign(re, im, out);
  }

  /**
   * Sorts the rows of {@code x} (laid out {@code outer x n x inner}, rows along the middle axis)
   * into {@code out}, ascending, stable, NaN last: {@code sort}.
   */
  public static void sort(double[] x, double[] out, int outer, int n, int inner) {
    Sort.sortRows(x, out, outer, n, inner, false);
  }

  /** The positions that sort each row of {@code x}, as {@link #sort} orders them: {@code argsort}. */
  public static void argsort(double[] x, double[] out, int outer, int n, int inner) {
    Sort.sortRows(x, out, outer, n, inner, true);
  }

  // ---------------------------------------------------------------- matrix product

  /** {@link #matmul} flag: {@code x} holds each {@code X} transposed ({@code k x m}). */
  public static final int TRANSPOSE_X = Gemm.TRANSPOSE_X;
  /** {@link #matmul} flag: {@code y} holds each {@code Y} transposed ({@code n x k}). */
  public static final int TRANSPOSE_Y = Gemm.TRANSPOSE_Y;

  /**
   * {@code out = X Y} for {@code batch} {@code m x k} by {@code k x n} products: a large {@code
   * f64 dot_general} whose axes group into (batch, m, k) and (batch, k, n) ({@code Gemm}).
   */
  public static void matmul(double[] x, double[] y, double[] out, int batch, int m, int n, int k,
      int flags) {
    Gemm.matmul(x, y, out, batch, m, n, k, flags);
  }

  // ---------------------------------------------------------------- linear algebra

  /** {@link #triangularSolve} flag: solve {@code op(a) x = b} (else {@code x op(a) = b}). */
  public static final int LEFT_SIDE = LinalgKernels.LEFT_SIDE;
  /** Flag: {@code a} is read from its lower triangle (else its upper). */
  public static final int LOWER = LinalgKernels.LOWER;
  /** Flag: {@code op(a)} is transposed ({@link #triangularSolve}, {@link #solve}). */
  public static final int TRANSPOSE_A = LinalgKernels.TRANSPOSE_A;
  /** Flag: {@code op(a)} is conjugated. */
  public static final int CONJUGATE_A = LinalgKernels.CONJUGATE_A;
  /** Flag: the diagonal of {@code a} is taken to be ones. */
  public static final int UNIT_DIAGONAL = LinalgKernels.UNIT_DIAGONAL;

  /** The lower Cholesky factors of the symmetric parts of {@code n x n} matrices (NaN if not definite). */
  public static void cholesky(double[] a, double[] out, int batch, int n) {
    LinalgKernels.cholesky(a, out, batch, n);
  }

  public static void choleskyC128(double[] a, double[] out, int batch, int n) {
    LinalgKernels.choleskyC128(a, out, batch, n);
  }

  /** {@code x} ({@code m x n}) with {@code op(a) x = b} or {@code x op(a) = b}, per the flags. */
  public static void triangularSolve(double[] a, double[] b, double[] out, int batch, int m, int n,
      int flags) {
    LinalgKernels.triangularSolve(a, b, out, batch, m, n, flags);
  }

  public static void triangularSolveC128(double[] a, double[] b, double[] out, int batch, int m,
      int n, int flags) {
    LinalgKernels.triangularSolveC128(a, b, out, batch, m, n, flags);
  }

  /** {@code x} ({@code n x k}) with {@code a x = b} ({@code a^T x = b} with {@link #TRANSPOSE_A}). */
  public static void solve(double[] a, double[] b, double[] out, int batch, int n, int k,
      int flags) {
    LinalgKernels.solve(a, b, out, batch, n, k, flags);
  }

  public static void solveC128(double[] a, double[] b, double[] out, int batch, int n, int k,
      int flags) {
    LinalgKernels.solveC128(a, b, out, batch, n, k, flags);
  }

  public static void inv(double[] a, double[] out, int batch, int n) {
    LinalgKernels.inv(a, out, batch, n);
  }

  public static void invC128(double[] a, double[] out, int batch, int n) {
    LinalgKernels.invC128(a, out, batch, n);
  }

  public static void det(double[] a, double[] out, int batch, int n) {
    LinalgKernels.det(a, out, batch, n);
  }

  public static void detC128(double[] a, double[] out, int batch, int n) {
    LinalgKernels.detC128(a, out, batch, n);
  }

  public static void slogdetSign(double[] a, double[] out, int batch, int n) {
    LinalgKernels.slogdet(a, out, batch, n, true);
  }

  public static void slogdetSignC128(double[] a, double[] out, int batch, int n) {
    LinalgKernels.slogdetC128(a, out, batch, n, true);
  }

  public static void slogdetLogabsdet(double[] a, double[] out, int batch, int n) {
    LinalgKernels.slogdet(a, out, batch, n, false);
  }

  public static void slogdetLogabsdetC128(double[] a, double[] out, int batch, int n) {
    LinalgKernels.slogdetC128(a, out, batch, n, false);
  }

  /** The eigenvalues, ascending, of the symmetric parts of {@code n x n} matrices. */
  public static void eighValues(double[] a, double[] out, int batch, int n) {
    EighKernels.eigh(a, out, null, batch, n);
  }

  public static void eighValuesC128(double[] a, double[] out, int batch, int n) {
    EighKernels.eighC128(a, out, null, batch, n);
  }

  /** The eigenvectors (columns) of the symmetric parts, the largest entry of each positive. */
  public static void eighVectors(double[] a, double[] out, int batch, int n) {
    EighKernels.eigh(a, null, out, batch, n);
  }

  public static void eighVectorsC128(double[] a, double[] out, int batch, int n) {
    EighKernels.eighC128(a, null, out, batch, n);
  }

  /**
   * The binomial-checkpointing schedule of {@code length} steps with {@code snapshots} stored
   * carries, {@code (action, arg)} pairs: the kernel the interpreter walks ({@code
   * kernels.Revolve}).
   */
  public static int[] revolve(int length, int snapshots) {
    return org.cotangent.symbolic.kernels.Revolve.schedule(length, snapshots);
  }
}
