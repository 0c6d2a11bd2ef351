package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The suite's benchmarks compare equal work: every hand-written derivative (and Commons Math's
 * DerivativeStructure) equals the compiled one, at the benchmarks' own sizes or small ones, and
 * the scalar gradients also equal central differences of the functions written out in Java.
 */
class SuiteBenchTest {
  private static double[] flat(double[][] outs) {
    double[] f = new double[outs.length];
    for (int i = 0; i < outs.length; i++) {
      f[i] = outs[i][0];
    }
    return f;
  }

  private static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x) {
    double[] g = new double[x.length];
    double h = 1e-6;
    for (int i = 0; i < x.length; i++) {
      double[] p = x.clone();
      double[] m = x.clone();
      p[i] += h;
      m[i] -= h;
      g[i] = (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * h);
    }
    return g;
  }

  @Test
  void scalarGradientsAgree() {
    ScalarBench b = new ScalarBench();
    b.setup();
    double[] g3 = b.f3GradHandWritten().clone();
    assertArrayEquals(g3, flat(b.f3GradCompiled()), 1e-14);
    assertArrayEquals(g3, b.f3GradDerivativeStructure(), 1e-14);
    assertArrayEquals(g3, centralDifferences(p -> Math.sin(p[0] * p[1])
        + Math.exp(p[2]) / (1 + p[0] * p[0]) + p[2] * Math.log(1 + p[1] * p[1]), b.p3), 1e-8);
    assertEquals(Math.sin(b.p3[0] * b.p3[1]) + Math.exp(b.p3[2]) / (1 + b.p3[0] * b.p3[0])
        + b.p3[2] * Math.log(1 + b.p3[1] * b.p3[1]), b.f3Compiled()[0], 1e-14);

    double[] g10 = b.f10GradHandWritten().clone();
    assertArrayEquals(g10, flat(b.f10GradCompiled()), 1e-13);
    assertArrayEquals(g10, b.f10GradDerivativeStructure(), 1e-13);
    ToDoubleFunction<double[]> f10 = x -> {
      double s = 0;
      for (int i = 0; i < ScalarBench.N10; i++) {
        double xj = x[(i + 1) % ScalarBench.N10];
        s += Math.sin(x[i] * xj) + x[i] / (1 + xj * xj);
      }
      return s;
    };
    assertArrayEquals(g10, centralDifferences(f10, b.p10), 1e-8);
    assertEquals(f10.applyAsDouble(b.p10), b.f10Compiled()[0], 1e-13);
  }

  @Test
  void cookbookTanhProductsAgree() {
    CookbookTanhBench b = new CookbookTanhBench();
    b.setup();
    double[] hv = b.hvpHandWritten().clone();
    // The hand-written HVP against central differences of the gradient 2 t (1 - t^2) along V.
    double h = 1e-6;
    for (int i = 0; i < hv.length; i++) {
      double tp = Math.tanh(b.x[i] + h * b.v[i]);
      double tm = Math.tanh(b.x[i] - h * b.v[i]);
      double fd = (2 * tp * (1 - tp * tp) - 2 * tm * (1 - tm * tm)) / (2 * h);
      assertEquals(fd, hv[i], 1e-7);
    }
    double[][] fwdRev = b.hvpFwdRevCompiled();
    assertArrayEquals(hv, fwdRev[1], 1e-12);
    assertArrayEquals(hv, b.hvpRevFwdCompiled().clone(), 1e-12);
    assertArrayEquals(hv, b.hvpRevRevCompiled().clone(), 1e-12);
    assertArrayEquals(hv, b.hessianTimesVCompiled().clone(), 1e-12);
    assertArrayEquals(b.hessianHandWritten().clone(), b.hessianCompiled(), 1e-12);
    double f = 0;
    for (double xi : b.x) {
      f += Math.tanh(xi) * Math.tanh(xi);
    }
    assertEquals(f, b.fCompiled()[0], 1e-11);
  }

  @Test
  void quadraticDerivativesAgree() {
    QuadraticBench b = new QuadraticBench();
    b.n = 7;
    b.setup();
    assertArrayEquals(b.gradHandWritten().clone(), b.gradCompiled(), 1e-12);
    double[] hv = b.hvpHandWritten().clone();
    double[][] out = b.hvpCompiled();
    assertArrayEquals(b.g, out[0], 1e-12);
    assertArrayEquals(hv, out[1], 1e-12);
    assertArrayEquals(b.hessianHandWritten().clone(), b.hessianCompiled(), 1e-12);
  }

  @Test
  void logisticDerivativesAgree() {
    LogisticL2Bench b = new LogisticL2Bench();
    b.shape = "50x6";
    b.setup();
    assertArrayEquals(b.gradHandWritten().clone(), b.gradCompiled(), 1e-12);
    double[] hv = b.hvpHandWritten().clone();
    double[][] out = b.hvpCompiled();
    assertArrayEquals(b.g, out[0], 1e-12);
    assertArrayEquals(hv, out[1], 1e-12);
    assertArrayEquals(b.hessianHandWritten().clone(), b.hessianCompiled(), 1e-12);
    double[] fd = centralDifferences(w -> {
      double s = 0;
      for (int i = 0; i < b.m; i++) {
        double z = 0;
        for (int j = 0; j < b.p; j++) {
          z += b.xRows[i][j] * w[j];
        }
        s += Math.log1p(Math.exp(z)) - b.t[i] * z;
      }
      double ww = 0;
      for (double wj : w) {
        ww += wj * wj;
      }
      return s + LogisticL2Bench.LAMBDA / 2 * ww;
    }, b.w);
    assertArrayEquals(fd, b.g, 1e-6);
  }

  @Test
  void perExampleDerivativesAgree() {
    PerExampleBench b = new PerExampleBench();
    b.setup();
    assertArrayEquals(b.gradientsHandWritten().clone(), b.gradientsCompiled(), 1e-12);
    assertArrayEquals(b.jacobiansHandWritten().clone(), b.jacobiansCompiled(), 1e-12);
  }

  @Test
  void theGeneratorIsSplitMix64() {
    // The first outputs of SplitMix64 seeded with 0 (Vigna's reference implementation):
    // 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4; the peers' suite_data.py maps them the same way.
    SuiteData g = new SuiteData(0);
    assertEquals((0xE220A8397B1DCDAFL >>> 11) * 0x1.0p-53 * 2 - 1, g.next(), 0);
    assertEquals((0x6E789E6AA1B965F4L >>> 11) * 0x1.0p-53 * 2 - 1, g.next(), 0);
  }
}
