package org.cotangent.frontend;

import org.cotangent.symbolic.Linalg;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;

/** The functions of the tracing API over {@link Sym}, named as in {@code jax.numpy}. */
public final class Ops {
  private Ops() {}

  /** Elementwise sine ({@code jnp.sin}). */
  public static Sym sin(Sym x) {
    return Sym.of(Np.sin(x.node()));
  }

  /** Elementwise cosine ({@code jnp.cos}). */
  public static Sym cos(Sym x) {
    return Sym.of(Np.cos(x.node()));
  }

  /** Elementwise tangent ({@code jnp.tan}). */
  public static Sym tan(Sym x) {
    return Sym.of(Np.tan(x.node()));
  }

  /** Elementwise hyperbolic tangent ({@code jnp.tanh}). */
  public static Sym tanh(Sym x) {
    return Sym.of(Np.tanh(x.node()));
  }

  /** Elementwise hyperbolic sine ({@code jnp.sinh}). */
  public static Sym sinh(Sym x) {
    return Sym.of(Np.sinh(x.node()));
  }

  /** Elementwise hyperbolic cosine ({@code jnp.cosh}). */
  public static Sym cosh(Sym x) {
    return Sym.of(Np.cosh(x.node()));
  }

  /** Elementwise exponential ({@code jnp.exp}). */
  public static Sym exp(Sym x) {
    return Sym.of(Np.exp(x.node()));
  }

  /** Elementwise natural logarithm ({@code jnp.log}). */
  public static Sym log(Sym x) {
    return Sym.of(Np.log(x.node()));
  }

  /** Elementwise {@code log(1 + x)}, accurate near 0 ({@code jnp.log1p}). */
  public static Sym log1p(Sym x) {
    return Sym.of(Np.log1p(x.node()));
  }

  /** Elementwise {@code exp(x) - 1}, accurate near 0 ({@code jnp.expm1}). */
  public static Sym expm1(Sym x) {
    return Sym.of(Np.expm1(x.node()));
  }

  /** Elementwise square root ({@code jnp.sqrt}). */
  public static Sym sqrt(Sym x) {
    return Sym.of(Np.sqrt(x.node()));
  }

  /** Elementwise absolute value; the modulus of a complex number ({@code jnp.abs}). */
  public static Sym abs(Sym x) {
    return Sym.of(Np.abs(x.node()));
  }

  /** Elementwise square ({@code jnp.square}). */
  public static Sym square(Sym x) {
    return Sym.of(Np.square(x.node()));
  }

  /** The logistic function {@code 1 / (1 + exp(-x))} ({@code jax.nn.sigmoid}). */
  public static Sym sigmoid(Sym x) {
    return Sym.of(Np.sigmoid(x.node()));
  }

  /** Elementwise {@code atan2(y, x)} ({@code jnp.arctan2}). */
  public static Sym arctan2(Sym y, Sym x) {
    return Sym.of(Np.arctan2(y.node(), x.node()));
  }

  /** Elementwise maximum, broadcasting ({@code jnp.maximum}). */
  public static Sym maximum(Sym x, Sym y) {
    return Sym.of(Np.maximum(x.node(), y.node()));
  }

  /** Elementwise minimum, broadcasting ({@code jnp.minimum}). */
  public static Sym minimum(Sym x, Sym y) {
    return Sym.of(Np.minimum(x.node(), y.node()));
  }

  /** {@code x} where {@code cond} is true, else {@code y}, broadcasting ({@code jnp.where}). */
  public static Sym where(Sym cond, Sym x, Sym y) {
    return Sym.of(Np.where(cond.node(), x.node(), y.node()));
  }

  /** Sum over {@code axes}, all if none. */
  public static Sym sum(Sym x, int... axes) {
    return Sym.of(Np.sum(x.node(), axes));
  }

  /** The mean over {@code axes} (all if none) ({@code jnp.mean}). */
  public static Sym mean(Sym x, int... axes) {
    return Sym.of(Np.mean(x.node(), axes));
  }

  /** The maximum over {@code axes} (all if none) ({@code jnp.max}). */
  public static Sym max(Sym x, int... axes) {
    return Sym.of(Np.max(x.node(), axes));
  }

  /** The product over {@code axes} (all if none) ({@code jnp.prod}). */
  public static Sym prod(Sym x, int... axes) {
    return Sym.of(Np.prod(x.node(), axes));
  }

  /** The running sum along {@code axis} (negative counts from the end), from the end if {@code reverse}. */
  public static Sym cumsum(Sym x, int axis, boolean reverse) {
    return Sym.of(Np.cumsum(x.node(), axis, reverse));
  }

  /** The running product along {@code axis}, from the end if {@code reverse}. */
  public static Sym cumprod(Sym x, int axis, boolean reverse) {
    return Sym.of(Np.cumprod(x.node(), axis, reverse));
  }

  /** Sorted along {@code axis}, ascending (NaN last); its derivative permutes the tangent. */
  public static Sym sort(Sym x, int axis) {
    return Sym.of(Np.sort(x.node(), axis));
  }

  /** The {@code i64} positions that sort {@code x} along {@code axis} (stable). */
  public static Sym argsort(Sym x, int axis) {
    return Sym.of(Np.argsort(x.node(), axis));
  }

  /**
   * NumPy's {@code take}: the elements of {@code x} at the {@code i64} {@code indices} along
   * {@code axis} (negative indices count from the end; traced ones out of range are clamped).
   */
  public static Sym take(Sym x, Sym indices, int axis) {
    return Sym.of(Np.take(x.node(), indices.node(), axis));
  }

  /** NumPy's {@code take_along_axis} for indices of x's shape except along {@code axis}. */
  public static Sym takeAlongAxis(Sym x, Sym indices, int axis) {
    return Sym.of(Np.takeAlongAxis(x.node(), indices.node(), axis));
  }

  /** {@code x} reversed along {@code axes} (all if none). */
  public static Sym flip(Sym x, int... axes) {
    return Sym.of(Np.flip(x.node(), axes));
  }

  /** NumPy's {@code dot}: inner product of vectors, matrix product of matrices ({@code jnp.dot}). */
  public static Sym dot(Sym a, Sym b) {
    return a.dot(b);
  }

  /** The matrix product, batched over leading axes ({@code jnp.matmul}, {@code @}). */
  public static Sym matmul(Sym a, Sym b) {
    return a.matmul(b);
  }

  /** The dot product of the flattened arrays, conjugating the first ({@code jnp.vdot}). */
  public static Sym vdot(Sym a, Sym b) {
    return Sym.of(Np.vdot(a.node(), b.node()));
  }

  /** The outer product of two vectors ({@code jnp.outer}). */
  public static Sym outer(Sym a, Sym b) {
    return Sym.of(Np.outer(a.node(), b.node()));
  }

  /** Elementwise ceiling ({@code jnp.ceil}); its derivative is zero. */
  public static Sym ceil(Sym x) {
    return Sym.of(Np.ceil(x.node()));
  }

  /** C's fmod ({@code lax.rem}): the remainder of truncated division, of the sign of x. */
  public static Sym fmod(Sym x, Sym y) {
    return Sym.of(Np.fmod(x.node(), y.node()));
  }

  /** NumPy's {@code mod}: the same as {@link #remainder}. */
  public static Sym mod(Sym x, Sym y) {
    return Sym.of(Np.mod(x.node(), y.node()));
  }

  /** Python's {@code %} ({@code numpy.remainder}): the remainder of floor division, of the sign of y. */
  public static Sym remainder(Sym x, Sym y) {
    return Sym.of(Np.remainder(x.node(), y.node()));
  }

  /** The identity, through which nothing is differentiated. */
  public static Sym stopGradient(Sym x) {
    return Sym.of(Np.stopGradient(x.node()));
  }

  /** {@code x} limited to {@code [lo, hi]}; either bound may be null. */
  public static Sym clip(Sym x, Sym lo, Sym hi) {
    return Sym.of(Np.clip(x.node(), lo == null ? null : lo.node(), hi == null ? null : hi.node()));
  }

  /** {@code x} limited to {@code [lo, hi]} ({@code jnp.clip}). */
  public static Sym clip(Sym x, double lo, double hi) {
    return clip(x, Sym.constant(lo), Sym.constant(hi));
  }

  /** The i64 index of the largest element of the flattened array (the first of ties). */
  public static Sym argmax(Sym x) {
    return Sym.of(Np.argmax(x.node(), null));
  }

  /** The i64 indices of the largest elements along {@code axis}. */
  public static Sym argmax(Sym x, int axis) {
    return Sym.of(Np.argmax(x.node(), axis));
  }

  /** The index of the minimum ({@code jnp.argmin}). */
  public static Sym argmin(Sym x) {
    return Sym.of(Np.argmin(x.node(), null));
  }

  /** The index of the minimum ({@code jnp.argmin}). */
  public static Sym argmin(Sym x, int axis) {
    return Sym.of(Np.argmin(x.node(), axis));
  }

  /** {@code log(sum(exp(x)))} over {@code axes} (all if none), without overflow. */
  public static Sym logsumexp(Sym x, int... axes) {
    return Sym.of(Np.logsumexp(x.node(), axes));
  }

  /** Softmax over the last axis, as {@code jax.nn.softmax}. */
  public static Sym softmax(Sym x) {
    return softmax(x, -1);
  }

  /** The softmax over {@code axes} ({@code jax.nn.softmax}). */
  public static Sym softmax(Sym x, int... axes) {
    return Sym.of(Np.softmax(x.node(), axes));
  }

  /** Log-softmax over the last axis, as {@code jax.nn.log_softmax}. */
  public static Sym logSoftmax(Sym x) {
    return logSoftmax(x, -1);
  }

  /** The log-softmax over {@code axes} ({@code jax.nn.log_softmax}). */
  public static Sym logSoftmax(Sym x, int... axes) {
    return Sym.of(Np.logSoftmax(x.node(), axes));
  }

  /** The variance over {@code axes} (all if none), dividing by n. */
  public static Sym var(Sym x, int... axes) {
    return var(x, 0, axes);
  }

  /** The variance over {@code axes} (all if empty), dividing by {@code n - ddof}. */
  public static Sym var(Sym x, double ddof, int[] axes) {
    return Sym.of(Np.var(x.node(), ddof, axes));
  }

  /** The standard deviation over {@code axes} (all if none), dividing by n. */
  public static Sym std(Sym x, int... axes) {
    return std(x, 0, axes);
  }

  /** The standard deviation over {@code axes} (all if empty), dividing by {@code n - ddof}. */
  public static Sym std(Sym x, double ddof, int[] axes) {
    return Sym.of(Np.std(x.node(), ddof, axes));
  }

  /** The 2-norm of the flattened array (a vector's 2-norm, a matrix's Frobenius norm). */
  public static Sym norm(Sym x) {
    return Sym.of(Np.norm(x.node(), null));
  }

  /** {@code numpy.linalg.norm(x, ord, axis)} for ord null, 2 (vectors) or "fro" (matrices). */
  public static Sym norm(Sym x, Object ord, int... axes) {
    return Sym.of(Np.norm(x.node(), ord, axes));
  }

  /** The arrays joined along {@code axis} ({@code jnp.concatenate}). */
  public static Sym concatenate(int axis, Sym... xs) {
    org.cotangent.symbolic.ir.Node[] ns = new org.cotangent.symbolic.ir.Node[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ns[i] = xs[i].node();
    }
    return Sym.of(Np.concatenate(axis, ns));
  }

  // ---- linear algebra (jnp.linalg; batches of matrices [..., n, n])

  /** The lower Cholesky factor of {@code (a + a^H) / 2}; NaNs when it is not positive definite. */
  public static Sym cholesky(Sym a) {
    return Sym.of(Linalg.cholesky(a.node()));
  }

  /** {@code x} with {@code a x = b}; {@code b} a vector or a batch of matrices [..., n, k]. */
  public static Sym solve(Sym a, Sym b) {
    return Sym.of(Linalg.solve(a.node(), b.node()));
  }

  /**
   * {@code lax.linalg.triangular_solve}: {@code x} with {@code op(a) x = b} ({@code leftSide}) or
   * {@code x op(a) = b}, reading {@code a}'s lower or upper triangle, {@code op} transposing
   * and/or conjugating, the diagonal taken as ones with {@code unitDiagonal}.
   */
  public static Sym triangularSolve(Sym a, Sym b, boolean leftSide, boolean lower,
      boolean transposeA, boolean conjugateA, boolean unitDiagonal) {
    return Sym.of(Linalg.triangularSolve(a.node(), b.node(), leftSide, lower, transposeA,
        conjugateA, unitDiagonal));
  }

  /** {@link #triangularSolve} without transposition, conjugation or unit diagonal. */
  public static Sym triangularSolve(Sym a, Sym b, boolean leftSide, boolean lower) {
    return triangularSolve(a, b, leftSide, lower, false, false, false);
  }

  /** The inverse of each matrix ({@code jnp.linalg.inv}). */
  public static Sym inv(Sym a) {
    return Sym.of(Linalg.inv(a.node()));
  }

  /** The determinant of each matrix ({@code jnp.linalg.det}). */
  public static Sym det(Sym a) {
    return Sym.of(Linalg.det(a.node()));
  }

  /** {@code {sign, logabsdet}} of the determinant. */
  public static Sym[] slogdet(Sym a) {
    org.cotangent.symbolic.ir.Node[] r = Linalg.slogdet(a.node());
    return new Sym[] {Sym.of(r[0]), Sym.of(r[1])};
  }

  /**
   * {@code {w, v}}: the eigenvalues (ascending) and eigenvectors (columns, each one's entry of
   * largest modulus real and positive) of the Hermitian part of {@code a}.
   */
  public static Sym[] eigh(Sym a) {
    org.cotangent.symbolic.ir.Node[] r = Linalg.eigh(a.node());
    return new Sym[] {Sym.of(r[0]), Sym.of(r[1])};
  }

  /** An {@code f64} array of ones of the given shape ({@code jnp.ones}). */
  public static Sym ones(int... shape) {
    return Sym.of(org.cotangent.symbolic.Ir.full(1.0, org.cotangent.symbolic.TensorType.f64(
        shape)));
  }

  /** An {@code f64} array of zeros of the given shape ({@code jnp.zeros}). */
  public static Sym zeros(int... shape) {
    return Sym.of(org.cotangent.symbolic.Ir.full(0.0, org.cotangent.symbolic.TensorType.f64(
        shape)));
  }

  /** The {@code n x n} identity matrix ({@code jnp.eye}). */
  public static Sym eye(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return Sym.array(m);
  }

  /**
   * The arrays stacked as rows ({@code jnp.vstack}): vectors become the rows of a matrix,
   * matrices are joined along axis 0.
   */
  public static Sym vstack(Sym... xs) {
    Sym[] rows = new Sym[xs.length];
    for (int i = 0; i < xs.length; i++) {
      rows[i] = xs[i].shape().rank() == 1 ? xs[i].reshape(1, xs[i].shape().dim(0)) : xs[i];
    }
    return concatenate(0, rows);
  }

  // ---- the rest of jax.numpy (Np), one wrapper each; OpsCoverageTest keeps the two in step

  /** {@link Np#broadcastTo}. */
  public static Sym broadcastTo(Sym x, Shape shape) {
    return Sym.of(Np.broadcastTo(x.node(), shape));
  }

  /** {@link Np#astype}. */
  public static Sym astype(Sym x, DType d) {
    return Sym.of(Np.astype(x.node(), d));
  }

  /** {@link Np#add}. */
  public static Sym add(Sym x, Sym y) {
    return Sym.of(Np.add(x.node(), y.node()));
  }

  /** {@link Np#sub}. */
  public static Sym sub(Sym x, Sym y) {
    return Sym.of(Np.sub(x.node(), y.node()));
  }

  /** {@link Np#mul}. */
  public static Sym mul(Sym x, Sym y) {
    return Sym.of(Np.mul(x.node(), y.node()));
  }

  /** {@link Np#div}. */
  public static Sym div(Sym x, Sym y) {
    return Sym.of(Np.div(x.node(), y.node()));
  }

  /** {@link Np#power}. */
  public static Sym power(Sym x, Sym y) {
    return Sym.of(Np.power(x.node(), y.node()));
  }

  /** {@link Np#neg}. */
  public static Sym neg(Sym x) {
    return Sym.of(Np.neg(x.node()));
  }

  /** {@link Np#less}. */
  public static Sym less(Sym x, Sym y) {
    return Sym.of(Np.less(x.node(), y.node()));
  }

  /** {@link Np#lessEqual}. */
  public static Sym lessEqual(Sym x, Sym y) {
    return Sym.of(Np.lessEqual(x.node(), y.node()));
  }

  /** {@link Np#greater}. */
  public static Sym greater(Sym x, Sym y) {
    return Sym.of(Np.greater(x.node(), y.node()));
  }

  /** {@link Np#greaterEqual}. */
  public static Sym greaterEqual(Sym x, Sym y) {
    return Sym.of(Np.greaterEqual(x.node(), y.node()));
  }

  /** {@link Np#equal}. */
  public static Sym equal(Sym x, Sym y) {
    return Sym.of(Np.equal(x.node(), y.node()));
  }

  /** {@link Np#notEqual}. */
  public static Sym notEqual(Sym x, Sym y) {
    return Sym.of(Np.notEqual(x.node(), y.node()));
  }

  /** {@link Np#arcsin}. */
  public static Sym arcsin(Sym x) {
    return Sym.of(Np.arcsin(x.node()));
  }

  /** {@link Np#arccos}. */
  public static Sym arccos(Sym x) {
    return Sym.of(Np.arccos(x.node()));
  }

  /** {@link Np#arctan}. */
  public static Sym arctan(Sym x) {
    return Sym.of(Np.arctan(x.node()));
  }

  /** {@link Np#rsqrt}. */
  public static Sym rsqrt(Sym x) {
    return Sym.of(Np.rsqrt(x.node()));
  }

  /** {@link Np#sign}. */
  public static Sym sign(Sym x) {
    return Sym.of(Np.sign(x.node()));
  }

  /** {@link Np#reciprocal}. */
  public static Sym reciprocal(Sym x) {
    return Sym.of(Np.reciprocal(x.node()));
  }

  /** {@link Np#floor}. */
  public static Sym floor(Sym x) {
    return Sym.of(Np.floor(x.node()));
  }

  /** {@link Np#round}. */
  public static Sym round(Sym x) {
    return Sym.of(Np.round(x.node()));
  }

  /** {@link Np#real}. */
  public static Sym real(Sym x) {
    return Sym.of(Np.real(x.node()));
  }

  /** {@link Np#imag}. */
  public static Sym imag(Sym x) {
    return Sym.of(Np.imag(x.node()));
  }

  /** {@link Np#conj}. */
  public static Sym conj(Sym x) {
    return Sym.of(Np.conj(x.node()));
  }

  /** {@link Np#complex}. */
  public static Sym complex(Sym re, Sym im) {
    return Sym.of(Np.complex(re.node(), im.node()));
  }

  /** {@link Np#angle}. */
  public static Sym angle(Sym x) {
    return Sym.of(Np.angle(x.node()));
  }

  /** {@link Np#argmax}. */
  public static Sym argmax(Sym x, Integer axis) {
    return Sym.of(Np.argmax(x.node(), axis));
  }

  /** {@link Np#argmin}. */
  public static Sym argmin(Sym x, Integer axis) {
    return Sym.of(Np.argmin(x.node(), axis));
  }

  /** {@link Np#tensordot}. */
  public static Sym tensordot(Sym a, Sym b, int n) {
    return Sym.of(Np.tensordot(a.node(), b.node(), n));
  }

  /** {@link Np#tensordot}. */
  public static Sym tensordot(Sym a, Sym b, int[] axesA, int[] axesB) {
    return Sym.of(Np.tensordot(a.node(), b.node(), axesA, axesB));
  }

  /** {@link Np#transpose}. */
  public static Sym transpose(Sym x) {
    return Sym.of(Np.transpose(x.node()));
  }

  /** {@link Np#reshape}. */
  public static Sym reshape(Sym x, int... dims) {
    return Sym.of(Np.reshape(x.node(), dims));
  }

  /** {@link Np#index}. */
  public static Sym index(Sym x, int axis, int i) {
    return Sym.of(Np.index(x.node(), axis, i));
  }

  /** {@link Np#slice}. */
  public static Sym slice(Sym x, int axis, Integer start, Integer stop) {
    return Sym.of(Np.slice(x.node(), axis, start, stop));
  }

  /** {@link Np#slice}. */
  public static Sym slice(Sym x, int axis, Integer start, Integer stop, Integer step) {
    return Sym.of(Np.slice(x.node(), axis, start, stop, step));
  }

  /** {@link Np#take}. */
  public static Sym take(Sym x, Sym indices, Integer axis) {
    return Sym.of(Np.take(x.node(), indices.node(), axis));
  }

  /** {@link Np#cumsum}. */
  public static Sym cumsum(Sym x, Integer axis, boolean reverse) {
    return Sym.of(Np.cumsum(x.node(), axis, reverse));
  }

  /** {@link Np#cumprod}. */
  public static Sym cumprod(Sym x, Integer axis, boolean reverse) {
    return Sym.of(Np.cumprod(x.node(), axis, reverse));
  }

  /** {@link Np#sort}. */
  public static Sym sort(Sym x, Integer axis) {
    return Sym.of(Np.sort(x.node(), axis));
  }

  /** {@link Np#argsort}. */
  public static Sym argsort(Sym x, Integer axis) {
    return Sym.of(Np.argsort(x.node(), axis));
  }

  /** {@link Np#stack}. */
  public static Sym stack(Sym... xs) {
    return Sym.of(Np.stack(nodes(xs)));
  }

  private static org.cotangent.symbolic.ir.Node[] nodes(Sym... xs) {
    org.cotangent.symbolic.ir.Node[] ns = new org.cotangent.symbolic.ir.Node[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ns[i] = xs[i].node();
    }
    return ns;
  }
}
