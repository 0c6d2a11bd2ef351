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
  /** A value: shape and row-major data (bool and integers as doubles). */
  static final class Arr {
    final int[] shape;
    final double[] d;

    Arr(int[] shape, double[] d) {
      this.shape = shape;
      this.d = d;
      if (Generator.size(shape) != d.length) {
        throw new IllegalStateException("shape " + Arrays.toString(shape) + " with " + d.length);
      }
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

  /** The outputs of {@code p} at the given parameter values. */
  static List<Arr> run(Prog p, List<double[]> params) {
    NumpyEval ev = new NumpyEval();
    for (int i = 0; i < p.params.size(); i++) {
      ev.env.put(p.params.get(i), new Arr(p.shapes.get(i), params.get(i)));
    }
    for (Prog.Stmt s : p.stmts) {
      ev.env.put(s.name, ev.eval(s.expr));
    }
    List<Arr> outs = new ArrayList<>();
    for (Ex e : p.outs) {
      outs.add(ev.eval(e));
    }
    return outs;
  }

  // ------------------------------------------------------------------ expressions

  Arr eval(Ex e) {
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
        return call1(e.text, eval(e.args.get(0)));
      case NEG:
        return map(eval(e.args.get(0)), x -> -x);
      case POS:
        return eval(e.args.get(0));
      case BIN:
        return binary(e.text, eval(e.args.get(0)), eval(e.args.get(1)));
      case CALL2:
        return call2(e.text, eval(e.args.get(0)), eval(e.args.get(1)));
      case WHERE: {
        Arr c = eval(e.args.get(0));
        Arr a = eval(e.args.get(1));
        Arr b = eval(e.args.get(2));
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
      case REDUCE:
        return reduce(e.text, eval(e.args.get(0)), e.ints);
      case TENSORDOT: {
        Arr a = eval(e.args.get(0));
        Arr b = eval(e.args.get(1));
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
        return transpose(eval(e.args.get(0)), null);
      case TRANSPOSE:
        return transpose(eval(e.args.get(0)), e.ints);
      case RESHAPE:
        return reshape(eval(e.args.get(0)), e.ints);
      case INDEX:
        return index(eval(e.args.get(0)), e.pair);
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
      default:
        throw new Unsupported(e.kind.toString());
    }
  }

  private List<Arr> evalAll(List<Ex> es) {
    List<Arr> r = new ArrayList<>();
    for (Ex x : es) {
      r.add(eval(x));
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

  private static Arr call1(String f, Arr a) {
    switch (f) {
      case "sin":
        return map(a, Math::sin);
      case "cos":
        return map(a, Math::cos);
      case "tan":
        return map(a, Math::tan);
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
        return map(a, Math::signum);
      case "floor":
        return map(a, Math::floor);
      case "round":
        return map(a, Math::rint);
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

  private static Arr binary(String op, Arr a, Arr b) {
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
        return zip(a, b, (x, y) -> x < y ? 1 : 0);
      case "<=":
        return zip(a, b, (x, y) -> x <= y ? 1 : 0);
      case ">":
        return zip(a, b, (x, y) -> x > y ? 1 : 0);
      case ">=":
        return zip(a, b, (x, y) -> x >= y ? 1 : 0);
      case "==":
        return zip(a, b, (x, y) -> x == y ? 1 : 0);
      case "!=":
        return zip(a, b, (x, y) -> x != y ? 1 : 0);
      case "@":
        return matmul(a, b);
      default:
        throw new Unsupported(op);
    }
  }

  private static Arr call2(String f, Arr a, Arr b) {
    switch (f) {
      case "arctan2":
        return zip(a, b, Math::atan2);
      case "maximum":
        return zip(a, b, Math::max);
      case "minimum":
        return zip(a, b, Math::min);
      case "power":
        return zip(a, b, Math::pow);
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

  private static int[] normAxes(int[] axes, int rank) {
    int[] r = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
    }
    return r;
  }

  // ------------------------------------------------------------------ reductions

  private static Arr reduce(String f, Arr a, int[] axesWritten) {
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

  /** Python indexing: integers (negative from the end) and slices (clamped, step 1). */
  static Arr index(Arr a, int[][] items) {
    int r = a.rank();
    int[] lo = new int[r];
    int[] len = new int[r];
    boolean[] dropped = new boolean[r];
    for (int i = 0; i < r; i++) {
      len[i] = a.shape[i];
    }
    for (int i = 0; i < items.length; i++) {
      int n = a.shape[i];
      int[] it = items[i];
      if (it[0] == 0) {
        int j = it[1] < 0 ? it[1] + n : it[1];
        if (j < 0 || j >= n) {
          throw new Unsupported("index out of range");
        }
        lo[i] = j;
        len[i] = 1;
        dropped[i] = true;
      } else {
        int s = it[1] == Ex.NONE ? 0 : clamp(it[1] < 0 ? it[1] + n : it[1], n);
        int e = it[2] == Ex.NONE ? n : clamp(it[2] < 0 ? it[2] + n : it[2], n);
        lo[i] = s;
        len[i] = Math.max(0, e - s);
      }
    }
    List<Integer> os = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      if (!dropped[i]) {
        os.add(len[i]);
      }
    }
    int[] st = strides(a.shape);
    double[] d = new double[Generator.size(len)];
    int[] idx = new int[r];
    for (int k = 0; k < d.length; k++) {
      int src = 0;
      for (int i = 0; i < r; i++) {
        src += (lo[i] + idx[i]) * st[i];
      }
      d[k] = a.d[src];
      inc(idx, len);
    }
    return new Arr(os.stream().mapToInt(Integer::intValue).toArray(), d);
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
