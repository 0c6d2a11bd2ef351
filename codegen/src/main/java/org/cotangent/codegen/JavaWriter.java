package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lines of Java with automatic indentation (two spaces a level), in the manner of JavaPoet's
 * {@code CodeBlock.Builder}: {@link #statement} adds the semicolon, {@link #beginControlFlow} /
 * {@link #endControlFlow} the braces and the indentation, and every line is formatted by {@link
 * Code#of} ({@code $N} names, {@code $L} code). Comments go through {@link #comment}, which makes
 * any text safe inside a line comment.
 */
final class JavaWriter {
  private static final String INDENT = "  ";

  private final List<String> lines = new ArrayList<>();
  private final Set<String> imports = new TreeSet<>();
  private int depth;

  /** {@code format;} */
  JavaWriter statement(String format, Object... args) {
    return emit(code(format, args) + ";");
  }

  /** A line as it is formatted, without a semicolon (declarations, braces). */
  JavaWriter line(String format, Object... args) {
    return emit(code(format, args).toString());
  }

  private Code code(String format, Object... args) {
    Code c = Code.of(format, args);
    imports.addAll(c.imports());
    return c;
  }

  /** The classes the code written so far refers to by simple name (fully qualified), sorted. */
  Set<String> imports() {
    return imports;
  }

  /** {@code // text}, with text that could end the comment or the line made harmless. */
  JavaWriter comment(String text) {
    return emit("// " + commentText(text));
  }

  /** An empty line (no indentation). */
  JavaWriter blank() {
    lines.add("");
    return this;
  }

  /** {@code format {}, then one level deeper. */
  JavaWriter beginControlFlow(String format, Object... args) {
    emit(code(format, args) + " {");
    depth++;
    return this;
  }

  /** One level out, then {@code }}. */
  JavaWriter endControlFlow() {
    if (depth == 0) {
      throw new IllegalStateException("no open block");
    }
    depth--;
    return emit("}");
  }

  /** {@code } else if (...) {}: closes a branch and opens the next at the same level. */
  JavaWriter nextControlFlow(String format, Object... args) {
    depth--;
    emit("} " + code(format, args) + " {");
    depth++;
    return this;
  }

  /** A bare block, {@code {}, for helper locals that no loop encloses. */
  JavaWriter beginBlock() {
    emit("{");
    depth++;
    return this;
  }

  JavaWriter indent() {
    depth++;
    return this;
  }

  JavaWriter unindent() {
    depth--;
    return this;
  }

  /** Appends the lines of {@code other}, indented to this writer's current level. */
  JavaWriter add(JavaWriter other) {
    imports.addAll(other.imports);
    for (String l : other.lines) {
      lines.add(l.isEmpty() ? l : INDENT.repeat(depth) + l);
    }
    return this;
  }

  /** How many blocks are open: 0 at the level the writer started at. */
  int depth() {
    return depth;
  }

  /** Lines written so far (comments and braces included): the measure of method size. */
  int lineCount() {
    return lines.size();
  }

  private JavaWriter emit(String line) {
    lines.add(INDENT.repeat(depth) + line);
    return this;
  }

  /**
   * Text that is safe in a {@code //} comment: line breaks and other control characters become
   * spaces, backslashes are doubled (so no {@code \u000a} escape can end the comment) and
   * characters outside ASCII are written as Unicode escapes (so the file is ASCII whatever the
   * compiler's encoding).
   */
  static String commentText(String text) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(' ');
      } else if (c > 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The lines, each ended by a line break. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }
}
