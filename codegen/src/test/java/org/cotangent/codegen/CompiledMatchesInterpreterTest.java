package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.cotangent.symbolic.ExpressionSizeTest;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.PrimitiveTable;
import org.cotangent.symbolic.RandomExpressionTest;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.VmapTest;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated code computes what the reference interpreter computes (to 1e-12 relative), for every
 * primitive (the complex rows too) and for random graphs, each as f, its JVP and its VJP.
 */
class CompiledMatchesInterpreterTest {
  static final double TOL = 1e-12;

  static void assertSameValues(Graph g, List<Tensor> args) {
    List<Tensor> expected = Interpreter.eval(g, args);
    Compiled c = Compiled.of(g);
    List<Tensor> actual = c.call(args);
    for (int j = 0; j < expected.size(); j++) {
      double[] e = expected.get(j).unsafeData();
      double[] a = actual.get(j).unsafeData();
      for (int k = 0; k < e.length; k++) {
        boolean ok = Double.compare(e[k], a[k]) == 0
            || Math.abs(e[k] - a[k]) <= TOL * Math.max(1.0, Math.abs(e[k]));
        if (!ok) {
          fail("output " + j + " element " + k + ": compiled " + a[k] + ", interpreted " + e[k]
              + "\n" + g + "\n" + c.source.numberedSource());
        }
      }
    }
  }

  static List<Tensor> randomArgs(Graph g, Random rng) {
    List<Tensor> x = new ArrayList<>();
    for (TensorType t : g.inputTypes()) {
      x.add(CheckGrads.randomLike(t, rng));
    }
    return x;
  }

  static void checkFunctionAndDerivatives(Graph f, List<Tensor> x, Random rng) {
    assertSameValues(f, x);
    List<Tensor> jvpArgs = new ArrayList<>(x);
    for (TensorType t : f.inputTypes()) {
      jvpArgs.add(CheckGrads.randomLike(t, rng));
    }
    assertSameValues(Ad.jvp(f), jvpArgs);
    List<Tensor> vjpArgs = new ArrayList<>(x);
    for (Node o : f.outputs()) {
      vjpArgs.add(CheckGrads.randomLike(o.type(), rng));
    }
    assertSameValues(Ad.vjp(f), vjpArgs);
  }

  static Stream<Object[]> primitiveCases() {
    List<Object[]> all = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      for (PrimitiveTable.Case c : PrimitiveTable.allCases(seed)) {
        all.add(new Object[] {c, seed});
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("primitiveCases")
  void everyPrimitive(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed);
    checkFunctionAndDerivatives(c.graph(), c.inputs(rng), rng);
  }

  /**
   * Batched programs: each primitive vmapped with batch axes first, last and at random positions
   * (some operands unbatched), and vmap of its VJP.
   */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("primitiveCases")
  void everyPrimitiveBatched(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 50);
    Graph f = c.graph();
    for (int[] axes : VmapTest.axisConfigs(f.inputTypes(), rng)) {
      int n = 1 + rng.nextInt(3);
      int out = rng.nextInt(f.output(0).rank() + 1);
      Graph v = Vmap.vmap(f, axes, out, n);
      List<List<Tensor>> per = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        per.add(c.inputs(rng));
      }
      List<Tensor> args = new ArrayList<>();
      for (int i = 0; i < f.arity(); i++) {
        List<Tensor> col = new ArrayList<>();
        for (List<Tensor> p : per) {
          col.add(p.get(i));
        }
        args.add(axes[i] == Vmap.NOT_MAPPED ? col.get(0) : VmapTest.stack(col, axes[i]));
      }
      assertSameValues(v, args);
    }
    Graph vjp = Ad.vjp(f);
    int[] axes = new int[vjp.arity()];
    Graph v = Vmap.vmap(vjp, axes, 0, 2);
    List<Tensor> args = new ArrayList<>();
    for (int i = 0; i < vjp.arity(); i++) {
      List<Tensor> col = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        col.add(i < f.arity() ? c.inputs(rng).get(i)
            : CheckGrads.randomLike(vjp.inputTypes().get(i), rng));
      }
      args.add(VmapTest.stack(col, 0));
    }
    assertSameValues(v, args);
  }

  @Test
  void jacobiansAndHessiansOfReferenceFunctions() {
    Random rng = new Random(6);
    for (Graph f : List.of(ExpressionSizeTest.logisticRegression(), ExpressionSizeTest.sumTanhSquared(),
        ExpressionSizeTest.mlp())) {
      List<Tensor> x = randomArgs(f, rng);
      assertSameValues(Ad.jacfwd(f, 0), x);
      assertSameValues(Ad.jacrev(f, 0), x);
      assertSameValues(Ad.hessian(f, 0), x);
    }
  }

  @Test
  void randomGraphs() {
    for (long seed = 1; seed <= 40; seed++) {
      Random rng = new Random(seed);
      Graph f = RandomExpressionTest.randomGraph(rng);
      checkFunctionAndDerivatives(f, randomArgs(f, rng), rng);
      assertSameValues(Ad.grad(f), randomArgs(f, rng));
    }
  }

  @Test
  void referenceFunctionsAndTheirGradients() {
    Random rng = new Random(5);
    for (Graph f : List.of(ExpressionSizeTest.logisticRegression(), ExpressionSizeTest.sumTanhSquared(),
        ExpressionSizeTest.rosenbrock(100), ExpressionSizeTest.mlp())) {
      List<Tensor> x = randomArgs(f, rng);
      assertSameValues(f, x);
      assertSameValues(Ad.grad(f), x);
      assertSameValues(Ad.valueAndGrad(f), x);
    }
  }

  /**
   * tanh and logistic go through one function ({@code kernels.RealMath}) in the interpreter and in
   * generated code, so they agree bit for bit, special values included.
   */
  @Test
  void tanhAndLogisticAgreeBitForBit() {
    Random rng = new Random(9);
    double[] x = new double[4000];
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_NORMAL, 0.35, -0.35, Math.nextDown(0.35), 22, -22, 1e-300,
        -745, 710};
    System.arraycopy(special, 0, x, 0, special.length);
    for (int k = special.length; k < x.length; k++) {
      x[k] = (rng.nextBoolean() ? 1 : -1) * Math.pow(2, -40 + 46 * rng.nextDouble());
    }
    TensorType t = TensorType.f64(x.length);
    for (java.util.function.UnaryOperator<Node> f : List.<java.util.function.UnaryOperator<Node>>of(
        Ir::tanh, Ir::logistic)) {
      Graph g = Graph.trace(List.of("x"), List.of(t), ps -> List.of(f.apply(ps.get(0))));
      List<Tensor> args = List.of(Tensor.of(t, x));
      double[] e = Interpreter.eval(g, args).get(0).unsafeData();
      double[] a = Compiled.of(g).call(args).get(0).unsafeData();
      for (int k = 0; k < x.length; k++) {
        assertEquals(Double.doubleToRawLongBits(e[k]), Double.doubleToRawLongBits(a[k]),
            g.output(0).op() + " at " + x[k] + ": compiled " + a[k] + ", interpreted " + e[k]);
      }
    }
  }
  /**
   * Conversion to i64 truncates toward zero in generated code exactly as in the interpreter, at
   * the values where a cast to {@code long} would not: NaN stays NaN, -0.5 and -0.0 give -0.0,
   * and values beyond the range of {@code long} stay as they are (i64 values are doubles here).
   */
  @Test
  void conversionToI64AgreesBitForBit() {
    double[] x = {0.0, -0.0, -0.5, 0.5, 2.7, -2.7, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e30, -1e30, 0x1p63, -0x1p63, 0x1p53 + 2, Double.MIN_VALUE,
        -Double.MIN_VALUE, Math.nextDown(1.0), -Math.nextDown(1.0)};
    TensorType t = TensorType.f64(x.length);
    List<Graph> graphs = List.of(
        Graph.trace(List.of("x"), List.of(t), ps -> List.of(
            Ir.convert(Ir.convert(ps.get(0), DType.I64), DType.F64))),
        Graph.trace(List.of("x"), List.of(t), ps -> List.of(Ir.convert(Ir.convert(
            Ir.complex(ps.get(0), ps.get(0)), DType.I64), DType.F64))));
    for (Graph g : graphs) {
      List<Tensor> args = List.of(Tensor.of(t, x));
      double[] e = Interpreter.eval(g, args).get(0).unsafeData();
      double[] a = Compiled.of(g).call(args).get(0).unsafeData();
      for (int k = 0; k < x.length; k++) {
        assertEquals(Double.doubleToRawLongBits(e[k]), Double.doubleToRawLongBits(a[k]),
            "i64 of " + x[k] + ": compiled " + a[k] + ", interpreted " + e[k]);
      }
    }
  }


  /** A long straight-line program is split into several methods and still computes the same. */
  @Test
  void longProgramsAreSplitIntoMethods() {
    Graph f = Graph.trace(List.of("x"), List.of(TensorType.f64()), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 1500; k++) {
        v = Ir.add(Ir.sin(v), Ir.mul(Ir.constant(0.5 + k * 1e-3), v));
      }
      return List.of(v);
    });
    GeneratedSource src = JavaEmitter.emit(f);
    assertTrue(src.source().contains("private void part3("), "expected several parts");
    assertSameValues(f, List.of(Tensor.scalar(0.3)));
    assertSameValues(Ad.grad(f), List.of(Tensor.scalar(0.3)));
  }

  @Test
  void theSameGraphGivesTheSameText() {
    Graph a = Ad.grad(ExpressionSizeTest.mlp());
    Graph b = Ad.grad(ExpressionSizeTest.mlp());
    assertEquals(JavaEmitter.emit(a).source(), JavaEmitter.emit(b).source());
  }

  /** Generated source is plain Java: javac compiles it too. Printed so a reader can look at it. */
  @Test
  void javacCompilesGeneratedSource() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cotangent-javac");
    List<String> files = new ArrayList<>();
    for (Graph g : List.of(Ad.grad(ExpressionSizeTest.logisticRegression()),
        Ad.grad(ExpressionSizeTest.rosenbrock(100)), Ad.jvp(ExpressionSizeTest.mlp()),
        Ad.vjp(PrimitiveTable.cases(1).get(0).graph()),
        Ad.vjp(ComplexCodegenTest.f2(ComplexCodegenTest.c128(2, 3), ComplexCodegenTest.c128(3),
            (z, w) -> Np.sum(Np.mul(Np.exp(Np.matmul(z, w)), Np.sqrt(Np.slice(z, 1, 1, null)))))))) {
      GeneratedSource src = JavaEmitter.emit(g);
      System.out.println(src.source());
      java.nio.file.Path file = dir.resolve(src.simpleName() + ".java");
      java.nio.file.Files.writeString(file, src.source());
      files.add(file.toString());
    }
    List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-classpath",
        System.getProperty("java.class.path"), "-Xlint:all,-path", "-Werror"));
    args.addAll(files);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, null, err, args.toArray(new String[0]));
    assertEquals(0, rc, err.toString());
  }

  /**
   * Large real matrix products are one kernel call, large complex ones tiled loop nests (and both
   * still right): forward, and both transposes in the VJP.
   */
  @Test
  void largeMatmulsAreKernelCallsOrBlocked() {
    Graph f = Graph.trace(List.of("a", "b"), List.of(TensorType.f64(6, 300), TensorType.f64(300, 260)),
        ps -> List.of(Np.matmul(ps.get(0), ps.get(1))));
    String src = JavaEmitter.emit(f).source();
    assertTrue(src.contains("Rt.matmul(a, b, "), src);
    Random rng = new Random(9);
    checkFunctionAndDerivatives(f, randomArgs(f, rng), rng);
    Graph z = ComplexCodegenTest.f2(ComplexCodegenTest.c128(6, 300), ComplexCodegenTest.c128(300, 260),
        (p, q) -> Np.matmul(p, q));
    String zs = JavaEmitter.emit(z).source();
    assertTrue(zs.contains("for (int kb = 0; kb < 300; kb += 64) {"), zs);
    assertSameValues(z, randomArgs(z, rng));
  }

  /**
   * HotSpot never JIT-compiles a method over 8000 bytes of bytecode: every generated method stays
   * under that, checked with javac and javap on programs large enough to be split.
   */
  @Test
  void everyGeneratedMethodIsUnderTheJitLimit() throws Exception {
    Graph chain = Graph.trace(List.of("x"), List.of(TensorType.f64()), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 1500; k++) {
        v = Ir.add(Ir.sin(v), Ir.mul(Ir.constant(0.5 + k * 1e-3), v));
      }
      return List.of(v);
    });
    Graph wide = Graph.trace(List.of("x"), List.of(TensorType.f64(8)), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 400; k++) {
        v = Np.add(Np.tanh(v), Ir.constant(k * 1e-3 + 1e-4));
      }
      return List.of(Np.sum(v));
    });
    // Complex code is about three times as long per value: a scalar chain and a wide loop.
    TensorType c = TensorType.of(org.cotangent.symbolic.DType.C128);
    Graph complexChain = Graph.trace(List.of("z"), List.of(c), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 300; k++) {
        v = Ir.add(Ir.sin(v), Ir.mul(Ir.constant(Tensor.wrap(c, new double[] {0.5 + k * 1e-3, 0.1})), v));
      }
      return List.of(Ir.real(v));
    });
    Graph complexWide = Graph.trace(List.of("z"), List.of(TensorType.of(c.dtype(), 8)), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 200; k++) {
        v = Np.div(Np.mul(Ir.integerPow(v, 3), ps.get(0)), Np.add(Np.tanh(v),
            Ir.constant(Tensor.wrap(c, new double[] {2 + k * 1e-3, 1e-3}))));
      }
      return List.of(Ir.real(Np.sum(v)));
    });
    for (Graph g : List.of(Ad.grad(chain), Ad.grad(wide), Ad.jvp(wide), Ad.grad(complexChain),
        Ad.grad(complexWide), Ad.jvp(complexWide))) {
      GeneratedSource src = JavaEmitter.emit(g);
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cotangent-size");
      java.nio.file.Path file = dir.resolve(src.simpleName() + ".java");
      java.nio.file.Files.writeString(file, src.source());
      int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
          "-classpath", System.getProperty("java.class.path"), file.toString());
      assertEquals(0, rc);
      java.io.StringWriter out = new java.io.StringWriter();
      java.util.spi.ToolProvider javap = java.util.spi.ToolProvider.findFirst("javap").orElseThrow();
      javap.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
          "-c", "-p", "-classpath", dir.toString(), src.qualifiedName());
      // The last instruction offset of each method bounds its code length.
      int methods = 0;
      int largest = 0;
      int last = 0;
      for (String line : out.toString().split("\n")) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s+(\\d+): ").matcher(line);
        if (line.contains("Code:")) {
          methods++;
          last = 0;
        } else if (m.find()) {
          last = Integer.parseInt(m.group(1));
          largest = Math.max(largest, last);
        }
      }
      assertTrue(methods >= 3, "expected split methods, javap shows " + methods);
      assertTrue(largest < 8000, "a generated method has " + largest + " bytes of bytecode");
      assertSameValues(g, randomArgs(g, new Random(methods)));
      System.out.println(src.simpleName() + ": " + methods + " methods, largest " + largest
          + " bytes of bytecode");
    }
  }
}
