package org.cotangent.symbolic.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a graph as Graphviz DOT, for {@code cotangent graph} and for looking at transformed IR:
 *
 * <pre>
 * digraph cotangent {
 *   node [shape=ellipse, fontname="monospace"];
 *   n0 [shape=box, label="x\nparam 0 : f64[3]"];
 *   n1 [label="sin : f64[3]"];
 *   n2 [label="mul : f64[3]", peripheries=2];
 *   n0 -> n1;
 *   n1 -> n2 [label="0"];
 *   n0 -> n2 [label="1"];
 *   out0 [shape=plaintext, label="out: out"];
 *   n2 -> out0;
 * }
 * </pre>
 *
 * <p>One DOT node per IR node, in the graph's deterministic topological order ({@code n0, n1,
 * ...}), so the same graph always gives the same text. A node's label is its name, if it has one
 * (an input name or a name recorded by a front end or transformation, see {@link Graph#nameOf}),
 * over {@code op : type}. Parameters are boxes; output nodes have a double border and an edge to a
 * plain-text marker with the output's name. Edges run from an input to its user; when a node has
 * several inputs each edge is labelled with the input's position, since order matters for {@code
 * sub}, {@code div}, {@code dot_general}, .... Every string from the graph is escaped, so names
 * and parameters cannot break the DOT syntax.
 */
public final class DotPrinter {
  private DotPrinter() {}

  /** The DOT text of {@code g}, as {@code digraph cotangent { ... }}. */
  public static String print(Graph g) {
    return print(g, "cotangent");
  }

  /**
   * The DOT text of {@code g}, as {@code digraph title { ... }} (the title quoted unless it is a
   * plain identifier), ending with a newline.
   */
  public static String print(Graph g, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph ").append(id(title)).append(" {\n");
    sb.append("  node [shape=ellipse, fontname=\"monospace\"];\n");
    sb.append("  edge [fontname=\"monospace\", fontsize=10];\n");
    Map<Node, String> ids = new IdentityHashMap<>();
    Map<Node, Boolean> isOutput = new IdentityHashMap<>();
    for (Node o : g.outputs()) {
      isOutput.put(o, Boolean.TRUE);
    }
    List<Node> order = g.topoOrder();
    for (Node n : order) {
      String id = "n" + ids.size();
      ids.put(n, id);
      sb.append("  ").append(id).append(" [");
      if (n.op() instanceof Param) {
        sb.append("shape=box, ");
      }
      sb.append("label=").append(quote(label(g, n)));
      if (isOutput.containsKey(n)) {
        sb.append(", peripheries=2");
      }
      sb.append("];\n");
    }
    for (Node n : order) {
      for (int i = 0; i < n.arity(); i++) {
        sb.append("  ").append(ids.get(n.input(i))).append(" -> ").append(ids.get(n));
        if (n.arity() > 1) {
          sb.append(" [label=\"").append(i).append("\"]");
        }
        sb.append(";\n");
      }
    }
    for (int j = 0; j < g.outputs().size(); j++) {
      sb.append("  out").append(j).append(" [shape=plaintext, label=")
          .append(quote("out: " + g.outputName(j))).append("];\n");
      sb.append("  ").append(ids.get(g.output(j))).append(" -> out").append(j).append(";\n");
    }
    return sb.append("}\n").toString();
  }

  /** The label of {@code n}: its name (if any) over {@code op : type}. */
  private static String label(Graph g, Node n) {
    String op;
    if (n.op() instanceof Param) {
      op = "param " + ((Param) n.op()).index();
    } else {
      op = n.op().toString();
    }
    String name = g.nameOf(n);
    String text = op + " : " + n.type();
    return name == null ? text : name + "\n" + text;
  }

  /** {@code s} as a DOT ID: bare if it is a plain identifier and not a keyword, else quoted. */
  static String id(String s) {
    if (s.matches("[A-Za-z_][A-Za-z0-9_]*")
        && !s.toLowerCase(java.util.Locale.ROOT)
            .matches("graph|digraph|subgraph|node|edge|strict")) {
      return s;
    }
    return quote(s);
  }

  /**
   * {@code s} as a DOT double-quoted string: backslashes and quotes escaped, line breaks as DOT's
   * {@code \n} (centred line), other control characters dropped.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        continue;
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
