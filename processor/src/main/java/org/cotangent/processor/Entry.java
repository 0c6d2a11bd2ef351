package org.cotangent.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;

/**
 * The entry code of a generated public method whose original has array or {@code int}
 * parameters (the design note's B7): the sizes read once from the arrays' lengths ({@code final
 * int n = w.length;}), every other array of the same size and every row of a {@code double[][]}
 * checked against them with an {@link IllegalArgumentException} naming the method and the
 * parameters, and each {@code double[][]} copied row-major into a flat {@code double[]}, as the
 * kernel takes it (its size variables first, in sorted name order, then its inputs).
 */
final class Entry {
  /** One parameter of the original: name, Java type, rank (-1 for an int size). */
  static final class Param {
    final String name;
    final int rank;
    /** The size names of its axes (rank entries). */
    final String[] sizes;

    Param(String name, int rank, String[] sizes) {
      this.name = name;
      this.rank = rank;
      this.sizes = sizes;
    }

    String type() {
      return rank < 0 ? "int" : "double" + "[]".repeat(rank);
    }
  }

  final String method;
  final List<Param> params;
  final SortedSet<String> sizes;
  final String row;

  /**
   * {@code method}: the original as messages name it ({@code Logistic.loss}); {@code inputs}: the
   * graph's input types, one per non-int parameter in order; {@code sizes}: the kernel's size
   * variables.
   */
  Entry(String method, List<String> names, List<Boolean> isInt, List<TensorType> inputs,
      SortedSet<String> sizes) {
    this.method = method;
    this.sizes = sizes;
    List<Param> ps = new ArrayList<>();
    int k = 0;
    Set<String> taken = new LinkedHashSet<>(names);
    taken.addAll(sizes);
    for (int i = 0; i < names.size(); i++) {
      if (isInt.get(i)) {
        ps.add(new Param(names.get(i), -1, new String[0]));
        continue;
      }
      Shape s = inputs.get(k++).shape();
      String[] dims = new String[s.rank()];
      for (int a = 0; a < s.rank(); a++) {
        dims[a] = s.extent(a).toString();
      }
      ps.add(new Param(names.get(i), s.rank(), dims));
      taken.add(names.get(i) + "Flat");
    }
    this.params = ps;
    String r = "r";
    for (int j = 2; taken.contains(r); j++) {
      r = "r" + j;
    }
    this.row = r;
  }

  Param param(String name) {
    for (Param p : params) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** {@code n}, or {@code m * n}: the number of elements of {@code p}. */
  static String count(Param p) {
    return String.join(" * ", p.sizes);
  }

  private static String axis(String p, int a) {
    return a == 0 ? p + ".length" : p + "[0].length";
  }

  private String fail(String message) {
    return "throw new IllegalArgumentException(\"" + method + ": " + message + ");";
  }

  /** The statements that read and check the sizes and flatten the matrices. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    Map<String, String> first = new LinkedHashMap<>();
    Set<String> intSizes = new LinkedHashSet<>();
    for (Param p : params) {
      if (p.rank < 0) {
        intSizes.add(p.name);
        first.put(p.name, p.name);
        out.add("if (" + p.name + " < 0) {");
        out.add("  " + fail(p.name + " is \" + " + p.name + " + \", must be >= 0\""));
        out.add("}");
      }
    }
    // Each size from the first array whose length it is, else from the first matrix whose rows
    // have it (read off row 0, 0 when there are no rows).
    for (int a = 0; a < 2; a++) {
      for (Param p : params) {
        if (a >= p.rank || first.containsKey(p.sizes[a])) {
          continue;
        }
        String s = p.sizes[a];
        first.put(s, axis(p.name, a));
        out.add("final int " + s + " = " + (a == 0 ? p.name + ".length"
            : p.name + ".length == 0 ? 0 : " + p.name + "[0].length") + ";");
      }
    }
    for (Param p : params) {
      out.addAll(check(p, p.name, first, false));
    }
    for (Param p : params) {
      if (p.rank == 2) {
        out.addAll(flatten(p, p.name));
      }
    }
    return out;
  }

  /** The checks of {@code name} (p itself or its tangent) against the sizes. */
  List<String> check(Param p, String name, Map<String, String> first, boolean tangent) {
    List<String> out = new ArrayList<>();
    if (p.rank < 1) {
      return out;
    }
    String s0 = p.sizes[0];
    String what = tangent ? "a tangent has the size of its parameter " + p.name
        : "both are size " + s0;
    if (tangent || !first.get(s0).equals(p.name + ".length")) {
      String ref = tangent ? p.name + ".length" : first.get(s0);
      out.add("if (" + name + ".length != " + s0 + ") {");
      out.add("  " + fail(name + ".length is \" + " + name + ".length + \" but " + ref + " is \" + "
          + s0 + " + \"; " + what + "\""));
      out.add("}");
    }
    if (p.rank == 2) {
      String s1 = p.sizes[1];
      String ref = tangent ? p.name + "[0].length" : first.get(s1);
      out.add("for (int " + row + " = 0; " + row + " < " + name + ".length; " + row + "++) {");
      out.add("  if (" + name + "[" + row + "].length != " + s1 + ") {");
      out.add("    " + fail(name + "[\" + " + row + " + \"].length is \" + " + name + "[" + row
          + "].length + \", expected \" + " + s1 + " + \" = " + ref + " (" + name + " must be"
          + " rectangular)\""));
      out.add("  }");
      out.add("}");
    }
    return out;
  }

  /** Copies the matrix {@code name} row-major into {@code nameFlat}. */
  List<String> flatten(Param p, String name) {
    List<String> out = new ArrayList<>();
    String n = p.sizes[1];
    out.add("final double[] " + name + "Flat = new double[" + count(p) + "];");
    out.add("for (int " + row + " = 0; " + row + " < " + p.sizes[0] + "; " + row + "++) {");
    out.add("  System.arraycopy(" + name + "[" + row + "], 0, " + name + "Flat, " + row + " * "
        + n + ", " + n + ");");
    out.add("}");
    return out;
  }

  /** The checks and flattening of the tangents {@code p + "Dot"} of the parameters {@code wrt}. */
  List<String> tangentLines(List<String> wrt) {
    List<String> out = new ArrayList<>();
    for (String w : wrt) {
      Param p = param(w);
      out.addAll(check(p, w + "Dot", null, true));
      if (p.rank == 2) {
        out.addAll(flatten(p, w + "Dot"));
      }
    }
    return out;
  }

  /** The kernel's arguments before the holder: sizes, then the inputs (flat matrices). */
  List<String> kernelArgs(List<String> extra) {
    List<String> a = new ArrayList<>(sizes);
    for (Param p : params) {
      if (p.rank >= 0) {
        a.add(p.rank == 2 ? p.name + "Flat" : p.name);
      }
    }
    a.addAll(extra);
    return a;
  }

  /** One Javadoc line stating the sizes and the checks. */
  String sizesDoc() {
    List<String> d = new ArrayList<>();
    for (Param p : params) {
      if (p.rank < 0) {
        d.add("{@code " + p.name + "} >= 0");
      } else if (p.rank == 1) {
        d.add("{@code " + p.name + "} has length " + p.sizes[0]);
      } else if (p.rank == 2) {
        d.add("{@code " + p.name + "} is " + p.sizes[0] + " by " + p.sizes[1] + " (rectangular)");
      }
    }
    return String.join(", ", d) + "; checked at entry ({@link IllegalArgumentException}).";
  }
}
