package org.cotangent.script;

import java.io.PrintStream;
import java.util.List;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * PLACEHOLDER on branch cli only: the real class lands on main (the script interpreter). Same
 * signatures; merge main to get it.
 */
public final class ScriptSession {
  /** {@code out} receives print output; with {@code json}, one JSON line per print call. */
  public ScriptSession(PrintStream out, boolean json) {}

  /** Runs a whole script; user mistakes throw {@code ScriptError} (format() gives file:line:col). */
  public void run(String source, String fileName) {
    throw new IllegalStateException("placeholder");
  }

  /**
   * REPL: runs the statements of {@code source} in this session's global scope; returns the
   * printed form of the value of a final expression statement, or null (None or not an
   * expression).
   */
  public String evalInteractive(String source, String fileName) {
    throw new IllegalStateException("placeholder");
  }

  /** The global function {@code name} traced at {@code argTypes} (for gen and graph). */
  public Graph trace(String name, List<TensorType> argTypes) {
    throw new IllegalStateException("placeholder");
  }
}
