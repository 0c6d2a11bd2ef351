package org.cotangent.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;

/**
 * The values of the script language. Tensors are IR {@link org.cotangent.symbolic.ir.Node}s
 * (constants when concrete, other nodes while a function is traced); the containers below are the
 * pytrees; functions implement {@link Callable}; strings are {@link String}; {@link #NONE} is None.
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

  /** A dict with string keys, in insertion order. */
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
    default String cacheKey(Evaluator ev) {
      return "@" + ev.idOf(this);
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
    if (v instanceof org.cotangent.symbolic.ir.Node) {
      return "array " + ((org.cotangent.symbolic.ir.Node) v).type();
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
    return v.getClass().getSimpleName();
  }
}
