package org.cotangent.symbolic;

/**
 * A mistake in building or transforming IR: a shape or dtype mismatch, a function that cannot be
 * differentiated as asked. The message says what is wrong in the user's terms; front ends attach
 * the source position.
 */
public class IrException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IrException(String message) {
    super(message);
  }
}
