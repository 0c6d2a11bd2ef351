package org.cotangent.symbolic;

import java.util.Objects;

/**
 * The abstract value of a node: its shape and dtype, printed {@code f64[3,4]}. Serializable as
 * that text.
 */
public final class TensorType implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Shape shape;
  private final DType dtype;

  private TensorType(Shape shape, DType dtype) {
    this.shape = Objects.requireNonNull(shape);
    this.dtype = Objects.requireNonNull(dtype);
  }

  /** The type of {@code dtype} elements in {@code shape}. */
  public static TensorType of(DType dtype, Shape shape) {
    return new TensorType(shape, dtype);
  }

  /** The type of {@code dtype} elements with these (static) dimensions. */
  public static TensorType of(DType dtype, int... dims) {
    return new TensorType(Shape.of(dims), dtype);
  }

  /** A real ({@code f64}) type with these dimensions; none for a scalar. */
  public static TensorType f64(int... dims) {
    return of(DType.F64, dims);
  }

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The number of axes. */
  public int rank() {
    return shape.rank();
  }

  /** The number of elements of a static shape (throws {@link SymbolicDimException} if symbolic). */
  public int size() {
    return shape.size();
  }

  /** This shape with element type {@code d}. */
  public TensorType withDtype(DType d) {
    return d == dtype ? this : new TensorType(shape, d);
  }

  /** This element type with shape {@code s}. */
  public TensorType withShape(Shape s) {
    return s.equals(shape) ? this : new TensorType(s, dtype);
  }

  /** True if the shape has no symbolic dim. */
  public boolean isStatic() {
    return shape.isStatic();
  }

  /** Parses {@code f64[3,4]}, {@code f64[n,2*n+1]} or {@code f64} (a scalar). */
  public static TensorType parse(String text) {
    String s = text.strip();
    int br = s.indexOf('[');
    if (br < 0) {
      return of(DType.parse(s), Shape.SCALAR);
    }
    if (!s.endsWith("]")) {
      throw new IllegalArgumentException("bad type '" + text + "': expected like f64[3,4]");
    }
    DType d = DType.parse(s.substring(0, br));
    String inner = s.substring(br + 1, s.length() - 1).strip();
    if (inner.isEmpty()) {
      return of(d, Shape.SCALAR);
    }
    String[] parts = inner.split(",", -1);
    Dim[] dims = new Dim[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Dim.parse(parts[i]);
      } catch (IrException e) {
        throw new IllegalArgumentException("bad dimension '" + parts[i].strip() + "' in type '" + text + "'");
      }
    }
    return of(d, Shape.of(dims));
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof TensorType
        && ((TensorType) o).dtype == dtype
        && ((TensorType) o).shape.equals(shape);
  }

  @Override
  public int hashCode() {
    return dtype.ordinal() * 31 + shape.hashCode();
  }

  @Override
  public String toString() {
    return dtype + shape.toString();
  }

  private Object writeReplace() {
    return new Form(toString());
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("a TensorType is read through its serial form");
  }

  /** The serial form: the text {@code f64[3,4]}. */
  private static final class Form implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String text;

    Form(String text) {
      this.text = text;
    }

    private Object readResolve() throws java.io.InvalidObjectException {
      try {
        return TensorType.parse(text);
      } catch (IllegalArgumentException e) {
        throw new java.io.InvalidObjectException("not a tensor type: " + e.getMessage());
      }
    }
  }
}
