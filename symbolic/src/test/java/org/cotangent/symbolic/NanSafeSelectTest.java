package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * NaN-safe select adjoints (issue 11 item 4): the branch a select did not take contributes 0 to a
 * gradient even where its derivative is infinite or NaN (JAX gives NaN), the taken branch's
 * non-finite derivative is kept, and where both branches are finite nothing changes: the gradient
 * equals forward mode (whose rule is untouched) and finite differences.
 */
class NanSafeSelectTest {
  static final TensorType S = TensorType.f64();

  static Graph scalar(Function<Node, Node> f) {
    return Graph.trace(List.of("x"), List.of(S), ps -> List.of(f.apply(ps.get(0))));
  }

  static double grad(Graph f, double x) {
    return Interpreter.eval(Ad.grad(f), Tensor.scalar(x)).get(0).item();
  }

  static double jacfwd(Graph f, double x) {
    return Interpreter.eval(Ad.jacfwd(f, 0), Tensor.scalar(x)).get(0).item();
  }

  static Node where(Node c, Node a, Node b) {
    return Np.where(c, a, b);
  }

  @Test
  void theJaxFaqCaseIsZeroNotNan() {
    // grad(lambda x: where(x > 0, sqrt(x), 0.))(0.)
    Graph f = scalar(x -> where(Np.greater(x, Np.scalar(0.0)), Np.sqrt(x), Np.scalar(0.0)));
    assertEquals(0.0, grad(f, 0.0));
    assertEquals(0.0, grad(f, -1.0));
    assertEquals(0.5 / Math.sqrt(2.0), grad(f, 2.0), 1e-15);
  }

  @Test
  void theGuardedLogAtTheBoundary() {
    Graph f = scalar(x -> where(Np.greater(x, Np.scalar(0.0)), Np.log(x), Np.scalar(0.0)));
    assertEquals(0.0, grad(f, -1.0));
    assertEquals(0.0, grad(f, 0.0));
    assertEquals(0.5, grad(f, 2.0));
    // The untaken branch in the false position: where(x <= 0, 0, log(x)).
    Graph g = scalar(x -> where(Np.lessEqual(x, Np.scalar(0.0)), Np.scalar(0.0), Np.log(x)));
    assertEquals(0.0, grad(g, 0.0));
    assertEquals(0.25, grad(g, 4.0));
    // Through a negation and a chain: where(x > 0, -sin(sqrt(x)) * 3, 0).
    Graph h = scalar(x -> where(Np.greater(x, Np.scalar(0.0)),
        Np.mul(Np.neg(Np.sin(Np.sqrt(x))), Np.scalar(3.0)), Np.scalar(0.0)));
    assertEquals(0.0, grad(h, 0.0));
  }

  @Test
  void jaxIssue1052ArctanOfZeroOverZeroIsMasked() {
    // where(c > 0.5, 0, arctan2(a, a)) with a = [3, 0, -5], c = [0, 1, 0]: the middle lane takes
    // 0, whose neighbour arctan2(0, 0) has derivative 0/0.
    TensorType v3 = TensorType.f64(3);
    Tensor c = Tensor.of(0, 1, 0);
    Graph f = Graph.trace(List.of("a"), List.of(v3), ps -> List.of(Np.sum(where(
        Np.greater(Ir.constant(c), Np.scalar(0.5)), Ir.zeros(v3),
        Np.arctan2(ps.get(0), ps.get(0))))));
    double[] g = Interpreter.eval(Ad.grad(f), Tensor.of(3, 0, -5)).get(0).unsafeData();
    for (double d : g) {
      assertEquals(0.0, d, 0.0); // +0 or -0: the derivative of atan2(a, a) is 0 where a != 0
    }
  }

  @Test
  void aNonFiniteDerivativeOfTheTakenBranchIsKept() {
    Graph f = scalar(x -> where(Np.greaterEqual(x, Np.scalar(0.0)), Np.sqrt(x), Np.scalar(0.0)));
    assertEquals(Double.POSITIVE_INFINITY, grad(f, 0.0));
    Graph g = scalar(x -> where(Np.greaterEqual(x, Np.scalar(0.0)), Np.log(x), Np.scalar(0.0)));
    assertEquals(Double.POSITIVE_INFINITY, grad(g, 0.0));
  }

  @Test
  void whereBothBranchesAreFiniteTheGradientIsForwardModesAndFiniteDifferences() {
    // Random points on both sides of the switch, away from it; several piecewise functions.
    List<Function<Node, Node>> fs = List.of(
        x -> where(Np.greater(x, Np.scalar(0.0)), Np.log(x), Np.mul(x, x)),
        x -> where(Np.less(x, Np.scalar(0.3)), Np.mul(Np.sin(x), Np.exp(x)),
            Np.div(Np.scalar(1.0), x)),
        x -> Np.mul(where(Np.greater(x, Np.scalar(-0.2)), Np.sqrt(Np.add(x, Np.scalar(1.0))),
            Np.neg(x)), Np.cos(x)));
    Random rng = new Random(11);
    for (Function<Node, Node> body : fs) {
      Graph f = scalar(body);
      for (int k = 0; k < 20; k++) {
        double x = (rng.nextBoolean() ? 1 : -1) * (0.1 + 2 * rng.nextDouble());
        if (Math.abs(x - 0.3) < 0.05 || Math.abs(x + 0.2) < 0.05) {
          continue;
        }
        double g = grad(f, x);
        assertEquals(jacfwd(f, x), g, 1e-14 * (1 + Math.abs(g)), "x = " + x);
        double e = 1e-6;
        double fd = (Interpreter.eval(f, Tensor.scalar(x + e)).get(0).item()
            - Interpreter.eval(f, Tensor.scalar(x - e)).get(0).item()) / (2 * e);
        assertEquals(fd, g, 1e-6 * (1 + Math.abs(fd)), "x = " + x);
      }
      CheckGrads.checkGrads(f, List.of(Tensor.scalar(0.7)), 2, rng);
    }
  }

  @Test
  void theHessianOfTheGuardedLogIsFiniteDifferencesOfItsGradient() {
    Graph f = scalar(x -> where(Np.greater(x, Np.scalar(0.0)), Np.log(x), Np.scalar(0.0)));
    Graph g = Ad.grad(f);
    Graph gg = Ad.grad(g);
    for (double x : new double[] {0.5, 2.0, -1.0}) {
      double e = 1e-6;
      double fd = (Interpreter.eval(g, Tensor.scalar(x + e)).get(0).item()
          - Interpreter.eval(g, Tensor.scalar(x - e)).get(0).item()) / (2 * e);
      assertEquals(fd, Interpreter.eval(gg, Tensor.scalar(x)).get(0).item(), 1e-6);
    }
    // At the boundary the second derivative of the untaken branch is masked too.
    double at0 = Interpreter.eval(gg, Tensor.scalar(0.0)).get(0).item();
    assertTrue(at0 == 0.0, "second derivative at 0: " + at0);
  }
}
