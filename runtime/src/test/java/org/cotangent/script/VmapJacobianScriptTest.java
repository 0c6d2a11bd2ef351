package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vmap, jacfwd, jacrev and hessian in the script language: values against closed forms and finite
 * differences computed here, errors with their positions.
 */
class VmapJacobianScriptTest {
  static void assertArray(double[] want, double[] got, double tol) {
    assertEquals(want.length, got.length, "length");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), "element " + i);
    }
  }

  @Test
  void vmapMapsOverLeadingAndOtherAxes() {
    List<String> out = runJson("A = array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])\n"
        + "v = array([0.5, -1.0, 2.0])\n"
        + "print(vmap(lambda x, y: sum(x * y))(A, A))\n"
        + "print(vmap(lambda x, y: sum(sin(x) * y), in_axes=(0, None))(A, v))\n"
        + "print(vmap(lambda x: x * 2, in_axes=1)(A))\n"
        + "print(vmap(lambda x: x * 2, in_axes=1, out_axes=1)(A))\n"
        + "print(vmap(lambda x: x @ v, in_axes=-2)(A))\n"
        + "print(vmap(lambda p: p[\"w\"] * p[\"c\"], in_axes=({\"w\": 0, \"c\": None},))"
        + "({\"w\": v, \"c\": 3.0}))\n");
    double[][] a = {{1, 2, 3}, {4, 5, 6}};
    double[] v = {0.5, -1.0, 2.0};
    assertArray(new double[] {14, 77}, data(out.get(0)), 0);
    double[] s = new double[2];
    double[] mv = new double[2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        s[i] += Math.sin(a[i][j]) * v[j];
        mv[i] += a[i][j] * v[j];
      }
    }
    assertArray(s, data(out.get(1)), 1e-15);
    assertTrue(out.get(2).contains("\"shape\": [3, 2]"), out.get(2));
    assertArray(new double[] {2, 8, 4, 10, 6, 12}, data(out.get(2)), 0);
    assertTrue(out.get(3).contains("\"shape\": [2, 3]"), out.get(3));
    assertArray(new double[] {2, 4, 6, 8, 10, 12}, data(out.get(3)), 0);
    assertArray(mv, data(out.get(4)), 1e-15);
    assertArray(new double[] {1.5, -3, 6}, data(out.get(5)), 0);
  }

  @Test
  void vmapComposesWithGradAndItself() {
    List<String> out = runJson("X = array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])\n"
        + "print(vmap(grad(lambda x: sum(sin(x) ** 2)))(X))\n"
        + "print(vmap(vmap(lambda x: x * x))(X))\n"
        + "print(grad(lambda X: sum(vmap(lambda x: sum(x) ** 2)(X)))(X))\n");
    double[] x = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    double[] g = new double[6];
    double[] sq = new double[6];
    double[] gs = new double[6];
    for (int i = 0; i < 6; i++) {
      g[i] = 2 * Math.sin(x[i]) * Math.cos(x[i]);
      sq[i] = x[i] * x[i];
      gs[i] = 2 * (x[i - i % 2] + x[i - i % 2 + 1]);
    }
    assertArray(g, data(out.get(0)), 1e-15);
    assertArray(sq, data(out.get(1)), 0);
    assertArray(gs, data(out.get(2)), 1e-15);
  }

  static final String PREDICT = "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)\n"
      + "def predict(W, b, inputs) = sigmoid(dot(inputs, W) + b)\n"
      + "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30],"
      + " [0.74, -2.49, 1.39]])\n"
      + "W = array([0.3, -0.2, 0.5])\nb = 0.1\n"
      + "f = lambda W: predict(W, b, inputs)\n";

  static final double[][] INPUTS = {{0.52, 1.12, 0.77}, {0.88, -1.08, 0.15}, {0.52, 0.06, -1.30},
      {0.74, -2.49, 1.39}};

  static double[] predict(double[] w) {
    double[] p = new double[4];
    for (int i = 0; i < 4; i++) {
      double z = 0.1;
      for (int j = 0; j < 3; j++) {
        z += INPUTS[i][j] * w[j];
      }
      p[i] = 0.5 * (Math.tanh(z / 2) + 1);
    }
    return p;
  }

  @Test
  void jacfwdAndJacrevMatchFiniteDifferences() {
    List<String> out = runJson(PREDICT + "print(jacfwd(f)(W))\nprint(jacrev(f)(W))\n");
    double[] w = {0.3, -0.2, 0.5};
    double[] fd = new double[12];
    double eps = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[j] += eps;
      wm[j] -= eps;
      double[] p = predict(wp);
      double[] m = predict(wm);
      for (int i = 0; i < 4; i++) {
        fd[i * 3 + j] = (p[i] - m[i]) / (2 * eps);
      }
    }
    assertTrue(out.get(0).startsWith("{\"shape\": [4, 3]"), out.get(0));
    assertArray(fd, data(out.get(0)), 1e-8);
    assertArray(data(out.get(0)), data(out.get(1)), 1e-14);
  }

  @Test
  void hessianMatchesTheClosedFormAndPytreesNest() {
    // f(x) = sum(x^3) + x0 * x1: H = diag(6x) + [[0,1],[1,0]].
    List<String> out = runJson("def f(x) = sum(x ** 3) + x[0] * x[1]\n"
        + "print(hessian(f)(array([1.0, 2.0])))\n"
        + "print(jacrev(lambda a, b: a * b, (0, 1))(2.0, 3.0))\n"
        + "print(jacfwd(lambda p: p[\"u\"] * 2.0)({\"u\": array([1.0, 2.0])}))\n"
        + "print(hessian(lambda a, b: a * a * b, 1)(2.0, 3.0))\n");
    assertArray(new double[] {6, 1, 1, 12}, data(out.get(0)), 1e-14);
    assertArray(new double[] {3, 2}, data(out.get(1)), 0);
    assertTrue(out.get(2).startsWith("{\"u\": {\"shape\": [2, 2]"), out.get(2));
    assertArray(new double[] {2, 0, 0, 2}, data(out.get(2)), 0);
    assertArray(new double[] {0}, data(out.get(3)), 0);
  }

  /** The unbatched loop of the cookbook (map over rows) equals vmap of the pullback. */
  @Test
  void mapLoopsOverRowsAndAgreesWithVmapOfAPullback() {
    List<String> out = runJson("M = array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n"
        + "y, pull = vjp(lambda x: sin(x) * 2.0, array([0.1, 0.2]))\n"
        + "print(vstack(map(lambda m: pull(m)[0], M)))\n"
        + "print(vmap(pull)(M)[0])\n"
        + "print(map(lambda t: t * 2, (1.0, 2.0)))\n");
    double[] want = new double[6];
    double[] x = {0.1, 0.2};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        want[i * 2 + j] = (2 * i + j + 1) * 2 * Math.cos(x[j]);
      }
    }
    assertArray(want, data(out.get(0)), 1e-15);
    assertArray(want, data(out.get(1)), 1e-15);
    assertArray(new double[] {2, 4}, data(out.get(2)), 0);
  }

  @Test
  void errorsHavePositions() {
    assertEquals("t.ct:2:1: vmap(<lambda>) got inconsistent sizes for the mapped axes: argument 0 has size 2"
        + " along axis 0, but argument 1 has size 3 along axis 0",
        error("f = vmap(lambda x, y: x + y)\nf(ones((2,)), ones((3,)))\n").getMessage());
    assertEquals("t.ct:1:1: vmap in_axes has 1 entry but <lambda> was called with 2 arguments",
        error("vmap(lambda x, y: x + y, in_axes=(0,))(ones((2,)), ones((2,)))\n").getMessage());
    assertEquals("t.ct:1:1: vmap(<lambda>) needs at least one mapped argument (every in_axes"
        + " entry is None)",
        error("vmap(lambda x: x, in_axes=None)(ones((2,)))\n").getMessage());
    assertEquals("t.ct:1:1: vmap(<lambda>): in_axes 1 is out of range for argument 0 of type f64[2]",
        error("vmap(lambda x: x, in_axes=1)(ones((2,)))\n").getMessage());
    assertEquals("t.ct:1:1: argnums 2 is out of range for <lambda>, which takes 1 argument",
        error("jacfwd(lambda x: x, 2)(1.0)\n").getMessage());
    assertTrue(error("jacrev(lambda x: x)(array([1, 2]))\n").getMessage()
        .startsWith("t.ct:1:1: jacrev requires real floating-point inputs"));
  }
}
