package org.cotangent.symbolic.kernels;

/**
 * Real functions that {@code java.lang.Math} has but computes slowly: on JDK 17 {@code Math.tanh}
 * is a native fdlibm call with no intrinsic, several times the cost of the intrinsic
 * {@code Math.exp}. The reference interpreter and generated code (through {@code Rt}) call these,
 * so both give the same bits.
 *
 * <p>Accuracy (worst error over 10^6 points and the special values, measured by {@code
 * RealMathTest} against a 80-digit reference): see docs/DESIGN.md, "Numerics", and
 * bench/RESULTS.md. Every special value is IEEE's: NaN gives NaN, infinities give +-1 (tanh) or 0
 * and 1 (logistic), -0.0 gives -0.0 (tanh) and 0.5 (logistic), subnormals give themselves (tanh).
 */
public final class RealMath {
  private RealMath() {}

  /** Below this |x|, tanh is a polynomial; above it, {@code exp(2|x|)} loses no more than 2 ulps. */
  private static final double TANH_POLY_LIMIT = 0.35;

  /** Above this |x|, tanh(x) rounds to +-1. */
  private static final double TANH_ONE = 22;

  /**
   * {@code (tanh(x) - x) / x^3} as a polynomial in {@code s = x^2} on [0, 0.35^2]: a degree-7
   * Chebyshev interpolant, computed at 80 digits and rounded to doubles (the leading term is
   * -1/3, the Taylor series' own).
   */
  private static final double T0 = -0.33333333333333304;
  private static final double T1 = 0.13333333333301503;
  private static final double T2 = -0.05396825391358124;
  private static final double T3 = 0.021869484951957927;
  private static final double T4 = -0.008863119842786685;
  private static final double T5 = 0.0035900917605044885;
  private static final double T6 = -0.0014358164861327778;
  private static final double T7 = 4.8549939897704625E-4;

  /**
   * The hyperbolic tangent: {@code x + x^3 p(x^2)} for {@code |x| < 0.35}, {@code 1 - 2 / (exp(2|x|) + 1)}
   * up to 22, and +-1 beyond, with the sign of x (so -0.0 and NaN come back as they went in).
   */
  public static double tanh(double x) {
    double a = Math.abs(x);
    double z;
    if (a < TANH_POLY_LIMIT) {
      double s = a * a;
      double p = T7;
      p = p * s + T6;
      p = p * s + T5;
      p = p * s + T4;
      p = p * s + T3;
      p = p * s + T2;
      p = p * s + T1;
      p = p * s + T0;
      z = a + a * s * p;
    } else if (a < TANH_ONE) {
      z = 1 - 2 / (Math.exp(2 * a) + 1);
    } else if (a >= TANH_ONE) {
      z = 1;
    } else {
      return x; // NaN
    }
    return Math.copySign(z, x);
  }

  /**
   * The logistic sigmoid {@code 1 / (1 + exp(-x))}, with one exponential of {@code -|x|} (never
   * overflowing): {@code 1 / (1 + e)} for x >= 0 and {@code e / (1 + e)} otherwise (NaN too).
   */
  public static double logistic(double x) {
    double e = Math.exp(-Math.abs(x));
    double d = 1 + e;
    return x >= 0 ? 1 / d : e / d;
  }

  /**
   * Truncation toward zero, the conversion to i64 (whose values are doubles): NaN, infinities,
   * values beyond the range of {@code long} and the sign of zero are kept (a cast to {@code long}
   * would give 0, saturate and lose {@code -0.0}).
   */
  public static double truncate(double x) {
    return x < 0 ? Math.ceil(x) : Math.floor(x);
  }
}
