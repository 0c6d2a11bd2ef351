package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.cotangent.fuzz.Ex.Kind;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * The loop generator's parts can fail and mean what they say: the NumPy oracle's loops and the
 * rendered script agree with values worked out by hand from JAX's documentation (reverse scans
 * stack ys at their step's index), the NaN-safe check fails when the closed form is not the
 * program's, the shrinker's loop forms are smaller, and generated loop programs trace.
 */
class LoopSelfTest {
  private static final int[] S3 = {3};
  private static final int[] NONE = {};

  private static Ex name(String n, int[] s) {
    return Ex.name(n, s, 'f');
  }

  /** {@code scan(lambda c, v: (c + v, c), 0.0, x, reverse=...)[out]}. */
  private static Ex runningSum(int out, boolean reverse) {
    Ex next = Generator.bin("+", name("c", NONE), name("v", NONE), NONE);
    return Ex.of(Kind.LOOP, "scan c v", out == 0 ? NONE : S3, 'f',
        new int[] {3, reverse ? 1 : 0, out, 1, 0}, Ex.num("0.0", 'f'), name("x", S3), next,
        name("c", NONE));
  }

  private static double[] oracle(Ex e, double[] x) {
    Prog p = new Prog("f", List.of("x"), List.of(S3), List.of(), List.of(e));
    return NumpyEval.run(p, List.of(x)).get(0).d;
  }

  private static double[] interpreted(Ex e, double[] x) {
    Prog p = new Prog("f", List.of("x"), List.of(S3), List.of(), List.of(e));
    ScriptSession s = new ScriptSession(new PrintStream(OutputStream.nullOutputStream()),
        new PrintStream(OutputStream.nullOutputStream()), false);
    s.run(p.render(), "<loop-self-test>");
    Graph g = s.trace("f", List.of(TensorType.f64(3)));
    return Interpreter.eval(g, List.of(Tensor.wrap(TensorType.f64(3), x.clone()))).get(0)
        .toDoubleArray();
  }

  @Test
  void theOracleAndTheScriptComputeLoopsAsJaxDocumentsThem() {
    double[] x = {1, 2, 3};
    // Forwards: ys = [0, 1, 3], carry 6. Reversed (t = 2, 1, 0): ys[2] = 0, ys[1] = 3, ys[0] = 5.
    double[][] expected = {{6}, {0, 1, 3}, {6}, {5, 3, 0}};
    Ex[] loops = {runningSum(0, false), runningSum(1, false), runningSum(0, true),
        runningSum(1, true)};
    for (int k = 0; k < loops.length; k++) {
      assertArrayEquals(expected[k], oracle(loops[k], x), 0, loops[k].render());
      assertArrayEquals(expected[k], interpreted(loops[k], x), 1e-15, loops[k].render());
    }
    // fori_loop(1, 4, lambda i, c: c * 2 + i, sum(x)): ((6 * 2 + 1) * 2 + 2) * 2 + 3 = 59; an
    // empty range gives the init.
    Ex body = Generator.bin("+", Generator.bin("*", name("c", NONE), Ex.num("2.0", 'f'), NONE),
        Ex.name("i", NONE, 'i'), NONE);
    Ex sum = Ex.of(Kind.REDUCE, "sum", NONE, 'f', null, name("x", S3));
    Ex fori = Ex.of(Kind.LOOP, "fori_loop i c", NONE, 'f', new int[] {1, 4}, sum, body);
    assertEquals(59, oracle(fori, x)[0], 0);
    assertEquals(59, interpreted(fori, x)[0], 1e-12);
    Ex empty = fori.withInts(new int[] {2, 1});
    assertEquals(6, oracle(empty, x)[0], 0);
    assertEquals(6, interpreted(empty, x)[0], 1e-12);
    // cond(sum(x) > 5, lambda u: u * 2, lambda u: u - 1, x): [2, 4, 6]; with > 7: [0, 1, 2].
    for (String bound : new String[] {"5.0", "7.0"}) {
      Ex pred = Generator.bin(">", sum, Ex.num(bound, 'f'), NONE);
      Ex cond = Ex.of(Kind.LOOP, "cond u", S3, 'f', null, pred, name("x", S3),
          Generator.bin("*", name("u", S3), Ex.num("2.0", 'f'), S3),
          Generator.bin("-", name("u", S3), Ex.num("1.0", 'f'), S3));
      double[] want = bound.equals("5.0") ? new double[] {2, 4, 6} : new double[] {0, 1, 2};
      assertArrayEquals(want, oracle(cond, x), 0, cond.render());
      assertArrayEquals(want, interpreted(cond, x), 1e-15, cond.render());
    }
  }

  @Test
  void theNanSafeCheckPassesTheRightClosedFormAndFailsAWrongOne() {
    double[] x = {0.0, 0.7, -0.4};
    NanSafeCheck right = new NanSafeCheck("sqrt", 1.0, "0.0", false, x);
    assertNull(right.check(new Stats()), right.script());
    // The script writes log, the expectation is sqrt's: the lane at 0.7 must disagree.
    NanSafeCheck wrong = new NanSafeCheck("sqrt", 1.0, "0.0", false, x);
    wrong.written = "log";
    String m = wrong.check(new Stats());
    assertNotNull(m, wrong.script());
    assertTrue(m.contains("element 1"), m);
  }

  @Test
  void loopsShrinkToFewerStepsAndToTheirBodies() {
    Ex scan = runningSum(0, true);
    List<Ex> forms = Loops.shrinks(scan);
    assertTrue(forms.stream().anyMatch(e -> e.kind != Kind.LOOP), "no body-once form: " + forms);
    assertTrue(forms.stream().anyMatch(e -> e.kind == Kind.LOOP && e.ints[0] == 0), forms.toString());
    for (Ex e : forms) {
      assertTrue(e.weight() <= scan.weight() + 2, e.render());
    }
    // The body once: the carry is the init and x the first step of the reversed scan, x[2].
    Ex once = forms.get(0);
    assertEquals("(0.0 + x[2])", once.render());
    double[] x = {1, 2, 3};
    for (Ex e : forms) {
      if (e.kind == Kind.LOOP) {
        assertArrayEquals(oracle(e, x), interpreted(e, x), 1e-15, e.render());
      }
    }
  }

  @Test
  void generatedLoopProgramsTraceAndHaveLoops() {
    Stats stats = new Stats();
    Compiled compiled = new Compiled((g, args) -> Interpreter.eval(g, args), stats, 1);
    Checker checker = new Checker(stats, compiled, null);
    Options o = new Options();
    o.loops = 1;
    int withLoops = 0;
    StringBuilder errors = new StringBuilder();
    for (long i = 0; i < 60; i++) {
      java.util.Random[] r = new java.util.Random[1];
      Case c = FuzzRun.generate(21, i, o, r).withChain(List.of());
      if (c.programText.matches("(?s).*\\b(scan|fori_loop|cond)\\(.*")) {
        withLoops++;
      }
      Checker.Result res = checker.check(c, null);
      if (res.failed("script-error") || res.failed("numpy")) {
        errors.append(res.first()).append('\n').append(c.programText).append('\n');
      }
    }
    assertEquals("", errors.toString());
    assertTrue(withLoops >= 40, withLoops + " of 60 programs have loops");
  }
}
