package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.vmap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.DType;
import org.junit.jupiter.api.Test;

/**
 * A transformation rebuilt per call, as JAX code writes {@code hvp(f, x, v)}, is a lookup: the
 * same function, which traced once (issue 12 item 2, found by the Java cookbook).
 */
class TransformCacheTest {
  @Test
  void rebuildingATransformationReusesItsTraces() {
    AtomicInteger traces = new AtomicInteger();
    Fn f = Fn.of(x -> {
      traces.incrementAndGet();
      return Ops.sum(Ops.sin(x).mul(x));
    });
    double[] x = {0.5, 1.5};
    double[] v = {1.0, -2.0};
    double[] first = null;
    for (int i = 0; i < 100; i++) {
      // hvp(f, x, v) = jvp(grad(f), (x,), (v,))[1], rebuilt every time.
      Cotangent.JvpOut r = jvp(grad(f), List.of(x), List.of(v));
      double[] hv = r.<double[]>tangentOut();
      if (first == null) {
        first = hv;
      }
      assertArrayEquals(first, hv, 0);
    }
    // f was traced for its gradient once; the JVP of the gradient traces it once more inside.
    assertEquals(1, traces.get(), "traces of f");
    assertSame(grad(f), grad(f));
    assertSame(grad(f, Options.argnums(0)), grad(f, Options.argnums(0)));
    assertNotSame(grad(f), Cotangent.valueAndGrad(f));
    assertSame(vmap(f, Arrays.asList(0), 0), vmap(f, Arrays.asList(0), 0));
    assertNotSame(vmap(f, Arrays.asList(0), 0), vmap(f, Arrays.asList(1), 0));
    for (int i = 0; i < 2; i++) {
      double want = 2 * Math.cos(x[i]) - x[i] * Math.sin(x[i]);
      assertEquals(want * v[i], first[i], 1e-14);
    }
  }

  @Test
  void theArraysTheCookbookNeeded() {
    assertEquals(DType.BOOL, Sym.array(true, false).dtype());
    assertArrayEquals(new double[] {1, 0, 0, 1}, Ops.eye(2).toDoubles(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, Ops.ones(3).toDoubles(), 0);
    assertArrayEquals(new double[] {0, 0}, Ops.zeros(1, 2).toDoubles(), 0);
    assertArrayEquals(new double[] {1, 2, 3, 4},
        Ops.vstack(Sym.array(1, 2), Sym.array(3, 4)).toDoubles(), 0);
    assertEquals(DType.C128, Sym.complex(1, 2).dtype());
  }
}
