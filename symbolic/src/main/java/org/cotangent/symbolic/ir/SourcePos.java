package org.cotangent.symbolic.ir;

import java.util.Objects;

/**
 * A position in the user's source (a script or a Java file): file name, 1-based line and column,
 * and the text of that line, so that generated code and error messages can quote it.
 */
public final class SourcePos {
  private final String file;
  private final int line;
  private final int column;
  private final String lineText;

  public SourcePos(String file, int line, int column, String lineText) {
    this.file = Objects.requireNonNull(file);
    this.line = line;
    this.column = column;
    this.lineText = lineText == null ? "" : lineText;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The whole source line, without its line break. */
  public String lineText() {
    return lineText;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SourcePos)) {
      return false;
    }
    SourcePos p = (SourcePos) o;
    return p.line == line && p.column == column && p.file.equals(file) && p.lineText.equals(lineText);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, column, lineText);
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
