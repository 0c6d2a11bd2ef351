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

  /**
   * The visible name closest to the unknown {@code name}, for "did you mean", or null if none is
   * close: within two edits, a prefix counting half an edit less ({@code sinn} suggests {@code sin}
   * before {@code sign}); among equals, the first in alphabetical order.
   */
  String closest(String name) {
    Set<String> all = new TreeSet<>();
    for (Env e = this; e != null; e = e.parent) {
      all.addAll(e.vars.keySet());
    }
    String best = null;
    int bestD = 5;
    for (String n : all) {
      // Twice the edit distance, one less for a prefix.
      int d = 2 * editDistance(name, n) - (name.startsWith(n) || n.startsWith(name) ? 1 : 0);
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + c);
      }
    }
    return d[a.length()][b.length()];
  }
}
