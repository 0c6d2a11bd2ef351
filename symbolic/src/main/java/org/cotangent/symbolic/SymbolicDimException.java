package org.cotangent.symbolic;

/**
 * A symbolic dimension reached code that needs a constant (JAX's "used in a context that requires
 * a constant"): an {@code int} accessor of {@link Shape}, or a rule that has not learnt symbolic
 * sizes yet. {@code Node.make} and the transformations add the primitive's name.
 */
public class SymbolicDimException extends IrException {
  private static final long serialVersionUID = 1L;

  private final transient Dim dim;

  public SymbolicDimException(Dim dim) {
    super("symbolic dimension '" + dim + "' where a constant is required");
    this.dim = dim;
  }

  public SymbolicDimException(String message, Dim dim) {
    super(message);
    this.dim = dim;
  }

  /**
   * {@code e} with the rule it came from: "vmap of slice: the rule does not accept symbolic sizes
   * yet (...)"; an exception that already names its rule is returned as it is.
   */
  public static SymbolicDimException in(String transformation, String op, SymbolicDimException e) {
    if (e.getMessage().startsWith(transformation + " of ")) {
      return e;
    }
    return new SymbolicDimException(transformation + " of " + op + ": the rule does not accept"
        + " symbolic sizes yet (" + e.getMessage() + ")", e.dim());
  }

  /** The symbolic dim that was met. */
  public Dim dim() {
    return dim;
  }
}
