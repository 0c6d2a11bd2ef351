package org.cotangent.symbolic.text;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Printer;

/**
 * Writes a graph as canonical IR text, which {@link IrReader} reads back into an equal graph:
 * the jaxpr-like form of the printer with everything a graph holds, so that {@code
 * write(read(write(g))).equals(write(g))}:
 *
 * <pre>
 * { lambda x:f64[3] .
 *   let a:f64[2,3] = const[f64[2,3],data=(1.0,2.0,3.0,4.0,5.0,6.0)]
 *       b:f64[3] = sin x @name "s" @at primal "f.ct" 2 3 "  s = sin(x)"
 *   in ( b @name "out" ) }
 * </pre>
 *
 * Every number is written exactly ({@link Double#toString} round-trips), constants by value; names
 * and origins, which do not change what a graph computes, follow as {@code @name} and {@code @at}
 * annotations. Parameters of sub-graphs (ops that carry a graph) are written the same way, nested.
 */
public final class IrWriter {
  /** Words the reader treats specially; no variable or input binder may be one of them. */
  static final Set<String> KEYWORDS = Set.of("lambda", "let", "in", "True", "False", "NaN",
      "Infinity", "empty");

  private IrWriter() {}

  public static String write(Graph g) {
    StringBuilder sb = new StringBuilder();
    write(g, sb, 0);
    return sb.toString();
  }

  static void write(Graph g, StringBuilder sb, int indent) {
    String pad = "  ".repeat(indent);
    Map<Node, String> names = new IdentityHashMap<>();
    Set<String> taken = new HashSet<>(KEYWORDS);
    sb.append("{ lambda");
    List<Node> params = g.params();
    for (int i = 0; i < params.size(); i++) {
      String given = g.inputNames().get(i);
      String id = isIdentifier(given) && !taken.contains(given) ? given : "in" + i;
      while (taken.contains(id)) {
        id = id + "_";
      }
      taken.add(id);
      names.put(params.get(i), id);
      sb.append(' ').append(id).append(':').append(g.inputTypes().get(i));
      if (!id.equals(given)) {
        sb.append(" @name ").append(quote(given));
      }
    }
    sb.append(" .\n");
    int counter = 0;
    boolean first = true;
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Param) {
        continue;
      }
      if (n.op() instanceof Constant && ((Constant) n.op()).isUniform()) {
        names.put(n, literal((Constant) n.op()));
        continue;
      }
      String v;
      do {
        v = Printer.varName(counter++);
      } while (taken.contains(v));
      names.put(n, v);
      sb.append(pad).append(first ? "  let " : "      ").append(v).append(':').append(n.type())
          .append(" = ").append(n.op().name()).append(params(n, indent));
      for (Node in : n.inputs()) {
        sb.append(' ').append(names.get(in));
      }
      annotate(g, n, sb);
      sb.append('\n');
      first = false;
    }
    sb.append(pad).append("  in ( ");
    for (int j = 0; j < g.outputs().size(); j++) {
      sb.append(j > 0 ? ", " : "").append(names.get(g.output(j)));
      if (g.outputNames() != null) {
        sb.append(" @name ").append(quote(g.outputNames().get(j)));
      }
    }
    sb.append(" ) }");
  }

  private static String params(Node n, int indent) {
    return n.op().canonicalParamsText(sub -> {
      StringBuilder sb = new StringBuilder();
      write(sub, sb, indent + 3);
      return sb.toString();
    });
  }

  private static void annotate(Graph g, Node n, StringBuilder sb) {
    String name = g.nodeNames().get(n);
    if (name != null) {
      sb.append(" @name ").append(quote(name));
    }
    Origin o = g.originOf(n);
    if (o != null) {
      sb.append(" @at ").append(o.role().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
          .append(quote(o.pos().file())).append(' ').append(o.pos().line()).append(' ')
          .append(o.pos().column()).append(' ').append(quote(o.pos().lineText()));
    }
  }

  /** A uniform constant inline: {@code 2.0}, {@code 0.0:f64[3]}, {@code True:bool[]}, {@code (1.0,-2.0):c128[]}. */
  static String literal(Constant c) {
    TensorType t = c.type();
    if (t.isStatic() && t.size() == 0) {
      return "empty:" + t;
    }
    double re = c.uniformValue();
    String s;
    if (t.dtype() == DType.BOOL) {
      s = re != 0 ? "True" : "False";
    } else if (t.dtype() == DType.I64) {
      s = Long.toString((long) re);
    } else if (t.dtype().isComplex()) {
      s = "(" + re + "," + c.uniformImag() + ")";
    } else {
      s = Double.toString(re);
    }
    return t.dtype() == DType.F64 && t.shape().isScalar() ? s : s + ":" + t;
  }

  static boolean isIdentifier(String s) {
    return s.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(s);
  }

  /** A JSON-style string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }
}
