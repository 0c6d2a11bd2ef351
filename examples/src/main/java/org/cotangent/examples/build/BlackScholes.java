package org.cotangent.examples.build;

import org.cotangent.Differentiable;

/**
 * The Black-Scholes price of a European call, whose gradient is the Greeks: delta (d/ds), vega
 * (d/dsigma), rho (d/dr), minus theta (d/dt, t the time to maturity), and the dual delta (d/dk).
 * {@code BlackScholesDerivatives.callGrad} is generated from this source at build time.
 */
public final class BlackScholes {
  private BlackScholes() {}

  /**
   * The call price for spot {@code s}, strike {@code k}, time to maturity {@code t} (years),
   * continuously compounded rate {@code r} and volatility {@code sigma}.
   */
  @Differentiable
  public static double call(double s, double k, double t, double r, double sigma) {
    final double sqrtT = Math.sqrt(t);
    final double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    final double d2 = d1 - sigma * sqrtT;
    return s * cdf(d1) - k * Math.exp(-r * t) * cdf(d2);
  }

  /**
   * The standard normal distribution function, by Hart's double-precision rational approximation
   * (as given by G. West, "Better approximations to cumulative normal functions", 2005).
   */
  @Differentiable
  public static double cdf(double x) {
    final double a = Math.abs(x);
    final double e = Math.exp(-a * a / 2);
    double tail;
    if (a < 7.07106781186547) {
      double num = 3.52624965998911e-02 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      double den = 8.83883476483184e-02 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = e * num / den;
    } else {
      double c = a + 0.65;
      c = a + 4 / c;
      c = a + 3 / c;
      c = a + 2 / c;
      c = a + 1 / c;
      tail = e / c / 2.506628274631;
    }
    return x > 0 ? 1 - tail : tail;
  }
}
