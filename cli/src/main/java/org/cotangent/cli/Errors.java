package org.cotangent.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.symbolic.IrException;

/**
 * Turns an exception into what the user sees and an exit code. User mistakes get a message and
 * never a stack trace: a {@link ScriptError} prints its {@code format()} (position, source line,
 * caret), other user-level errors ({@link CliException}, {@link IrException}, I/O errors, a stack
 * overflow from runaway recursion, running out of memory) print {@code error: message}. Anything
 * else is a bug in Cotangent and prints {@code internal error: this is a bug in Cotangent} and the
 * stack trace.
 */
final class Errors {
  static final String INTERNAL_ERROR = "internal error: this is a bug in Cotangent";

  private Errors() {}

  /** Reports {@code t} on {@code err}; returns the exit code. */
  static int report(Throwable t, PrintStream err) {
    try {
      if (t instanceof ScriptError) {
        err.println(((ScriptError) t).format());
        return Main.USER_ERROR;
      }
      if (t instanceof CliException || t instanceof IrException) {
        err.println("error: " + t.getMessage());
        return Main.USER_ERROR;
      }
      if (t instanceof UncheckedIOException) {
        err.println("error: " + t.getCause().getMessage());
        return Main.USER_ERROR;
      }
      if (t instanceof StackOverflowError) {
        err.println("error: stack overflow: the computation nests too deeply"
            + " (a recursive def that never stops?)");
        return Main.USER_ERROR;
      }
      if (t instanceof OutOfMemoryError) {
        err.println("error: out of memory (" + t.getMessage() + "); give Java more heap,"
            + " e.g. JAVA_OPTS=-Xmx8g");
        return Main.USER_ERROR;
      }
      err.println(INTERNAL_ERROR + "; please report it with the input that triggers it");
      t.printStackTrace(err);
      return Main.INTERNAL;
    } finally {
      err.flush();
    }
  }
}
