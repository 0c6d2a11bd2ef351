package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.codegen.Program;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code cotangent gen} and {@code cotangent graph}. */
class GenGraphTest {
  static final String SCRIPT = String.join("\n",
      "print(\"the script ran\")",
      "def f(x) = sum(sin(x) * x)",
      "def g(W, b) = sum(tanh(W * b))",
      "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15]])",
      "def predict(W, b) = sigmoid(inputs @ W + b)",
      "h = lambda u, v: sum(u * v)",
      "");

  @TempDir Path dir;
  String script;

  @BeforeEach
  void writeScript() {
    script = Cli.file(dir, "fns.ct", SCRIPT);
  }

  /** Compiles generated source with Janino and instantiates it (constants, if any, as given). */
  static Program compile(String source, String qualifiedName, double[]... constants)
      throws Exception {
    SimpleCompiler c = new SimpleCompiler();
    c.setParentClassLoader(GenGraphTest.class.getClassLoader());
    c.cook(new StringReader(source));
    Class<?> k = c.getClassLoader().loadClass(qualifiedName);
    assertTrue(Program.class.isAssignableFrom(k), qualifiedName + " implements Program");
    return (Program) k.getConstructor(double[][].class).newInstance((Object) constants);
  }

  @Test
  void genGradCompilesAndComputesTheGradient() throws Exception {
    Cli.Result r = Cli.run("gen", script, "--fn", "f", "--args", "x=f64[4]",
        "--transform", "grad", "--class", "FGrad", "--package", "com.example");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("package com.example;\n"), r.out());
    // The script's prints go to stderr, so stdout is only the Java source.
    assertEquals("the script ran\n", r.err());
    Program p = compile(r.out(), "com.example.FGrad");
    double[] x = {-1.0, 0.0, 0.5, 2.0};
    double[] grad = new double[4];
    p.call(new double[][] {x}, new double[][] {grad});
    for (int i = 0; i < 4; i++) {
      assertEquals(Math.cos(x[i]) * x[i] + Math.sin(x[i]), grad[i], 1e-15);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "grad", "value_and_grad", "jvp", "vjp"})
  void everyTransformCompiles(String transform) throws Exception {
    Cli.Result r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64",
        "--transform", transform);
    assertEquals(0, r.code(), r.toString());
    String name = r.out().replaceFirst("(?s).*public final class (\\w+) implements Program.*",
        "$1");
    assertTrue(name.startsWith("Cotangent_"), name);
    compile(r.out(), "org.cotangent.generated." + name);
    // deterministic: the same command gives the same text
    assertEquals(r.out(), Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64",
        "--transform", transform).out());
  }

  @Test
  void argnumsByNameOrPositionAndOutputToAFile() throws Exception {
    Path out = dir.resolve("GB.java");
    Cli.Result r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64",
        "--transform", "grad", "--argnums", "b", "--class", "GB", "--package", "", "-o",
        out.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out());
    String source = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(source.contains("out[0] b_bar: f64[]") && !source.contains("out[1]"), source);
    Program p = compile(source, "GB");
    double[] w = {0.1, -0.4, 0.9};
    double b = 0.7;
    double[] db = new double[1];
    p.call(new double[][] {w, {b}}, new double[][] {db});
    double expected = 0;
    for (double wi : w) {
      double t = Math.tanh(wi * b);
      expected += (1 - t * t) * wi;
    }
    assertEquals(expected, db[0], 1e-15);
    Cli.Result byPosition = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64",
        "--transform", "grad", "--argnums", "1", "--class", "GB", "--package", "");
    assertEquals(source, byPosition.out());
  }

  @Test
  void capturedArraysAreConstructorConstantsAndSaidSo() throws Exception {
    Cli.Result r = Cli.run("gen", script, "--fn", "predict", "--args", "W=f64[3],b=f64",
        "--class", "Predict");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("note: Predict's constructor takes 1 constant array"), r.err());
    assertTrue(r.err().contains("1 constant array (values the function captures from the script):"
        + " inputs: f64[2,3]"), r.err());
    assertTrue(r.out().contains("private final double[] inputs;"), r.out());
    Program p = compile(r.out(), "org.cotangent.generated.Predict",
        new double[] {0.52, 1.12, 0.77, 0.88, -1.08, 0.15});
    double[] y = new double[2];
    p.call(new double[][] {{1, 0, 0}, {0}}, new double[][] {y});
    assertEquals(1 / (1 + Math.exp(-0.52)), y[0], 1e-15);
  }

  /**
   * The command line takes the Java API's transformations (one implementation): grad defaults to
   * argument 0 as in JAX, and hessian, jacfwd and jacrev are there too.
   */
  @Test
  void genUsesTheApisDefaultsAndHasTheJacobians() throws Exception {
    Cli.Result r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64",
        "--transform", "grad", "--class", "G0", "--package", "");
    assertEquals(0, r.code(), r.toString());
    Program p = compile(r.out(), "G0");
    double[] w = {0.3, -0.2, 0.5};
    double b = 0.7;
    double[] gw = new double[3];
    p.call(new double[][] {w, {b}}, new double[][] {gw});
    for (int i = 0; i < 3; i++) {
      double t = Math.tanh(w[i] * b);
      assertEquals((1 - t * t) * b, gw[i], 1e-15);
    }
    r = Cli.run("gen", script, "--fn", "f", "--args", "x=f64[2]", "--transform", "hessian",
        "--class", "FH", "--package", "");
    assertEquals(0, r.code(), r.toString());
    p = compile(r.out(), "FH");
    double[] x = {0.4, -1.3};
    double[] h = new double[4];
    p.call(new double[][] {x}, new double[][] {h});
    for (int i = 0; i < 2; i++) {
      // d2/dx2 of sin(x) x is 2 cos x - x sin x; the Hessian is diagonal.
      assertEquals(2 * Math.cos(x[i]) - x[i] * Math.sin(x[i]), h[i * 3], 1e-14);
    }
    assertEquals(0, h[1], 0);
    assertEquals(0, h[2], 0);
  }

  @Test
  void lambdasBoundToGlobalsCanBeGenerated() {
    Cli.Result r = Cli.run("gen", script, "--fn", "h", "--args", "u=f64[2],v=f64[2]",
        "--transform", "grad");
    assertEquals(0, r.code(), r.toString());
    r = Cli.run("gen", script, "--fn", "h", "--args", "v=f64[2],u=f64[2]");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --args (v, u) does not match the parameters of 'h'"
        + " (u, v)"), r.err());
  }

  @Test
  void badArgsAreAUsageErrorNamingTheBadEntry() {
    Cli.Result r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[three],b=f64");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertEquals("error: invalid value for option '--args' ('W=f64[three],b=f64'): entry 1"
        + " 'W=f64[three]': bad dimension 'three' in type 'f64[three]'; types are f64, f64[3],"
        + " f64[2,3], c128[4], i64[], bool[2]\n"
        + "Try 'cotangent gen --help' for more information.\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void argsNotMatchingTheParametersSayWhatToWrite() {
    Cli.Result r = Cli.run("gen", script, "--fn", "g", "--args", "b=f64,W=f64[3]");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("error: --args (b, W) does not match the parameters of 'g' (W, b); list them"
        + " in order: --args 'W=f64[3],b=f64'\n", r.err());
    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3]");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().endsWith("--args 'W=f64[3],b=TYPE'\n"), r.err());
  }

  @Test
  void otherSelectionMistakes() {
    Cli.Result r = Cli.run("gen", script, "--fn", "nope", "--args", "x=f64");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().endsWith("error: no function named 'nope' in the script\n"), r.err());

    r = Cli.run("gen", script, "--fn", "inputs", "--args", "x=f64");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().contains("'inputs' is array f64[2,3], not a function"), r.err());

    r = Cli.run("gen", script, "--fn", "predict", "--args", "W=f64[3],b=f64",
        "--transform", "grad");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().contains("error: cannot take grad(predict): grad requires a scalar"
        + " output"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--transform", "jvp",
        "--argnums", "0");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --argnums applies only to --transform grad,"
        + " value_and_grad, jacfwd, jacrev or hessian, not jvp\n"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--transform", "grad",
        "--argnums", "2");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --argnums: argnums 2 is out of range for g, which takes 2 arguments"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--transform", "hesian");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("unknown transform 'hesian'; expected one of none, grad,"
        + " value_and_grad, jvp, vjp, jacfwd, jacrev, hessian"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--class", "1X");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --class: '1X' is not a Java class name"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--class", "Math");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --class: 'Math' would hide the class of that name that"
        + " generated code calls"), r.err());

    r = Cli.run("gen", script, "--fn", "g", "--args", "W=f64[3],b=f64", "--package", "java.lang");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --package: no class can be defined in 'java.lang'"),
        r.err());

    r = Cli.run("gen", dir.resolve("missing.ct").toString(), "--fn", "g", "--args", "x=f64");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().endsWith("missing.ct': no such file\n"), r.err());
  }

  @Test
  void aShapeErrorWhileTracingPointsIntoTheScript() {
    Cli.Result r = Cli.run("gen", script, "--fn", "predict", "--args", "W=f64[4],b=f64");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().contains(script + ":5:"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void graphPrintsDotOfTheTransformedIr() {
    Cli.Result r = Cli.run("graph", script, "--fn", "f", "--args", "x=f64[3]", "--transform",
        "grad");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("digraph \"grad(f)\" {\n"), r.out());
    assertTrue(r.out().contains("[shape=box, label=\"x\\nparam 0 : f64[3]\""), r.out());
    assertTrue(r.out().contains("cos : f64[3]"), r.out());
    assertTrue(r.out().endsWith("}\n"), r.out());
    assertEquals("the script ran\n", r.err());
    assertEquals(r.out(), Cli.run("graph", script, "--fn", "f", "--args", "x=f64[3]",
        "--transform", "grad").out());

    r = Cli.run("graph", script, "--fn", "f", "--args", "x=f64[3]");
    assertTrue(r.out().startsWith("digraph f {\n"), r.out());
    assertFalse(r.out().contains("cos"), r.out());
  }

  @Test
  void graphIrPrintsTheJaxprLikeText() {
    Cli.Result r = Cli.run("graph", script, "--fn", "f", "--args", "x=f64[3]", "--ir");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("{ lambda x:f64[3] .\n"), r.out());
    assertTrue(r.out().endsWith(") }\n"), r.out());
  }
}
