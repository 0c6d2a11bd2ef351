package org.cotangent.frontend.script;

import java.util.Objects;

/**
 * A parameter of a {@code def} or a {@code lambda}.
 *
 * @param name the parameter name
 * @param pos where the name is
 */
public record Param(String name, Pos pos) {
  /** Checks the components. */
  public Param {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pos, "pos");
  }
}
