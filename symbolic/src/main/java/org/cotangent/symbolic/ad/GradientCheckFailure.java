package org.cotangent.symbolic.ad;

/** A derivative that disagrees with finite differences or with its own transpose. */
public final class GradientCheckFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GradientCheckFailure(String message) {
    super(message);
  }
}
