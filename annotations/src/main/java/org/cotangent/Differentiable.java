package org.cotangent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks Cotangent's annotation processor ({@code cotangent-processor}, on the compiler's
 * annotation processor path) to write the derivatives of a {@code static} method at build time,
 * as Java source in a class {@code <Class>Derivatives} of the same package:
 *
 * <pre>{@code
 * final class Pricing {
 *   @Differentiable
 *   static double call(double s, double k, double t, double r, double sigma) { ... }
 * }
 * // generated: PricingDerivatives.callGrad(s, k, t, r, sigma) -> CallGrad {value, s, k, t, r, sigma}
 * }</pre>
 *
 * <p>Which Java the method may use, and what each mode generates, is in the README ("Derivatives
 * at build time"). Anything outside that subset is a compile error at the construct.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * The names of the parameters to differentiate with respect to, in any order (the generated
   * methods take and return them in declaration order). Empty, the default: every {@code double}
   * parameter. An unknown name is a compile error at this value.
   */
  String[] wrt() default {};

  /** Which derivatives to generate; {@link Mode#REVERSE} by default. */
  Mode[] modes() default {Mode.REVERSE};

  /** A family of generated methods. */
  enum Mode {
    /** Reverse mode: {@code mGrad} (value and gradient) and {@code mVjp} (value and cotangents). */
    REVERSE,
    /** Forward mode: {@code mJvp} (the directional derivative along given tangents). */
    FORWARD,
    /** Both {@link #REVERSE} and {@link #FORWARD}. */
    BOTH
  }
}
