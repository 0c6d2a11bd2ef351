package org.cotangent.codegen;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/** Test helper: compiles generated source with Janino and runs it on tensors. */
final class Compiled {
  final GeneratedSource source;
  final Program program;

  private Compiled(GeneratedSource source, Program program) {
    this.source = source;
    this.program = program;
  }

  static Compiled of(Graph g) {
    return of(JavaEmitter.emit(g));
  }

  /**
   * A labeled statement ({@code outer: for (...)}): Janino 3.1.9, which Spark's executors load
   * first, mishandles them (janino #208), so generated code must have none.
   */
  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile(
      "(?m)^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*:\\s*(for|while|do|\\{)");

  static Compiled of(GeneratedSource src) {
    java.util.regex.Matcher m = LABEL.matcher(src.source());
    if (m.find()) {
      throw new AssertionError("generated code has a labeled statement (Janino 3.1.9 mishandles"
          + " them): " + m.group().strip() + "\n" + src.numberedSource());
    }
    try {
      SimpleCompiler c = new SimpleCompiler();
      c.setParentClassLoader(Compiled.class.getClassLoader());
      c.cook(src.simpleName() + ".java", new StringReader(src.source()));
      Class<?> k = c.getClassLoader().loadClass(src.qualifiedName());
      Program p = (Program) k.getConstructor(double[][].class)
          .newInstance((Object) src.constantArrays());
      return new Compiled(src, p);
    } catch (Exception e) {
      throw new AssertionError("generated code does not compile: " + e + "\n" + src.numberedSource(), e);
    }
  }

  List<Tensor> call(List<Tensor> args) {
    double[][] in = new double[args.size()][];
    for (int k = 0; k < in.length; k++) {
      in[k] = args.get(k).unsafeData();
    }
    List<TensorType> outTypes = source.outputTypes();
    double[][] out = new double[outTypes.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[outTypes.get(j).size() * outTypes.get(j).dtype().width()];
    }
    program.call(in, out);
    List<Tensor> r = new ArrayList<>();
    for (int j = 0; j < out.length; j++) {
      r.add(Tensor.wrap(outTypes.get(j), out[j]));
    }
    return r;
  }
}
