package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.ExpressionSizeTest;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The schedule on its own, without text: which nodes fuse, which are views, what is scattered
 * and in what order the pieces come. (A trailing {@code *} marks a member stored in an array,
 * {@code +} an accumulation.)
 */
class ScheduleTest {
  private static Schedule schedule(Graph g) {
    return Schedule.of(g, Lowerings.standard());
  }

  @Test
  void logisticRegressionGradientIsOneLoopBetweenTwoProducts() {
    Schedule s = schedule(Ad.grad(ExpressionSizeTest.logisticRegression()));
    assertEquals("statement dot_general\n"
        + "view broadcast_in_dim\n"
        + "loop [4]: add div tanh add mul sub mul mul add div mul mul mul mul add square sub mul div*\n"
        + "statement dot_general\n"
        + "statement reduce_sum\n", s.toString());
    assertEquals(3, s.constants().size(), "inputs and the two target masks");
  }

  @Test
  void rosenbrockGradientIsOneLoopScatteringIntoTheResult() {
    Graph g = Ad.grad(ExpressionSizeTest.rosenbrock(100));
    Schedule s = schedule(g);
    assertEquals("view slice\nview slice\n"
        + "loop [99]: square sub mul mul mul sub mul add neg scatter(neg@0, mul@1)\n", s.toString());
    FusedLoop loop = assertInstanceOf(FusedLoop.class, s.items().get(2));
    FusedLoop.Scatter sc = loop.scatters().get(0);
    assertTrue(sc.root == g.output(0), "the scatter writes the gradient itself");
    // The pad at offset 1 reaches each element first, so it is written first (and assigns).
    assertEquals(List.of(1, 0), sc.writeOrder());
    assertTrue(loop.stored().isEmpty(), "no member needs an array");
  }

  @Test
  void aFullSumAccumulatesInTheLoopOfItsOperand() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(5)),
        ps -> List.of(Np.sum(Np.sin(ps.get(0))), Np.exp(ps.get(0))));
    assertEquals("loop [5]: sin exp* +reduce_sum\n", schedule(g).toString());
  }

  @Test
  void aProductOfAllElementsIsAStatementOfItsOwn() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(5)),
        ps -> List.of(Np.prod(Np.sin(ps.get(0)))));
    assertEquals("loop [5]: sin*\nstatement reduce_prod\n", schedule(g).toString());
  }

  @Test
  void aViewReadByANonFusedNodeIsMaterialised() {
    Graph sliceOfSum = Graph.trace(List.of("x"), List.of(TensorType.f64(2, 3)),
        ps -> List.of(Np.sum(Np.slice(Np.sin(ps.get(0)), 0, 1, null), 1)));
    assertEquals("loop [2,3]: sin*\nstatement slice\nstatement reduce_sum\n",
        schedule(sliceOfSum).toString());
    Graph sliceOfProduct = Graph.trace(List.of("x"), List.of(TensorType.f64(4)),
        ps -> List.of(Np.mul(Np.slice(ps.get(0), 0, 1, null), Np.scalar(2))));
    assertEquals("view slice\nloop [3]: mul*\n", schedule(sliceOfProduct).toString());
  }

  @Test
  void loopsOfDifferentShapesStayApartAndCloseWhenReadElsewhere() {
    Graph g = Graph.trace(List.of("x", "y"), List.of(TensorType.f64(3), TensorType.f64(4)),
        ps -> List.of(Np.add(Np.sum(Np.sin(ps.get(0))), Np.sum(Np.cos(ps.get(1))))));
    assertEquals("loop [3]: sin +reduce_sum\nloop [4]: cos +reduce_sum\nstatement add\n",
        schedule(g).toString());
  }

  @Test
  void aLongRunOfElementwiseNodesIsCutAtTheGroupLimit() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(2)), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < Schedule.GROUP_LIMIT + 5; k++) {
        v = Np.sin(v);
      }
      return List.of(v);
    });
    List<Schedule.Item> items = schedule(g).items();
    assertEquals(2, items.size());
    assertEquals(Schedule.GROUP_LIMIT, ((FusedLoop) items.get(0)).members().size());
    assertEquals(5, ((FusedLoop) items.get(1)).members().size());
  }

  /** A complex elementwise chain is one loop, as a real one; its full sum accumulates in it. */
  @Test
  void complexChainsFuseAsRealOnesDo() {
    Graph g = Graph.trace(List.of("z"), List.of(TensorType.of(DType.C128, 5)), ps -> {
      Node z = ps.get(0);
      return List.of(Np.sum(Np.add(Np.mul(Np.sin(z), z), org.cotangent.symbolic.Ir.conj(z))));
    });
    assertEquals("loop [5]: sin mul conj add +reduce_sum\n", schedule(g).toString());
  }

  /** A complex member counts three towards the limit of a loop (its code is that much longer). */
  @Test
  void complexLoopsCloseSooner() {
    Graph g = Graph.trace(List.of("z"), List.of(TensorType.of(DType.C128, 3)), ps -> {
      Node v = ps.get(0);
      for (int k = 0; k < 45; k++) {
        v = Np.sin(v);
      }
      return List.of(v);
    });
    List<Schedule.Item> items = schedule(g).items();
    assertEquals(2, items.size());
    assertEquals(Schedule.GROUP_LIMIT / Schedule.COMPLEX_WEIGHT,
        ((FusedLoop) items.get(0)).members().size());
  }
}
