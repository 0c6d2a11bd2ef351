package org.cotangent.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;

/**
 * The values of the script language. Tensors are IR {@link Node}s (constants when concrete, other
 * nodes while a function is traced); the containers below are the pytrees; functions implement
 * {@link Callable}; strings are {@link String}; {@link #NONE} is None. Also the conversions
 * between script values and Java ones that need no evaluation (Python ints and shapes).
 */
final class Values {
  private Values() {}

  /** Python's None. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /** An immutable tuple {@code (a, b)}. */
  /** A module-like value whose attributes are functions, such as {@code linalg}. */
  static final class Namespace {
    final String name;
    final Map<String, Object> members;

    Namespace(String name, Map<String, Object> members) {
      this.name = name;
      this.members = Collections.unmodifiableMap(new java.util.TreeMap<>(members));
    }
  }

  static final class Tuple {
    final List<Object> items;

    Tuple(List<Object> items) {
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  /** A list {@code [a, b]} (immutable: the language has no mutation). */
  static final class ListValue {
    final List<Object> items;

    ListValue(List<Object> items) {
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  /**
   * A dict with string keys, iterating and printing in insertion order; as a pytree it flattens
   * in sorted key order ({@link Pytree}), and a dict rebuilt from leaves is in that order.
   */
  static final class Dict {
    final Map<String, Object> entries;

    Dict(Map<String, Object> entries) {
      this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  /** Something that can be called: a user function, a built-in, a transformed function. */
  interface Callable {
    /** Calls with positional and keyword arguments; {@code pos} is the call site, for errors. */
    Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos);

    String name();

    /**
     * A key under which traces of this function may be cached: equal keys mean the same
     * computation. The default is the object's identity.
     */
    default Object cacheKey(TraceCache cache) {
      return TraceCache.ident(cache.idOf(this));
    }
  }

  /** The items of a tuple or list, or null for any other value. */
  static List<Object> items(Object v) {
    if (v instanceof Tuple) {
      return ((Tuple) v).items;
    }
    return v instanceof ListValue ? ((ListValue) v).items : null;
  }

  /** The name of a value's type, for messages. */
  static String typeName(Object v) {
    if (v instanceof Node) {
      return "array " + ((Node) v).type();
    }
    if (v instanceof Tuple) {
      return "tuple";
    }
    if (v instanceof ListValue) {
      return "list";
    }
    if (v instanceof Dict) {
      return "dict";
    }
    if (v instanceof String) {
      return "str";
    }
    if (v == NONE) {
      return "None";
    }
    if (v instanceof Callable) {
      return "function";
    }
    if (v instanceof Namespace) {
      return "module '" + ((Namespace) v).name + "'";
    }
    return v.getClass().getSimpleName();
  }

  // ------------------------------------------------------------------ conversions

  private static final Node TRUE = makeBool(true);
  private static final Node FALSE = makeBool(false);
  /** The ints -8..127, made once (defaults such as {@code in_axes=0} are made on every call). */
  private static final Node[] SMALL_INTS = new Node[136];

  static {
    for (int i = 0; i < SMALL_INTS.length; i++) {
      SMALL_INTS[i] = makeInt(i - 8);
    }
  }

  /** Python's {@code True} or {@code False}: a bool scalar. */
  static Node bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** A Python int: an i64 scalar. */
  static Node intConst(long v) {
    return v >= -8 && v < SMALL_INTS.length - 8 ? SMALL_INTS[(int) v + 8] : makeInt(v);
  }

  private static Node makeBool(boolean b) {
    return Ir.constant(Tensor.wrap(TensorType.of(DType.BOOL), new double[] {b ? 1 : 0}));
  }

  private static Node makeInt(long v) {
    return Ir.constant(Tensor.wrap(TensorType.of(DType.I64), new double[] {v}));
  }

  /** The shape of {@code x} as a tuple of ints, as {@code x.shape}. */
  static Tuple shapeTuple(Node x) {
    List<Object> dims = new ArrayList<>();
    for (int d : x.type().shape().dims()) {
      dims.add(intConst(d));
    }
    return new Tuple(dims);
  }

  /** {@code v} as an array, or an error at {@code pos} naming {@code what} was expected. */
  static Node array(Object v, Pos pos, String what) {
    if (v instanceof Node) {
      return (Node) v;
    }
    throw pos.error("expected an array for the " + what + ", got " + typeName(v));
  }

  /** A concrete integer (a constant integral scalar). */
  static int intOf(Object v, Pos pos) {
    if (v instanceof Node) {
      Node n = (Node) v;
      if (n.type().size() == 1 && n.isConstant() && !n.dtype().isComplex()) {
        double d = ((Constant) n.op()).value().re(0);
        if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
          return (int) d;
        }
        if (d == Math.rint(d)) {
          throw pos.error("the integer " + (long) d + " is too large here (indices and sizes are"
              + " at most 2^31 - 1)");
        }
      }
      if (n.type().size() == 1 && !n.isConstant()) {
        throw pos.error("indices and sizes must be constant integers, not traced values");
      }
    }
    throw pos.error("expected an integer, got " + typeName(v));
  }

  /** The shape {@code (2, 3)} or {@code 3} or {@code []} given as a script value. */
  static Shape shapeOf(Object v, Pos pos) {
    List<Object> items = items(v);
    if (items != null) {
      int[] d = new int[items.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = intOf(items.get(i), pos);
      }
      return Shape.of(d);
    }
    return Shape.of(intOf(v, pos));
  }
}
