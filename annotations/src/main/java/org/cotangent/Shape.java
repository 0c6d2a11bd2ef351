package org.cotangent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the sizes of an array parameter of a {@link Differentiable} method, one name per axis,
 * separated by commas ({@code @Shape("m,n") double[][] x}: {@code x.length} is {@code m}, every
 * {@code x[r].length} is {@code n}) — JAX's {@code symbolic_shape}. Parameters that use the same
 * name share that size: the generated methods check at entry that the arrays agree, and the
 * derivative is built knowing they do (so {@code x[i][j] * w[j]} with {@code @Shape("n") double[]
 * w} needs no further proof that {@code j} stays inside {@code x[i]}). An {@code int} parameter
 * whose name is one of the sizes is that size (checked against the arrays at entry).
 *
 * <p>Without the annotation every axis gets its own size, named after the parameter: {@code
 * wLength} for {@code double[] w}, {@code xRows} and {@code xCols} for {@code double[][] x}. Names
 * must be Java identifiers without {@code $}, and must not be the name of a parameter other than
 * an {@code int} one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Shape {
  /** The size names, one per axis, comma separated ({@code "n"}, {@code "m,n"}). */
  String value();
}
