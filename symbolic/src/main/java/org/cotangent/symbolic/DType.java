package org.cotangent.symbolic;

/**
 * Element types of tensors. Promotion follows NumPy: {@code bool -> i64 -> f64 -> c128}.
 *
 * <p>Every tensor stores its elements as doubles (see {@link Tensor}); {@code bool} as 0/1 and
 * {@code i64} as exact integers below 2^53. Code must never assume there are only two floating
 * types: ask {@link #isFloating()} and {@link #isComplex()}.
 */
public enum DType {
  /** Booleans (comparisons, masks); printed {@code bool}. */
  BOOL("bool", 0),
  /** 64-bit integers (indices, iota), held as doubles; printed {@code i64}. */
  I64("i64", 1),
  /** Real doubles; printed {@code f64}. */
  F64("f64", 2),
  /** Complex numbers of two doubles; printed {@code c128}. */
  C128("c128", 3);

  private final String text;
  private final int rank;

  DType(String text, int rank) {
    this.text = text;
    this.rank = rank;
  }

  /** True for the types that carry tangents: real and complex floating point. */
  public boolean isFloating() {
    return this == F64 || this == C128;
  }

  /** Whether elements are complex ({@code c128}). */
  public boolean isComplex() {
    return this == C128;
  }

  /** Number of doubles one element occupies in a tensor's flat storage. */
  public int width() {
    return this == C128 ? 2 : 1;
  }

  /** The smallest type both {@code a} and {@code b} convert to without loss, as NumPy promotes. */
  public static DType promote(DType a, DType b) {
    return a.rank >= b.rank ? a : b;
  }

  /** The real type with the same precision (c128 -> f64); other types map to themselves. */
  public DType realPart() {
    return this == C128 ? F64 : this;
  }

  /** Parses the printed name ({@code "f64"}, ...). */
  public static DType parse(String s) {
    for (DType d : values()) {
      if (d.text.equals(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dtype '" + s + "' (expected bool, i64, f64 or c128)");
  }

  @Override
  public String toString() {
    return text;
  }
}
