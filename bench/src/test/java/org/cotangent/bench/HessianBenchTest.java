package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * The Hessian benchmark compares equal work: each hand-written dense Hessian (closed forms,
 * derived by hand) equals the compiled one, which also checks the compiled Hessians.
 */
class HessianBenchTest {
  @Test
  void handWrittenAndCompiledHessiansAgree() {
    HessianBench b = new HessianBench();
    b.setup();
    assertArrayEquals(b.tanhHandWritten(), b.tanhCompiled(), 1e-12);
    assertArrayEquals(b.rosenbrockHandWritten(), b.rosenbrockCompiled(), 1e-9);
    assertArrayEquals(b.predictHandWritten(), b.predictCompiled(), 1e-12);
  }
}
