package org.cotangent.frontend.script;

import java.util.List;
import java.util.Objects;

/**
 * A parsed script: its statements in order, and the source they came from.
 *
 * @param statements the top-level statements
 * @param source the script text and file name
 */
public record Program(List<Stmt> statements, Source source) {
  /** Copies the list. */
  public Program {
    statements = List.copyOf(statements);
    Objects.requireNonNull(source, "source");
  }
}
