package org.cotangent.symbolic.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * {@link RealMath}'s tanh and logistic against a 40-digit reference (Commons Math's {@code Dfp})
 * and tanh against {@code Math.tanh} (fdlibm, under 1 ulp), reporting the worst error in ulps of
 * the exact result. The points cover every range where the formulas change: subnormals, tiny
 * arguments, both sides of the polynomial's limit (0.35), moderate and large arguments, and the
 * range where the result rounds to +-1 or underflows. {@code -Drealmath.points=1000000} gives the
 * table of bench/RESULTS.md; the default keeps {@code mvn verify} fast.
 */
class RealMathTest {
  private static final int POINTS = Integer.getInteger("realmath.points", 4_000);
  private static final DfpField FIELD = new DfpField(40);

  /** Below 1e-3 the odd Taylor series to x^9 (relative truncation error under 1e-30). */
  private static Dfp exactTanh(double x) {
    if (Math.abs(x) < 1e-3) {
      Dfp d = FIELD.newDfp(x);
      Dfp s = d.multiply(d);
      Dfp p = FIELD.newDfp(62).divide(2835);
      p = p.multiply(s).subtract(FIELD.newDfp(17).divide(315));
      p = p.multiply(s).add(FIELD.newDfp(2).divide(15));
      p = p.multiply(s).subtract(FIELD.newDfp(1).divide(3));
      return d.add(d.multiply(s).multiply(p));
    }
    Dfp e = DfpMath.exp(FIELD.newDfp(x).multiply(2));
    return e.subtract(1).divide(e.add(1));
  }

  private static Dfp exactLogistic(double x) {
    return FIELD.getOne().divide(DfpMath.exp(FIELD.newDfp(-x)).add(1));
  }

  /** |y - exact| in ulps of the exact value rounded to a double. */
  private static double ulps(double y, Dfp exact) {
    double ref = exact.toDouble();
    return Math.abs(FIELD.newDfp(y).subtract(exact).toDouble()) / Math.ulp(ref);
  }

  /** A random argument in one of the ranges that matter, either sign. */
  private static double point(Random rng, int k, double maxLog2, double polyLimit) {
    double m;
    switch (k % 5) {
      case 0: m = Math.scalb(rng.nextDouble(), -1074 + rng.nextInt(60)); break; // subnormal/tiny
      case 1: m = Math.pow(2, -60 + (60 + maxLog2) * rng.nextDouble()); break;  // log-uniform
      case 2: m = polyLimit * (0.9 + 0.2 * rng.nextDouble()); break;            // the switch
      case 3: m = rng.nextDouble(); break;                                      // [0, 1)
      default: m = Math.pow(2, maxLog2) * rng.nextDouble(); break;              // large
    }
    return rng.nextBoolean() ? m : -m;
  }

  private static double[] worst(DoubleUnaryOperator f, java.util.function.DoubleFunction<Dfp> exact,
      double maxLog2, long seed) {
    Random rng = new Random(seed);
    double worst = 0;
    double at = 0;
    for (int k = 0; k < POINTS; k++) {
      double x = point(rng, k, maxLog2, 0.35);
      double e = ulps(f.applyAsDouble(x), exact.apply(x));
      if (e > worst) {
        worst = e;
        at = x;
      }
    }
    return new double[] {worst, at};
  }

  @Test
  void tanhIsWithinTwoUlpsOfTheExactValue() {
    double[] ours = worst(RealMath::tanh, RealMathTest::exactTanh, 5, 1);
    double[] fdlibm = worst(Math::tanh, RealMathTest::exactTanh, 5, 1);
    System.out.printf("RealMath.tanh worst %.3f ulp at %s; Math.tanh %.3f ulp at %s (%d points)%n",
        ours[0], ours[1], fdlibm[0], fdlibm[1], POINTS);
    assertTrue(ours[0] <= 2.0, "tanh error " + ours[0] + " ulp at " + ours[1]);
  }

  @Test
  void tanhIsWithinFourUlpsOfMathTanh() {
    Random rng = new Random(2);
    double worst = 0;
    double at = 0;
    for (int k = 0; k < 50 * POINTS; k++) {
      double x = point(rng, k, 5, 0.35);
      double t = Math.tanh(x);
      double e = Math.abs(RealMath.tanh(x) - t) / Math.ulp(t);
      if (e > worst) {
        worst = e;
        at = x;
      }
    }
    System.out.printf("RealMath.tanh vs Math.tanh: worst %.1f ulp at %s (%d points)%n", worst, at,
        50 * POINTS);
    assertTrue(worst <= 4, "tanh differs from Math.tanh by " + worst + " ulp at " + at);
  }

  @Test
  void logisticIsWithinTwoUlpsOfTheExactValue() {
    double[] ours = worst(RealMath::logistic, RealMathTest::exactLogistic, 9.5, 3);
    System.out.printf("RealMath.logistic worst %.3f ulp at %s (%d points)%n", ours[0], ours[1],
        POINTS);
    assertTrue(ours[0] <= 2.0, "logistic error " + ours[0] + " ulp at " + ours[1]);
  }

  @Test
  void specialValues() {
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(RealMath.tanh(-0.0)));
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(RealMath.tanh(0.0)));
    assertTrue(Double.isNaN(RealMath.tanh(Double.NaN)));
    assertEquals(1.0, RealMath.tanh(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, RealMath.tanh(Double.NEGATIVE_INFINITY));
    assertEquals(-1.0, RealMath.tanh(-22.0));
    assertEquals(1.0, RealMath.tanh(Double.MAX_VALUE));
    assertEquals(Double.MIN_VALUE, RealMath.tanh(Double.MIN_VALUE));
    assertEquals(-Double.MIN_NORMAL, RealMath.tanh(-Double.MIN_NORMAL));
    assertEquals(1e-300, RealMath.tanh(1e-300));
    for (double x = -30; x <= 30; x += 0.125) {
      assertEquals(-RealMath.tanh(x), RealMath.tanh(-x), "tanh is odd at " + x);
    }

    assertTrue(Double.isNaN(RealMath.logistic(Double.NaN)));
    assertEquals(0.5, RealMath.logistic(0.0));
    assertEquals(0.5, RealMath.logistic(-0.0));
    assertEquals(1.0, RealMath.logistic(Double.POSITIVE_INFINITY));
    assertEquals(0.0, RealMath.logistic(Double.NEGATIVE_INFINITY));
    assertEquals(1.0, RealMath.logistic(40));
    assertEquals(0.0, RealMath.logistic(-746));
    assertEquals(Math.exp(-700), RealMath.logistic(-700), Math.ulp(Math.exp(-700)));
    assertEquals(0.5 + 0.25 * 1e-300, RealMath.logistic(1e-300));
  }
}
