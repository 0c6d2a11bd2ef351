package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Loop nests over row-major arrays, for lowerings: index names, {@code for} loops that skip axes
 * of size 1, and flat offsets {@code i0 * 12 + i1 * 4 + i2}.
 */
final class Loops {
  private Loops() {}

  /** Index names {@code i<from>}, {@code i<from+1>}, ... for {@code count} axes, from {@code scope}. */
  static String[] indices(NameAllocator scope, int from, int count) {
    String[] v = new String[count];
    for (int k = 0; k < count; k++) {
      v[k] = scope.newName("i" + (from + k));
    }
    return v;
  }

  /**
   * Opens {@code for (int v = 0; v < dim; v++)} over each axis; an axis of size 1 gets no loop
   * and its index becomes null (it drops out of offsets). Returns the number of loops opened.
   */
  static int open(JavaWriter w, String[] vars, int[] dims) {
    int opened = 0;
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] == 1) {
        vars[k] = null;
        continue;
      }
      w.beginControlFlow("for (int $N = 0; $N < $L; $N++)", vars[k], vars[k], dims[k], vars[k]);
      opened++;
    }
    return opened;
  }

  /** Closes {@code count} loops (or blocks). */
  static void close(JavaWriter w, int count) {
    for (int k = 0; k < count; k++) {
      w.endControlFlow();
    }
  }

  /** {@code i0 * 12 + i1 * 4 + i2 (+ c)}; null indices, zero strides and unit strides' factors drop out. */
  static Code offset(String[] idx, int[] strides, int constant) {
    List<Code> terms = new ArrayList<>();
    for (int k = 0; k < idx.length; k++) {
      if (idx[k] != null && strides[k] != 0) {
        terms.add(strides[k] == 1 ? Code.of("$N", idx[k]) : Code.of("$N * $L", idx[k], strides[k]));
      }
    }
    if (constant != 0 || terms.isEmpty()) {
      terms.add(Code.of("$L", constant));
    }
    return Code.join(" + ", terms);
  }

  /** {@code index + k}, {@code index - k} or {@code index}. */
  static Code plus(Code index, int k) {
    return k == 0 ? index : k > 0 ? Code.of("$L + $L", index, k) : Code.of("$L - $L", index, -k);
  }

  /**
   * Where part {@code part} (0 real, 1 imaginary) of element {@code index} of an interleaved
   * complex array is: {@code 2 * i}, {@code 2 * i + 1}, {@code 2 * (i + 1) + 1}, or a number for
   * a constant index.
   */
  static Code part(Code index, int part) {
    String s = index.toString();
    if (s.matches("\\d+")) {
      return Code.of("$L", 2 * Integer.parseInt(s) + part);
    }
    Code twice = Code.of("2 * $L", index.isName() ? index : Code.of("($L)", index));
    return part == 0 ? twice : Code.of("$L + 1", twice);
  }

  /** The row-major element offset of a box's corner: the sum of {@code start[k] * strides[k]}. */
  static int base(int[] start, int[] strides) {
    int base = 0;
    for (int k = 0; k < start.length; k++) {
      base += start[k] * strides[k];
    }
    return base;
  }
}
