package org.cotangent.frontend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Recurrences that carry arrays and recurrences nested in loops over sizes (issue 14 item 4):
 * explicit Euler of an n-dimensional state ({@code double[] y = y0.clone()} or a {@code new
 * double[n]} written by a loop, each step a fresh {@code new double[n]} written at the index of
 * a loop over n, then {@code y = ynew}) is a scan whose carry is {@code f64[n]}; a recurrence
 * inside a loop over a size runs once for every index of the enclosing loops, as one scan whose
 * carry has their axes. At every size the interpreter computes what the Java method computes,
 * bit for bit, and the symbolic gradient agrees with central differences of the Java method.
 */
class ArrayRecurrenceMethodsTest {
  static final String SOURCE = String.join("\n",
      "final class A {",
      "  static double linearOde(@Shape(\"n\") double[] y0, @Shape(\"n,n\") double[][] a, double h, int steps) {",
      "    int n = y0.length;",
      "    double[] y = y0.clone();",
      "    for (int t = 0; t < steps; t++) {",
      "      double[] ynew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        double s = 0;",
      "        for (int j = 0; j < n; j++) {",
      "          s += a[i][j] * y[j];",
      "        }",
      "        ynew[i] = y[i] + h * s;",
      "      }",
      "      y = ynew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += y[i] * y[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double oscillators(@Shape(\"n\") double[] x0, @Shape(\"n\") double[] k, double c, double h, int steps) {",
      "    int n = x0.length;",
      "    double[] x = new double[n];",
      "    for (int i = 0; i < n; i++) {",
      "      x[i] = 2 * x0[i];",
      "    }",
      "    double[] v = new double[n];",
      "    for (int t = 0; t < steps; t++) {",
      "      double mean = 0;",
      "      for (int i = 0; i < n; i++) {",
      "        mean += x[i];",
      "      }",
      "      double[] xnew = new double[n];",
      "      double[] vnew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        vnew[i] = v[i] + h * (-k[i] * x[i] - c * v[i] + 0.1 * Math.sin(mean));",
      "        xnew[i] = x[i] + h * v[i];",
      "      }",
      "      x = xnew;",
      "      v = vnew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += k[i] * x[i] * x[i] + v[i] * v[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double decays(double[] x, double k, double h, int steps) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      double y = x[i];",
      "      for (int t = 0; t < steps; t++) {",
      "        y = y - h * k * Math.sin(y);",
      "      }",
      "      s += y * y;",
      "    }",
      "    return s;",
      "  }",
      "  static double driven(@Shape(\"n\") double[] y0, @Shape(\"n\") double[] u, double h) {",
      "    int n = y0.length;",
      "    double[] y = y0.clone();",
      "    for (int t = 0; t < u.length; t++) {",
      "      double[] ynew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        ynew[i] = y[i] * Math.cos(h * u[t]) + h * u[t] * u[i];",
      "      }",
      "      y = ynew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += y[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double nested(double[] a, double y0) {",
      "    double y = y0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      for (int j = 0; j < a.length; j++) {",
      "        y = Math.sin(y * a[j]) + a[i];",
      "      }",
      "    }",
      "    return y;",
      "  }",
      "  static double products(double[] a) {",
      "    double s = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      double y = 1;",
      "      for (int j = 0; j < a.length; j++) {",
      "        y = y * a[j] + a[i];",
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
      "  static double shiftedInALoop(double[] x, double h) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      double y = x[i];",
      "      for (int t = 1; t < x.length; t++) {",
      "        y = y * 0.5 + x[t] - x[t - 1] + h * t;",
      "      }",
      "      s += y * y;",
      "    }",
      "    return s;",
      "  }",
      "  static double backwardsInALoop(double[] x, double k) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      double y = 0.5;",
      "      for (int t = x.length - 1; t >= 0; t--) {",
      "        y = Math.sin(y * k + x[t]) + x[i];",
      "      }",
      "      s += y;",
      "    }",
      "    return s;",
      "  }",
      "  static double fromOne(double[] y0, double h, int steps) {",
      "    int n = y0.length;",
      "    double[] y = y0.clone();",
      "    for (int t = 1; t < steps; t++) {",
      "      double[] ynew = new double[n];",
      "      for (int i = 0; i < n; i++) {",
      "        ynew[i] = y[i] - h * t * Math.sin(y[i]);",
      "      }",
      "      y = ynew;",
      "    }",
      "    double e = 0;",
      "    for (int i = 0; i < n; i++) {",
      "      e += y[i] * y[i];",
      "    }",
      "    return e;",
      "  }",
      "  static double backwardsArray(double[] y0, double[] u) {",
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

  // The same methods, run by Java.

  static double linearOde(double[] y0, double[][] a, double h, int steps) {
    int n = y0.length;
    double[] y = y0.clone();
    for (int t = 0; t < steps; t++) {
      double[] ynew = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[i][j] * y[j];
        }
        ynew[i] = y[i] + h * s;
      }
      y = ynew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += y[i] * y[i];
    }
    return e;
  }
  static double oscillators(double[] x0, double[] k, double c, double h, int steps) {
    int n = x0.length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 2 * x0[i];
    }
    double[] v = new double[n];
    for (int t = 0; t < steps; t++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i];
      }
      double[] xnew = new double[n];
      double[] vnew = new double[n];
      for (int i = 0; i < n; i++) {
        vnew[i] = v[i] + h * (-k[i] * x[i] - c * v[i] + 0.1 * Math.sin(mean));
        xnew[i] = x[i] + h * v[i];
      }
      x = xnew;
      v = vnew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += k[i] * x[i] * x[i] + v[i] * v[i];
    }
    return e;
  }
  static double decays(double[] x, double k, double h, int steps) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double y = x[i];
      for (int t = 0; t < steps; t++) {
        y = y - h * k * Math.sin(y);
      }
      s += y * y;
    }
    return s;
  }
  static double driven(double[] y0, double[] u, double h) {
    int n = y0.length;
    double[] y = y0.clone();
    for (int t = 0; t < u.length; t++) {
      double[] ynew = new double[n];
      for (int i = 0; i < n; i++) {
        ynew[i] = y[i] * Math.cos(h * u[t]) + h * u[t] * u[i];
      }
      y = ynew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += y[i];
    }
    return e;
  }

  static double nested(double[] a, double y0) {
    double y = y0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        y = Math.sin(y * a[j]) + a[i];
      }
    }
    return y;
  }
  static double products(double[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double y = 1;
      for (int j = 0; j < a.length; j++) {
        y = y * a[j] + a[i];
      }
      s += y;
    }
    return s;
  }

  static double smooth(double[] x, double a) {
    double[] y = x.clone();
    for (int i = 1; i < x.length; i++) {
      y[i] = a * y[i - 1] + (1 - a) * x[i];
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += y[i] * y[i];
    }
    return s;
  }
  static double cumulative(double[] x, double k) {
    int n = x.length;
    double[] y = new double[n + 1];
    for (int i = 0; i < n; i++) {
      y[i + 1] = Math.sin(k * y[i]) + x[i];
    }
    double s = 0;
    for (int i = 0; i < n + 1; i++) {
      s += y[i] * (i + k);
    }
    return s;
  }
  static double shiftedInALoop(double[] x, double h) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double y = x[i];
      for (int t = 1; t < x.length; t++) {
        y = y * 0.5 + x[t] - x[t - 1] + h * t;
      }
      s += y * y;
    }
    return s;
  }
  static double backwardsInALoop(double[] x, double k) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double y = 0.5;
      for (int t = x.length - 1; t >= 0; t--) {
        y = Math.sin(y * k + x[t]) + x[i];
      }
      s += y;
    }
    return s;
  }

  static double fromOne(double[] y0, double h, int steps) {
    int n = y0.length;
    double[] y = y0.clone();
    for (int t = 1; t < steps; t++) {
      double[] ynew = new double[n];
      for (int i = 0; i < n; i++) {
        ynew[i] = y[i] - h * t * Math.sin(y[i]);
      }
      y = ynew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += y[i] * y[i];
    }
    return e;
  }
  static double backwardsArray(double[] y0, double[] u) {
    int n = y0.length;
    double[] y = y0.clone();
    for (int t = u.length - 1; t >= 0; t--) {
      double[] ynew = new double[n];
      for (int i = 0; i < n; i++) {
        ynew[i] = Math.cos(y[i] + u[t]) * 0.9;
      }
      y = ynew;
    }
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += y[i];
    }
    return e;
  }

  static double trajectory(double[] u, double y0, double k) {
    int n = u.length;
    double[] traj = new double[n + 1];
    double y = y0;
    for (int t = 1; t < n; t++) {
      y = y * k + u[t];
      traj[t + 1] = y * y;
    }
    double s = 0;
    for (int i = 0; i < n + 1; i++) {
      s += traj[i] * (i + k);
    }
    return s;
  }

  record Case(String name, Function<Object[], Double> java, Function<Integer, Object[]> args) {}

  static final Random RNG = new Random(1415);

  static double[] vec(int n) {
    return RecurrenceMethodsTest.vec(n);
  }

  static double[][] mat(int n) {
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = vec(n);
    }
    return a;
  }

  static double d(double lo, double hi) {
    return lo + (hi - lo) * RNG.nextDouble();
  }

  static List<Case> cases() {
    return List.of(
        new Case("linearOde", a -> linearOde((double[]) a[0], (double[][]) a[1], (Double) a[2],
            (Integer) a[3]), n -> new Object[] {vec(n), mat(n), 0.05, n + 3}),
        new Case("oscillators", a -> oscillators((double[]) a[0], (double[]) a[1], (Double) a[2],
            (Double) a[3], (Integer) a[4]), n -> new Object[] {vec(n), vec(n), d(0.1, 0.5), 0.05,
                2 * n + 1}),
        new Case("decays", a -> decays((double[]) a[0], (Double) a[1], (Double) a[2],
            (Integer) a[3]), n -> new Object[] {vec(n), d(0.5, 2), 0.1, 5 - n % 3}),
        new Case("driven", a -> driven((double[]) a[0], (double[]) a[1], (Double) a[2]),
            n -> new Object[] {vec(n), vec(n), 0.3}),
        new Case("nested", a -> nested((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(-1, 1)}),
        new Case("products", a -> products((double[]) a[0]), n -> new Object[] {vec(n)}),
        new Case("smooth", a -> smooth((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(0.2, 0.8)}),
        new Case("cumulative", a -> cumulative((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(0.5, 1.5)}),
        new Case("shiftedInALoop", a -> shiftedInALoop((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(0, 0.1)}),
        new Case("backwardsInALoop", a -> backwardsInALoop((double[]) a[0], (Double) a[1]),
            n -> new Object[] {vec(n), d(0.5, 1.5)}),
        new Case("fromOne", a -> fromOne((double[]) a[0], (Double) a[1], (Integer) a[2]),
            n -> new Object[] {vec(n), 0.05, n % 4}),
        new Case("backwardsArray", a -> backwardsArray((double[]) a[0], (double[]) a[1]),
            n -> new Object[] {vec(n), vec(n + 2)}),
        new Case("trajectory", a -> trajectory((double[]) a[0], (Double) a[1], (Double) a[2]),
            n -> new Object[] {vec(n), d(-1, 1), d(0.5, 1.1)}));
  }

  static final int[] SIZES = {0, 1, 2, 3, 7, 20};

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
    return MethodReader.read(method(name), "A.java", SOURCE, (n, arity) -> null);
  }

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

  @Test
  void graphsComputeWhatTheMethodsComputeAtEverySize() {
    for (Case c : cases()) {
      Graph g = read(c.name());
      for (int n : SIZES) {
        Object[] args = c.args().apply(n);
        double java = c.java().apply(args);
        double got = Interpreter.eval(g, given(c.name(), args), ArrayMethodsTest.tensors(args))
            .get(0).item();
        assertEquals(java, got, 0.0, c.name() + " at " + n);
      }
    }
  }

  @Test
  void arrayCarriesAreScanCarriesOfSymbolicSize() {
    for (String name : List.of("linearOde", "oscillators", "driven", "decays", "nested",
        "products", "shiftedInALoop", "backwardsInALoop", "fromOne", "backwardsArray")) {
      Graph g = read(name);
      Scan scan = null;
      for (Node n : g.topoOrder()) {
        if (n.op() instanceof Scan) {
          scan = (Scan) n.op();
        }
      }
      assertTrue(scan != null, name + ":\n" + g);
      assertFalse(scan.body().isStatic(), name + ": the body's carries are f64[n]\n" + g);
    }
  }

  /** y[i] = F(y[i - 1]): a scan over i whose carry is the element before (a scalar). */
  @Test
  void recurrencesAlongAnArrayAreScans() {
    for (String name : List.of("smooth", "cumulative")) {
      String text = read(name).toString();
      assertTrue(text.contains("scan["), name + ":\n" + text);
    }
  }

  @Test
  void theSymbolicGradientAgreesWithCentralDifferences() {
    double h = 1e-6;
    for (Case c : cases()) {
      Graph g = read(c.name());
      Graph grad = Ad.grad(g);
      for (int n : new int[] {0, 1, 2, 4}) {
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
