package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.Ops;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ad.GradientCheckFailure;
import org.junit.jupiter.api.Test;

/** {@code jvp(f, primals, tangents)}, {@code linearize} and {@code checkGrads} with modes. */
class JvpLinearizeApiTest {
  static final Fn F = Fn.of((x, y) -> Ops.sum(Ops.sin(x).mul(y)));

  @Test
  void jvpWithPrimalsAndTangentsIsTheDirectionalDerivative() {
    double[] x = {0.3, -1.2};
    double y = 2.0;
    double[] dx = {1.0, 0.5};
    double dy = -1.0;
    Cotangent.JvpOut r = Cotangent.jvp(F, List.of(x, y), List.of(dx, dy));
    double want = 0;
    double value = 0;
    for (int i = 0; i < 2; i++) {
      want += Math.cos(x[i]) * y * dx[i] + Math.sin(x[i]) * dy;
      value += Math.sin(x[i]) * y;
    }
    assertEquals(value, r.outputs().get(0).item(), 1e-15);
    assertEquals(want, r.tangentOutputs().get(0).item(), 1e-15);
    IrException e = assertThrows(IrException.class,
        () -> Cotangent.jvp(F, List.of(x, y), List.of(dx)));
    assertTrue(e.getMessage().startsWith("jvp(f): takes 2 primals and as many tangents"),
        e.getMessage());
  }

  @Test
  void linearizeEvaluatesOnceAndItsJvpIsLinear() {
    double[] x = {0.3, -1.2};
    Cotangent.Linearization lin = Cotangent.linearize(F, x, 2.0);
    assertEquals(Math.sin(0.3) * 2 + Math.sin(-1.2) * 2, lin.out().get(0).item(), 1e-15);
    double[] dx = {1.0, 0.5};
    double a = lin.jvp().callDouble(dx, -1.0);
    double want = Cotangent.jvp(F, List.of(x, 2.0), List.of(dx, -1.0)).tangentOutputs().get(0).item();
    assertEquals(want, a, 1e-15);
    // Linear: twice the tangent, twice the result.
    assertEquals(2 * a, lin.jvp().callDouble(new double[] {2.0, 1.0}, -2.0), 1e-15);
    // The compiled derivative does not depend on new primals: it keeps the residuals of (x, 2).
    assertArrayEquals(new double[] {Math.cos(0.3) * 2},
        new double[] {lin.jvp().callDouble(new double[] {1, 0}, 0.0)}, 1e-15);
  }

  @Test
  void checkGradsHonoursModes() {
    Cotangent.checkGrads(F, List.of(new double[] {0.3, -1.2}, 2.0), 2, "fwd");
    Cotangent.checkGrads(F, List.of(new double[] {0.3, -1.2}, 2.0), 2, "rev");
    IrException e = assertThrows(IrException.class,
        () -> Cotangent.checkGrads(F, List.of(new double[] {0.3}, 2.0), 1, "forward"));
    assertTrue(e.getMessage().startsWith("checkGrads: unknown mode 'forward'"), e.getMessage());
    assertThrows(IrException.class, () -> Cotangent.checkGrads(F, List.of(new double[] {0.3}, 2.0),
        1, new String[0]));
    // A wrong custom rule is caught in forward mode (its JVP disagrees with differences).
    Fn wrong = Cotangent.customJvp(Fn.of(Ops::sin),
        (p, t) -> List.of(Ops.sin(p.get(0)), t.get(0).mul(2.0)));
    assertThrows(GradientCheckFailure.class,
        () -> Cotangent.checkGrads(wrong, List.of(0.3), 1, "fwd"));
    Tensor ok = Cotangent.grad(wrong).call1(0.3);
    assertEquals(2.0, ok.item());
  }
}
