package org.cotangent.runtime;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A bounded, thread-safe memo table: {@link #get} computes the value of a key at most once at a
 * time, however many threads ask for it together, and keeps the {@code capacity} most recently
 * used keys. Values are held strongly or through {@link SoftReference}s (then the garbage
 * collector may drop them under memory pressure, and the next {@link #get} computes them again).
 *
 * <p>The table lock is held only to find or insert a key's slot; a value is computed under the
 * lock of its own slot, so different keys compute in parallel and a computation may itself use
 * other caches. A computation that throws leaves the slot empty: the next caller tries again.
 *
 * <p>Used for the compile cache ({@link CompileService}, soft values) and for the per-function
 * caches of traced graphs and compiled programs (strong values). Internal to Cotangent.
 *
 * @param <K> keys, with value equality
 * @param <V> values, never null
 */
public final class LruCache<K, V> {
  private final int capacity;
  private final boolean soft;
  private final LinkedHashMap<K, Slot<K, V>> map;

  private LruCache(int capacity, boolean soft) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.soft = soft;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Slot<K, V>> eldest) {
        return size() > LruCache.this.capacity;
      }
    };
  }

  /** A cache holding its values strongly. */
  public static <K, V> LruCache<K, V> strong(int capacity) {
    return new LruCache<>(capacity, false);
  }

  /** A cache holding its values through soft references. */
  public static <K, V> LruCache<K, V> soft(int capacity) {
    return new LruCache<>(capacity, true);
  }

  /** The value of {@code key}, computed with {@code compute} if absent (or collected). */
  public V get(K key, Function<? super K, ? extends V> compute) {
    Slot<K, V> slot;
    synchronized (map) {
      slot = map.computeIfAbsent(key, k -> new Slot<>());
    }
    return slot.get(key, compute, soft);
  }

  /** The value of {@code key} if present, without computing it. */
  public V getIfPresent(K key) {
    Slot<K, V> slot;
    synchronized (map) {
      slot = map.get(key);
    }
    return slot == null ? null : slot.peek();
  }

  /** Number of keys held (some of whose soft values may have been collected). */
  public int size() {
    synchronized (map) {
      return map.size();
    }
  }

  public int capacity() {
    return capacity;
  }

  public void clear() {
    synchronized (map) {
      map.clear();
    }
  }

  private static final class Slot<K, V> {
    /** The value, a {@code SoftReference} to it, or null. */
    private Object held;

    synchronized V get(K key, Function<? super K, ? extends V> compute, boolean soft) {
      V v = peek();
      if (v == null) {
        v = Objects.requireNonNull(compute.apply(key), "cache computation returned null");
        held = soft ? new SoftReference<>(v) : v;
      }
      return v;
    }

    @SuppressWarnings("unchecked")
    synchronized V peek() {
      Object h = held;
      return h instanceof SoftReference ? ((SoftReference<V>) h).get() : (V) h;
    }
  }
}
