package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Rule helpers for linear primitives (JAX's {@code ad.deflinear} and {@code ad.defbilinear}): a
 * linear primitive's JVP is the primitive applied to the tangents, and a bilinear one's is the
 * product rule; only their transposes are written by hand.
 */
public final class Linear {
  private Linear() {}

  /**
   * The JVP of an op linear in all its inputs (JAX's {@code linear_jvp}): the op applied to the
   * tangents, symbolic zeros made concrete where some but not all tangents are zero.
   */
  public static Node jvp(Op op, List<Node> primals, Node[] tangents) {
    Node[] ts = new Node[tangents.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = tangents[i] != null ? tangents[i] : Ir.zeros(primals.get(i).type());
    }
    return Node.make(op, ts);
  }

  /**
   * The JVP of a bilinear op {@code f(x, y)} (JAX's {@code defbilinear}): {@code f(dx, y) + f(x,
   * dy)}, each term skipped where its tangent is a symbolic zero.
   */
  public static Node bilinearJvp(Op op, List<Node> primals, Node[] tangents) {
    Node tx = tangents[0] == null ? null : Node.make(op, tangents[0], primals.get(1));
    Node ty = tangents[1] == null ? null : Node.make(op, primals.get(0), tangents[1]);
    return Ir.addTangents(tx, ty);
  }
}
