package org.cotangent.symbolic.ops;

import java.util.Arrays;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;

/** Small helpers for axes and multi-indices shared by the primitives and code generation. */
public final class Indexing {
  private Indexing() {}

  /** The multi-index of flat position {@code k} in row-major {@code shape}, written to {@code idx}. */
  static void unravel(int k, Shape shape, int[] idx) {
    for (int a = shape.rank() - 1; a >= 0; a--) {
      int d = shape.dim(a);
      idx[a] = d == 0 ? 0 : k % d;
      k = d == 0 ? 0 : k / d;
    }
  }

  /** The flat position of {@code idx} given row-major {@code strides}. */
  static int ravel(int[] idx, int[] strides) {
    int k = 0;
    for (int a = 0; a < idx.length; a++) {
      k += idx[a] * strides[a];
    }
    return k;
  }

  /** Checks that {@code axes} are distinct, sorted and in {@code [0, rank)}. */
  static int[] checkAxes(String op, int[] axes, int rank) {
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 0 || axes[i] >= rank) {
        throw new IrException(op + ": axis " + axes[i] + " out of range for rank " + rank);
      }
      if (i > 0 && axes[i] <= axes[i - 1]) {
        throw new IrException(op + ": axes must be sorted and distinct, got " + Arrays.toString(axes));
      }
    }
    return axes;
  }

  static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** {@code 0..n-1} without the members of {@code removed}, in order. */
  public static int[] remaining(int n, int[]... removed) {
    int[] out = new int[n];
    int m = 0;
    outer:
    for (int i = 0; i < n; i++) {
      for (int[] r : removed) {
        if (contains(r, i)) {
          continue outer;
        }
      }
      out[m++] = i;
    }
    return Arrays.copyOf(out, m);
  }

  static int[] range(int start, int end) {
    int[] r = new int[end - start];
    for (int i = 0; i < r.length; i++) {
      r[i] = start + i;
    }
    return r;
  }

  static String tuple(int[] a) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < a.length; i++) {
      sb.append(i > 0 ? "," : "").append(a[i]);
    }
    return sb.append(')').toString();
  }

  /** {@code (0,n-1)}: dims as {@link #tuple(int[])} prints ints. */
  static String tuple(Dim[] a) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < a.length; i++) {
      sb.append(i > 0 ? "," : "").append(a[i]);
    }
    return sb.append(')').toString();
  }

  /** The dims of {@code a}. */
  static Dim[] dims(int[] a) {
    Dim[] r = new Dim[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = Dim.of(a[i]);
    }
    return r;
  }

  /** The ints of {@code a} if every dim is a constant, else null. */
  static int[] constants(Dim[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      if (!a[i].isConstant()) {
        return null;
      }
      r[i] = Math.toIntExact(a[i].constant());
    }
    return r;
  }

  /** {@code a} with each dim's variables replaced. */
  static Dim[] substitute(Dim[] a, java.util.Map<String, Dim> env) {
    Dim[] r = new Dim[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i].substitute(env);
    }
    return r;
  }

  /** {@code a} with {@code v} inserted at {@code at}. */
  static Dim[] insert(Dim[] a, int at, Dim v) {
    Dim[] r = new Dim[a.length + 1];
    for (int i = 0, k = 0; i < r.length; i++) {
      r[i] = i == at ? v : a[k++];
    }
    return r;
  }

  /** The first symbolic dim of {@code a} (there must be one). */
  static Dim firstSymbolic(Dim[] a) {
    for (Dim d : a) {
      if (!d.isConstant()) {
        return d;
      }
    }
    throw new IllegalStateException("no symbolic dim");
  }

  /** An immutable-by-convention int[] with value equality, for {@code Op.params()}. */
  static final class Ints {
    final int[] a;

    Ints(int[] a) {
      this.a = a.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ints && Arrays.equals(a, ((Ints) o).a);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(a);
    }

    @Override
    public String toString() {
      return tuple(a);
    }
  }
}
