package org.cotangent.symbolic.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Param;
import org.junit.jupiter.api.Test;

/** The Graphviz DOT form of graphs: exact text, determinism and escaping. */
class DotPrinterTest {
  static final TensorType V3 = TensorType.f64(3);

  /** sum(sin(x) * x), with the product named "p". */
  static Graph sumSinTimesX() {
    Node x = Param.node(0, V3);
    Node p = Ir.mul(Ir.sin(x), x);
    Node s = Ir.reduceSum(p, 0);
    return new Graph(List.of("x"), List.of(V3), List.of(s), List.of("loss"), Map.of(p, "p"));
  }

  @Test
  void printsOneNodePerIrNodeWithEdgesFromInputToUser() {
    String expected = "digraph cotangent {\n"
        + "  node [shape=ellipse, fontname=\"monospace\"];\n"
        + "  edge [fontname=\"monospace\", fontsize=10];\n"
        + "  n0 [shape=box, label=\"x\\nparam 0 : f64[3]\"];\n"
        + "  n1 [label=\"sin : f64[3]\"];\n"
        + "  n2 [label=\"p\\nmul : f64[3]\"];\n"
        + "  n3 [label=\"reduce_sum[axes=(0)] : f64[]\", peripheries=2];\n"
        + "  n0 -> n1;\n"
        + "  n1 -> n2 [label=\"0\"];\n"
        + "  n0 -> n2 [label=\"1\"];\n"
        + "  n2 -> n3;\n"
        + "  out0 [shape=plaintext, label=\"out: loss\"];\n"
        + "  n3 -> out0;\n"
        + "}\n";
    assertEquals(expected, DotPrinter.print(sumSinTimesX()));
  }

  @Test
  void isDeterministicAndCoversTransformedGraphs() {
    Graph grad = Ad.grad(sumSinTimesX());
    String dot = DotPrinter.print(grad);
    assertEquals(dot, DotPrinter.print(Ad.grad(sumSinTimesX())));
    assertTrue(dot.startsWith("digraph cotangent {\n"), dot);
    assertTrue(dot.endsWith("}\n"), dot);
    assertTrue(dot.contains("cos : f64[3]"), dot);
    assertTrue(dot.contains("label=\"out: x_bar\""), dot);
    // one DOT node per IR node, plus one marker per output
    long nodes = dot.lines().filter(l -> l.matches("  (n\\d+|out\\d+) \\[.*")).count();
    assertEquals(grad.nodeCount() + grad.outputs().size(), nodes, dot);
  }

  @Test
  void escapesNamesAndTitles() {
    Node x = Param.node(0, V3);
    Graph g = new Graph(List.of("a\"b\\c"), List.of(V3), List.of(Ir.sin(x)),
        List.of("say \"hi\"\nnow"), Map.of());
    String dot = DotPrinter.print(g, "f \"quoted\"");
    assertTrue(dot.startsWith("digraph \"f \\\"quoted\\\"\" {\n"), dot);
    assertTrue(dot.contains("label=\"a\\\"b\\\\c\\nparam 0 : f64[3]\""), dot);
    assertTrue(DotPrinter.print(g, "f").startsWith("digraph f {\n"));
    assertTrue(DotPrinter.print(g, "graph").startsWith("digraph \"graph\" {\n"));
    assertTrue(dot.contains("label=\"out: say \\\"hi\\\"\\nnow\""), dot);
    // every quote inside a label is escaped: stripping escapes leaves balanced quotes per line
    for (String line : dot.split("\n")) {
      String unescaped = line.replace("\\\\", "").replace("\\\"", "");
      assertEquals(0, unescaped.chars().filter(c -> c == '"').count() % 2, line);
    }
  }

  @Test
  void marksParametersThatAreOutputsAndRepeatedOutputs() {
    Node x = Param.node(0, V3);
    Graph g = new Graph(List.of("x"), List.of(V3), List.of(x, x));
    String dot = DotPrinter.print(g);
    assertTrue(dot.contains("n0 [shape=box, label=\"x\\nparam 0 : f64[3]\", peripheries=2];"),
        dot);
    assertTrue(dot.contains("n0 -> out0;\n") && dot.contains("n0 -> out1;\n"), dot);
    assertTrue(dot.contains("label=\"out: out0\"") && dot.contains("label=\"out: out1\""), dot);
  }
}
