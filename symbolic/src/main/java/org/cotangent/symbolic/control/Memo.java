package org.cotangent.symbolic.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small bounded memo of derived values (the linearization of a loop body, the JVP of a called
 * graph) that several outputs of one op ask for in turn: each output of a k-output scan or call
 * would otherwise linearize the body again, k times per level of nesting. Keys are ops and
 * interned nodes, so equal keys are the same computation; least recently used entries go first.
 */
final class Memo<K, V> {
  private final Map<K, V> map;

  Memo(int capacity) {
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > capacity;
      }
    };
  }

  /**
   * The value for {@code key}, made by {@code make} if absent. {@code make} runs outside the lock:
   * it may ask this memo or another one (nested loops), and two threads must not hold two memos'
   * locks in opposite orders; a value made twice by two threads is the same value.
   */
  V get(K key, Function<K, V> make) {
    synchronized (this) {
      V v = map.get(key);
      if (v != null) {
        return v;
      }
    }
    V made = make.apply(key);
    synchronized (this) {
      V v = map.putIfAbsent(key, made);
      return v != null ? v : made;
    }
  }
}
