package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Sub-graphs over symbolic sizes (DESIGN, "Symbolic sizes", "Calls, branches, custom rules and
 * while loops"): the sub-graphs of a call, a conditional, a custom rule or a while loop are typed
 * in the caller's size names, so the op's size variables are its sub-graphs' and specialising the
 * op specialises them with the same sizes.
 */
final class Subgraphs {
  private Subgraphs() {}

  /** Every size variable the graphs name. */
  static Set<String> sizeVars(List<Graph> graphs) {
    Set<String> s = new TreeSet<>();
    for (Graph g : graphs) {
      s.addAll(g.sizeVars());
    }
    return s;
  }

  /** Each graph with its sizes substituted ({@link Graph#withSizes}). */
  static List<Graph> withSizes(List<Graph> graphs, Map<String, Dim> env) {
    List<Graph> r = new ArrayList<>();
    for (Graph g : graphs) {
      r.add(g.withSizes(env));
    }
    return r;
  }

  /** True if every graph is the same object in both lists (nothing was substituted). */
  static boolean same(List<Graph> a, List<Graph> b) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The types of {@code nodes}. */
  static List<TensorType> types(List<Node> nodes) {
    List<TensorType> ts = new ArrayList<>();
    for (Node n : nodes) {
      ts.add(n.type());
    }
    return ts;
  }
}
