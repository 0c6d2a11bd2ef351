package org.cotangent.examples;

import java.util.Map;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * The cookbook's running example: logistic regression on a toy dataset, with the model's
 * parameters drawn as {@code cookbook.ct} draws them.
 */
final class LogisticRegression {
  private LogisticRegression() {}

  static Sym sigmoid(Sym x) {
    return Ops.tanh(x.div(2)).add(1).mul(0.5);
  }

  /** Outputs probability of a label being true. */
  static Sym predict(Sym w, Sym b, Sym inputs) {
    return sigmoid(Ops.dot(inputs, w).add(b));
  }

  // Build a toy dataset.
  static final Sym INPUTS = Sym.array(new double[][] {
      {0.52, 1.12, 0.77},
      {0.88, -1.08, 0.15},
      {0.52, 0.06, -1.30},
      {0.74, -2.49, 1.39}});
  static final Sym TARGETS = Sym.array(1, 1, 0, 1);

  /** The negative log-likelihood of the training examples under predictions {@code preds}. */
  static Sym negativeLogLikelihood(Sym preds) {
    Sym labelProbs = preds.mul(TARGETS).add(preds.rsub(1).mul(TARGETS.rsub(1)));
    return Ops.sum(Ops.log(labelProbs)).neg();
  }

  /** Training loss is the negative log-likelihood of the training examples. */
  static final Fn LOSS = Fn.of((w, b) -> negativeLogLikelihood(predict(w, b, INPUTS)));

  /** The same loss of the parameters as a dict, {@code {"W": w, "b": b}}. */
  static final Fn LOSS2 = Fn.tree((Map<String, Sym> params) ->
      negativeLogLikelihood(predict(params.get("W"), params.get("b"), INPUTS)));

  // Initialize random model coefficients (the script's normal(seed, shape)).
  static final Sym W = normal(1, 3);
  static final Sym B = normal(2);

  /** The script's {@code normal(seed, shape)}: standard normal entries from a seeded generator. */
  static Sym normal(long seed, int... shape) {
    return Sym.constant(Tensor.normal(seed, TensorType.f64(shape)));
  }
}
