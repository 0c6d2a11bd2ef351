package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Expression swell is a bug: the VJP program of f (primal, residuals and adjoint together) must
 * stay within a small constant factor of f's size. Prints the node counts so they can be tracked.
 */
public class ExpressionSizeTest {
  static final double MAX_RATIO = 5.0;

  /** The logistic-regression loss of JAX's Autodiff Cookbook, inputs 4x3. */
  public static Graph logisticRegression() {
    Tensor inputs = Tensor.of(new double[][] {
      {0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30}, {0.74, -2.49, 1.39}});
    Tensor targets = Tensor.wrap(TensorType.of(DType.BOOL, 4), new double[] {1, 1, 0, 1});
    return Graph.trace(List.of("W", "b"), List.of(TensorType.f64(3), TensorType.f64()), ps -> {
      Node w = ps.get(0);
      Node b = ps.get(1);
      Node one = Np.scalar(1);
      Node x = Np.add(Np.dot(Ir.constant(inputs), w), b);
      Node preds = Np.mul(Np.scalar(0.5), Np.add(Np.tanh(Np.div(x, Np.scalar(2))), one));
      Node t = Ir.constant(targets);
      Node labelProbs = Np.add(Np.mul(preds, t), Np.mul(Np.sub(one, preds), Np.sub(one, t)));
      return List.of(Np.neg(Np.sum(Np.log(labelProbs))));
    });
  }

  public static Graph sumTanhSquared() {
    return Graph.trace(List.of("X"), List.of(TensorType.f64(30, 40)),
        ps -> List.of(Np.sum(Np.power(Np.tanh(ps.get(0)), Np.scalar(2)))));
  }

  public static Graph rosenbrock(int n) {
    return Graph.trace(List.of("x"), List.of(TensorType.f64(n)), ps -> {
      Node x = ps.get(0);
      Node head = Np.slice(x, 0, null, -1);
      Node tail = Np.slice(x, 0, 1, null);
      Node a = Np.mul(Np.scalar(100), Np.power(Np.sub(tail, Np.power(head, Np.scalar(2))),
          Np.scalar(2)));
      Node b = Np.power(Np.sub(Np.scalar(1), head), Np.scalar(2));
      return List.of(Np.sum(Np.add(a, b)));
    });
  }

  /** mean((tanh(X W1 + b1) W2 + b2 - Y)^2) with X 16x8, hidden 32, output 4. */
  public static Graph mlp() {
    Tensor data = Tensor.normal(7, TensorType.f64(16, 8));
    Tensor y = Tensor.normal(8, TensorType.f64(16, 4));
    return Graph.trace(List.of("W1", "b1", "W2", "b2"),
        List.of(TensorType.f64(8, 32), TensorType.f64(32), TensorType.f64(32, 4), TensorType.f64(4)),
        ps -> {
          Node h = Np.tanh(Np.add(Np.matmul(Ir.constant(data), ps.get(0)), ps.get(1)));
          Node out = Np.add(Np.matmul(h, ps.get(2)), ps.get(3));
          return List.of(Np.mean(Np.square(Np.sub(out, Ir.constant(y)))));
        });
  }

  private static void assertSmallAdjoint(String name, Graph f) {
    Graph vjp = Ad.vjp(f);
    Graph grad = Ad.grad(f);
    Checker.check(vjp);
    Checker.check(grad);
    double ratio = (double) vjp.nodeCount() / f.nodeCount();
    System.out.printf("%-28s f: %4d nodes   vjp: %4d nodes   ratio %.2f   grad: %4d nodes%n",
        name, f.nodeCount(), vjp.nodeCount(), ratio, grad.nodeCount());
    assertTrue(ratio <= MAX_RATIO, name + ": vjp has " + vjp.nodeCount() + " nodes, f has "
        + f.nodeCount() + "\n" + f + "\n" + vjp);
  }

  @Test
  void logisticRegressionAdjointIsSmall() {
    assertSmallAdjoint("logistic regression 4x3", logisticRegression());
  }

  @Test
  void sumTanhSquaredAdjointIsSmall() {
    assertSmallAdjoint("sum(tanh(X)**2) 30x40", sumTanhSquared());
  }

  @Test
  void rosenbrockAdjointIsSmall() {
    assertSmallAdjoint("rosenbrock n=100", rosenbrock(100));
  }

  @Test
  void mlpAdjointIsSmall() {
    assertSmallAdjoint("2-layer tanh MLP", mlp());
  }

  /**
   * The gradient of prod(sin(x)) takes O(log n) vectorised equations, not O(n) scalar ones (it
   * had 2,041 at n = 256), and it is exact where factors are zero.
   */
  @Test
  void prodGradientStaysSmallAndExactAtZeros() {
    for (int n : new int[] {256, 4096}) {
      Graph f = Graph.trace(List.of("x"), List.of(TensorType.f64(n)),
          ps -> List.of(Np.prod(Np.sin(ps.get(0)))));
      Graph grad = Ad.grad(f);
      int levels = 32 - Integer.numberOfLeadingZeros(n - 1);
      System.out.printf("prod(sin(x)) n=%d: grad has %d nodes%n", n, grad.nodeCount());
      assertTrue(grad.nodeCount() <= 10 * levels + 10, "n=" + n + ": " + grad.nodeCount() + " nodes");
    }
    Graph p = Graph.trace(List.of("x"), List.of(TensorType.f64(5)), ps -> List.of(Np.prod(ps.get(0))));
    assertEquals(List.of(Tensor.of(0, 24, 0, 0, 0)),
        Interpreter.eval(Ad.grad(p), Tensor.of(2, 0, 3, 4, 1)).subList(0, 1));
    assertEquals(List.of(Tensor.of(0, 0, 0, 0, 0)),
        Interpreter.eval(Ad.grad(p), Tensor.of(2, 0, 3, 0, 1)).subList(0, 1));
    Random rng = new Random(3);
    Graph q = Graph.trace(List.of("x"), List.of(TensorType.f64(3, 7, 2)),
        ps -> List.of(Np.sum(Np.prod(ps.get(0), 1, 2))));
    CheckGrads.checkGrads(q, List.of(CheckGrads.randomLike(TensorType.f64(3, 7, 2), rng)), 2, rng);
  }

  /** The same functions' gradients are right, so small is not bought with wrong. */
  @Test
  void theirGradientsAreRight() {
    Random rng = new Random(11);
    for (Graph f : List.of(logisticRegression(), sumTanhSquared(), rosenbrock(100), mlp())) {
      List<Tensor> x = new java.util.ArrayList<>();
      for (TensorType t : f.inputTypes()) {
        x.add(CheckGrads.randomLike(t, rng));
      }
      CheckGrads.checkJvp(f, x, rng);
      CheckGrads.checkVjp(f, x, rng);
    }
  }

  @Test
  void printsTheLogisticRegressionGradient() {
    System.out.println(Ad.grad(logisticRegression()));
  }
}
