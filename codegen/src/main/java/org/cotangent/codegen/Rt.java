package org.cotangent.codegen;

import org.cotangent.symbolic.kernels.ComplexMath;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Sort;
import org.cotangent.symbolic.ops.Unary;

/**
 * The helpers generated code may call besides {@code java.lang.Math}: scalar functions, the
 * functions of one complex number and the sort kernel. Each delegates to the function the
 * reference interpreter uses, so compiled and interpreted results agree to the last bit.
 *
 * <p>A complex function takes the parts of its argument(s) and writes the result's real and
 * imaginary parts into {@code out[0]} and {@code out[1]}: generated code passes one scratch array
 * per method ({@code final double[] pair = new double[2];}) and reads both parts right after the
 * call, so no object is allocated per element (see {@link ComplexMath}).
 */
public final class Rt {
  private Rt() {}

  public static double logistic(double x) {
    return Unary.logistic(x);
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
}
