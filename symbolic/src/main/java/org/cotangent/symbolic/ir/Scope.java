package org.cotangent.symbolic.ir;

/**
 * Which binder a {@link Param} belongs to. A graph's own inputs are {@link #INPUT} parameters,
 * bound by position. While a front end traces a function, its arguments are parameters of that
 * trace's level ({@link #trace}, depth 1 for the outermost trace), so values of nested traces
 * never collide and "does this value depend on a trace in progress" is a field read ({@link
 * Node#traceDepth}). {@link #LINEAR} parameters are the tangent placeholders of linearize and
 * transpose; no finished graph may contain them.
 */
public final class Scope {
  /** The kinds of binder. */
  public enum Kind { INPUT, TRACE, LINEAR }

  public static final Scope INPUT = new Scope(Kind.INPUT, 0);
  public static final Scope LINEAR = new Scope(Kind.LINEAR, 0);

  private final Kind kind;
  private final int depth;

  private Scope(Kind kind, int depth) {
    this.kind = kind;
    this.depth = depth;
  }

  /** The scope of a trace in progress at {@code depth} (1 for the outermost). */
  public static Scope trace(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("trace depth must be at least 1, got " + depth);
    }
    return new Scope(Kind.TRACE, depth);
  }

  public Kind kind() {
    return kind;
  }

  /** The trace depth of a {@link Kind#TRACE} scope; 0 otherwise. */
  public int depth() {
    return depth;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope && ((Scope) o).kind == kind && ((Scope) o).depth == depth;
  }

  @Override
  public int hashCode() {
    return kind.ordinal() * 31 + depth;
  }

  /** {@code ""} for a graph input, {@code trace2.} or {@code linear.} before the index. */
  String prefix() {
    switch (kind) {
      case INPUT:
        return "";
      case TRACE:
        return "trace" + depth + ".";
      default:
        return "linear.";
    }
  }

  @Override
  public String toString() {
    return kind == Kind.TRACE ? "trace" + depth : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
