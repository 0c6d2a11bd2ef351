package org.cotangent.script;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A lexical scope: names to values, with the enclosing scope as parent. */
final class Env {
  private final Env parent;
  private final Map<String, Object> vars = new HashMap<>();

  Env(Env parent) {
    this.parent = parent;
  }

  Object lookup(String name) {
    for (Env e = this; e != null; e = e.parent) {
      Object v = e.vars.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  void define(String name, Object value) {
    vars.put(name, value);
  }

  /** Every visible name, for "did you mean" suggestions. */
  Set<String> visibleNames() {
    Set<String> all = new TreeSet<>();
    for (Env e = this; e != null; e = e.parent) {
      all.addAll(e.vars.keySet());
    }
    return all;
  }
}
