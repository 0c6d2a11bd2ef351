package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.runtime.Backend;
import org.cotangent.script.ScriptSession;
import org.cotangent.runtime.FreshBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data captured by a traced function is an input of the compiled program, not part of its
 * source: a new dataset of the same shape reuses the compiled class (issue 13 item 4).
 */
class CapturedConstantsTest {
  @RegisterExtension
  final FreshBackend backend = new FreshBackend();


  @Test
  void aHundredCapturedDatasetsOfOneShapeCompileOnce() {
    Random r = new Random(3);
    double[] w = {0.5, -1.0, 2.0};
    for (int k = 0; k < 100; k++) {
      double[][] x = new double[4][3];
      for (double[] row : x) {
        for (int j = 0; j < 3; j++) {
          row[j] = r.nextGaussian();
        }
      }
      Sym data = Sym.constant(x);
      // grad of sum(tanh(X w)): X^T (1 - tanh(X w)^2).
      double[] g = Cotangent.grad(Fn.of(v -> Ops.sum(Ops.tanh(data.matmul(v))))).call1(w)
          .toDoubleArray();
      for (int j = 0; j < 3; j++) {
        double e = 0;
        for (double[] row : x) {
          double t = Math.tanh(row[0] * w[0] + row[1] * w[1] + row[2] * w[2]);
          e += row[j] * (1 - t * t);
        }
        assertEquals(e, g[j], 1e-14, "dataset " + k + ", component " + j);
      }
    }
    assertEquals(1, backend.service().stats().compiles, backend.service().stats().toString());
  }

  @Test
  void newScriptDataOfOneShapeCompilesOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScriptSession s = new ScriptSession(new PrintStream(out, true, StandardCharsets.UTF_8), false);
    s.run("def g(seed) {\n  X = uniform(seed, (6, 3))\n"
        + "  return grad(lambda w: sum(sin(matmul(X, w))))(ones(3))\n}\n"
        + "print(len(map(g, [1, 2, 3, 4, 5, 6, 7, 8])))\n", "t.ct");
    assertEquals("8\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(1, backend.service().stats().compiles, backend.service().stats().toString());
  }
}
