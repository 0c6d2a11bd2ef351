package org.cotangent.codegen;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The code of one element of a value: a real part and, for a complex element, an imaginary part
 * (complex values are pairs of doubles, DESIGN section 5). Each part is a Java expression of type
 * {@code double}: a name, a literal, an array access or, returned by a lowering, an expression
 * over those.
 *
 * <p>Today every element is real ({@code c128} graphs are rejected before lowering); the pair
 * form is the contract that complex lowerings (a {@code mul} that computes {@code (ac - bd, ad +
 * bc)} through temporaries) will be written against.
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

  /** The real element's code; an error for a pair, where the caller stores one double. */
  Code realOnly() {
    if (im != null) {
      throw new UnsupportedOperationException("code generation for complex elements (" + re + ", "
          + im + ") is not supported yet");
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
