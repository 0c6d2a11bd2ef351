package org.cotangent.codegen;

/**
 * A compiled graph with symbolic sizes: one class for all sizes (DESIGN, "Symbolic sizes", P2).
 * {@code sizes} holds the graph's size variables in sorted name order ({@code Graph.sizeVars()});
 * inputs and outputs are as for {@link Program} (flat row-major {@code double[]}s, a scalar an
 * array of length 1), their lengths those of their types at these sizes, which the generated code
 * checks first, with the sizes themselves and what the graph requires of them (slice bounds,
 * {@code pad >= 0}, ...): a bad call throws {@link IllegalArgumentException} naming the value
 * and the sizes before any element is computed. Implementations keep no mutable state.
 */
public interface SizedProgram {
  void call(int[] sizes, double[][] inputs, double[][] outputs);
}
