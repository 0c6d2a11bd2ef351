package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Test;

/**
 * HotSpot never JIT-compiles a method over 8,000 bytes of bytecode (issue 12): no method of any
 * program the benchmarks run may exceed it. Each program's source is compiled with javac and
 * its methods measured with javap (the last instruction offset bounds a method's code length).
 */
class MethodSizeTest {
  private static final Pattern OFFSET = Pattern.compile("^\\s+(\\d+): ");

  private static List<GeneratedSource> benchmarkPrograms() {
    List<GeneratedSource> all = new ArrayList<>();
    TensorType x = TensorType.f64(TanhBench.ROWS, TanhBench.COLS);
    Fn tanh = TanhBench.traced();
    all.add(tanh.compile(List.of(x)).source());
    all.add(Cotangent.grad(tanh).compile(List.of(x)).source());
    all.add(Cotangent.hessian(tanh).compile(List.of(x)).source());
    Fn rosen = Rosenbrock.traced();
    for (int n : new int[] {1000, 100000}) {
      all.add(rosen.compile(List.of(TensorType.f64(n))).source());
      all.add(Cotangent.grad(rosen).compile(List.of(TensorType.f64(n))).source());
    }
    all.add(Cotangent.hessian(rosen).compile(List.of(TensorType.f64(HessianBench.ROSENBROCK_N)))
        .source());
    all.add(Cotangent.hessian(HessianBench.predict()).compile(List.of(TensorType.f64(3)))
        .source());
    all.add(Cotangent.grad(CallBench.logisticLoss())
        .compile(List.of(TensorType.f64(3), TensorType.f64())).source());
    all.addAll(suitePrograms());
    ScriptSession s = new ScriptSession(new PrintStream(new ByteArrayOutputStream()), false);
    s.run(ScriptBench.SCRIPT, "bench.ct");
    all.add(JavaEmitter.emit(s.trace("hvp_of", List.of(x, x))));
    all.add(JavaEmitter.emit(s.trace("mjp_of", List.of(TensorType.f64(3), TensorType.f64(128, 4)))));
    all.add(JavaEmitter.emit(s.trace("jmp_of", List.of(TensorType.f64(3), TensorType.f64(128, 3)))));
    return all;
  }

  /** The suite's programs (ScalarBench, QuadraticBench, LogisticL2Bench, PerExampleBench). */
  private static List<GeneratedSource> suitePrograms() {
    List<GeneratedSource> all = new ArrayList<>();
    all.add(Cotangent.grad(ScalarBench.f3Traced(), 0, 1, 2)
        .compile(java.util.Collections.nCopies(3, TensorType.f64())).source());
    all.add(Cotangent.grad(ScalarBench.f10Traced(), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
        .compile(java.util.Collections.nCopies(ScalarBench.N10, TensorType.f64())).source());
    Fn quad = QuadraticBench.traced(new double[][] {{1, 2}, {3, 4}});
    List<TensorType> two = List.of(TensorType.f64(2));
    all.add(Cotangent.jvp(Cotangent.grad(quad)).compile(List.of(TensorType.f64(2),
        TensorType.f64(2))).source());
    all.add(Cotangent.hessian(quad).compile(two).source());
    Fn logistic = LogisticL2Bench.traced(new double[][] {{1, 2}, {3, 4}, {5, 6}},
        new double[] {0, 1, 1});
    all.add(Cotangent.jvp(Cotangent.grad(logistic)).compile(List.of(TensorType.f64(2),
        TensorType.f64(2))).source());
    all.add(Cotangent.hessian(logistic).compile(two).source());
    all.add(Cotangent.vmap(Cotangent.grad(PerExampleBench.exampleLoss()),
        new Integer[] {null, 0, 0}).compile(List.of(TensorType.f64(PerExampleBench.FEATURES),
            TensorType.f64(PerExampleBench.EXAMPLES, PerExampleBench.FEATURES),
            TensorType.f64(PerExampleBench.EXAMPLES))).source());
    double[][] w1 = new double[PerExampleBench.IN][];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = SuiteData.uniform(i, PerExampleBench.HIDDEN, 1);
    }
    double[][] w2 = new double[PerExampleBench.HIDDEN][];
    for (int i = 0; i < w2.length; i++) {
      w2[i] = SuiteData.uniform(100 + i, PerExampleBench.OUT, 1);
    }
    all.add(Cotangent.vmap(Cotangent.jacrev(PerExampleBench.mlp(w1,
        SuiteData.uniform(200, PerExampleBench.HIDDEN, 1), w2,
        SuiteData.uniform(201, PerExampleBench.OUT, 1))))
        .compile(List.of(TensorType.f64(PerExampleBench.BATCH, PerExampleBench.IN))).source());
    return all;
  }

  @Test
  void noGeneratedMethodOfTheBenchmarksExceeds8000Bytes() throws Exception {
    Path dir = Files.createTempDirectory("cotangent-bench-size");
    for (GeneratedSource src : benchmarkPrograms()) {
      Path file = dir.resolve(src.simpleName() + ".java");
      Files.writeString(file, src.source());
      int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
          "-classpath", System.getProperty("java.class.path"), file.toString());
      assertEquals(0, rc, "javac failed on " + src.simpleName());
      StringWriter out = new StringWriter();
      java.util.spi.ToolProvider javap = java.util.spi.ToolProvider.findFirst("javap").orElseThrow();
      javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p",
          "-classpath", dir.toString(), src.qualifiedName());
      int methods = 0;
      int largest = 0;
      for (String line : out.toString().split("\n")) {
        Matcher m = OFFSET.matcher(line);
        if (line.contains("Code:")) {
          methods++;
        } else if (m.find()) {
          largest = Math.max(largest, Integer.parseInt(m.group(1)));
        }
      }
      assertTrue(methods >= 2, "javap shows no methods for " + src.simpleName());
      assertTrue(largest < 8000, src.simpleName() + " (" + src.inputTypes() + " -> "
          + src.outputTypes() + ") has a method of " + largest + " bytes of bytecode");
    }
  }
}
