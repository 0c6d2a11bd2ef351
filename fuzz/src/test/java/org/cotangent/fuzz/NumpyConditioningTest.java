package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The NumPy oracle's ill-conditioning flag, which the NumPy and top-level-call checks use to tell
 * a mismatch between two correct evaluation orders from a bug: it is raised by a periodic
 * function of a huge argument (fuzz/findings/script-call-cos-of-a-huge-power.ct) and not by the
 * same function of a moderate one.
 */
class NumpyConditioningTest {
  private static final int[] SCALAR = new int[0];

  /** {@code def f(x) = cos(x * k)}. */
  private static Prog cosOfScaled(String k) {
    Ex x = Ex.name("x", SCALAR, 'f');
    Ex prod = Ex.of(Ex.Kind.BIN, "*", SCALAR, 'f', null, x, Ex.num(k, 'f'));
    Ex cos = Ex.of(Ex.Kind.CALL1, "cos", SCALAR, 'f', null, prod);
    return new Prog("f", List.of("x"), List.of(SCALAR), List.of(), List.of(cos));
  }

  @Test
  void aPeriodicFunctionOfAHugeArgumentIsIllConditioned() {
    List<NumpyEval.Arr> out = NumpyEval.run(cosOfScaled("1e54"), List.of(new double[] {0.5}));
    assertEquals(Math.cos(0.5 * 1e54), out.get(0).d[0]);
    assertTrue(NumpyEval.nearDiscontinuity());
  }

  @Test
  void aPeriodicFunctionOfAModerateArgumentIsNot() {
    List<NumpyEval.Arr> out = NumpyEval.run(cosOfScaled("3.0"), List.of(new double[] {0.5}));
    assertEquals(Math.cos(1.5), out.get(0).d[0]);
    assertFalse(NumpyEval.nearDiscontinuity());
  }
}
