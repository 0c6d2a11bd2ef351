package org.cotangent.frontend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Recurrences over symbolic trip counts and {@code i--} loops (issue 14): each method is read
 * once into a graph with symbolic sizes; at every size the interpreter computes what the Java
 * method computes, bit for bit (recurrences are scans that run Java's operations in Java's order;
 * an {@code i--} reduction sums from the last index, as Java does), and the gradient of the
 * symbolic graph agrees with central differences of the Java method. An {@code int} parameter
 * that is no array's size ({@code steps}) is a size of its own, given at the call.
 */
class RecurrenceMethodsTest {
  static final String SOURCE = String.join("\n",
      "final class R {",
      "  static double euler(double y0, double k, double h, int steps) {",
      "    double y = y0;",
      "    for (int i = 0; i < steps; i++) {",
      "      y += h * (-k * y);",
      "    }",
      "    return y;",
      "  }",
      "  static double forced(double y0, double k, double h, double[] u) {",
      "    double y = y0;",
      "    for (int i = 0; i < u.length; i++) {",
      "      y += h * (k * u[i] - y);",
      "    }",
      "    return y;",
      "  }",
      "  static double mixed(double y0, double k, double[] u) {",
      "    double y = y0;",
      "    double s = 0;",
      "    for (int i = 0; i < u.length; i++) {",
      "      y = y * Math.cos(u[i]) + k;",
      "      s += y * y;",
      "    }",
      "    return s + y;",
      "  }",
      "  static double backwards(double y0, double k, double[] u) {",
      "    double y = y0;",
      "    for (int i = u.length - 1; i >= 0; i--) {",
      "      y = Math.sin(y * k + u[i]);",
      "    }",
      "    return y;",
      "  }",
      "  static double reversedSum(double[] x, double c) {",
      "    double s = 0.1;",
      "    for (int i = x.length - 1; i >= 0; i--) {",
      "      s += x[i] * (i + c);",
      "    }",
      "    return s;",
      "  }",
      "  static double reversedMap(double[] x) {",
      "    int n = x.length;",
      "    double[] out = new double[n];",
      "    for (int i = n - 1; i >= 0; i--) {",
      "      out[i] = Math.sin(x[i]) * x[i];",
      "    }",
      "    double s = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      s += out[i] * out[i];",
      "    }",
      "    return s;",
      "  }",
      "  static double forcing(double y0, double k, double h, int steps) {",
      "    double y = y0;",
      "    for (int i = 1; i <= steps; i++) {",
      "      y += h * (Math.sin(i * h) - k * y);",
      "    }",
      "    return y;",
      "  }",
      "  static double branches(double y0, double[] u) {",
      "    double y = y0;",
      "    for (int i = 0; i < u.length; i++) {",
      "      if (y > 1) {",
      "        y = y / 2;",
      "      } else {",
      "        y = y * 1.5 + u[i] * u[i];",
      "      }",
      "    }",
      "    return y;",
      "  }",
      "  static double countdown(double y0, double k) {",
      "    double y = y0;",
      "    for (int i = 9; i >= 0; i--) {",
      "      y = y * k + i;",
      "    }",
      "    return y;",
      "  }",
      "  static double afterASum(double[] u, double a, int steps) {",
      "    double m = 0;",
      "    for (int i = 0; i < u.length; i++) {",
      "      m += u[i];",
      "    }",
      "    double y = 1;",
      "    for (int i = 0; i < steps; i++) {",
      "      y = y * a + m;",
      "    }",
      "    return y;",
      "  }",
      "  static double shifted(double y0, double[] u) {",
      "    double y = y0;",
      "    for (int i = 1; i < u.length; i++) {",
      "      y = y * 0.9 + u[i] - u[i - 1];",
      "    }",
      "    return y;",
      "  }",
      "  static double runningSum(double[] a) {",
      "    double s = 0;",
      "    double t = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      s += a[i];",
      "      t += s;",
      "    }",
      "    return t;",
      "  }",
      "  static double positives(double[] a) {",
      "    double s = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      if (a[i] > 0) {",
      "        s += a[i];",
      "      }",
      "    }",
      "    return s;",
      "  }",
      "  static double maxThenSum(double[] x) {",
      "    double s = -1e300;",
      "    for (int i = 0; i < x.length; i++) {",
      "      s = Math.max(s, x[i]);",
      "    }",
      "    for (int i = 0; i < x.length; i++) {",
      "      s += x[i];",
      "    }",
      "    return s;",
      "  }",
      "}");

  // The same methods, run by Java.

  static double euler(double y0, double k, double h, int steps) {
    double y = y0;
    for (int i = 0; i < steps; i++) {
      y += h * (-k * y);
    }
    return y;
  }

  static double forced(double y0, double k, double h, double[] u) {
    double y = y0;
    for (int i = 0; i < u.length; i++) {
      y += h * (k * u[i] - y);
    }
    return y;
  }

  static double mixed(double y0, double k, double[] u) {
    double y = y0;
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      y = y * Math.cos(u[i]) + k;
      s += y * y;
    }
    return s + y;
  }

  static double backwards(double y0, double k, double[] u) {
    double y = y0;
    for (int i = u.length - 1; i >= 0; i--) {
      y = Math.sin(y * k + u[i]);
    }
    return y;
  }

  static double reversedSum(double[] x, double c) {
    double s = 0.1;
    for (int i = x.length - 1; i >= 0; i--) {
      s += x[i] * (i + c);
    }
    return s;
  }

  static double reversedMap(double[] x) {
    int n = x.length;
    double[] out = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = Math.sin(x[i]) * x[i];
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += out[i] * out[i];
    }
    return s;
  }

  static double forcing(double y0, double k, double h, int steps) {
    double y = y0;
    for (int i = 1; i <= steps; i++) {
      y += h * (Math.sin(i * h) - k * y);
    }
    return y;
  }

  static double branches(double y0, double[] u) {
    double y = y0;
    for (int i = 0; i < u.length; i++) {
      if (y > 1) {
        y = y / 2;
      } else {
        y = y * 1.5 + u[i] * u[i];
      }
    }
    return y;
  }

  static double countdown(double y0, double k) {
    double y = y0;
    for (int i = 9; i >= 0; i--) {
      y = y * k + i;
    }
    return y;
  }

  static double afterASum(double[] u, double a, int steps) {
    double m = 0;
    for (int i = 0; i < u.length; i++) {
      m += u[i];
    }
    double y = 1;
    for (int i = 0; i < steps; i++) {
      y = y * a + m;
    }
    return y;
  }

  static double shifted(double y0, double[] u) {
    double y = y0;
    for (int i = 1; i < u.length; i++) {
      y = y * 0.9 + u[i] - u[i - 1];
    }
    return y;
  }

  static double runningSum(double[] a) {
    double s = 0;
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i];
      t += s;
    }
    return t;
  }

  static double positives(double[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > 0) {
        s += a[i];
      }
    }
    return s;
  }

  static double maxThenSum(double[] x) {
    double s = -1e300;
    for (int i = 0; i < x.length; i++) {
      s = Math.max(s, x[i]);
    }
    for (int i = 0; i < x.length; i++) {
      s += x[i];
    }
    return s;
  }

  record Case(String name, Function<Object[], Double> java, Function<Integer, Object[]> args) {}

  static final Random RNG = new Random(1414);

  static double[] vec(int n) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = RNG.nextDouble() * 2 - 1;
    }
    return v;
  }

  static double d(double lo, double hi) {
    return lo + (hi - lo) * RNG.nextDouble();
  }

  static List<Case> cases() {
    return List.of(
        new Case("euler", a -> euler((Double) a[0], (Double) a[1], (Double) a[2], (Integer) a[3]),
            n -> new Object[] {d(0.5, 2), d(0.5, 2), 0.01, n}),
        new Case("forced", a -> forced((Double) a[0], (Double) a[1], (Double) a[2],
            (double[]) a[3]), n -> new Object[] {d(0.5, 2), d(0.5, 2), 0.05, vec(n)}),
        new Case("mixed", a -> mixed((Double) a[0], (Double) a[1], (double[]) a[2]),
            n -> new Object[] {d(-1, 1), d(-0.5, 0.5), vec(n)}),
        new Case("backwards", a -> backwards((Double) a[0], (Double) a[1], (double[]) a[2]),
            n -> new Object[] {d(-1, 1), d(0.5, 1.5), vec(n)}),
        new Case("reversedSum", a -> reversedSum((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(0, 1)}),
        new Case("reversedMap", a -> reversedMap((double[]) a[0]), n -> new Object[] {vec(n)}),
        new Case("forcing", a -> forcing((Double) a[0], (Double) a[1], (Double) a[2],
            (Integer) a[3]), n -> new Object[] {d(0.5, 2), d(0.5, 2), 0.03, n}),
        new Case("branches", a -> branches((Double) a[0], (double[]) a[1]),
            n -> new Object[] {d(0.2, 0.9), vec(n)}),
        new Case("countdown", a -> countdown((Double) a[0], (Double) a[1]),
            n -> new Object[] {d(-1, 1), d(0.5, 1.1)}),
        new Case("afterASum", a -> afterASum((double[]) a[0], (Double) a[1], (Integer) a[2]),
            n -> new Object[] {vec(n), d(0.2, 0.9), n + 3}),
        new Case("shifted", a -> shifted((Double) a[0], (double[]) a[1]),
            n -> new Object[] {d(-1, 1), vec(n)}),
        new Case("runningSum", a -> runningSum((double[]) a[0]), n -> new Object[] {vec(n)}),
        new Case("positives", a -> positives((double[]) a[0]), n -> new Object[] {vec(n)}),
        new Case("maxThenSum", a -> maxThenSum((double[]) a[0]), n -> new Object[] {vec(n)}));
  }

  static final int[] SIZES = {0, 1, 2, 7, 100};

  static CompilationUnit unit() {
    return new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(SOURCE).getResult()
        .orElseThrow();
  }

  static MethodDeclaration method(String name) {
    return unit().findAll(MethodDeclaration.class).stream()
        .filter(m -> m.getNameAsString().equals(name)).findFirst().orElseThrow();
  }

  static Graph read(String name) {
    return MethodReader.read(method(name), "R.java", SOURCE, (n, arity) -> null);
  }

  /** The int arguments, by parameter name: the sizes no array gives. */
  static Map<String, Long> given(String name, Object[] args) {
    Map<String, Long> m = new TreeMap<>();
    List<Parameter> ps = method(name).getParameters();
    for (int k = 0; k < args.length; k++) {
      if (args[k] instanceof Integer) {
        m.put(ps.get(k).getNameAsString(), (long) (Integer) args[k]);
      }
    }
    return m;
  }

  static double value(Graph g, Map<String, Long> given, Object[] args) {
    return Interpreter.eval(g, given, ArrayMethodsTest.tensors(args)).get(0).item();
  }

  @Test
  void graphsComputeWhatTheMethodsComputeAtEverySize() {
    for (Case c : cases()) {
      Graph g = read(c.name());
      for (int n : SIZES) {
        Object[] args = c.args().apply(n);
        double java = c.java().apply(args);
        assertEquals(java, value(g, given(c.name(), args), args), 0.0, c.name() + " at " + n);
      }
    }
  }

  @Test
  void recurrencesAreScansOverTheTripCount() {
    for (String name : List.of("euler", "forced", "mixed", "backwards", "forcing", "branches",
        "countdown", "afterASum", "shifted")) {
      String text = read(name).toString();
      assertTrue(text.contains("scan["), name + ":\n" + text);
    }
    assertTrue(read("euler").toString().contains("length=steps"));
    assertTrue(read("backwards").toString().contains("reverse=True"));
    assertEquals(List.of("steps"), new ArrayList<>(read("euler").freeSizeVars()));
  }

  @Test
  void theSymbolicGradientAgreesWithCentralDifferences() {
    double h = 1e-6;
    for (Case c : cases()) {
      Graph g = read(c.name());
      Graph grad = Ad.grad(g);
      for (int n : new int[] {0, 1, 2, 7}) {
        Object[] args = c.args().apply(n);
        Map<String, Long> given = given(c.name(), args);
        List<Tensor> got = Interpreter.eval(grad, given, ArrayMethodsTest.tensors(args));
        int input = 0;
        for (int k = 0; k < args.length; k++) {
          if (args[k] instanceof Integer) {
            continue;
          }
          double[] gk = got.get(input++).unsafeData();
          int count = ArrayMethodsTest.count(args[k]);
          assertEquals(count, gk.length, c.name() + " gradient " + k + " length");
          for (int e = 0; e < count; e++) {
            double fd = (c.java().apply(ArrayMethodsTest.bump(args, k, e, h))
                - c.java().apply(ArrayMethodsTest.bump(args, k, e, -h))) / (2 * h);
            assertEquals(fd, gk[e], 1e-6 * (1 + Math.abs(fd)), c.name() + " at " + n
                + ": d/d(argument " + k + ")[" + e + "]");
          }
        }
      }
    }
  }
}
