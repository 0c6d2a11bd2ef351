package org.cotangent.codegen;

import java.util.List;
import org.cotangent.symbolic.ir.Node;

/**
 * The shell the runtime compiles with Janino: {@code public final class X implements Program},
 * one field per non-uniform constant set by the constructor from {@code double[][] constants},
 * and {@code call(final double[][] in, final double[][] out)}, whose methods load the inputs they
 * read from {@code in} ({@code final double[] x = in[0];}, {@code final double b = in[1][0];}).
 */
final class ProgramShell extends ClassShell {
  static final ProgramShell INSTANCE = new ProgramShell();

  private ProgramShell() {}

  @Override
  List<String> reservedNames() {
    return List.of("in", "out", "sc", "ar", "constants");
  }

  @Override
  boolean outputsArePassed() {
    return false;
  }

  @Override
  Code outputArray(int j, Values values) {
    return Code.of("out[$L]", j);
  }

  @Override
  void describe(JavaWriter w, EmittedBody body) {
    for (int k = 0; k < body.graph.arity(); k++) {
      w.line(" * <p>in[$L] $N: $L", k, body.values.inputNames().get(k),
          body.graph.inputTypes().get(k).toString());
    }
    for (int j = 0; j < body.graph.outputs().size(); j++) {
      String type = body.graph.output(j).type().toString();
      if (body.graph.outputNames() == null) {
        w.line(" * <p>out[$L]: $L", j, type);
      } else {
        w.line(" * <p>out[$L] $L: $L", j, NameAllocator.sanitize(body.graph.outputName(j)), type);
      }
    }
  }

  @Override
  void openClass(JavaWriter w, String className, EmittedBody body) {
    w.beginControlFlow("public final class $N implements $T", className, Program.class);
    List<String> constants = body.values.constantNames();
    for (String c : constants) {
      w.statement("private final double[] $N", c);
    }
    w.blank().beginControlFlow("public $N(double[][] constants)", className);
    for (int k = 0; k < constants.size(); k++) {
      w.statement("this.$N = constants[$L]", constants.get(k), k);
    }
    w.endControlFlow();
  }

  @Override
  Code entryMethod(EmittedBody body) {
    return Code.of("public void call(final double[][] in, final double[][] out)");
  }

  @Override
  Code partMethod(int k, EmittedBody body) {
    return Code.of("private void part$L(final double[][] in, final double[][] out, final double[] sc,"
        + " final double[][] ar)", k);
  }

  @Override
  Code partCall(int k, EmittedBody body) {
    return Code.of("part$L(in, out, sc, ar)", k);
  }

  @Override
  void loadInputs(JavaWriter w, List<Node> used, EmittedBody body) {
    List<Node> params = body.graph.params();
    for (Node p : used) {
      int k = params.indexOf(p);
      if (body.values.isArray(p)) {
        w.statement("final double[] $N = in[$L]", body.values.name(p), k);
      } else {
        w.statement("final double $N = in[$L][0]", body.values.name(p), k);
      }
    }
  }
}
