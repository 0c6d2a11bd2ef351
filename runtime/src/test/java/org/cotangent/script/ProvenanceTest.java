package org.cotangent.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.SourcePos;
import org.junit.jupiter.api.Test;

/**
 * Provenance recorded while tracing: every node a statement makes carries that statement's
 * origin (file, line, column, the line's text), the innermost statement winning for nested calls;
 * bound variables name their nodes; constants captured from top-level variables are named after
 * them.
 */
class ProvenanceTest {
  /** The script of the README's tour, line for line (lines 1-12). */
  static final String README = "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15]])\n"
      + "targets = array([True, False])\n"
      + "\n"
      + "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)\n"
      + "def predict(W, b, inputs) = sigmoid(inputs @ W + b)\n"
      + "\n"
      + "def loss(W, b) {\n"
      + "  preds = predict(W, b, inputs)\n"
      + "  label_probs = preds * targets + (1 - preds) * (1 - targets)\n"
      + "  return -sum(log(label_probs))\n"
      + "}\n"
      + "\n"
      + "W = array([0.1, -0.2, 0.3])\n"
      + "b = 0.5\n";

  static Graph trace(String src, String fn, TensorType... types) {
    ScriptSession s = new ScriptSession(
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    s.run(src, "model.ct");
    return s.trace(fn, List.of(types));
  }

  /** The one node named {@code name} in {@code g}. */
  static Node named(Graph g, String name) {
    Node found = null;
    for (Map.Entry<Node, String> e : g.nodeNames().entrySet()) {
      if (e.getValue().equals(name)) {
        assertNull(found, "two nodes named " + name);
        found = e.getKey();
      }
    }
    assertNotNull(found, "no node named " + name + " in " + g.nodeNames().values());
    return found;
  }

  /** The nodes below {@code root} (itself included), stopping at parameters, constants and {@code stops}. */
  static List<Node> below(Node root, Node... stops) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Collections.addAll(seen, stops);
    List<Node> out = new ArrayList<>();
    Deque<Node> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n) || n.op() instanceof Param || n.isConstant()) {
        continue;
      }
      out.add(n);
      todo.addAll(n.inputs());
    }
    return out;
  }

  static void assertOrigin(Origin o, int line, int column, String text) {
    assertNotNull(o);
    SourcePos p = o.pos();
    assertEquals("model.ct", p.file());
    assertEquals(line, p.line(), o.toString());
    assertEquals(column, p.column(), o.toString());
    assertEquals(text, p.lineText());
    assertEquals(Origin.Role.PRIMAL, o.role());
  }

  @Test
  void everyNodeOfAStatementHasItsOrigin() {
    Graph g = trace(README, "loss", TensorType.f64(3), TensorType.f64());
    Node labelProbs = named(g, "label_probs");
    Node preds = named(g, "preds");
    Origin o = g.originOf(labelProbs);
    assertOrigin(o, 9, 3, "  label_probs = preds * targets + (1 - preds) * (1 - targets)");
    assertEquals("from: label_probs = preds * targets + (1 - preds) * (1 - targets) (model.ct:9)",
        o.toString());
    // add, the two muls and 1 - preds: all of that statement.
    List<Node> sub = below(labelProbs, preds);
    assertEquals(4, sub.size(), sub.toString());
    for (Node n : sub) {
      assertEquals(o, g.originOf(n), n.toString());
    }
    // The loss itself comes from the return statement.
    for (Node n : below(g.output(0), labelProbs)) {
      assertOrigin(g.originOf(n), 10, 3, "  return -sum(log(label_probs))");
    }
  }

  @Test
  void nodesOfACalledFunctionComeFromItsStatements() {
    // preds = predict(W, b, inputs): the innermost statement making a node is its origin, so the
    // sigmoid's nodes come from the line of sigmoid and its argument from the line of predict.
    Graph g = trace(README, "loss", TensorType.f64(3), TensorType.f64());
    Node preds = named(g, "preds");
    assertOrigin(g.originOf(preds), 4, 18, "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)");
    Node logits = null;
    for (Node n : below(preds)) {
      if (n.op().name().equals("add") && (n.input(0).op().name().equals("dot_general")
          || n.input(1).op().name().equals("dot_general"))) {
        logits = n;
      }
    }
    assertNotNull(logits, "inputs @ W + b");
    for (Node n : below(logits)) {
      assertOrigin(g.originOf(n), 5, 29, "def predict(W, b, inputs) = sigmoid(inputs @ W + b)");
    }
    for (Node n : below(preds, logits)) {
      assertOrigin(g.originOf(n), 4, 18, "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)");
    }
  }

  @Test
  void capturedConstantsAreNamedAfterTheirVariables() {
    Graph g = trace(README, "loss", TensorType.f64(3), TensorType.f64());
    Node inputs = named(g, "inputs");
    assertTrue(inputs.isConstant());
    assertArrayEquals(new double[] {0.52, 1.12, 0.77, 0.88, -1.08, 0.15},
        ((Constant) inputs.op()).value().unsafeData());
    // preds * targets promotes the boolean targets to f64; the promoted constant keeps the name.
    Node targets = named(g, "targets");
    assertEquals(TensorType.f64(2), targets.type());
    assertArrayEquals(new double[] {1, 0}, ((Constant) targets.op()).value().unsafeData());
    assertTrue(g.topoOrder().contains(targets));
    // b = 0.5 names no constant: every literal 0.5 is the same node, and sigmoid has one.
    assertFalse(g.nodeNames().containsValue("b"));
    assertFalse(g.nodeNames().containsValue("W"));
    // Constants have no origin: they are values of the top level, not of a statement traced.
    assertNull(g.originOf(inputs));
  }

  @Test
  void nestedDefinitionsAndLambdasHaveTheirOwnPositions() {
    String src = "scale = array([1.0, 2.0, 3.0])\n"
        + "def f(x) {\n"
        + "  def sq(y) = y * y\n"
        + "  h = lambda z: sin(z) * scale\n"
        + "  s = sq(x) + h(x)\n"
        + "  return sum(s)\n"
        + "}\n";
    Graph g = trace(src, "f", TensorType.f64(3));
    Node s = named(g, "s");
    assertOrigin(g.originOf(s), 5, 3, "  s = sq(x) + h(x)");
    Node scaled = null;
    for (Node in : s.inputs()) {
      if (in.inputs().stream().anyMatch(Node::isConstant)) {
        scaled = in;
      }
    }
    assertNotNull(scaled, "sin(z) * scale in " + s.inputs());
    assertEquals("scale", g.nameOf(scaled.inputs().stream().filter(Node::isConstant).findFirst().get()));
    for (Node n : below(scaled)) {
      assertOrigin(g.originOf(n), 4, 17, "  h = lambda z: sin(z) * scale");
    }
    Node square = s.input(s.input(0) == scaled ? 1 : 0);
    for (Node n : below(square)) {
      assertOrigin(g.originOf(n), 3, 15, "  def sq(y) = y * y");
    }
    assertOrigin(g.originOf(g.output(0)), 6, 3, "  return sum(s)");
  }

  @Test
  void aTransformationInsideATraceKeepsEveryNodeAnOrigin() {
    // The gradient of the inner lambda is inlined into f's trace; its nodes come from the
    // lambda's lines (whatever role the transformation gives them) or from the statement that
    // applied it, and the argument of the call from that statement.
    String src = "def f(x) {\n"
        + "  y = x * x\n"
        + "  d = grad(lambda t: sum(sin(t) * y))(x * 2)\n"
        + "  return sum(d + y)\n"
        + "}\n";
    Graph g = trace(src, "f", TensorType.f64(3));
    for (Node n : g.topoOrder()) {
      if (!(n.op() instanceof Param) && !n.isConstant()) {
        assertNotNull(g.originOf(n), n + " has no origin");
        int line = g.originOf(n).pos().line();
        assertTrue(line >= 2 && line <= 4, g.originOf(n).toString());
      }
    }
    assertOrigin(g.originOf(named(g, "y")), 2, 3, "  y = x * x");
    assertOrigin(g.originOf(g.output(0)), 4, 3, "  return sum(d + y)");
  }
}
