package org.cotangent.symbolic.ir;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.TensorType;

/**
 * Re-checks a graph: every node's type is what its op's shape rule says for its inputs, and every
 * parameter is one of the graph's inputs with the declared type. Run after every transformation in
 * tests; a failure is a bug in a rule, never a user error.
 */
public final class Checker {
  private Checker() {}

  public static void check(Graph g) {
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Param) {
        Param p = (Param) n.op();
        if (p.index() >= g.arity() || !g.inputTypes().get(p.index()).equals(n.type())) {
          throw new IllegalStateException("unbound " + p + " in graph with inputs " + g.inputTypes());
        }
        continue;
      }
      List<TensorType> ts = new ArrayList<>();
      for (Node in : n.inputs()) {
        ts.add(in.type());
      }
      TensorType t = n.op().inferType(ts);
      if (!t.equals(n.type())) {
        throw new IllegalStateException(n.op() + " has type " + n.type() + " but its rule says " + t);
      }
    }
  }
}
