package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * A function specialised to the structures of its arguments: its flat form, a function of their
 * leaves that returns the leaves of its result, and the structure of that result. Every
 * transformation is written once over flat functions ({@link #flat}); pytrees are this wrapper
 * around it (issue 13: one implementation, wrapped by pytree handling).
 *
 * @param flat the function of the arguments' leaves, in order, returning the result's leaves
 * @param out the result's structure for leaves of the given types and arguments of the given
 *     structures (with their actual leaf kinds, so a gradient can come back as its argument's kind)
 */
record Specialized(Fn flat, OutDef out) {
  /** The structure of a result. */
  @FunctionalInterface
  interface OutDef {
    Treedef of(List<TensorType> leafTypes, List<Treedef> argDefs);
  }

  /** The structure of a flat function's result: one output a leaf, several a list of leaves. */
  static Treedef flatOutputs(int n, Treedef.Leaf kind) {
    if (n == 1) {
      return Treedef.leaf(kind);
    }
    List<Treedef> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(Treedef.leaf(kind));
    }
    return Treedef.list(items);
  }

  /** The result leaf {@code t} as the Java kind {@code kind} (a tensor if it does not fit). */
  static Object asKind(Tensor t, Treedef.Leaf kind) {
    boolean real = !t.dtype().isComplex();
    switch (kind) {
      case SYM:
        return Sym.constant(t);
      case DOUBLE:
        return real && t.rank() == 0 ? (Object) t.item() : t;
      case DOUBLE_ARRAY:
        return real && t.rank() == 1 ? t.toDoubleArray() : t;
      case DOUBLE_MATRIX:
        if (real && t.rank() == 2) {
          int r = t.shape().dim(0);
          int c = t.shape().dim(1);
          double[][] m = new double[r][c];
          double[] d = t.unsafeData();
          for (int i = 0; i < r; i++) {
            System.arraycopy(d, i * c, m[i], 0, c);
          }
          return m;
        }
        return t;
      case COMPLEX:
        return t.dtype().isComplex() && t.rank() == 0
            ? new org.apache.commons.math3.complex.Complex(t.re(0), t.im(0)) : t;
      case BOOLEAN:
        return t.dtype() == DType.BOOL && t.rank() == 0 ? (Object) (t.get(0) != 0) : t;
      default:
        return t;
    }
  }

  /** The leaves of the arguments' structures, kinds erased: the key of a specialisation. */
  static List<Treedef> erased(List<Treedef> defs) {
    List<Treedef> e = new ArrayList<>(defs.size());
    for (Treedef d : defs) {
      e.add(d.withLeaves(Treedef.Leaf.ANY));
    }
    return e;
  }

  /** {@code n} single-leaf argument structures. */
  static List<Treedef> leafArgs(int n) {
    List<Treedef> defs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      defs.add(Treedef.leaf(Treedef.Leaf.ANY));
    }
    return defs;
  }

  /** The leaf index ranges [start, end) of each argument. */
  static int[][] ranges(List<Treedef> defs) {
    int[][] r = new int[defs.size()][2];
    int k = 0;
    for (int i = 0; i < defs.size(); i++) {
      r[i][0] = k;
      k += defs.get(i).numLeaves();
      r[i][1] = k;
    }
    return r;
  }

  /** The leaf indices of the arguments {@code argnums}. */
  static int[] leafArgnums(List<Treedef> defs, int[] argnums, String what) {
    int[][] r = ranges(defs);
    List<Integer> out = new ArrayList<>();
    for (int a : argnums) {
      if (a < 0 || a >= defs.size()) {
        throw new IrException(org.cotangent.symbolic.ad.Ad.argnumOutOfRange(what, a,
            defs.size()));
      }
      if (r[a][0] == r[a][1]) {
        throw new IrException(what + ": argument " + a + " has no arrays to differentiate"
            + " (its structure is " + defs.get(a) + ")");
      }
      for (int k = r[a][0]; k < r[a][1]; k++) {
        out.add(k);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
