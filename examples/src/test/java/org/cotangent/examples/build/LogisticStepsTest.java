package org.cotangent.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Test;

/**
 * Recurrences over a step count that is a parameter ({@link Logistic#eulerSteps}, {@code int
 * steps}) and over an array's length ({@link Logistic#relax}, a forcing per step): one generated
 * class at three step counts, against central differences of the Java methods and against the
 * runtime path (the same loop traced by {@link Cotangent#forLoop} or {@link Cotangent#scan} at
 * that count) to 1e-12.
 */
class LogisticStepsTest {
  static final double CAPACITY = 10;
  static final double H = 0.01;

  /** The runtime path of {@code eulerSteps} at a fixed count. */
  static Fn eulerFn(int steps) {
    return Fn.of((y0, rate) -> Cotangent.forLoop(0, steps,
        (i, y) -> y.add(rate.mul(H).mul(y).mul(y.div(CAPACITY).rsub(1))), y0));
  }

  @Test
  void eulerStepsAtThreeCountsFromOneClass() {
    for (int steps : new int[] {0, 7, 250}) {
      for (double[] p : new double[][] {{0.5, 1.2}, {2.0, 0.4}, {9.5, 2.5}}) {
        String at = "steps=" + steps + " y0=" + p[0] + " rate=" + p[1];
        LogisticDerivatives.EulerStepsGrad g = LogisticDerivatives.eulerStepsGrad(p[0], p[1],
            CAPACITY, H, steps);
        assertEquals(Logistic.eulerSteps(p[0], p[1], CAPACITY, H, steps), g.value, 1e-14, at);
        double e = 1e-6;
        double fdY0 = (Logistic.eulerSteps(p[0] + e, p[1], CAPACITY, H, steps)
            - Logistic.eulerSteps(p[0] - e, p[1], CAPACITY, H, steps)) / (2 * e);
        double fdRate = (Logistic.eulerSteps(p[0], p[1] + e, CAPACITY, H, steps)
            - Logistic.eulerSteps(p[0], p[1] - e, CAPACITY, H, steps)) / (2 * e);
        assertEquals(fdY0, g.y0, 1e-6 * (1 + Math.abs(fdY0)), at);
        assertEquals(fdRate, g.rate, 1e-6 * (1 + Math.abs(fdRate)), at);
        List<Tensor> rt = Cotangent.valueAndGrad(eulerFn(steps), 0, 1).call(p[0], p[1]);
        assertEquals(rt.get(0).item(), g.value, 1e-12, at);
        assertEquals(rt.get(1).item(), g.y0, 1e-12, at);
        assertEquals(rt.get(2).item(), g.rate, 1e-12, at);
        LogisticDerivatives.EulerStepsJvp t = LogisticDerivatives.eulerStepsJvp(p[0], p[1],
            CAPACITY, H, steps, 0.25, -2.0);
        assertEquals(0.25 * g.y0 - 2.0 * g.rate, t.tangent, 1e-12, at);
      }
    }
  }

  @Test
  void aNegativeStepCountIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogisticDerivatives.eulerStepsGrad(1, 1, CAPACITY, H, -1));
    assertEquals("Logistic.eulerSteps: steps is -1, must be >= 0", e.getMessage());
  }

  static double[] forcing(int n) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = Math.sin(0.37 * i) + 0.5;
    }
    return u;
  }

  @Test
  void relaxAtThreeLengthsFromOneClass() {
    Fn runtime = Fn.of((y0, k, u) -> Cotangent.scan((y, x) -> new Sym[] {
        y.add(k.mul(x).sub(y).mul(0.05)), y}, y0, u)[0]);
    for (int n : new int[] {0, 3, 120}) {
      double[] u = forcing(n);
      double y0 = 0.8;
      double k = 1.7;
      String at = "n=" + n;
      LogisticDerivatives.RelaxGrad g = LogisticDerivatives.relaxGrad(y0, k, 0.05, u);
      assertEquals(Logistic.relax(y0, k, 0.05, u), g.value, 1e-14, at);
      List<Tensor> rt = Cotangent.valueAndGrad(runtime, 0, 1, 2).call(y0, k,
          Tensor.wrap(TensorType.f64(n), u.clone()));
      assertEquals(rt.get(0).item(), g.value, 1e-12, at);
      assertEquals(rt.get(1).item(), g.y0, 1e-12, at);
      assertEquals(rt.get(2).item(), g.k, 1e-12, at);
      double e = 1e-6;
      assertEquals((Logistic.relax(y0, k + e, 0.05, u) - Logistic.relax(y0, k - e, 0.05, u))
          / (2 * e), g.k, 1e-6, at);
      for (int i = 0; i < n; i++) {
        double[] up = u.clone();
        double[] um = u.clone();
        up[i] += e;
        um[i] -= e;
        double fd = (Logistic.relax(y0, k, 0.05, up) - Logistic.relax(y0, k, 0.05, um)) / (2 * e);
        assertEquals(fd, g.u[i], 1e-6, at + " d/du[" + i + "]");
        assertEquals(rt.get(3).unsafeData()[i], g.u[i], 1e-12, at + " runtime d/du[" + i + "]");
      }
    }
  }
}
