package org.cotangent.frontend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Methods over {@code double[]} and {@code double[][]} read into graphs with symbolic sizes: the
 * graph, specialised at three sizes, computes what the same Java method computes when run here
 * (bit for bit: a reduction is s0 followed by the trip's values, summed in Java's order), and its
 * gradient ({@code Ad.grad} on the symbolic graph, then specialised) agrees with central
 * differences of the Java method.
 */
class ArrayMethodsTest {
  static final String SOURCE = String.join("\n",
      "import org.cotangent.Shape;",
      "final class A {",
      "  static double sumOfSquares(double[] x) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      s += x[i] * x[i];",
      "    }",
      "    return s;",
      "  }",
      "  static double dot(@Shape(\"n\") double[] a, @Shape(\"n\") double[] b) {",
      "    double s = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      s = s + a[i] * b[i];",
      "    }",
      "    return s;",
      "  }",
      "  static double loss(@Shape(\"n\") double[] w, double b, @Shape(\"m,n\") double[][] x,",
      "      @Shape(\"m\") double[] y) {",
      "    double total = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      double z = b;",
      "      for (int j = 0; j < w.length; j++) {",
      "        z += w[j] * x[i][j];",
      "      }",
      "      double p = 1 / (1 + Math.exp(-z));",
      "      total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);",
      "    }",
      "    return total / x.length;",
      "  }",
      "  static double mapThenSum(double[] x) {",
      "    int n = x.length;",
      "    double[] out = new double[n];",
      "    for (int i = 0; i < n; i++) {",
      "      out[i] = Math.sin(x[i]) * x[i];",
      "    }",
      "    double s = 1;",
      "    for (int i = 0; i < out.length; i++) {",
      "      s += out[i] * out[i];",
      "    }",
      "    return s;",
      "  }",
      "  static double differences(double[] x) {",
      "    double d = 0;",
      "    for (int i = 1; i < x.length; i++) {",
      "      d += (x[i] - x[i - 1]) * (x[i] - x[i - 1]);",
      "    }",
      "    return d;",
      "  }",
      "  static double matVec(@Shape(\"m,n\") double[][] a, @Shape(\"n\") double[] v) {",
      "    double[] out = new double[a.length];",
      "    for (int i = 0; i < a.length; i++) {",
      "      double s = 0;",
      "      for (int j = 0; j < a[0].length; j++) {",
      "        s += a[i][j] * v[j];",
      "      }",
      "      out[i] = s;",
      "    }",
      "    double r = 0;",
      "    for (int i = 0; i < out.length; i++) {",
      "      r += Math.tanh(out[i]);",
      "    }",
      "    return r;",
      "  }",
      "  static double frobenius(double[][] x) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      for (int j = 0; j < x[0].length; j++) {",
      "        s += x[i][j] * x[i][j];",
      "      }",
      "    }",
      "    return s;",
      "  }",
      "  static double weighted(@Shape(\"n\") double[] x, int n, double c) {",
      "    double s = 0;",
      "    double m = -1;",
      "    for (int i = 0; i < n; i++) {",
      "      s -= (double) i * x[i] * c;",
      "      s += x[i];",
      "      m = Math.max(m, x[i] * c);",
      "    }",
      "    return s / (n + 1) + m;",
      "  }",
      "  static double clipped(double[] x, double c) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      double v = x[i] * c;",
      "      if (v > 0.5) {",
      "        v = 0.5;",
      "      } else {",
      "        v = v * v;",
      "      }",
      "      s += sq(v) + (x[i] < 0 ? -x[i] : 2 * x[i]);",
      "    }",
      "    return s;",
      "  }",
      "  static double sq(double u) {",
      "    return u * u;",
      "  }",
      "}");

  // The same methods, run by Java.

  static double sumOfSquares(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i];
    }
    return s;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s = s + a[i] * b[i];
    }
    return s;
  }

  static double loss(double[] w, double b, double[][] x, double[] y) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      double p = 1 / (1 + Math.exp(-z));
      total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    return total / x.length;
  }

  static double mapThenSum(double[] x) {
    int n = x.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.sin(x[i]) * x[i];
    }
    double s = 1;
    for (int i = 0; i < out.length; i++) {
      s += out[i] * out[i];
    }
    return s;
  }

  static double differences(double[] x) {
    double d = 0;
    for (int i = 1; i < x.length; i++) {
      d += (x[i] - x[i - 1]) * (x[i] - x[i - 1]);
    }
    return d;
  }

  static double matVec(double[][] a, double[] v) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < a[0].length; j++) {
        s += a[i][j] * v[j];
      }
      out[i] = s;
    }
    double r = 0;
    for (int i = 0; i < out.length; i++) {
      r += Math.tanh(out[i]);
    }
    return r;
  }

  static double frobenius(double[][] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        s += x[i][j] * x[i][j];
      }
    }
    return s;
  }

  static double weighted(double[] x, int n, double c) {
    double s = 0;
    double m = -1;
    for (int i = 0; i < n; i++) {
      s -= (double) i * x[i] * c;
      s += x[i];
      m = Math.max(m, x[i] * c);
    }
    return s / (n + 1) + m;
  }

  static double clipped(double[] x, double c) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double v = x[i] * c;
      if (v > 0.5) {
        v = 0.5;
      } else {
        v = v * v;
      }
      s += sq(v) + (x[i] < 0 ? -x[i] : 2 * x[i]);
    }
    return s;
  }

  static double sq(double u) {
    return u * u;
  }

  /** A method, its Java twin, and random arguments at a size. */
  record Case(String name, Function<Object[], Double> java, Function<long[], Object[]> args,
      long[][] sizes) {}

  static Random rng = new Random(14);

  static double[] vec(long n) {
    double[] v = new double[(int) n];
    for (int k = 0; k < n; k++) {
      v[k] = rng.nextDouble() * 2 - 1;
    }
    return v;
  }

  static double[][] mat(long m, long n) {
    double[][] a = new double[(int) m][];
    for (int k = 0; k < m; k++) {
      a[k] = vec(n);
    }
    return a;
  }

  static double[] labels(long m) {
    double[] v = new double[(int) m];
    for (int k = 0; k < m; k++) {
      v[k] = rng.nextBoolean() ? 1 : 0;
    }
    return v;
  }

  static List<Case> cases() {
    long[][] one = {{0}, {1}, {5}};
    return List.of(
        new Case("sumOfSquares", a -> sumOfSquares((double[]) a[0]), s -> new Object[] {vec(s[0])},
            one),
        new Case("dot", a -> dot((double[]) a[0], (double[]) a[1]),
            s -> new Object[] {vec(s[0]), vec(s[0])}, new long[][] {{0}, {2}, {7}}),
        new Case("loss", a -> loss((double[]) a[0], (Double) a[1], (double[][]) a[2],
            (double[]) a[3]), s -> new Object[] {vec(s[1]), rng.nextDouble(), mat(s[0], s[1]),
            labels(s[0])}, new long[][] {{1, 1}, {3, 2}, {4, 5}}),
        new Case("mapThenSum", a -> mapThenSum((double[]) a[0]), s -> new Object[] {vec(s[0])},
            one),
        new Case("differences", a -> differences((double[]) a[0]),
            s -> new Object[] {vec(s[0])}, new long[][] {{0}, {1}, {2}, {9}}),
        new Case("matVec", a -> matVec((double[][]) a[0], (double[]) a[1]),
            s -> new Object[] {mat(s[0], s[1]), vec(s[1])}, new long[][] {{1, 1}, {2, 3}, {4, 2}}),
        new Case("frobenius", a -> frobenius((double[][]) a[0]),
            s -> new Object[] {mat(s[0], s[1])}, new long[][] {{0, 3}, {2, 3}, {3, 1}}),
        new Case("weighted", a -> weighted((double[]) a[0], (Integer) a[1], (Double) a[2]),
            s -> new Object[] {vec(s[0]), (int) s[0], rng.nextDouble()},
            new long[][] {{0}, {1}, {6}}),
        new Case("clipped", a -> clipped((double[]) a[0], (Double) a[1]),
            s -> new Object[] {vec(s[0]), 0.5 + rng.nextDouble()}, new long[][] {{0}, {3}, {8}}));
  }

  static CompilationUnit unit() {
    return new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(SOURCE).getResult()
        .orElseThrow();
  }

  static Graph read(String name) {
    CompilationUnit cu = unit();
    MethodDeclaration m = cu.findAll(MethodDeclaration.class).stream()
        .filter(d -> d.getNameAsString().equals(name)).findFirst().orElseThrow();
    return MethodReader.read(m, "A.java", SOURCE, (n, arity) -> cu.findAll(MethodDeclaration.class)
        .stream().filter(d -> d.getNameAsString().equals(n) && d.getParameters().size() == arity)
        .findFirst().orElse(null));
  }

  /** The graph's inputs for the Java arguments {@code args} (ints are sizes, not inputs). */
  static List<Tensor> tensors(Object[] args) {
    List<Tensor> ts = new ArrayList<>();
    for (Object a : args) {
      if (a instanceof Double) {
        ts.add(Tensor.scalar((Double) a));
      } else if (a instanceof double[]) {
        double[] v = (double[]) a;
        ts.add(Tensor.wrap(TensorType.f64(v.length), v.clone()));
      } else if (a instanceof double[][]) {
        double[][] x = (double[][]) a;
        int cols = x.length == 0 ? 0 : x[0].length;
        double[] flat = new double[x.length * cols];
        for (int r = 0; r < x.length; r++) {
          System.arraycopy(x[r], 0, flat, r * cols, cols);
        }
        ts.add(Tensor.wrap(TensorType.f64(x.length, cols), flat));
      }
    }
    return ts;
  }

  /** The size variables of {@code g}'s inputs, in the order @Shape or the defaults name them. */
  static Map<String, Long> valuation(Graph g, List<Tensor> xs) {
    Map<String, Long> env = new LinkedHashMap<>();
    for (int k = 0; k < xs.size(); k++) {
      org.cotangent.symbolic.Shape s = g.inputTypes().get(k).shape();
      for (int a = 0; a < s.rank(); a++) {
        if (!s.extent(a).isConstant()) {
          env.put(s.extent(a).toString(), (long) xs.get(k).type().shape().dim(a));
        }
      }
    }
    return env;
  }

  @Test
  void graphsComputeWhatTheMethodsComputeAtEverySize() {
    for (Case c : cases()) {
      Graph g = read(c.name());
      for (long[] s : c.sizes()) {
        Object[] args = c.args().apply(s);
        List<Tensor> xs = tensors(args);
        Map<String, Long> env = valuation(g, xs);
        String what = c.name() + " at " + env;
        double java = c.java().apply(args);
        double sym = Interpreter.eval(g, xs).get(0).unsafeData()[0];
        double spec = Interpreter.eval(g.specialize(env), xs).get(0).unsafeData()[0];
        assertEquals(java, sym, 0.0, what);
        assertEquals(sym, spec, 0.0, what + " (specialised)");
      }
    }
  }

  @Test
  void theSymbolicGradientAgreesWithCentralDifferences() {
    double h = 1e-6;
    for (Case c : cases()) {
      Graph g = read(c.name());
      Graph grad = Ad.grad(g);
      assertFalse(grad.isStatic(), c.name());
      for (long[] s : c.sizes()) {
        Object[] args = c.args().apply(s);
        List<Tensor> xs = tensors(args);
        Map<String, Long> env = valuation(g, xs);
        List<Tensor> got = Interpreter.eval(grad.specialize(env), xs);
        int input = 0;
        for (int k = 0; k < args.length; k++) {
          if (args[k] instanceof Integer) {
            continue;
          }
          double[] gk = got.get(input++).unsafeData();
          int count = count(args[k]);
          assertEquals(count, gk.length, c.name() + " gradient " + k + " length");
          for (int e = 0; e < count; e++) {
            Object[] plus = bump(args, k, e, h);
            Object[] minus = bump(args, k, e, -h);
            double fd = (c.java().apply(plus) - c.java().apply(minus)) / (2 * h);
            assertEquals(fd, gk[e], 1e-6 * (1 + Math.abs(fd)), c.name() + " at " + env
                + ": d/d(argument " + k + ")[" + e + "]");
          }
        }
      }
    }
  }

  static int count(Object a) {
    if (a instanceof Double) {
      return 1;
    } else if (a instanceof double[]) {
      return ((double[]) a).length;
    }
    double[][] x = (double[][]) a;
    return x.length == 0 ? 0 : x.length * x[0].length;
  }

  static Object[] bump(Object[] args, int k, int e, double h) {
    Object[] r = args.clone();
    if (args[k] instanceof Double) {
      r[k] = (Double) args[k] + h;
    } else if (args[k] instanceof double[]) {
      double[] v = ((double[]) args[k]).clone();
      v[e] += h;
      r[k] = v;
    } else {
      double[][] x = (double[][]) args[k];
      double[][] y = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        y[i] = x[i].clone();
      }
      y[e / x[0].length][e % x[0].length] += h;
      r[k] = y;
    }
    return r;
  }
}
