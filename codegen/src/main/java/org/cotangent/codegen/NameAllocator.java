package org.cotangent.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Collision-free Java identifiers, in the manner of JavaPoet's {@code NameAllocator}: {@link
 * #newName(String, Object)} turns a suggestion (user text included) into a fresh identifier and
 * remembers it under a tag, {@link #get} finds it again, and {@link #newScope} opens a nested
 * scope whose names are visible only there (loop indices, {@code lhs}, {@code acc}, the
 * temporaries of a lowering), so that helpers are scoped rather than reserved by pattern.
 *
 * <p>Suggestions are sanitised to {@code [A-Za-z_][A-Za-z0-9_]*}; Java keywords and the simple
 * names generated code refers to ({@link #REFERENCED}) are never given out; a taken name gets a
 * numeric suffix ({@code x_2}, {@code x_3}). User text never reaches generated source any other
 * way. Allocation is deterministic: the same calls give the same names.
 *
 * <p>A scope sees every name of its enclosing scopes, including those allocated after it was
 * opened; the enclosing scopes do not see its names. So a name that is declared inside a nested
 * Java block must be allocated in the scope of that block (or before it was opened).
 */
final class NameAllocator {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
      "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
      "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
      "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "var", "record", "yield", "sealed", "permits", "_");

  /** Simple names that generated code refers to: a local of that name would hide them. */
  static final Set<String> REFERENCED = Set.of("Math", "Rt", "Program", "SizedProgram", "System",
      "Double", "java", "org");

  private final NameAllocator parent;
  private final Set<String> used = new HashSet<>();
  private final Map<Object, String> byTag = new HashMap<>();
  /** The next suffix to try per base name, so that n repeats of one name cost O(n), not O(n^2). */
  private final Map<String, Integer> nextSuffix = new HashMap<>();
  /**
   * True for a scope whose descendants' names are taken in it too ({@link #sharedScope}), for code
   * whose nested blocks are emitted out of order (a loop body emitted before the names of the
   * block around it are chosen).
   */
  private boolean shared;

  NameAllocator() {
    this(null);
  }

  private NameAllocator(NameAllocator parent) {
    this.parent = parent;
  }

  /** A nested scope: it sees this scope's names, and its own names stay in it. */
  NameAllocator newScope() {
    return new NameAllocator(this);
  }

  /**
   * A nested scope in which a name any of its descendants takes, then or later, is taken for all
   * of them: what a block needs whose inner blocks are emitted before its own declarations.
   */
  NameAllocator sharedScope() {
    NameAllocator s = new NameAllocator(this);
    s.shared = true;
    return s;
  }

  /** Takes {@code name} as it is (the shell's own parameters such as {@code in}, {@code out}). */
  void reserve(String name) {
    used.add(name);
  }

  /**
   * Takes {@code name} in this scope and every enclosing one: a name a nested block declares,
   * which an enclosing block must not declare before that block (its hoisted scratch array).
   */
  void reserveOutward(String name) {
    for (NameAllocator a = this; a != null; a = a.parent) {
      a.used.add(name);
    }
  }

  /** A fresh identifier based on {@code suggestion}. */
  String newName(String suggestion) {
    return newName(suggestion, null);
  }

  /** A fresh identifier based on {@code suggestion}, remembered under {@code tag} (if not null). */
  String newName(String suggestion, Object tag) {
    if (tag != null && byTag.containsKey(tag)) {
      throw new IllegalArgumentException("tag " + tag + " already has the name " + byTag.get(tag));
    }
    String base = sanitize(suggestion);
    String name = base;
    int k = suffix(base);
    while (isUsed(name) || KEYWORDS.contains(name) || REFERENCED.contains(name)) {
      name = base + "_" + k++;
    }
    nextSuffix.put(base, k);
    used.add(name);
    for (NameAllocator a = parent; a != null; a = a.parent) {
      if (a.shared) {
        a.used.add(name);
      }
    }
    if (tag != null) {
      byTag.put(tag, name);
    }
    return name;
  }

  /** The name allocated under {@code tag}, in this scope or an enclosing one. */
  String get(Object tag) {
    for (NameAllocator a = this; a != null; a = a.parent) {
      String name = a.byTag.get(tag);
      if (name != null) {
        return name;
      }
    }
    throw new IllegalArgumentException("no name for tag " + tag);
  }

  /** True if a name is allocated under {@code tag}. */
  boolean has(Object tag) {
    for (NameAllocator a = this; a != null; a = a.parent) {
      if (a.byTag.containsKey(tag)) {
        return true;
      }
    }
    return false;
  }

  private boolean isUsed(String name) {
    for (NameAllocator a = this; a != null; a = a.parent) {
      if (a.used.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private int suffix(String base) {
    for (NameAllocator a = this; a != null; a = a.parent) {
      Integer k = a.nextSuffix.get(base);
      if (k != null) {
        return k;
      }
    }
    return 2;
  }

  /** True if {@code s} is a Java identifier and not a keyword. */
  static boolean isName(String s) {
    if (s.isEmpty() || KEYWORDS.contains(s)) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
          || (k > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} with every character outside {@code [A-Za-z0-9_]} (and a leading digit) replaced. */
  static String sanitize(String s) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
          || (k > 0 && c >= '0' && c <= '9');
      sb.append(ok ? c : (c >= '0' && c <= '9' ? "_" + c : "_"));
    }
    String r = sb.toString();
    return r.isEmpty() ? "v" : r;
  }
}
