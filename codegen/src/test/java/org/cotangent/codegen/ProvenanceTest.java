package org.cotangent.codegen;

import static org.cotangent.codegen.CompiledMatchesInterpreterTest.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.SourcePos;
import org.junit.jupiter.api.Test;

/**
 * Provenance in generated code, on hand-built graphs that carry origins and constant names (as
 * front ends will record them): a run of statements from one source line is introduced by a
 * comment quoting it, inside and outside fused loops; constants are named after their sources.
 */
class ProvenanceTest {
  static final String[] LINES = {
    "", "def f(x, b):", "  p = sin(x) * targets", "  s = sum(p)", "  return exp(s * b)"};

  static Origin at(int line, Origin.Role role) {
    return new Origin(new SourcePos("f.ct", line, 3, LINES[line]), role);
  }

  /** f and one hand-written cotangent statement (d/db of exp(s * b) is r * s). */
  static Graph graph() {
    Node x = Param.node(0, TensorType.f64(4));
    Node b = Param.node(1, TensorType.f64());
    Node targets = Ir.constant(Tensor.of(1, 0, 1, 1));
    Map<Node, Origin> origins = new IdentityHashMap<>();
    Node sin = Np.sin(x);
    Node p = Np.mul(sin, targets);
    origins.put(sin, at(2, Origin.Role.PRIMAL));
    origins.put(p, at(2, Origin.Role.PRIMAL));
    Node s = Np.sum(p);
    origins.put(s, at(3, Origin.Role.PRIMAL));
    Node q = Np.mul(s, b);
    Node r = Np.exp(q);
    origins.put(q, at(4, Origin.Role.PRIMAL));
    origins.put(r, at(4, Origin.Role.PRIMAL));
    Node bBar = Np.mul(r, s);
    origins.put(bBar, at(4, Origin.Role.COTANGENT));
    Map<Node, String> names = new IdentityHashMap<>();
    names.put(targets, "targets");
    names.put(p, "p");
    names.put(s, "s");
    return new Graph(List.of("x", "b"), List.of(x.type(), b.type()), List.of(r, bBar),
        List.of("r", "b_bar"), names, origins);
  }

  @Test
  void runsOfOneOriginAreIntroducedByTheirSourceLine() {
    GeneratedSource src = JavaEmitter.emit(graph(), "p", "F");
    assertEquals(""
        + "  public void call(final double[][] in, final double[][] out) {\n"
        + "    final double[] x = in[0];\n"
        + "    final double b = in[1][0];\n"
        + "    // fused loop over [4]: sin, mul, reduce_sum\n"
        + "    double s = 0.0;\n"
        + "    for (int i = 0; i < 4; i++) {\n"
        + "      // from: p = sin(x) * targets  (f.ct:2)\n"
        + "      // sin0 = sin x\n"
        + "      final double sin0 = Math.sin(x[i]);\n"
        + "      // p = mul targets sin0\n"
        + "      final double p = targets[i] * sin0;\n"
        + "      // from: s = sum(p)  (f.ct:3)\n"
        + "      // s = reduce_sum[axes=(0)] p\n"
        + "      s += p;\n"
        + "    }\n"
        + "    // from: return exp(s * b)  (f.ct:4)\n"
        + "    // mul1 = mul s b\n"
        + "    final double mul1 = s * b;\n"
        + "    // r = exp mul1\n"
        + "    final double r = Math.exp(mul1);\n"
        + "    // grad of: return exp(s * b)  (f.ct:4)\n"
        + "    // b_bar = mul r s\n"
        + "    final double b_bar = r * s;\n"
        + "    out[0][0] = r;\n"
        + "    out[1][0] = b_bar;\n"
        + "  }\n"
        + "}\n", src.source().substring(src.source().indexOf("  public void call")));
    assertTrue(src.source().contains("  private final double[] targets;\n"), src.source());
    assertTrue(src.source().contains("    this.targets = constants[0];\n"), src.source());
    assertSameValues(graph(), List.of(Tensor.of(0.1, 0.2, 0.3, 0.4), Tensor.scalar(0.5)));
  }

  @Test
  void constantNamesAreSanitisedAndAllocatedLikeEveryName() {
    Node x = Param.node(0, TensorType.f64(2));
    Node a = Ir.constant(Tensor.of(1, 2));
    Node c = Ir.constant(Tensor.of(3, 4));
    Node d = Ir.constant(Tensor.of(5, 6));
    Map<Node, String> names = new IdentityHashMap<>();
    names.put(a, "x");
    names.put(c, "my weights");
    Graph g = new Graph(List.of("x"), List.of(x.type()),
        List.of(Np.add(Np.add(Np.mul(a, x), c), d)), null, names);
    String src = JavaEmitter.emit(g).source();
    assertTrue(src.contains("private final double[] x_2;"), src);
    assertTrue(src.contains("private final double[] my_weights;"), src);
    assertTrue(src.contains("private final double[] c2;"), src);
    assertSameValues(g, List.of(Tensor.of(0.5, -1)));
  }

  @Test
  void anOriginWithoutItsLineTextNamesThePlace() {
    assertEquals("grad of f.ct:9", OriginComments.text(new Origin(new SourcePos("f.ct", 9, 1, ""),
        Origin.Role.COTANGENT)));
    assertEquals("tangent of: y = x  (f.ct:9)", OriginComments.text(new Origin(
        new SourcePos("f.ct", 9, 1, "   y = x   "), Origin.Role.TANGENT)));
  }
}
