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

  /** The symbolic dim that was met. */
  public Dim dim() {
    return dim;
  }
}
