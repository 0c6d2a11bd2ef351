package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code cotangent run}: output, errors, and --json values checked against independent math. */
class RunTest {
  @TempDir Path dir;

  @Test
  void printsToStdout() {
    String f = Cli.file(dir, "hello.ct", "x = array([1.0, 2.0])\nprint(\"x\", x * 2)\n");
    Cli.Result r = Cli.run("run", f);
    assertEquals(0, r.code(), r.toString());
    assertEquals("x [2. 4.]\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void aTypoIsReportedWithPositionSourceLineAndCaret() {
    String f = Cli.file(dir, "typo.ct", "x = array([1.0, 2.0])\ny = sinn(x)\nprint(y)\n");
    Cli.Result r = Cli.run("run", f);
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    String[] lines = r.err().split("\n");
    assertEquals(3, lines.length, r.err());
    assertTrue(lines[0].startsWith(f + ":2:5: name 'sinn' is not defined"), lines[0]);
    assertEquals("    y = sinn(x)", lines[1]);
    assertEquals("        ^", lines[2]);
    assertEquals("", r.out());
  }

  @Test
  void aSyntaxErrorStopsBeforeAnythingRuns() {
    String f = Cli.file(dir, "syntax.ct", "print(1)\nx = array([1.0, 2.0]\nprint(x)\n");
    Cli.Result r = Cli.run("run", f);
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals(f + ":2:21: unbalanced '(': expected ')' before end of line\n"
        + "    x = array([1.0, 2.0]\n"
        + "                        ^\n", r.err());
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "x = array([1.0, 2.0]) + array([1.0, 2.0, 3.0])",
    "def f(x) = sum(x)\nprint(grad(f)(array([1.0, 2.0]), 3))",
    "def f(x) = x * 2\nprint(grad(f)(array([1.0, 2.0])))",
    "def f(x) = f(x)\nprint(f(1.0))",
    "print(grad(lambda z: z * z)(3 + 4j))",
    "x = 1 +",
    "print(undefined_name)",
    "x = array([[1.0, 2.0], [3.0]])",
    "print(array([1.0, 2.0])[5])",
    "e = eye(50000)",
    "e = eye(100000)",
    "e = eye(40000)",
    "e = arange(3000000000)",
    "x = ones(3)\nx[0, 0]",
  })
  void userMistakesNeverShowAJavaStackTrace(String script) {
    String f = Cli.file(dir, "bad.ct", script + "\n");
    Cli.Result r = Cli.run("run", f);
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertTrue(r.err().startsWith(f + ":"), r.toString());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception")
        || r.err().contains("internal error"), r.toString());
  }

  @Test
  void aMissingFileIsOneLine() {
    String missing = dir.resolve("nope.ct").toString();
    Cli.Result r = Cli.run("run", missing);
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("error: cannot read '" + missing + "': no such file\n", r.err());
  }

  @Test
  void aDirectoryOrNonUtf8FileIsOneLine() throws IOException {
    Cli.Result r = Cli.run("run", dir.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("error: cannot read '" + dir + "': it is a directory, not a script\n", r.err());

    Path latin1 = dir.resolve("latin1.ct");
    Files.write(latin1, new byte[] {'x', ' ', '=', ' ', (byte) 0xe9, '\n'});
    r = Cli.run("run", latin1.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("error: cannot read '" + latin1 + "': it is not UTF-8 text\n", r.err());
  }

  @Test
  void dashReadsStandardInput() {
    Cli.Result r = Cli.runWithInput("print(1 + 2)\nprint(undefined)\n", "run", "-");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("3\n", r.out());
    assertTrue(r.err().startsWith("<stdin>:2:7: name 'undefined' is not defined"), r.err());
  }

  /** Every line of --json output is one JSON value. */
  private static List<Object> jsonLines(String out) {
    List<Object> values = new ArrayList<>();
    for (String line : out.split("\n")) {
      values.add(Json.parse(line));
    }
    return values;
  }

  @Test
  void jsonWritesOneValuePerPrintCall() {
    String f = Cli.file(dir, "json.ct", String.join("\n",
        "print(array([[1.0, 2.0], [3.0, 4.0]]))",
        "print(\"label\", 2.5, True)",
        "print({\"W\": array([1.0]), \"t\": (1, \"a\\\"b\")})",
        "print(4j)",
        "print(array([1, 2]) > 1)",
        ""));
    Cli.Result r = Cli.run("run", "--json", f);
    assertEquals(0, r.code(), r.toString());
    List<Object> v = jsonLines(r.out());
    assertEquals(5, v.size(), r.out());
    assertEquals(Map.of("shape", List.of(2.0, 2.0), "dtype", "f64",
        "data", List.of(1.0, 2.0, 3.0, 4.0)), v.get(0));
    assertEquals("label", ((List<?>) v.get(1)).get(0));
    assertEquals(3, ((List<?>) v.get(1)).size());
    assertTrue(((Map<?, ?>) v.get(2)).containsKey("W"), r.out());
    assertEquals("a\"b", ((List<?>) ((Map<?, ?>) v.get(2)).get("t")).get(1), r.out());
    assertEquals(Map.of("shape", List.of(), "dtype", "c128", "data", List.of(List.of(0.0, 4.0))),
        v.get(3), r.out());
    assertEquals("bool", ((Map<?, ?>) v.get(4)).get("dtype"), r.out());
  }

  @Test
  void gradientOfSumSinTimesXMatchesTheClosedForm() {
    double[] x = {-1.5, -0.25, 0.0, 0.7, 2.0, 3.1};
    String f = Cli.file(dir, "grad.ct", String.join("\n",
        "x = array([-1.5, -0.25, 0.0, 0.7, 2.0, 3.1])",
        "def f(x) = sum(sin(x) * x)",
        "print(grad(f)(x))",
        "print(value_and_grad(f)(x))",
        "print(grad(grad(lambda t: sin(t) * t))(0.7))",
        ""));
    Cli.Result r = Cli.run("run", "--json", f);
    assertEquals(0, r.code(), r.toString());
    List<Object> v = jsonLines(r.out());
    double[] expected = new double[x.length];
    double value = 0;
    for (int i = 0; i < x.length; i++) {
      expected[i] = Math.cos(x[i]) * x[i] + Math.sin(x[i]);
      value += Math.sin(x[i]) * x[i];
    }
    assertArrayEquals(expected, Json.data(v.get(0)), 1e-14);
    List<?> vg = (List<?>) v.get(1);
    assertEquals(value, Json.data(vg.get(0))[0], 1e-14);
    assertArrayEquals(expected, Json.data(vg.get(1)), 1e-14);
    // second derivative of t sin t: 2 cos t - t sin t
    assertEquals(2 * Math.cos(0.7) - 0.7 * Math.sin(0.7), Json.data(v.get(2))[0], 1e-14);
  }

  /** The loss of DESIGN section 7, written independently in Java. */
  private static double logisticLoss(double[] w, double b) {
    double[][] inputs = {{0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}};
    boolean[] targets = {true, false};
    double loss = 0;
    for (int i = 0; i < 2; i++) {
      double z = b;
      for (int j = 0; j < 3; j++) {
        z += inputs[i][j] * w[j];
      }
      double p = 1 / (1 + Math.exp(-z));
      loss -= Math.log(targets[i] ? p : 1 - p);
    }
    return loss;
  }

  @Test
  void logisticRegressionGradientsMatchFiniteDifferences() {
    String f = Cli.file(dir, "logreg.ct", String.join("\n",
        "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15]])",
        "targets = array([True, False])",
        "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)",
        "def predict(W, b, inputs) = sigmoid(inputs @ W + b)",
        "def loss(W, b) {",
        "  preds = predict(W, b, inputs)",
        "  label_probs = preds * targets + (1 - preds) * (1 - targets)",
        "  return -sum(log(label_probs))",
        "}",
        "W = array([0.1, -0.2, 0.3])",
        "b = 0.5",
        "W_grad, b_grad = grad(loss, (0, 1))(W, b)",
        "print(\"W_grad\", W_grad)",
        "print(\"b_grad\", b_grad)",
        "print(value_and_grad(loss)(W, b))",
        ""));
    Cli.Result r = Cli.run("run", "--json", f);
    assertEquals(0, r.code(), r.toString());
    List<Object> v = jsonLines(r.out());
    double[] w = {0.1, -0.2, 0.3};
    double b = 0.5;
    double h = 1e-6;
    double[] fdW = new double[3];
    for (int j = 0; j < 3; j++) {
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[j] += h;
      wm[j] -= h;
      fdW[j] = (logisticLoss(wp, b) - logisticLoss(wm, b)) / (2 * h);
    }
    double fdB = (logisticLoss(w, b + h) - logisticLoss(w, b - h)) / (2 * h);
    assertEquals("W_grad", ((List<?>) v.get(0)).get(0));
    assertArrayEquals(fdW, Json.data(((List<?>) v.get(0)).get(1)), 1e-8);
    assertEquals(fdB, Json.data(((List<?>) v.get(1)).get(1))[0], 1e-8);
    List<?> vg = (List<?>) v.get(2);
    assertEquals(logisticLoss(w, b), Json.data(vg.get(0))[0], 1e-12);
    assertArrayEquals(fdW, Json.data(vg.get(1)), 1e-8);
  }

  @Test
  void forwardAndReverseModeMatchTheJacobian() {
    // f(x) = x * x * [1, 2, 3]: Jacobian diag(2 x [1, 2, 3])
    String f = Cli.file(dir, "modes.ct", String.join("\n",
        "c = array([1.0, 2.0, 3.0])",
        "def f(x) = x * x * c",
        "x = array([0.5, -1.0, 2.0])",
        "print(jvp(f, (x,), (array([1.0, 1.0, 1.0]),)))",
        "y, pullback = vjp(f, x)",
        "print(pullback(array([1.0, 0.0, 2.0])))",
        ""));
    Cli.Result r = Cli.run("run", "--json", f);
    assertEquals(0, r.code(), r.toString());
    List<Object> v = jsonLines(r.out());
    List<?> jvp = (List<?>) v.get(0);
    assertArrayEquals(new double[] {0.25, 2.0, 12.0}, Json.data(jvp.get(0)), 1e-15);
    assertArrayEquals(new double[] {1.0, -4.0, 12.0}, Json.data(jvp.get(1)), 1e-15);
    Object ct = v.get(1) instanceof List ? ((List<?>) v.get(1)).get(0) : v.get(1);
    assertArrayEquals(new double[] {1.0, 0.0, 24.0}, Json.data(ct), 1e-15);
  }

  /** The cookbook's holomorphic gradient from the command line: cos(3 + 4j), as JSON pairs. */
  @Test
  void holomorphicGradOfSinPrintsCosAsAPair() {
    String f = Cli.file(dir, "complex.ct",
        "print(grad(lambda z: sin(z), holomorphic=True)(3 + 4j))\n");
    Cli.Result r = Cli.run("run", "--json", f);
    assertEquals(0, r.code(), r.toString());
    org.apache.commons.math3.complex.Complex c = new org.apache.commons.math3.complex.Complex(3, 4)
        .cos();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\"data\": \\[\\[(\\S+), (\\S+)\\]\\]").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(c.getReal(), Double.parseDouble(m.group(1)), 1e-12 * c.abs());
    assertEquals(c.getImaginary(), Double.parseDouble(m.group(2)), 1e-12 * c.abs());
    assertTrue(r.out().contains("\"dtype\": \"c128\""), r.out());
  }
}
