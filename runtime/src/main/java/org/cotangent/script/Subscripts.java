package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.script.Expr;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Node;

/**
 * What {@code v[...]} and {@code v.name} mean for each kind of value: a dict takes one string key;
 * a tuple or list one position (negative from the end) or a slice (clamped, as Python's); an array
 * one index or slice per leading axis (static integers, slice step 1), an index dropping its axis;
 * and an array has the attributes {@code T}, {@code shape}, {@code ndim}, {@code size} and {@code
 * dtype}.
 */
final class Subscripts {
  private Subscripts() {}

  /** {@code v[items]} for the subscript {@code e}, whose items are evaluated here, in order. */
  static Object index(Evaluator ev, Expr.Index e, Object v) {
    if (v instanceof Values.Dict) {
      if (e.items().size() != 1) {
        throw e.openPos().error("a dict takes one key");
      }
      Object k = ev.eval(e.items().get(0));
      Object r = k instanceof String ? ((Values.Dict) v).entries.get(k) : null;
      if (r == null) {
        throw e.items().get(0).pos().error("key " + (k instanceof String ? "'" + k + "'" : Values.typeName(k))
            + " is not in the dict (keys: " + ((Values.Dict) v).entries.keySet() + ")");
      }
      return r;
    }
    if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      if (e.items().size() != 1) {
        throw e.openPos().error(Values.typeName(v) + " indices take one position");
      }
      Expr item = e.items().get(0);
      if (item instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) item;
        int n = items.size();
        int lo = s.lower() == null ? 0 : clampIndex(Values.intOf(ev.eval(s.lower()), s.lower().pos()), n);
        int hi = s.upper() == null ? n : clampIndex(Values.intOf(ev.eval(s.upper()), s.upper().pos()), n);
        List<Object> sub = new ArrayList<>(items.subList(Math.min(lo, hi), hi));
        return v instanceof Values.Tuple ? new Values.Tuple(sub) : new Values.ListValue(sub);
      }
      int i = Values.intOf(ev.eval(item), item.pos());
      int j = i < 0 ? i + items.size() : i;
      if (j < 0 || j >= items.size()) {
        throw item.pos().error(Values.typeName(v) + " index " + i + " out of range (length "
            + items.size() + ")");
      }
      return items.get(j);
    }
    Node x = Values.array(v, e.value().pos(), "indexed value");
    Shape indexed = x.type().shape();
    int axis = 0;
    for (Expr item : e.items()) {
      if (axis >= x.rank()) {
        throw item.pos().error("too many indices for an array of shape " + indexed);
      }
      if (item instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) item;
        if (s.step() != null) {
          int step = Values.intOf(ev.eval(s.step()), s.step().pos());
          if (step != 1) {
            throw s.step().pos().error("slice steps other than 1 are not supported yet");
          }
        }
        Integer lo = s.lower() == null ? null : Values.intOf(ev.eval(s.lower()), s.lower().pos());
        Integer hi = s.upper() == null ? null : Values.intOf(ev.eval(s.upper()), s.upper().pos());
        x = Np.slice(x, axis, lo, hi);
        axis++;
      } else {
        Object iv = ev.eval(item);
        int i = Values.intOf(iv, item.pos());
        x = Np.index(x, axis, i);
      }
    }
    return x;
  }

  private static int clampIndex(int i, int n) {
    int j = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, j));
  }

  /** {@code v.name} for the attribute access {@code e}. */
  static Object attribute(Expr.Attribute e, Object v) {
    if (v instanceof Node) {
      Node x = (Node) v;
      switch (e.name()) {
        case "T":
          return Np.transpose(x);
        case "shape":
          return Values.shapeTuple(x);
        case "ndim":
          return Values.intConst(x.rank());
        case "size":
          return Values.intConst(x.type().size());
        case "dtype":
          return x.dtype().toString();
        default:
          break;
      }
    }
    throw e.namePos().error(Values.typeName(v) + " has no attribute '" + e.name() + "'");
  }
}
