package org.cotangent.symbolic.ops.linalg;

import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * What the linear-algebra rules share: the shape checks of matrices with leading batch
 * dimensions ({@code [..., m, n]}), and the matrix operations the rules are written with, on
 * those batches: products, transposes, conjugate transposes and triangular masks, all built from
 * other primitives ({@code dot_general}, {@code transpose}, {@code conj}, {@code select}).
 */
public final class Matrices {
  private Matrices() {}

  /** Checks that {@code t} is a batch of matrices of a floating dtype. */
  static void checkMatrix(String op, String what, TensorType t) {
    if (t.rank() < 2) {
      throw new IrException(op + ": " + what + " must be a matrix or a batch of matrices [..., m, n],"
          + " got " + t);
    }
    if (!t.dtype().isFloating()) {
      throw new IrException(op + ": " + what + " must be f64 or c128, got " + t);
    }
  }

  /** Checks that {@code t} is a batch of square matrices of a floating dtype; returns n. */
  static int checkSquare(String op, TensorType t) {
    checkMatrix(op, "the operand", t);
    int n = t.shape().dim(t.rank() - 1);
    if (t.shape().dim(t.rank() - 2) != n) {
      throw new IrException(op + ": the operand must be square in its last two axes, got " + t);
    }
    return n;
  }

  /**
   * {@link #checkSquare} for sizes that may be symbolic: the two axes must be provably equal
   * (a static type gets the static check and its message); returns n.
   */
  static Dim checkSquareDim(String op, TensorType t) {
    if (t.isStatic()) {
      return Dim.of(checkSquare(op, t));
    }
    checkMatrix(op, "the operand", t);
    Dim n = colsDim(t);
    Dim m = rowsDim(t);
    if (Dims.equal(m, n) == Dims.Answer.FALSE) {
      throw new IrException(op + ": the operand must be square in its last two axes, got " + t);
    }
    Dims.requireEqual(m, n, op, "the operand " + t + " axes " + (t.rank() - 2) + " and "
        + (t.rank() - 1) + " (a matrix must be square)");
    return n;
  }

  /** The leading (batch) dimensions of a batch of matrices. */
  static Shape batchShape(TensorType t) {
    Dim[] d = t.shape().extents();
    return Shape.of(java.util.Arrays.copyOf(d, d.length - 2));
  }

  /** The number of matrices in a batch of them (the product of the leading dimensions). */
  static int batchCount(TensorType t) {
    return batchShape(t).size();
  }

  /** Rows of the matrices of {@code t}. */
  static int rows(TensorType t) {
    return t.shape().dim(t.rank() - 2);
  }

  /** Columns of the matrices of {@code t}. */
  static int cols(TensorType t) {
    return t.shape().dim(t.rank() - 1);
  }

  /** Rows of the matrices of {@code t}, possibly symbolic. */
  static Dim rowsDim(TensorType t) {
    return t.shape().extent(t.rank() - 2);
  }

  /** Columns of the matrices of {@code t}, possibly symbolic. */
  static Dim colsDim(TensorType t) {
    return t.shape().extent(t.rank() - 1);
  }

  /** Checks that two batches of matrices have one dtype and the same batch dimensions. */
  static void checkSameBatch(String op, TensorType a, TensorType b) {
    if (a.dtype() != b.dtype()) {
      throw new IrException(op + ": operands must have one dtype, got " + a + " and " + b);
    }
    if (a.rank() != b.rank() || !Dims.sameShape(batchShape(a), batchShape(b))) {
      String u = a.rank() == b.rank() ? Dims.undecided(batchShape(a), batchShape(b)) : null;
      throw new IrException(op + ": " + (u == null ? "" : u + ": ") + "operands must have the"
          + " same batch dimensions, got " + a + " and " + b);
    }
  }

  /** The batched matrix product {@code x @ y} of {@code [..., m, k]} and {@code [..., k, n]}. */
  public static Node matmul(Node x, Node y) {
    int r = x.rank();
    int[] batch = range(0, r - 2);
    return Ir.dotGeneral(x, y, new int[] {r - 1}, new int[] {r - 2}, batch, batch);
  }

  /** The transpose of every matrix: the last two axes swapped. */
  public static Node mT(Node x) {
    int r = x.rank();
    int[] perm = range(0, r);
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return Ir.transpose(x, perm);
  }

  /** The conjugate transpose of every matrix (the transpose of a real one). */
  public static Node mH(Node x) {
    return conjIfComplex(mT(x));
  }

  /** {@code conj(x)} for complex {@code x}, {@code x} itself otherwise. */
  public static Node conjIfComplex(Node x) {
    return x.dtype().isComplex() ? Ir.conj(x) : x;
  }

  /**
   * The mask of {@code t}'s shape that is true where {@code col - row} compares to {@code k} as
   * {@code cmp} says ({@code "le"}: on or below diagonal {@code k}; {@code "ge"}: on or above;
   * {@code "eq"}: on it): one {@code n x n} boolean constant, broadcast over the batch dimensions
   * (a view in generated code, so the mask is read, never computed).
   */
  static Node diagonalMask(TensorType t, String cmp, int k) {
    if (!t.isStatic()) {
      return symbolicDiagonalMask(t, cmp, k);
    }
    int m = rows(t);
    int n = cols(t);
    double[] d = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int c = Integer.compare(j - i, k);
        boolean in;
        switch (cmp) {
          case "le":
            in = c <= 0;
            break;
          case "ge":
            in = c >= 0;
            break;
          case "eq":
            in = c == 0;
            break;
          default:
            throw new IllegalArgumentException(cmp);
        }
        d[i * n + j] = in ? 1.0 : 0.0;
      }
    }
    Node mask = Ir.constant(Tensor.wrap(TensorType.of(DType.BOOL, m, n), d));
    int r = t.rank();
    return r == 2 ? mask : Ir.broadcastInDim(mask, t.shape(), r - 2, r - 1);
  }

  /**
   * The mask of {@link #diagonalMask} for symbolic sizes, where no constant can hold it: {@code
   * iota(col) - iota(row)} compared with {@code k}, over the whole shape (views and elementwise
   * ops in generated code; the differences are small integers, exact in f64).
   */
  private static Node symbolicDiagonalMask(TensorType t, String cmp, int k) {
    TensorType f = t.withDtype(DType.F64);
    int r = t.rank();
    Node d = Ir.sub(Ir.iota(f, r - 1), Ir.iota(f, r - 2));
    Node kk = Ir.full(k, f);
    switch (cmp) {
      case "le":
        return Ir.le(d, kk);
      case "ge":
        return Ir.ge(d, kk);
      case "eq":
        return Ir.eq(d, kk);
      default:
        throw new IllegalArgumentException(cmp);
    }
  }

  /** {@code jnp.tril(x, k)}: the elements on and below diagonal {@code k}, zeros elsewhere. */
  public static Node tril(Node x, int k) {
    return Ir.select(diagonalMask(x.type(), "le", k), x, Ir.zeros(x.type()));
  }

  /** {@code jnp.triu(x, k)}: the elements on and above diagonal {@code k}, zeros elsewhere. */
  public static Node triu(Node x, int k) {
    return Ir.select(diagonalMask(x.type(), "ge", k), x, Ir.zeros(x.type()));
  }

  /** The sum of the diagonal of every matrix of {@code x} ({@code [..., n, n]} to {@code [...]}). */
  public static Node trace(Node x) {
    Node d = Ir.select(diagonalMask(x.type(), "eq", 0), x, Ir.zeros(x.type()));
    return Ir.reduceSum(d, x.rank() - 2, x.rank() - 1);
  }

  /**
   * {@code sum(p * q)} over the last two axes: {@code tr(p^T q)}, the bilinear pairing of two
   * batches of matrices (no conjugation), a batch of scalars.
   */
  static Node pairing(Node p, Node q) {
    return Ir.reduceSum(Ir.mul(p, q), p.rank() - 2, p.rank() - 1);
  }

  /** {@code start, start + 1, ..., end - 1}. */
  static int[] range(int start, int end) {
    int[] r = new int[end - start];
    for (int i = 0; i < r.length; i++) {
      r[i] = start + i;
    }
    return r;
  }

  /** {@code s} (shape {@code [...]}) broadcast over the matrices of type {@code t}. */
  static Node overMatrices(Node s, TensorType t) {
    return Ir.broadcastInDim(s, t.shape(), range(0, t.rank() - 2));
  }
}
