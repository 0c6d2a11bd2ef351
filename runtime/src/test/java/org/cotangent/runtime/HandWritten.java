package org.cotangent.runtime;

import java.util.List;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/** Hand-written sources in the shape the emitter produces, for testing the compile service. */
final class HandWritten {
  private HandWritten() {}

  static final String PACKAGE = "org.cotangent.generated";

  /** A compilation unit {@code package ...; public final class name implements Program {body}}. */
  static String unit(String name, String body) {
    return "package " + PACKAGE + ";\n"
        + "\n"
        + "public final class " + name + " implements org.cotangent.codegen.Program {\n"
        + body
        + "}\n";
  }

  static GeneratedSource source(String name, String text, List<Tensor> constants,
      List<TensorType> in, List<TensorType> out) {
    return new GeneratedSource(PACKAGE, name, text, constants, in, out);
  }

  /**
   * {@code y = sin(x) * c + k} elementwise over {@code f64[n]}, {@code c} a constant passed to the
   * constructor and {@code k} a literal in the source: distinct {@code k} give distinct programs.
   */
  static GeneratedSource affineSin(String name, int n, double c, double k) {
    String body = ""
        + "  private final double[] c0;\n"
        + "\n"
        + "  public " + name + "(double[][] constants) {\n"
        + "    this.c0 = constants[0];\n"
        + "  }\n"
        + "\n"
        + "  public void call(double[][] inputs, double[][] outputs) {\n"
        + "    final double[] x = inputs[0];\n"
        + "    final double[] y = outputs[0];\n"
        + "    for (int i = 0; i < " + n + "; i++) {\n"
        + "      y[i] = Math.sin(x[i]) * c0[0] + " + Double.toString(k) + ";\n"
        + "    }\n"
        + "  }\n";
    return source(name, unit(name, body), List.of(Tensor.scalar(c)),
        List.of(TensorType.f64(n)), List.of(TensorType.f64(n)));
  }

  static double affineSin(double x, double c, double k) {
    return Math.sin(x) * c + k;
  }

  /** A program with no constants and a body of the caller's choosing, f64[] -> f64[]. */
  static GeneratedSource scalarBody(String name, String callBody) {
    String body = ""
        + "  public " + name + "(double[][] constants) {\n"
        + "  }\n"
        + "\n"
        + "  public void call(double[][] inputs, double[][] outputs) {\n"
        + callBody
        + "  }\n";
    return source(name, unit(name, body), List.of(), List.of(TensorType.f64()),
        List.of(TensorType.f64()));
  }
}
