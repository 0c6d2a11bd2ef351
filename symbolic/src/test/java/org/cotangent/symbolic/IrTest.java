package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.junit.jupiter.api.Test;

/** Hash-consing, simplification, printing, checking and shape errors of the IR. */
class IrTest {
  static final TensorType V3 = TensorType.f64(3);
  final Node x = Param.node(0, V3);
  final Node y = Param.node(1, V3);

  @Test
  void sameOpOnSameInputsIsTheSameNode() {
    assertSame(Ir.sin(x), Ir.sin(x));
    assertSame(Ir.mul(Ir.sin(x), y), Ir.mul(Ir.sin(x), y));
    assertNotSame(Ir.sin(x), Ir.cos(x));
    assertSame(Ir.reduceSum(x, 0), Ir.reduceSum(x, 0));
    assertSame(Ir.constant(Tensor.of(1, 2, 3)), Ir.constant(Tensor.of(1, 2, 3)));
  }

  @Test
  void neutralAndAbsorbingElementsVanish() {
    Node zero = Ir.zeros(V3);
    Node one = Ir.full(1.0, V3);
    assertSame(x, Ir.add(x, zero));
    assertSame(x, Ir.add(zero, x));
    assertSame(x, Ir.sub(x, zero));
    assertSame(Ir.neg(x), Ir.sub(zero, x));
    assertSame(x, Ir.mul(one, x));
    assertSame(x, Ir.mul(x, one));
    assertSame(Ir.neg(x), Ir.mul(Ir.full(-1.0, V3), x));
    assertSame(x, Ir.div(x, one));
    assertSame(x, Ir.neg(Ir.neg(x)));
    // x * 0 is not 0 when x is Inf or NaN, so it stays.
    assertEquals("mul", Ir.mul(zero, x).op().name());
  }

  @Test
  void constantFactorsMergeAndConstantsFold() {
    Node six = Ir.mul(Ir.full(2.0, V3), Ir.mul(Ir.full(3.0, V3), x));
    assertSame(Ir.mul(Ir.full(6.0, V3), x), six);
    assertSame(Ir.full(5.0, V3), Ir.add(Ir.full(2.0, V3), Ir.full(3.0, V3)));
    assertSame(Ir.constant(Math.sin(0.5)), Ir.sin(Ir.constant(0.5)));
  }

  @Test
  void structuralNoOpsVanishAndCompose() {
    Node m = Param.node(0, TensorType.f64(2, 3, 4));
    assertSame(m, Ir.transpose(Ir.transpose(m, 1, 2, 0), 2, 0, 1));
    assertSame(m, Ir.transpose(m, 0, 1, 2));
    assertSame(Ir.transpose(m, 2, 1, 0), Ir.transpose(Ir.transpose(m, 1, 0, 2), 2, 0, 1));
    assertSame(m, Ir.reshape(Ir.reshape(m, Shape.of(6, 4)), Shape.of(2, 3, 4)));
    assertSame(x, Ir.broadcastInDim(x, Shape.of(3), 0));
    assertSame(Ir.broadcastInDim(x, Shape.of(2, 5, 3), 2),
        Ir.broadcastInDim(Ir.broadcastInDim(x, Shape.of(5, 3), 1), Shape.of(2, 5, 3), 1, 2));
    assertSame(x, Ir.slice(x, new int[] {0}, new int[] {3}));
    assertSame(x, Ir.convert(x, DType.F64));
  }

  @Test
  void sumOfBroadcastIsAScale() {
    Node s = Param.node(0, TensorType.f64());
    Node b = Ir.broadcastInDim(s, Shape.of(4, 5));
    assertSame(Ir.mul(Ir.constant(20.0), s), Ir.reduceSum(b, 0, 1));
    Node bx = Ir.broadcastInDim(x, Shape.of(4, 3), 1);
    assertSame(Ir.mul(Ir.full(4.0, V3), x), Ir.reduceSum(bx, 0));
  }

  @Test
  void printsLikeAJaxpr() {
    Graph g = new Graph(List.of("x", "b"), List.of(V3, V3),
        List.of(Ir.mul(Ir.sin(x), Ir.add(y, Ir.full(2.0, V3)))));
    // mul is commutative: its operands (of equal height) are in canonical order.
    assertEquals("{ lambda x:f64[3] b:f64[3] .\n"
        + "  let a:f64[3] = add b 2.0:f64[3]\n"
        + "      c:f64[3] = sin x\n"
        + "      d:f64[3] = mul a c\n"
        + "  in ( d ) }", g.toString());
  }

  @Test
  void shapeRulesRejectMismatches() {
    Node m = Param.node(0, TensorType.f64(2, 3));
    IrException e = assertThrows(IrException.class, () -> Ir.add(x, m));
    assertEquals("add: operands must have the same type, got f64[3] and f64[2,3]", e.getMessage());
    e = assertThrows(IrException.class, () -> Np.matmul(m, m));
    assertEquals("matmul: shapes [2,3] and [2,3] are not aligned: 3 (axis 1) != 2 (axis 0)",
        e.getMessage());
    Node v2 = Param.node(1, TensorType.f64(2));
    e = assertThrows(IrException.class, () -> Np.add(v2, m));
    assertEquals("shapes [2] and [2,3] cannot be broadcast together", e.getMessage());
    e = assertThrows(IrException.class, () -> Ir.reshape(m, Shape.of(4)));
    assertTrue(e.getMessage().startsWith("reshape: cannot reshape [2,3] (6 elements) to [4]"));
    e = assertThrows(IrException.class, () -> Ir.sin(Ir.convert(x, DType.I64)));
    assertEquals("sin is not defined for i64 inputs (convert to f64 first)", e.getMessage());
    e = assertThrows(IrException.class, () -> Np.index(x, 0, 3));
    assertEquals("index 3 is out of bounds for axis 0 with size 3", e.getMessage());
  }

  @Test
  void gradRejectsWhatItCannotDifferentiate() {
    Graph vectorOut = new Graph(List.of("x"), List.of(V3), List.of(Ir.sin(x)));
    IrException e = assertThrows(IrException.class, () -> Ad.grad(vectorOut));
    assertTrue(e.getMessage().startsWith("grad requires a scalar output, got f64[3]"), e.getMessage());
    Graph complexOut = new Graph(List.of("x"), List.of(V3),
        List.of(Ir.convert(Ir.reduceSum(x, 0), DType.C128)));
    e = assertThrows(IrException.class, () -> Ad.grad(complexOut));
    assertEquals("grad requires a real output, but it is complex (c128[]); pass holomorphic=True"
        + " to differentiate a holomorphic function", e.getMessage());
    Graph scalar = new Graph(List.of("x"), List.of(V3), List.of(Ir.reduceSum(x, 0)));
    e = assertThrows(IrException.class, () -> Ad.grad(scalar, 1));
    assertEquals("argnums 1 is out of range for the function, which takes 1 argument", e.getMessage());
  }

  @Test
  void checkerRerunsShapeRulesAndRejectsUnboundParams() {
    Graph g = Ad.grad(ExpressionSizeTest.mlp());
    Checker.check(g);
    assertThrows(IllegalStateException.class,
        () -> new Graph(List.of("x"), List.of(V3), List.of(Ir.add(x, y))));
  }

  @Test
  void linearizeSplitsIntoPrimalAndLinearGraphs() {
    Graph f = new Graph(List.of("x"), List.of(V3), List.of(Ir.reduceSum(Ir.sin(x), 0)));
    org.cotangent.symbolic.ad.Linearize.Linearized lin = Ad.linearize(f);
    Checker.check(lin.primal);
    Checker.check(lin.linear);
    assertEquals(1, lin.numResiduals); // cos x
    Tensor at = Tensor.of(0.1, 0.2, 0.3);
    Tensor t = Tensor.of(1.0, -1.0, 2.0);
    List<Tensor> primal = Interpreter.eval(lin.primal, at);
    Tensor yDot = Interpreter.eval(lin.linear, primal.get(1), t).get(0);
    double expected = Math.cos(0.1) - Math.cos(0.2) + 2 * Math.cos(0.3);
    assertEquals(expected, yDot.item(), 1e-15);
    // No sin or cos is left in the linear graph: it only scales by the residual.
    assertTrue(!lin.linear.toString().contains("cos") && !lin.linear.toString().contains("sin"),
        lin.linear.toString());
  }

  @Test
  void tensorsPrintLikeNumpy() {
    assertEquals("[ 1.5 -2. ]", Tensor.of(1.5, -2.0).toString());
    assertEquals("[[ 1. -2.]\n [ 3.  4.]]", Tensor.of(new double[][] {{1, -2}, {3, 4}}).toString());
    assertEquals("[[[0. 1.]]\n\n [[2. 3.]]]",
        Tensor.wrap(TensorType.f64(2, 1, 2), new double[] {0, 1, 2, 3}).toString());
    assertEquals("-3.", Tensor.formatReal(-3.0));
    assertEquals("1e-08", Tensor.formatReal(1e-8));
  }

  /** max of an empty array has no value (NumPy and JAX refuse it); its JVP was 0/0 (fuzzer). */
  @Test
  void maxOverAnEmptyAxisIsAnError() {
    Node e = Param.node(0, TensorType.f64(2, 0));
    IrException ex = org.junit.jupiter.api.Assertions.assertThrows(IrException.class,
        () -> Ir.reduceMax(e, 1));
    assertEquals("reduce_max of an empty array has no value: axis 1 of f64[2,0] has size 0",
        ex.getMessage());
    // Reducing a non-empty axis of an empty array is fine (the result is empty too).
    assertEquals(TensorType.f64(0), Ir.reduceMax(Param.node(0, TensorType.f64(0, 3)), 1).type());
  }
}
