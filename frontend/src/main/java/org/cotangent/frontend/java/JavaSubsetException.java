package org.cotangent.frontend.java;

/**
 * A method that is outside the Java subset Cotangent differentiates, or that is wrong: the
 * message names the construct and says what to do, and the position (1-based line and column in
 * the source file) is the construct's start.
 */
public final class JavaSubsetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public JavaSubsetException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
