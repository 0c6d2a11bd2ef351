package org.cotangent.codegen;

/**
 * A compiled graph. Every generated class implements it, so callers never use reflection.
 *
 * <p>Inputs and outputs are flat row-major {@code double[]}s, one per graph input and output, in
 * order: a scalar is an array of length 1, a complex tensor is interleaved {@code (re, im)} as in
 * {@code Tensor}. The caller allocates the outputs with the right lengths; generated code writes
 * every element of every output and never writes to its inputs, so callers may pass their own
 * arrays without copying. Implementations keep no mutable state, so one instance may be called
 * from many threads at once.
 */
public interface Program {
  void call(double[][] inputs, double[][] outputs);
}
