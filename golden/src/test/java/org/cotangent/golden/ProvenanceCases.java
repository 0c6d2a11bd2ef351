package org.cotangent.golden;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;

/**
 * Golden cases traced from script text, as a user's function is: the front end records where
 * each node comes from and the names of the constants it captures, and the transformations keep
 * both, so the generated code says which source line each block comes from ({@code from:},
 * {@code tangent of:}, {@code grad of:}) and calls the constants {@code inputs} and {@code
 * targets}.
 */
final class ProvenanceCases {
  private ProvenanceCases() {}

  /** The cookbook's logistic regression, as in README.md and cookbook.ct. */
  static final String LOSS_CT = String.join("\n",
      "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30], [0.74, -2.49, 1.39]])",
      "targets = array([True, True, False, True])",
      "",
      "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)",
      "def predict(W, b, inputs) = sigmoid(inputs @ W + b)",
      "",
      "def loss(W, b) {",
      "  preds = predict(W, b, inputs)",
      "  label_probs = preds * targets + (1 - preds) * (1 - targets)",
      "  return -sum(log(label_probs))",
      "}",
      "");

  /** {@code loss} traced from {@link #LOSS_CT} (file {@code loss.ct}) at W: f64[3], b: f64. */
  static Graph loss() {
    ScriptSession session = new ScriptSession(
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    session.run(LOSS_CT, "loss.ct");
    return session.trace("loss", List.of(TensorType.f64(3), TensorType.f64()));
  }

  /** The gradient of the traced loss with respect to W and b. */
  static Graph logisticRegressionGrad() {
    return Ad.grad(loss());
  }
}
