package org.cotangent.frontend.script;

import java.util.List;
import java.util.Objects;

/**
 * The left-hand side of an assignment: a name, or a tuple or list of targets to unpack into
 * ({@code a, b = e}, {@code (a, (b, c)) = e}, {@code [a, b] = e}). The parser rejects anything else
 * with "invalid assignment target", so an evaluator has exactly these two cases.
 */
public sealed interface Target permits Target.Var, Target.Unpack {
  /** Where the target starts. */
  Pos pos();

  /**
   * Assignment to a name.
   *
   * @param name the name
   * @param pos where it is
   */
  record Var(String name, Pos pos) implements Target {
    /** Checks the components. */
    public Var {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pos, "pos");
    }
  }

  /**
   * Unpacking of a sequence value into as many targets as it has elements. {@code a, = e} unpacks
   * one element.
   *
   * @param elements the targets, in order (at least one)
   * @param pos where the target starts (the first element, or the opening bracket)
   */
  record Unpack(List<Target> elements, Pos pos) implements Target {
    /** Copies the list. */
    public Unpack {
      elements = List.copyOf(elements);
      Objects.requireNonNull(pos, "pos");
    }
  }
}
