package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
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
 * argmax and argmin in code for symbolic sizes ({@link SymbolicArgReduce}): at many sizes bit
 * for bit the interpreter and the static program; ties and NaNs as the interpreter; an empty
 * axis refused at entry.
 */
class SymbolicArgReduceTest {
  static Graph positions() {
    TensorType t = SymbolicGraphs.f64(SymbolicGraphs.M, SymbolicGraphs.N);
    return Graph.trace(List.of("x", "v"), List.of(t, SymbolicGraphs.f64(SymbolicGraphs.N)),
        ps -> {
          Node x = ps.get(0);
          // Rounded so that ties occur; a NaN where x is below -0.9 (log of a negative).
          Node r = Ir.round(Ir.mul(x, Ir.full(2.0, t)));
          Node withNan = Ir.select(Ir.lt(x, Ir.full(-0.9, t)), Ir.log(x), r);
          return List.of(Ir.argmax(r, 1), Ir.argmin(withNan, 0), Ir.argmax(ps.get(1), 0),
              Ir.argmin(Ir.transpose(withNan, 1, 0), 1));
        });
  }

  static List<Map<String, Long>> nonEmpty() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("m") >= 1 && e.get("n") >= 1) {
        envs.add(e);
      }
    }
    envs.add(env("m", 30, "n", 25));
    return envs;
  }

  @Test
  void positionsAtManySizesWithTiesAndNans() {
    agrees(positions(), nonEmpty());
  }

  /** A loss whose value depends on argmax (through a convert) and its gradient. */
  @Test
  void insideADifferentiatedProgram() {
    TensorType t = SymbolicGraphs.f64(SymbolicGraphs.M, SymbolicGraphs.N);
    Graph f = Graph.trace(List.of("x"), List.of(t), ps -> {
      Node x = ps.get(0);
      Node at = Ir.convert(Ir.argmax(x, 1), DType.F64);
      Node w = Ir.broadcastInDim(Ir.add(at, Ir.full(1.0, at.type())), t.shape(), 0);
      return List.of(Ir.reduceSum(Ir.mul(w, Ir.sin(x)), 0, 1));
    });
    agrees(Ad.valueAndGrad(f, 0), nonEmpty());
  }

  @Test
  void anEmptyAxisIsRefusedAtEntry() {
    Graph g = positions();
    SizedCompiled c = SizedCompiled.of(g);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {2, 0}, new double[][] {new double[0], new double[0]},
            new double[][] {new double[2], new double[0], new double[1], new double[0]}));
    assertEquals("argmax of f64[m,n] has no position: axis 1 (size n) is empty (m = 2, n = 0)",
        e.getMessage());
  }
}
