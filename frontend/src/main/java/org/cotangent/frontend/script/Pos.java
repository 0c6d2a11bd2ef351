package org.cotangent.frontend.script;

import java.util.Objects;

/**
 * A position in a script: its source, line and column, both 1-based (columns count code points, a
 * tab as one). Every AST node carries one, so an evaluator can report a mistake at the node that
 * caused it with {@link #error(String)}.
 *
 * @param source the script the position is in (holds the file name and the line text)
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record Pos(Source source, int line, int column) {
  /** Checks the components. */
  public Pos {
    Objects.requireNonNull(source, "source");
  }

  /** The file name of the source. */
  public String fileName() {
    return source.fileName();
  }

  /** The text of the line this position is on. */
  public String sourceLine() {
    return source.line(line);
  }

  /** An error at this position; the caller throws it. */
  public ScriptError error(String message) {
    return new ScriptError(this, message);
  }

  /** {@code line:column}, as used inside messages ("opened at 3:7"). */
  public String lineColumn() {
    return line + ":" + column;
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return source.fileName() + ":" + line + ":" + column;
  }
}
