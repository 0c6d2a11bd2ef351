package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Test;

/**
 * The generated gradient of {@link Smoothing#fit} (a recurrence along the array it writes, a scan
 * over the series) at three lengths from one class: against central differences of the Java
 * method and the runtime path (the same smoothing as a {@link Cotangent#scan} over the
 * observations after the first) to 1e-12.
 */
class SmoothingTest {
  /** The runtime path at length n >= 1: s[0] = x[0], then a scan over x[1..]. */
  static Fn runtime() {
    return Fn.ofN(3, p -> {
      Sym x = p[0];
      Sym a = p[2];
      Sym first = x.get(0);
      Sym rest = x.slice(1, null);
      Sym[] r = Cotangent.scan((prev, xi) -> {
        Sym next = a.mul(prev).add(a.rsub(1).mul(xi));
        return new Sym[] {next, next};
      }, first, rest);
      Sym s0 = first.reshape(1);
      Sym d0 = s0.sub(p[1].slice(0, 1));
      Sym d = r[1].sub(p[1].slice(1, null));
      return Ops.sum(d0.mul(d0)).add(Ops.sum(d.mul(d)));
    });
  }

  @Test
  void threeLengthsFromOneClass() {
    for (int n : new int[] {1, 6, 200}) {
      double[] x = new double[n];
      double[] target = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.sin(0.3 * i) + 0.2 * Math.cos(2.1 * i);
        target[i] = Math.sin(0.3 * i);
      }
      double a = 0.6;
      String at = "n=" + n;
      SmoothingDerivatives.FitGrad g = SmoothingDerivatives.fitGrad(x, target, a);
      assertEquals(Smoothing.fit(x, target, a), g.value, 1e-12, at);
      double e = 1e-6;
      double fdA = (Smoothing.fit(x, target, a + e) - Smoothing.fit(x, target, a - e)) / (2 * e);
      assertEquals(fdA, g.a, 1e-6 * (1 + Math.abs(fdA)), at + " d/da");
      for (int i = 0; i < n; i += Math.max(1, n / 7)) {
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[i] += e;
        xm[i] -= e;
        double fd = (Smoothing.fit(xp, target, a) - Smoothing.fit(xm, target, a)) / (2 * e);
        assertEquals(fd, g.x[i], 1e-6 * (1 + Math.abs(fd)), at + " d/dx[" + i + "]");
      }
      List<Tensor> rt = Cotangent.valueAndGrad(runtime(), 0, 2).call(Tensor.wrap(
          TensorType.f64(n), x.clone()), Tensor.wrap(TensorType.f64(n), target.clone()), a);
      assertEquals(rt.get(0).item(), g.value, 1e-12 * (1 + Math.abs(g.value)), at);
      for (int i = 0; i < n; i++) {
        assertEquals(rt.get(1).unsafeData()[i], g.x[i], 1e-12, at + " runtime d/dx[" + i + "]");
      }
      assertEquals(rt.get(2).item(), g.a, 1e-12 * (1 + Math.abs(g.a)), at + " runtime d/da");
    }
  }
}
