package org.cotangent.bench;

import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.CompiledFunction;

/** Helpers for benchmarks that compare a generated program with a variant of its own source. */
final class Programs {
  private Programs() {}

  /**
   * The same generated program with every {@code Rt.tanh} call replaced by {@code Math.tanh}: the
   * code generated before tanh went through {@code Math.exp} (issue 12 item 3), compiled in the
   * same JVM so the two are measured side by side.
   */
  static Program withMathTanh(CompiledFunction f) {
    GeneratedSource s = f.source();
    String name = s.simpleName() + "_MathTanh";
    String text = s.source().replace(s.simpleName(), name).replace("Rt.tanh(", "Math.tanh(");
    if (text.equals(s.source().replace(s.simpleName(), name))) {
      throw new IllegalStateException("no Rt.tanh call in " + s.simpleName());
    }
    return CompileService.shared().instantiate(new GeneratedSource(s.packageName(), name, text,
        s.constants(), s.inputTypes(), s.outputTypes(), s.constantNames()));
  }
}
