package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.cotangent.script.ScriptSessionTest.runText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Script dicts flatten in sorted key order, as JAX's ({@code tree_flatten({'b': 1, 'a': 2})} gives
 * leaves {@code [2, 1]}), through the core {@code Pytrees}: every transformation pairs leaves with
 * the right arguments whatever the insertion order, and dicts a transformation returns come back
 * in sorted order. Each result is checked against finite differences computed here and against
 * the same script with the dict written in sorted order (the printed lines must be identical).
 */
class DictOrderScriptTest {
  static final double[] B = {0.3, -1.2, 0.8};
  static final double A = 0.7;
  static final double[] TB = {0.5, 0.1, -0.4};
  static final double TA = 0.9;
  static final double EPS = 1e-6;

  /** f(p) = sum(sin(b) * a) + a^2 b0, of the parameters [a, b0, b1, b2]. */
  static double f(double[] q) {
    double s = q[0] * q[0] * q[1];
    for (int i = 0; i < 3; i++) {
      s += Math.sin(q[1 + i]) * q[0];
    }
    return s;
  }

  /** h(p) = {"u": a * a, "v": sin(b) * a} flattened as [u, v0, v1, v2]. */
  static double[] h(double[] q) {
    return new double[] {q[0] * q[0], Math.sin(q[1]) * q[0], Math.sin(q[2]) * q[0],
        Math.sin(q[3]) * q[0]};
  }

  static double[] q() {
    return new double[] {A, B[0], B[1], B[2]};
  }

  /** Central differences of {@code g} at {@code x}: rows are outputs, columns parameters. */
  static double[][] fd(Function<double[], double[]> g, double[] x) {
    int m = g.apply(x).length;
    double[][] j = new double[m][x.length];
    for (int p = 0; p < x.length; p++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[p] += EPS;
      xm[p] -= EPS;
      double[] yp = g.apply(xp);
      double[] ym = g.apply(xm);
      for (int o = 0; o < m; o++) {
        j[o][p] = (yp[o] - ym[o]) / (2 * EPS);
      }
    }
    return j;
  }

  static double[] gradF(double[] x) {
    return fd(v -> new double[] {f(v)}, x)[0];
  }

  static void close(double[] want, double[] got, double tol, String what) {
    assertEquals(want.length, got.length, what + ": length");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + ": element " + i);
    }
  }

  static double[] flat(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  /** A dict literal of a and b, in the given order. */
  static String dict(boolean sorted, String a, String b) {
    return sorted ? "{\"a\": " + a + ", \"b\": " + b + "}" : "{\"b\": " + b + ", \"a\": " + a + "}";
  }

  static String script(boolean sorted) {
    String p = dict(sorted, "0.7", "array([0.3, -1.2, 0.8])");
    String t = dict(!sorted, "0.9", "array([0.5, 0.1, -0.4])");
    return "def f(p) = sum(sin(p[\"b\"]) * p[\"a\"]) + p[\"a\"] ** 2 * p[\"b\"][0]\n"
        + "def h(p) = {\"v\": sin(p[\"b\"]) * p[\"a\"], \"u\": p[\"a\"] * p[\"a\"]}\n"
        + "P = " + p + "\n"
        + "print(grad(f)(P))\n"
        + "print(value_and_grad(lambda p: (f(p), {\"z\": p[\"b\"], \"y\": p[\"a\"]}),"
        + " has_aux=True)(P))\n"
        // The tangents are a dict in the other insertion order: same structure, as in JAX.
        + "print(jvp(f, (P,), (" + t + ",)))\n"
        + "out, pull = vjp(h, P)\n"
        + "print(out)\n"
        + "print(pull({\"v\": array([1.0, -2.0, 0.5]), \"u\": 3.0}))\n"
        + "print(jacfwd(h)(P))\n"
        + "print(jacrev(h)(P))\n"
        + "print(hessian(f)(P))\n"
        + "M = array([[0.3, -1.2, 0.8], [1.0, 2.0, 3.0]])\n"
        + "print(vmap(lambda p: {\"y\": p[\"b\"] * p[\"a\"], \"x\": sum(p[\"b\"])},"
        + " in_axes=({\"a\": None, \"b\": 0},), out_axes={\"y\": 1, \"x\": 0})("
        + dict(sorted, "0.7", "M") + "))\n"
        + "print(check_grads(f, (P,), order=2))\n"
        + "print(tree_leaves(P))\n"
        + "print(P)\n";
  }

  @Test
  void unsortedDictsGiveWhatSortedOnesGive() {
    List<String> unsorted = runJson(script(false));
    List<String> sorted = runJson(script(true));
    assertEquals(sorted.size(), unsorted.size());
    // Every line but the last (P itself) is a transformation's result: identical, keys sorted.
    for (int i = 0; i < sorted.size() - 1; i++) {
      assertEquals(sorted.get(i), unsorted.get(i), "line " + i);
    }
    // A dict literal prints in insertion order, as in Python.
    assertTrue(unsorted.get(unsorted.size() - 1).startsWith("{\"b\": "), unsorted.toString());
    assertTrue(sorted.get(sorted.size() - 1).startsWith("{\"a\": "), sorted.toString());
  }

  @Test
  void everyTransformationPairsLeavesWithTheRightArguments() {
    List<String> out = runJson(script(false));
    double[] x = q();
    double[] g = gradF(x);
    // grad: {"a": df/da, "b": df/db}.
    assertTrue(out.get(0).startsWith("{\"a\": {\"shape\": []"), out.get(0));
    close(g, data(out.get(0)), 1e-7, "grad");
    // value_and_grad with has_aux: ((value, {"y": a, "z": b}), grad).
    assertTrue(out.get(1).contains("{\"y\": {\"shape\": []"), out.get(1));
    double[] vg = data(out.get(1));
    close(new double[] {f(x), A, B[0], B[1], B[2], g[0], g[1], g[2], g[3]}, vg, 1e-7,
        "value_and_grad");
    // jvp: (f, df . t) with t = {"a": 0.9, "b": [0.5, 0.1, -0.4]}.
    double[] t = {TA, TB[0], TB[1], TB[2]};
    double dir = 0;
    for (int i = 0; i < 4; i++) {
      dir += g[i] * t[i];
    }
    close(new double[] {f(x), dir}, data(out.get(2)), 1e-7, "jvp");
    // vjp: the output {"u": a^2, "v": sin(b) a}, and the pullback of {"u": 3, "v": [1, -2, .5]}.
    assertTrue(out.get(3).startsWith("{\"u\": {\"shape\": []"), out.get(3));
    close(h(x), data(out.get(3)), 1e-15, "vjp value");
    double[][] j = fd(DictOrderScriptTest::h, x);
    double[] ct = {3.0, 1.0, -2.0, 0.5};
    double[] pulled = new double[4];
    for (int o = 0; o < 4; o++) {
      for (int p = 0; p < 4; p++) {
        pulled[p] += ct[o] * j[o][p];
      }
    }
    assertTrue(out.get(4).startsWith("[{\"a\": {\"shape\": []"), out.get(4));
    close(pulled, data(out.get(4)), 1e-7, "vjp");
    // jacfwd and jacrev: {"u": {"a": du/da, "b": du/db}, "v": {"a": dv/da, "b": dv/db}}.
    double[] jac = {j[0][0], j[0][1], j[0][2], j[0][3], j[1][0], j[2][0], j[3][0],
        j[1][1], j[1][2], j[1][3], j[2][1], j[2][2], j[2][3], j[3][1], j[3][2], j[3][3]};
    assertTrue(out.get(5).startsWith("{\"u\": {\"a\": {\"shape\": []"), out.get(5));
    close(jac, data(out.get(5)), 1e-7, "jacfwd");
    close(jac, data(out.get(6)), 1e-7, "jacrev");
    // hessian: the same layout, of the gradient.
    double[][] hs = fd(DictOrderScriptTest::gradF, x);
    double[] hess = {hs[0][0], hs[0][1], hs[0][2], hs[0][3], hs[1][0], hs[2][0], hs[3][0],
        hs[1][1], hs[1][2], hs[1][3], hs[2][1], hs[2][2], hs[2][3], hs[3][1], hs[3][2], hs[3][3]};
    assertTrue(out.get(7).startsWith("{\"a\": {\"a\": {\"shape\": []"), out.get(7));
    close(hess, data(out.get(7)), 1e-4, "hessian");
    // vmap over the rows of b (a not mapped): {"x": row sums, "y": (b * a) with the batch last}.
    double[][] m = {{0.3, -1.2, 0.8}, {1.0, 2.0, 3.0}};
    assertTrue(out.get(8).startsWith("{\"x\": {\"shape\": [2]"), out.get(8));
    assertTrue(out.get(8).contains("\"y\": {\"shape\": [3, 2]"), out.get(8));
    double[] want = new double[8];
    for (int r = 0; r < 2; r++) {
      want[r] = m[r][0] + m[r][1] + m[r][2];
      for (int c = 0; c < 3; c++) {
        want[2 + c * 2 + r] = m[r][c] * A;
      }
    }
    close(want, data(out.get(8)), 1e-15, "vmap");
    assertEquals("null", out.get(9));
    // tree_leaves: sorted keys, as jax.tree_util.tree_leaves.
    assertTrue(out.get(10).startsWith("[{\"shape\": [], \"dtype\": \"f64\", \"data\": [0.7]}"),
        out.get(10));
    close(new double[] {A, B[0], B[1], B[2]}, data(out.get(10)), 0, "tree_leaves");
  }

  @Test
  void checkGradsOfAnUnsortedDictChecksEveryLeaf() {
    String src = "def f(p) = sum(sin(p[\"b\"]) * p[\"a\"]) + p[\"a\"] ** 2 * p[\"b\"][0]\n"
        + "P = " + dict(false, "0.7", "array([0.3, -1.2, 0.8])") + "\n";
    runText(src + "check_grads(f, (P,), order=2, modes=[\"fwd\", \"rev\"])\n");
    // Too tight a tolerance fails: the check compares numbers, it does not just run.
    String msg = error(src + "check_grads(f, (P,), atol=0., rtol=1e-13)\n").getMessage();
    assertTrue(msg.contains("check_grads failed"), msg);
  }

  @Test
  void aCarryDictMayListItsKeysInAnotherOrderAndMismatchedAxesNameTheStructure() {
    // scan's carry {"b", "a"} comes back from the body as {"a", "b"}: the same structure, as in
    // JAX. After the 3 steps over xs = [1, 2, 3]: a = 0.5 + 6, b = 1 * 2^3.
    List<String> out = runJson("c, ys = scan(lambda c, x: ({\"a\": c[\"a\"] + x, \"b\": c[\"b\"]"
        + " * 2.0}, x), {\"b\": 1.0, \"a\": 0.5}, array([1.0, 2.0, 3.0]))\nprint(c)\n");
    assertTrue(out.get(0).startsWith("{\"a\": "), out.get(0));
    close(new double[] {6.5, 8.0}, data(out.get(0)), 0, "scan carry");
    String msg = error("print(vmap(lambda p: p[\"a\"], in_axes=({\"a\": 0, \"c\": None},))("
        + "{\"b\": 1.0, \"a\": array([1.0, 2.0])}))\n").getMessage();
    assertTrue(msg.contains("vmap in_axes of argument 0 must be an int, None, or a tuple/list/dict"
        + " matching the structure {'a': *, 'b': *}, got dict"), msg);
  }

  /** A plain call returns the dict as built; a transformation's result is rebuilt, sorted. */
  @Test
  void aDictThatNoTransformationRebuiltKeepsItsOrder() {
    assertEquals("{'b': 1.0, 'a': 2.0}\n{'a': 2.0, 'b': 1.0}\n",
        runText("def g(x) = {\"b\": x, \"a\": x + 1.0}\nprint(g(1.0))\n"
            + "print(jvp(g, (1.0,), (0.0,))[0])\n"));
  }

  @Test
  void treeLeavesFlattensInSortedKeyOrderAndDictLiteralsPrintAsWritten() {
    assertEquals("[2.0, 1.0, 3.0]\n{'b': 1.0, 'a': 2.0}\n",
        runText("d = {\"b\": 1.0, \"a\": 2.0}\nprint(tree_leaves([d, 3.0]))\nprint(d)\n"));
  }
}
