package org.cotangent.symbolic.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a graph in a jaxpr-like form:
 *
 * <pre>
 * { lambda x:f64[3] .
 *   let a:f64[3] = sin x
 *       b:f64[3] = mul a x
 *   in ( b ) }
 * </pre>
 *
 * Scalar and uniform constants print inline ({@code 2.0}, {@code 0.0:f64[3]}); other constants are
 * bound by a {@code let}. Names are assigned in topological order, so the text is deterministic.
 */
public final class Printer {
  private Printer() {}

  public static String print(Graph g) {
    Map<Node, String> names = new IdentityHashMap<>();
    StringBuilder sb = new StringBuilder("{ lambda ");
    List<Node> params = g.params();
    for (int i = 0; i < params.size(); i++) {
      String name = g.inputNames().get(i);
      names.put(params.get(i), name);
      sb.append(i > 0 ? " " : "").append(name).append(':').append(g.inputTypes().get(i));
    }
    sb.append(" .\n");
    int counter = 0;
    boolean first = true;
    for (Node n : g.topoOrder()) {
      if (names.containsKey(n)) {
        continue;
      }
      if (n.op() instanceof Param) {
        names.put(n, "?" + n.op());
        continue;
      }
      if (n.op() instanceof Constant && ((Constant) n.op()).isUniform()) {
        names.put(n, ((Constant) n.op()).inlineText());
        continue;
      }
      String name;
      do {
        name = varName(counter++);
      } while (g.inputNames().contains(name));
      names.put(n, name);
      sb.append(first ? "  let " : "      ").append(name).append(':').append(n.type())
          .append(" = ").append(n.op());
      for (Node in : n.inputs()) {
        sb.append(' ').append(names.get(in));
      }
      sb.append('\n');
      first = false;
    }
    sb.append("  in ( ");
    for (int i = 0; i < g.outputs().size(); i++) {
      sb.append(i > 0 ? ", " : "").append(names.get(g.output(i)));
    }
    return sb.append(" ) }").toString();
  }

  /** a, b, ..., z, ba, bb, ... as jaxprs name variables. */
  public static String varName(int k) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + k % 26));
      k /= 26;
    } while (k > 0);
    return sb.reverse().toString();
  }
}
