package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.DimValue;
import org.cotangent.symbolic.ops.SizeValue;
import org.junit.jupiter.api.Test;

/**
 * {@code dim_value}, a size as a value: a constant size is a constant (static graphs never hold
 * one), specialisation folds it, and code for symbolic sizes reads it from the size variables,
 * giving the interpreter's and the static program's bits at every size, 0 among them.
 */
class SymbolicDimValueTest {
  static final Dim M = SymbolicGraphs.M;
  static final Dim N = SymbolicGraphs.N;

  /** Column means of x: f64[m,n] times (m*n - n + 1), and its gradient. */
  static Graph means() {
    return Graph.trace(List.of("x"), List.of(SymbolicGraphs.f64(M, N)), ps -> {
      Node rows = SizeValue.of(M, TensorType.of(DType.F64, Shape.of(N)));
      Node k = SizeValue.of(M.times(N).minus(N).plus(1), TensorType.of(DType.F64));
      Node mean = Ir.div(Ir.reduceSum(ps.get(0), 0), rows);
      return List.of(Ir.reduceSum(Ir.mul(Ir.sin(mean), Ir.broadcastInDim(k, Shape.of(N))), 0));
    });
  }

  @Test
  void aConstantSizeIsAConstant() {
    Node c = SizeValue.of(Dim.of(7), TensorType.of(DType.F64));
    assertTrue(c.isConstant(), c.toString());
    Node d = Node.make(new DimValue(Dim.of(3), DType.I64));
    assertTrue(d.isConstant(), d.toString());
    assertEquals(3.0, ((org.cotangent.symbolic.ir.Constant) d.op()).uniformValue());
  }

  @Test
  void specialisationFoldsItAndTheInterpreterNeedsSizes() {
    Graph g = means();
    assertEquals(java.util.Set.of("m", "n"), g.sizeVars());
    Graph s = g.specialize(Map.of("m", 4L, "n", 3L));
    assertTrue(s.isStatic());
    for (Node n : s.topoOrder()) {
      assertFalse(n.op() instanceof DimValue, "folded: " + n);
    }
    Node raw = Node.make(new DimValue(N, DType.F64));
    assertThrows(SymbolicDimException.class, () -> raw.op().eval(List.of()));
  }

  @Test
  void valuesAndGradientsAtEverySize() {
    agrees(means(), pairs("m", "n"));
    agrees(Ad.valueAndGrad(means(), 0), pairs("m", "n"));
  }

  @Test
  void theCodeReadsTheSizes() {
    String src = JavaEmitter.emit(means()).source();
    assertTrue(src.contains("(double) m"), src);
    assertTrue(src.contains("(double) (m_n - n + 1)") || src.contains("(double) (m_n + 1 - n)"),
        src);
  }
}
