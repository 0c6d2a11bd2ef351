package org.cotangent.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * Pytrees: nested tuples, lists and dicts of arrays, flattened to their leaves (depth first, dict
 * entries in insertion order) and rebuilt from leaves with the same structure. Gradients come back
 * in the structure of the arguments, as in JAX.
 */
final class Pytree {
  private Pytree() {}

  /** The arrays of {@code v}, in order; strings and None are not leaves and are rejected. */
  static List<Node> leaves(Object v) {
    List<Node> out = new ArrayList<>();
    collect(v, out);
    return out;
  }

  private static void collect(Object v, List<Node> out) {
    if (v instanceof Node) {
      out.add((Node) v);
    } else if (v instanceof Values.Tuple) {
      for (Object x : ((Values.Tuple) v).items) {
        collect(x, out);
      }
    } else if (v instanceof Values.ListValue) {
      for (Object x : ((Values.ListValue) v).items) {
        collect(x, out);
      }
    } else if (v instanceof Values.Dict) {
      for (Object x : ((Values.Dict) v).entries.values()) {
        collect(x, out);
      }
    } else {
      throw new IrException("expected arrays or nested tuples, lists and dicts of arrays, got "
          + Values.typeName(v));
    }
  }

  /** {@code template} with its leaves replaced, in order, by {@code leaves}. */
  static Object rebuild(Object template, List<Node> leaves) {
    return rebuildAny(template, leaves);
  }

  /** Like {@link #rebuild}, with any values as leaves (Jacobians nest pytrees in pytrees). */
  static Object rebuildAny(Object template, List<?> leaves) {
    int[] k = {0};
    Object r = rebuild(template, leaves, k);
    if (k[0] != leaves.size()) {
      throw new IllegalStateException("pytree has " + k[0] + " leaves, got " + leaves.size());
    }
    return r;
  }

  private static Object rebuild(Object t, List<?> leaves, int[] k) {
    if (t instanceof Node) {
      return leaves.get(k[0]++);
    }
    if (t instanceof Values.Tuple) {
      List<Object> items = new ArrayList<>();
      for (Object x : ((Values.Tuple) t).items) {
        items.add(rebuild(x, leaves, k));
      }
      return new Values.Tuple(items);
    }
    if (t instanceof Values.ListValue) {
      List<Object> items = new ArrayList<>();
      for (Object x : ((Values.ListValue) t).items) {
        items.add(rebuild(x, leaves, k));
      }
      return new Values.ListValue(items);
    }
    if (t instanceof Values.Dict) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Values.Dict) t).entries.entrySet()) {
        m.put(e.getKey(), rebuild(e.getValue(), leaves, k));
      }
      return new Values.Dict(m);
    }
    throw new IllegalStateException("not a pytree: " + t);
  }

  /** A key that identifies the structure and leaf types of a pytree (for trace caches). */
  static String signature(Object v) {
    StringBuilder sb = new StringBuilder();
    sign(v, sb);
    return sb.toString();
  }

  private static void sign(Object v, StringBuilder sb) {
    if (v instanceof Node) {
      sb.append(((Node) v).type());
    } else if (v instanceof Values.Tuple) {
      sb.append('(');
      for (Object x : ((Values.Tuple) v).items) {
        sign(x, sb);
        sb.append(',');
      }
      sb.append(')');
    } else if (v instanceof Values.ListValue) {
      sb.append('[');
      for (Object x : ((Values.ListValue) v).items) {
        sign(x, sb);
        sb.append(',');
      }
      sb.append(']');
    } else if (v instanceof Values.Dict) {
      sb.append('{');
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        sb.append(e.getKey()).append(':');
        sign(e.getValue(), sb);
        sb.append(',');
      }
      sb.append('}');
    } else {
      throw new IrException("expected arrays or nested tuples, lists and dicts of arrays, got "
          + Values.typeName(v));
    }
  }

  static List<TensorType> types(List<Node> leaves) {
    List<TensorType> t = new ArrayList<>();
    for (Node n : leaves) {
      t.add(n.type());
    }
    return t;
  }
}
