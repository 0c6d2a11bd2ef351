package org.cotangent.symbolic;

import java.util.Arrays;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Constant;

/**
 * NumPy-style operations on nodes, for front ends (like {@code jax.numpy} over {@code jax.lax}):
 * operands are promoted ({@code bool -> i64 -> f64 -> c128}) and broadcast by NumPy's rules, and
 * both become explicit {@code convert_element_type} and {@code broadcast_in_dim} nodes, so the IR
 * itself never broadcasts implicitly and every transpose un-broadcasts exactly.
 */
public final class Np {
  private Np() {}

  // ---- promotion and broadcasting

  /** The NumPy broadcast of two shapes, or an error naming both. */
  public static Shape broadcastShapes(Shape a, Shape b) {
    int r = Math.max(a.rank(), b.rank());
    if (!a.isStatic() || !b.isStatic()) {
      // Symbolic sizes: an axis broadcasts when it is the constant 1; others must be the same size.
      Dim[] e = new Dim[r];
      for (int i = 0; i < r; i++) {
        Dim da = i < r - a.rank() ? Dim.of(1) : a.extent(i - (r - a.rank()));
        Dim db = i < r - b.rank() ? Dim.of(1) : b.extent(i - (r - b.rank()));
        if (!da.equals(db) && !isOne(da) && !isOne(db)) {
          throw new IrException("shapes " + a + " and " + b + " cannot be broadcast together"
              + (da.isConstant() && db.isConstant() ? "" : " (cannot tell whether " + da + " == "
              + db + ")"));
        }
        e[i] = isOne(da) ? db : da;
      }
      return Shape.of(e);
    }
    int[] d = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
      int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
      if (da != db && da != 1 && db != 1) {
        throw new IrException("shapes " + a + " and " + b + " cannot be broadcast together");
      }
      d[i] = da == 1 ? db : da;
    }
    return Shape.of(d);
  }

  /** {@code x} broadcast to {@code shape} by NumPy's rules (aligning trailing axes). */
  public static Node broadcastTo(Node x, Shape shape) {
    Shape s = x.type().shape();
    if (s.equals(shape)) {
      return x;
    }
    if (s.rank() > shape.rank()) {
      throw new IrException("cannot broadcast " + s + " to " + shape);
    }
    int offset = shape.rank() - s.rank();
    int[] dims = new int[s.rank()];
    for (int i = 0; i < s.rank(); i++) {
      dims[i] = offset + i;
      if (!s.isStatic() || !shape.isStatic()) {
        if (!isOne(s.extent(i)) && !s.extent(i).equals(shape.extent(offset + i))) {
          throw new IrException("cannot broadcast " + s + " to " + shape);
        }
        continue;
      }
      if (s.dim(i) != 1 && s.dim(i) != shape.dim(offset + i)) {
        throw new IrException("cannot broadcast " + s + " to " + shape);
      }
    }
    return Ir.broadcastInDim(x, shape, dims);
  }

  private static boolean isOne(Dim d) {
    return d.isConstant() && d.constantTerm() == 1;
  }

  public static Node astype(Node x, DType d) {
    return Ir.convert(x, d);
  }

  /** Promotes to a common dtype (at least {@code atLeast}) and broadcasts to a common shape. */
  private static Node[] align(Node x, Node y, DType atLeast) {
    DType d = DType.promote(DType.promote(x.dtype(), y.dtype()), atLeast);
    Shape s = broadcastShapes(x.type().shape(), y.type().shape());
    return new Node[] {broadcastTo(astype(x, d), s), broadcastTo(astype(y, d), s)};
  }

  /** Integers and booleans become f64 for functions only defined on floats. */
  private static Node floating(Node x) {
    return x.dtype().isFloating() ? x : astype(x, DType.F64);
  }

  public static Node scalar(double v) {
    return Ir.constant(v);
  }

  // ---- arithmetic

  public static Node add(Node x, Node y) {
    Node[] p = align(x, y, DType.I64);
    return Ir.add(p[0], p[1]);
  }

  public static Node sub(Node x, Node y) {
    Node[] p = align(x, y, DType.I64);
    return Ir.sub(p[0], p[1]);
  }

  public static Node mul(Node x, Node y) {
    Node[] p = align(x, y, DType.I64);
    return Ir.mul(p[0], p[1]);
  }

  /** True division: integers divide as floats, as in NumPy. */
  public static Node div(Node x, Node y) {
    Node[] p = align(x, y, DType.F64);
    return Ir.div(p[0], p[1]);
  }

  /**
   * {@code x ** y}. A constant integral exponent becomes {@code integer_pow} (defined for negative
   * x; {@code x ** 2} is {@code square}); otherwise {@code pow}.
   */
  public static Node power(Node x, Node y) {
    if (y.isConstant() && y.type().shape().isScalar() && !y.dtype().isComplex()) {
      double e = ((Constant) y.op()).uniformValue();
      if (e == Math.rint(e) && Math.abs(e) <= 1 << 16) {
        Node base = x.dtype() == DType.BOOL ? astype(x, DType.I64) : x;
        if (e < 0 && !base.dtype().isFloating()) {
          base = astype(base, DType.F64);
        }
        return e == 2 ? Ir.square(base) : Ir.integerPow(base, (int) e);
      }
    }
    Node[] p = align(x, y, DType.F64);
    return Ir.pow(p[0], p[1]);
  }

  public static Node neg(Node x) {
    return Ir.neg(x.dtype() == DType.BOOL ? astype(x, DType.I64) : x);
  }

  public static Node maximum(Node x, Node y) {
    Node[] p = align(x, y, DType.I64);
    return Ir.max(p[0], p[1]);
  }

  public static Node minimum(Node x, Node y) {
    Node[] p = align(x, y, DType.I64);
    return Ir.min(p[0], p[1]);
  }

  public static Node arctan2(Node y, Node x) {
    Node[] p = align(y, x, DType.F64);
    return Ir.atan2(p[0], p[1]);
  }

  // ---- comparisons and where

  public static Node less(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.lt(p[0], p[1]);
  }

  public static Node lessEqual(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.le(p[0], p[1]);
  }

  public static Node greater(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.gt(p[0], p[1]);
  }

  public static Node greaterEqual(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.ge(p[0], p[1]);
  }

  public static Node equal(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.eq(p[0], p[1]);
  }

  public static Node notEqual(Node x, Node y) {
    Node[] p = align(x, y, DType.BOOL);
    return Ir.ne(p[0], p[1]);
  }

  /** {@code where(cond, x, y)} with broadcasting of all three. */
  public static Node where(Node cond, Node x, Node y) {
    Node c = cond.dtype() == DType.BOOL ? cond : Ir.ne(cond, Ir.zeros(cond.type()));
    Node[] p = align(x, y, DType.BOOL);
    Shape s = broadcastShapes(c.type().shape(), p[0].type().shape());
    return Ir.select(broadcastTo(c, s), broadcastTo(p[0], s), broadcastTo(p[1], s));
  }

  // ---- unary math (integers are promoted to f64 where the function needs floats)

  public static Node exp(Node x) {
    return Ir.exp(floating(x));
  }

  public static Node log(Node x) {
    return Ir.log(floating(x));
  }

  public static Node log1p(Node x) {
    return Ir.log1p(floating(x));
  }

  public static Node expm1(Node x) {
    return Ir.expm1(floating(x));
  }

  public static Node sin(Node x) {
    return Ir.sin(floating(x));
  }

  public static Node cos(Node x) {
    return Ir.cos(floating(x));
  }

  public static Node tan(Node x) {
    return Ir.tan(floating(x));
  }

  public static Node tanh(Node x) {
    return Ir.tanh(floating(x));
  }

  public static Node sinh(Node x) {
    return Ir.sinh(floating(x));
  }

  public static Node cosh(Node x) {
    return Ir.cosh(floating(x));
  }

  public static Node arcsin(Node x) {
    return Ir.asin(floating(x));
  }

  public static Node arccos(Node x) {
    return Ir.acos(floating(x));
  }

  public static Node arctan(Node x) {
    return Ir.atan(floating(x));
  }

  public static Node sqrt(Node x) {
    return Ir.sqrt(floating(x));
  }

  public static Node rsqrt(Node x) {
    return Ir.rsqrt(floating(x));
  }

  public static Node abs(Node x) {
    return Ir.abs(x.dtype() == DType.BOOL ? astype(x, DType.I64) : x);
  }

  public static Node sign(Node x) {
    return Ir.sign(x.dtype() == DType.BOOL ? astype(x, DType.I64) : x);
  }

  public static Node sigmoid(Node x) {
    return Ir.logistic(floating(x));
  }

  public static Node square(Node x) {
    return Ir.square(x.dtype() == DType.BOOL ? astype(x, DType.I64) : x);
  }

  public static Node reciprocal(Node x) {
    return Ir.reciprocal(floating(x));
  }

  public static Node floor(Node x) {
    return x.dtype() == DType.I64 || x.dtype() == DType.BOOL ? x : Ir.floor(x);
  }

  public static Node round(Node x) {
    return x.dtype() == DType.I64 || x.dtype() == DType.BOOL ? x : Ir.round(x);
  }

  // ---- complex numbers

  /** The real part (NumPy: a real array is its own real part). */
  public static Node real(Node x) {
    return x.dtype().isComplex() ? Ir.real(x) : x;
  }

  /** The imaginary part (NumPy: zeros of the same type for a real array). */
  public static Node imag(Node x) {
    return x.dtype().isComplex() ? Ir.imag(x) : Ir.zeros(x.type());
  }

  /** The complex conjugate (NumPy: a real array is its own conjugate). */
  public static Node conj(Node x) {
    return x.dtype().isComplex() ? Ir.conj(x) : x;
  }

  /** The complex number {@code re + i im}, broadcast; both parts must be real. */
  public static Node complex(Node re, Node im) {
    if (re.dtype().isComplex() || im.dtype().isComplex()) {
      throw new IrException("complex: the real and imaginary parts must be real, got "
          + re.type() + " and " + im.type());
    }
    Node[] p = align(re, im, DType.F64);
    return Ir.complex(p[0], p[1]);
  }

  /** The argument of a complex number in (-pi, pi] (NumPy's {@code angle}); 0 or pi for reals. */
  public static Node angle(Node x) {
    Node z = x.dtype().isComplex() ? x : astype(x, DType.C128);
    return Ir.atan2(Ir.imag(z), Ir.real(z));
  }

  /** The smallest integer not below x; integers and booleans are returned as they are. */
  public static Node ceil(Node x) {
    return x.dtype() == DType.I64 || x.dtype() == DType.BOOL ? x : Ir.ceil(x);
  }

  /** The identity, with zero derivative: nothing is differentiated through it (JAX's stop_gradient). */
  public static Node stopGradient(Node x) {
    return Ir.stopGradient(x);
  }

  /**
   * C's and NumPy's {@code fmod} (JAX's {@code lax.rem}, Java's {@code %}): {@code x - trunc(x /
   * y) * y}, of the sign of the dividend x. Integers stay integers, and an integer divided by 0
   * leaves 0, as in NumPy; a float divided by 0 leaves NaN.
   */
  public static Node fmod(Node x, Node y) {
    return remainderOf("fmod", x, y, false);
  }

  /** NumPy's {@code mod}, which is its {@link #remainder} (not C's fmod: see {@link #fmod}). */
  public static Node mod(Node x, Node y) {
    return remainderOf("mod", x, y, true);
  }

  /**
   * Python's and NumPy's {@code %} ({@code numpy.remainder}, {@code numpy.mod}): {@code x -
   * floor(x / y) * y}, of the sign of the divisor y. Integers stay integers, and an integer
   * divided by 0 leaves 0, as in NumPy; a float divided by 0 leaves NaN.
   */
  public static Node remainder(Node x, Node y) {
    return remainderOf("remainder", x, y, true);
  }

  private static Node remainderOf(String fn, Node x, Node y, boolean floored) {
    Node[] p = align(x, y, DType.I64);
    if (p[0].dtype().isComplex()) {
      throw new IrException(fn + " is not defined for complex operands");
    }
    if (p[0].dtype() != DType.I64) {
      return floored ? Ir.remainder(p[0], p[1]) : Ir.rem(p[0], p[1]);
    }
    // Integers: a zero divisor becomes 1 (so the result is 0, NumPy's), and a zero result is
    // +0 (fmod of doubles keeps the dividend's sign, and an i64 should be a plain integer).
    TensorType t = p[1].type();
    Node zero = Ir.zeros(t);
    Node divisor = Ir.select(Ir.eq(p[1], zero), Ir.full(1.0, t), p[1]);
    Node r = floored ? Ir.remainder(p[0], divisor) : Ir.rem(p[0], divisor);
    return Ir.select(Ir.eq(r, zero), zero, r);
  }

  /**
   * {@code x} limited to {@code [lo, hi]}: {@code minimum(maximum(x, lo), hi)}, as {@code
   * jnp.clip} computes it, so where x equals a bound the derivative is split evenly (1/2), and
   * where {@code lo > hi} the result is hi. Either bound may be null (no limit), not both.
   */
  public static Node clip(Node x, Node lo, Node hi) {
    if (lo == null && hi == null) {
      throw new IrException("clip needs a lower bound, an upper bound or both");
    }
    Node r = x;
    if (lo != null) {
      r = maximum(r, lo);
    }
    if (hi != null) {
      r = minimum(r, hi);
    }
    return r;
  }

  // ---- reductions

  /** Normalises possibly negative axes; no axes means all of them. */
  public static int[] normalizeAxes(int rank, int... axes) {
    if (axes == null || axes.length == 0) {
      return Ir.allAxes(rank);
    }
    int[] a = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int ax = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (ax < 0 || ax >= rank) {
        throw new IrException("axis " + axes[i] + " is out of bounds for an array of rank " + rank);
      }
      a[i] = ax;
    }
    Arrays.sort(a);
    for (int i = 1; i < a.length; i++) {
      if (a[i] == a[i - 1]) {
        throw new IrException("repeated axis " + a[i]);
      }
    }
    return a;
  }

  /** Sum over {@code axes} (all if none); booleans sum as integers. */
  public static Node sum(Node x, int... axes) {
    Node v = x.dtype() == DType.BOOL ? astype(x, DType.I64) : x;
    return Ir.reduceSum(v, normalizeAxes(x.rank(), axes));
  }

  public static Node mean(Node x, int... axes) {
    int[] a = normalizeAxes(x.rank(), axes);
    int n = 1;
    for (int ax : a) {
      n *= x.type().shape().dim(ax);
    }
    Node s = sum(floating(x), a);
    return Ir.div(s, Ir.full(n, s.type()));
  }

  public static Node max(Node x, int... axes) {
    return Ir.reduceMax(x, normalizeAxes(x.rank(), axes));
  }

  public static Node prod(Node x, int... axes) {
    return Ir.reduceProd(x.dtype() == DType.BOOL ? astype(x, DType.I64) : x,
        normalizeAxes(x.rank(), axes));
  }

  /**
   * The i64 index of the largest element along {@code axis} (negative counts from the end), or of
   * the flattened array when {@code axis} is null; the first of ties, and the first NaN, as
   * NumPy's. Its derivative is zero.
   */
  public static Node argmax(Node x, Integer axis) {
    return argReduce(x, axis, false);
  }

  /** As {@link #argmax}, for the smallest element. */
  public static Node argmin(Node x, Integer axis) {
    return argReduce(x, axis, true);
  }

  private static Node argReduce(Node x, Integer axis, boolean min) {
    Node v = x.dtype() == DType.BOOL ? astype(x, DType.I64) : x;
    if (v.dtype().isComplex()) {
      throw new IrException((min ? "argmin" : "argmax") + ": complex numbers are not ordered");
    }
    if (axis == null) {
      v = Ir.reshape(v, Shape.of(v.type().size()));
    }
    int a = axis == null ? 0 : normalizeAxes(v.rank(), axis)[0];
    return min ? Ir.argmin(v, a) : Ir.argmax(v, a);
  }

  // ---- compositions (jax.nn and jax.scipy.special), with stable values and derivatives

  private static Node realFloating(Node x, String fn) {
    if (x.dtype().isComplex()) {
      throw new IrException(fn + " of complex values is not supported");
    }
    return floating(x);
  }

  /** {@code r}, computed with {@code axes} of {@code like} reduced away, broadcast back to {@code like}. */
  private static Node expand(Node r, Node like, int[] axes) {
    return Ir.broadcastInDim(r, like.type().shape(),
        org.cotangent.symbolic.ops.Indexing.remaining(like.rank(), axes));
  }

  /** The number of elements over {@code axes}. */
  private static int count(Node x, int[] axes) {
    int n = 1;
    for (int a : axes) {
      n *= x.type().shape().dim(a);
    }
    return n;
  }

  /**
   * The maximum over {@code axes}, with infinities and NaN replaced by 0, under stop_gradient: the
   * shift that keeps {@code exp} from overflowing (JAX's logsumexp). The results it shifts do not
   * depend on the shift, so stopping its gradient loses nothing and keeps reduce_max's derivative
   * out of the program.
   */
  private static Node shift(Node x, int[] axes) {
    Node m = Ir.reduceMax(x, axes);
    Node zero = Ir.zeros(m.type());
    Node finite = Ir.eq(Ir.sub(m, m), zero);
    return Ir.stopGradient(Ir.select(finite, m, zero));
  }

  /**
   * {@code log(sum(exp(x)))} over {@code axes} (all if none), computed as {@code m +
   * log(sum(exp(x - m)))} with {@code m} the stopped maximum ({@link #shift}), so it neither
   * overflows nor underflows: logsumexp of [1000, 1000] is 1000 + log 2. Its gradient is
   * {@code exp(x - m) / sum(exp(x - m))}, the softmax, also without overflow. All {@code -inf}
   * gives {@code -inf}; a {@code +inf} gives {@code +inf}.
   */
  public static Node logsumexp(Node x, int... axes) {
    Node v = realFloating(x, "logsumexp");
    int[] a = normalizeAxes(v.rank(), axes);
    Node m = shift(v, a);
    Node sum = Ir.reduceSum(Ir.exp(Ir.sub(v, expand(m, v, a))), a);
    return Ir.add(Ir.log(sum), m);
  }

  /**
   * {@code exp(x) / sum(exp(x))} over {@code axes} (all if none; the script and the tracing API
   * default to the last axis, as {@code jax.nn.softmax}), computed with the stopped maximum
   * subtracted first, so large inputs do not overflow; the shift cancels, so the derivative is
   * exact.
   */
  public static Node softmax(Node x, int... axes) {
    Node v = realFloating(x, "softmax");
    int[] a = normalizeAxes(v.rank(), axes);
    Node e = Ir.exp(Ir.sub(v, expand(shift(v, a), v, a)));
    return Ir.div(e, expand(Ir.reduceSum(e, a), v, a));
  }

  /** {@code x - logsumexp(x)} over {@code axes}, as {@code (x - m) - log(sum(exp(x - m)))}: stable. */
  public static Node logSoftmax(Node x, int... axes) {
    Node v = realFloating(x, "log_softmax");
    int[] a = normalizeAxes(v.rank(), axes);
    Node shifted = Ir.sub(v, expand(shift(v, a), v, a));
    return Ir.sub(shifted, expand(Ir.log(Ir.reduceSum(Ir.exp(shifted), a)), v, a));
  }

  /**
   * The variance over {@code axes} (all if none) with {@code ddof} delta degrees of freedom:
   * {@code sum((x - mean)^2) / (n - ddof)}, two-pass as NumPy and JAX compute it. Where {@code n -
   * ddof <= 0} the divisor is 0, as NumPy's (so the result is inf or NaN, not negative).
   */
  public static Node var(Node x, double ddof, int... axes) {
    Node v = realFloating(x, "var");
    int[] a = normalizeAxes(v.rank(), axes);
    int n = count(v, a);
    Node mean = Ir.reduceSum(v, a);
    mean = Ir.div(mean, Ir.full(n, mean.type()));
    Node sq = Ir.reduceSum(Ir.square(Ir.sub(v, expand(mean, v, a))), a);
    return Ir.div(sq, Ir.full(Math.max(n - ddof, 0.0), sq.type()));
  }

  /**
   * {@code sqrt(var(x, ddof, axes))}. As in JAX, its gradient where the input is constant along
   * the axes is NaN (0 times the infinite slope of sqrt at 0): the standard deviation has no
   * derivative there.
   */
  public static Node std(Node x, double ddof, int... axes) {
    return Ir.sqrt(var(x, ddof, axes));
  }

  /**
   * NumPy's {@code linalg.norm} for the orders with a 2-norm: {@code sqrt(sum(x^2))} over the
   * axes. {@code axes} empty: {@code ord} null takes the 2-norm of the flattened array (any rank),
   * otherwise x must be a vector or a matrix; one axis: vector norms along it; two: matrix norms
   * over them. {@code ord} is null (the 2-norm of a vector, the Frobenius norm of a matrix), 2
   * (vectors only: a matrix's 2-norm is its largest singular value) or {@code "fro"} (matrices
   * only); any other order is rejected by name. As in JAX, the gradient at 0 is NaN (0 / 0): the
   * norm has no derivative there.
   */
  public static Node norm(Node x, Object ord, int... axes) {
    Node v = realFloating(x, "norm");
    String shown = ord instanceof String ? "'" + ord + "'" : ordText(ord);
    boolean two = ord instanceof Number && ((Number) ord).doubleValue() == 2;
    boolean fro = "fro".equals(ord);
    if (ord != null && !two && !fro) {
      throw new IrException("norm: ord=" + shown + " is not supported; ord may be None (the"
          + " 2-norm of a vector, the Frobenius norm of a matrix), 2 (vectors) or 'fro' (matrices)");
    }
    int[] a;
    if (axes.length == 0 && ord == null) {
      a = Ir.allAxes(v.rank());
    } else {
      a = axes.length == 0 ? Ir.allAxes(v.rank()) : normalizeAxes(v.rank(), axes);
      if (a.length != 1 && a.length != 2) {
        throw new IrException("norm: ord=" + shown + " needs a vector or a matrix, got "
            + (axes.length == 0 ? "an array of rank " + v.rank() + " (give axis)"
                : a.length + " axes"));
      }
      if (a.length == 2 && two) {
        throw new IrException("norm: ord=2 of a matrix is its spectral norm (largest singular"
            + " value), which is not supported; ord=None or 'fro' gives the Frobenius norm");
      }
      if (a.length == 1 && fro) {
        throw new IrException("norm: ord='fro' is for matrices; ord=None or 2 gives the 2-norm"
            + " of a vector");
      }
    }
    return Ir.sqrt(Ir.reduceSum(Ir.square(v), a));
  }

  private static String ordText(Object ord) {
    if (ord == null) {
      return "None";
    }
    if (!(ord instanceof Number)) {
      return String.valueOf(ord);
    }
    double d = ((Number) ord).doubleValue();
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  // ---- linear algebra

  /**
   * NumPy's {@code matmul} ({@code @}): 1-D operands are promoted to a matrix and the added axis
   * removed afterwards; leading axes of rank &gt; 2 operands are broadcast batch axes.
   */
  public static Node matmul(Node a, Node b) {
    if (a.rank() == 0 || b.rank() == 0) {
      throw new IrException("matmul: operands must not be scalars (use * for scaling), got "
          + a.type() + " @ " + b.type());
    }
    DType d = DType.promote(a.dtype(), b.dtype());
    a = astype(a, d);
    b = astype(b, d);
    if (a.rank() == 1 && b.rank() == 1) {
      checkContract(a, 0, b, 0);
      return Ir.dotGeneral(a, b, new int[] {0}, new int[] {0}, new int[0], new int[0]);
    }
    if (a.rank() <= 2 && b.rank() <= 2) {
      int ca = a.rank() - 1;
      int cb = b.rank() == 1 ? 0 : 0;
      checkContract(a, ca, b, cb);
      return Ir.dotGeneral(a, b, new int[] {ca}, new int[] {cb}, new int[0], new int[0]);
    }
    // Batched: promote vectors, broadcast batch axes, contract, drop promoted axes.
    boolean aVec = a.rank() == 1;
    boolean bVec = b.rank() == 1;
    Node a2 = aVec ? Ir.reshape(a, Shape.of(1, a.type().shape().dim(0))) : a;
    Node b2 = bVec ? Ir.reshape(b, Shape.of(b.type().shape().dim(0), 1)) : b;
    Shape sa = a2.type().shape();
    Shape sb = b2.type().shape();
    Shape batch = broadcastShapes(Shape.of(Arrays.copyOf(sa.dims(), sa.rank() - 2)),
        Shape.of(Arrays.copyOf(sb.dims(), sb.rank() - 2)));
    int nb = batch.rank();
    a2 = broadcastTo(a2, concat(batch, sa.dim(sa.rank() - 2), sa.dim(sa.rank() - 1)));
    b2 = broadcastTo(b2, concat(batch, sb.dim(sb.rank() - 2), sb.dim(sb.rank() - 1)));
    checkContract(a2, nb + 1, b2, nb);
    int[] bd = Ir.allAxes(nb);
    Node r = Ir.dotGeneral(a2, b2, new int[] {nb + 1}, new int[] {nb}, bd, bd);
    int[] dims = r.type().shape().dims();
    if (aVec || bVec) {
      int[] keep = new int[dims.length - (aVec ? 1 : 0) - (bVec ? 1 : 0)];
      int k = 0;
      for (int i = 0; i < dims.length; i++) {
        if ((aVec && i == nb) || (bVec && i == dims.length - 1)) {
          continue;
        }
        keep[k++] = dims[i];
      }
      r = Ir.reshape(r, Shape.of(keep));
    }
    return r;
  }

  private static Shape concat(Shape batch, int m, int n) {
    int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
    d[batch.rank()] = m;
    d[batch.rank() + 1] = n;
    return Shape.of(d);
  }

  private static void checkContract(Node a, int ax, Node b, int bx) {
    if (a.type().shape().dim(ax) != b.type().shape().dim(bx)) {
      throw new IrException("matmul: shapes " + a.type().shape() + " and " + b.type().shape()
          + " are not aligned: " + a.type().shape().dim(ax) + " (axis " + ax + ") != "
          + b.type().shape().dim(bx) + " (axis " + bx + ")");
    }
  }

  /** NumPy's {@code dot}: scalars multiply, otherwise contract a's last axis with b's second-last. */
  public static Node dot(Node a, Node b) {
    if (a.rank() == 0 || b.rank() == 0) {
      return mul(a, b);
    }
    if (b.rank() <= 2) {
      return matmul(a, b);
    }
    DType d = DType.promote(a.dtype(), b.dtype());
    int ca = a.rank() - 1;
    int cb = b.rank() - 2;
    checkContract(a, ca, b, cb);
    return Ir.dotGeneral(astype(a, d), astype(b, d), new int[] {ca}, new int[] {cb}, new int[0],
        new int[0]);
  }

  /** The sum of the elementwise product of two arrays of one size (flattened), as {@code vdot}. */
  public static Node vdot(Node a, Node b) {
    if (a.type().size() != b.type().size()) {
      throw new IrException("vdot: sizes differ: " + a.type().shape() + " and " + b.type().shape());
    }
    // NumPy's vdot conjugates its first argument.
    Node fa = Ir.reshape(conj(a), Shape.of(a.type().size()));
    Node fb = Ir.reshape(b, Shape.of(b.type().size()));
    return matmul(fa, fb);
  }

  /** Contracts the last {@code n} axes of a with the first {@code n} of b. */
  public static Node tensordot(Node a, Node b, int n) {
    int[] ca = new int[n];
    int[] cb = new int[n];
    for (int i = 0; i < n; i++) {
      ca[i] = a.rank() - n + i;
      cb[i] = i;
    }
    return tensordot(a, b, ca, cb);
  }

  public static Node tensordot(Node a, Node b, int[] axesA, int[] axesB) {
    DType d = DType.promote(a.dtype(), b.dtype());
    return Ir.dotGeneral(astype(a, d), astype(b, d), axesA, axesB, new int[0], new int[0]);
  }

  public static Node outer(Node a, Node b) {
    Node fa = Ir.reshape(a, Shape.of(a.type().size()));
    Node fb = Ir.reshape(b, Shape.of(b.type().size()));
    return tensordot(fa, fb, new int[0], new int[0]);
  }

  // ---- shape manipulation

  /** Reverses the axes, as {@code x.T}. */
  public static Node transpose(Node x) {
    int r = x.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = r - 1 - i;
    }
    return Ir.transpose(x, perm);
  }

  /** Reshape with at most one {@code -1} dimension inferred. */
  public static Node reshape(Node x, int... dims) {
    int[] d = dims.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        if (infer >= 0) {
          throw new IrException("reshape: only one dimension can be -1");
        }
        infer = i;
      } else {
        known *= d[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || x.type().size() % known != 0) {
        throw new IrException("cannot reshape " + x.type().shape() + " into " + Arrays.toString(dims));
      }
      d[infer] = x.type().size() / known;
    }
    return Ir.reshape(x, Shape.of(d));
  }

  /** {@code x[i]} on axis 0, with negative indices counting from the end. */
  public static Node index(Node x, int axis, int i) {
    if (axis >= x.rank()) {
      throw new IrException("too many indices for an array of rank " + x.rank());
    }
    int n = x.type().shape().dim(axis);
    int j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) {
      throw new IrException("index " + i + " is out of bounds for axis " + axis + " with size " + n);
    }
    return Ir.index(x, axis, j);
  }

  /** {@code x[start:stop]} on {@code axis}, Python-style (negative and clamped bounds). */
  public static Node slice(Node x, int axis, Integer start, Integer stop) {
    if (axis >= x.rank()) {
      throw new IrException("too many indices for an array of rank " + x.rank());
    }
    int n = x.type().shape().dim(axis);
    int s = start == null ? 0 : clamp(start < 0 ? start + n : start, n);
    int e = stop == null ? n : clamp(stop < 0 ? stop + n : stop, n);
    e = Math.max(e, s);
    int[] lo = new int[x.rank()];
    int[] hi = x.type().shape().dims();
    lo[axis] = s;
    hi[axis] = e;
    return Ir.slice(x, lo, hi);
  }

  /**
   * {@code x[start:stop:step]} on {@code axis} with Python's meaning of the bounds for the step's
   * sign (negative bounds count from the end, out-of-range ones are clamped, null means open); a
   * step of 0 is an error. A positive step is one strided {@code slice}, a negative one a strided
   * slice reversed ({@code rev}), as {@code jax.numpy} builds them.
   */
  public static Node slice(Node x, int axis, Integer start, Integer stop, Integer step) {
    int k = step == null ? 1 : step;
    if (k == 1) {
      return slice(x, axis, start, stop);
    }
    if (k == 0) {
      throw new IrException("slice step cannot be zero");
    }
    if (axis >= x.rank()) {
      throw new IrException("too many indices for an array of rank " + x.rank());
    }
    int n = x.type().shape().dim(axis);
    int[] lo = new int[x.rank()];
    int[] hi = x.type().shape().dims();
    int[] st = new int[x.rank()];
    Arrays.fill(st, 1);
    if (k > 0) {
      int s = start == null ? 0 : clamp(start < 0 ? start + n : start, n);
      int e = stop == null ? n : clamp(stop < 0 ? stop + n : stop, n);
      lo[axis] = s;
      hi[axis] = Math.max(e, s);
      st[axis] = k;
      return Ir.slice(x, lo, hi, st);
    }
    // Python's slice.indices for a negative step: start in [-1, n-1] (default n-1), stop in
    // [-1, n-1] (default -1, before the first element); elements start, start+k, ... > stop.
    int s = start == null ? n - 1 : Math.max(-1, Math.min(n - 1, start < 0 ? start + n : start));
    int e = stop == null ? -1 : Math.max(-1, Math.min(n - 1, stop < 0 ? stop + n : stop));
    int m = s > e ? (s - e + (-k) - 1) / (-k) : 0;
    int first = s + (m - 1) * k;
    lo[axis] = m == 0 ? 0 : first;
    hi[axis] = m == 0 ? 0 : s + 1;
    st[axis] = -k;
    return Ir.rev(Ir.slice(x, lo, hi, st), axis);
  }

  /** {@code x} with the order of elements reversed along {@code axes} (all if none), as {@code flip}. */
  public static Node flip(Node x, int... axes) {
    return Ir.rev(x, normalizeAxes(x.rank(), axes));
  }

  // ---- integer indexing

  /**
   * NumPy's {@code take(x, indices, axis)} ({@code x[indices]} for axis 0): the indices' shape
   * replaces the axis. Indices must be integers (bool masks are not supported); negative ones
   * count from the end. Constant indices are checked here (an out-of-range one is an error, as in
   * NumPy); traced ones are wrapped and then clamped to the axis by {@code gather}, JAX's rule for
   * indices it cannot check. {@code axis} null: {@code x} flattened.
   */
  public static Node take(Node x, Node indices, Integer axis) {
    if (axis == null) {
      return take(Ir.reshape(x, Shape.of(x.type().size())), indices, 0);
    }
    if (x.rank() == 0) {
      throw new IrException("cannot index a scalar (an array of rank 0)");
    }
    int ax = normalizeAxes(x.rank(), axis)[0];
    int n = x.type().shape().dim(ax);
    return Ir.gather(x, wrappedIndices(indices, n, ax), ax);
  }

  /**
   * Indices into an axis of length {@code n} with negative ones wrapped ({@code i + n}): checked
   * and wrapped now when constant, by a {@code select} when traced.
   */
  static Node wrappedIndices(Node indices, int n, int axis) {
    if (indices.dtype() == DType.BOOL) {
      throw new IrException("boolean arrays as indices (masks) are not supported; use where(mask,"
          + " x, y) or integer indices");
    }
    if (indices.dtype() != DType.I64) {
      throw new IrException("arrays used as indices must be of integer type, got "
          + indices.dtype());
    }
    if (indices.isConstant()) {
      Tensor t = ((Constant) indices.op()).value();
      double[] d = t.data();
      for (int k = 0; k < d.length; k++) {
        if (d[k] < -n || d[k] >= n) {
          throw new IrException("index " + (long) d[k] + " is out of bounds for axis " + axis
              + " with size " + n);
        }
        d[k] = d[k] < 0 ? d[k] + n : d[k];
      }
      return Ir.constant(Tensor.wrap(t.type(), d));
    }
    TensorType t = indices.type();
    return Ir.select(Ir.lt(indices, Ir.zeros(t)), Ir.add(indices, Ir.full(n, t)), indices);
  }

  /**
   * NumPy's {@code take_along_axis(x, indices, axis)} for indices of x's shape except along the
   * axis (no broadcasting): element {@code (p, k, r)} is {@code x[p, indices[p, k, r], r]}.
   */
  public static Node takeAlongAxis(Node x, Node indices, int axis) {
    int ax = normalizeAxes(x.rank(), axis)[0];
    Dim n = x.type().shape().extent(ax);
    if (!n.isConstant()) {
      // Negative indices count from the end of an axis of symbolic size n: n as a value.
      TensorType t = indices.type();
      Node wrapped = Ir.select(Ir.lt(indices, Ir.zeros(t)),
          Ir.add(indices, org.cotangent.symbolic.ops.SizeValue.of(n, t)), indices);
      return org.cotangent.symbolic.ops.Gather.alongAxis(x, wrapped, ax, false);
    }
    return org.cotangent.symbolic.ops.Gather.alongAxis(x,
        wrappedIndices(indices, x.type().shape().dim(ax), ax), ax, indices.isConstant());
  }

  // ---- scans and sorting

  /** The running sum along {@code axis} (null: of x flattened), from the end when {@code reverse}. */
  public static Node cumsum(Node x, Integer axis, boolean reverse) {
    Node v = x.dtype() == DType.BOOL ? astype(x, DType.I64) : x;
    if (axis == null) {
      return Ir.cumsum(Ir.reshape(v, Shape.of(v.type().size())), 0, reverse);
    }
    return Ir.cumsum(v, normalizeAxes(x.rank(), axis)[0], reverse);
  }

  /** The running product along {@code axis} (null: of x flattened), from the end when {@code reverse}. */
  public static Node cumprod(Node x, Integer axis, boolean reverse) {
    Node v = x.dtype() == DType.BOOL ? astype(x, DType.I64) : x;
    if (axis == null) {
      return Ir.cumprod(Ir.reshape(v, Shape.of(v.type().size())), 0, reverse);
    }
    return Ir.cumprod(v, normalizeAxes(x.rank(), axis)[0], reverse);
  }

  /** Sorted along {@code axis} (null: x flattened), ascending, NaN last. */
  public static Node sort(Node x, Integer axis) {
    if (axis == null) {
      return sort(Ir.reshape(x, Shape.of(x.type().size())), 0);
    }
    if (x.rank() == 0) {
      throw new IrException("sort needs an array of rank 1 or more (or axis=None)");
    }
    return Ir.sort(x, normalizeAxes(x.rank(), axis)[0]);
  }

  /** The {@code i64} positions that sort {@code x} along {@code axis} (stable). */
  public static Node argsort(Node x, Integer axis) {
    if (axis == null) {
      return argsort(Ir.reshape(x, Shape.of(x.type().size())), 0);
    }
    if (x.rank() == 0) {
      throw new IrException("argsort needs an array of rank 1 or more (or axis=None)");
    }
    return Ir.argsort(x, normalizeAxes(x.rank(), axis)[0]);
  }

  private static int clamp(int v, int n) {
    return Math.max(0, Math.min(n, v));
  }

  public static Node concatenate(int axis, Node... xs) {
    if (xs.length == 0) {
      throw new IrException("need at least one array to concatenate");
    }
    DType d = xs[0].dtype();
    for (Node x : xs) {
      d = DType.promote(d, x.dtype());
    }
    Node[] ys = new Node[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = astype(xs[i], d);
    }
    int ax = axis < 0 ? axis + xs[0].rank() : axis;
    return Ir.concatenate(ax, ys);
  }

  /** Stacks arrays of one shape along a new axis 0. */
  public static Node stack(Node... xs) {
    Node[] ys = new Node[xs.length];
    for (int i = 0; i < xs.length; i++) {
      int[] d = new int[xs[i].rank() + 1];
      d[0] = 1;
      System.arraycopy(xs[i].type().shape().dims(), 0, d, 1, xs[i].rank());
      ys[i] = Ir.reshape(xs[i], Shape.of(d));
    }
    return concatenate(0, ys);
  }
}
