package org.cotangent.script;

import static org.cotangent.script.LoopScriptTest.one;
import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * {@code checkpoint(f)} / {@code remat(f)} and {@code scan(..., plan=, snapshots=)} in scripts:
 * the derivatives of the plain function and of the default plan, finite differences, and
 * positioned errors for options that do not exist.
 */
class CheckpointScriptTest {
  static final String G = "c = array([0.5, -1.0, 2.0])\n"
      + "def g(x) = sin(sin(x) * 1.3) * x\n"
      + "def f(x) = sum(checkpoint(g)(x) * c)\n"
      + "def r(x) = sum(remat(g)(x) * c)\n"
      + "def p(x) = sum(g(x) * c)\n"
      + "x = array([0.3, -1.2, 0.7])\n";

  static void assertClose(double[] want, double[] got, double tol) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), "element " + i);
    }
  }

  @Test
  void aCheckpointedFunctionHasTheDerivativesOfTheFunction() {
    List<String> out = runJson(G + "print(f(x))\nprint(p(x))\nprint(grad(f)(x))\nprint(grad(r)(x))\n"
        + "print(grad(p)(x))\nprint(hessian(f)(x))\nprint(hessian(p)(x))\n"
        + "print(vmap(grad(f))(stack([x, 2 * x])))\nprint(grad(p)(2 * x))\n");
    assertEquals(data(out.get(1))[0], data(out.get(0))[0], 0.0);
    double[] want = data(out.get(4));
    assertClose(want, data(out.get(2)), 1e-14);
    assertClose(want, data(out.get(3)), 1e-14);
    assertClose(data(out.get(6)), data(out.get(5)), 1e-13);
    double[] batch = data(out.get(7));
    double[] second = data(out.get(8));
    for (int i = 0; i < 3; i++) {
      assertEquals(want[i], batch[i], 1e-14);
      assertEquals(second[i], batch[3 + i], 1e-14);
    }
    // Central differences of f itself.
    double[] x = {0.3, -1.2, 0.7};
    double eps = 1e-6;
    for (int i = 0; i < 3; i++) {
      double[] hi = x.clone();
      double[] lo = x.clone();
      hi[i] += eps;
      lo[i] -= eps;
      double fd = (one(G + "print(f(array(" + java.util.Arrays.toString(hi) + ")))\n")
          - one(G + "print(f(array(" + java.util.Arrays.toString(lo) + ")))\n")) / (2 * eps);
      assertEquals(fd, want[i], 1e-8);
    }
  }

  /** A Van der Pol oscillator by explicit Euler, the loss under a plan ({@code PLAN}). */
  static final String ODE = "def loss(mu, x0) {\n"
      + "  step = lambda c, t: ((c[0] + 0.01 * c[1],"
      + " c[1] + 0.01 * (mu * (1 - c[0] * c[0]) * c[1] - c[0])), c[0] * c[1])\n"
      + "  c, ys = scan(step, (x0, 0.0), None, length=250PLAN)\n"
      + "  return c[0] * c[0] + c[1] + 0.1 * sum(ys)\n"
      + "}\n";

  @Test
  void everyPlanOfAScanHasTheGradientOfTheDefault() {
    String[] plans = {"", ", plan=\"all\"", ", plan=\"carries\"",
        ", plan=\"segments\", snapshots=16", ", plan=\"segments\", snapshots=7",
        ", plan=\"revolve\", snapshots=3", ", plan=\"revolve\", snapshots=1",
        ", plan=\"revolve\", snapshots=300"};
    double[] want = data(runJson(ODE.replace("PLAN", "")
        + "print(grad(loss, (0, 1))(0.8, 0.4))\n").get(0));
    for (String plan : plans) {
      String src = ODE.replace("PLAN", plan);
      double[] got = data(runJson(src + "print(grad(loss, (0, 1))(0.8, 0.4))\n").get(0));
      assertClose(want, got, 1e-12);
    }
    String src = ODE.replace("PLAN", ", plan=\"segments\", snapshots=7");
    double eps = 1e-6;
    double fdMu = (one(src + "print(loss(0.8 + 1e-6, 0.4))\n")
        - one(src + "print(loss(0.8 - 1e-6, 0.4))\n")) / (2 * eps);
    double fdX = (one(src + "print(loss(0.8, 0.4 + 1e-6))\n")
        - one(src + "print(loss(0.8, 0.4 - 1e-6))\n")) / (2 * eps);
    assertEquals(fdMu, want[0], 1e-6 * (1 + Math.abs(fdMu)));
    assertEquals(fdX, want[1], 1e-6 * (1 + Math.abs(fdX)));
  }

  @Test
  void optionsThatDoNotExistArePositionedErrors() {
    String scan = "c, ys = scan(lambda c, x: (c + x, c), 0.0, array([1.0, 2.0]), ";
    ScriptError e = error("\n" + scan + "plan=\"treeverse\")\n");
    assertTrue(e.getMessage().contains("t.ct:2:"), e.getMessage());
    assertTrue(e.getMessage().contains(
        "plan must be \"all\", \"carries\", \"segments\" or \"revolve\""), e.getMessage());
    e = error(scan + "plan=\"revolve\")\n");
    assertTrue(e.getMessage().contains("plan=\"revolve\" needs snapshots="), e.getMessage());
    e = error(scan + "plan=\"revolve\", snapshots=0)\n");
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    e = error(scan + "plan=\"segments\")\n");
    assertTrue(e.getMessage().contains("needs snapshots="), e.getMessage());
    e = error(scan + "plan=\"carries\", snapshots=3)\n");
    assertTrue(e.getMessage().contains("snapshots= is for plan=\"segments\" or \"revolve\""),
        e.getMessage());
    e = error(scan + "plan=\"segments\", snapshots=0)\n");
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    e = error(scan + "plan=3)\n");
    assertTrue(e.getMessage().contains("plan must be a string"), e.getMessage());
    e = error("def g(x) = x * x\nh = checkpoint(g, policy=\"dots_saveable\")\n");
    assertTrue(e.getMessage().contains("t.ct:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("save nothing"), e.getMessage());
    e = error("h = remat(3.0)\n");
    assertTrue(e.getMessage().contains("needs a function"), e.getMessage());
  }
}
