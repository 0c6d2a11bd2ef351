package org.cotangent;

import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The transformations made of each function, so that rebuilding one ({@code grad(f)} inside a
 * loop, as JAX code and the cookbook write it) is a lookup that returns the same {@link Fn}, with
 * its traces and compiled programs, instead of a new function that traces again (issue 12 item 2,
 * issue 13). Keyed by the function (weakly, by identity) and the transformation with its options
 * (by equality); the transformed functions are held softly, so the cache never keeps a function
 * alive and gives memory back under pressure.
 */
final class TransformCache {
  private static final Map<Fn, Map<List<Object>, SoftReference<Fn>>> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private TransformCache() {}

  /** The transformation {@code key} of {@code f}: the one made before, or {@code make}'s. */
  static Fn get(Fn f, List<Object> key, Supplier<Fn> make) {
    synchronized (CACHE) {
      Map<List<Object>, SoftReference<Fn>> byKey = CACHE.computeIfAbsent(f, k -> new HashMap<>());
      SoftReference<Fn> ref = byKey.get(key);
      Fn t = ref == null ? null : ref.get();
      if (t == null) {
        t = make.get();
        byKey.put(key, new SoftReference<>(t));
      }
      return t;
    }
  }
}
