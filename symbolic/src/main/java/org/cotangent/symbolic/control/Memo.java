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

  synchronized V get(K key, Function<K, V> make) {
    V v = map.get(key);
    if (v == null) {
      v = make.apply(key);
      map.put(key, v);
    }
    return v;
  }
}
