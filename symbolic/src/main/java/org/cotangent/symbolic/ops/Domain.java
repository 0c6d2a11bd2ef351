package org.cotangent.symbolic.ops;

import org.cotangent.symbolic.DType;

/** Which dtypes an elementwise primitive accepts (JAX's {@code _float | _complex} sets). */
public enum Domain {
  /** i64, f64, c128. */
  NUMERIC,
  /** f64, c128. */
  FLOATING,
  /** f64 only: the function is real (floor, round, atan2, ...). */
  REAL_FLOATING,
  /** i64, f64: ordered. */
  REAL,
  /** Every dtype, bool included: the op does not look at values ({@code stop_gradient}). */
  ANY,
  /** c128 only: the parts of a complex number ({@code real}, {@code imag}, {@code conj}). */
  COMPLEX;

  public boolean accepts(DType d) {
    switch (this) {
      case FLOATING:
        return d.isFloating();
      case REAL_FLOATING:
        return d == DType.F64;
      case REAL:
        return d == DType.F64 || d == DType.I64;
      case ANY:
        return true;
      case COMPLEX:
        return d.isComplex();
      default:
        return d != DType.BOOL;
    }
  }
}
