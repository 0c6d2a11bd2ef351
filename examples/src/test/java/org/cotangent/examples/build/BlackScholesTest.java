package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The generated Greeks of {@link BlackScholes#call} against the closed forms (with Commons Math's
 * normal distribution) and against central differences of the price.
 */
class BlackScholesTest {
  static final NormalDistribution N = new NormalDistribution();
  static final double[][] MARKETS = {
    // s, k, t, r, sigma
    {100, 100, 1, 0.05, 0.2}, {90, 110, 0.25, 0.01, 0.35}, {120, 80, 2.5, 0.03, 0.15},
    {50, 55, 0.05, -0.005, 0.6},
  };

  @Test
  void theNormalDistributionFunctionIsAccurate() {
    for (double x = -9; x <= 9; x += 0.137) {
      assertEquals(N.cumulativeProbability(x), BlackScholes.cdf(x), 1e-14, "at " + x);
      BlackScholesDerivatives.CdfGrad g = BlackScholesDerivatives.cdfGrad(x);
      assertEquals(N.density(x), g.x, 1e-13, "density at " + x);
    }
  }

  @Test
  void theGradientIsTheGreeks() {
    BlackScholesDerivatives.CallGrad g = new BlackScholesDerivatives.CallGrad();
    for (double[] m : MARKETS) {
      double s = m[0];
      double k = m[1];
      double t = m[2];
      double r = m[3];
      double sigma = m[4];
      BlackScholesDerivatives.callGrad(s, k, t, r, sigma, g);
      double d1 = (Math.log(s / k) + (r + sigma * sigma / 2) * t) / (sigma * Math.sqrt(t));
      double d2 = d1 - sigma * Math.sqrt(t);
      double disc = Math.exp(-r * t);
      double price = s * N.cumulativeProbability(d1) - k * disc * N.cumulativeProbability(d2);
      double delta = N.cumulativeProbability(d1);
      double vega = s * N.density(d1) * Math.sqrt(t);
      double rho = k * t * disc * N.cumulativeProbability(d2);
      double dualDelta = -disc * N.cumulativeProbability(d2);
      // d/dt of the price (t is the time to maturity); theta = -d/dt.
      double dPriceDt = s * N.density(d1) * sigma / (2 * Math.sqrt(t))
          + r * k * disc * N.cumulativeProbability(d2);
      String at = java.util.Arrays.toString(m);
      assertEquals(price, g.value, 1e-10 * s, "price " + at);
      assertEquals(delta, g.s, 1e-12, "delta " + at);
      assertEquals(vega, g.sigma, 1e-10 * s, "vega " + at);
      assertEquals(rho, g.r, 1e-10 * s, "rho " + at);
      assertEquals(dualDelta, g.k, 1e-12, "dual delta " + at);
      assertEquals(dPriceDt, g.t, 1e-10 * s, "minus theta " + at);
      // And against central differences of the method itself.
      double[] grad = {g.s, g.k, g.t, g.r, g.sigma};
      for (int i = 0; i < 5; i++) {
        double h = 1e-6 * Math.max(1, Math.abs(m[i]));
        double[] a = m.clone();
        double[] b = m.clone();
        a[i] += h;
        b[i] -= h;
        double fd = (BlackScholes.call(a[0], a[1], a[2], a[3], a[4])
            - BlackScholes.call(b[0], b[1], b[2], b[3], b[4])) / (2 * h);
        assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "d/d" + i + " " + at);
      }
    }
  }

  @Test
  void theAllocatingFormAndTheVjpAgree() {
    double[] m = MARKETS[1];
    BlackScholesDerivatives.CallGrad g = BlackScholesDerivatives.callGrad(m[0], m[1], m[2], m[3],
        m[4]);
    BlackScholesDerivatives.CallGrad v = BlackScholesDerivatives.callVjp(m[0], m[1], m[2], m[3],
        m[4], 100.0);
    assertEquals(BlackScholes.call(m[0], m[1], m[2], m[3], m[4]), g.value, 1e-12 * m[0]);
    assertEquals(g.value, v.value, 0.0);
    assertEquals(100 * g.s, v.s, 1e-10);
    assertEquals(100 * g.sigma, v.sigma, 1e-8);
  }
}
