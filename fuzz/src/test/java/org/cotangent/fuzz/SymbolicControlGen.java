package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Cond;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.CustomVjp;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The symbolic check's ops with sub-graphs (DESIGN, "Symbolic sizes", "Calls, branches, custom
 * rules and while loops"): over a value {@code a} of one of the check's kinds and a scalar, a
 * call of a small callee (typed in the caller's size names, or in names of its own that the call
 * binds), a conditional of two or three branches on a data-dependent index, a custom_jvp or
 * custom_vjp softplus, or a while loop with a data-dependent trip count (at most 3 steps, no
 * max_steps: its reverse mode is the rematerialising transpose), whose program the check
 * differentiates in forward mode for odd seeds.
 */
final class SymbolicControlGen {
  private SymbolicControlGen() {}

  static final TensorType S = TensorType.of(DType.F64, Shape.SCALAR);

  static void step(SymbolicCheck g, Random r, Node a, SymbolicCheck.Kind k) {
    Node c = g.pick(SymbolicCheck.Kind.S);
    switch (r.nextInt(5)) {
      case 0:
        call(g, r, a, c, k);
        break;
      case 1:
        cond(g, r, a, c, k);
        break;
      case 2:
        g.add(k, CustomJvp.call(softplus(a.type()), softplusRule(a.type()), List.of(a)).get(0));
        break;
      case 3: {
        TensorType t = a.type();
        Graph fwd = Graph.trace(List.of("y"), List.of(t), ps -> List.of(
            Ir.log1p(Ir.exp(ps.get(0))), Ir.logistic(ps.get(0))));
        Graph bwd = Graph.trace(List.of("r", "ybar"), List.of(t, t), ps -> List.of(
            Ir.mul(ps.get(0), ps.get(1))));
        g.add(k, CustomVjp.call(softplus(t), fwd, bwd, List.of(a)).get(0));
        break;
      }
      default:
        whileLoop(g, r, a, g.pick(k), k);
    }
  }

  /** {@code c} broadcast to {@code t}. */
  private static Node bc(Node c, TensorType t) {
    return t.rank() == 0 ? c : Ir.broadcastInDim(c, t.shape());
  }

  /** {@code t} with each symbolic axis renamed {@code p0, p1, ...} (a callee's own names). */
  private static TensorType own(TensorType t) {
    Dim[] d = t.shape().extents();
    for (int i = 0; i < d.length; i++) {
      d[i] = Dim.var("p" + i);
    }
    return TensorType.of(t.dtype(), Shape.of(d));
  }

  private static List<Node> body(int form, Node y, Node c) {
    TensorType t = y.type();
    switch (form) {
      case 0:
        return List.of(Ir.add(Ir.mul(Ir.sin(y), bc(c, t)), y));
      case 1:
        return List.of(Ir.sub(Ir.tanh(Ir.mul(y, y)), bc(c, t)));
      default:
        return List.of(Ir.mul(y, Ir.logistic(bc(c, t))));
    }
  }

  private static void call(SymbolicCheck g, Random r, Node a, Node c, SymbolicCheck.Kind k) {
    TensorType t = r.nextBoolean() ? a.type() : own(a.type());
    int form = r.nextInt(3);
    Graph callee = Graph.trace(List.of("y", "c"), List.of(t, S), ps -> {
      List<Node> o = new ArrayList<>(body(form, ps.get(0), ps.get(1)));
      o.add(t.rank() == 0 ? Ir.sin(ps.get(0)) : Ir.reduceSum(Ir.sin(ps.get(0)),
          Ir.allAxes(t.rank())));
      return o;
    });
    // A third of the calls are checkpoints (remat: reverse mode recomputes the body; code
    // generation keeps it apart as a one-step scan over the caller's sizes).
    boolean remat = r.nextInt(3) == 0;
    List<Node> out = remat ? ClosedCall.checkpoint(callee, List.of(a, c))
        : ClosedCall.call(callee, List.of(a, c));
    if (remat) {
      g.ops.add("checkpoint:" + k);
    }
    g.add(k, out.get(0));
    g.add(SymbolicCheck.Kind.S, Ir.add(c, out.get(1)));
  }

  private static void cond(SymbolicCheck g, Random r, Node a, Node c, SymbolicCheck.Kind k) {
    int nb = 2 + r.nextInt(2);
    List<Graph> branches = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      int form = (b + r.nextInt(3)) % 3;
      branches.add(Graph.trace(List.of("y", "c"), List.of(a.type(), S),
          ps -> body(form, ps.get(0), ps.get(1))));
    }
    // An index from the data: bool for two branches, an i64 (clamped) for three.
    Node index = nb == 2 ? Ir.gt(c, Ir.full(0.0, S))
        : Ir.convert(Ir.mul(Ir.add(c, Ir.full(1.0, S)), Ir.full(1.5, S)), DType.I64);
    g.add(k, Cond.cond(index, branches, List.of(a, c)).get(0));
  }

  private static Graph softplus(TensorType t) {
    return Graph.trace(List.of("y"), List.of(t), ps -> List.of(Ir.log1p(Ir.exp(ps.get(0)))));
  }

  private static Graph softplusRule(TensorType t) {
    return Graph.trace(List.of("y", "t"), List.of(t, t), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0))), Ir.mul(ps.get(1), Ir.logistic(ps.get(0)))));
  }

  /** {@code y = y / 2 + sin(w) / 4} while {@code i < 1 + 2 tanh(sum(y * y))}. */
  private static void whileLoop(SymbolicCheck g, Random r, Node a, Node w, SymbolicCheck.Kind k) {
    TensorType t = a.type();
    List<String> names = List.of("w", "y", "i");
    List<TensorType> types = List.of(t, t, S);
    Graph cond = Graph.trace(names, types, ps -> {
      Node yy = Ir.mul(ps.get(1), ps.get(1));
      Node sum = t.rank() == 0 ? yy : Ir.reduceSum(yy, Ir.allAxes(t.rank()));
      return List.of(Ir.lt(ps.get(2), Ir.add(Ir.full(1.0, S), Ir.mul(Ir.full(2.0, S),
          Ir.tanh(sum)))));
    });
    Graph body = Graph.trace(names, types, ps -> List.of(
        Ir.add(Ir.mul(ps.get(1), Ir.full(0.5, t)), Ir.mul(Ir.sin(ps.get(0)), Ir.full(0.25, t))),
        Ir.add(ps.get(2), Ir.full(1.0, S))));
    // At most 3 steps: half the loops are taped (max_steps 4, reverse mode gathers the stacked
    // carries), half rematerialised (0).
    int maxSteps = r.nextBoolean() ? 4 : 0;
    if (maxSteps > 0) {
      g.ops.add("while_taped:" + k);
    }
    g.add(k, WhileLoop.build(cond, body, List.of(w), List.of(a, Ir.full(0.0, S)), maxSteps)
        .get(0));
  }
}
