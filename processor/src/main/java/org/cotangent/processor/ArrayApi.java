package org.cotangent.processor;

import java.util.ArrayList;
import java.util.List;

/**
 * The holders and public methods of a method with array or {@code int} parameters: the holder
 * has a {@code double[]} or {@code double[][]} field per differentiated array (and a private flat
 * copy of a matrix gradient, which the kernel writes); each public method runs {@link Entry}'s
 * size reads and checks, makes the holder's arrays the right lengths (reusing {@code into}'s when
 * they are), calls the kernel and copies a matrix gradient back into rows.
 */
final class ArrayApi {
  private final DerivativesWriter w;
  private final DerivativesWriter.Method m;
  private final Entry e;

  ArrayApi(DerivativesWriter w, DerivativesWriter.Method m) {
    this.w = w;
    this.m = m;
    this.e = m.entry;
  }

  private String params() {
    List<String> d = new ArrayList<>();
    for (Entry.Param p : e.params) {
      d.add(p.type() + " " + p.name);
    }
    return String.join(", ", d);
  }

  private String args() {
    return String.join(", ", m.params);
  }

  private String tangentParams() {
    List<String> d = new ArrayList<>();
    for (String n : m.wrtNames()) {
      d.add(e.param(n).type() + " " + n + "Dot");
    }
    return String.join(", ", d);
  }

  void holders() {
    if (m.grad != null) {
      w.blank();
      w.line(1, "/**");
      w.line(1, " * The value of " + w.link(m) + " and its derivatives with respect to "
          + String.join(", ", m.wrtNames()) + ":");
      w.line(1, " * what {@code " + m.name + "Grad} and {@code " + m.name + "Vjp} return. A holder"
          + " passed to them is overwritten; its arrays are reused when they have the lengths"
          + " of the call's sizes.");
      w.line(1, " */");
      w.line(1, "public static final class " + m.gradClass() + " {");
      w.line(2, "/** The value of {@code " + m.name + "}. */");
      w.line(2, "public double value;");
      List<String> shown = new ArrayList<>();
      for (String p : m.wrtNames()) {
        Entry.Param q = e.param(p);
        String dims = q.rank == 0 ? "" : q.rank == 1 ? " (length " + q.sizes[0] + ")"
            : " (" + q.sizes[0] + " rows of " + q.sizes[1] + ")";
        w.line(2, "/** d" + m.name + "/d" + p + dims + " (times the cotangent, for a vjp). */");
        w.line(2, "public " + q.type() + " " + p + ";");
        shown.add(q.rank == 0 ? p : q.rank == 1 ? "Arrays.toString(" + p + ")"
            : "Arrays.deepToString(" + p + ")");
      }
      for (String p : m.wrtNames()) {
        if (e.param(p).rank == 2) {
          w.line(2, "/** d" + m.name + "/d" + p + " row-major, as the kernel writes it. */");
          w.line(2, "private double[] " + p + "Flat;");
        }
      }
      w.blank();
      w.line(2, "@Override");
      w.line(2, "public String toString() {");
      StringBuilder sb = new StringBuilder("return \"" + m.gradClass() + "{value=\" + value");
      for (int k = 0; k < shown.size(); k++) {
        sb.append(" + \", ").append(m.wrtNames().get(k)).append("=\" + ").append(shown.get(k));
      }
      w.line(3, sb.append(" + \"}\";").toString());
      w.line(2, "}");
      w.line(1, "}");
    }
    if (m.jvp != null) {
      w.blank();
      w.line(1, "/** The value of " + w.link(m) + " and its derivative along a tangent: what"
          + " {@code " + m.name + "Jvp} returns. */");
      w.line(1, "public static final class " + m.jvpClass() + " {");
      w.line(2, "/** The value of {@code " + m.name + "}. */");
      w.line(2, "public double value;");
      w.line(2, "/** The directional derivative: the sum over the parameters p of d" + m.name
          + "/dp * pDot. */");
      w.line(2, "public double tangent;");
      w.blank();
      w.line(2, "@Override");
      w.line(2, "public String toString() {");
      w.line(3, "return \"" + m.jvpClass() + "{value=\" + value + \", tangent=\" + tangent"
          + " + \"}\";");
      w.line(2, "}");
      w.line(1, "}");
    }
  }

  private void body(List<String> lines) {
    for (String l : lines) {
      w.line(2, l);
    }
  }

  /** Makes {@code into}'s gradient arrays the call's lengths. */
  private List<String> allocate() {
    List<String> out = new ArrayList<>();
    for (String p : m.wrtNames()) {
      Entry.Param q = e.param(p);
      if (q.rank == 0) {
        continue;
      }
      String f = q.rank == 2 ? p + "Flat" : p;
      out.add("if (into." + f + " == null || into." + f + ".length != " + Entry.count(q) + ") {");
      out.add("  into." + f + " = new double[" + Entry.count(q) + "];");
      out.add("}");
    }
    return out;
  }

  /** Copies the flat matrix gradients into {@code into}'s rows. */
  private List<String> unflatten() {
    List<String> out = new ArrayList<>();
    String r = e.row;
    for (String p : m.wrtNames()) {
      Entry.Param q = e.param(p);
      if (q.rank != 2) {
        continue;
      }
      String rows = q.sizes[0];
      String cols = q.sizes[1];
      out.add("if (into." + p + " == null || into." + p + ".length != " + rows + ") {");
      out.add("  into." + p + " = new double[" + rows + "][];");
      out.add("}");
      out.add("for (int " + r + " = 0; " + r + " < " + rows + "; " + r + "++) {");
      out.add("  if (into." + p + "[" + r + "] == null || into." + p + "[" + r + "].length != "
          + cols + ") {");
      out.add("    into." + p + "[" + r + "] = new double[" + cols + "];");
      out.add("  }");
      out.add("  System.arraycopy(into." + p + "Flat, " + r + " * " + cols + ", into." + p + "["
          + r + "], 0, " + cols + ");");
      out.add("}");
    }
    return out;
  }

  /** What a call of an into-form allocates. */
  private String allocation(org.cotangent.codegen.GeneratedMember kernel) {
    boolean matrices = false;
    for (Entry.Param p : e.params) {
      matrices |= p.rank == 2;
    }
    return (matrices ? "it copies each double[][] argument row-major, " : "it ")
        + "allocates gradient arrays only when {@code into}'s have other lengths"
        + (kernel.text().contains(" new ") ? ", and its kernel's buffers." : ".");
  }

  private String call(String kernel, List<String> extra) {
    List<String> a = e.kernelArgs(extra);
    a.add("into");
    return kernel + "(" + String.join(", ", a) + ");";
  }

  void api() {
    String wrt = String.join(", ", m.wrtNames());
    String sizes = " * " + e.sizesDoc();
    if (m.grad != null) {
      String c = m.gradClass();
      w.blank();
      w.doc(" * The value and gradient of " + w.link(m) + " with respect to " + wrt
          + " (reverse mode).", sizes, " *", " * @return a new {@link " + c + "}");
      w.line(1, "public static " + c + " " + m.name + "Grad(" + params() + ") {");
      w.line(2, "return " + m.name + "Grad(" + args() + ", new " + c + "());");
      w.line(1, "}");
      w.blank();
      w.doc(" * The value and gradient of " + w.link(m) + " with respect to " + wrt
          + ", written into {@code into}", " * (overwritten), which is returned: "
          + allocation(m.grad), sizes);
      w.line(1, "public static " + c + " " + m.name + "Grad(" + params() + ", " + c + " into) {");
      body(e.lines());
      body(allocate());
      w.line(2, call(m.grad.name(), List.of()));
      body(unflatten());
      w.line(2, "return into;");
      w.line(1, "}");
    }
    if (m.vjp != null) {
      String c = m.gradClass();
      String bar = m.cotangent();
      w.blank();
      w.doc(" * The value of " + w.link(m) + " and the vector-Jacobian product with the cotangent"
          + " {@code " + bar + "}:", " * each field is {@code " + bar + "} times the derivative"
          + " with respect to " + wrt + ".", sizes, " *", " * @return a new {@link " + c + "}");
      w.line(1, "public static " + c + " " + m.name + "Vjp(" + params() + ", double " + bar
          + ") {");
      w.line(2, "return " + m.name + "Vjp(" + args() + ", " + bar + ", new " + c + "());");
      w.line(1, "}");
      w.blank();
      w.doc(" * Like " + m.name + "Vjp without {@code into}, written into {@code into}"
          + " (overwritten), which is returned:", " * " + allocation(m.vjp),
          sizes);
      w.line(1, "public static " + c + " " + m.name + "Vjp(" + params() + ", double " + bar + ", "
          + c + " into) {");
      body(e.lines());
      body(allocate());
      w.line(2, call(m.vjp.name(), List.of(bar)));
      body(unflatten());
      w.line(2, "return into;");
      w.line(1, "}");
    }
    if (m.jvp != null) {
      String c = m.jvpClass();
      List<String> dots = new ArrayList<>();
      List<String> flatDots = new ArrayList<>();
      for (String n : m.wrtNames()) {
        dots.add(n + "Dot");
        flatDots.add(e.param(n).rank == 2 ? n + "DotFlat" : n + "Dot");
      }
      w.blank();
      w.doc(" * The value of " + w.link(m) + " and its directional derivative along the tangents"
          + " {@code " + String.join(", ", dots) + "}", " * of " + wrt + " (forward mode); each"
          + " tangent has its parameter's size.", sizes, " *", " * @return a new {@link " + c
          + "}");
      w.line(1, "public static " + c + " " + m.name + "Jvp(" + params() + ", " + tangentParams()
          + ") {");
      w.line(2, "return " + m.name + "Jvp(" + args() + ", " + String.join(", ", dots) + ", new "
          + c + "());");
      w.line(1, "}");
      w.blank();
      w.doc(" * Like " + m.name + "Jvp without {@code into}, written into {@code into}"
          + " (overwritten), which is returned:", " * " + allocation(m.jvp),
          sizes);
      w.line(1, "public static " + c + " " + m.name + "Jvp(" + params() + ", " + tangentParams()
          + ", " + c + " into) {");
      body(e.lines());
      body(e.tangentLines(m.wrtNames()));
      w.line(2, call(m.jvp.name(), flatDots));
      w.line(2, "return into;");
      w.line(1, "}");
    }
  }
}
