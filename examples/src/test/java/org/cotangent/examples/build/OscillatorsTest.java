package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Test;

/**
 * The generated gradient of {@link Oscillators#miss} (a recurrence whose state is two {@code
 * double[]}: a scan with carries {@code f64[n]}) at three system sizes and step counts, all from
 * the one generated class: against central differences of the Java method, and against the
 * runtime path (the same integration traced as a {@link Sym} lambda, {@link Cotangent#forLoop}
 * at that count and size) to 1e-12.
 */
class OscillatorsTest {
  static final double H = 0.02;

  /** The runtime path of {@code miss} at {@code n} masses and {@code steps} steps. */
  static Fn runtime(int n, int steps) {
    return Fn.ofN(5, a -> {
      Sym k = a[2];
      Sym c = a[3];
      Sym kappa = a[4];
      List<Sym> end = Cotangent.forLoop(0, steps, (t, s) -> {
        Sym x = s.get(0);
        Sym v = s.get(1);
        Sym centre = Ops.sum(x).div((double) n);
        Sym force = k.neg().mul(x).sub(c.mul(v)).add(kappa.mul(centre.sub(x)));
        return List.of(x.add(v.mul(H)), v.add(force.mul(H)));
      }, List.of(a[0], Sym.constant(new double[n])));
      Sym d = end.get(0).sub(a[1]);
      return Ops.sum(d.mul(d));
    });
  }

  static double[] vec(int n, double phase, double scale, double offset) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = offset + scale * Math.sin(phase + 1.3 * i);
    }
    return v;
  }

  @Test
  void threeSizesFromOneClass() {
    int[][] sizes = {{2, 40}, {5, 7}, {30, 150}};
    for (int[] sz : sizes) {
      int n = sz[0];
      int steps = sz[1];
      double[] x0 = vec(n, 0.3, 1.0, 0.0);
      double[] target = vec(n, 1.1, 0.5, 0.1);
      double[] k = vec(n, 2.0, 0.8, 2.0);
      double c = 0.3;
      double kappa = 0.7;
      String at = "n=" + n + " steps=" + steps;
      OscillatorsDerivatives.MissGrad g = OscillatorsDerivatives.missGrad(x0, target, k, c,
          kappa, H, steps);
      assertEquals(Oscillators.miss(x0, target, k, c, kappa, H, steps), g.value, 1e-12, at);
      double e = 1e-6;
      double fdC = (Oscillators.miss(x0, target, k, c + e, kappa, H, steps)
          - Oscillators.miss(x0, target, k, c - e, kappa, H, steps)) / (2 * e);
      double fdKappa = (Oscillators.miss(x0, target, k, c, kappa + e, H, steps)
          - Oscillators.miss(x0, target, k, c, kappa - e, H, steps)) / (2 * e);
      assertEquals(fdC, g.c, 1e-6 * (1 + Math.abs(fdC)), at + " d/dc");
      assertEquals(fdKappa, g.kappa, 1e-6 * (1 + Math.abs(fdKappa)), at + " d/dkappa");
      for (int i = 0; i < n; i++) {
        double[] kp = k.clone();
        double[] km = k.clone();
        kp[i] += e;
        km[i] -= e;
        double fd = (Oscillators.miss(x0, target, kp, c, kappa, H, steps)
            - Oscillators.miss(x0, target, km, c, kappa, H, steps)) / (2 * e);
        assertEquals(fd, g.k[i], 1e-6 * (1 + Math.abs(fd)), at + " d/dk[" + i + "]");
      }
      List<Tensor> rt = Cotangent.valueAndGrad(runtime(n, steps), 2, 3, 4).call(
          Tensor.wrap(TensorType.f64(n), x0.clone()), Tensor.wrap(TensorType.f64(n),
              target.clone()), Tensor.wrap(TensorType.f64(n), k.clone()), c, kappa);
      assertEquals(rt.get(0).item(), g.value, 1e-12 * (1 + Math.abs(g.value)), at);
      for (int i = 0; i < n; i++) {
        assertEquals(rt.get(1).unsafeData()[i], g.k[i], 1e-12, at + " runtime d/dk[" + i + "]");
      }
      assertEquals(rt.get(2).item(), g.c, 1e-12, at + " runtime d/dc");
      assertEquals(rt.get(3).item(), g.kappa, 1e-12, at + " runtime d/dkappa");
    }
  }

  @Test
  void badSizesAreRefusedByName() {
    double[] two = {0.1, 0.2};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OscillatorsDerivatives.missGrad(two, two, two, 0.3, 0.7, H, -1));
    assertEquals("Oscillators.miss: steps is -1, must be >= 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OscillatorsDerivatives.missGrad(two,
        new double[3], two, 0.3, 0.7, H, 5));
  }
}
