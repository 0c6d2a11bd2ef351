package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trace cache must never return a trace (and so a program) of another computation: each test
 * rebuilds a transformation per call, as the cookbook does (so the cache is hit), changing one
 * thing the key must see, and checks every result against its closed form computed here.
 */
class TraceCacheScriptTest {
  static final double[] X = {0.5, 1.0, 2.0};
  static final String XS = "x = array([0.5, 1.0, 2.0])\n";

  static void assertData(double[] want, String jsonLine) {
    double[] got = data(jsonLine);
    assertEquals(want.length, got.length, jsonLine);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-13 * Math.max(1, Math.abs(want[i])), jsonLine);
    }
  }

  static double[] map(java.util.function.DoubleUnaryOperator f) {
    double[] r = new double[X.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = f.applyAsDouble(X[i]);
    }
    return r;
  }

  @Test
  void closuresCapturingDifferentValuesAreDifferentFunctions() {
    List<String> out = runJson(XS
        + "def mk(c) = lambda x: sum(c * sin(x))\n"
        + "def g(c) = grad(mk(c))(x)\n"
        + "print(g(2.0))\nprint(g(3.0))\nprint(g(2.0))\n");
    assertData(map(x -> 2 * Math.cos(x)), out.get(0));
    assertData(map(x -> 3 * Math.cos(x)), out.get(1));
    assertData(map(x -> 2 * Math.cos(x)), out.get(2));
  }

  @Test
  void aCapturedArrayOfAnotherValueIsAnotherFunction() {
    List<String> out = runJson(XS
        + "def mk(c) = lambda x: sum(c * x * x)\n"
        + "print(grad(mk(array([1.0, 2.0, 3.0])))(x))\n"
        + "print(grad(mk(array([3.0, 2.0, 1.0])))(x))\n");
    assertData(new double[] {2 * 1 * 0.5, 2 * 2 * 1.0, 2 * 3 * 2.0}, out.get(0));
    assertData(new double[] {2 * 3 * 0.5, 2 * 2 * 1.0, 2 * 1 * 2.0}, out.get(1));
  }

  @Test
  void theSameShapeWithAnotherDtypeIsAnotherSignature() {
    // i64 then f64 then c128 arguments of one shape, to one function rebuilt per call.
    List<String> out = runJson("def twice(v) = vmap(lambda a: a * 3)(v)\n"
        + "print(twice(array([1, 2])))\n"
        + "print(twice(array([1.5, 2.5])))\n"
        + "print(twice(array([1.5, 2.5]) * 1j))\n");
    assertTrue(out.get(0).contains("\"dtype\": \"i64\""), out.get(0));
    assertData(new double[] {3, 6}, out.get(0));
    assertTrue(out.get(1).contains("\"dtype\": \"f64\""), out.get(1));
    assertData(new double[] {4.5, 7.5}, out.get(1));
    assertTrue(out.get(2).contains("\"dtype\": \"c128\""), out.get(2));
    assertTrue(out.get(2).contains("[0.0, 4.5], [0.0, 7.5]"), out.get(2));
  }

  @Test
  void otherStaticArgnumsAreAnotherGradient() {
    List<String> out = runJson("def f(a, b) = sum(sin(a) * b * b)\n"
        + "a = array([0.5, 1.0])\nb = array([2.0, -1.0])\n"
        + "def g(k) = grad(f, k)(a, b)\n"
        + "print(g(0))\nprint(g(1))\nprint(g(0))\n"
        + "print(grad(f, (0, 1))(a, b))\n");
    double[] da = {Math.cos(0.5) * 4, Math.cos(1.0) * 1};
    double[] db = {Math.sin(0.5) * 2 * 2, Math.sin(1.0) * 2 * -1};
    assertData(da, out.get(0));
    assertData(db, out.get(1));
    assertData(da, out.get(2));
    assertData(new double[] {da[0], da[1], db[0], db[1]}, out.get(3));
  }

  @Test
  void otherInAxesAreAnotherVmap() {
    List<String> out = runJson("m = array([[1.0, 2.0], [3.0, 4.0]])\n"
        + "def rows(k) = vmap(lambda v: v * array([1.0, 10.0]), in_axes=k)(m)\n"
        + "print(rows(0))\nprint(rows(1))\n");
    assertData(new double[] {1, 20, 3, 40}, out.get(0));
    assertData(new double[] {1, 30, 2, 40}, out.get(1));
  }

  @Test
  void aRedefinedFunctionIsAnotherFunction() {
    List<String> out = runJson(XS
        + "def h(x) = sum(sin(x))\n"
        + "def use() = grad(lambda x: h(x) * 2)(x)\n"
        + "print(use())\n"
        + "def h(x) = sum(cos(x))\n"
        + "print(use())\n");
    assertData(map(x -> 2 * Math.cos(x)), out.get(0));
    assertData(map(x -> -2 * Math.sin(x)), out.get(1));
  }

  @Test
  void aReboundGlobalIsAnotherCapture() {
    List<String> out = runJson(XS
        + "c = 2.0\n"
        + "def use() = grad(lambda x: sum(c * x * x))(x)\n"
        + "print(use())\n"
        + "c = 5.0\n"
        + "print(use())\n");
    assertData(map(x -> 4 * x), out.get(0));
    assertData(map(x -> 10 * x), out.get(1));
  }

  @Test
  void dictsWithOtherKeysAreOtherSignatures() {
    List<String> out = runJson("def f(p) = sum(p['a'] * p['a'])\n"
        + "def g(p) = sum(p['a'] * 3)\n"
        + "print(grad(lambda p: f(p))({'a': 1.5, 'b': 2.0}))\n"
        + "print(grad(lambda p: f(p))({'a': 1.5, 'c': 2.0}))\n");
    assertTrue(out.get(0).contains("\"b\""), out.get(0));
    assertTrue(out.get(1).contains("\"c\""), out.get(1));
    assertData(new double[] {3.0, 0.0}, out.get(0));
    assertData(new double[] {3.0, 0.0}, out.get(1));
  }

  /** vmap of a pullback rebuilt per call: the rows of U times the Jacobian diag(c cos(w)). */
  @Test
  void vmappedPullbacksAtOtherPointsAndOfRedefinedFunctionsDiffer() {
    String script = "u = array([[1.0, 2.0], [-1.0, 0.5], [3.0, 1.0]])\n"
        + "def f(w) = sin(w) * 2\n"
        + "def mjp(w) {\n"
        + "  y, vjp_fun = vjp(f, w)\n"
        + "  outs, = vmap(vjp_fun)(u)\n"
        + "  return outs\n"
        + "}\n"
        + "w1 = array([0.5, 1.0])\nw2 = array([-0.3, 2.0])\n"
        + "print(mjp(w1))\nprint(mjp(w2))\nprint(mjp(w1))\n"
        + "y, old = vjp(f, w1)\n"
        + "def f(w) = cos(w) * 2\n"
        + "print(mjp(w1))\n"
        + "print(vmap(old)(u)[0])\n";
    List<String> out = runJson(script);
    double[][] u = {{1, 2}, {-1, 0.5}, {3, 1}};
    java.util.function.BiFunction<double[], java.util.function.DoubleUnaryOperator, double[]> rows =
        (w, d) -> {
          double[] r = new double[6];
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
              r[2 * i + j] = u[i][j] * 2 * d.applyAsDouble(w[j]);
            }
          }
          return r;
        };
    double[] w1 = {0.5, 1.0};
    double[] w2 = {-0.3, 2.0};
    assertData(rows.apply(w1, Math::cos), out.get(0));
    assertData(rows.apply(w2, Math::cos), out.get(1));
    assertData(rows.apply(w1, Math::cos), out.get(2));
    assertData(rows.apply(w1, x -> -Math.sin(x)), out.get(3));
    // The pullback made before the redefinition keeps the function it was made of.
    assertData(rows.apply(w1, Math::cos), out.get(4));
  }

  /** vmap of a jvp rebuilt per call (the cookbook's JMP), at two points and two functions. */
  @Test
  void vmappedJvpsAtOtherPointsDiffer() {
    List<String> out = runJson("s = array([[1.0, 2.0], [-1.0, 0.5]])\n"
        + "def jmp(f, w) = vmap(lambda v: jvp(f, (w,), (v,))[1])(s)\n"
        + "print(jmp(lambda w: w * w, array([1.0, 3.0])))\n"
        + "print(jmp(lambda w: w * w, array([2.0, -1.0])))\n"
        + "print(jmp(lambda w: w * w * w, array([2.0, -1.0])))\n");
    assertData(new double[] {2, 12, -2, 3}, out.get(0));
    assertData(new double[] {4, -4, -4, -1}, out.get(1));
    assertData(new double[] {12, 6, -12, 1.5}, out.get(2));
  }

  @Test
  void keysOfDifferentKindsNeverCollide() {
    TraceCache c = new TraceCache();
    Object s = new Object();
    assertNotEquals(c.valueKey("x"), c.valueKey(s));
    assertEquals(c.valueKey(s), c.valueKey(s));
    assertNotEquals(c.valueKey(s), c.valueKey(new Object()));
    assertEquals(c.valueKey(new Values.Tuple(List.of("a", s))),
        c.valueKey(new Values.Tuple(List.of("a", s))));
    assertNotEquals(c.valueKey(new Values.Tuple(List.of("a", s))),
        c.valueKey(new Values.ListValue(List.of("a", s))));
  }
}
