package org.cotangent.codegen;

import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Unary;

/**
 * The scalar helpers generated code may call besides {@code java.lang.Math}. Each delegates to the
 * function the reference interpreter uses, so compiled and interpreted results agree.
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
}
