package org.cotangent.bench;

import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
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

  /** The system property of the smallest product {@code (m n k)} sent to {@code Rt.matmul}. */
  static final String MATMUL_THRESHOLD = "cotangent.matmul.threshold";

  /**
   * {@code g} generated with the matrix-product threshold set to {@code threshold} (1: every
   * product that groups into matrices calls {@code Rt.matmul}; {@code Long.MAX_VALUE}: none does,
   * the loop nests generated before the kernel), as a class named with {@code suffix}.
   */
  static Program withMatmulThreshold(Graph g, long threshold, String suffix) {
    String old = System.getProperty(MATMUL_THRESHOLD);
    GeneratedSource s;
    System.setProperty(MATMUL_THRESHOLD, Long.toString(threshold));
    try {
      s = JavaEmitter.emit(g);
    } finally {
      if (old == null) {
        System.clearProperty(MATMUL_THRESHOLD);
      } else {
        System.setProperty(MATMUL_THRESHOLD, old);
      }
    }
    String name = s.simpleName() + suffix;
    return CompileService.shared().instantiate(new GeneratedSource(s.packageName(), name,
        s.source().replace(s.simpleName(), name), s.constants(), s.inputTypes(), s.outputTypes(),
        s.constantNames()));
  }

  /** {@link #withMatmulThreshold} of {@code f}'s graph for {@code sig}: loop nests only. */
  static Program withLoopNests(Fn f, List<TensorType> sig) {
    return withMatmulThreshold(f.trace(sig), Long.MAX_VALUE, "_LoopNests");
  }

  /**
   * The gradient, the Hessian-vector product ({@code jvp(grad(f))}: inputs x and v, outputs the
   * gradient and the product) and the dense Hessian of {@code f} over {@code f64[n]}, compiled:
   * the three derivatives QuadraticBench and LogisticL2Bench time.
   */
  static Program[] gradHvpHessian(Fn f, int n) {
    List<TensorType> sig = List.of(TensorType.f64(n));
    return new Program[] {
      Cotangent.grad(f).compile(sig).program(),
      Cotangent.jvp(Cotangent.grad(f)).compile(List.of(TensorType.f64(n), TensorType.f64(n)))
          .program(),
      Cotangent.hessian(f).compile(sig).program()
    };
  }
}
