package org.cotangent.symbolic;

import org.cotangent.symbolic.ir.Node;

/** Linear-algebra graphs shared by the symbolic-size tests here and in codegen. */
public final class LinalgFixtures {
  private LinalgFixtures() {}

  /** The identity of a square type (batched too; sizes possibly symbolic), from iotas. */
  public static Node eye(TensorType t) {
    int r = t.rank();
    return Ir.convert(Ir.eq(Ir.iota(t, r - 2), Ir.iota(t, r - 1)), DType.F64);
  }

  /**
   * Every real linear-algebra primitive but eigh ({@link #eigh}) (cholesky, triangular_solve both sides, solve,
   * inv, det, slogdet) over x: f64[n,n], b: f64[n,m], with {@code a = x x^T + I} positive
   * definite: {@code [n, m]}.
   */
  public static Node linalg(Node x, Node b) {
    TensorType t = x.type();
    Node a = Ir.add(Ir.dotGeneral(x, x, new int[] {1}, new int[] {1}, new int[0], new int[0]),
        eye(t));
    Node l = Ir.cholesky(a);
    Node y1 = Ir.triangularSolve(l, b, true, true, false, false, false);
    Node y2 = Ir.triangularSolve(l, Ir.transpose(b, 1, 0), false, true, true, false, false);
    Node y3 = Ir.solve(Ir.add(x, Ir.mul(Ir.full(3.0, t), eye(t))), b, false);
    Node y4 = Ir.dotGeneral(Ir.inv(a), b, new int[] {1}, new int[] {0}, new int[0], new int[0]);
    Node ld = Ir.broadcastInDim(Ir.mul(Ir.slogdetLogabsdet(x), Ir.slogdetSign(a)),
        b.type().shape());
    Node det = Ir.broadcastInDim(Ir.det(a), b.type().shape());
    return Ir.add(Ir.add(Ir.add(y1, Ir.transpose(y2, 1, 0)), Ir.add(y3, y4)),
        Ir.add(Ir.mul(ld, b), Ir.div(b, det)));
  }

  /**
   * eigh's values and vectors over x: f64[n,n], b: f64[n,m], of the symmetric {@code s = x + x^T}
   * (the kernel symmetrises too): {@code w_k (v_k . b_j)^2 + sum_i v_ik^2 b_ij}, {@code [n, m]},
   * invariant under each eigenvector's sign, so central differences see a smooth function.
   */
  public static Node eigh(Node x, Node b) {
    Node s = Ir.add(x, Ir.transpose(x, 1, 0));
    Node w = Ir.eighValues(s);
    Node v = Ir.eighVectors(s);
    Node vb = Ir.dotGeneral(v, b, new int[] {0}, new int[] {0}, new int[0], new int[0]);
    Node sq = Ir.dotGeneral(Ir.mul(v, v), b, new int[] {0}, new int[] {0}, new int[0],
        new int[0]);
    return Ir.add(Ir.mul(Ir.broadcastInDim(w, b.type().shape(), 0), Ir.mul(vb, vb)), sq);
  }
}
