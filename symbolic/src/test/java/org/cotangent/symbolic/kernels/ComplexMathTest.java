package org.cotangent.symbolic.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;

/**
 * The complex reference functions against Apache Commons Math's {@code Complex} at random points
 * and on the branch cuts (where the sign of a zero imaginary part picks the side, as in C99 and
 * NumPy).
 */
class ComplexMathTest {
  interface Fn {
    void apply(double re, double im, double[] out);
  }

  private static void check(String name, Fn ours, UnaryOperator<Complex> theirs, double re,
      double im, double tol) {
    double[] out = new double[2];
    ours.apply(re, im, out);
    Complex c = theirs.apply(new Complex(re, im));
    double scale = Math.max(1, c.abs());
    assertEquals(c.getReal(), out[0], tol * scale, name + "(" + re + ", " + im + ") real part");
    assertEquals(c.getImaginary(), out[1], tol * scale, name + "(" + re + ", " + im + ") imaginary part");
  }

  private static List<double[]> points() {
    Random rng = new Random(1);
    List<double[]> ps = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      double r = Math.exp(4 * rng.nextDouble() - 2);
      double t = 2 * Math.PI * rng.nextDouble();
      ps.add(new double[] {r * Math.cos(t), r * Math.sin(t)});
    }
    return ps;
  }

  @Test
  void elementaryFunctionsAgreeWithCommonsMath() {
    for (double[] p : points()) {
      double a = p[0];
      double b = p[1];
      check("exp", ComplexMath::exp, Complex::exp, a, b, 1e-14);
      check("log", ComplexMath::log, Complex::log, a, b, 1e-14);
      check("sqrt", ComplexMath::sqrt, Complex::sqrt, a, b, 1e-14);
      check("sin", ComplexMath::sin, Complex::sin, a, b, 1e-14);
      check("cos", ComplexMath::cos, Complex::cos, a, b, 1e-14);
      check("sinh", ComplexMath::sinh, Complex::sinh, a, b, 1e-14);
      check("cosh", ComplexMath::cosh, Complex::cosh, a, b, 1e-14);
      check("tanh", ComplexMath::tanh, Complex::tanh, a, b, 1e-13);
      check("tan", ComplexMath::tan, Complex::tan, a, b, 1e-13);
      check("asin", ComplexMath::asin, Complex::asin, a, b, 1e-12);
      check("acos", ComplexMath::acos, Complex::acos, a, b, 1e-12);
      check("atan", ComplexMath::atan, Complex::atan, a, b, 1e-12);
      check("reciprocal", ComplexMath::reciprocal, Complex::reciprocal, a, b, 1e-14);
      check("square", ComplexMath::square, z -> z.multiply(z), a, b, 1e-14);
      check("rsqrt", ComplexMath::rsqrt, z -> z.sqrt().reciprocal(), a, b, 1e-14);
      check("log1p", ComplexMath::log1p, z -> z.add(1).log(), a, b, 1e-13);
      check("expm1", ComplexMath::expm1, z -> z.exp().subtract(1), a, b, 1e-13);
      check("logistic", ComplexMath::logistic, z -> z.negate().exp().add(1).reciprocal(), a, b,
          1e-12);
      for (double[] q : points().subList(0, 20)) {
        Complex w = new Complex(q[0], q[1]);
        check("mul", (re, im, out) -> ComplexMath.mul(re, im, q[0], q[1], out), z -> z.multiply(w), a, b, 1e-14);
        check("div", (re, im, out) -> ComplexMath.div(re, im, q[0], q[1], out), z -> z.divide(w), a, b, 1e-14);
        check("pow", (re, im, out) -> ComplexMath.pow(re, im, q[0], q[1], out), z -> z.pow(w), a, b, 1e-12);
      }
    }
  }

  /** On the negative real axis log, sqrt and pow jump; +0 and -0 imaginary parts pick the side. */
  @Test
  void branchCutsFollowTheSignOfZero() {
    double[] out = new double[2];
    ComplexMath.log(-1, 0.0, out);
    assertEquals(Math.PI, out[1]);
    ComplexMath.log(-1, -0.0, out);
    assertEquals(-Math.PI, out[1]);
    ComplexMath.sqrt(-4, 0.0, out);
    assertEquals(0, out[0]);
    assertEquals(2, out[1]);
    ComplexMath.sqrt(-4, -0.0, out);
    assertEquals(-2, out[1]);
    // (-8)^(1/3) is the principal cube root 1 + i sqrt(3).
    ComplexMath.pow(-8, 0.0, 1.0 / 3, 0, out);
    assertEquals(1, out[0], 1e-14);
    assertEquals(Math.sqrt(3), out[1], 1e-14);
    for (double[] p : new double[][] {{-2, 0.0}, {-2, -0.0}, {-0.5, 0.0}, {-0.5, -0.0}}) {
      check("log", ComplexMath::log, Complex::log, p[0], p[1], 1e-15);
      check("sqrt", ComplexMath::sqrt, Complex::sqrt, p[0], p[1], 1e-15);
    }
    // tanh does not overflow where its formula's terms would.
    ComplexMath.tanh(400, 1, out);
    assertEquals(1, out[0]);
    assertEquals(0, out[1]);
    ComplexMath.expm1(1e-10, 1e-10, out);
    assertEquals(1e-10, out[0], 1e-24);
  }
}
