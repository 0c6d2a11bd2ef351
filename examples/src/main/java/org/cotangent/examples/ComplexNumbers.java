package org.cotangent.examples;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.examples.ArrayHelpers.allclose;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.cotangent.Fn;
import org.cotangent.Options;
import org.cotangent.Pullback;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.interop.CommonsMath;

/**
 * "Complex numbers and differentiation", with Commons Math's {@link Complex} for complex values.
 *
 * <p>A C -> C function f(z) = u(x, y) + v(x, y) i, with z = x + y i, is the R^2 -> R^2 function
 * g(x, y) = (u(x, y), v(x, y)). Its JVP pushes z_dot = c_dot + d_dot i forward as g's JVP pushes
 * (c_dot, d_dot); its VJP pulls z_bar = c_bar + d_bar i back as g's VJP pulls (c_bar, -d_bar),
 * and the result comes back conjugated. The checks below do this for random linear u and v.
 */
final class ComplexNumbers {
  private ComplexNumbers() {}

  static void run(CookbookPrinter out) {
    out.print("== Complex numbers and differentiation ==");
    out.print();
    out.print("-- JVP of a C -> C function, checked against the real Jacobian --");
    out.print(checkJvp(0));
    out.print(checkJvp(1));
    out.print(checkJvp(2));
    out.print("-- VJP of a C -> C function, checked against the real Jacobian --");
    out.print(checkVjp(0));
    out.print(checkVjp(1));
    out.print(checkVjp(2));
    out.print();
    realValuedFunctions(out);
    holomorphicFunctions(out);
    cholesky(out);
  }

  /** The script's {@code uniform(seed, (n,))}: uniform numbers in [0, 1) from a seeded generator. */
  static double[] uniform(long seed, int n) {
    Random r = new Random(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble();
    }
    return d;
  }

  private static Sym complexValue(Complex z) {
    return Sym.constant(CommonsMath.tensor(z));
  }

  /** Random linear u and v, and f(z) = u(x, y) + v(x, y) i. */
  private record LinearParts(Fn u, Fn v, Fn fun) {
    static LinearParts random(long seed) {
      // random coeffs for u and v
      double[] abcd = uniform(seed, 4);
      Fn u = Fn.of((x, y) -> x.mul(abcd[0]).add(y.mul(abcd[1])));
      Fn v = Fn.of((x, y) -> x.mul(abcd[2]).add(y.mul(abcd[3])));
      Fn fun = Fn.of(z -> {
        Sym x = Ops.real(z);
        Sym y = Ops.imag(z);
        return Ops.complex(u.apply(x, y), v.apply(x, y));
      });
      return new LinearParts(u, v, fun);
    }

    /** d{u,v}/d{x,y} at (x, y), as {du/dx, du/dy, dv/dx, dv/dy}. */
    double[] realJacobian(double x, double y) {
      double ux = grad(u, 0).apply(x, y);
      double uy = grad(u, 1).apply(x, y);
      double vx = grad(v, 0).apply(x, y);
      double vy = grad(v, 1).apply(x, y);
      return new double[] {ux, uy, vx, vy};
    }
  }

  static boolean checkJvp(long seed) {
    LinearParts parts = LinearParts.random(seed);
    // primal point
    double[] xy = uniform(seed + 100, 2);
    Complex z = new Complex(xy[0], xy[1]);
    // tangent vector
    double[] dots = uniform(seed + 200, 2);
    double cDot = dots[0];
    double dDot = dots[1];
    Complex zDot = new Complex(cDot, dDot);

    // check jvp
    Sym ans = jvp(parts.fun(), List.of(z), List.of(zDot)).tangentOut();
    double[] j = parts.realJacobian(xy[0], xy[1]);
    Complex expected = new Complex(j[0] * cDot + j[1] * dDot, j[2] * cDot + j[3] * dDot);
    return allclose(ans, complexValue(expected));
  }

  static boolean checkVjp(long seed) {
    LinearParts parts = LinearParts.random(seed);
    // primal point
    double[] xy = uniform(seed + 100, 2);
    Complex z = new Complex(xy[0], xy[1]);
    // cotangent vector
    double[] bars = uniform(seed + 300, 2);
    double cBar = bars[0];
    double dBar = bars[1];
    Complex zBar = new Complex(cBar, dBar);

    // check vjp: the cotangent of a Complex primal is a Complex
    Pullback funVjp = vjp(parts.fun(), z);
    List<Complex> cotangents = funVjp.apply(zBar);
    Complex ans = cotangents.get(0);
    double[] j = parts.realJacobian(xy[0], xy[1]);
    // (c_bar, -d_bar) pulled back through the real Jacobian, conjugated.
    Complex expected = new Complex(j[0] * cBar + j[2] * (-dBar), -(j[1] * cBar + j[3] * (-dBar)));
    return allclose(complexValue(ans), complexValue(expected), 1e-5, 1e-5);
  }

  private static void realValuedFunctions(CookbookPrinter out) {
    out.print("-- Gradients of real-valued functions of complex numbers --");
    // grad(f)(z) for a real-valued f is df/dx - i df/dy, the conjugate of the
    // direction of steepest ascent read as a complex number.
    Fn f = Fn.of(z -> {
      Sym x = Ops.real(z);
      Sym y = Ops.imag(z);
      return x.pow(2).add(y.pow(2));
    });
    Complex z = new Complex(3, 4);
    Complex g = grad(f).apply(z);
    out.print("grad(f)(3+4j) =", g);
  }

  private static void holomorphicFunctions(CookbookPrinter out) {
    out.print("-- Holomorphic functions --");
    Complex z = new Complex(3, 4);
    Complex dsin = grad(Fn.of(Ops::sin), Options.holomorphic()).apply(z);
    out.print("grad(sin, holomorphic=True)(3+4j) =", dsin);
    out.print("cos(3+4j)                          =", z.cos());
    // conj is not holomorphic: the result is the transpose of its linearization (Cotangent
    // logs a warning).
    Complex dconj = grad(Fn.of(Ops::conj), Options.holomorphic()).apply(z);
    out.print("grad(conj, holomorphic=True)(3+4j) =", dconj);
    out.print();
  }

  private static void cholesky(CookbookPrinter out) {
    out.print("-- Differentiating through a complex Cholesky factorization --");
    Complex[][] rows = {
        {new Complex(5, 0), new Complex(2, 3), new Complex(0, 5)},
        {new Complex(2, -3), new Complex(7, 0), new Complex(1, 7)},
        {new Complex(0, -5), new Complex(1, -7), new Complex(12, 0)}};
    Sym a = Sym.constant(CommonsMath.tensor(new Array2DRowFieldMatrix<>(rows)));

    Fn f = Fn.of(x -> {
      Sym l = Ops.cholesky(x);
      return Ops.sum(l.sub(Ops.sin(l)).pow(2));
    });
    Sym g = grad(f, Options.holomorphic()).apply(a);
    out.print(g);
    out.print();
  }
}
