/**
 * The {@code @Differentiable} annotation processor ({@link
 * org.cotangent.processor.DifferentiableProcessor}): derivatives of static methods written as
 * Java source at build time, in {@code <Class>Derivatives} of the same package.
 */
package org.cotangent.processor;
