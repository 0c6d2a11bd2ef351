package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.DotGeneral;
import org.junit.jupiter.api.Test;

/**
 * A product of a finite real constant with the identity matrix is the constant, transposed
 * (issue 12 item 1): the Hessian of {@code x^T A x} is {@code A + A^T} with no n^3 products, and
 * the rule agrees with the product evaluated element by element; a constant with an infinity
 * keeps the product, whose NaNs are the product's own.
 */
class IdentityProductTest {
  static Node eye(int n) {
    TensorType t = TensorType.of(DType.I64, n, n);
    return Ir.convert(Ir.eq(Ir.iota(t, 0), Ir.iota(t, 1)), DType.F64);
  }

  static long products(Graph g) {
    return g.topoOrder().stream().filter(n -> n.op() instanceof DotGeneral).count();
  }

  /** The op's own element-by-element evaluation, which no simplification reaches. */
  static Tensor direct(DotGeneral op, Node x, Node y) {
    return op.eval(List.of(Interpreter.eval(Graph.trace(List.of(), List.of(), ps -> List.of(x)))
        .get(0), Interpreter.eval(Graph.trace(List.of(), List.of(), ps -> List.of(y))).get(0)));
  }

  @Test
  void hessianOfAQuadraticFormIsASumOfTheMatrixAndItsTranspose() {
    int n = 5;
    Tensor a = Tensor.normal(3, TensorType.f64(n, n));
    Graph f = Graph.trace(List.of("x"), List.of(TensorType.f64(n)),
        ps -> List.of(JacobianTest.dot(ps.get(0), JacobianTest.dot(Ir.constant(a), ps.get(0)))));
    Graph h = Ad.hessian(f, 0);
    assertEquals(0, products(h), h.toString());
    Tensor got = Interpreter.eval(h, Tensor.normal(4, TensorType.f64(n))).get(0);
    double[] want = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        want[i * n + j] = a.get(i * n + j) + a.get(j * n + i);
      }
    }
    assertArrayEquals(want, got.data(), 0);
  }

  @Test
  void theFoldEqualsTheProductOnEitherSideAndAnyContractedAxis() {
    Tensor c = Tensor.normal(5, TensorType.f64(2, 3, 4));
    for (int axis = 0; axis < 3; axis++) {
      int n = c.shape().dim(axis);
      Node k = Ir.constant(c);
      Node e = eye(n);
      for (int side = 0; side < 2; side++) {
        for (int eyeAxis = 0; eyeAxis < 2; eyeAxis++) {
          int[] cc = {axis};
          int[] ec = {eyeAxis};
          DotGeneral op = side == 0
              ? new DotGeneral(cc, ec, new int[0], new int[0])
              : new DotGeneral(ec, cc, new int[0], new int[0]);
          Node folded = side == 0 ? Ir.dotGeneral(k, e, cc, ec, new int[0], new int[0])
              : Ir.dotGeneral(e, k, ec, cc, new int[0], new int[0]);
          assertTrue(!(folded.op() instanceof DotGeneral), "not folded: " + folded);
          Tensor want = side == 0 ? direct(op, k, e) : direct(op, e, k);
          Tensor got = Interpreter.eval(Graph.trace(List.of(), List.of(),
              ps -> List.of(folded))).get(0);
          assertEquals(want.type(), got.type());
          assertArrayEquals(want.data(), got.data(), 0, "axis " + axis + " side " + side);
        }
      }
    }
  }

  @Test
  void aConstantWithAnInfinityKeepsTheProduct() {
    Tensor a = Tensor.of(new double[][] {{1, Double.POSITIVE_INFINITY}, {2, 3}});
    Node p = Ir.dotGeneral(Ir.constant(a), eye(2), new int[] {1}, new int[] {0}, new int[0],
        new int[0]);
    assertTrue(p.op() instanceof DotGeneral, p.toString());
    Tensor got = Interpreter.eval(Graph.trace(List.of(), List.of(), ps -> List.of(p))).get(0);
    assertTrue(Double.isNaN(got.get(0)), "0 * inf is NaN in the product: " + got);
  }

  @Test
  void aProductWithATracedOperandStaysAProduct() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(3, 3)),
        ps -> List.of(Ir.dotGeneral(ps.get(0), eye(3), new int[] {1}, new int[] {0}, new int[0],
            new int[0])));
    assertEquals(1, products(g));
  }
}
