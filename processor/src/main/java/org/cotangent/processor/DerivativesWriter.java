package org.cotangent.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.codegen.GeneratedMember;

/**
 * The text of {@code <Class>Derivatives}: for each method {@code m} a holder class {@code MGrad}
 * (the value and one field per parameter differentiated, for {@code mGrad} and {@code mVjp})
 * and/or {@code MJvp} (value and tangent), the public methods (an allocating form and one that
 * fills a caller's holder), and the private kernels codegen wrote ({@code mGradKernel}, ...), in
 * the methods' source order. Deterministic: the same methods give the same text.
 */
final class DerivativesWriter {
  /** What is generated for one {@code @Differentiable} method. */
  static final class Method {
    final String name;
    final List<String> params;
    final int[] wrt;
    final String signature;
    final GeneratedMember grad;
    final GeneratedMember vjp;
    final GeneratedMember jvp;
    /** The entry code for array and int parameters, or null when every parameter is a double. */
    final Entry entry;

    /**
     * {@code signature}: the original's parameter types for Javadoc links ({@code double,
     * double}); {@code grad} and {@code vjp} (reverse mode) or {@code jvp} (forward) may be null.
     */
    Method(String name, List<String> params, int[] wrt, String signature, GeneratedMember grad,
        GeneratedMember vjp, GeneratedMember jvp) {
      this(name, params, wrt, signature, grad, vjp, jvp, null);
    }

    Method(String name, List<String> params, int[] wrt, String signature, GeneratedMember grad,
        GeneratedMember vjp, GeneratedMember jvp, Entry entry) {
      this.entry = entry;
      this.name = name;
      this.params = List.copyOf(params);
      this.wrt = wrt.clone();
      this.signature = signature;
      this.grad = grad;
      this.vjp = vjp;
      this.jvp = jvp;
    }

    String gradClass() {
      return capitalized() + "Grad";
    }

    String jvpClass() {
      return capitalized() + "Jvp";
    }

    /** The holder fields the grad and vjp kernels store into: value, then the wrt gradients. */
    List<String> gradFields() {
      List<String> f = new ArrayList<>();
      f.add("value");
      for (String w : wrtNames()) {
        f.add(entry != null && entry.param(w).rank == 2 ? w + "Flat" : w);
      }
      return f;
    }

    String cotangent() {
      return name + "Bar";
    }

    List<String> tangents() {
      List<String> t = new ArrayList<>();
      for (int a : wrt) {
        t.add(params.get(a) + "Dot");
      }
      return t;
    }

    List<String> wrtNames() {
      List<String> t = new ArrayList<>();
      for (int a : wrt) {
        t.add(params.get(a));
      }
      return t;
    }

    private String capitalized() {
      return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
  }

  private final StringBuilder out = new StringBuilder();
  private final String owner;

  private DerivativesWriter(String owner) {
    this.owner = owner;
  }

  /**
   * The compilation unit. {@code owner}: the annotated class as the package sees it ({@code Model},
   * {@code Outer.Inner}); {@code file}: its source file's name.
   */
  static String write(String packageName, String owner, String className, String file,
      List<Method> methods) {
    DerivativesWriter w = new DerivativesWriter(owner);
    if (!packageName.isEmpty()) {
      w.line(0, "package " + packageName + ";").blank();
    }
    Set<String> imports = new TreeSet<>();
    for (Method m : methods) {
      if (m.entry != null && m.grad != null) {
        imports.add("java.util.Arrays");
      }
      for (GeneratedMember g : new GeneratedMember[] {m.grad, m.vjp, m.jvp}) {
        if (g != null) {
          imports.addAll(g.imports());
        }
      }
    }
    for (String i : imports) {
      w.line(0, "import " + i + ";");
    }
    if (!imports.isEmpty()) {
      w.blank();
    }
    w.line(0, "/**");
    w.line(0, " * Derivatives of the {@code @Differentiable} methods of {@link " + owner + "},"
        + " written by Cotangent's");
    w.line(0, " * annotation processor from " + file + ". Do not edit: change " + owner
        + " and rebuild.");
    w.line(0, " */");
    // No @Generated: an annotation no processor claims is a warning under -Xlint:processing.
    w.line(0, "public final class " + className + " {");
    w.line(1, "private " + className + "() {");
    w.line(1, "}");
    for (Method m : methods) {
      if (m.entry != null) {
        new ArrayApi(w, m).holders();
      } else {
        w.holders(m);
      }
    }
    for (Method m : methods) {
      if (m.entry != null) {
        new ArrayApi(w, m).api();
      } else {
        w.api(m);
      }
    }
    for (Method m : methods) {
      for (GeneratedMember g : new GeneratedMember[] {m.grad, m.vjp, m.jvp}) {
        if (g != null) {
          w.member(g);
        }
      }
    }
    w.line(0, "}");
    return w.out.toString();
  }

  String link(Method m) {
    return "{@link " + owner + "#" + m.name + "(" + m.signature + ")}";
  }

  private void holders(Method m) {
    if (m.grad != null) {
      blank();
      line(1, "/**");
      line(1, " * The value of " + link(m) + " and its derivatives with respect to "
          + String.join(", ", m.wrtNames()) + ":");
      line(1, " * what {@code " + m.name + "Grad} and {@code " + m.name + "Vjp} return. A holder"
          + " passed to them is overwritten.");
      line(1, " */");
      line(1, "public static final class " + m.gradClass() + " {");
      line(2, "/** The value of {@code " + m.name + "}. */");
      line(2, "public double value;");
      for (String p : m.wrtNames()) {
        line(2, "/** d" + m.name + "/d" + p + " (times the cotangent, for a vjp). */");
        line(2, "public double " + p + ";");
      }
      blank();
      line(2, "@Override");
      line(2, "public String toString() {");
      StringBuilder sb = new StringBuilder("return \"" + m.gradClass() + "{value=\" + value");
      for (String p : m.wrtNames()) {
        sb.append(" + \", ").append(p).append("=\" + ").append(p);
      }
      line(3, sb.append(" + \"}\";").toString());
      line(2, "}");
      line(1, "}");
    }
    if (m.jvp != null) {
      blank();
      line(1, "/** The value of " + link(m) + " and its derivative along a tangent: what {@code "
          + m.name + "Jvp} returns. */");
      line(1, "public static final class " + m.jvpClass() + " {");
      line(2, "/** The value of {@code " + m.name + "}. */");
      line(2, "public double value;");
      line(2, "/** The directional derivative: the sum over the parameters p of d" + m.name
          + "/dp * pDot. */");
      line(2, "public double tangent;");
      blank();
      line(2, "@Override");
      line(2, "public String toString() {");
      line(3, "return \"" + m.jvpClass() + "{value=\" + value + \", tangent=\" + tangent + \"}\";");
      line(2, "}");
      line(1, "}");
    }
  }

  private void api(Method m) {
    String params = decl(m.params);
    String args = String.join(", ", m.params);
    String wrt = String.join(", ", m.wrtNames());
    if (m.grad != null) {
      String c = m.gradClass();
      blank();
      doc(" * The value and gradient of " + link(m) + " with respect to " + wrt
          + " (reverse mode).", " *", " * @return a new {@link " + c + "}");
      line(1, "public static " + c + " " + m.name + "Grad(" + params + ") {");
      line(2, "return " + m.name + "Grad(" + args + ", new " + c + "());");
      line(1, "}");
      blank();
      doc(" * The value and gradient of " + link(m) + " with respect to " + wrt
          + ", written into {@code into}", " * (overwritten), which is returned: "
          + allocation(m.grad));
      line(1, "public static " + c + " " + m.name + "Grad(" + params + ", " + c + " into) {");
      line(2, m.grad.name() + "(" + args + ", into);");
      line(2, "return into;");
      line(1, "}");
    }
    if (m.vjp != null) {
      String c = m.gradClass();
      String bar = m.cotangent();
      blank();
      doc(" * The value of " + link(m) + " and the vector-Jacobian product with the cotangent {@code "
          + bar + "}:", " * each field is {@code " + bar + "} times the derivative with respect"
          + " to " + wrt + ".", " *", " * @return a new {@link " + c + "}");
      line(1, "public static " + c + " " + m.name + "Vjp(" + params + ", double " + bar + ") {");
      line(2, "return " + m.name + "Vjp(" + args + ", " + bar + ", new " + c + "());");
      line(1, "}");
      blank();
      doc(" * Like {@link #" + m.name + "Vjp(" + types(m.params.size() + 1) + ")}, written into"
          + " {@code into} (overwritten), which is returned:", " * " + allocation(m.vjp));
      line(1, "public static " + c + " " + m.name + "Vjp(" + params + ", double " + bar + ", " + c
          + " into) {");
      line(2, m.vjp.name() + "(" + args + ", " + bar + ", into);");
      line(2, "return into;");
      line(1, "}");
    }
    if (m.jvp != null) {
      String c = m.jvpClass();
      String dots = String.join(", ", m.tangents());
      blank();
      doc(" * The value of " + link(m) + " and its directional derivative along the tangents {@code "
          + dots + "}", " * of " + wrt + " (forward mode).", " *", " * @return a new {@link " + c
          + "}");
      line(1, "public static " + c + " " + m.name + "Jvp(" + params + ", " + decl(m.tangents())
          + ") {");
      line(2, "return " + m.name + "Jvp(" + args + ", " + dots + ", new " + c + "());");
      line(1, "}");
      blank();
      doc(" * Like {@link #" + m.name + "Jvp(" + types(m.params.size() + m.wrt.length) + ")},"
          + " written into {@code into} (overwritten), which is returned:", " * "
          + allocation(m.jvp));
      line(1, "public static " + c + " " + m.name + "Jvp(" + params + ", " + decl(m.tangents())
          + ", " + c + " into) {");
      line(2, m.jvp.name() + "(" + args + ", " + dots + ", into);");
      line(2, "return into;");
      line(1, "}");
    }
  }

  /** What a call of the into-form allocates, read off the kernel's text. */
  static String allocation(GeneratedMember kernel) {
    return kernel.text().contains(" new ") ? "it allocates only its for loops' buffers (per-step"
        + " values kept for the reverse sweep)." : "a loop that reuses one holder allocates"
        + " nothing.";
  }

  private void member(GeneratedMember g) {
    for (String l : g.text().split("\n", -1)) {
      if (!l.isEmpty()) {
        out.append("  ").append(l);
      }
      out.append('\n');
    }
    // The text ends in a line break, which the split turned into a last empty element.
    out.setLength(out.length() - 1);
  }

  private static String decl(List<String> names) {
    List<String> d = new ArrayList<>();
    for (String n : names) {
      d.add("double " + n);
    }
    return String.join(", ", d);
  }

  private static String types(int n) {
    List<String> d = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      d.add("double");
    }
    return String.join(", ", d);
  }

  void doc(String... lines) {
    line(1, "/**");
    for (String l : lines) {
      line(1, l);
    }
    line(1, " */");
  }

  DerivativesWriter line(int depth, String text) {
    out.append("  ".repeat(depth)).append(text).append('\n');
    return this;
  }

  DerivativesWriter blank() {
    out.append('\n');
    return this;
  }
}
