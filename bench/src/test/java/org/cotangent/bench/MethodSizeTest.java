package org.cotangent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.runtime.CompileService;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * HotSpot never JIT-compiles a method over 8,000 bytes of bytecode (issue 12): no method of any
 * program the benchmarks run, nor of a large random DAG's gradient, may exceed it. Each program's
 * source is compiled with Janino, as the runtime does, and the code length of each method read
 * from the class file ({@link ClassFileMethods}).
 */
class MethodSizeTest {
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
    MlpBench mlp = new MlpBench();
    mlp.setup();
    all.add(Cotangent.valueAndGrad(MlpBench.mlpLoss(mlp.x, mlp.y), 0, 1, 2, 3)
        .compile(List.of(TensorType.f64(MlpBench.IN, MlpBench.HIDDEN),
            TensorType.f64(MlpBench.HIDDEN), TensorType.f64(MlpBench.HIDDEN, MlpBench.OUT),
            TensorType.f64(MlpBench.OUT))).source());
    all.add(Cotangent.valueAndGrad(MlpBench.logisticLoss(mlp.xl, mlp.t), 0, 1)
        .compile(List.of(TensorType.f64(MlpBench.FEATURES), TensorType.f64())).source());
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

  /** Programs larger than this many bytes of bytecode in one method are never JIT-compiled. */
  static final int HUGE_METHOD_LIMIT = 8000;

  /**
   * The code length of every method of {@code src} as Janino compiles it (what the runtime runs),
   * read from the class file it produces.
   */
  static Map<String, Integer> janinoMethodSizes(GeneratedSource src) throws Exception {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(MethodSizeTest.class.getClassLoader());
    compiler.cook(src.simpleName() + ".java", new StringReader(src.source()));
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : compiler.getBytecodes().entrySet()) {
      for (Map.Entry<String, Integer> m : ClassFileMethods.codeLengths(e.getValue()).entrySet()) {
        sizes.put(e.getKey() + "." + m.getKey(), m.getValue());
      }
    }
    return sizes;
  }

  private static void assertNoHugeMethod(GeneratedSource src) throws Exception {
    Map<String, Integer> sizes = janinoMethodSizes(src);
    assertTrue(sizes.size() >= 2, "no methods in " + src.simpleName());
    for (Map.Entry<String, Integer> m : sizes.entrySet()) {
      assertTrue(m.getValue() <= HUGE_METHOD_LIMIT, src.simpleName() + " (" + src.inputTypes()
          + " -> " + src.outputTypes() + "): " + m.getKey() + " has " + m.getValue()
          + " bytes of bytecode");
    }
  }

  @Test
  void noGeneratedMethodOfTheBenchmarksExceeds8000Bytes() throws Exception {
    for (GeneratedSource src : benchmarkPrograms()) {
      assertNoHugeMethod(src);
    }
  }

  private static Graph randomDagGradient(int ops, long seed) {
    List<TensorType> sig = new ArrayList<>();
    for (int i = 0; i < BuildTimeBench.INPUTS; i++) {
      sig.add(TensorType.f64());
    }
    return Ad.grad(BuildTimeBench.randomDag(ops, seed).trace(sig));
  }

  /**
   * The gradient of a random DAG of 4,000 scalar operations ({@link BuildTimeBench}): about 100
   * parts, each loading and storing the values that cross parts besides its own statements.
   */
  @Test
  void noGeneratedMethodOfALargeRandomDagGradientExceeds8000Bytes() throws Exception {
    GeneratedSource src = JavaEmitter.emit(randomDagGradient(4_000, 1));
    assertTrue(janinoMethodSizes(src).size() > 80);
    assertNoHugeMethod(src);
  }

  /**
   * The dispatcher: a DAG's gradient in parts of two lines (about 1,400 parts, whose calls would
   * take 14 KB in one {@code call()}) is reached through levels of dispatch methods, none over
   * the limit, and computes what the program in parts of the default size computes, bit for bit.
   */
  @Test
  void theDispatcherOfManyPartsIsSplitIntoLevels() throws Exception {
    Graph g = randomDagGradient(600, 2);
    GeneratedSource normal = JavaEmitter.emit(g);
    GeneratedSource many;
    System.setProperty(PART_BUDGET, "2");
    try {
      many = JavaEmitter.emit(g);
    } finally {
      System.clearProperty(PART_BUDGET);
    }
    Map<String, Integer> sizes = janinoMethodSizes(many);
    assertTrue(sizes.size() > 1000, sizes.size() + " methods");
    assertNoHugeMethod(many);
    double[][] in = new double[BuildTimeBench.INPUTS][];
    for (int i = 0; i < in.length; i++) {
      in[i] = new double[] {0.3 * i - 1};
    }
    double[][] expected = run(normal, in);
    double[][] actual = run(many, in);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(Double.doubleToLongBits(expected[j][0]), Double.doubleToLongBits(actual[j][0]),
          "output " + j);
    }
  }

  private static final String PART_BUDGET = "cotangent.codegen.partBudget";

  private static double[][] run(GeneratedSource src, double[][] in) {
    double[][] out = new double[src.outputTypes().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[1];
    }
    new CompileService().instantiate(src).call(in, out);
    return out;
  }
}
