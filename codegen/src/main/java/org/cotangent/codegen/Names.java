package org.cotangent.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Collision-free Java identifiers (in the manner of JavaPoet's NameAllocator): user names are
 * sanitised to {@code [A-Za-z_][A-Za-z0-9_]*}, Java keywords and names the emitter uses itself are
 * avoided, and repeats get a numeric suffix. User text never reaches generated source any other
 * way.
 */
final class Names {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
      "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
      "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
      "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "var", "record", "yield", "sealed", "permits", "_");

  /** Simple names that generated code refers to: a local of that name would hide them. */
  static final Set<String> REFERENCED = Set.of("Math", "Rt", "Program", "System", "Double", "java",
      "org");

  private final Set<String> used = new HashSet<>();
  /** The next suffix to try per base name, so that n repeats of one name cost O(n), not O(n^2). */
  private final Map<String, Integer> nextSuffix = new HashMap<>();

  /** Reserves names the emitter itself uses (loop indices, slots, ...). */
  void reserve(String name) {
    used.add(name);
  }

  /** A fresh identifier based on {@code hint}. */
  String allocate(String hint) {
    String base = sanitize(hint);
    String name = base;
    int k = nextSuffix.getOrDefault(base, 2);
    while (used.contains(name) || KEYWORDS.contains(name) || REFERENCED.contains(name)
        || isReservedPattern(name)) {
      name = base + "_" + k++;
    }
    nextSuffix.put(base, k);
    used.add(name);
    return name;
  }

  /** Loop indices {@code i}, {@code i0}.., constant fields {@code c0}.., {@code acc}, {@code lhs} are the emitter's. */
  private static boolean isReservedPattern(String name) {
    return name.matches("i[0-9]*") || name.matches("c[0-9]+") || name.equals("in")
        || name.equals("out") || name.equals("sc") || name.equals("ar") || name.equals("acc")
        || name.equals("lhs") || name.equals("rhs") || name.equals("kb") || name.equals("ke") || name.equals("jb")
        || name.equals("je");
  }

  static String sanitize(String hint) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < hint.length(); k++) {
      char c = hint.charAt(k);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
          || (k > 0 && c >= '0' && c <= '9');
      sb.append(ok ? c : (c >= '0' && c <= '9' ? "_" + c : "_"));
    }
    String s = sb.toString();
    return s.isEmpty() ? "v" : s;
  }
}
