package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * The shell of the annotation processor's kernels: no class of its own, only {@code private
 * static void name(final double x, ..., final Holder out)} (and, for a split body, {@code private
 * static} parts {@code namePartK} taking the same parameters plus the slots), for a class the
 * processor writes around them. Real scalar output {@code j} is stored in field {@code
 * fields[j]} of {@code out}, an object of a class the processor generates ({@code out.value},
 * {@code out.sigma}), so a caller that reuses one allocates nothing. Inputs are named after the
 * graph's ({@code final double x} for a scalar, {@code final double[] w} for an array).
 */
final class StaticMemberShell extends ClassShell {
  private final String method;
  private final String holder;
  private final List<String> fields;

  StaticMemberShell(String method, String holder, List<String> fields) {
    for (String n : List.of(method, holder)) {
      if (!NameAllocator.isName(n) || NameAllocator.REFERENCED.contains(n)) {
        throw new IllegalArgumentException("not a usable name: '" + n + "'");
      }
    }
    for (String f : fields) {
      if (!NameAllocator.isName(f)) {
        throw new IllegalArgumentException("not a usable field name: '" + f + "'");
      }
    }
    this.method = method;
    this.holder = holder;
    this.fields = List.copyOf(fields);
  }

  String method() {
    return method;
  }

  @Override
  List<String> reservedNames() {
    return List.of("out", "sc", "ar");
  }

  @Override
  boolean outputsArePassed() {
    return false;
  }

  @Override
  Code outputArray(int j, Values values) {
    throw new IllegalArgumentException("the member shell stores real scalar outputs only; output "
        + j + " is not one");
  }

  @Override
  Code scalarOutput(int j, Values values) {
    return Code.of("out.$N", fields.get(j));
  }

  @Override
  void describe(JavaWriter w, EmittedBody body) {
    // The class and its Javadoc are the caller's.
  }

  @Override
  void openClass(JavaWriter w, String className, EmittedBody body) {
    throw new UnsupportedOperationException("the member shell writes no class");
  }

  @Override
  Code entryMethod(EmittedBody body) {
    return Code.of("private static void $N($L)", method, Code.join(", ", parameters(body)));
  }

  @Override
  Code partMethod(int k, EmittedBody body) {
    List<Code> ps = parameters(body);
    ps.add(Code.of("final double[] sc"));
    ps.add(Code.of("final double[][] ar"));
    return Code.of("private static void $NPart$L($L)", method, k, Code.join(", ", ps));
  }

  @Override
  Code partCall(int k, EmittedBody body) {
    List<Code> args = new ArrayList<>();
    for (String n : body.values.inputNames()) {
      args.add(Code.of("$N", n));
    }
    args.add(Code.of("out"));
    args.add(Code.of("sc"));
    args.add(Code.of("ar"));
    return Code.of("$NPart$L($L)", method, k, Code.join(", ", args));
  }

  @Override
  void loadInputs(JavaWriter w, List<Node> used, EmittedBody body) {
    // The inputs are parameters.
  }

  /** Checks that {@code body} fits the shell: real scalar outputs, no non-uniform constants. */
  void check(EmittedBody body) {
    if (body.graph.outputs().size() != fields.size()) {
      throw new IllegalArgumentException(body.graph.outputs().size() + " outputs, but "
          + fields.size() + " fields to store them in");
    }
    if (!body.constantNodes.isEmpty()) {
      throw new IllegalArgumentException("the member shell takes no non-uniform constants; "
          + body.constantNodes.size() + " found");
    }
    for (int j = 0; j < body.graph.outputs().size(); j++) {
      TensorType t = body.graph.output(j).type();
      if (t.rank() > 0 || t.dtype().isComplex()) {
        throw new IllegalArgumentException("the member shell stores real scalar outputs only;"
            + " output " + j + " is " + t);
      }
    }
  }

  private List<Code> parameters(EmittedBody body) {
    List<Code> ps = new ArrayList<>();
    Values v = body.values;
    for (int k = 0; k < body.graph.arity(); k++) {
      ps.add(Code.of(v.isArray(body.graph.params().get(k)) ? "final double[] $N"
          : "final double $N", v.inputNames().get(k)));
    }
    ps.add(Code.of("final $N out", holder));
    return ps;
  }
}
