package org.cotangent.script;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers that identify objects for as long as they live, by identity (never by {@code equals}:
 * the AST's records hash structurally, which costs the size of the tree on every lookup and
 * recurses as deep as the tree). Weak, so an id never keeps its object alive. Thread-safe.
 */
final class IdentityIds {
  private final Map<Key, Long> ids = new HashMap<>();
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private long next;

  synchronized long of(Object o) {
    for (Object r; (r = queue.poll()) != null; ) {
      ids.remove(r);
    }
    Key probe = new Key(o, null);
    Long id = ids.get(probe);
    if (id == null) {
      id = next++;
      ids.put(new Key(o, queue), id);
    }
    return id;
  }

  /** A weak reference compared by the identity of its referent. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object o, ReferenceQueue<Object> q) {
      super(o, q);
      this.hash = System.identityHashCode(o);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Key)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((Key) other).get();
    }
  }
}
