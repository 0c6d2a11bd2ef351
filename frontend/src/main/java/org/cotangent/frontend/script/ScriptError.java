package org.cotangent.frontend.script;

/**
 * A mistake in a script (syntax, and at run time unknown names, wrong arity, shape mismatches, ...)
 * at a line and column of a file. It is what a user sees instead of a Java stack trace:
 * {@link #format()} gives
 *
 * <pre>
 * FILE:LINE:COL: message
 *     the source line
 *     ^ (under the column)
 * </pre>
 *
 * <p>{@link #getMessage()} is the first of those lines. The error keeps only strings and numbers
 * (not the {@link Source}), so it stays small and serialisable.
 */
public class ScriptError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final int line;
  private final int column;
  private final String message;
  private final String sourceLine;

  /**
   * @param fileName the file name shown first
   * @param line the line, from 1
   * @param column the column, from 1 (code points; a tab counts as one)
   * @param message what is wrong and what to do about it, without the position
   * @param sourceLine the text of the line, without its terminator ("" if unknown)
   */
  public ScriptError(String fileName, int line, int column, String message, String sourceLine) {
    this(fileName, line, column, message, sourceLine, null);
  }

  /** An error at {@code pos}, showing the source line it is on. */
  public ScriptError(Pos pos, String message) {
    this(pos, message, null);
  }

  /** An error at {@code pos} caused by {@code cause} (for example an IR shape error). */
  public ScriptError(Pos pos, String message, Throwable cause) {
    this(pos.fileName(), pos.line(), pos.column(), message, pos.sourceLine(), cause);
  }

  private ScriptError(
      String fileName, int line, int column, String message, String sourceLine, Throwable cause) {
    super(fileName + ":" + line + ":" + column + ": " + message, cause);
    this.fileName = fileName;
    this.line = line;
    this.column = column;
    this.message = message;
    this.sourceLine = sourceLine == null ? "" : sourceLine;
  }

  /** The file name. */
  public String fileName() {
    return fileName;
  }

  /** The line, from 1. */
  public int line() {
    return line;
  }

  /** The column, from 1. */
  public int column() {
    return column;
  }

  /** The message alone, without the position. */
  public String message() {
    return message;
  }

  /** The text of the line the error is on. */
  public String sourceLine() {
    return sourceLine;
  }

  /**
   * The three-line report: {@code FILE:LINE:COL: message}, the source line indented by four spaces,
   * and a caret under the column (tabs of the source line are repeated so the caret lines up). No
   * trailing newline.
   */
  public String format() {
    StringBuilder caret = new StringBuilder("    ");
    int col = 1;
    for (int i = 0; i < sourceLine.length() && col < column; ) {
      int cp = sourceLine.codePointAt(i);
      caret.append(cp == '\t' ? '\t' : ' ');
      i += Character.charCount(cp);
      col++;
    }
    for (; col < column; col++) {
      caret.append(' ');
    }
    caret.append('^');
    return getMessage() + "\n    " + sourceLine + "\n" + caret;
  }
}
