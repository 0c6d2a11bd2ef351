package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/** Tensor arithmetic and comparisons for the checks. */
final class Num {
  private Num() {}

  /** A point: uniform in [-1.2, 1.2] (away from nothing in particular; domains are the generator's job). */
  static Tensor point(TensorType t, Random rng) {
    double[] d = new double[t.size() * t.dtype().width()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.dtype().isFloating() ? 2.4 * rng.nextDouble() - 1.2 : 0;
    }
    return Tensor.wrap(t, d);
  }

  /** A direction: standard normal entries (zero for non-floating types). */
  static Tensor direction(TensorType t, Random rng) {
    double[] d = new double[t.size() * t.dtype().width()];
    if (t.dtype().isFloating()) {
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextGaussian();
      }
    }
    return Tensor.wrap(t, d);
  }

  static Tensor zerosLike(TensorType t) {
    return Tensor.wrap(t, new double[t.size() * t.dtype().width()]);
  }

  static Tensor axpy(Tensor x, double a, Tensor v) {
    if (!x.dtype().isFloating()) {
      return x;
    }
    double[] xd = x.unsafeData();
    double[] vd = v.unsafeData();
    double[] r = new double[xd.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = xd[i] + a * vd[i];
    }
    return Tensor.wrap(x.type(), r);
  }

  static List<Tensor> axpy(List<Tensor> x, double a, List<Tensor> v) {
    List<Tensor> r = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      r.add(axpy(x.get(i), a, v.get(i)));
    }
    return r;
  }

  static double dot(Tensor a, Tensor b) {
    double s = 0;
    double[] x = a.unsafeData();
    double[] y = b.unsafeData();
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /**
   * {@code Re(sum_k a_k b_k)}, no conjugation: the pairing under which a VJP is the transpose of
   * the JVP (JAX's convention, DESIGN section 3). In the real inner product over interleaved
   * (re, im) data it is {@code <conj(a), b>}, so {@code pair(u, J v) = pair(J^T u, v)} is the
   * dot-product test {@code <u', J v> = <J* u', v>} with {@code u' = conj(u)} and the adjoint
   * {@code J* u' = conj(vjp(conj(u')))}, JAX's {@code check_vjp}. Real tensors: the dot product.
   */
  static double pair(Tensor a, Tensor b) {
    double[] c = cdot(a, b);
    return c[0];
  }

  /** {@code sum_k a_k b_k} as a complex number {re, im} (either operand real or complex). */
  static double[] cdot(Tensor a, Tensor b) {
    double[] x = a.unsafeData();
    double[] y = b.unsafeData();
    int wa = a.dtype().width();
    int wb = b.dtype().width();
    int n = a.type().size();
    double re = 0;
    double im = 0;
    for (int k = 0; k < n; k++) {
      double ar = x[wa * k];
      double ai = wa == 2 ? x[2 * k + 1] : 0;
      double br = y[wb * k];
      double bi = wb == 2 ? y[2 * k + 1] : 0;
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
    return new double[] {re, im};
  }

  /** The complex conjugate (a real tensor as it is). */
  static Tensor conj(Tensor t) {
    if (!t.dtype().isComplex()) {
      return t;
    }
    double[] d = t.data();
    for (int k = 1; k < d.length; k += 2) {
      d[k] = -d[k];
    }
    return Tensor.wrap(t.type(), d);
  }

  /** The sum of the absolute products (of the terms of {@link #pair}: a scale for its rounding). */
  static double absDot(Tensor a, Tensor b) {
    double s = 0;
    double[] x = a.unsafeData();
    double[] y = b.unsafeData();
    if (x.length != y.length) {
      int wa = a.dtype().width();
      int wb = b.dtype().width();
      for (int k = 0; k < a.type().size(); k++) {
        double am = wa == 2 ? Math.hypot(x[2 * k], x[2 * k + 1]) : Math.abs(x[k]);
        double bm = wb == 2 ? Math.hypot(y[2 * k], y[2 * k + 1]) : Math.abs(y[k]);
        s += am * bm;
      }
      return s;
    }
    for (int i = 0; i < x.length; i++) {
      s += Math.abs(x[i] * y[i]);
    }
    return s;
  }

  static double norm2(Tensor a) {
    return dot(a, a);
  }

  static double maxAbs(Tensor t) {
    double m = 0;
    for (double d : t.unsafeData()) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }

  static boolean finite(List<Tensor> ts) {
    for (Tensor t : ts) {
      for (double d : t.unsafeData()) {
        if (!Double.isFinite(d)) {
          return false;
        }
      }
    }
    return true;
  }

  static double maxAbs(List<Tensor> ts) {
    double m = 0;
    for (Tensor t : ts) {
      m = Math.max(m, maxAbs(t));
    }
    return m;
  }

  /**
   * The first element where {@code actual} differs from {@code expected} by more than {@code
   * rel * max(1, |e|, floorScale)}, as a message, or null. NaNs must match NaNs.
   */
  static String compare(List<Tensor> expected, List<Tensor> actual, double rel, boolean tensorScale,
      String what) {
    if (expected.size() != actual.size()) {
      return what + ": " + actual.size() + " outputs, expected " + expected.size();
    }
    for (int j = 0; j < expected.size(); j++) {
      Tensor e = expected.get(j);
      Tensor a = actual.get(j);
      if (!e.type().equals(a.type())) {
        return what + ": output " + j + " is " + a.type() + ", expected " + e.type();
      }
      double scale = tensorScale ? Math.max(1, maxAbs(e)) : 1;
      double[] x = e.unsafeData();
      double[] y = a.unsafeData();
      for (int k = 0; k < x.length; k++) {
        if (Double.compare(x[k], y[k]) == 0) {
          continue;
        }
        double tol = rel * Math.max(scale, Math.abs(x[k]));
        if (!(Math.abs(x[k] - y[k]) <= tol)) {
          return what + ": output " + j + " (" + e.type() + ") element " + k + " is " + y[k]
              + ", expected " + x[k] + " (difference " + Math.abs(x[k] - y[k]) + ")";
        }
      }
    }
    return null;
  }

  /** Element {@code index} of axis {@code axis} (dropped): the slice one vmap element sees. */
  static Tensor take(Tensor t, int axis, int index) {
    int[] d = t.shape().dims();
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= d[a];
    }
    int inner = t.dtype().width();
    for (int a = axis + 1; a < d.length; a++) {
      inner *= d[a];
    }
    int n = d[axis];
    double[] src = t.unsafeData();
    double[] r = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(src, (o * n + index) * inner, r, o * inner, inner);
    }
    return Tensor.wrap(t.type().withShape(org.cotangent.symbolic.Shape.of(
        Generator.removeAxis(d, axis))), r);
  }

  /** A copy of {@code t} with element {@code k} changed by {@code delta} (for injected faults). */
  static Tensor perturb(Tensor t, int k, double delta) {
    double[] d = t.data();
    d[k] += delta;
    return Tensor.wrap(t.type(), d);
  }
}
