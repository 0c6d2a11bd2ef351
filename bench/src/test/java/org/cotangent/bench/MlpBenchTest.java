package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks compare equal work: the hand-written MLP and logistic gradients, the compiled
 * ones and the loop-nest variants agree; in {@code GemmBench} the kernel and the loop nest give
 * the same product bit for bit, for every shape it measures.
 */
class MlpBenchTest {
  private static void assertClose(double[][] e, double[][] a, String what) {
    assertEquals(e.length, a.length, what);
    for (int j = 0; j < e.length; j++) {
      assertEquals(e[j].length, a[j].length, what + " output " + j);
      for (int i = 0; i < e[j].length; i++) {
        assertEquals(e[j][i], a[j][i], 1e-10 * Math.max(1, Math.abs(e[j][i])),
            what + " output " + j + " element " + i);
      }
    }
  }

  private static double[][] copy(double[][] v) {
    double[][] c = new double[v.length][];
    for (int j = 0; j < v.length; j++) {
      c[j] = v[j].clone();
    }
    return c;
  }

  @Test
  void handWrittenCompiledAndLoopNestGradientsAgree() {
    MlpBench b = new MlpBench();
    b.setup();
    double[][] hand = copy(b.mlpHandWritten());
    assertClose(hand, copy(b.mlpCompiled()), "MLP compiled");
    assertClose(hand, copy(b.mlpLoopNests()), "MLP loop nests");
    double[][] lhand = copy(b.logisticHandWritten());
    assertClose(lhand, copy(b.logisticCompiled()), "logistic compiled");
    assertClose(lhand, copy(b.logisticLoopNests()), "logistic loop nests");
  }

  @Test
  void gemmBenchKernelEqualsLoopNest() throws Exception {
    String[] shapes = GemmBench.class.getField("shape")
        .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
    for (String s : shapes) {
      GemmBench g = new GemmBench();
      g.shape = s;
      g.setup();
      double[] k = g.kernel().clone();
      double[] n = g.loopNest();
      for (int i = 0; i < k.length; i++) {
        assertEquals(Double.doubleToLongBits(n[i]), Double.doubleToLongBits(k[i]), s + " " + i);
      }
    }
  }
}
