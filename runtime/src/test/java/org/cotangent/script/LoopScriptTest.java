package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * The loop built-ins of the script ({@code scan}, {@code fori_loop}, {@code while_loop}) against hand loops written
 * here in Java, their gradients against central differences and closed forms, a 1,000-step
 * gradient descent on the cookbook's logistic regression, and recursive defs under grad.
 */
class LoopScriptTest {
  static double one(String src) {
    List<String> out = runJson(src);
    return data(out.get(out.size() - 1))[0];
  }

  @Test
  void scanReturnsTheCarryAndTheStackedYs() {
    List<String> out = runJson("def step(c, x) = (c + x, c * x)\n"
        + "c, ys = scan(step, 1.0, array([1.0, 2.0, 3.0]))\nprint(c)\nprint(ys)\n"
        + "c, ys = scan(step, 1.0, array([1.0, 2.0, 3.0]), reverse=True)\nprint(c)\nprint(ys)\n");
    // Forward: c = 1, 2, 4, 7; ys = c before each step times x: 1, 4, 12.
    assertEquals(7.0, data(out.get(0))[0]);
    assertArrayEquals(new double[] {1, 4, 12}, data(out.get(1)));
    // Reverse: steps x = 3, 2, 1: c = 1, 4, 6, 7; ys[t] at t: ys[2] = 3, ys[1] = 8, ys[0] = 6.
    assertEquals(7.0, data(out.get(2))[0]);
    assertArrayEquals(new double[] {6, 8, 3}, data(out.get(3)));
  }

  @Test
  void scanWithoutXsAndATupleCarry() {
    // Fibonacci with a pair carry, xs=None: 10 steps from (0, 1).
    List<String> out = runJson("def fib(c, x) = ((c[1], c[0] + c[1]), c[0])\n"
        + "c, ys = scan(fib, (0.0, 1.0), None, length=10)\nprint(c[0])\nprint(ys)\n");
    assertEquals(55.0, data(out.get(0))[0]);
    assertArrayEquals(new double[] {0, 1, 1, 2, 3, 5, 8, 13, 21, 34}, data(out.get(1)));
  }

  @Test
  void gradientThroughAScanIsTheHandDerivative() {
    // f(a) = c_n with c <- sin(a * c + x_t): the derivative by a hand forward-mode loop.
    double[] xs = {0.3, -0.2, 0.5, 0.1, 0.7};
    double a = 0.9;
    double c = 0.4;
    double dc = 0.0;
    for (double x : xs) {
      double u = a * c + x;
      dc = Math.cos(u) * (c + a * dc);
      c = Math.sin(u);
    }
    String src = "xs = array([0.3, -0.2, 0.5, 0.1, 0.7])\n"
        + "def f(a) {\n  c, ys = scan(lambda c, x: (sin(a * c + x), c), 0.4, xs)\n  return c\n}\n";
    assertEquals(c, one(src + "print(f(0.9))\n"), 1e-15);
    assertEquals(dc, one(src + "print(grad(f)(0.9))\n"), 1e-14);
    // And through vmap: a batch of a is a loop of calls.
    double[] batch = data(runJson(src + "print(vmap(grad(f))(array([0.9, 0.5])))\n").get(0));
    assertEquals(dc, batch[0], 1e-14);
    assertEquals(one(src + "print(grad(f)(0.5))\n"), batch[1], 1e-14);
  }

  @Test
  void foriLoopIsAHandLoopAndDifferentiates() {
    double x = 1.0;
    double dx = 1.0;
    for (int i = 0; i < 20; i++) {
      double r = 0.05 * i;
      dx = dx * (1 - r * 2 * x * 0.1);
      x = x - r * x * x * 0.1;
    }
    String src = "def g(x0) = fori_loop(0, 20, lambda i, x: x - 0.05 * i * x * x * 0.1, x0)\n";
    assertEquals(x, one(src + "print(g(1.0))\n"), 1e-14);
    assertEquals(dx, one(src + "print(grad(g)(1.0))\n"), 1e-13);
  }

  @Test
  void aThousandStepsOfGradientDescentOnTheCookbooksLogisticRegression() {
    String src = "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)\n"
        + "def predict(W, b, inputs) = sigmoid(dot(inputs, W) + b)\n"
        + "inputs = array([[0.52, 1.12,  0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30],"
        + " [0.74, -2.49, 1.39]])\n"
        + "targets = array([True, True, False, True])\n"
        + "def loss(W, b) {\n  preds = predict(W, b, inputs)\n"
        + "  label_probs = preds * targets + (1 - preds) * (1 - targets)\n"
        + "  return -sum(log(label_probs))\n}\n"
        + "def train(params) {\n"
        + "  def step(i, p) {\n    gW, gb = grad(loss, (0, 1))(p[0], p[1])\n"
        + "    return (p[0] - 0.1 * gW, p[1] - 0.1 * gb)\n  }\n"
        + "  return fori_loop(0, 1000, step, params)\n}\n"
        + "W, b = train((array([0.1, -0.2, 0.3]), 0.0))\n"
        + "print(W)\nprint(b)\nprint(loss(W, b))\n";
    List<String> out = runJson(src);
    double[] w = data(out.get(0));
    double b = data(out.get(1))[0];
    // The same descent in plain Java with the hand gradient of the logistic loss:
    // d/dz -log(p or 1 - p) = p - y for z = x . W + b.
    double[][] in = {{0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30},
        {0.74, -2.49, 1.39}};
    double[] y = {1, 1, 0, 1};
    double[] hw = {0.1, -0.2, 0.3};
    double hb = 0.0;
    for (int s = 0; s < 1000; s++) {
      double[] gw = new double[3];
      double gb = 0;
      for (int r = 0; r < 4; r++) {
        double z = in[r][0] * hw[0] + in[r][1] * hw[1] + in[r][2] * hw[2] + hb;
        double p = 0.5 * (Math.tanh(z / 2) + 1);
        for (int k = 0; k < 3; k++) {
          gw[k] += (p - y[r]) * in[r][k];
        }
        gb += p - y[r];
      }
      for (int k = 0; k < 3; k++) {
        hw[k] -= 0.1 * gw[k];
      }
      hb -= 0.1 * gb;
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(hw[k], w[k], 1e-9, "W[" + k + "]");
    }
    assertEquals(hb, b, 1e-9);
    assertTrue(data(out.get(2))[0] < 0.1, "the loss after training: " + out.get(2));
  }

  @Test
  void aRecursiveDefWorksUnderGradWhenItsDepthIsStatic() {
    // Issue 11: the trace cache key recursed into the function's own name.
    // grad traces every argument, so the count is closed over (JAX's static_argnums).
    String src = "def h(z, n) = z if n == 0 else h(z, n - 1)\n";
    assertEquals(1.0, one(src + "print(grad(lambda z: h(z, 0))(1.0))\n"));
    assertEquals(1.0, one(src + "print(grad(lambda z: h(z, 3))(2.0))\n"));
    assertEquals(2.0, one(src + "print(h(2.0, 3))\n"));
    String pow = "def p(z, n) = 1.0 if n == 0 else z * p(z, n - 1)\n";
    assertEquals(4 * Math.pow(1.5, 3), one(pow + "print(grad(lambda z: p(z, 4))(1.5))\n"), 1e-12);
    // A traced count is a positioned error that names the way out, not "recursion too deep".
    ScriptError e = error(src + "print(grad(h)(1.0, 0))\n");
    assertTrue(e.getMessage().contains("t.ct:1:20"), e.getMessage());
    assertTrue(e.getMessage().contains("fori_loop"), e.getMessage());
    assertEquals(1.5 * 1.5 * 1.5 * 1.5, one(pow + "print(vmap(lambda z: p(z, 4))(array([1.5])))\n"),
        1e-12);
  }

  /** The loss of docs/examples/euler_ode.ct in plain Java. */
  static double lotkaVolterraLoss(double x0, double y0, double alpha) {
    double x = x0;
    double y = y0;
    double loss = 0;
    for (int t = 1; t <= 2000; t++) {
      double nx = x + 0.001 * (alpha * x - 0.4 * x * y);
      double ny = y + 0.001 * (0.1 * x * y - 0.8 * y);
      x = nx;
      y = ny;
      if (t % 100 == 0) {
        loss += (x - 10) * (x - 10) + (y - 5) * (y - 5);
      }
    }
    return loss / 20;
  }

  @Test
  void theEulerOdeExampleChecksItsGradientAgainstFiniteDifferences() throws Exception {
    String src = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "examples",
        "euler_ode.ct"));
    String text = ScriptSessionTest.runText(src);
    assertTrue(text.contains("d/dx0 agrees True\nd/dy0 agrees True\nd/dalpha agrees True\n"),
        text);
    List<String> out = runJson(src);
    assertEquals(lotkaVolterraLoss(10, 5, 1.1), data(out.get(0))[0], 1e-11);
    double[] g = data(out.get(1));
    double e = 1e-6;
    double[] fd = {
        (lotkaVolterraLoss(10 + e, 5, 1.1) - lotkaVolterraLoss(10 - e, 5, 1.1)) / (2 * e),
        (lotkaVolterraLoss(10, 5 + e, 1.1) - lotkaVolterraLoss(10, 5 - e, 1.1)) / (2 * e),
        (lotkaVolterraLoss(10, 5, 1.1 + e) - lotkaVolterraLoss(10, 5, 1.1 - e)) / (2 * e)};
    for (int k = 0; k < 3; k++) {
      assertEquals(fd[k], g[k], 1e-6 * (1 + Math.abs(fd[k])), "gradient " + k);
    }
  }

  @Test
  void condPicksABranchAndOnlyItsDerivativeCounts() {
    String src = "def f(x) = cond(x > 0, lambda u: sqrt(u) * 2.0, lambda u: u * u, x)\n";
    assertEquals(6.0, one(src + "print(f(9.0))\n"), 1e-15);
    assertEquals(4.0, one(src + "print(f(-2.0))\n"), 1e-15);
    assertEquals(1.0 / 3.0, one(src + "print(grad(f)(9.0))\n"), 1e-15);
    assertEquals(-4.0, one(src + "print(grad(f)(-2.0))\n"), 1e-15);
    // The untaken sqrt at 0 has an infinite derivative: it does not reach the gradient.
    assertEquals(0.0, one(src + "print(grad(f)(0.0))\n"));
    // Under vmap the predicate is batched: both branches, a select per lane.
    assertArrayEquals(new double[] {1.0 / 3.0, -4.0, 0.0},
        data(runJson(src + "print(vmap(grad(f))(array([9.0, -2.0, 0.0])))\n").get(0)), 1e-15);
    // A branch may capture values of the enclosing function.
    String cap = "def g(x, w) = cond(w > 1, lambda u: u * w, lambda u: u + w, x)\n";
    assertEquals(3.0, one(cap + "print(grad(g)(1.0, 3.0))\n"));
    assertEquals(1.0, one(cap + "print(grad(g, 1)(1.0, 3.0))\n"));
    ScriptError e = error("print(cond(1.0, lambda u: u, lambda u: (u, u), 2.0))\n");
    assertTrue(e.getMessage().contains("must return the same structure"), e.getMessage());
  }

  @Test
  void errorsArePositionedAndSayWhatToDo() {
    ScriptError e = error("c, ys = scan(lambda c, x: (c + x, c), 0, array([1.0, 2.0]))\n");
    assertTrue(e.getMessage().contains("t.ct:1:"), e.getMessage());
    assertTrue(e.getMessage().contains("write 0.0 for a float one"), e.getMessage());
    e = error("c = scan(lambda c, x: c + x, 0.0, array([1.0, 2.0]))\n");
    assertTrue(e.getMessage().contains("must return a pair (carry, y)"), e.getMessage());
    e = error("c = scan(lambda c, x: (c, x), 0.0)\n");
    assertTrue(e.getMessage().contains("needs xs or length="), e.getMessage());
    // A traced bound makes a while loop, which needs an integer bound.
    e = error("def f(n) = fori_loop(0, n, lambda i, x: x, 1.0)\nprint(grad(f)(3.0))\n");
    assertTrue(e.getMessage().contains("upper must be an integer scalar"), e.getMessage());
    assertTrue(e.getMessage().contains("t.ct:1:"), e.getMessage());
  }

  static final String NEWTON = "def newton(a) = while_loop(lambda x: abs(x * x - a) > 1e-13 * a,"
      + " lambda x: 0.5 * (x + a / x), a)\n"
      + "def newton_m(a) = while_loop(lambda x: abs(x * x - a) > 1e-13 * a,"
      + " lambda x: 0.5 * (x + a / x), a, max_steps=40)\n";

  @Test
  void reverseModeThroughNewtonsSqrtAgainstFiniteDifferences() {
    for (String f : new String[] {"newton", "newton_m"}) {
      for (double a : new double[] {2.0, 0.05, 3e5}) {
        double eps = 1e-6 * a;
        double fd = (one(NEWTON + "print(" + f + "(" + (a + eps) + "))\n")
            - one(NEWTON + "print(" + f + "(" + (a - eps) + "))\n")) / (2 * eps);
        double g = one(NEWTON + "print(grad(" + f + ")(" + a + "))\n");
        assertEquals(fd, g, 1e-6 * Math.abs(fd), f + " at " + a);
        assertEquals(0.5 / Math.sqrt(a), g, 1e-9 / Math.sqrt(a), f + " at " + a);
        assertEquals(Math.sqrt(a), one(NEWTON + "print(" + f + "(" + a + "))\n"),
            1e-12 * Math.sqrt(a));
      }
      // Second order: grad of grad against central differences of the gradient.
      double a = 2.0;
      double eps = 1e-5;
      double fd = (one(NEWTON + "print(grad(" + f + ")(" + (a + eps) + "))\n")
          - one(NEWTON + "print(grad(" + f + ")(" + (a - eps) + "))\n")) / (2 * eps);
      assertEquals(fd, one(NEWTON + "print(grad(grad(" + f + "))(" + a + "))\n"), 1e-7);
      assertEquals(-0.25 * Math.pow(a, -1.5), fd, 1e-7);
    }
  }

  @Test
  void whileLoopWithATupleCarryAndVmapWithABatchedPredicate() {
    List<String> out = runJson("c = while_loop(lambda c: c[0] < 10, lambda c: (c[0] + 1, c[1] * 2.0),"
        + " (0, 1.0))\nprint(c[0])\nprint(c[1])\n");
    assertEquals(10.0, data(out.get(0))[0]);
    assertEquals(1024.0, data(out.get(1))[0]);
    // Each lane stops at its own tolerance: a loop of calls.
    double[] as = {0.5, 9.0, 1e4};
    for (String f : new String[] {"newton", "grad(newton)", "grad(newton_m)"}) {
      double[] batch = data(runJson(NEWTON + "print(vmap(" + f + ")(array([0.5, 9.0, 1e4])))\n")
          .get(0));
      for (int k = 0; k < 3; k++) {
        assertEquals(one(NEWTON + "print(" + f + "(" + as[k] + "))\n"), batch[k], 1e-15
            * Math.abs(batch[k]), f + " lane " + k);
      }
    }
  }

  @Test
  void foriLoopWithATracedBoundIsAWhileLoop() {
    String src = "def f(x, n) = fori_loop(0, n, lambda i, c: c * x, 1.0)\n";
    assertEquals(1.5 * 1.5 * 1.5, one(src + "print(f(1.5, 3))\n"), 1e-15);
    assertEquals(3 * 1.5 * 1.5, one(src + "print(grad(f)(1.5, 3))\n"), 1e-14);
    assertEquals(5 * Math.pow(1.5, 4), one(src + "print(grad(f)(1.5, 5))\n"), 1e-13);
    assertEquals(0.0, one(src + "print(grad(f)(1.5, 0))\n"));
  }

  @Test
  void whileLoopErrorsArePositioned() {
    ScriptError e = error("x = 1.0\ny = while_loop(lambda x: x < 1e9, lambda x: x * 2.0, x,"
        + " max_steps=5)\n");
    assertTrue(e.getMessage().contains("t.ct:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("while_loop ran past max_steps=5"), e.getMessage());
    e = error(NEWTON + "def h(a) = while_loop(lambda x: x < 1e9 * a, lambda x: x * 2.0, a,"
        + " max_steps=5)\nprint(grad(h)(1.0))\n");
    assertTrue(e.getMessage().contains("t.ct:4:"), e.getMessage());
    assertTrue(e.getMessage().contains("while_loop ran past max_steps=5"), e.getMessage());
    e = error("y = while_loop(lambda x: x < 3.0, lambda x: x * 2.0, 1.0, max_steps=0)\n");
    assertTrue(e.getMessage().contains("max_steps must be a positive integer"), e.getMessage());
    e = error("y = while_loop(lambda x: x < 3, lambda x: x * 2.0, 1)\n");
    assertTrue(e.getMessage().contains("write 0.0 for a float one"), e.getMessage());
    e = error("y = while_loop(lambda x: array([1.0, 2.0]), lambda x: x, 1.0)\n");
    assertTrue(e.getMessage().contains("cond_fun must return a real scalar"), e.getMessage());
  }
}
