package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * {@code custom_jvp} and {@code custom_vjp} in scripts, with JAX's signatures: a stable
 * log1pexp, gradient clipping, a hand VJP with residuals; under vmap, to second order, and the
 * errors.
 */
class CustomRuleScriptTest {
  static final String LOG1PEXP = "def f(x) = log(1 + exp(x))\n"
      + "def f_jvp(primals, tangents) {\n  x, = primals\n  t, = tangents\n"
      + "  return f(x), t * (1 - 1 / (1 + exp(x)))\n}\n"
      + "log1pexp = custom_jvp(f, f_jvp)\n";

  @Test
  void log1pexpHasAFiniteGradientWhereTheNaiveOneIsNan() {
    List<String> out = runJson(LOG1PEXP + "print(grad(f)(1000.0))\nprint(grad(log1pexp)(1000.0))\n"
        + "print(log1pexp(0.7))\nprint(grad(log1pexp)(0.7))\nprint(grad(grad(log1pexp))(0.7))\n"
        + "print(vmap(grad(log1pexp))(array([1000.0, 0.7])))\n"
        + "print(jvp(log1pexp, (0.7,), (2.0,))[1])\n");
    assertTrue(out.get(0).contains("nan"), out.get(0));
    assertEquals(1.0, data(out.get(1))[0]);
    double s = 1 / (1 + Math.exp(-0.7));
    assertEquals(Math.log1p(Math.exp(0.7)), data(out.get(2))[0], 1e-15);
    assertEquals(s, data(out.get(3))[0], 1e-15);
    assertEquals(s * (1 - s), data(out.get(4))[0], 1e-15);
    assertArrayEquals(new double[] {1.0, s}, data(out.get(5)), 1e-15);
    assertEquals(2 * s, data(out.get(6))[0], 1e-15);
  }

  @Test
  void gradientClippingWithCustomVjp() {
    String src = "def clip_gradient(x) = x\n"
        + "def fwd(x) = x, ()\n"
        + "def bwd(res, g) = (clip(g, -1.0, 1.0),)\n"
        + "clipped = custom_vjp(clip_gradient, fwd, bwd)\n"
        + "w = array([5.0, 0.5, -3.0])\n"
        + "print(grad(lambda x: sum(clipped(x) * w))(array([1.0, 2.0, 3.0])))\n"
        + "print(grad(lambda x: sum(x * w))(array([1.0, 2.0, 3.0])))\n";
    List<String> out = runJson(src);
    assertArrayEquals(new double[] {1.0, 0.5, -1.0}, data(out.get(0)));
    assertArrayEquals(new double[] {5.0, 0.5, -3.0}, data(out.get(1)));
  }

  @Test
  void aHandVjpWithResidualsToSecondOrder() {
    String src = "def fwd(x, y) = x * sin(y), (x, sin(y), cos(y))\n"
        + "def bwd(res, g) {\n  x, s, c = res\n  return g * s, g * x * c\n}\n"
        + "f = custom_vjp(lambda x, y: x * sin(y), fwd, bwd)\n"
        + "print(grad(f, (0, 1))(2.0, 0.5))\n"
        + "print(grad(lambda y: grad(f, 1)(2.0, y))(0.5))\n";
    List<String> out = runJson(src);
    assertEquals(Math.sin(0.5), data(out.get(0))[0], 1e-15);
    assertEquals(2 * Math.cos(0.5), data(out.get(0))[1], 1e-15);
    assertEquals(-2 * Math.sin(0.5), data(out.get(1))[0], 1e-15);
  }

  @Test
  void forwardModeWorksThroughBwd() {
    String src = "def fwd(x) = sin(x), cos(x)\n"
        + "def bwd(c, g) = (g * c,)\n"
        + "f = custom_vjp(sin, fwd, bwd)\n"
        + "print(jvp(f, (0.3,), (2.0,))[1])\n"
        + "print(jacfwd(lambda x: f(x) * x)(array([0.3, 2.0])))\n";
    List<String> out = runJson(src);
    assertEquals(2 * Math.cos(0.3), data(out.get(0))[0], 1e-15);
    assertArrayEquals(new double[] {Math.cos(0.3) * 0.3 + Math.sin(0.3), 0, 0,
        Math.cos(2.0) * 2.0 + Math.sin(2.0)}, data(out.get(1)), 1e-15);
  }

  @Test
  void mistakesArePositioned() {
    ScriptError e = error("f = custom_jvp(lambda x: x, lambda p, t: p[0])\ngrad(f)(1.0)\n");
    assertTrue(e.getMessage().contains("jvp(primals, tangents) must return a pair"),
        e.getMessage());
    e = error("f = custom_vjp(lambda x: x, lambda x: (x, ()), lambda r, g: g)\ngrad(f)(1.0)\n");
    assertTrue(e.getMessage().contains("bwd(residuals, g) must return a tuple of one cotangent"
        + " per argument"), e.getMessage());
    e = error("def outer(w) {\n  f = custom_jvp(lambda x: x * w, lambda p, t: (p[0] * w, t[0] * w))\n"
        + "  return f(1.0)\n}\ngrad(outer)(2.0)\n");
    assertTrue(e.getMessage().contains("reads a value traced outside it"), e.getMessage());
  }
}
