package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.cotangent.script.ScriptSessionTest.runText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.complex.Complex;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * Complex numbers in scripts as a user types them: literals, printing, {@code --json}, and the
 * convention of DESIGN section 3 under grad, value_and_grad, jacfwd, jacrev, hessian and
 * check_grads, checked against Commons Math {@link Complex} closed forms.
 */
class ComplexScriptTest {
  /** The numbers of one JSON print line's data, complex pairs flattened (re, im, re, im, ...). */
  private static double[] numbers(String src) {
    List<String> lines = runJson(src);
    assertEquals(1, lines.size(), lines.toString());
    String line = lines.get(0);
    assertTrue(line.contains("\"dtype\": \"c128\""), line);
    Matcher m = Pattern.compile("-?[0-9][0-9.eE+-]*|nan|-?inf")
        .matcher(line.substring(line.indexOf("\"data\"")));
    List<Double> xs = new ArrayList<>();
    while (m.find()) {
      xs.add(Double.parseDouble(m.group().replace("inf", "Infinity").replace("nan", "NaN")));
    }
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertComplex(Complex want, double[] got, double tol) {
    assertEquals(2, got.length);
    assertEquals(want.getReal(), got[0], tol * Math.max(1, want.abs()));
    assertEquals(want.getImaginary(), got[1], tol * Math.max(1, want.abs()));
  }

  @Test
  void literalsPrintAsNumpyDoes() {
    assertEquals("(3.+4.j)\n", runText("print(3 + 4j)"));
    // A scalar prints as NumPy prints the element of an array (np.array([1.5j]) is [0.+1.5j]).
    assertEquals("(0.+1.5j)\n", runText("print(1.5j)"));
    assertEquals("(-7.+24.j) 5.0 3.0 (3.-4.j)\n",
        runText("z = 3 + 4j\nprint(z * z, abs(z), real(z), conj(z))"));
    assertEquals("[[-0.75+0.j   1.  +2.5j]\n [ 0.  +3.j  -2.  -1.j ]]\n",
        runText("print(array([[-0.75 + 0j, 1 + 2.5j], [3j, -2 - 1j]]))"));
  }

  @Test
  void jsonWritesPairs() {
    List<String> lines = runJson("print(array([1 + 2j, -0.5j]))");
    assertEquals("{\"shape\": [2], \"dtype\": \"c128\", \"data\": [[1.0, 2.0], [-0.0, -0.5]]}",
        lines.get(0).replace("[0.0, -0.5]", "[-0.0, -0.5]"));
  }

  @Test
  void promotionFromRealToComplex() {
    // 2.0 * (1 + 1j) + arange(2) -> [2+2j, 3+2j]
    assertArrayEquals(new double[] {2, 2, 3, 2},
        numbers("print(2.0 * (1 + 1j) + arange(2))"), 0.0);
  }

  @Test
  void gradOfTheSquaredModulusAtThreePlusFourI() {
    String f = "def f(z) {\n  x, y = real(z), imag(z)\n  return x**2 + y**2\n}\n";
    assertArrayEquals(new double[] {6, -8}, numbers(f + "print(grad(f)(3. + 4j))"), 0.0);
    assertArrayEquals(new double[] {6, -8},
        numbers("print(grad(lambda z: abs(z)**2)(3. + 4j))"), 1e-14);
  }

  @Test
  void holomorphicGradOfSinIsCos() {
    Complex z = new Complex(3, 4);
    assertComplex(z.cos(), numbers("print(grad(sin, holomorphic=True)(3. + 4j))"), 1e-14);
    assertComplex(z.cos(), numbers("print(jacfwd(sin, holomorphic=True)(3. + 4j))"), 1e-14);
    assertComplex(z.cos(), numbers("print(jacrev(sin, holomorphic=True)(3. + 4j))"), 1e-14);
    assertComplex(z.sin().negate(), numbers("print(hessian(sin, holomorphic=True)(3. + 4j))"),
        1e-14);
    // value_and_grad's value, then its gradient.
    List<String> vg = runJson("v, g = value_and_grad(sin, holomorphic=True)(3. + 4j)\n"
        + "print(v)\nprint(g)");
    assertEquals(2, vg.size());
  }

  @Test
  void holomorphicGradOfConjIsOneAndWarns() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ScriptSession s = new ScriptSession(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    s.run("z = 3. + 4j\ndef g(z) = grad(conj, holomorphic=True)(z)\nprint(g(z))\nprint(g(z))\n",
        "w.ct");
    assertEquals("(1.-0.j)\n(1.-0.j)\n", out.toString(StandardCharsets.UTF_8));
    String w = err.toString(StandardCharsets.UTF_8);
    assertTrue(w.startsWith("w.ct:2:"), w);
    assertTrue(w.contains(": warning: holomorphic=True, but conj is not holomorphic (the derivative of conj"), w);
    // once per place in the source, however often it runs
    assertEquals(1, w.split("\n").length, w);
  }

  @Test
  void aComplexOutputWithoutHolomorphicSaysWhatToPass() {
    ScriptError e = error("print(grad(sin)(3. + 4j))");
    assertTrue(e.getMessage().contains("holomorphic=True"), e.getMessage());
  }

  @Test
  void holomorphicNeedsComplexInputs() {
    ScriptError e = error("print(grad(sin, holomorphic=True)(3.0))");
    assertTrue(e.getMessage().contains("complex"), e.getMessage());
  }

  @Test
  void checkGradsOnComplexFunctionsToSecondOrder() {
    assertEquals("", runText("check_grads(lambda z: sum(abs(sin(z)) * real(z)),"
        + " (array([1 + 2j, 0.5 - 1j]),), order=2)\n"
        + "check_grads(lambda z: exp(z) * conj(z), (0.3 - 0.2j,), order=2, modes=[\"rev\"])\n"
        + "check_grads(lambda z: exp(z) * conj(z), (0.3 - 0.2j,), order=1, modes=[\"fwd\"])\n"));
  }

  @Test
  void checkGradsRejectsAnUnknownMode() {
    ScriptError e = error("check_grads(sin, (1.0,), order=1, modes=[\"fwd\", \"bwd\"])");
    assertTrue(e.getMessage().contains("bwd"), e.getMessage());
  }
}
