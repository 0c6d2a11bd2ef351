package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cotangent.fuzz.NumpyEval.Arr;

/**
 * The NumPy oracle's loops and branches, as JAX documents them (lax.scan, lax.fori_loop,
 * lax.cond): a Java loop over the oracle's own values, the body evaluated from its AST with the
 * lambda's parameters bound; no Cotangent code.
 */
final class NumpyLoops {
  private NumpyLoops() {}

  static Arr eval(NumpyEval ev, Ex e) {
    switch (Loops.construct(e)) {
      case "scan":
        return scan(ev, e);
      case "fori_loop": {
        Arr carry = ev.eval(e.args.get(0));
        for (int i = e.ints[0]; i < e.ints[1]; i++) {
          carry = body(ev, e.args.get(1), new String[] {Loops.param(e, 0), Loops.param(e, 1)},
              new Arr[] {Arr.scalar(i), carry});
        }
        return carry;
      }
      case "cond": {
        Arr p = ev.eval(e.args.get(0));
        if (p.complex() || p.size() != 1) {
          throw new NumpyEval.Unsupported("cond of a complex or non-scalar predicate");
        }
        Arr u = ev.eval(e.args.get(1));
        Ex branch = p.d[0] != 0 ? e.args.get(2) : e.args.get(3);
        return body(ev, branch, new String[] {Loops.param(e, 0)}, new Arr[] {u});
      }
      default:
        throw new NumpyEval.Unsupported("construct " + e.text);
    }
  }

  /**
   * {@code carry, ys = scan(f, init, xs, length, reverse)}: for t in 0..length-1 (descending
   * when reversed), {@code carry, y_t = f(carry, xs[t])}; ys stacks y_t at index t.
   */
  private static Arr scan(NumpyEval ev, Ex e) {
    int n = e.ints[0];
    boolean reverse = e.ints[1] == 1;
    Arr carry = ev.eval(e.args.get(0));
    Arr xs = Loops.hasXs(e) ? ev.eval(e.args.get(1)) : null;
    if (xs != null && (xs.rank() == 0 || xs.shape[0] != n)) {
      throw new NumpyEval.Unsupported("scan xs of the wrong length");
    }
    Arr[] ys = new Arr[n];
    String[] names = {Loops.param(e, 0), Loops.param(e, 1)};
    for (int k = 0; k < n; k++) {
      int t = reverse ? n - 1 - k : k;
      Arr x = xs == null ? null : row(xs, t);
      // The step's y reads the carry before the step, as its next carry does.
      Arr next = body(ev, Loops.scanNext(e), names, new Arr[] {carry, x});
      ys[t] = body(ev, Loops.scanY(e), names, new Arr[] {carry, x});
      carry = next;
    }
    if (e.ints[2] == 0) {
      return carry;
    }
    if (n == 0) {
      // No steps: an empty array of the body's y type (a complex y gives a complex array).
      int[] ty = Loops.scanY(e).shape;
      Arr none = stack(ys, ty);
      return Loops.scanY(e).dtype == 'c' ? new Arr(none.shape, none.d, new double[0]) : none;
    }
    return stack(ys, ys[0].shape);
  }

  /** {@code body} with {@code names} bound to {@code values} (null: unbound), then unbound again. */
  static Arr body(NumpyEval ev, Ex body, String[] names, Arr[] values) {
    Map<String, Arr> env = ev.env();
    Arr[] saved = new Arr[names.length];
    for (int i = 0; i < names.length; i++) {
      saved[i] = env.get(names[i]);
      if (values[i] != null) {
        env.put(names[i], values[i]);
      } else {
        env.remove(names[i]);
      }
    }
    ev.forget();
    try {
      return ev.eval(body);
    } finally {
      ev.forget();
      for (int i = 0; i < names.length; i++) {
        if (saved[i] != null) {
          env.put(names[i], saved[i]);
        } else {
          env.remove(names[i]);
        }
      }
    }
  }

  /** {@code a[t]} along the leading axis. */
  static Arr row(Arr a, int t) {
    int[] s = Arrays.copyOfRange(a.shape, 1, a.shape.length);
    int m = Generator.size(s);
    double[] d = Arrays.copyOfRange(a.d, t * m, (t + 1) * m);
    double[] im = a.im == null ? null : Arrays.copyOfRange(a.im, t * m, (t + 1) * m);
    return new Arr(s, d, im);
  }

  static Arr stack(Arr[] parts, int[] s) {
    int m = Generator.size(s);
    boolean cx = false;
    for (Arr p : parts) {
      cx |= p.complex();
      if (!Arrays.equals(p.shape, s)) {
        throw new NumpyEval.Unsupported("scan ys of different shapes");
      }
    }
    double[] d = new double[parts.length * m];
    double[] im = cx ? new double[d.length] : null;
    for (int t = 0; t < parts.length; t++) {
      System.arraycopy(parts[t].d, 0, d, t * m, m);
      if (cx) {
        System.arraycopy(parts[t].imag(), 0, im, t * m, m);
      }
    }
    List<Integer> shape = new ArrayList<>();
    shape.add(parts.length);
    for (int x : s) {
      shape.add(x);
    }
    return new Arr(shape.stream().mapToInt(Integer::intValue).toArray(), d, im);
  }
}
