package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * sort and argsort in code for symbolic sizes ({@link SymbolicSort}): at many sizes bit for bit
 * the interpreter and the static program, with ties, NaNs and operands that are views; argsort
 * inside a gradient (its derivative is zero); sort's gradient (a permutation of the cotangent).
 */
class SymbolicSortTest {
  static final TensorType MN = SymbolicGraphs.f64(SymbolicGraphs.M, SymbolicGraphs.N);

  /** Rounded (ties) with NaNs where x < -0.9, along both axes, one operand a transpose. */
  static Node keys(Node x) {
    Node r = Ir.round(Ir.mul(x, Ir.full(3.0, MN)));
    return Ir.select(Ir.lt(x, Ir.full(-0.9, MN)), Ir.log(x), r);
  }

  @Test
  void valuesAndPositionsAtManySizes() {
    Graph g = Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node k = keys(ps.get(0));
      return List.of(Ir.sort(k, 1), Ir.argsort(k, 0), Ir.sort(Ir.transpose(k, 1, 0), 0),
          Ir.argsort(Ir.transpose(ps.get(0), 1, 0), 1));
    });
    List<Map<String, Long>> envs = pairs("m", "n");
    envs.add(env("m", 40, "n", 33));
    SizedCompiled c = agrees(g, envs);
    assertTrue(c.source.source().contains("Rt.argsort("), c.source.source());
  }

  /** The positions as weights: a gradient through argsort (zero) and the rest of the loss. */
  @Test
  void argsortInsideAGradient() {
    Graph f = Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node x = ps.get(0);
      Node w = Ir.convert(Ir.argsort(x, 1), DType.F64);
      return List.of(Ir.reduceSum(Ir.mul(w, Ir.sin(x)), 0, 1));
    });
    agrees(Ad.valueAndGrad(f, 0), pairs("m", "n"));
  }

  /** sort's derivative permutes the cotangent by argsort's positions (a gather, then a scatter). */
  @Test
  void sortsGradientAtManySizes() {
    Graph f = Graph.trace(List.of("x"), List.of(MN), ps -> List.of(Ir.reduceSum(Ir.mul(
        Ir.sin(Ir.sort(keys(ps.get(0)), 1)), Ir.sort(ps.get(0), 0)), 0, 1)));
    agrees(Ad.valueAndGrad(f, 0), pairs("m", "n"));
  }
}
