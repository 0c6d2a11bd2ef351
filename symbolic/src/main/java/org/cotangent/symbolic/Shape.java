package org.cotangent.symbolic;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tensor shape: an immutable list of dimensions ({@link Dim}s). Rank 0 is a scalar. A static
 * shape has only constant dims, each {@code >= 0}, and at most 2^31 elements; a symbolic shape has
 * some size expression ({@code [n,3]}). The {@code int} accessors ({@link #dim}, {@link #dims},
 * {@link #size}, {@link #strides}) are for static shapes: on a symbolic one they throw a {@link
 * SymbolicDimException} naming the dim, as JAX's {@code int(d)} does; {@link #extent}, {@link
 * #extents} and {@link #numel} answer with {@code Dim}s for every shape.
 */
public final class Shape {
  /** The shape of a scalar: no axes. */
  public static final Shape SCALAR = new Shape(new int[0]);

  private final Dim[] extents;
  /** The dims as ints, or null if some dim is symbolic. */
  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    long n = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IrException("negative dimension in shape " + Arrays.toString(dims));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IrException("shape " + Arrays.toString(dims) + " has more than 2^31 elements");
      }
    }
    this.dims = dims;
    this.size = (int) n;
    this.extents = new Dim[dims.length];
    for (int i = 0; i < dims.length; i++) {
      extents[i] = Dim.of(dims[i]);
    }
  }

  private Shape(Dim[] extents) {
    for (Dim d : extents) {
      if (Dims.geq(d, Dim.of(0)) == Dims.Answer.FALSE) {
        throw new IrException("negative dimension " + d + " in shape " + text(extents));
      }
    }
    this.extents = extents;
    this.dims = null;
    this.size = -1;
  }

  /** The static shape with these dimensions. */
  public static Shape of(int... dims) {
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** The shape with these dims: static (as {@link #of(int...)}) if every one is a constant. */
  public static Shape of(Dim... extents) {
    boolean constant = true;
    for (Dim d : extents) {
      constant &= d.isConstant();
    }
    if (!constant) {
      return new Shape(extents.clone());
    }
    int[] d = new int[extents.length];
    for (int i = 0; i < d.length; i++) {
      long c = extents[i].constant();
      if (c > Integer.MAX_VALUE || c < Integer.MIN_VALUE) {
        throw new IrException("dimension " + c + " in shape " + text(extents) + " is too large");
      }
      d[i] = (int) c;
    }
    return of(d);
  }

  /** The number of axes. */
  public int rank() {
    return extents.length;
  }

  /** True if every dim is a constant. */
  public boolean isStatic() {
    return dims != null;
  }

  /** The first symbolic dim, or null for a static shape. */
  public Dim firstSymbolic() {
    for (Dim d : extents) {
      if (!d.isConstant()) {
        return d;
      }
    }
    return null;
  }

  private SymbolicDimException symbolic() {
    return new SymbolicDimException(firstSymbolic());
  }

  /** Dimension {@code axis} of a static shape (a {@link SymbolicDimException} if it is symbolic). */
  public int dim(int axis) {
    if (dims == null && !extents[axis].isConstant()) {
      throw new SymbolicDimException(extents[axis]);
    }
    return dims != null ? dims[axis] : (int) extents[axis].constant();
  }

  /** Dimension {@code axis}, constant or symbolic. */
  public Dim extent(int axis) {
    return extents[axis];
  }

  /** A copy of the dimensions of a static shape. */
  public int[] dims() {
    if (dims == null) {
      throw symbolic();
    }
    return dims.clone();
  }

  /** A copy of the dimensions. */
  public Dim[] extents() {
    return extents.clone();
  }

  /** The names of the size variables the dims mention, sorted. */
  public Set<String> vars() {
    Set<String> s = new TreeSet<>();
    for (Dim d : extents) {
      s.addAll(d.vars());
    }
    return s;
  }

  /** This shape with dimension {@code axis} replaced by {@code size}. */
  public Shape withDim(int axis, int size) {
    return withExtent(axis, Dim.of(size));
  }

  /** This shape with dimension {@code axis} replaced by {@code d}. */
  public Shape withExtent(int axis, Dim d) {
    Dim[] e = extents.clone();
    e[axis] = d;
    return Shape.of(e);
  }

  /** This shape with its size variables replaced by values (those not in {@code env} stay). */
  public Shape substitute(Map<String, Dim> env) {
    if (dims != null) {
      return this;
    }
    Dim[] e = new Dim[extents.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = extents[i].substitute(env);
    }
    return Shape.of(e);
  }

  /** Number of elements of a static shape. */
  public int size() {
    if (dims == null) {
      throw symbolic();
    }
    return size;
  }

  /** Number of elements, constant or symbolic. */
  public Dim numel() {
    return dims != null ? Dim.of(size) : Dims.product(Arrays.asList(extents));
  }

  /** Whether this shape has no axes. */
  public boolean isScalar() {
    return extents.length == 0;
  }

  /** Row-major strides of a static shape, in elements. */
  public int[] strides() {
    if (dims == null) {
      throw symbolic();
    }
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Shape)) {
      return false;
    }
    Shape s = (Shape) o;
    return dims != null && s.dims != null ? Arrays.equals(dims, s.dims)
        : Arrays.equals(extents, s.extents);
  }

  /** The hash of the {@code int[]} for static shapes (a constant dim hashes as its value). */
  @Override
  public int hashCode() {
    return dims != null ? Arrays.hashCode(dims) : Arrays.hashCode(extents);
  }

  /** {@code [3,4]}, {@code [n,2*n+1]}, {@code []} for a scalar. */
  @Override
  public String toString() {
    return text(extents);
  }

  private static String text(Dim[] extents) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < extents.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(extents[i]);
    }
    return sb.append(']').toString();
  }
}
