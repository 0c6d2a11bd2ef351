package org.cotangent.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.registry.Primitives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case: the generated source equals its golden file byte for byte; the golden file
 * compiles with Janino and computes what the reference interpreter computes on random inputs; and
 * all golden files compile with javac. So a golden can never hold code that is wrong or does not
 * compile.
 */
class GoldenTest {
  static final String PACKAGE = "org.cotangent.golden";

  static List<GoldenCases.Case> cases() {
    return GoldenCases.ALL;
  }

  static GeneratedSource generate(GoldenCases.Case c) {
    Graph g = c.graph.get();
    Checker.check(g);
    return JavaEmitter.emit(g, PACKAGE, c.className());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatedSourceMatchesGolden(GoldenCases.Case c) throws Exception {
    GeneratedSource src = generate(c);
    Golden.check(Golden.directory(), c.className() + ".java", src.source(), Golden.updating());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenCompilesWithJaninoAndMatchesTheInterpreter(GoldenCases.Case c) throws Exception {
    Graph g = c.graph.get();
    GeneratedSource src = generate(c);
    Path file = Golden.directory().resolve(c.className() + ".java");
    String golden = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : src.source();
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(GoldenTest.class.getClassLoader());
    compiler.cook(file.getFileName().toString(), new StringReader(golden));
    Program p = (Program) compiler.getClassLoader().loadClass(PACKAGE + "." + c.className())
        .getConstructor(double[][].class).newInstance((Object) src.constantArrays());
    Random rng = new Random(c.name.hashCode());
    for (int trial = 0; trial < 3; trial++) {
      List<Tensor> args = new ArrayList<>();
      double[][] in = new double[g.arity()][];
      for (int k = 0; k < g.arity(); k++) {
        TensorType t = g.inputTypes().get(k);
        int w = t.dtype().width();
        double[] d = new double[t.size() * w];
        for (int q = 0; q < d.length; q++) {
          d[q] = 0.2 + 0.7 * rng.nextDouble();
        }
        // A square matrix gets a dominant diagonal, so that factorisations of it are defined
        // (a Cholesky factor of a matrix that is not positive definite is NaN, and NaN = NaN).
        int r = t.rank();
        if (r == 2 && t.shape().dim(0) == t.shape().dim(1)) {
          for (int i = 0; i < t.shape().dim(0); i++) {
            d[w * (i * t.shape().dim(0) + i)] += t.shape().dim(0);
          }
        }
        args.add(Tensor.wrap(t, d));
        in[k] = d;
      }
      List<Tensor> expected = Interpreter.eval(g, args);
      double[][] out = new double[g.outputs().size()][];
      for (int j = 0; j < out.length; j++) {
        out[j] = new double[g.output(j).type().size() * g.output(j).dtype().width()];
      }
      p.call(in, out);
      for (int j = 0; j < out.length; j++) {
        double[] e = expected.get(j).unsafeData();
        assertEquals(e.length, out[j].length, c + ": output " + j + " size");
        for (int q = 0; q < e.length; q++) {
          if (!(Double.compare(e[q], out[j][q]) == 0
              || Math.abs(e[q] - out[j][q]) <= 1e-12 * Math.max(1, Math.abs(e[q])))) {
            fail(c + ": output " + j + "[" + q + "] is " + out[j][q] + ", the interpreter says " + e[q]);
          }
        }
      }
    }
  }

  @Test
  void allGoldensCompileWithJavac() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory("golden-javac");
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
        System.getProperty("java.class.path"), "-Xlint:all,-path", "-Werror"));
    for (GoldenCases.Case c : cases()) {
      Path file = Golden.directory().resolve(c.className() + ".java");
      if (Golden.updating()) {
        Golden.check(Golden.directory(), c.className() + ".java", generate(c).source(), true);
      }
      assertTrue(Files.exists(file), "missing golden: " + file);
      args.add(file.toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, javac.run(null, null, err, args.toArray(new String[0])), err.toString());
  }

  @Test
  void theSuiteIsCuratedAndCoversEveryPrimitiveFamily() {
    assertTrue(cases().size() >= 25, "at least 25 golden cases");
    Set<String> names = new HashSet<>();
    Set<String> prims = new HashSet<>();
    for (GoldenCases.Case c : cases()) {
      assertTrue(names.add(c.className()), "duplicate case " + c);
      for (Node n : c.graph.get().topoOrder()) {
        prims.add(n.op().name());
      }
    }
    // Every primitive in the registry, so a new one needs its golden.
    List<String> missing = new java.util.ArrayList<>(Primitives.names());
    missing.removeAll(prims);
    // dim_value exists only at symbolic sizes (a constant size is a constant at construction,
    // so no static graph, and no case here, can hold one); the processor golden
    // LogitDerivatives pins its code ('total / (double) m').
    assertTrue(org.cotangent.symbolic.ops.SizeValue.of(org.cotangent.symbolic.Dim.of(3),
        TensorType.f64()).isConstant(), "dim_value of a constant size folds");
    missing.remove("dim_value");
    assertTrue(missing.isEmpty(), "no golden case uses " + missing);
    String split = generate(GoldenCases.ALL.stream().filter(k -> k.name.equals("long_chain_split_methods"))
        .findFirst().orElseThrow()).source();
    assertTrue(split.contains("private void part1("), "the long case must split its method");
  }
}
