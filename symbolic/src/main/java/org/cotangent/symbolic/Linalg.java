package org.cotangent.symbolic;

import java.util.Arrays;
import org.cotangent.symbolic.ir.Node;

/**
 * The linear-algebra functions at NumPy's level ({@code jnp.linalg} and {@code
 * lax.linalg.triangular_solve}), over the primitives of {@code ops.linalg}, as {@link Np} is over
 * the others: integer and boolean operands become {@code f64}, operands of two dtypes are
 * promoted, a vector right-hand side is a one-column (or one-row) matrix, and the batch
 * dimensions of two operands broadcast. Every function accepts a batch of matrices {@code [...,
 * n, n]}.
 */
public final class Linalg {
  private Linalg() {}

  private static Node floating(Node x) {
    return x.dtype().isFloating() ? x : Np.astype(x, DType.F64);
  }

  private static void checkSquare(String fn, Node a) {
    if (a.rank() < 2 || a.type().shape().dim(a.rank() - 1) != a.type().shape().dim(a.rank() - 2)) {
      throw new IrException(fn + ": expected a square matrix or a batch of them [..., n, n], got "
          + a.type().shape());
    }
  }

  /** {@code jnp.linalg.cholesky(a)}: lower {@code L} with {@code L L^H = (a + a^H) / 2}. */
  public static Node cholesky(Node a) {
    a = floating(a);
    checkSquare("cholesky", a);
    return Ir.cholesky(a);
  }

  /** {@code jnp.linalg.inv(a)}. */
  public static Node inv(Node a) {
    a = floating(a);
    checkSquare("inv", a);
    return Ir.inv(a);
  }

  /** {@code jnp.linalg.det(a)}. */
  public static Node det(Node a) {
    a = floating(a);
    checkSquare("det", a);
    return Ir.det(a);
  }

  /** {@code jnp.linalg.slogdet(a)}: {@code {sign, logabsdet}}. */
  public static Node[] slogdet(Node a) {
    a = floating(a);
    checkSquare("slogdet", a);
    return new Node[] {Ir.slogdetSign(a), Ir.slogdetLogabsdet(a)};
  }

  /** The operands promoted to one floating dtype. */
  private static Node[] promote(Node a, Node b) {
    DType d = DType.promote(DType.promote(a.dtype(), b.dtype()), DType.F64);
    return new Node[] {Np.astype(a, d), Np.astype(b, d)};
  }

  /** {@code x} broadcast to the batch dimensions {@code batch}, its last two axes kept. */
  private static Node toBatch(Node x, Shape batch) {
    int r = x.rank();
    int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
    d[batch.rank()] = x.type().shape().dim(r - 2);
    d[batch.rank() + 1] = x.type().shape().dim(r - 1);
    return Np.broadcastTo(x, Shape.of(d));
  }

  private static Shape batchOf(Node x) {
    return Shape.of(Arrays.copyOf(x.type().shape().dims(), x.rank() - 2));
  }

  /**
   * {@code jnp.linalg.solve(a, b)}: {@code x} with {@code a x = b}. {@code b} is a vector (one
   * right-hand side, when it has rank 1) or a batch of matrices {@code [..., n, k]}; the batch
   * dimensions of {@code a} and {@code b} broadcast.
   */
  public static Node solve(Node a, Node b) {
    Node[] ab = promote(a, b);
    a = ab[0];
    b = ab[1];
    checkSquare("solve", a);
    int n = a.type().shape().dim(a.rank() - 1);
    boolean vector = b.rank() == 1;
    Node b2 = vector ? Ir.reshape(b, Shape.of(b.type().shape().dim(0), 1)) : b;
    if (b2.rank() < 2 || b2.type().shape().dim(b2.rank() - 2) != n) {
      throw new IrException("solve: a has shape " + a.type().shape() + " but b has shape "
          + b.type().shape() + "; b must be [n] or [..., n, k] with n = " + n);
    }
    Shape batch = Np.broadcastShapes(batchOf(a), batchOf(b2));
    Node x = Ir.solve(toBatch(a, batch), toBatch(b2, batch), false);
    if (vector) {
      int[] d = x.type().shape().dims();
      x = Ir.reshape(x, Shape.of(Arrays.copyOf(d, d.length - 1)));
    }
    return x;
  }

  /**
   * {@code lax.linalg.triangular_solve(a, b, left_side, lower, transpose_a, conjugate_a,
   * unit_diagonal)} with lax's meaning and defaults (the script's keywords): {@code x} with {@code
   * op(a) x = b} when {@code leftSide}, else {@code x op(a) = b}. A {@code b} of one rank less than
   * {@code a} is one right-hand side (a column on the left, a row on the right), as lax allows;
   * batch dimensions broadcast.
   */
  public static Node triangularSolve(Node a, Node b, boolean leftSide, boolean lower,
      boolean transposeA, boolean conjugateA, boolean unitDiagonal) {
    Node[] ab = promote(a, b);
    a = ab[0];
    b = ab[1];
    checkSquare("triangular_solve", a);
    int k = a.type().shape().dim(a.rank() - 1);
    boolean vector = b.rank() == a.rank() - 1;
    Node b2 = b;
    if (vector) {
      int[] d = b.type().shape().dims();
      int[] e = Arrays.copyOf(d, d.length + 1);
      if (leftSide) {
        e[d.length] = 1;
      } else {
        e[d.length] = d[d.length - 1];
        e[d.length - 1] = 1;
      }
      b2 = Ir.reshape(b, Shape.of(e));
    }
    if (b2.rank() < 2) {
      throw new IrException("triangular_solve: b must be a vector or a matrix, got shape "
          + b.type().shape());
    }
    int side = b2.type().shape().dim(b2.rank() - (leftSide ? 2 : 1));
    if (side != k) {
      throw new IrException("triangular_solve: a has shape " + a.type().shape() + " but b has shape "
          + b.type().shape() + (leftSide ? "; with left_side=True b needs " + k + " rows"
              : "; with left_side=False (the default) b needs " + k + " columns"));
    }
    Shape batch = Np.broadcastShapes(batchOf(a), batchOf(b2));
    Node x = Ir.triangularSolve(toBatch(a, batch), toBatch(b2, batch), leftSide, lower, transposeA,
        conjugateA, unitDiagonal);
    if (vector) {
      x = Ir.reshape(x, vectorShape(x, leftSide));
    }
    return x;
  }

  /** The shape of {@code x} ({@code [..., k, 1]} or {@code [..., 1, k]}) without its unit axis. */
  private static Shape vectorShape(Node x, boolean leftSide) {
    int[] d = x.type().shape().dims();
    int[] r = Arrays.copyOf(d, d.length - 1);
    if (!leftSide) {
      r[d.length - 2] = d[d.length - 1];
    }
    return Shape.of(r);
  }
}
