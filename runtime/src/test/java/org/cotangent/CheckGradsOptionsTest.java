package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.Ops;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.ad.GradientCheckFailure;
import org.junit.jupiter.api.Test;

/**
 * checkGrads honours JAX's atol, rtol and eps (issue 13 item 2): the central difference of exp(10
 * x) at x = 1 has a truncation error of about eps^2 f'''/6, 2e-9 of f' at eps = 1e-5, so it passes
 * the default tolerance (1e-6) and fails rtol = 1e-12; a smaller step passes rtol = 1e-8.
 */
class CheckGradsOptionsTest {
  private static final Fn F = Fn.of(x -> Ops.sum(Ops.exp(x.mul(10.0))));
  private static final List<Object> AT = List.of(new double[] {1.0});

  @Test
  void tolerancesAndStepAct() {
    assertDoesNotThrow(() -> Cotangent.checkGrads(F, AT, 1, "fwd"));
    GradientCheckFailure e = assertThrows(GradientCheckFailure.class,
        () -> Cotangent.checkGrads(F, AT, 1, List.of("fwd"), 0, 1e-12, 1e-5));
    assertTrue(e.getMessage().contains("central differences"), e.getMessage());
    assertDoesNotThrow(() -> Cotangent.checkGrads(F, AT, 1, List.of("fwd"), 0, 1e-8, 1e-7));
    IrException bad = assertThrows(IrException.class,
        () -> Cotangent.checkGrads(F, AT, 1, List.of("fwd"), 0, 1e-6, 0));
    assertTrue(bad.getMessage().contains("eps positive"), bad.getMessage());
  }
}
