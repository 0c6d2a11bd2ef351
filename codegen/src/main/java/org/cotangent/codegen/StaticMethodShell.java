package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * The shell for source written at build time (the annotation processor): a final class with a
 * private constructor and one {@code public static void} method whose parameters are named: the
 * inputs ({@code final double x} for a scalar, {@code final double[] W} for an array, flat row
 * major), the non-uniform constants ({@code final double[] inputs}, named after their source
 * names; the caller passes them, so constant data never becomes source text), then the outputs
 * ({@code final double[] W_bar}, allocated by the caller with the output's size, length 1 for a
 * scalar). An array output is computed straight into its parameter. Split bodies become private
 * static parts taking the same parameters plus the slots.
 */
final class StaticMethodShell extends ClassShell {
  private final String method;

  StaticMethodShell(String method) {
    if (!NameAllocator.isName(method) || NameAllocator.REFERENCED.contains(method)) {
      throw new IllegalArgumentException("not a usable method name: '" + method + "'");
    }
    this.method = method;
  }

  @Override
  List<String> reservedNames() {
    return List.of("sc", "ar");
  }

  @Override
  boolean outputsArePassed() {
    return true;
  }

  @Override
  Code outputArray(int j, Values values) {
    return Code.of("$N", values.outputParam(j));
  }

  @Override
  void describe(JavaWriter w, EmittedBody body) {
    Values v = body.values;
    w.line(" * <p>{@code $N($L)} writes every element of the output arrays passed to it.", method,
        String.join(", ", names(body)));
    for (int k = 0; k < body.graph.arity(); k++) {
      w.line(" * <p>$N: input $L, $L", v.inputNames().get(k), k, type(body.graph.inputTypes().get(k)));
    }
    for (int k = 0; k < body.constantNodes.size(); k++) {
      w.line(" * <p>$N: constant $L, $L", v.constantNames().get(k), k,
          type(body.constantNodes.get(k).type()));
    }
    for (int j = 0; j < body.graph.outputs().size(); j++) {
      TensorType t = body.graph.output(j).type();
      w.line(" * <p>$N: output $L, $L$L", v.outputParam(j), j, type(t), t.rank() > 0 ? ""
          : t.dtype().isComplex() ? " (an array of length 2: re, im)" : " (an array of length 1)");
    }
  }

  private static String type(TensorType t) {
    return t.toString();
  }

  @Override
  void openClass(JavaWriter w, String className, EmittedBody body) {
    w.beginControlFlow("public final class $N", className);
    w.beginControlFlow("private $N()", className).endControlFlow();
  }

  @Override
  Code entryMethod(EmittedBody body) {
    return Code.of("public static void $N($L)", method, Code.join(", ", parameters(body)));
  }

  @Override
  Code partMethod(int k, EmittedBody body) {
    List<Code> ps = parameters(body);
    ps.add(Code.of("final double[] sc"));
    ps.add(Code.of("final double[][] ar"));
    return Code.of("private static void part$L($L)", k, Code.join(", ", ps));
  }

  @Override
  Code partCall(int k, EmittedBody body) {
    List<Code> args = new ArrayList<>();
    for (String n : names(body)) {
      args.add(Code.of("$N", n));
    }
    args.add(Code.of("sc"));
    args.add(Code.of("ar"));
    return Code.of("part$L($L)", k, Code.join(", ", args));
  }

  @Override
  void loadInputs(JavaWriter w, List<Node> used, EmittedBody body) {
    // The inputs are parameters.
  }

  private static List<Code> parameters(EmittedBody body) {
    List<Code> ps = new ArrayList<>();
    Values v = body.values;
    List<TensorType> types = body.graph.inputTypes();
    for (int k = 0; k < types.size(); k++) {
      // A complex scalar is an array of its two parts, as in Program's contract.
      ps.add(Code.of(v.isArray(body.graph.params().get(k)) ? "final double[] $N"
          : "final double $N", v.inputNames().get(k)));
    }
    for (String c : v.constantNames()) {
      ps.add(Code.of("final double[] $N", c));
    }
    for (int j = 0; j < body.graph.outputs().size(); j++) {
      ps.add(Code.of("final double[] $N", v.outputParam(j)));
    }
    return ps;
  }

  private static List<String> names(EmittedBody body) {
    Values v = body.values;
    List<String> ns = new ArrayList<>(v.inputNames());
    ns.addAll(v.constantNames());
    for (int j = 0; j < body.graph.outputs().size(); j++) {
      ns.add(v.outputParam(j));
    }
    return ns;
  }
}
