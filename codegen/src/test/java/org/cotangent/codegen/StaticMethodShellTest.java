package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.ToolProvider;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.symbolic.ExpressionSizeTest;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The static-method shell (for the annotation processor): its source compiles with javac (and
 * Janino), and calling the method with named parameters computes what the interpreter computes.
 */
class StaticMethodShellTest {
  static final String PACKAGE = "org.cotangent.statics";

  static List<Graph> programs() {
    Graph chain = Graph.trace(List.of("x"), List.of(TensorType.f64()), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 300; k++) {
        v = Ir.add(Ir.sin(v), Ir.mul(Ir.constant(0.5 + k * 1e-3), v));
      }
      return List.of(v);
    });
    Graph shapes = Graph.trace(List.of("x", "y"), List.of(TensorType.f64(2, 3), TensorType.f64()),
        ps -> List.of(Np.reshape(Np.sin(ps.get(0)), 3, 2), ps.get(0), ps.get(1),
            Ir.constant(2.5), Np.reshape(Np.mul(ps.get(0), ps.get(1)), 6)));
    // Complex values: a scalar input is an array of its two parts, as are scalar outputs.
    TensorType c = TensorType.of(org.cotangent.symbolic.DType.C128);
    Graph complex = Graph.trace(List.of("z", "w"), List.of(c, TensorType.of(c.dtype(), 3)),
        ps -> List.of(Np.mul(Np.sin(ps.get(0)), Np.sum(Np.mul(ps.get(1), Ir.constant(
            Tensor.wrap(ps.get(1).type(), new double[] {1, 2, 3, 4, 5, 6})))))));
    return List.of(Ad.grad(ExpressionSizeTest.logisticRegression()),
        Ad.valueAndGrad(ExpressionSizeTest.logisticRegression()),
        Ad.grad(ExpressionSizeTest.rosenbrock(10)), Ad.jvp(ExpressionSizeTest.mlp()),
        Ad.grad(chain), shapes, Ad.vjp(ExpressionSizeTest.sumTanhSquared()), Ad.vjp(complex));
  }

  @Test
  void theMethodTakesNamedParametersAndWritesItsOutputs() {
    GeneratedSource src = JavaEmitter.emit(Ad.grad(ExpressionSizeTest.logisticRegression()),
        PACKAGE, "LogisticGrad", ClassShell.staticMethod("grad"));
    String text = src.source();
    assertTrue(text.contains("public final class LogisticGrad {\n  private LogisticGrad() {\n  }\n"),
        text);
    assertTrue(text.contains("  public static void grad(final double[] W, final double b,"
        + " final double[] c0, final double[] c1, final double[] c2, final double[] W_bar,"
        + " final double[] b_bar) {\n"), text);
    // The gradient of W is computed in the caller's array, the scalar one copied into its own.
    assertTrue(text.contains("java.util.Arrays.fill(W_bar, 0.0);"), text);
    assertTrue(text.contains("b_bar[0] = b_bar_2;"), text);
    assertTrue(!text.contains("in[") && !text.contains("out["), text);
  }

  @Test
  void javacAndJaninoCompileItAndItComputesWhatTheInterpreterComputes() throws Exception {
    Path dir = Files.createTempDirectory("cotangent-static");
    List<GeneratedSource> sources = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-classpath",
        System.getProperty("java.class.path"), "-Xlint:all,-path", "-Werror"));
    List<Graph> graphs = programs();
    for (int k = 0; k < graphs.size(); k++) {
      GeneratedSource src = JavaEmitter.emit(graphs.get(k), PACKAGE, "Static" + k,
          ClassShell.staticMethod("compute"));
      sources.add(src);
      Path file = dir.resolve(src.simpleName() + ".java");
      Files.writeString(file, src.source());
      args.add(file.toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, err,
        args.toArray(new String[0])), err.toString());
    assertTrue(sources.get(4).source().contains("private static void part1("), "split");
    Random rng = new Random(4);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      for (int k = 0; k < graphs.size(); k++) {
        GeneratedSource src = sources.get(k);
        SimpleCompiler janino = new SimpleCompiler();
        janino.setParentClassLoader(getClass().getClassLoader());
        janino.cook(src.simpleName() + ".java", new StringReader(src.source()));
        List<Tensor> x = new ArrayList<>();
        for (TensorType t : graphs.get(k).inputTypes()) {
          x.add(CheckGrads.randomLike(t, rng));
        }
        for (ClassLoader l : List.of(loader, janino.getClassLoader())) {
          check(graphs.get(k), src, l.loadClass(src.qualifiedName()), x);
        }
      }
    }
  }

  private static void check(Graph g, GeneratedSource src, Class<?> k, List<Tensor> x)
      throws Exception {
    Method m = null;
    for (Method candidate : k.getMethods()) {
      if (candidate.getName().equals("compute")) {
        m = candidate;
      }
    }
    List<Object> args = new ArrayList<>();
    for (Tensor t : x) {
      boolean array = t.type().rank() > 0 || t.dtype().isComplex();
      args.add(array ? t.unsafeData().clone() : (Object) t.unsafeData()[0]);
    }
    for (double[] c : src.constantArrays()) {
      args.add(c);
    }
    List<double[]> outs = new ArrayList<>();
    for (TensorType t : src.outputTypes()) {
      double[] o = new double[t.size() * t.dtype().width()];
      java.util.Arrays.fill(o, Double.NaN);
      outs.add(o);
      args.add(o);
    }
    m.invoke(null, args.toArray());
    List<Tensor> want = Interpreter.eval(g, x);
    for (int j = 0; j < want.size(); j++) {
      double[] e = want.get(j).unsafeData();
      for (int q = 0; q < e.length; q++) {
        assertEquals(e[q], outs.get(j)[q], 1e-12 * Math.max(1, Math.abs(e[q])),
            src.simpleName() + " output " + j + "[" + q + "]\n" + src.numberedSource());
      }
    }
  }

  @Test
  void theMethodNameMustBeUsable() {
    assertThrows(IllegalArgumentException.class, () -> ClassShell.staticMethod("class"));
    assertThrows(IllegalArgumentException.class, () -> ClassShell.staticMethod("Math"));
    assertThrows(IllegalArgumentException.class, () -> ClassShell.staticMethod("a b"));
    assertEquals(Shape.of(2), TensorType.f64(2).shape());
  }
}
