package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runText;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/** check_grads takes JAX's atol, rtol and eps, and they act (as in CheckGradsOptionsTest). */
class CheckGradsScriptTest {
  private static final String F = "f = lambda x: sum(exp(10. * x))\nx = array([1.0])\n";

  @Test
  void tolerancesAndStepAct() {
    runText(F + "check_grads(f, (x,), modes=[\"fwd\"])\n");
    ScriptError e = error(F + "check_grads(f, (x,), modes=[\"fwd\"], atol=0., rtol=1e-12)\n");
    assertTrue(e.getMessage().contains("check_grads failed: JVP"), e.getMessage());
    runText(F + "check_grads(f, (x,), modes=[\"fwd\"], atol=0., rtol=1e-8, eps=1e-7)\n");
    e = error(F + "check_grads(f, (x,), eps=0.)\n");
    assertTrue(e.getMessage().contains("eps positive"), e.getMessage());
    e = error(F + "check_grads(f, (x,), tol=1e-3)\n");
    assertTrue(e.getMessage().contains("tol"), e.getMessage());
  }
}
