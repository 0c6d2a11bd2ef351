package org.cotangent.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.cotangent.Treedef;
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
 * by value (records and lists of them, no text), so a hit costs building and hashing a key of the
 * size of the function's free names, not formatting one.
 */
final class TraceCache {
  private static final int MAX_TRACES = 512;

  /** An object by identity, as long as it lives ({@link #idOf}); never reused. */
  record Ident(long id) {}

  /** A string value (a dict key, a label) in a key. */
  record Str(String s) {}

  /** A container: its structure and the keys of its leaves. */
  record Tree(Treedef def, List<Object> leaves) {}

  /** The structure and leaf types of a call's arguments. */
  record Signature(Treedef def, List<TensorType> types) {}

  /** A function traced at a signature. */
  record TraceKey(Object fn, Signature signature) {}

  /** A user function: its code and the keys of what its names resolve to (name, key, ...). */
  record FnKey(long code, List<Object> captured) {}

  /** A recursive reference to the function whose key encloses this one. */
  record Recursive(long code) {}

  /** A transformation ({@code tag}: grad, vmap, vjp_fun, ...) with its static arguments. */
  record Derived(String tag, List<Object> parts) {}

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

  /** The structure and leaf types of {@code args} (which must be a pytree of arrays). */
  static Signature signature(Object args) {
    org.cotangent.Pytrees.Flat flat = Pytree.flatten(args);
    List<Object> leaves = flat.leaves();
    TensorType[] types = new TensorType[leaves.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = ((Node) leaves.get(i)).type();
    }
    return new Signature(flat.treedef(), List.of(types));
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
      Object[] keys = new Object[flat.leaves().size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = valueKey(flat.leaves().get(i));
      }
      return new Tree(flat.treedef(), List.of(keys));
    }
    if (v instanceof Values.Callable) {
      return ((Values.Callable) v).cacheKey(this);
    }
    if (v instanceof String) {
      return new Str((String) v);
    }
    return new Ident(idOf(v));
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
