package org.cotangent.script;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.frontend.script.Pos;

/** The arguments of a built-in call, with checks that name the function and the argument. */
final class Args {
  final String fn;
  final List<Object> positional;
  final Map<String, Object> keywords;
  final Pos pos;

  Args(String fn, List<Object> positional, Map<String, Object> keywords, Pos pos) {
    this.fn = fn;
    this.positional = positional;
    this.keywords = keywords;
    this.pos = pos;
  }

  /** Rejects more than {@code max} positional arguments or unknown keywords. */
  Args expect(int min, int max, String... allowedKeywords) {
    if (positional.size() > max) {
      throw pos.error(fn + "() takes at most " + max + " positional argument" + (max == 1 ? "" : "s")
          + " but " + positional.size() + " were given");
    }
    Set<String> ok = Set.of(allowedKeywords);
    for (String k : keywords.keySet()) {
      if (!ok.contains(k)) {
        throw pos.error(fn + "() got an unexpected keyword argument '" + k + "'"
            + (ok.isEmpty() ? "" : " (it takes " + String.join(", ", allowedKeywords) + ")"));
      }
    }
    if (positional.size() + keywords.size() < min) {
      throw pos.error(fn + "() takes at least " + min + " argument" + (min == 1 ? "" : "s") + " but "
          + (positional.size() + keywords.size()) + " were given");
    }
    return this;
  }

  /** Argument {@code i}, or keyword {@code name}; required. */
  Object get(int i, String name) {
    Object v = opt(i, name, null);
    if (v == null) {
      throw pos.error(fn + "() missing argument '" + name + "'");
    }
    return v;
  }

  Object opt(int i, String name, Object dflt) {
    if (i >= 0 && i < positional.size()) {
      if (name != null && keywords.containsKey(name)) {
        throw pos.error(fn + "() got multiple values for argument '" + name + "'");
      }
      return positional.get(i);
    }
    if (name != null && keywords.containsKey(name)) {
      return keywords.get(name);
    }
    return dflt;
  }

  int size() {
    return positional.size();
  }
}
