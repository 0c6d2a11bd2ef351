package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.valueAndGrad;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.CotangentTest.assertClose;
import static org.cotangent.symbolic.Np.add;
import static org.cotangent.symbolic.Np.log;
import static org.cotangent.symbolic.Np.matmul;
import static org.cotangent.symbolic.Np.mul;
import static org.cotangent.symbolic.Np.neg;
import static org.cotangent.symbolic.Np.scalar;
import static org.cotangent.symbolic.Np.sigmoid;
import static org.cotangent.symbolic.Np.sub;
import static org.cotangent.symbolic.Np.sum;
import static org.cotangent.symbolic.Np.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.runtime.Backend;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.runtime.FreshBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loss of DESIGN.md section 7 (logistic regression over constant data), end to end. */
class LogisticRegressionTest {
  @RegisterExtension
  final FreshBackend backend = new FreshBackend();

  private static final Tensor INPUTS = Tensor.of(new double[][] {
      {0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30}, {0.74, -2.49, 1.39}});
  private static final Tensor TARGETS = Tensor.of(1, 1, 0, 1);


  static Node predict(Node w, Node b, Node inputs) {
    return sigmoid(add(matmul(inputs, w), b));
  }

  /** loss(W, b) = -sum(log(p * t + (1 - p) * (1 - t))), the data captured as constants. */
  static final Fn LOSS = Fn.of("loss", List.of("W", "b"), a -> {
    Node inputs = Ir.constant(INPUTS);
    Node targets = Ir.constant(TARGETS);
    Node preds = predict(a.get(0), a.get(1), inputs);
    Node one = scalar(1.0);
    Node labelProbs = add(mul(preds, targets), mul(sub(one, preds), sub(one, targets)));
    return List.of(neg(sum(log(labelProbs))));
  });

  @Test
  void gradientMatchesTheInterpreterAndTheClosedForm() {
    Tensor w = Tensor.of(0.1, -0.2, 0.3);
    Tensor b = Tensor.scalar(0.5);
    List<Tensor> g = grad(LOSS, 0, 1).call(w, b);
    Graph graph = LOSS.trace(w.type(), b.type());
    assertClose(Interpreter.eval(Ad.grad(graph, 0, 1), w, b), g);
    // d loss / d W = X^T (p - t), d loss / d b = sum(p - t).
    double[] gw = new double[3];
    double gb = 0;
    for (int i = 0; i < 4; i++) {
      double z = b.item();
      for (int j = 0; j < 3; j++) {
        z += INPUTS.get(3 * i + j) * w.get(j);
      }
      double r = 1 / (1 + Math.exp(-z)) - TARGETS.get(i);
      gb += r;
      for (int j = 0; j < 3; j++) {
        gw[j] += INPUTS.get(3 * i + j) * r;
      }
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(gw[j], g.get(0).get(j), 1e-14);
    }
    assertEquals(gb, g.get(1).item(), 1e-14);
  }

  @Test
  void gradientDescentLowersTheLoss() {
    Fn vg = valueAndGrad(LOSS, 0, 1);
    Tensor w = Tensor.of(0.0, 0.0, 0.0);
    double b = 0.0;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 100; step++) {
      List<Tensor> r = vg.call(w, b);
      last = r.get(0).item();
      if (step == 0) {
        first = last;
      }
      double[] wd = w.data();
      for (int j = 0; j < 3; j++) {
        wd[j] -= 0.1 * r.get(1).get(j);
      }
      w = Tensor.of(wd);
      b -= 0.1 * r.get(2).item();
    }
    assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    assertEquals(1, backend.service().compileCount(), "one signature, one program");
  }

  @Test
  void hessianVectorProductsAgreeForwardOverReverseAndReverseOverReverse() {
    Tensor w = Tensor.of(0.1, -0.2, 0.3);
    Tensor b = Tensor.scalar(0.5);
    Tensor v = Tensor.of(1.0, 0.5, -2.0);
    Fn lossOfW = Fn.of1(x -> LOSS.inline(List.of(x, Ir.constant(b))).get(0));
    // Forward over reverse: jvp of grad.
    Tensor hvp = jvp(grad(lossOfW)).call(w, v).get(1);
    // Reverse over reverse: vjp of grad, pulled back along v (the Hessian is symmetric).
    Tensor hvp2 = vjp(grad(lossOfW), w).call(v).get(0);
    assertClose(hvp, hvp2);
    // And the reference: the interpreter on the symbolic forward-over-reverse graph.
    Graph ref = Ad.jvp(Ad.grad(lossOfW.trace(TensorType.f64(3))));
    assertClose(Interpreter.eval(ref, w, v).get(1), hvp);
  }

  @Test
  void aTwoLayerNetworkThroughMatmulAndTanh() {
    Fn net = Fn.of("net", List.of("W1", "W2"), a -> {
      Node h = tanh(matmul(Ir.constant(INPUTS), a.get(0)));
      Node out = matmul(h, a.get(1));
      return List.of(sum(mul(out, out)));
    });
    Tensor w1 = Tensor.normal(1, TensorType.f64(3, 5));
    Tensor w2 = Tensor.normal(2, TensorType.f64(5, 2));
    Graph g = net.trace(w1.type(), w2.type());
    assertClose(Interpreter.eval(Ad.grad(g, 0, 1), w1, w2), grad(net, 0, 1).call(w1, w2));
  }
}
