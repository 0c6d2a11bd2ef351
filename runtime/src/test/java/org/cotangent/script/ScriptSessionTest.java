package org.cotangent.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * The interpreter end to end: values checked against closed forms and finite differences computed
 * here, errors checked for position and text.
 */
class ScriptSessionTest {
  /** Runs a script with --json output; returns the printed lines. */
  static List<String> runJson(String src) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ScriptSession(new PrintStream(bytes, true, StandardCharsets.UTF_8), true).run(src, "t.ct");
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(out.split("\n")));
    lines.removeIf(String::isEmpty);
    return lines;
  }

  static String runText(String src) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ScriptSession(new PrintStream(bytes, true, StandardCharsets.UTF_8), false).run(src, "t.ct");
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** All numbers in the "data" arrays of a JSON line, in order. */
  static double[] data(String jsonLine) {
    List<Double> xs = new ArrayList<>();
    Matcher m = Pattern.compile("\"data\": \\[([^\\]]*)\\]").matcher(jsonLine);
    while (m.find()) {
      for (String s : m.group(1).split(",")) {
        if (!s.isBlank()) {
          xs.add(Double.parseDouble(s.trim()));
        }
      }
    }
    double[] r = new double[xs.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = xs.get(i);
    }
    return r;
  }

  static ScriptError error(String src) {
    return assertThrows(ScriptError.class, () -> runText(src));
  }

  @Test
  void gradMatchesTheClosedForm() {
    List<String> out = runJson("x = array([0.5, 1.0, 2.0])\nprint(grad(lambda x: sum(sin(x) * x))(x))\n");
    double[] g = data(out.get(0));
    double[] x = {0.5, 1.0, 2.0};
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.cos(x[i]) * x[i] + Math.sin(x[i]), g[i], 1e-14);
    }
    assertTrue(out.get(0).startsWith("{\"shape\": [3], \"dtype\": \"f64\", \"data\": ["), out.get(0));
  }

  static final String LOGISTIC = "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15],"
      + " [0.52, 0.06, -1.30], [0.74, -2.49, 1.39]])\n"
      + "targets = array([True, True, False, True])\n"
      + "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)\n"
      + "def predict(W, b, inputs) = sigmoid(inputs @ W + b)\n"
      + "def loss(W, b) {\n"
      + "  preds = predict(W, b, inputs)\n"
      + "  label_probs = preds * targets + (1 - preds) * (1 - targets)\n"
      + "  return -sum(log(label_probs))\n"
      + "}\n";

  @Test
  void logisticRegressionGradientMatchesFiniteDifferences() {
    String src = LOGISTIC + "W = array([0.1, -0.2, 0.3])\nb = 0.5\n"
        + "print(grad(loss, (0, 1))(W, b))\n"
        + "h = 1e-6\n"
        + "print(array([(loss(W + array([h, 0, 0]), b) - loss(W - array([h, 0, 0]), b)) / (2 * h),"
        + " (loss(W + array([0, h, 0]), b) - loss(W - array([0, h, 0]), b)) / (2 * h),"
        + " (loss(W + array([0, 0, h]), b) - loss(W - array([0, 0, h]), b)) / (2 * h),"
        + " (loss(W, b + h) - loss(W, b - h)) / (2 * h)]))\n";
    List<String> out = runJson(src);
    double[] g = data(out.get(0));
    double[] fd = data(out.get(1));
    assertEquals(4, g.length);
    for (int i = 0; i < 4; i++) {
      assertEquals(fd[i], g[i], 1e-7);
    }
  }

  @Test
  void logisticRegressionGradientMatchesAClosedForm() {
    // For the logistic loss, dL/dW = -sum((t - p) x) and dL/db = -sum(t - p), p = sigmoid(x W + b).
    List<String> out = runJson(LOGISTIC + "print(grad(loss, (0, 1))(array([0.1, -0.2, 0.3]), 0.5))\n");
    double[][] x = {{0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30}, {0.74, -2.49, 1.39}};
    double[] t = {1, 1, 0, 1};
    double[] w = {0.1, -0.2, 0.3};
    double[] expect = new double[4];
    for (int i = 0; i < 4; i++) {
      double z = x[i][0] * w[0] + x[i][1] * w[1] + x[i][2] * w[2] + 0.5;
      double p = 1 / (1 + Math.exp(-z));
      for (int j = 0; j < 3; j++) {
        expect[j] -= (t[i] - p) * x[i][j];
      }
      expect[3] -= t[i] - p;
    }
    double[] g = data(out.get(0));
    for (int i = 0; i < 4; i++) {
      assertEquals(expect[i], g[i], 1e-12);
    }
  }

  @Test
  void gradientsComeBackInTheStructureOfTheArguments() {
    List<String> out = runJson(LOGISTIC
        + "print(grad(lambda p: loss(p[\"W\"], p[\"b\"]))({\"W\": array([0.1, -0.2, 0.3]), \"b\": 0.5}))\n"
        + "print(grad(loss, (0, 1))(array([0.1, -0.2, 0.3]), 0.5))\n");
    assertTrue(out.get(0).startsWith("{\"W\": {\"shape\": [3]"), out.get(0));
    assertTrue(out.get(0).contains("\"b\": {\"shape\": []"), out.get(0));
    assertEquals(List.of(data(out.get(0)).length), List.of(4));
    double[] a = data(out.get(0));
    double[] b = data(out.get(1));
    for (int i = 0; i < 4; i++) {
      assertEquals(b[i], a[i], 1e-15);
    }
  }

  @Test
  void nestedTransformationsDifferentiateThroughClosures() {
    // d/dx [ d/dy (x*y) at y=x ] = d/dx x = 1 (JAX's answer: the inner function reads x).
    assertEquals(1.0, data(runJson("print(grad(lambda x: grad(lambda y: x * y)(x))(3.0))\n").get(0))[0],
        0.0);
    // Third derivative of sin is -cos.
    assertEquals(-Math.cos(0.4),
        data(runJson("print(grad(grad(grad(sin)))(0.4))\n").get(0))[0], 1e-15);
    // Hessian-vector product two ways: grad of <grad f, v> (v closed over) and forward-over-reverse.
    String src = "def f(x) = sum(sin(x) * x ** 2)\n"
        + "x = array([0.3, 0.7, 1.1])\nv = array([1.0, -2.0, 0.5])\n"
        + "def hvp(f, x, v) = grad(lambda x: vdot(grad(f)(x), v))(x)\n"
        + "def fwd_over_rev(f, x, v) = jvp(grad(f), (x,), (v,))[1]\n"
        + "print(hvp(f, x, v))\nprint(fwd_over_rev(f, x, v))\n";
    List<String> out = runJson(src);
    double[] a = data(out.get(0));
    double[] b = data(out.get(1));
    double[] x = {0.3, 0.7, 1.1};
    double[] v = {1.0, -2.0, 0.5};
    for (int i = 0; i < 3; i++) {
      // f'' = (2 - x^2) sin x + 4 x cos x, diagonal Hessian.
      double h = (2 - x[i] * x[i]) * Math.sin(x[i]) + 4 * x[i] * Math.cos(x[i]);
      assertEquals(h * v[i], a[i], 1e-13);
      assertEquals(h * v[i], b[i], 1e-13);
    }
  }

  @Test
  void valueAndGradHasAuxVjpLinearize() {
    List<String> out = runJson("def f(x) = (sum(x ** 2), x * 3)\n"
        + "print(value_and_grad(f, has_aux=True)(array([1.0, 2.0])))\n"
        + "y, pull = vjp(lambda x: x * x, array([1.0, 2.0]))\n"
        + "print(pull(array([1.0, 10.0])))\n"
        + "y, f_jvp = linearize(lambda x: exp(x), 0.5)\n"
        + "print(f_jvp(2.0))\n");
    assertEquals("[[{\"shape\": [], \"dtype\": \"f64\", \"data\": [5.0]}, {\"shape\": [2], \"dtype\": \"f64\","
        + " \"data\": [3.0, 6.0]}], {\"shape\": [2], \"dtype\": \"f64\", \"data\": [2.0, 4.0]}]", out.get(0));
    double[] p = data(out.get(1));
    assertEquals(2.0, p[0], 0);
    assertEquals(40.0, p[1], 0);
    assertEquals(2 * Math.exp(0.5), data(out.get(2))[0], 1e-15);
  }

  @Test
  void checkGradsPassesOnRightDerivatives() {
    assertEquals("", runText(LOGISTIC + "check_grads(loss, (array([0.1, -0.2, 0.3]), 0.5), order=2)\n"));
  }

  @Test
  void reshapeInfersOneMinusOneDimension() {
    assertEquals("(2, 3) (6,) (3, 1, 2) ()\n", runText("x = arange(6) * 1.0\n"
        + "print(reshape(x, (2, -1)).shape, reshape(x, (-1,)).shape, reshape(x, (3, 1, -1)).shape,"
        + " reshape(x[:1], ()).shape)\n"));
  }

  @Test
  void printIsNumpyLike() {
    assertEquals("W [ 1.5 -2. ] 3 True (1.0, 'a') {'k': 0.25}\n",
        runText("print(\"W\", array([1.5, -2.0]), 3, True, (1.0, \"a\"), {\"k\": 0.25})\n"));
  }

  @Test
  void unknownNameIsReportedWithPositionAndSuggestion() {
    ScriptError e = error("weights = 1.0\nprint(weigths + 1)\n");
    assertEquals("t.ct:2:7: name 'weigths' is not defined; did you mean 'weights'?", e.getMessage());
    assertTrue(e.format().endsWith("    print(weigths + 1)\n          ^"), e.format());
  }

  @Test
  void wrongArityIsReported() {
    ScriptError e = error("def f(a, b) = a + b\nf(1.0)\n");
    assertEquals("t.ct:2:1: f() missing argument 'b' (takes 2, got 1)", e.getMessage());
    e = error("def f(a) = a\nf(1.0, 2.0)\n");
    assertEquals("t.ct:2:1: f() takes 1 argument but 2 were given", e.getMessage());
  }

  @Test
  void shapeMismatchInMatmulPointsAtTheOperator() {
    ScriptError e = error("A = ones((2, 3))\nB = ones((2, 3))\nC = A @ B\n");
    assertEquals("t.ct:3:7: matmul: shapes [2,3] and [2,3] are not aligned: 3 (axis 1) != 2 (axis 0)",
        e.getMessage());
  }

  @Test
  void gradOfANonScalarFunctionIsReportedAtTheCall() {
    ScriptError e = error("x = array([1.0, 2.0])\ng = grad(lambda x: x * 2)(x)\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:5: grad requires a scalar output, got f64[2]"),
        e.getMessage());
  }

  @Test
  void errorsInsideFunctionsPointAtTheFailingExpression() {
    ScriptError e = error("def f(x) {\n  y = x @ ones((3, 3))\n  return sum(y)\n}\ngrad(f)(ones((2, 2)))\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:9: matmul: shapes [2,2] and [3,3]"), e.getMessage());
  }

  @Test
  void otherMistakesHaveClearMessages() {
    assertEquals("t.ct:1:1: 'str' is not callable", error("\"f\"(1)\n").getMessage());
    assertTrue(error("x = array([1.0, 2.0])\nprint(x[5])\n").getMessage()
        .startsWith("t.ct:2:8: index 5 is out of bounds for axis 0 with size 2"));
    assertTrue(error("g = grad(lambda x: x if x > 0 else -x)(1.0)\n").getMessage()
        .contains("a traced value has no truth value"));
    assertEquals("t.ct:1:18: key 'c' is not in the dict (keys: [a])",
        error("print({\"a\": 1.0}[\"c\"])\n").getMessage());
  }

  @Test
  void replReturnsTheValueOfAFinalExpression() {
    ScriptSession s = new ScriptSession(new PrintStream(new ByteArrayOutputStream()), false);
    assertNull(s.evalInteractive("x = 2.0", "<repl>"));
    assertEquals("6.0", s.evalInteractive("x * 3", "<repl>"));
    assertEquals("[1. 2.]", s.evalInteractive("array([1.0, 2.0])", "<repl>"));
    assertThrows(ScriptError.class, () -> s.evalInteractive("y + 1", "<repl>"));
    assertEquals("2.0", s.evalInteractive("x", "<repl>"));
  }

  @Test
  void suggestionsPreferPrefixes() {
    assertEquals("t.ct:1:7: name 'sinn' is not defined; did you mean 'sin'?",
        error("print(sinn(1.0))\n").getMessage());
  }

  @Test
  void stringReprEscapesControlCharacters() {
    assertEquals("('a\\tb',)\n", runText("print((\"a\\tb\",))\n"));
  }
}
