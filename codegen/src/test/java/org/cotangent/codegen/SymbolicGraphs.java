package org.cotangent.codegen;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.LinalgFixtures;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/** Symbolic test graphs over the sizes m, n, k (shared by the symbolic codegen tests). */
final class SymbolicGraphs {
  static final Dim M = Dim.var("m");
  static final Dim N = Dim.var("n");
  static final Dim K = Dim.var("k");

  private SymbolicGraphs() {}

  static TensorType f64(Dim... d) {
    return TensorType.of(DType.F64, Shape.of(d));
  }

  /** {@code sum(w * w)} and its gradient over w: f64[n]. */
  static Graph sumOfSquares() {
    return Ad.valueAndGrad(Graph.trace(List.of("w"), List.of(f64(N)),
        ps -> List.of(Ir.reduceSum(Ir.mul(ps.get(0), ps.get(0)), 0))), 0);
  }

  /** Logistic regression's loss and its gradients over w: f64[n], b, x: f64[m,n], y: f64[m]. */
  static Graph logisticLoss() {
    return Graph.trace(List.of("w", "b", "x", "y"),
        List.of(f64(N), TensorType.of(DType.F64, Shape.SCALAR), f64(M, N), f64(M)), ps -> {
          Node w = ps.get(0);
          Node x = ps.get(2);
          Node y = ps.get(3);
          Node z = Ir.add(Ir.dotGeneral(x, w, new int[] {1}, new int[] {0}, new int[0],
              new int[0]), Ir.broadcastInDim(ps.get(1), Shape.of(M)));
          Node p = Ir.logistic(z);
          Node one = Ir.full(1.0, f64(M));
          Node ll = Ir.add(Ir.mul(y, Ir.log(p)), Ir.mul(Ir.sub(one, y), Ir.log(Ir.sub(one, p))));
          return List.of(Ir.neg(Ir.reduceSum(ll, 0)));
        });
  }

  static Graph logisticGrad() {
    return Ad.valueAndGrad(logisticLoss(), 0, 1, 2);
  }

  /** {@code sum(tanh(a @ b))} over a: f64[m,k], b: f64[k,n], and its gradients. */
  static Graph matmulGrad() {
    return Ad.valueAndGrad(Graph.trace(List.of("a", "b"), List.of(f64(M, K), f64(K, N)),
        ps -> List.of(Ir.reduceSum(Ir.tanh(Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1},
            new int[] {0}, new int[0], new int[0])), 0, 1))), 0, 1);
  }

  /** {@code sum(sin(x + b[None, :]))} over x: f64[m,n], b: f64[n], and its gradients. */
  static Graph biasGrad() {
    return Ad.valueAndGrad(Graph.trace(List.of("x", "b"), List.of(f64(M, N), f64(N)),
        ps -> List.of(Ir.reduceSum(Ir.sin(Ir.add(ps.get(0),
            Ir.broadcastInDim(ps.get(1), Shape.of(M, N), 1))), 0, 1))), 0, 1);
  }

  /**
   * The structural families at once, over x: f64[m,n], v: f64[n]: differences of neighbours
   * (slices), pad, concatenate, rev, transpose, cumsum, index, iota, reduce_max, compare and
   * select, integer_pow, convert, reshape; several outputs.
   */
  static Graph structural() {
    return Graph.trace(List.of("x", "v"), List.of(f64(M, N), f64(N)), ps -> {
      Node x = ps.get(0);
      Node v = ps.get(1);
      Node d = Ir.sub(Ir.slice(v, new Dim[] {Dim.of(1)}, new Dim[] {N}),
          Ir.slice(v, new Dim[] {Dim.of(0)}, new Dim[] {N.minus(1)}));
      Node padded = Ir.pad(d, new Dim[] {Dim.of(2)}, new Dim[] {Dim.of(1)});
      Node cat = Ir.concatenate(0, v, Ir.rev(v, 0), padded);
      Node xt = Ir.transpose(x, 1, 0);
      Node cs = Ir.cumsum(xt, 1, false);
      Node csr = Ir.cumsum(x, 0, true);
      Node io = Ir.iota(f64(M, N), 1);
      Node sel = Ir.select(Ir.gt(x, io), Ir.integerPow(x, 3), Ir.convert(
          Ir.convert(Ir.mul(x, Ir.full(3.0, f64(M, N))), DType.I64), DType.F64));
      Node mx = Ir.reduceMax(sel, 1);
      Node flat = Ir.reshape(Ir.add(x, Ir.full(1.0, f64(M, N))), Shape.of(M.times(N)));
      Node row = Ir.index(Ir.transpose(cs, 1, 0), 1, 0);
      return List.of(cat, cs, csr, mx, flat, row, Ir.reduceSum(sel, 0, 1));
    });
  }

  /** The identity of a square type (sizes possibly symbolic), from iotas. */
  static Node eye(TensorType t) {
    return LinalgFixtures.eye(t);
  }

  /** {@link LinalgFixtures#linalg}: every real linear-algebra primitive but eigh, {@code [n, m]}. */
  static Node linalg(Node x, Node b) {
    return LinalgFixtures.linalg(x, b);
  }


  static Graph linalg() {
    return Graph.trace(List.of("x", "b"), List.of(f64(N, N), f64(N, M)),
        ps -> List.of(linalg(ps.get(0), ps.get(1))));
  }

  /** {@code sum(sin(linalg(x, b)))}. */
  static Graph linalgLoss() {
    return Graph.trace(List.of("x", "b"), List.of(f64(N, N), f64(N, M)),
        ps -> List.of(Ir.reduceSum(Ir.sin(linalg(ps.get(0), ps.get(1))), 0, 1)));
  }

  static Graph linalgGrad() {
    return Ad.valueAndGrad(linalgLoss(), 0, 1);
  }
}
