package org.cotangent.symbolic.kernels;

/**
 * Elementary functions of one complex number {@code (re, im)}, writing the result's real and
 * imaginary parts into {@code out[0]} and {@code out[1]}: the reference semantics of the complex
 * rows of the elementwise primitives, and what generated code calls (through {@code
 * org.cotangent.codegen.Rt}), so compiled and interpreted values agree. Principal branches and
 * branch cuts are NumPy's (and C99's): {@code log} and {@code sqrt} are continuous from above on
 * the negative real axis, and the sign of a zero imaginary part picks the side.
 *
 * <p>No function allocates: intermediate results pass through {@code out} (which is written only
 * after the arguments were read), so generated code can call them once per element with one
 * scratch array per method.
 */
public final class ComplexMath {
  private ComplexMath() {}

  public static void mul(double ar, double ai, double br, double bi, double[] out) {
    out[0] = ar * br - ai * bi;
    out[1] = ar * bi + ai * br;
  }

  /** Smith's algorithm: no overflow of {@code |b|^2} when b is large. */
  public static void div(double ar, double ai, double br, double bi, double[] out) {
    if (Math.abs(br) >= Math.abs(bi)) {
      if (br == 0 && bi == 0) {
        out[0] = ar / 0.0;
        out[1] = ai / 0.0;
        return;
      }
      double r = bi / br;
      double d = br + bi * r;
      out[0] = (ar + ai * r) / d;
      out[1] = (ai - ar * r) / d;
    } else {
      double r = br / bi;
      double d = br * r + bi;
      out[0] = (ar * r + ai) / d;
      out[1] = (ai * r - ar) / d;
    }
  }

  public static void reciprocal(double re, double im, double[] out) {
    div(1, 0, re, im, out);
  }

  public static void square(double re, double im, double[] out) {
    out[0] = re * re - im * im;
    out[1] = 2 * re * im;
  }

  public static void exp(double re, double im, double[] out) {
    double m = Math.exp(re);
    out[0] = im == 0 ? m : m * Math.cos(im);
    out[1] = im == 0 ? im : m * Math.sin(im);
  }

  /** The principal logarithm: {@code log|z| + i arg(z)}, arg in (-pi, pi]. */
  public static void log(double re, double im, double[] out) {
    out[0] = Math.log(Math.hypot(re, im));
    out[1] = Math.atan2(im, re);
  }

  /** {@code log(1 + z)}, accurate near 0 (log1p of the modulus through its square). */
  public static void log1p(double re, double im, double[] out) {
    double x = re + 1;
    // log|1 + z| = 0.5 log1p(2 re + re^2 + im^2), exact near z = 0.
    out[0] = 0.5 * Math.log1p(re * (2 + re) + im * im);
    out[1] = Math.atan2(im, x);
  }

  /** {@code exp(z) - 1}, accurate near 0: {@code expm1(re) cos(im) - 2 sin^2(im/2)}. */
  public static void expm1(double re, double im, double[] out) {
    double em1 = Math.expm1(re);
    double s = Math.sin(im / 2);
    out[0] = em1 * Math.cos(im) - 2 * s * s;
    out[1] = (em1 + 1) * Math.sin(im);
  }

  /** The principal square root (non-negative real part), stably. */
  public static void sqrt(double re, double im, double[] out) {
    if (re == 0 && im == 0) {
      out[0] = 0;
      out[1] = im;
      return;
    }
    double t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
    if (re >= 0) {
      out[0] = t;
      out[1] = im / (2 * t);
    } else {
      out[0] = Math.abs(im) / (2 * t);
      out[1] = Math.copySign(t, im);
    }
  }

  public static void rsqrt(double re, double im, double[] out) {
    sqrt(re, im, out);
    div(1, 0, out[0], out[1], out);
  }

  public static void sin(double re, double im, double[] out) {
    out[0] = Math.sin(re) * Math.cosh(im);
    out[1] = Math.cos(re) * Math.sinh(im);
  }

  public static void cos(double re, double im, double[] out) {
    out[0] = Math.cos(re) * Math.cosh(im);
    out[1] = -Math.sin(re) * Math.sinh(im);
  }

  public static void sinh(double re, double im, double[] out) {
    out[0] = Math.sinh(re) * Math.cos(im);
    out[1] = Math.cosh(re) * Math.sin(im);
  }

  public static void cosh(double re, double im, double[] out) {
    out[0] = Math.cosh(re) * Math.cos(im);
    out[1] = Math.sinh(re) * Math.sin(im);
  }

  /**
   * {@code tanh(a + ib) = (sinh 2a + i sin 2b) / (cosh 2a + cos 2b)}; for |a| > 20, where the
   * terms overflow, {@code sign(a) + i 4 sin b cos b e^{-2|a|}} (exact to rounding there).
   */
  public static void tanh(double re, double im, double[] out) {
    if (Math.abs(re) > 20) {
      out[0] = Math.copySign(1.0, re);
      out[1] = 4 * Math.sin(im) * Math.cos(im) * Math.exp(-2 * Math.abs(re));
      return;
    }
    double d = Math.cosh(2 * re) + Math.cos(2 * im);
    out[0] = Math.sinh(2 * re) / d;
    out[1] = Math.sin(2 * im) / d;
  }

  /** {@code tan(z) = -i tanh(iz)}. */
  public static void tan(double re, double im, double[] out) {
    tanh(-im, re, out);
    double r = out[0];
    out[0] = out[1];
    out[1] = -r;
  }

  /** {@code asin(z) = -i log(iz + sqrt(1 - z^2))}. */
  public static void asin(double re, double im, double[] out) {
    square(re, im, out);
    sqrt(1 - out[0], -out[1], out);
    log(out[0] - im, out[1] + re, out);
    double r = out[0];
    out[0] = out[1];
    out[1] = -r;
  }

  /** {@code acos(z) = pi/2 - asin(z)}. */
  public static void acos(double re, double im, double[] out) {
    asin(re, im, out);
    out[0] = Math.PI / 2 - out[0];
    out[1] = -out[1];
  }

  /** {@code atan(z) = (i/2) log((i + z) / (i - z))}. */
  public static void atan(double re, double im, double[] out) {
    div(re, 1 + im, -re, 1 - im, out);
    log(out[0], out[1], out);
    double r = out[0];
    out[0] = -out[1] / 2;
    out[1] = r / 2;
  }

  /** {@code 1 / (1 + exp(-z))}. */
  public static void logistic(double re, double im, double[] out) {
    exp(-re, -im, out);
    div(1, 0, 1 + out[0], out[1], out);
  }

  /** {@code z / |z|}, and 0 at 0 (NumPy 2 and JAX). */
  public static void sign(double re, double im, double[] out) {
    double m = Math.hypot(re, im);
    out[0] = m == 0 ? 0 : re / m;
    out[1] = m == 0 ? 0 : im / m;
  }

  public static void abs(double re, double im, double[] out) {
    out[0] = Math.hypot(re, im);
    out[1] = 0;
  }

  /**
   * {@code z^w = exp(w log z)}; {@code 0^w} is 0 for {@code Re w > 0} and 1 for {@code w = 0},
   * as in NumPy.
   */
  public static void pow(double ar, double ai, double br, double bi, double[] out) {
    if (br == 0 && bi == 0) {
      out[0] = 1;
      out[1] = 0;
      return;
    }
    if (ar == 0 && ai == 0) {
      out[0] = br > 0 ? 0 : Double.NaN;
      out[1] = br > 0 ? 0 : Double.NaN;
      return;
    }
    log(ar, ai, out);
    mul(br, bi, out[0], out[1], out);
    exp(out[0], out[1], out);
  }

  /** {@code z^n} for an integer {@code n}, by repeated squaring (as the real integer_pow). */
  public static void ipow(double re, double im, int n, double[] out) {
    if (n < 0) {
      ipow(re, im, -n, out);
      div(1, 0, out[0], out[1], out);
      return;
    }
    double rr = 1;
    double ri = 0;
    double br = re;
    double bi = im;
    boolean first = true;
    int e = n;
    while (e > 0) {
      if ((e & 1) != 0) {
        if (first) {
          rr = br;
          ri = bi;
          first = false;
        } else {
          mul(rr, ri, br, bi, out);
          rr = out[0];
          ri = out[1];
        }
      }
      e >>= 1;
      if (e > 0) {
        mul(br, bi, br, bi, out);
        br = out[0];
        bi = out[1];
      }
    }
    out[0] = rr;
    out[1] = ri;
  }
}
