package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An independent evaluation of a generated program's AST with NumPy's semantics (broadcasting,
 * Python slicing, negative axes, reshape with -1, matmul/dot/tensordot/outer/vdot, vstack of
 * vectors, ...), written here from NumPy's documentation and sharing no code with Cotangent.
 * It is the oracle for what the script language and the IR primitives compute: the traced
 * graph, evaluated by the interpreter, must agree with it ({@code numpy} check).
 */
final class NumpyEval {
  /**
   * A value: shape and row-major data (bool and integers as doubles); complex values have their
   * imaginary parts in {@code im} (null for real values).
   */
  static final class Arr {
    final int[] shape;
    final double[] d;
    final double[] im;

    Arr(int[] shape, double[] d) {
      this(shape, d, null);
    }

    Arr(int[] shape, double[] d, double[] im) {
      this.shape = shape;
      this.d = d;
      this.im = im;
      if (Generator.size(shape) != d.length || (im != null && im.length != d.length)) {
        throw new IllegalStateException("shape " + Arrays.toString(shape) + " with " + d.length);
      }
    }

    boolean complex() {
      return im != null;
    }

    /** The imaginary part (zeros for a real value). */
    double[] imag() {
      return im != null ? im : new double[d.length];
    }

    /** The imaginary part as a real value. */
    Arr imArr() {
      return new Arr(shape, imag());
    }

    Arr reArr() {
      return im == null ? this : new Arr(shape, d);
    }

    int rank() {
      return shape.length;
    }

    int size() {
      return d.length;
    }

    static Arr scalar(double v) {
      return new Arr(new int[0], new double[] {v});
    }
  }

  /** Thrown for a program NumPy would reject (the oracle then says nothing). */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String m) {
      super(m);
    }
  }

  private final Map<String, Arr> env = new HashMap<>();

  /**
   * Set when an evaluation came within rounding of a discontinuity (a comparison of nearly equal
   * values, floor or round near an integer, a remainder near a multiple, argmax/argsort between
   * nearly equal candidates): there a difference of one rounding error in an operand, as between
   * two correct evaluation orders, changes the result, so a mismatch there proves nothing.
   */
  private static final ThreadLocal<boolean[]> NEAR = ThreadLocal.withInitial(() -> new boolean[1]);

  static boolean nearDiscontinuity() {
    return NEAR.get()[0];
  }

  private static boolean close(double a, double b) {
    boolean c = Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));
    if (c) {
      NEAR.get()[0] = true;
    }
    return c;
  }

  /**
   * Notes {@code x} where a periodic function loses its conditioning: beyond {@link
   * #PERIODIC_LIMIT} a relative difference of a few ulps in the argument, as between two correct
   * evaluation orders of a product or power, moves sin, cos or tan by more than the check's
   * tolerance (fuzz/findings/script-call-cos-of-a-huge-power.ct; seed 7 program 44 took sin of a
   * product near 1e19), so a mismatch there proves nothing either.
   */
  private static double periodic(double x) {
    if (Math.abs(x) > PERIODIC_LIMIT) {
      NEAR.get()[0] = true;
    }
    return x;
  }

  /** 1e4: an argument 1e-13 off in relative terms is then 1e-9 off, the check's tolerance. */
  static final double PERIODIC_LIMIT = 1e4;

  /** Notes {@code x} near a jump at integers (floor, ceil) or half-integers (round). */
  private static double jump(double x, double shift) {
    double y = x + shift;
    close(y, Math.rint(y));
    return x;
  }

  /** The outputs of {@code p} at the given parameter values. */
  static List<Arr> run(Prog p, List<double[]> params) {
    NEAR.get()[0] = false;
    NumpyEval ev = new NumpyEval();
    for (int i = 0; i < p.params.size(); i++) {
      double[] v = params.get(i);
      if (p.dtypes.get(i) == 'c') {
        // Interleaved (re, im) pairs, as the interpreter's c128 data.
        double[] re = new double[v.length / 2];
        double[] im = new double[v.length / 2];
        for (int k = 0; k < re.length; k++) {
          re[k] = v[2 * k];
          im[k] = v[2 * k + 1];
        }
        ev.env.put(p.params.get(i), new Arr(p.shapes.get(i), re, im));
      } else {
        ev.env.put(p.params.get(i), new Arr(p.shapes.get(i), v));
      }
    }
    for (Prog.Stmt s : p.stmts) {
      ev.env.put(s.name, ev.eval(s.expr));
      ev.memo.clear();
    }
    List<Arr> outs = new ArrayList<>();
    for (Ex e : p.outs) {
      outs.add(ev.eval(e));
    }
    return outs;
  }

  // ------------------------------------------------------------------ expressions

  /** Values of the complex-carrying subexpressions of the statement being evaluated. */
  private final Map<Ex, Arr> memo = new java.util.IdentityHashMap<>();

  Arr eval(Ex e) {
    if (e.kind == Ex.Kind.LOOP) {
      return NumpyLoops.eval(this, e);
    }
    if (!e.mentionsComplex() && !NumpyComplex.LINALG.contains(e.text)) {
      return evalReal(e);
    }
    Arr v = memo.get(e);
    if (v == null) {
      v = NumpyComplex.eval(this, e);
      memo.put(e, v);
    }
    return v;
  }

  /** A real operation of {@code e}: its operands must be real (a complex one: not supported). */
  Arr evalReal(Ex e) {
    Arr v = evalReal0(e);
    return v;
  }

  /** {@code e}'s real operands; a complex one makes the operation unsupported (by the real code). */
  Arr realArg(Ex a) {
    Arr v = eval(a);
    if (v.complex()) {
      throw new Unsupported("a real operation of a complex value");
    }
    return v;
  }

  /** Forgets the values of subexpressions (a loop body's change with its parameters). */
  void forget() {
    memo.clear();
  }

  Map<String, Arr> env() {
    return env;
  }

  private Arr evalReal0(Ex e) {
    switch (e.kind) {
      case NAME: {
        Arr a = env.get(e.text);
        if (a == null) {
          throw new Unsupported("unbound " + e.text);
        }
        return a;
      }
      case NUM:
        return Arr.scalar(Double.parseDouble(e.text.replace("(", "").replace(")", "")));
      case LIT: {
        double[] d = new double[Generator.size(e.shape)];
        for (int k = 0; k < d.length; k++) {
          d[k] = Lits.element(e.ints[0], k);
        }
        return new Arr(e.shape.clone(), d);
      }
      case ZEROS:
        return fill(e.shape, 0);
      case ONES:
        return fill(e.shape, 1);
      case FULL:
        return fill(e.shape, Double.parseDouble(e.text));
      case EYE: {
        int n = e.shape[0];
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
          d[i * n + i] = 1;
        }
        return new Arr(new int[] {n, n}, d);
      }
      case ARANGE: {
        double[] d = new double[e.shape[0]];
        for (int i = 0; i < d.length; i++) {
          d[i] = i;
        }
        return new Arr(new int[] {d.length}, d);
      }
      case UNIFORM:
      case NORMAL: {
        Random r = new Random(e.ints[0]);
        double[] d = new double[Generator.size(e.shape)];
        for (int i = 0; i < d.length; i++) {
          d[i] = e.kind == Ex.Kind.UNIFORM ? r.nextDouble() : r.nextGaussian();
        }
        return new Arr(e.shape.clone(), d);
      }
      case CALL1:
        return call1(e.text, realArg(e.args.get(0)));
      case NEG:
        return map(realArg(e.args.get(0)), x -> -x);
      case POS:
        return realArg(e.args.get(0));
      case BIN:
        return binary(e.text, realArg(e.args.get(0)), realArg(e.args.get(1)));
      case CALL2:
        return call2(e.text, realArg(e.args.get(0)), realArg(e.args.get(1)));
      case WHERE:
        return where(realArg(e.args.get(0)), realArg(e.args.get(1)), realArg(e.args.get(2)));
      case REDUCE:
        return reduce(e.text, realArg(e.args.get(0)), e.ints);
      case TENSORDOT: {
        Arr a = realArg(e.args.get(0));
        Arr b = realArg(e.args.get(1));
        int[] ax;
        int[] bx;
        if (e.pair != null) {
          ax = normAxes(e.pair[0], a.rank());
          bx = normAxes(e.pair[1], b.rank());
        } else {
          int n = e.ints[0];
          ax = new int[n];
          bx = new int[n];
          for (int i = 0; i < n; i++) {
            ax[i] = a.rank() - n + i;
            bx[i] = i;
          }
        }
        return tensordot(a, b, ax, bx);
      }
      case DOT_T:
        return transpose(realArg(e.args.get(0)), null);
      case TRANSPOSE:
        return transpose(realArg(e.args.get(0)), e.ints);
      case RESHAPE:
        return reshape(realArg(e.args.get(0)), e.ints);
      case INDEX:
        return index(realArg(e.args.get(0)), e.pair, e.args.size() > 1 ? realArg(e.args.get(1)) : null);
      case CONCAT: {
        List<Arr> xs = evalAll(e.args);
        return concatenate(xs, e.ints == null ? 0 : e.ints[0]);
      }
      case STACK: {
        List<Arr> xs = new ArrayList<>();
        for (Arr a : evalAll(e.args)) {
          xs.add(new Arr(Generator.insertAxis(a.shape, 0, 1), a.d));
        }
        return concatenate(xs, 0);
      }
      case VSTACK: {
        List<Arr> xs = new ArrayList<>();
        for (Arr a : evalAll(e.args)) {
          xs.add(a.rank() == 1 ? new Arr(new int[] {1, a.shape[0]}, a.d) : a);
        }
        return concatenate(xs, 0);
      }
      case HSTACK: {
        List<Arr> xs = evalAll(e.args);
        return concatenate(xs, xs.get(0).rank() == 1 ? 0 : 1);
      }
      case INTS: {
        double[] d = new double[e.ints.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = e.ints[i];
        }
        return new Arr(e.shape.clone(), d);
      }
      case FUNC:
        return func(e);
      default:
        throw new Unsupported(e.kind.toString());
    }
  }

  static Arr where(Arr c, Arr a, Arr b) {
    int[] s = broadcast(broadcast(c.shape, a.shape), b.shape);
    Arr cc = broadcastTo(c, s);
    Arr aa = broadcastTo(a, s);
    Arr bb = broadcastTo(b, s);
    double[] d = new double[cc.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = cc.d[i] != 0 ? aa.d[i] : bb.d[i];
    }
    return new Arr(s, d);
  }

  static Arr neg(Arr a) {
    return map(a, x -> -x);
  }

  private List<Arr> evalAll(List<Ex> es) {
    List<Arr> r = new ArrayList<>();
    for (Ex x : es) {
      r.add(realArg(x));
    }
    return r;
  }

  private static Arr fill(int[] shape, double v) {
    double[] d = new double[Generator.size(shape)];
    Arrays.fill(d, v);
    return new Arr(shape.clone(), d);
  }

  interface F1 {
    double f(double x);
  }

  interface F2 {
    double f(double x, double y);
  }

  private static Arr map(Arr a, F1 f) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = f.f(a.d[i]);
    }
    return new Arr(a.shape, d);
  }

  static Arr call1(String f, Arr a) {
    switch (f) {
      case "sin":
        return map(a, x -> Math.sin(periodic(x)));
      case "cos":
        return map(a, x -> Math.cos(periodic(x)));
      case "tan":
        return map(a, x -> Math.tan(periodic(x)));
      case "tanh":
        return map(a, Math::tanh);
      case "sinh":
        return map(a, Math::sinh);
      case "cosh":
        return map(a, Math::cosh);
      case "arcsin":
        return map(a, Math::asin);
      case "arccos":
        return map(a, Math::acos);
      case "arctan":
        return map(a, Math::atan);
      case "exp":
        return map(a, Math::exp);
      case "log":
        return map(a, Math::log);
      case "log1p":
        return map(a, Math::log1p);
      case "expm1":
        return map(a, Math::expm1);
      case "sqrt":
        return map(a, Math::sqrt);
      case "rsqrt":
        return map(a, x -> 1 / Math.sqrt(x));
      case "abs":
        return map(a, Math::abs);
      case "sign":
        return map(a, x -> Math.signum(jump(x, 0)));
      case "floor":
        return map(a, x -> Math.floor(jump(x, 0)));
      case "ceil":
        return map(a, x -> Math.ceil(jump(x, 0)));
      case "stop_gradient":
        return a;
      case "round":
        return map(a, x -> Math.rint(jump(x, 0.5)));
      case "sigmoid":
        return map(a, x -> 1 / (1 + Math.exp(-x)));
      case "square":
        return map(a, x -> x * x);
      case "reciprocal":
        return map(a, x -> 1 / x);
      case "zeros_like":
        return fill(a.shape, 0);
      case "ones_like":
        return fill(a.shape, 1);
      default:
        throw new Unsupported(f);
    }
  }

  static Arr binary(String op, Arr a, Arr b) {
    switch (op) {
      case "+":
        return zip(a, b, (x, y) -> x + y);
      case "-":
        return zip(a, b, (x, y) -> x - y);
      case "*":
        return zip(a, b, (x, y) -> x * y);
      case "/":
        return zip(a, b, (x, y) -> x / y);
      case "**":
        return zip(a, b, Math::pow);
      case "<":
        return zip(a, b, (x, y) -> { close(x, y); return x < y ? 1 : 0; });
      case "<=":
        return zip(a, b, (x, y) -> { close(x, y); return x <= y ? 1 : 0; });
      case ">":
        return zip(a, b, (x, y) -> { close(x, y); return x > y ? 1 : 0; });
      case ">=":
        return zip(a, b, (x, y) -> { close(x, y); return x >= y ? 1 : 0; });
      case "==":
        return zip(a, b, (x, y) -> { close(x, y); return x == y ? 1 : 0; });
      case "!=":
        return zip(a, b, (x, y) -> { close(x, y); return x != y ? 1 : 0; });
      case "@":
        return matmul(a, b);
      case "%":
        return zip(a, b, NumpyEval::remainder);
      default:
        throw new Unsupported(op);
    }
  }

  static Arr call2(String f, Arr a, Arr b) {
    switch (f) {
      case "arctan2":
        return zip(a, b, Math::atan2);
      case "maximum":
        return zip(a, b, Math::max);
      case "minimum":
        return zip(a, b, Math::min);
      case "power":
        return zip(a, b, Math::pow);
      case "fmod":
        return zip(a, b, (x, y) -> {
          jump(x / y, 0);
          return x % y;
        });
      case "mod":
      case "remainder":
        return zip(a, b, NumpyEval::remainder);
      case "matmul":
        return matmul(a, b);
      case "dot":
        return dot(a, b);
      case "vdot": {
        if (a.size() != b.size()) {
          throw new Unsupported("vdot sizes");
        }
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
          s += a.d[i] * b.d[i];
        }
        return Arr.scalar(s);
      }
      case "outer": {
        double[] d = new double[a.size() * b.size()];
        for (int i = 0; i < a.size(); i++) {
          for (int j = 0; j < b.size(); j++) {
            d[i * b.size() + j] = a.d[i] * b.d[j];
          }
        }
        return new Arr(new int[] {a.size(), b.size()}, d);
      }
      default:
        throw new Unsupported(f);
    }
  }

  // ------------------------------------------------------------------ functions with options

  private Arr func(Ex e) {
    Arr x = realArg(e.args.get(0));
    int[] o = e.ints;
    switch (e.text) {
      case "flip": {
        int[] axes = o == null ? allAxes(x.rank()) : normAxes(o, x.rank());
        Arr r = x;
        for (int ax : axes) {
          int n = r.shape[ax];
          int[] pos = new int[n];
          for (int i = 0; i < n; i++) {
            pos[i] = n - 1 - i;
          }
          r = gatherAxis(r, ax, pos, new int[] {n});
        }
        return r;
      }
      case "cumsum":
      case "cumprod": {
        Arr a = o[0] == Ex.NONE ? new Arr(new int[] {x.size()}, x.d) : x;
        int ax = o[0] == Ex.NONE ? 0 : norm1(o[0], a.rank());
        boolean sum = e.text.equals("cumsum");
        return alongAxis(a, ax, (v, out) -> {
          int n = v.length;
          double acc = sum ? 0 : 1;
          for (int k = 0; k < n; k++) {
            int i = o[1] == 1 ? n - 1 - k : k;
            acc = sum ? acc + v[i] : acc * v[i];
            out[i] = acc;
          }
        });
      }
      case "sort":
      case "argsort": {
        Arr a = o[0] == Ex.NONE ? new Arr(new int[] {x.size()}, x.d) : x;
        int ax = o[0] == Ex.NONE ? 0 : o[0] == Ex.DEFAULT ? a.rank() - 1 : norm1(o[0], a.rank());
        boolean arg = e.text.equals("argsort");
        return alongAxis(a, ax, (v, out) -> {
          Integer[] idx = new Integer[v.length];
          for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
          }
          Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
          for (int i = 1; arg && i < idx.length; i++) {
            close(v[idx[i - 1]], v[idx[i]]);
          }
          for (int i = 0; i < idx.length; i++) {
            out[i] = arg ? idx[i] : v[idx[i]];
          }
        });
      }
      case "take": {
        Arr idx = realArg(e.args.get(1));
        if (o[0] == Ex.NONE) {
          return index(new Arr(new int[] {x.size()}, x.d), new int[][] {{3}}, idx);
        }
        int ax = norm1(o[0], x.rank());
        int[][] items = new int[ax + 1][];
        for (int i = 0; i < ax; i++) {
          items[i] = new int[] {1, Ex.NONE, Ex.NONE};
        }
        items[ax] = new int[] {3};
        return index(x, items, idx);
      }
      case "take_along_axis": {
        Arr idx = realArg(e.args.get(1));
        int ax = norm1(o[0], x.rank());
        if (idx.rank() != x.rank()) {
          throw new Unsupported("take_along_axis ranks");
        }
        int[] st = strides(x.shape);
        double[] d = new double[idx.size()];
        int[] ii = new int[idx.rank()];
        for (int k = 0; k < d.length; k++) {
          int src = 0;
          for (int i = 0; i < x.rank(); i++) {
            int j = i == ax ? (int) idx.d[k] : ii[i];
            if (i == ax) {
              j = j < 0 ? j + x.shape[ax] : j;
              if (j < 0 || j >= x.shape[ax]) {
                throw new Unsupported("take_along_axis index");
              }
            }
            src += j * st[i];
          }
          d[k] = x.d[src];
          inc(ii, idx.shape);
        }
        return new Arr(idx.shape, d);
      }
      case "clip": {
        Arr b1 = realArg(e.args.get(1));
        if (o[0] == 0) {
          Arr b2 = realArg(e.args.get(2));
          return zip(zip(x, b1, Math::max), b2, Math::min);
        }
        return o[0] == 1 ? zip(x, b1, Math::min) : zip(x, b1, Math::max);
      }
      case "argmax":
      case "argmin": {
        Arr a = o[0] == Ex.NONE ? new Arr(new int[] {x.size()}, x.d) : x;
        int ax = o[0] == Ex.NONE ? 0 : norm1(o[0], a.rank());
        boolean max = e.text.equals("argmax");
        Arr r = alongAxis(a, ax, (v, out) -> {
          int best = 0;
          for (int i = 1; i < v.length; i++) {
            close(v[i], v[best]);
            if (max ? v[i] > v[best] : v[i] < v[best]) {
              best = i;
            }
          }
          for (int i = 0; i < out.length; i++) {
            out[i] = best;
          }
        });
        return index(r, axisItems(ax), null);
      }
      case "logsumexp": {
        int[] axes = o == null ? allAxes(x.rank()) : normAxes(o, x.rank());
        Arr m = keep(reduce("max", x, axes), x.shape, axes);
        Arr ex = zip(x, m, (v, w) -> Math.exp(v - w));
        Arr s2 = reduce("sum", ex, axes);
        Arr m2 = reduce("max", x, axes);
        return zip(m2, s2, (w, v) -> w + Math.log(v));
      }
      case "softmax":
      case "log_softmax": {
        int[] axes = o[0] == Ex.NONE ? allAxes(x.rank())
            : new int[] {o[0] == Ex.DEFAULT ? x.rank() - 1 : norm1(o[0], x.rank())};
        Arr m = keep(reduce("max", x, axes), x.shape, axes);
        Arr ex = zip(x, m, (v, w) -> Math.exp(v - w));
        Arr s2 = keep(reduce("sum", ex, axes), x.shape, axes);
        if (e.text.equals("softmax")) {
          return zip(ex, s2, (v, w) -> v / w);
        }
        Arr lse = zip(m, s2, (w, v) -> w + Math.log(v));
        return zip(x, lse, (v, w) -> v - w);
      }
      case "var":
      case "std": {
        int[] axes = o[0] == Ex.NONE ? allAxes(x.rank()) : new int[] {norm1(o[0], x.rank())};
        int n = 1;
        for (int ax : axes) {
          n *= x.shape[ax];
        }
        Arr mean = keep(reduce("mean", x, axes), x.shape, axes);
        Arr dev = zip(x, mean, (v, w) -> (v - w) * (v - w));
        int div = n - o[1];
        Arr var = map(reduce("sum", dev, axes), v -> v / div);
        return e.text.equals("var") ? var : map(var, Math::sqrt);
      }
      case "norm": {
        int[] axes = o == null ? allAxes(x.rank()) : normAxes(o, x.rank());
        return map(reduce("sum", map(x, v -> v * v), axes), Math::sqrt);
      }
      default:
        throw new Unsupported(e.text);
    }
  }

  private static int norm1(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  /** Items selecting position 0 of {@code axis} (the others whole): drops an axis kept as 1. */
  private static int[][] axisItems(int axis) {
    int[][] items = new int[axis + 1][];
    for (int i = 0; i < axis; i++) {
      items[i] = new int[] {1, Ex.NONE, Ex.NONE};
    }
    items[axis] = new int[] {0, 0};
    return items;
  }

  /** A reduction's result with its reduced axes put back as 1 (for broadcasting against x). */
  private static Arr keep(Arr r, int[] shape, int[] axes) {
    int[] s = shape.clone();
    for (int ax : axes) {
      s[ax] = 1;
    }
    return new Arr(s, r.d);
  }

  interface Line {
    void apply(double[] in, double[] out);
  }

  /** {@code f} applied to every line along {@code axis} (output lines of the same length). */
  private static Arr alongAxis(Arr a, int axis, Line f) {
    int n = a.shape[axis];
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= a.shape[i];
    }
    int inner = 1;
    for (int i = axis + 1; i < a.rank(); i++) {
      inner *= a.shape[i];
    }
    double[] d = new double[a.size()];
    double[] line = new double[n];
    double[] out = new double[n];
    for (int o = 0; o < outer; o++) {
      for (int q = 0; q < inner; q++) {
        for (int k = 0; k < n; k++) {
          line[k] = a.d[(o * n + k) * inner + q];
        }
        f.apply(line, out);
        for (int k = 0; k < n; k++) {
          d[(o * n + k) * inner + q] = out[k];
        }
      }
    }
    return new Arr(a.shape, d);
  }

  /** Python's {@code %}: of the sign of the divisor; a zero result is a zero of its sign. */
  static double remainder(double a, double b) {
    jump(a / b, 0);
    double r = a - Math.floor(a / b) * b;
    return r == 0 ? Math.copySign(0.0, b) : r;
  }

  // ------------------------------------------------------------------ broadcasting

  static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new Unsupported("cannot broadcast");
      }
      s[i] = da == 1 ? db : da;
    }
    return s;
  }

  static Arr broadcastTo(Arr a, int[] s) {
    if (Arrays.equals(a.shape, s)) {
      return a;
    }
    int off = s.length - a.rank();
    int[] st = strides(a.shape);
    double[] d = new double[Generator.size(s)];
    int[] idx = new int[s.length];
    for (int k = 0; k < d.length; k++) {
      int src = 0;
      for (int i = 0; i < a.rank(); i++) {
        if (a.shape[i] != 1) {
          src += idx[off + i] * st[i];
        }
      }
      d[k] = a.d[src];
      inc(idx, s);
    }
    return new Arr(s, d);
  }

  private static Arr zip(Arr a, Arr b, F2 f) {
    int[] s = broadcast(a.shape, b.shape);
    Arr x = broadcastTo(a, s);
    Arr y = broadcastTo(b, s);
    double[] d = new double[x.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = f.f(x.d[i], y.d[i]);
    }
    return new Arr(s, d);
  }

  static int[] strides(int[] s) {
    int[] st = new int[s.length];
    int m = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      st[i] = m;
      m *= s[i];
    }
    return st;
  }

  /** Advances a row-major multi-index. */
  static void inc(int[] idx, int[] s) {
    for (int i = idx.length - 1; i >= 0; i--) {
      if (++idx[i] < s[i]) {
        return;
      }
      idx[i] = 0;
    }
  }

  static int[] normAxes(int[] axes, int rank) {
    int[] r = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
    }
    return r;
  }

  // ------------------------------------------------------------------ reductions

  static Arr reduce(String f, Arr a, int[] axesWritten) {
    int[] axes = axesWritten == null ? allAxes(a.rank()) : normAxes(axesWritten, a.rank());
    boolean[] red = new boolean[a.rank()];
    for (int x : axes) {
      red[x] = true;
    }
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < a.rank(); i++) {
      if (!red[i]) {
        keep.add(i);
      }
    }
    int[] os = new int[keep.size()];
    for (int i = 0; i < os.length; i++) {
      os[i] = a.shape[keep.get(i)];
    }
    int n = 1;
    for (int x : axes) {
      n *= a.shape[x];
    }
    double init;
    switch (f) {
      case "sum":
      case "mean":
        init = 0;
        break;
      case "max":
        init = Double.NEGATIVE_INFINITY;
        break;
      case "min":
        init = Double.POSITIVE_INFINITY;
        break;
      default:
        init = 1;
    }
    double[] d = new double[Generator.size(os)];
    Arrays.fill(d, init);
    int[] ost = strides(os);
    int[] idx = new int[a.rank()];
    for (int k = 0; k < a.size(); k++) {
      int o = 0;
      for (int i = 0; i < keep.size(); i++) {
        o += idx[keep.get(i)] * ost[i];
      }
      double v = a.d[k];
      switch (f) {
        case "sum":
        case "mean":
          d[o] += v;
          break;
        case "max":
          d[o] = Math.max(d[o], v);
          break;
        case "min":
          d[o] = Math.min(d[o], v);
          break;
        default:
          d[o] *= v;
      }
      inc(idx, a.shape);
    }
    if (f.equals("mean")) {
      for (int i = 0; i < d.length; i++) {
        d[i] /= n;
      }
    }
    return new Arr(os, d);
  }

  private static int[] allAxes(int r) {
    int[] a = new int[r];
    for (int i = 0; i < r; i++) {
      a[i] = i;
    }
    return a;
  }

  // ------------------------------------------------------------------ contractions

  /** NumPy's tensordot: free axes of a, then free axes of b. */
  static Arr tensordot(Arr a, Arr b, int[] ax, int[] bx) {
    boolean[] ca = new boolean[a.rank()];
    boolean[] cb = new boolean[b.rank()];
    for (int i = 0; i < ax.length; i++) {
      if (a.shape[ax[i]] != b.shape[bx[i]]) {
        throw new Unsupported("tensordot shapes");
      }
      ca[ax[i]] = true;
      cb[bx[i]] = true;
    }
    List<Integer> fa = new ArrayList<>();
    List<Integer> fb = new ArrayList<>();
    for (int i = 0; i < a.rank(); i++) {
      if (!ca[i]) {
        fa.add(i);
      }
    }
    for (int i = 0; i < b.rank(); i++) {
      if (!cb[i]) {
        fb.add(i);
      }
    }
    int[] os = new int[fa.size() + fb.size()];
    for (int i = 0; i < fa.size(); i++) {
      os[i] = a.shape[fa.get(i)];
    }
    for (int i = 0; i < fb.size(); i++) {
      os[fa.size() + i] = b.shape[fb.get(i)];
    }
    int[] cs = new int[ax.length];
    for (int i = 0; i < ax.length; i++) {
      cs[i] = a.shape[ax[i]];
    }
    int[] as = strides(a.shape);
    int[] bs = strides(b.shape);
    double[] d = new double[Generator.size(os)];
    int[] oi = new int[os.length];
    for (int k = 0; k < d.length; k++) {
      int abase = 0;
      int bbase = 0;
      for (int i = 0; i < fa.size(); i++) {
        abase += oi[i] * as[fa.get(i)];
      }
      for (int i = 0; i < fb.size(); i++) {
        bbase += oi[fa.size() + i] * bs[fb.get(i)];
      }
      double s = 0;
      int[] ci = new int[cs.length];
      for (int c = 0; c < Generator.size(cs); c++) {
        int ao = abase;
        int bo = bbase;
        for (int i = 0; i < cs.length; i++) {
          ao += ci[i] * as[ax[i]];
          bo += ci[i] * bs[bx[i]];
        }
        s += a.d[ao] * b.d[bo];
        inc(ci, cs);
      }
      d[k] = s;
      inc(oi, os);
    }
    return new Arr(os, d);
  }

  /** NumPy's matmul: vectors promoted, leading axes broadcast as batch axes. */
  static Arr matmul(Arr a, Arr b) {
    if (a.rank() == 0 || b.rank() == 0) {
      throw new Unsupported("matmul of a scalar");
    }
    boolean av = a.rank() == 1;
    boolean bv = b.rank() == 1;
    Arr a2 = av ? new Arr(new int[] {1, a.shape[0]}, a.d) : a;
    Arr b2 = bv ? new Arr(new int[] {b.shape[0], 1}, b.d) : b;
    int m = a2.shape[a2.rank() - 2];
    int k = a2.shape[a2.rank() - 1];
    int k2 = b2.shape[b2.rank() - 2];
    int n = b2.shape[b2.rank() - 1];
    if (k != k2) {
      throw new Unsupported("matmul shapes");
    }
    int[] ba = Arrays.copyOf(a2.shape, a2.rank() - 2);
    int[] bb = Arrays.copyOf(b2.shape, b2.rank() - 2);
    int[] batch = broadcast(ba, bb);
    Arr a3 = broadcastTo(a2, concat(batch, new int[] {m, k}));
    Arr b3 = broadcastTo(b2, concat(batch, new int[] {k, n}));
    int nb = Generator.size(batch);
    double[] d = new double[nb * m * n];
    for (int q = 0; q < nb; q++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int c = 0; c < k; c++) {
            s += a3.d[q * m * k + i * k + c] * b3.d[q * k * n + c * n + j];
          }
          d[q * m * n + i * n + j] = s;
        }
      }
    }
    List<Integer> os = new ArrayList<>();
    for (int x : batch) {
      os.add(x);
    }
    if (!av) {
      os.add(m);
    }
    if (!bv) {
      os.add(n);
    }
    return new Arr(os.stream().mapToInt(Integer::intValue).toArray(), d);
  }

  /** NumPy's dot: scalars multiply; b of rank 1 or 2 is matmul; else a's last with b's second-last. */
  static Arr dot(Arr a, Arr b) {
    if (a.rank() == 0 || b.rank() == 0) {
      return zip(a, b, (x, y) -> x * y);
    }
    if (b.rank() <= 2) {
      if (a.rank() <= 2) {
        return matmul(a, b);
      }
      return tensordot(a, b, new int[] {a.rank() - 1}, new int[] {b.rank() == 1 ? 0 : 0});
    }
    return tensordot(a, b, new int[] {a.rank() - 1}, new int[] {b.rank() - 2});
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ------------------------------------------------------------------ structure

  static Arr transpose(Arr a, int[] perm) {
    int r = a.rank();
    int[] p = perm;
    if (p == null) {
      p = new int[r];
      for (int i = 0; i < r; i++) {
        p[i] = r - 1 - i;
      }
    }
    int[] os = new int[r];
    for (int i = 0; i < r; i++) {
      os[i] = a.shape[p[i]];
    }
    int[] st = strides(a.shape);
    double[] d = new double[a.size()];
    int[] idx = new int[r];
    for (int k = 0; k < d.length; k++) {
      int src = 0;
      for (int i = 0; i < r; i++) {
        src += idx[i] * st[p[i]];
      }
      d[k] = a.d[src];
      inc(idx, os);
    }
    return new Arr(os, d);
  }

  static Arr reshape(Arr a, int[] written) {
    int[] s = written.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        infer = i;
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0) {
        throw new Unsupported("reshape -1 with 0");
      }
      s[infer] = a.size() / known;
    }
    if (Generator.size(s) != a.size()) {
      throw new Unsupported("reshape size");
    }
    return new Arr(s, a.d);
  }

  /**
   * Python and NumPy indexing, one item per leading axis: an integer drops its axis (negative
   * from the end), a slice keeps it (Python's bounds for its step's sign), an integer array takes
   * along it (its shape replacing the axis; negatives wrap).
   */
  static Arr index(Arr a, int[][] items, Arr idx) {
    Arr x = a;
    int axis = 0;
    for (int[] it : items) {
      int n = x.shape[axis];
      if (it[0] == 0) {
        int j = it[1] < 0 ? it[1] + n : it[1];
        if (j < 0 || j >= n) {
          throw new Unsupported("index out of range");
        }
        x = gatherAxis(x, axis, new int[] {j}, new int[0]);
      } else if (it[0] == 3) {
        int[] pos = new int[idx.size()];
        for (int k = 0; k < pos.length; k++) {
          int j = (int) idx.d[k];
          j = j < 0 ? j + n : j;
          if (j < 0 || j >= n) {
            throw new Unsupported("index out of range");
          }
          pos[k] = j;
        }
        x = gatherAxis(x, axis, pos, idx.shape);
        axis += idx.rank();
      } else {
        int step = it[0] == 2 ? it[3] : 1;
        int[] pos = pySlice(it[1], it[2], step, n);
        x = gatherAxis(x, axis, pos, new int[] {pos.length});
        axis++;
      }
    }
    return x;
  }

  /** The positions {@code range(*slice(lo, hi, step).indices(n))} selects. */
  static int[] pySlice(int lo, int hi, int step, int n) {
    int l;
    int h;
    if (step > 0) {
      l = lo == Ex.NONE ? 0 : lo < 0 ? Math.max(lo + n, 0) : Math.min(lo, n);
      h = hi == Ex.NONE ? n : hi < 0 ? Math.max(hi + n, 0) : Math.min(hi, n);
    } else {
      l = lo == Ex.NONE ? n - 1 : lo < 0 ? Math.max(lo + n, -1) : Math.min(lo, n - 1);
      h = hi == Ex.NONE ? -1 : hi < 0 ? Math.max(hi + n, -1) : Math.min(hi, n - 1);
    }
    List<Integer> p = new ArrayList<>();
    for (int i = l; step > 0 ? i < h : i > h; i += step) {
      p.add(i);
    }
    return p.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Positions {@code pos} of axis {@code axis}, which becomes axes of shape {@code dims}. */
  static Arr gatherAxis(Arr a, int axis, int[] pos, int[] dims) {
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= a.shape[i];
    }
    int inner = 1;
    for (int i = axis + 1; i < a.rank(); i++) {
      inner *= a.shape[i];
    }
    int n = a.shape[axis];
    double[] d = new double[outer * pos.length * inner];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < pos.length; k++) {
        System.arraycopy(a.d, (o * n + pos[k]) * inner, d, (o * pos.length + k) * inner, inner);
      }
    }
    int[] s = new int[a.rank() - 1 + dims.length];
    int j = 0;
    for (int i = 0; i < axis; i++) {
      s[j++] = a.shape[i];
    }
    for (int x : dims) {
      s[j++] = x;
    }
    for (int i = axis + 1; i < a.rank(); i++) {
      s[j++] = a.shape[i];
    }
    return new Arr(s, d);
  }

  private static int clamp(int v, int n) {
    return Math.max(0, Math.min(n, v));
  }

  static Arr concatenate(List<Arr> xs, int axisWritten) {
    int r = xs.get(0).rank();
    int axis = axisWritten < 0 ? axisWritten + r : axisWritten;
    int[] os = xs.get(0).shape.clone();
    int total = 0;
    for (Arr x : xs) {
      if (x.rank() != r) {
        throw new Unsupported("concatenate ranks");
      }
      for (int i = 0; i < r; i++) {
        if (i != axis && x.shape[i] != os[i]) {
          throw new Unsupported("concatenate shapes");
        }
      }
      total += x.shape[axis];
    }
    os[axis] = total;
    double[] d = new double[Generator.size(os)];
    int[] ost = strides(os);
    int off = 0;
    for (Arr x : xs) {
      int[] idx = new int[r];
      for (int k = 0; k < x.size(); k++) {
        int o = 0;
        for (int i = 0; i < r; i++) {
          o += (idx[i] + (i == axis ? off : 0)) * ost[i];
        }
        d[o] = x.d[k];
        inc(idx, x.shape);
      }
      off += x.shape[axis];
    }
    return new Arr(os, d);
  }
}
