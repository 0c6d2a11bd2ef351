package org.cotangent.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.ir.Graph;

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
 * function, and {@code timeit} measures compiled code.
 */
final class TraceCache {
  private static final int MAX_TRACES = 512;

  private final Map<String, Traced> traces = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Traced> eldest) {
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

  /** The key of {@code f} traced at the signature of {@code args}. */
  String traceKey(Values.Callable f, Values.Tuple args) {
    return f.cacheKey(this) + "|" + Pytree.signature(args);
  }

  /** The trace filed under {@code key}, or null. */
  Traced trace(String key) {
    return traces.get(key);
  }

  void putTrace(String key, Traced t) {
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
  String valueKey(Object v) {
    if (v instanceof Values.Tuple || v instanceof Values.ListValue || v instanceof Values.Dict) {
      org.cotangent.Pytrees.Flat flat = Pytree.flattenAny(v);
      List<String> keys = new java.util.ArrayList<>();
      for (Object leaf : flat.leaves()) {
        keys.add(valueKey(leaf));
      }
      return Pytree.describe(flat.treedef(), keys);
    }
    if (v instanceof Values.Callable) {
      return ((Values.Callable) v).cacheKey(this);
    }
    if (v instanceof String) {
      return "'" + v + "'";
    }
    return "@" + idOf(v);
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
