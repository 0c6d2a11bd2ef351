package org.cotangent.codegen;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable fragment of Java code (an expression, an index, a statement without its
 * semicolon), built from a format in the manner of JavaPoet's {@code CodeBlock}: {@code $N} takes
 * a name (a Java identifier, checked), {@code $L} a literal or code ({@link Code}, a string of
 * code, or an integer), {@code $T} a class (written by its simple name and imported), {@code
 * $$} is a dollar sign; {@code $2L} refers to an argument by position. Code remembers the
 * classes it refers to, so the class writer imports exactly those. Doubles are never formatted implicitly: {@link #literal(double)} writes them, so that
 * NaN, infinities and negative zero come out right. Code is never built by concatenation elsewhere
 * in codegen.
 */
final class Code {
  private final String text;
  private final Set<String> imports;

  private Code(String text) {
    this(text, Set.of());
  }

  private Code(String text, Set<String> imports) {
    this.text = text;
    this.imports = imports;
  }

  /** The code {@code format} with its placeholders replaced by {@code args}. */
  static Code of(String format, Object... args) {
    StringBuilder sb = new StringBuilder();
    Set<String> imports = new TreeSet<>();
    int next = 0;
    boolean positional = false;
    for (int p = 0; p < format.length(); p++) {
      char c = format.charAt(p);
      if (c != '$') {
        sb.append(c);
        continue;
      }
      if (p + 1 == format.length()) {
        throw new IllegalArgumentException("dangling $ in " + format);
      }
      char k = format.charAt(++p);
      if (k == '$') {
        sb.append('$');
        continue;
      }
      int index;
      if (k >= '1' && k <= '9') {
        int start = p;
        while (p < format.length() && Character.isDigit(format.charAt(p))) {
          p++;
        }
        if (p == format.length()) {
          throw new IllegalArgumentException("dangling $ in " + format);
        }
        index = Integer.parseInt(format.substring(start, p)) - 1;
        k = format.charAt(p);
        positional = true;
      } else {
        index = next++;
      }
      if (index >= args.length) {
        throw new IllegalArgumentException("too few arguments for " + format);
      }
      if (k == 'N') {
        sb.append(name(args[index]));
      } else if (k == 'L') {
        sb.append(literal(args[index]));
        if (args[index] instanceof Code) {
          imports.addAll(((Code) args[index]).imports);
        }
      } else if (k == 'T') {
        if (!(args[index] instanceof Class)) {
          throw new IllegalArgumentException("$T takes a class, not " + args[index]);
        }
        Class<?> type = (Class<?>) args[index];
        sb.append(type.getSimpleName());
        imports.add(type.getName());
      } else {
        throw new IllegalArgumentException("unknown placeholder $" + k + " in " + format);
      }
    }
    if (!positional && next != args.length) {
      throw new IllegalArgumentException(args.length + " arguments for " + next
          + " placeholders in " + format);
    }
    return new Code(sb.toString(), imports.isEmpty() ? Set.of() : imports);
  }

  /**
   * This code, recorded as referring to {@code type} by its simple name (for code that arrives
   * as text, such as an op's Java expression).
   */
  Code referring(Class<?> type) {
    Set<String> all = new TreeSet<>(imports);
    all.add(type.getName());
    return new Code(text, all);
  }

  /** The classes this code refers to by simple name (fully qualified), in order. */
  Set<String> imports() {
    return Collections.unmodifiableSet(imports);
  }

  /** The Java literal of {@code v}: {@code 2.0}, {@code (-0.5)}, {@code Double.NaN}. */
  static Code literal(double v) {
    if (Double.isNaN(v)) {
      return new Code("Double.NaN");
    }
    if (Double.isInfinite(v)) {
      return new Code(v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY");
    }
    String s = Double.toString(v);
    return new Code(v < 0 || (v == 0 && 1 / v < 0) ? "(" + s + ")" : s);
  }

  /** The parts separated by {@code separator} (a piece of code such as {@code ", "}). */
  static Code join(String separator, List<Code> parts) {
    StringBuilder sb = new StringBuilder();
    Set<String> imports = new TreeSet<>();
    for (Code c : parts) {
      sb.append(sb.length() == 0 ? "" : separator).append(c.text);
      imports.addAll(c.imports);
    }
    return new Code(sb.toString(), imports.isEmpty() ? Set.of() : imports);
  }

  /** True if this is a single identifier (so it needs no parentheses as an operand). */
  boolean isName() {
    return NameAllocator.isName(text);
  }

  boolean isEmpty() {
    return text.isEmpty();
  }

  private static String name(Object a) {
    if (!(a instanceof String) || !NameAllocator.isName((String) a)) {
      throw new IllegalArgumentException("not a Java name: " + a);
    }
    return (String) a;
  }

  private static String literal(Object a) {
    if (a instanceof Code || a instanceof CharSequence || a instanceof Integer || a instanceof Long) {
      return a.toString();
    }
    throw new IllegalArgumentException("$L takes code, a string of code or an integer, not " + a
        + (a instanceof Double ? " (use Code.literal for doubles)" : ""));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Code && ((Code) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
