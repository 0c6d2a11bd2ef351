package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.junit.jupiter.api.Test;

/**
 * {@code Fn.callInto} writes what {@code Fn.call} returns into the caller's arrays, checks their
 * lengths, and a {@code double[]} argument (read in place, not copied) is left as it was.
 */
class CallIntoTest {
  private static final Fn F = Fn.of((Sym x) -> Ops.sum(Ops.sin(x).mul(x)));

  @Test
  void callIntoWritesWhatCallReturns() {
    double[] x = {0.5, -1.25, 2.0};
    double[] before = x.clone();
    Fn g = Cotangent.grad(F);
    double[] expected = g.call1(x).toDoubleArray();
    double[][] out = {{Double.NaN, Double.NaN, Double.NaN}};
    g.callInto(out, x);
    assertArrayEquals(expected, out[0]);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.sin(x[i]) + x[i] * Math.cos(x[i]), out[0][i], 1e-15);
    }
    assertArrayEquals(before, x, "the argument array is not written");
    // Another signature after the first: the last-signature shortcut must not be reused.
    double[][] out2 = {new double[2]};
    g.callInto(out2, new double[] {0.1, 0.2});
    assertEquals(Math.sin(0.2) + 0.2 * Math.cos(0.2), out2[0][1], 1e-15);
    assertEquals(3, g.call1(x).size());
  }

  @Test
  void callIntoChecksTheOutputArrays() {
    Fn g = Cotangent.grad(F);
    IrException e = assertThrows(IrException.class,
        () -> g.callInto(new double[][] {new double[2]}, new double[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("needs an array of 3 doubles, got 2"), e.getMessage());
    IrException e2 = assertThrows(IrException.class,
        () -> g.callInto(new double[0][], new double[] {1, 2, 3}));
    assertTrue(e2.getMessage().contains("1 output"), e2.getMessage());
  }

  @Test
  void pullbacksCallIntoToo() {
    Pullback p = Cotangent.vjp(F, new double[] {0.5, 1.5});
    double[][] out = {new double[2]};
    p.callInto(out, 2.0);
    assertArrayEquals(p.call(2.0).get(0).toDoubleArray(), out[0]);
  }
}
