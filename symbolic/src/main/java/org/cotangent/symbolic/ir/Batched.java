package org.cotangent.symbolic.ir;

/**
 * A value under vmap: a node and the axis of it that is the batch axis, or {@code -1} if the
 * value does not depend on the batched inputs (JAX's {@code not_mapped}).
 */
public final class Batched {
  public static final int NOT_MAPPED = -1;

  public final Node value;
  public final int dim;

  public Batched(Node value, int dim) {
    if (dim < NOT_MAPPED || dim >= value.rank()) {
      throw new IllegalStateException("batch axis " + dim + " out of range for " + value.type());
    }
    this.value = value;
    this.dim = dim;
  }

  public boolean isMapped() {
    return dim != NOT_MAPPED;
  }
}
