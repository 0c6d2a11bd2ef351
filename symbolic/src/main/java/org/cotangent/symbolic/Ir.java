package org.cotangent.symbolic;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.ArgReduce;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BroadcastInDim;
import org.cotangent.symbolic.ops.Compare;
import org.cotangent.symbolic.ops.Concatenate;
import org.cotangent.symbolic.ops.Cumulative;
import org.cotangent.symbolic.ops.Gather;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ops.ConvertElementType;
import org.cotangent.symbolic.ops.DotGeneral;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.MakeComplex;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Iota;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ops.Reduce;
import org.cotangent.symbolic.ops.Reshape;
import org.cotangent.symbolic.ops.Rev;
import org.cotangent.symbolic.ops.ScatterAdd;
import org.cotangent.symbolic.ops.Select;
import org.cotangent.symbolic.ops.Slice;
import org.cotangent.symbolic.ops.Sort;
import org.cotangent.symbolic.ops.Transpose;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.linalg.Cholesky;
import org.cotangent.symbolic.ops.linalg.Det;
import org.cotangent.symbolic.ops.linalg.Inv;
import org.cotangent.symbolic.ops.linalg.Eigh;
import org.cotangent.symbolic.ops.linalg.Slogdet;
import org.cotangent.symbolic.ops.linalg.Solve;
import org.cotangent.symbolic.ops.linalg.TriangularSolve;

/**
 * The primitives as functions on nodes, strictly typed as the IR is (like {@code jax.lax}): binary
 * operands must already have one shape and dtype. Front ends use {@link Np} for NumPy-style
 * broadcasting and promotion; rules use these. Every call goes through {@link Node#make}, so it is
 * simplified and hash-consed.
 */
public final class Ir {
  private Ir() {}

  // ---- constants

  public static Node constant(double v) {
    return Constant.scalar(v);
  }

  public static Node constant(Tensor t) {
    return Constant.of(t);
  }

  /** A constant of {@code type} with every element {@code v}. */
  public static Node full(double v, TensorType type) {
    return Constant.full(type, v);
  }

  public static Node zeros(TensorType type) {
    return Constant.full(type, 0.0);
  }

  public static Node iota(TensorType type, int dimension) {
    return Node.make(new Iota(type, dimension));
  }

  // ---- elementwise unary

  public static Node neg(Node x) {
    return Node.make(Unary.NEG, x);
  }

  public static Node exp(Node x) {
    return Node.make(Unary.EXP, x);
  }

  public static Node log(Node x) {
    return Node.make(Unary.LOG, x);
  }

  public static Node log1p(Node x) {
    return Node.make(Unary.LOG1P, x);
  }

  public static Node expm1(Node x) {
    return Node.make(Unary.EXPM1, x);
  }

  public static Node sin(Node x) {
    return Node.make(Unary.SIN, x);
  }

  public static Node cos(Node x) {
    return Node.make(Unary.COS, x);
  }

  public static Node tan(Node x) {
    return Node.make(Unary.TAN, x);
  }

  public static Node tanh(Node x) {
    return Node.make(Unary.TANH, x);
  }

  public static Node sinh(Node x) {
    return Node.make(Unary.SINH, x);
  }

  public static Node cosh(Node x) {
    return Node.make(Unary.COSH, x);
  }

  public static Node asin(Node x) {
    return Node.make(Unary.ASIN, x);
  }

  public static Node acos(Node x) {
    return Node.make(Unary.ACOS, x);
  }

  public static Node atan(Node x) {
    return Node.make(Unary.ATAN, x);
  }

  public static Node sqrt(Node x) {
    return Node.make(Unary.SQRT, x);
  }

  public static Node rsqrt(Node x) {
    return Node.make(Unary.RSQRT, x);
  }

  public static Node abs(Node x) {
    return Node.make(Unary.ABS, x);
  }

  public static Node sign(Node x) {
    return Node.make(Unary.SIGN, x);
  }

  public static Node logistic(Node x) {
    return Node.make(Unary.LOGISTIC, x);
  }

  public static Node square(Node x) {
    return Node.make(Unary.SQUARE, x);
  }

  public static Node reciprocal(Node x) {
    return Node.make(Unary.RECIPROCAL, x);
  }

  public static Node floor(Node x) {
    return Node.make(Unary.FLOOR, x);
  }

  public static Node round(Node x) {
    return Node.make(Unary.ROUND, x);
  }

  public static Node ceil(Node x) {
    return Node.make(Unary.CEIL, x);
  }

  /** The identity with zero derivative. */
  public static Node stopGradient(Node x) {
    return Node.make(Unary.STOP_GRADIENT, x);
  }

  public static Node integerPow(Node x, int n) {
    return Node.make(new IntegerPow(n), x);
  }

  public static Node convert(Node x, DType to) {
    return Node.make(new ConvertElementType(to), x);
  }

  // ---- elementwise binary

  /** The real part of a complex value. */
  public static Node real(Node z) {
    return Node.make(Unary.REAL, z);
  }

  /** The imaginary part of a complex value. */
  public static Node imag(Node z) {
    return Node.make(Unary.IMAG, z);
  }

  /** The conjugate of a complex value. */
  public static Node conj(Node z) {
    return Node.make(Unary.CONJ, z);
  }

  /** The complex value with real part {@code re} and imaginary part {@code im} (both f64). */
  public static Node complex(Node re, Node im) {
    return Node.make(MakeComplex.COMPLEX, re, im);
  }

  public static Node add(Node x, Node y) {
    return Node.make(Binary.ADD, x, y);
  }

  public static Node sub(Node x, Node y) {
    return Node.make(Binary.SUB, x, y);
  }

  public static Node mul(Node x, Node y) {
    return Node.make(Binary.MUL, x, y);
  }

  public static Node div(Node x, Node y) {
    return Node.make(Binary.DIV, x, y);
  }

  public static Node pow(Node x, Node y) {
    return Node.make(Binary.POW, x, y);
  }

  public static Node atan2(Node y, Node x) {
    return Node.make(Binary.ATAN2, y, x);
  }

  public static Node max(Node x, Node y) {
    return Node.make(Binary.MAX, x, y);
  }

  public static Node min(Node x, Node y) {
    return Node.make(Binary.MIN, x, y);
  }

  /** The remainder of truncated division (C's fmod): the sign of {@code x}. */
  public static Node rem(Node x, Node y) {
    return Node.make(Binary.REM, x, y);
  }

  /** The remainder of floor division (Python's %): the sign of {@code y}. */
  public static Node remainder(Node x, Node y) {
    return Node.make(Binary.REMAINDER, x, y);
  }

  /** Sum of two tangents where {@code null} is a symbolic zero. */
  public static Node addTangents(Node x, Node y) {
    if (x == null) {
      return y;
    }
    if (y == null) {
      return x;
    }
    return add(x, y);
  }

  // ---- comparisons and select

  public static Node lt(Node x, Node y) {
    return Node.make(Compare.LT, x, y);
  }

  public static Node le(Node x, Node y) {
    return Node.make(Compare.LE, x, y);
  }

  public static Node gt(Node x, Node y) {
    return Node.make(Compare.GT, x, y);
  }

  public static Node ge(Node x, Node y) {
    return Node.make(Compare.GE, x, y);
  }

  public static Node eq(Node x, Node y) {
    return Node.make(Compare.EQ, x, y);
  }

  public static Node ne(Node x, Node y) {
    return Node.make(Compare.NE, x, y);
  }

  public static Node select(Node pred, Node onTrue, Node onFalse) {
    return Node.make(Select.SELECT, pred, onTrue, onFalse);
  }

  // ---- structure

  public static Node broadcastInDim(Node x, Shape shape, int... dims) {
    return Node.make(new BroadcastInDim(shape, dims), x);
  }

  public static Node reshape(Node x, Shape shape) {
    return Node.make(new Reshape(shape), x);
  }

  public static Node transpose(Node x, int... perm) {
    return Node.make(new Transpose(perm), x);
  }

  public static Node slice(Node x, int[] start, int[] limit) {
    return Node.make(new Slice(start, limit), x);
  }

  /** {@code lax.slice} with strides (positive). */
  public static Node slice(Node x, int[] start, int[] limit, int[] strides) {
    return Node.make(new Slice(start, limit, strides), x);
  }

  /** A box whose bounds may be size expressions: {@code slice(x, [1], [n])} of an {@code f64[n]}. */
  public static Node slice(Node x, Dim[] start, Dim[] limit) {
    return Node.make(new Slice(start, limit), x);
  }

  /** Padding by size expressions (no interior padding). */
  public static Node pad(Node x, Dim[] low, Dim[] high) {
    return Node.make(new Pad(low, high), x);
  }

  public static Node pad(Node x, int[] low, int[] high) {
    return Node.make(new Pad(low, high), x);
  }

  /** {@code lax.pad} with {@code interior[a]} zeros between neighbouring elements of axis a. */
  public static Node pad(Node x, int[] low, int[] high, int[] interior) {
    return Node.make(new Pad(low, high, interior), x);
  }

  /** {@code x} reversed along {@code axes} (sorted, distinct). */
  public static Node rev(Node x, int... axes) {
    return Node.make(new Rev(axes), x);
  }

  /** {@code take(x, idx, axis)} for {@code i64} indices, clamped to the axis. */
  public static Node gather(Node x, Node idx, int axis) {
    return Node.make(new Gather(axis), x, idx);
  }

  /** Updates added into zeros of {@code size} rows along {@code axis} at {@code idx}. */
  public static Node scatterAdd(Node updates, Node idx, int axis, int size) {
    return Node.make(new ScatterAdd(axis, size), updates, idx);
  }

  /** {@link #scatterAdd(Node, Node, int, int)} into an axis whose length may be a size. */
  public static Node scatterAdd(Node updates, Node idx, int axis, Dim size) {
    return Node.make(new ScatterAdd(axis, size), updates, idx);
  }

  public static Node cumsum(Node x, int axis, boolean reverse) {
    return Node.make(new Cumulative.Cumsum(axis, reverse), x);
  }

  public static Node cumprod(Node x, int axis, boolean reverse) {
    return Node.make(new Cumulative.Cumprod(axis, reverse), x);
  }

  public static Node sort(Node x, int axis) {
    return Node.make(new Sort.Values(axis), x);
  }

  public static Node argsort(Node x, int axis) {
    return Node.make(new Sort.Positions(axis), x);
  }

  public static Node concatenate(int axis, Node... xs) {
    return Node.make(new Concatenate(axis), xs);
  }

  /** {@code x[..., i, ...]} on {@code axis} (dropped). */
  public static Node index(Node x, int axis, int i) {
    return Node.make(new Index(axis, i), x);
  }

  // ---- reductions and contractions

  public static Node reduceSum(Node x, int... axes) {
    return Node.make(new Reduce.Sum(axes), x);
  }

  public static Node reduceMax(Node x, int... axes) {
    return Node.make(new Reduce.Max(axes), x);
  }

  public static Node reduceProd(Node x, int... axes) {
    return Node.make(new Reduce.Prod(axes), x);
  }

  /** The i64 index of the largest element along {@code axis} (the first of ties; NaN is largest). */
  public static Node argmax(Node x, int axis) {
    return Node.make(ArgReduce.argmax(axis), x);
  }

  /** The i64 index of the smallest element along {@code axis} (the first of ties; NaN is smallest). */
  public static Node argmin(Node x, int axis) {
    return Node.make(ArgReduce.argmin(axis), x);
  }

  public static Node dotGeneral(Node x, Node y, int[] lhsContract, int[] rhsContract,
      int[] lhsBatch, int[] rhsBatch) {
    return Node.make(new DotGeneral(lhsContract, rhsContract, lhsBatch, rhsBatch), x, y);
  }

  // ---- linear algebra (batches of matrices [..., m, n]; see ops.linalg)

  /** The lower Cholesky factor of the Hermitian part {@code (x + x^H) / 2}; NaNs if not definite. */
  public static Node cholesky(Node x) {
    return Node.make(Cholesky.CHOLESKY, x);
  }

  /** {@code lax.linalg.triangular_solve(a, b, ...)} with its flags. */
  public static Node triangularSolve(Node a, Node b, boolean leftSide, boolean lower,
      boolean transposeA, boolean conjugateA, boolean unitDiagonal) {
    return TriangularSolve.apply(a, b, leftSide, lower, transposeA, conjugateA, unitDiagonal);
  }

  /** {@code x} with {@code a x = b} ({@code a^T x = b} when {@code transposeA}); b is [..., n, k]. */
  public static Node solve(Node a, Node b, boolean transposeA) {
    return Node.make(new Solve(transposeA), a, b);
  }

  public static Node inv(Node a) {
    return Node.make(Inv.INV, a);
  }

  public static Node det(Node a) {
    return Node.make(Det.DET, a);
  }

  /** The sign of the determinant (the operand's dtype; {@code det / |det|} if complex). */
  public static Node slogdetSign(Node a) {
    return Node.make(Slogdet.SIGN, a);
  }

  /** The log of the absolute value of the determinant (f64). */
  public static Node slogdetLogabsdet(Node a) {
    return Node.make(Slogdet.LOGABSDET, a);
  }

  /** The eigenvalues (ascending, f64) of the Hermitian parts of {@code a}'s matrices. */
  public static Node eighValues(Node a) {
    return Node.make(Eigh.VALUES, a);
  }

  /** The eigenvectors (columns, the pivot entry real positive) of the Hermitian parts. */
  public static Node eighVectors(Node a) {
    return Node.make(Eigh.VECTORS, a);
  }

  /** All axes of a rank-{@code r} tensor. */
  public static int[] allAxes(int r) {
    int[] a = new int[r];
    for (int i = 0; i < r; i++) {
      a[i] = i;
    }
    return a;
  }
}
