package org.cotangent.codegen;

import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Sort;
import org.cotangent.symbolic.ops.Unary;

/**
 * The helpers generated code may call besides {@code java.lang.Math}: scalar functions and the
 * sort kernel. Each delegates to the function the reference interpreter uses, so compiled and
 * interpreted results agree.
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
