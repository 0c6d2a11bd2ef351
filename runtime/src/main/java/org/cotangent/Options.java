package org.cotangent;

import java.util.Arrays;

/**
 * The keyword arguments of a transformation, as an immutable value: {@code argnums} and {@code
 * holomorphic} of {@code jax.grad}, {@code jax.jacfwd}, {@code jax.jacrev} and {@code
 * jax.hessian}.
 *
 * <pre>{@code
 * grad(f, Options.holomorphic())                    // jax.grad(f, holomorphic=True)
 * grad(f, Options.argnums(0, 1))                    // jax.grad(f, argnums=(0, 1))
 * jacfwd(f, Options.argnums(1).holomorphic(true))  // jax.jacfwd(f, 1, holomorphic=True)
 * }</pre>
 */
public final class Options {
  private static final Options DEFAULT = new Options(new int[0], false);

  private final int[] argnums;
  private final boolean holomorphic;

  private Options(int[] argnums, boolean holomorphic) {
    this.argnums = argnums;
    this.holomorphic = holomorphic;
  }

  /** Differentiate with respect to the arguments {@code argnums} (argument 0 if none). */
  public static Options argnums(int... argnums) {
    return new Options(argnums.clone(), false);
  }

  /**
   * {@code holomorphic=True}: the function maps complex inputs to complex outputs and is
   * differentiated as a holomorphic function (its derivative, not the gradient of a real loss).
   * Inputs and outputs must be complex. When the function provably is not holomorphic (its
   * linearization uses the conjugate of an input tangent) the result is still JAX's: the
   * transpose of the linearization.
   */
  public static Options holomorphic() {
    return new Options(new int[0], true);
  }

  /** These options with {@code holomorphic} set as given. */
  public Options holomorphic(boolean holomorphic) {
    return new Options(argnums, holomorphic);
  }

  /** The default options: argument 0, not holomorphic. */
  public static Options defaults() {
    return DEFAULT;
  }

  /** The argnums given (empty: the default, argument 0). */
  public int[] argnumList() {
    return argnums.clone();
  }

  /** Whether {@code holomorphic} is set. */
  public boolean isHolomorphic() {
    return holomorphic;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options other && other.holomorphic == holomorphic
        && Arrays.equals(other.argnums, argnums);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(argnums) + Boolean.hashCode(holomorphic);
  }

  @Override
  public String toString() {
    return "Options(argnums=" + Arrays.toString(argnums) + ", holomorphic=" + holomorphic + ")";
  }
}
