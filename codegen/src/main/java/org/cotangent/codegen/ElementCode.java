package org.cotangent.codegen;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The code of one element of a value: a real part and, for a complex element, an imaginary part
 * (complex values are pairs of doubles, DESIGN section 5). Each part is a Java expression of type
 * {@code double}: a name, a literal, an array access or, returned by a lowering, an expression
 * over those.
 *
 * <p>A complex element is a pair: {@code (z[2 * i], z[2 * i + 1])} read from an interleaved
 * array, {@code (z_re, z_im)} in locals, two literals for a uniform constant, or what a complex
 * lowering returns ({@code (a_re * b_re - a_im * b_im, a_re * b_im + a_im * b_re)}, or {@code
 * (pair[0], pair[1])} right after a call of an {@code Rt} helper). The emitter stores both parts
 * at once, so the parts of a lowering's result may be read only by the statements that store it.
 */
final class ElementCode {
  private final Code re;
  private final Code im;

  private ElementCode(Code re, Code im) {
    this.re = Objects.requireNonNull(re);
    this.im = im;
  }

  static ElementCode real(Code re) {
    return new ElementCode(re, null);
  }

  static ElementCode pair(Code re, Code im) {
    return new ElementCode(re, Objects.requireNonNull(im));
  }

  /** A real element ({@code im} null) or a pair. */
  static ElementCode of(Code re, Code im) {
    return new ElementCode(re, im);
  }

  Code re() {
    return re;
  }

  /** The imaginary part, or null for a real element. */
  Code im() {
    return im;
  }

  boolean isPair() {
    return im != null;
  }

  /**
   * The real element's code, where only a real value can be (a predicate, an index, the operand
   * of a real-only primitive); a pair there is a bug in a lowering.
   */
  Code realOnly() {
    if (im != null) {
      throw new IllegalStateException("a real element was expected, not the pair (" + re + ", "
          + im + ")");
    }
    return re;
  }

  /** Both parts passed through {@code f} (a guard, a sign), keeping the form. */
  ElementCode map(UnaryOperator<Code> f) {
    return new ElementCode(f.apply(re), im == null ? null : f.apply(im));
  }

  @Override
  public String toString() {
    return im == null ? re.toString() : "(" + re + ", " + im + ")";
  }
}
