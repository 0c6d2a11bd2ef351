package org.cotangent.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * What the interpreter remembers between calls, so that calling a transformed function again
 * neither retraces nor recompiles it: traces per function and argument signature (the 512 most
 * recently used), the keys they are filed under, and the compiled program of each graph (weakly,
 * so a graph no one holds takes its program with it). Graphs derived from a trace (gradients,
 * pullbacks, ...) are remembered by the trace itself ({@link Traced#derive}).
 *
 * <p>A key names a computation, not an object: a function by its code and the values its names
 * resolve to ({@link Values.Callable#cacheKey}), an array by identity (equal constants are one
 * node), a container by its contents. So a {@code lambda} evaluated anew in a loop is the same
 * function, and {@code timeit} measures compiled code. Keys are small immutable objects compared
 * by value ({@link Key}: no text, hashes computed once), so a hit costs building a key of the size
 * of the function's free names and one hash-table lookup, not formatting one.
 */
final class TraceCache {
  private static final int MAX_TRACES = 512;

  /**
   * A key: a kind and its parts (keys, strings, numbers, booleans, types, structures), compared
   * by value, its hash computed once (a lookup hashes the outer key only; its parts were hashed
   * when they were built).
   */
  static final class Key {
    final String kind;
    private final Object[] parts;
    private final int hash;

    Key(String kind, Object... parts) {
      this.kind = kind;
      this.parts = parts;
      this.hash = kind.hashCode() * 31 + java.util.Arrays.hashCode(parts);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Key k && k.hash == hash && k.kind.equals(kind)
          && java.util.Arrays.equals(k.parts, parts);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return kind + java.util.Arrays.toString(parts);
    }
  }

  /** An object by identity, as long as it lives ({@link #idOf}); never reused. */
  static Key ident(long id) {
    return new Key("@", id);
  }

  /** A transformation ({@code kind}: grad, vmap, vjp_fun, ...) with its static arguments. */
  static Key derived(String kind, Object... parts) {
    return new Key(kind, parts);
  }

  /** A function traced at a signature. */
  static final class TraceKey {
    final Object fn;
    final Key signature;
    private final int hash;

    TraceKey(Object fn, Key signature) {
      this.fn = fn;
      this.signature = signature;
      this.hash = fn.hashCode() * 31 + signature.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof TraceKey k && k.hash == hash && k.fn.equals(fn)
          && k.signature.equals(signature);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Map<TraceKey, Traced> traces = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceKey, Traced> eldest) {
      return size() > MAX_TRACES;
    }
  };
  private final Map<Graph, CompiledFunction> programs =
      Collections.synchronizedMap(new WeakHashMap<>());
  /** The functions whose keys are being built (a recursive function reads its own name). */
  private final java.util.Set<Object> keying =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** Stable ids of objects for cache keys; weak, so keys never keep values alive. */
  private final IdentityIds ids = new IdentityIds();

  /** The key of the function with key {@code fnKey} traced at the signature of {@code args}. */
  TraceKey traceKey(Object fnKey, Values.Tuple args) {
    return new TraceKey(fnKey, signature(args));
  }

  /**
   * The structure and leaf types of {@code args} (which must be a pytree of arrays). A tuple of
   * arrays, the common case, is keyed without flattening; every value of that structure takes
   * that path, so the two forms never describe one structure.
   */
  static Key signature(Object args) {
    List<Object> items = Values.items(args);
    if (args instanceof Values.Tuple && allArrays(items)) {
      Object[] types = new Object[items.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = ((Node) items.get(i)).type();
      }
      return new Key("tuple-of-arrays", types);
    }
    org.cotangent.Pytrees.Flat flat = Pytree.flatten(args);
    List<Object> leaves = flat.leaves();
    Object[] parts = new Object[leaves.size() + 1];
    parts[0] = flat.treedef();
    for (int i = 0; i < leaves.size(); i++) {
      parts[i + 1] = ((Node) leaves.get(i)).type();
    }
    return new Key("signature", parts);
  }

  static boolean allArrays(List<Object> items) {
    for (Object o : items) {
      if (!(o instanceof Node)) {
        return false;
      }
    }
    return true;
  }

  /** The trace filed under {@code key}, or null. */
  Traced trace(TraceKey key) {
    return traces.get(key);
  }

  void putTrace(TraceKey key, Traced t) {
    traces.put(key, t);
  }

  /** The compiled program of {@code g}, compiled by {@code compile} the first time. */
  CompiledFunction program(Graph g, Function<Graph, CompiledFunction> compile) {
    CompiledFunction cf = programs.get(g);
    if (cf == null) {
      cf = compile.apply(g);
      programs.put(g, cf);
    }
    return cf;
  }

  /**
   * A key for a value in cache keys: arrays by identity (interned, so equal constants are one
   * node), containers by their structure and the keys of their leaves (flattened as every pytree
   * is, so a dict's key follows its sorted keys), functions by their own cache key.
   */
  Object valueKey(Object v) {
    if (v instanceof Values.Tuple || v instanceof Values.ListValue || v instanceof Values.Dict) {
      org.cotangent.Pytrees.Flat flat = Pytree.flattenAny(v);
      Object[] keys = new Object[flat.leaves().size() + 1];
      keys[0] = flat.treedef();
      for (int i = 1; i < keys.length; i++) {
        keys[i] = valueKey(flat.leaves().get(i - 1));
      }
      return new Key("tree", keys);
    }
    if (v instanceof Values.Callable) {
      return ((Values.Callable) v).cacheKey(this);
    }
    if (v instanceof String) {
      return new Key("str", v);
    }
    return ident(idOf(v));
  }

  /**
   * Starts building the key of {@code f}; false if it is already being built (a recursive
   * reference, which the enclosing key describes). {@link #endKey} ends it.
   */
  boolean beginKey(Object f) {
    return keying.add(f);
  }

  void endKey(Object f) {
    keying.remove(f);
  }

  /** A number identifying {@code o} for as long as it lives (by identity). */
  long idOf(Object o) {
    return ids.of(o);
  }
}
