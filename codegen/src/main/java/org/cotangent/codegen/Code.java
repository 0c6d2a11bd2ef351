package org.cotangent.codegen;

import java.util.List;

/**
 * An immutable fragment of Java code (an expression, an index, a statement without its
 * semicolon), built from a format in the manner of JavaPoet's {@code CodeBlock}: {@code $N} takes
 * a name (a Java identifier, checked), {@code $L} a literal or code ({@link Code}, a string of
 * code, or an integer), {@code $$} is a dollar sign; {@code $2L} refers to an argument by
 * position. Doubles are never formatted implicitly: {@link #literal(double)} writes them, so that
 * NaN, infinities and negative zero come out right. Code is never built by concatenation elsewhere
 * in codegen.
 */
final class Code {
  private final String text;

  private Code(String text) {
    this.text = text;
  }

  /** The code {@code format} with its placeholders replaced by {@code args}. */
  static Code of(String format, Object... args) {
    StringBuilder sb = new StringBuilder();
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
      } else {
        throw new IllegalArgumentException("unknown placeholder $" + k + " in " + format);
      }
    }
    if (!positional && next != args.length) {
      throw new IllegalArgumentException(args.length + " arguments for " + next
          + " placeholders in " + format);
    }
    return new Code(sb.toString());
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
    for (Code c : parts) {
      sb.append(sb.length() == 0 ? "" : separator).append(c.text);
    }
    return new Code(sb.toString());
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
