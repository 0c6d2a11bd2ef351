package org.cotangent.symbolic;

import java.util.List;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/** Scans whose bodies have types over symbolic sizes (issue 14 item 4), shared by the tests. */
final class ScanFixtures {
  private ScanFixtures() {}

  /**
   * {@code y <- y + 0.1 (tanh(a y) + sin(x_t) y)} over the columns {@code x_t} of {@code x:
   * f64[n,m]} (m steps of a carry {@code f64[n]}), each step's {@code y . x_t} stacked; the
   * result is the final {@code y} plus the sum of the ys.
   */
  static Node scanOverSizes(Node a, Node y0, Node x) {
    TensorType vt = y0.type();
    Graph body = Graph.trace(List.of("a", "y", "xt"), List.of(a.type(), vt, vt), ps -> {
      Node y = ps.get(1);
      Node ay = Ir.dotGeneral(ps.get(0), y, new int[] {1}, new int[] {0}, new int[0],
          new int[0]);
      Node next = Ir.add(y, Ir.mul(Ir.full(0.1, vt), Ir.add(Ir.tanh(ay),
          Ir.mul(Ir.sin(ps.get(2)), y))));
      return List.of(next, Ir.reduceSum(Ir.mul(next, ps.get(2)), 0));
    });
    Dim steps = x.type().shape().extent(1);
    List<Node> r = Scan.scan(body, List.of(a), List.of(y0), List.of(Ir.transpose(x, 1, 0)),
        steps, false);
    return Ir.add(r.get(0), Ir.broadcastInDim(Ir.reduceSum(r.get(1), 0), vt.shape()));
  }
}
