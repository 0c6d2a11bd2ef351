package org.cotangent.bench;

import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;

/**
 * The Rosenbrock function {@code sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2)}: traced for
 * Cotangent, and written by hand (function and gradient) as the baseline.
 */
public final class Rosenbrock {
  private Rosenbrock() {}

  /** The traced function. */
  public static Fn traced() {
    return Fn.of((Sym x) -> {
      Sym head = x.slice(null, -1);
      Sym tail = x.slice(1, null);
      Sym a = tail.sub(head.pow(2)).pow(2).mul(100);
      Sym b = head.rsub(1).pow(2);
      return Ops.sum(a.add(b));
    });
  }

  /** Hand-written function, one pass. */
  public static double value(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double d = x[i + 1] - x[i] * x[i];
      double e = 1 - x[i];
      s += 100 * d * d + e * e;
    }
    return s;
  }

  /** Hand-written gradient into {@code g}, one pass, as a careful engineer would write it. */
  public static void gradient(double[] x, double[] g) {
    int n = x.length;
    g[0] = 0;
    for (int i = 0; i < n - 1; i++) {
      double d = x[i + 1] - x[i] * x[i];
      g[i] += -400 * d * x[i] - 2 * (1 - x[i]);
      g[i + 1] = 200 * d;
    }
  }
}
