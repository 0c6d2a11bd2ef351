package org.cotangent.golden;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.SourcePos;

/**
 * Golden cases whose graphs carry provenance, built by hand the way a front end will record it
 * (front ends and transformations do not record origins yet): each statement's new nodes get the
 * statement's source position, the primal statements as {@code from}, the hand-written adjoint
 * statements as {@code grad of}; constants and values carry their source names.
 */
final class ProvenanceCases {
  private ProvenanceCases() {}

  /** The script the logistic-regression graph is traced from (as in cookbook.ct). */
  static final String LOSS_CT = String.join("\n",
      "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)",
      "def predict(W, b, inputs) = sigmoid(dot(inputs, W) + b)",
      "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30], [0.74, -2.49, 1.39]])",
      "targets = array([True, True, False, True])",
      "def loss(W, b) {",
      "  preds = predict(W, b, inputs)",
      "  label_probs = preds * targets + (1 - preds) * (1 - targets)",
      "  return -sum(log(label_probs))",
      "}");

  /** Records, per source statement, the origin of the nodes it creates. */
  static final class Recorder {
    final String file;
    final String[] lines;
    final Map<Node, Origin> origins = new IdentityHashMap<>();
    final Map<Node, String> names = new IdentityHashMap<>();

    Recorder(String file, String text) {
      this.file = file;
      this.lines = text.split("\n", -1);
    }

    /** {@code value} as computed by source line {@code line} (1-based) in {@code role}. */
    Node at(int line, Origin.Role role, Node value) {
      String text = lines[line - 1];
      SourcePos pos = new SourcePos(file, line, text.length() - text.stripLeading().length() + 1, text);
      for (Node n : Graph.topoOrder(List.of(value))) {
        if (!n.isConstant() && !(n.op() instanceof Param)) {
          origins.putIfAbsent(n, new Origin(pos, role));
        }
      }
      return value;
    }

    Node named(String name, Node n) {
      names.put(n, name);
      return n;
    }
  }

  /**
   * value_and_grad of the cookbook's logistic-regression loss, its adjoint written statement by
   * statement in reverse, each adjoint statement attributed to the primal statement it
   * differentiates.
   */
  static Graph logisticRegression() {
    Recorder r = new Recorder("loss.ct", LOSS_CT);
    Node inputs = r.named("inputs", Ir.constant(Tensor.of(new double[][] {
      {0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30}, {0.74, -2.49, 1.39}})));
    Node targets = r.named("targets", Np.astype(Ir.constant(Tensor.wrap(
        TensorType.of(DType.BOOL, 4), new double[] {1, 1, 0, 1})), DType.F64));
    Node w = Param.node(0, TensorType.f64(3));
    Node b = Param.node(1, TensorType.f64());
    Node one = Np.scalar(1);
    final Origin.Role primal = Origin.Role.PRIMAL;
    final Origin.Role grad = Origin.Role.COTANGENT;
    // Line 6: preds = predict(W, b, inputs).
    Node z = r.at(6, primal, Np.add(Np.dot(inputs, w), b));
    Node t = r.at(6, primal, Np.tanh(Np.div(z, Np.scalar(2))));
    Node preds = r.named("preds", r.at(6, primal, Np.mul(Np.scalar(0.5), Np.add(t, one))));
    // Line 7: label_probs = preds * targets + (1 - preds) * (1 - targets).
    Node labelProbs = r.named("label_probs", r.at(7, primal,
        Np.add(Np.mul(preds, targets), Np.mul(Np.sub(one, preds), Np.sub(one, targets)))));
    // Line 8: return -sum(log(label_probs)).
    Node loss = r.at(8, primal, Np.neg(Np.sum(Np.log(labelProbs))));
    // The adjoint, from the last statement to the first.
    Node labelProbsBar = r.named("label_probs_bar",
        r.at(8, grad, Np.div(Np.scalar(-1), labelProbs)));
    Node predsBar = r.named("preds_bar", r.at(7, grad, Np.sub(Np.mul(labelProbsBar, targets),
        Np.mul(labelProbsBar, Np.sub(one, targets)))));
    Node zBar = r.at(6, grad, Np.div(Np.mul(Np.mul(Np.scalar(0.5), predsBar),
        Np.sub(one, Np.square(t))), Np.scalar(2)));
    Node wBar = r.at(6, grad, Np.dot(zBar, inputs));
    Node bBar = r.at(6, grad, Np.sum(zBar));
    return new Graph(List.of("W", "b"), List.of(w.type(), b.type()), List.of(loss, wBar, bBar),
        List.of("loss", "W_bar", "b_bar"), r.names, r.origins);
  }
}
