package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.script.Expr;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Node;

/**
 * What {@code v[...]} and {@code v.name} mean for each kind of value: a dict takes one string key;
 * a tuple or list one position (negative from the end) or a slice (clamped, with a step, as
 * Python's); an array one item per leading axis: a constant integer (dropping its axis), a slice
 * with any non-zero step ({@code x[::2]}, {@code x[::-1]}), or an integer array or traced integer
 * ({@code x[idx]}: NumPy's take along that axis, the index's shape replacing the axis; at most one
 * array index per subscript); and an array has the attributes {@code T}, {@code shape}, {@code
 * ndim}, {@code size} and {@code dtype}.
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
        Integer lo = bound(ev, s.lower());
        Integer hi = bound(ev, s.upper());
        List<Object> sub = new ArrayList<>();
        for (int k : positions(lo, hi, step(ev, s), items.size())) {
          sub.add(items.get(k));
        }
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
    // NumPy moves the indexed axes first when integer and array indices are not adjacent; taking
    // one axis at a time keeps them in place, so that case (rare) is an error, not a difference.
    boolean arraySeen = false;
    boolean indexSeen = false;
    boolean sliceSince = false;
    boolean gapped = false;
    for (Expr item : e.items()) {
      if (axis >= x.rank()) {
        throw item.pos().error("too many indices for an array of shape " + indexed);
      }
      if (item instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) item;
        Integer lo = bound(ev, s.lower());
        Integer hi = bound(ev, s.upper());
        x = Np.slice(x, axis, lo, hi, step(ev, s));
        axis++;
        sliceSince = true;
        continue;
      }
      Object iv = ev.eval(item);
      if (iv instanceof Values.ListValue) {
        iv = Builtins.indexArray(iv, item.pos());
      }
      Node idx = iv instanceof Node && !((Node) iv).isConstant() || iv instanceof Node
          && ((Node) iv).rank() > 0 ? (Node) iv : null;
      boolean isArray = idx != null && idx.rank() > 0;
      gapped |= indexSeen && sliceSince;
      if (isArray && arraySeen) {
        throw item.pos().error("only one integer-array index per subscript is supported (NumPy"
            + " would broadcast several together); index one axis at a time, e.g. x[i][:, j]");
      }
      arraySeen |= isArray;
      if (arraySeen && gapped) {
        throw item.pos().error("an array index and another index separated by a slice are not"
            + " supported (NumPy would move the indexed axes first); index in two steps");
      }
      indexSeen = true;
      sliceSince = false;
      if (idx == null) {
        x = Np.index(x, axis, Values.intOf(iv, item.pos()));
        continue;
      }
      try {
        x = Np.take(x, idx, axis);
      } catch (org.cotangent.symbolic.IrException ex) {
        throw item.pos().error(ex.getMessage());
      }
      axis += idx.rank();
    }
    return x;
  }

  private static Integer bound(Evaluator ev, Expr e) {
    return e == null ? null : Values.intOf(ev.eval(e), e.pos());
  }

  /** The slice's step (null when absent), with a step of zero rejected at the step. */
  private static Integer step(Evaluator ev, Expr.Slice s) {
    if (s.step() == null) {
      return null;
    }
    int k = Values.intOf(ev.eval(s.step()), s.step().pos());
    if (k == 0) {
      throw s.step().pos().error("slice step cannot be zero");
    }
    return k;
  }

  /** The positions {@code range(*slice(lo, hi, step).indices(n))} selects, as Python's. */
  static List<Integer> positions(Integer lo, Integer hi, Integer step, int n) {
    int k = step == null ? 1 : step;
    List<Integer> r = new ArrayList<>();
    if (k > 0) {
      int s = lo == null ? 0 : Math.max(0, Math.min(n, lo < 0 ? lo + n : lo));
      int e = hi == null ? n : Math.max(0, Math.min(n, hi < 0 ? hi + n : hi));
      for (int i = s; i < e; i += k) {
        r.add(i);
      }
    } else {
      int s = lo == null ? n - 1 : Math.max(-1, Math.min(n - 1, lo < 0 ? lo + n : lo));
      int e = hi == null ? -1 : Math.max(-1, Math.min(n - 1, hi < 0 ? hi + n : hi));
      for (int i = s; i > e; i += k) {
        r.add(i);
      }
    }
    return r;
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
    if (v instanceof Values.Namespace) {
      Values.Namespace ns = (Values.Namespace) v;
      Object member = ns.members.get(e.name());
      if (member != null) {
        return member;
      }
      throw e.namePos().error("module '" + ns.name + "' has no attribute '" + e.name() + "' (it has "
          + String.join(", ", ns.members.keySet()) + ")");
    }
    throw e.namePos().error(Values.typeName(v) + " has no attribute '" + e.name() + "'");
  }
}
