package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.frontend.java.MethodReader;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * The Java reader's recurrences that carry arrays, run along an array, write at the step index
 * or nest in loops over sizes (issue 14 item 4), compiled once each with symbolic sizes: value and gradient equal bit
 * for bit to the interpreter (which the frontend's ArrayRecurrenceMethodsTest checks against the
 * Java methods and central differences) at several size tuples, from one class.
 */
class SizedRecurrenceReaderTest {
  static final String SOURCE = String.join("\n",
      "final class A {",
      "  static double linearOde(@Shape(\"n\") double[] y0, @Shape(\"n,n\") double[][] a,"
          + " double h, int steps) {",
      "    int n = y0.length;",
      "    double[] y = y0.clone();",
      "    for (int t = 1; t < steps; t++) {",
      "      double[] ynew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        double s = 0;",
      "        for (int j = 0; j < n; j++) {",
      "          s += a[i][j] * y[j];",
      "        }",
      "        ynew[i] = y[i] + h * t * s;",
      "      }",
      "      y = ynew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += y[i] * y[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double backwards(@Shape(\"n\") double[] y0, double[] u) {",
      "    int n = y0.length;",
      "    double[] y = y0.clone();",
      "    for (int t = u.length - 1; t >= 0; t--) {",
      "      double[] ynew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        ynew[i] = Math.cos(y[i] + u[t]) * 0.9;",
      "      }",
      "      y = ynew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += y[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double products(double[] a, double k) {",
      "    double s = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      double y = 1;",
      "      for (int j = 1; j < a.length; j++) {",
      "        y = y * a[j] * k + a[i] - a[j - 1];",
      "      }",
      "      s += y;",
      "    }",
      "    return s;",
      "  }",
      "  static double smooth(double[] x, double a) {",
      "    double[] y = x.clone();",
      "    for (int i = 1; i < x.length; i++) {",
      "      y[i] = a * y[i - 1] + (1 - a) * x[i];",
      "    }",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      s += y[i] * y[i];",
      "    }",
      "    return s;",
      "  }",
      "  static double cumulative(double[] x, double k) {",
      "    int n = x.length;",
      "    double[] y = new double[n + 1];",
      "    for (int i = 0; i < n; i++) {",
      "      y[i + 1] = Math.sin(k * y[i]) + x[i];",
      "    }",
      "    double s = 0;",
      "    for (int i = 0; i < n + 1; i++) {",
      "      s += y[i] * (i + k);",
      "    }",
      "    return s;",
      "  }",
      "  static double trajectory(double[] u, double y0, double k) {",
      "    int n = u.length;",
      "    double[] traj = new double[n + 1];",
      "    double y = y0;",
      "    for (int t = 1; t < n; t++) {",
      "      y = y * k + u[t];",
      "      traj[t + 1] = y * y;",
      "    }",
      "    double s = 0;",
      "    for (int i = 0; i < n + 1; i++) {",
      "      s += traj[i] * (i + k);",
      "    }",
      "    return s;",
      "  }",
      "}");

  static Graph read(String name) {
    CompilationUnit cu = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(SOURCE).getResult()
        .orElseThrow();
    MethodDeclaration m = cu.findAll(MethodDeclaration.class).stream()
        .filter(d -> d.getNameAsString().equals(name)).findFirst().orElseThrow();
    return MethodReader.read(m, "A.java", SOURCE, (n, arity) -> null);
  }

  /** Compiled once, called at every size tuple: bit for bit the interpreter. */
  static void check(String name, long[][] sizes, String... vars) {
    Graph g = read(name);
    Graph vg = Ad.valueAndGrad(g);
    CompileService service = new CompileService();
    SizedFunction f = SizedFunction.compile(vg, service);
    for (long[] s : sizes) {
      Map<String, Long> env = new TreeMap<>();
      for (int k = 0; k < vars.length; k++) {
        env.put(vars[k], s[k]);
      }
      Map<String, Long> given = new TreeMap<>(env);
      given.keySet().retainAll(vg.freeSizeVars());
      List<Tensor> a = SizedFunctionTest.args(vg, env, env.hashCode());
      List<Tensor> got = f.call(given, a);
      List<Tensor> want = Interpreter.eval(vg, given, a);
      for (int j = 0; j < want.size(); j++) {
        assertEquals(want.get(j).type(), got.get(j).type(), name + " " + env);
        assertArrayEquals(want.get(j).unsafeData(), got.get(j).unsafeData(), name + " " + env
            + " output " + j);
      }
    }
    assertEquals(1, service.compileCount(), "one class for all sizes");
  }

  @Test
  void anArrayCarryMaskedFromOne() {
    check("linearOde", new long[][] {{0, 0}, {0, 3}, {1, 1}, {2, 2}, {3, 5}, {6, 9}},
        "n", "steps");
  }

  @Test
  void anArrayCarryBackwards() {
    check("backwards", new long[][] {{0, 0}, {0, 2}, {1, 1}, {3, 4}, {5, 1}, {8, 12}},
        "n", "uLength");
  }

  @Test
  void aMaskedRecurrenceInALoopOverASize() {
    check("products", new long[][] {{0}, {1}, {2}, {5}, {17}}, "aLength");
  }

  @Test
  void recurrencesAlongAnArray() {
    check("smooth", new long[][] {{0}, {1}, {2}, {5}, {40}}, "xLength");
    check("cumulative", new long[][] {{0}, {1}, {2}, {5}, {40}}, "xLength");
  }

  @Test
  void writesAtTheStepIndex() {
    check("trajectory", new long[][] {{0}, {1}, {2}, {3}, {5}, {40}}, "uLength");
  }
}
