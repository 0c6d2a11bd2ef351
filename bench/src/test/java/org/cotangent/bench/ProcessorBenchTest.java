package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cotangent.examples.build.Logistic;
import org.cotangent.examples.build.LogisticDerivatives;
import org.cotangent.examples.build.LogisticRegression;
import org.cotangent.examples.build.LogisticRegressionDerivatives;
import org.junit.jupiter.api.Test;

/**
 * ProcessorBench compares equal work: the hand-written gradients equal the processor's, and the
 * hand-written Euler sensitivities equal central differences of the example's own method.
 */
class ProcessorBenchTest {
  @Test
  void handWrittenAndGeneratedGradientsAgree() {
    ProcessorBench bench = new ProcessorBench();
    bench.shape = "50x7";
    bench.setup();
    LogisticRegressionDerivatives.LossGrad g = bench.logisticGenerated();
    double[] gw = bench.logisticHandWritten().clone();
    assertArrayEquals(gw, g.w, 1e-14);
    assertEquals(bench.handOut[1], g.b, 1e-14);
    assertEquals(bench.handOut[0], g.value, 1e-14);
    assertEquals(LogisticRegression.loss(bench.w, bench.b, bench.x, bench.y), g.value, 1e-14);

    LogisticDerivatives.EulerGrad e = bench.eulerGenerated();
    double[] hand = bench.eulerHandWritten();
    assertEquals(hand[0], e.value, 1e-13);
    assertEquals(hand[1], e.y0, 1e-12);
    assertEquals(hand[2], e.rate, 1e-12);
    double h = 1e-6;
    assertEquals((Logistic.euler(0.1 + h, 1.5, 2.0) - Logistic.euler(0.1 - h, 1.5, 2.0)) / (2 * h),
        hand[1], 1e-7);
    assertEquals((Logistic.euler(0.1, 1.5 + h, 2.0) - Logistic.euler(0.1, 1.5 - h, 2.0)) / (2 * h),
        hand[2], 1e-7);
  }
}
