package org.cotangent.runtime;

import org.cotangent.codegen.GeneratedSource;

/**
 * Generated code failed to compile, load or instantiate. Cotangent generates only code it can
 * compile, so this is always a bug in Cotangent, never a mistake of the user: the message says
 * so and shows the generated source with line numbers (all of it when it is short, the lines
 * around the error otherwise; {@link #numberedSource()} has all of it), so the report can carry
 * everything needed to reproduce it.
 *
 * <p>Janino's {@code CompileException} and {@code InternalCompilerException} (for example "Code
 * grows beyond 64 KB") and any other failure of the compiler end up here, with the original as
 * the cause.
 */
public final class CompilationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Sources up to this many lines are shown whole in the message. */
  static final int FULL_SOURCE_LINES = 200;
  /** Otherwise, this many lines either side of the error line. */
  static final int CONTEXT_LINES = 15;

  private final String className;
  private final String numberedSource;

  CompilationFailedException(GeneratedSource source, String what, int errorLine, Throwable cause) {
    super(message(source, what, errorLine, cause), cause);
    this.className = source.qualifiedName();
    this.numberedSource = source.numberedSource();
  }

  /** The fully qualified name of the generated class. */
  public String className() {
    return className;
  }

  /** The whole generated source, each line prefixed with its number. */
  public String numberedSource() {
    return numberedSource;
  }

  private static String message(GeneratedSource source, String what, int errorLine,
      Throwable cause) {
    StringBuilder sb = new StringBuilder();
    sb.append("generated class ").append(source.qualifiedName()).append(' ').append(what)
        .append(": ").append(cause.getClass().getSimpleName()).append(": ")
        .append(cause.getMessage())
        .append("\nThis is a bug in Cotangent, not in your code: please report it with the"
            + " generated source below.\n");
    String[] lines = source.numberedSource().split("\n", -1);
    int count = lines.length > 0 && lines[lines.length - 1].isEmpty()
        ? lines.length - 1 : lines.length;
    int from = 0;
    int to = count;
    if (count > FULL_SOURCE_LINES) {
      int center = errorLine > 0 ? errorLine - 1 : 0;
      from = Math.max(0, center - CONTEXT_LINES);
      to = Math.min(count, center + CONTEXT_LINES + 1);
      sb.append("(lines ").append(from + 1).append('-').append(to).append(" of ").append(count)
          .append("; CompilationFailedException.numberedSource() has all of them)\n");
    }
    for (int i = from; i < to; i++) {
      sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }
}
