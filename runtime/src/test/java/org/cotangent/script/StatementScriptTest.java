package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.LOGISTIC;
import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The statements {@code for}, {@code while} and {@code if}: as Python runs them where values are
 * concrete, and traced into loops and conds inside transformations, checked against hand loops in
 * Java, central differences and the structure of the traced graph.
 */
class StatementScriptTest {
  static double one(String src) {
    List<String> out = runJson(src);
    return data(out.get(out.size() - 1))[0];
  }

  /** The number of nodes with op {@code name} in {@code fn} traced at {@code types}. */
  static long count(String src, String fn, String op, TensorType... types) {
    ScriptSession s = new ScriptSession(new PrintStream(new ByteArrayOutputStream()), true);
    s.run(src, "t.ct");
    Graph g = s.trace(fn, List.of(types));
    return g.topoOrder().stream().filter((Node n) -> n.op().name().equals(op)).count();
  }

  /** Central difference of the script function {@code f} (one f64 argument) at {@code x}. */
  static double fd(String src, String f, double x) {
    double h = 1e-6;
    return (one(src + "print(" + f + "(" + (x + h) + "))\n")
        - one(src + "print(" + f + "(" + (x - h) + "))\n")) / (2 * h);
  }

  @Test
  void topLevelLoopsRunAsPython() {
    List<String> out = runJson("s = 0\nfor i in range(5) {\n  s = s + i\n}\nprint(s)\nprint(i)\n"
        + "t = 0.0\nfor x in array([1.0, 2.0, 3.0]) { t = t + x * x; last = x }\nprint(t)\n"
        + "print(last)\n"
        + "n = 10\nwhile n > 1 { n = n - 3 }\nprint(n)\n"
        + "for a, b in [(1, 2), (3, 4)] { s = s + a * b }\nprint(s)\n"
        + "for i in range(10, 0, -3) { print(i) }\n"
        + "if s > 100 { print(1) } else if s > 20 { print(2) } else { print(3) }\n");
    assertEquals(10.0, data(out.get(0))[0]);
    assertEquals(4.0, data(out.get(1))[0]);
    assertEquals(14.0, data(out.get(2))[0]);
    assertEquals(3.0, data(out.get(3))[0]);
    assertEquals(1.0, data(out.get(4))[0]);
    assertEquals(24.0, data(out.get(5))[0]);
    assertEquals(List.of(10.0, 7.0, 4.0, 1.0), List.of(data(out.get(6))[0], data(out.get(7))[0],
        data(out.get(8))[0], data(out.get(9))[0]));
    assertEquals(2.0, data(out.get(10))[0]);
  }

  static final String POLY = "def p(x) {\n  s = 0.0\n  for i in range(6) {\n"
      + "    s = s + x ** i / (i + 1)\n  }\n  return s\n}\n";

  @Test
  void aForLoopUnderGradIsOneLoopWhateverItsLength() {
    // d/dx sum_{i<6} x^i / (i + 1) = sum_{0<i<6} i x^(i-1) / (i + 1).
    double x = 0.7;
    double d = 0;
    for (int i = 1; i < 6; i++) {
      d += i * Math.pow(x, i - 1) / (i + 1);
    }
    assertEquals(d, one(POLY + "print(grad(p)(0.7))\n"), 1e-14);
    assertEquals(fd(POLY, "p", 0.7), one(POLY + "print(grad(p)(0.7))\n"), 1e-8);
    String longLoop = POLY.replace("range(6)", "range(100000)");
    assertEquals(1, count(longLoop, "p", "scan", TensorType.of(org.cotangent.symbolic.DType.F64)));
    assertTrue(count(longLoop, "p", "pow", TensorType.of(org.cotangent.symbolic.DType.F64)) <= 1);
    // Evaluating outside a transformation runs the same loop as Python does.
    double v = 0;
    for (int i = 0; i < 6; i++) {
      v += Math.pow(x, i) / (i + 1);
    }
    assertEquals(v, one(POLY + "print(p(0.7))\n"), 1e-15);
    assertEquals(v, one(POLY + "print(value_and_grad(p)(0.7)[0])\n"), 1e-15);
  }

  @Test
  void aForLoopOverAnArrayIsAScanAndDifferentiates() {
    // h <- tanh(w * h + x_t) over the rows of xs; d h_T / d w by a hand forward-mode loop.
    String src = "xs = array([0.3, -0.2, 0.5, 0.1])\n"
        + "def rnn(w) {\n  h = 0.1\n  for x in xs {\n    u = w * h + x\n    h = tanh(u)\n  }\n"
        + "  return h\n}\n";
    double w = 0.8;
    double h = 0.1;
    double dh = 0;
    for (double x : new double[] {0.3, -0.2, 0.5, 0.1}) {
      double t = Math.tanh(w * h + x);
      dh = (1 - t * t) * (h + w * dh);
      h = t;
    }
    assertEquals(dh, one(src + "print(grad(rnn)(0.8))\n"), 1e-14);
    assertEquals(1, count(src, "rnn", "scan", TensorType.of(org.cotangent.symbolic.DType.F64)));
    // vmap of the gradient is a loop of calls.
    double[] b = data(runJson(src + "print(vmap(grad(rnn))(array([0.8, -0.3])))\n").get(0));
    assertEquals(dh, b[0], 1e-14);
    assertEquals(one(src + "print(grad(rnn)(-0.3))\n"), b[1], 1e-14);
  }

  static final String SAFE = "def f(x) {\n  if x > 0 {\n    y = sqrt(x)\n  } else {\n"
      + "    y = 0.0 * x\n  }\n  return y\n}\n";

  @Test
  void anIfOnATracedValueIsACondAndItsUntakenBranchGivesNoNan() {
    assertEquals(0.25, one(SAFE + "print(grad(f)(4.0))\n"), 1e-15);
    assertEquals(0.0, one(SAFE + "print(grad(f)(0.0))\n"));
    assertEquals(0.0, one(SAFE + "print(grad(f)(-2.0))\n"));
    assertEquals(1, count(SAFE, "f", "cond", TensorType.of(org.cotangent.symbolic.DType.F64)));
    double[] b = data(runJson(SAFE + "print(vmap(grad(f))(array([4.0, 0.0, -1.0])))\n").get(0));
    assertArrayEquals(new double[] {0.25, 0.0, 0.0}, b);
    // Second order: f'' = -x^(-3/2) / 4 for x > 0.
    assertEquals(-0.25 / 8, one(SAFE + "print(grad(grad(f))(4.0))\n"), 1e-15);
  }

  @Test
  void returningBranchesAndElseIf() {
    String src = "def g(x) {\n  if x > 1 {\n    return x * x\n  } else if x > -1 {\n"
        + "    return sin(x)\n  } else {\n    return -x\n  }\n}\n";
    assertEquals(4.0, one(src + "print(grad(g)(2.0))\n"), 1e-15);
    assertEquals(Math.cos(0.5), one(src + "print(grad(g)(0.5))\n"), 1e-15);
    assertEquals(-1.0, one(src + "print(grad(g)(-3.0))\n"), 1e-15);
    assertEquals(fd(src, "g", 0.5), one(src + "print(grad(g)(0.5))\n"), 1e-8);
    assertEquals(Math.sin(0.5), one(src + "print(g(0.5))\n"), 1e-15);
  }

  @Test
  void aConcreteConditionInsideATraceIsAPlainIf() {
    // n is a plain integer: the if picks its branch while tracing, so no cond is made.
    String src = "def h(x) {\n  n = 3\n  if n > 2 {\n    x = x * 2.0\n  }\n  return x\n}\n";
    assertEquals(2.0, one(src + "print(grad(h)(1.5))\n"));
    assertEquals(0, count(src, "h", "cond", TensorType.of(org.cotangent.symbolic.DType.F64)));
  }

  @Test
  void gradientDescentAsAForStatementTrainsTheLogisticRegression() {
    // 1,000 steps at the top level (concrete, Python's loop), and the same loop traced inside a
    // function: the same parameters.
    String src = LOGISTIC + "W = array([0.1, -0.2, 0.3])\nb = 0.5\n"
        + "for step in range(1000) {\n  gW, gb = grad(loss, (0, 1))(W, b)\n"
        + "  W = W - 0.1 * gW\n  b = b - 0.1 * gb\n}\nprint(loss(W, b))\nprint(W)\n"
        + "def train(W, b) {\n  for step in range(1000) {\n    gW, gb = grad(loss, (0, 1))(W, b)\n"
        + "    W = W - 0.1 * gW\n    b = b - 0.1 * gb\n  }\n  return W\n}\n"
        + "print(jvp(train, (array([0.1, -0.2, 0.3]), 0.5), (zeros(3), 0.0))[0])\n";
    List<String> out = runJson(src);
    double trained = data(out.get(0))[0];
    double initial = one(LOGISTIC + "print(loss(array([0.1, -0.2, 0.3]), 0.5))\n");
    assertTrue(trained < 0.2 * initial, trained + " vs " + initial);
    assertArrayEquals(data(out.get(1)), data(out.get(2)), 1e-12);
  }

  @Test
  void aTracedLoopRunsInsideAGradOfTheTrainingLoop() {
    // d loss(train(W0)) / d b0 through 20 unrolled-free steps, against central differences.
    String src = LOGISTIC + "def train(b) {\n  W = array([0.1, -0.2, 0.3])\n"
        + "  for step in range(20) {\n    gW, gb = grad(loss, (0, 1))(W, b)\n"
        + "    W = W - 0.1 * gW\n    b = b - 0.1 * gb\n  }\n  return loss(W, b)\n}\n";
    double g = one(src + "print(grad(train)(0.5))\n");
    assertEquals(fd(src, "train", 0.5), g, 1e-7);
  }

  @Test
  void mistakesAreNamedAtTheirPosition() {
    ScriptError e = error("def f(x) {\n  s = 0\n  for i in range(3) { s = s + x }\n  return s\n}\n"
        + "grad(f)(1.0)\n");
    assertTrue(e.getMessage().startsWith("t.ct:3:3: the for loop changes the type of 's': it is"
        + " i64[] before the loop and f64[] after a step"), e.getMessage());
    assertTrue(e.getMessage().contains("write 0.0"), e.getMessage());
    e = error("def f(x) {\n  for i in range(3) { t = x * i }\n  return t\n}\ngrad(f)(1.0)\n");
    assertTrue(e.getMessage().startsWith("t.ct:3:10: 't' is assigned only inside the for loop at"
        + " 2:3"), e.getMessage());
    e = error("def f(x) {\n  for i in range(3) { return x }\n  return x\n}\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:23: 'return' inside a for loop is not"
        + " supported"), e.getMessage());
    e = error("for i in range(3) { break }\n");
    assertTrue(e.getMessage().startsWith("t.ct:1:21: 'break' is not supported"), e.getMessage());
    e = error("def f(x) {\n  if x > 0 { return x }\n  return -x\n}\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:14: this 'return' is inside an 'if' whose"
        + " branches do not all return"), e.getMessage());
    e = error("def f(x) {\n  if x > 0 { y = x } else { y = array([x, x]) }\n  return sum(y)\n}\n"
        + "grad(f)(1.0)\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:3: the branches of this if give the names it"
        + " assigns different types: y: f64[] in the if block, y: f64[2] in the else block"),
        e.getMessage());
    e = error("def f(x) {\n  if x {\n    x = 2 * x\n  }\n  return sum(x)\n}\n"
        + "grad(f)(array([1.0, 2.0]))\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:6: the condition of an if must be a real scalar"),
        e.getMessage());
    e = error("def f(x, n) {\n  for i in range(0, n, 2) { x = x * 2.0 }\n  return x\n}\n"
        + "grad(f, 0)(1.0, 3)\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:24: range() with a traced bound takes no step"),
        e.getMessage());
    e = error("def f(x) {\n  while x { x = x - 1.0 }\n  return x\n}\n"
        + "grad(f)(array([1.0, 2.0]))\n");
    assertTrue(e.getMessage().contains("the condition of a while loop must be a real scalar"),
        e.getMessage());
    e = error("if 1 > 0 {\n  x = 1\n}\nelse { x = 2 }\n");
    assertTrue(e.getMessage().startsWith("t.ct:4:1: 'else' without an 'if'"), e.getMessage());
    e = error("for i in range(3)\n{ print(i) }\n");
    assertTrue(e.getMessage().startsWith("t.ct:1:18: expected '{' to open the for loop"),
        e.getMessage());
  }

  static final String NEWTON = "def root(a) {\n  x = 1.0 + a\n  err = 1.0\n"
      + "  while err > 1e-14 {\n    y = 0.5 * (x + a / x)\n    err = abs(y - x)\n    x = y\n  }\n"
      + "  return x\n}\n";

  @Test
  void aWhileStatementUnderGradIsAWhileLoopWithReverseMode() {
    // Newton's iteration for sqrt(a), stopped by a tolerance: its trip count is decided at run
    // time. d sqrt(a) / da = 1 / (2 sqrt(a)).
    for (double a : new double[] {2.0, 0.3, 9.0}) {
      assertEquals(Math.sqrt(a), one(NEWTON + "print(root(" + a + "))\n"), 1e-15);
      double g = one(NEWTON + "print(grad(root)(" + a + "))\n");
      assertEquals(0.5 / Math.sqrt(a), g, 1e-12);
      assertEquals(fd(NEWTON, "root", a), g, 1e-7);
    }
    assertEquals(1, count(NEWTON, "root", "while",
        TensorType.of(org.cotangent.symbolic.DType.F64)));
    double[] b = data(runJson(NEWTON + "print(vmap(grad(root))(array([2.0, 9.0])))\n").get(0));
    assertArrayEquals(new double[] {0.5 / Math.sqrt(2), 0.5 / 3}, b, 1e-12);
  }

  @Test
  void aForLoopWithATracedBoundIsAWhileLoop() {
    // n is traced (an argument of the transformed function): sum_{i < n} x^i.
    String src = "def f(x, n) {\n  s = 0.0\n  for i in range(n) {\n    s = s + x ** i\n  }\n"
        + "  return s\n}\n";
    double x = 0.7;
    double d = 0;
    for (int i = 1; i < 5; i++) {
      d += i * Math.pow(x, i - 1);
    }
    assertEquals(d, one(src + "print(grad(f)(0.7, 5))\n"), 1e-14);
    assertEquals(d, one(src + "print(vmap(grad(f), in_axes=(0, None))(array([0.7, 0.7]), 5))\n"),
        1e-14);
  }
}
