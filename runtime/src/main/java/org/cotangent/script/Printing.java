package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Node;

/** How values print: NumPy-style text, and the JSON of {@code cotangent run --json}. */
final class Printing {
  private Printing() {}

  /** The text {@code print} writes for {@code v} (strings bare, as Python's str). */
  static String str(Runner runner, Object v, Pos pos) {
    return v instanceof String ? (String) v : repr(runner, v, pos);
  }

  /** Python-like repr: strings quoted, containers with their elements' repr. */
  static String repr(Runner runner, Object v, Pos pos) {
    if (v instanceof String) {
      return "'" + ((String) v).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
          .replace("\t", "\\t").replace("\r", "\\r") + "'";
    }
    if (v instanceof Node) {
      return tensor(runner.concrete((Node) v, pos));
    }
    List<Object> items = Values.items(v);
    if (items != null) {
      boolean tuple = v instanceof Values.Tuple;
      StringBuilder sb = new StringBuilder(tuple ? "(" : "[");
      for (int i = 0; i < items.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(repr(runner, items.get(i), pos));
      }
      return sb.append(tuple ? (items.size() == 1 ? ",)" : ")") : "]").toString();
    }
    if (v instanceof Values.Dict) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        sb.append(first ? "" : ", ").append(repr(runner, e.getKey(), pos)).append(": ")
            .append(repr(runner, e.getValue(), pos));
        first = false;
      }
      return sb.append("}").toString();
    }
    if (v instanceof Values.Callable) {
      return "<function " + ((Values.Callable) v).name() + ">";
    }
    return String.valueOf(v);
  }

  /** NumPy's text for an array; a scalar prints as Python prints the number. */
  static String tensor(Tensor t) {
    if (t.rank() == 0) {
      switch (t.dtype()) {
        case BOOL:
          return t.re(0) != 0 ? "True" : "False";
        case I64:
          return Long.toString((long) t.re(0));
        case C128:
          return t.toString();
        default:
          return pyFloat(t.re(0));
      }
    }
    return t.toString();
  }

  /** Python's repr of a float ({@link Tensor#formatPython}). */
  static String pyFloat(double v) {
    return Tensor.formatPython(v);
  }

  // ------------------------------------------------------------------ JSON

  static String json(Runner runner, Object v, Pos pos) {
    StringBuilder sb = new StringBuilder();
    json(runner, v, pos, sb);
    return sb.toString();
  }

  private static void json(Runner runner, Object v, Pos pos, StringBuilder sb) {
    if (v instanceof String) {
      jsonString((String) v, sb);
    } else if (v == Values.NONE) {
      sb.append("null");
    } else if (v instanceof Node) {
      sb.append(runner.concrete((Node) v, pos).toJson());
    } else if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        json(runner, items.get(i), pos, sb);
      }
      sb.append(']');
    } else if (v instanceof Values.Dict) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        jsonString(e.getKey(), sb);
        sb.append(": ");
        json(runner, e.getValue(), pos, sb);
        first = false;
      }
      sb.append('}');
    } else {
      jsonString(repr(runner, v, pos), sb);
    }
  }

  /** JSON has no NaN or infinities: those are the strings "nan", "inf", "-inf". */
  static String jsonNumber(double d) {
    return Tensor.jsonNumber(d);
  }


  static void jsonString(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
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
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  /** The JSON line of one print call: its argument, or an array of its arguments. */
  static String jsonLine(Runner runner, List<Object> args, Pos pos) {
    if (args.size() == 1) {
      return json(runner, args.get(0), pos);
    }
    return json(runner, new Values.ListValue(new ArrayList<>(args)), pos);
  }
}
