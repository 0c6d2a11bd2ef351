package org.cotangent.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated derivatives of test/Model.java, compiled and called: values equal the original
 * methods', gradients agree with central differences of the original methods and with the
 * runtime path (the same functions traced as {@link Fn}s and differentiated by {@link
 * Cotangent#valueAndGrad}) to 1e-12, and vjp and jvp agree with the gradient.
 */
class GeneratedDerivativesTest {
  static Loaded classes;

  @BeforeAll
  static void compile() {
    Compilation c = Sources.compile(Sources.resource("test/Model.java"));
    assertThat(c).succeededWithoutWarnings();
    classes = new Loaded(c);
  }

  /** f of test/Model.java through the runtime's tracing API. */
  static final Fn F = Fn.of(List.of("x", "y"), a -> List.of(f(a.get(0), a.get(1))));
  /** g of test/Model.java (wrt a only) through the runtime's tracing API. */
  static final Fn G = Fn.of(List.of("a", "b"), a -> List.of(g(a.get(0), a.get(1))));

  static Node f(Node x, Node y) {
    Node z = Np.add(Np.mul(x, y), Np.sin(x));
    Node w = Np.div(z, Np.add(Np.scalar(1), Np.mul(y, y)));
    return Np.sub(w, Np.exp(Np.neg(x)));
  }

  static Node g(Node a, Node b) {
    Node s = Np.where(Np.greater(a, Np.scalar(1)), Np.mul(b, a), Np.sub(b, a));
    Node tail = Np.where(Np.greater(a, Np.scalar(2)), f(a, s),
        Np.sqrt(Np.add(a, Np.mul(s, s))));
    return Np.where(Np.less(a, Np.scalar(0)), Np.mul(Np.neg(a), b), tail);
  }

  /** h of test/Model.java through the runtime's tracing API. */
  static final Fn H = Fn.of(List.of("u"), a -> List.of(h(a.get(0))));

  static Node h(Node u) {
    Node t = Np.add(u, Np.scalar(1));
    Node q = Np.mul(t, t);
    Node yes = Np.less(Np.scalar(0), Np.scalar(1));
    Node no = Np.less(Np.scalar(1), Np.scalar(0));
    // (q > 4 && u < 3) || u < -5
    Node both = Np.where(Np.greater(q, Np.scalar(4)), Np.less(u, Np.scalar(3)), no);
    Node c = Np.where(both, yes, Np.less(u, Np.scalar(-5)));
    Node early = Np.mul(Np.tanh(q), u);
    Node t2 = Np.mul(t, Np.log1p(q));
    Node late = Np.add(Np.add(Np.add(Np.div(t2, Np.scalar(2)), Np.maximum(u, Np.scalar(0.5))),
        Np.power(u, Np.scalar(3))), Np.arctan2(u, Np.scalar(2.0)));
    return Np.where(c, early, late);
  }

  /** loop of test/Model.java, unrolled, through the runtime's tracing API. */
  static final Fn LOOP = Fn.of(List.of("x", "y"), a -> {
    Node x = a.get(0);
    Node y = a.get(1);
    Node s = Np.scalar(0);
    Node p = x;
    Node c = Np.mul(y, Np.scalar(2));
    for (int i = 0; i < 5; i++) {
      s = Np.add(s, Np.sin(Np.add(p, Np.mul(Np.scalar(i), c))));
      p = Np.add(Np.mul(p, Np.scalar(0.9)), y);
    }
    return List.of(Np.add(s, p));
  });

  static final double[][] F_POINTS = {{0.3, -1.2}, {1.7, 0.4}, {-2.5, 3.0}, {0, 0}};
  // g at each branch: a < 0, 0 <= a <= 1, 1 < a <= 2, a > 2.
  static final double[][] G_POINTS = {{-0.7, 1.3}, {0.4, 0.9}, {1.5, -0.6}, {2.8, 0.35}};

  static double value(String m, double... args) {
    return (double) classes.call("test.Model", m, args);
  }

  static double central(String m, double[] p, int k) {
    double h = 1e-6 * Math.max(1, Math.abs(p[k]));
    double[] a = p.clone();
    double[] b = p.clone();
    a[k] += h;
    b[k] -= h;
    return (value(m, a) - value(m, b)) / (2 * h);
  }

  static void close(double expected, double actual, double tol, String what) {
    assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void fGradMatchesTheOriginalFiniteDifferencesAndTheRuntime() {
    Fn runtime = Cotangent.valueAndGrad(F, 0, 1);
    for (double[] p : F_POINTS) {
      Object r = classes.call("test.ModelDerivatives", "fGrad", p);
      close(value("f", p), Loaded.field(r, "value"), 1e-14, "value");
      List<Tensor> rt = runtime.call(p[0], p[1]);
      close(rt.get(0).item(), Loaded.field(r, "value"), 1e-12, "runtime value");
      String[] names = {"x", "y"};
      for (int k = 0; k < 2; k++) {
        double d = Loaded.field(r, names[k]);
        close(central("f", p, k), d, 1e-6, "finite difference d/d" + names[k]);
        close(rt.get(1 + k).item(), d, 1e-12, "runtime d/d" + names[k]);
      }
    }
  }

  @Test
  void gGradOnEveryBranchMatchesTheOriginalFiniteDifferencesAndTheRuntime() {
    Fn runtime = Cotangent.valueAndGrad(G, 0);
    for (double[] p : G_POINTS) {
      Object r = classes.call("test.ModelDerivatives", "gGrad", p);
      close(value("g", p), Loaded.field(r, "value"), 1e-14, "value");
      List<Tensor> rt = runtime.call(p[0], p[1]);
      close(rt.get(0).item(), Loaded.field(r, "value"), 1e-12, "runtime value");
      close(central("g", p, 0), Loaded.field(r, "a"), 1e-6, "finite difference d/da");
      close(rt.get(1).item(), Loaded.field(r, "a"), 1e-12, "runtime d/da");
    }
  }

  @Test
  void hJvpOnEveryPathMatchesFiniteDifferencesAndTheRuntime() {
    Fn runtime = Cotangent.jvp(H);
    // Paths: q <= 4; q > 4 && u < 3; u < -5; q > 4 && u >= 3.
    for (double u : new double[] {0.5, 1.5, -7.0, 4.0}) {
      Object r = classes.call("test.ModelDerivatives", "hJvp", u, 1.0);
      close(value("h", u), Loaded.field(r, "value"), 1e-14, "value at " + u);
      List<Tensor> rt = runtime.call(u, 1.0);
      close(rt.get(0).item(), Loaded.field(r, "value"), 1e-12, "runtime value at " + u);
      close(rt.get(1).item(), Loaded.field(r, "tangent"), 1e-12, "runtime tangent at " + u);
      close(central("h", new double[] {u}, 0), Loaded.field(r, "tangent"), 1e-6,
          "finite difference at " + u);
      Object twice = classes.call("test.ModelDerivatives", "hJvp", u, 2.0);
      close(2 * Loaded.field(r, "tangent"), Loaded.field(twice, "tangent"), 1e-12, "linear");
    }
  }

  @Test
  void aForLoopMatchesFiniteDifferencesAndTheUnrolledRuntimeFunction() {
    Fn runtime = Cotangent.valueAndGrad(LOOP, 0, 1);
    for (double[] p : F_POINTS) {
      Object r = classes.call("test.ModelDerivatives", "loopGrad", p);
      close(value("loop", p), Loaded.field(r, "value"), 1e-14, "value");
      List<Tensor> rt = runtime.call(p[0], p[1]);
      String[] names = {"x", "y"};
      for (int k = 0; k < 2; k++) {
        double d = Loaded.field(r, names[k]);
        close(central("loop", p, k), d, 1e-6, "finite difference d/d" + names[k]);
        close(rt.get(1 + k).item(), d, 1e-12, "runtime d/d" + names[k]);
      }
      Object jvp = classes.call("test.ModelDerivatives", "loopJvp", p[0], p[1], 0.3, -0.8);
      close(0.3 * Loaded.field(r, "x") - 0.8 * Loaded.field(r, "y"), Loaded.field(jvp, "tangent"),
          1e-12, "jvp");
    }
  }

  @Test
  void vjpIsTheCotangentTimesTheGradientAndJvpTheGradientDotTheTangent() {
    for (double[] p : F_POINTS) {
      Object grad = classes.call("test.ModelDerivatives", "fGrad", p);
      double gx = Loaded.field(grad, "x");
      double gy = Loaded.field(grad, "y");
      Object vjp = classes.call("test.ModelDerivatives", "fVjp", p[0], p[1], -2.5);
      close(-2.5 * gx, Loaded.field(vjp, "x"), 1e-12, "vjp x");
      close(-2.5 * gy, Loaded.field(vjp, "y"), 1e-12, "vjp y");
      close(Loaded.field(grad, "value"), Loaded.field(vjp, "value"), 0, "vjp value");
      Object jvp = classes.call("test.ModelDerivatives", "fJvp", p[0], p[1], 0.7, -1.1);
      close(0.7 * gx - 1.1 * gy, Loaded.field(jvp, "tangent"), 1e-12, "jvp");
      close(value("f", p), Loaded.field(jvp, "value"), 1e-14, "jvp value");
      // The directional derivative against a central difference along the tangent.
      double h = 1e-6;
      double fd = (value("f", p[0] + 0.7 * h, p[1] - 1.1 * h)
          - value("f", p[0] - 0.7 * h, p[1] + 1.1 * h)) / (2 * h);
      close(fd, Loaded.field(jvp, "tangent"), 1e-6, "jvp finite difference");
    }
    for (double[] p : G_POINTS) {
      Object grad = classes.call("test.ModelDerivatives", "gGrad", p);
      Object vjp = classes.call("test.ModelDerivatives", "gVjp", p[0], p[1], 3.0);
      close(3.0 * Loaded.field(grad, "a"), Loaded.field(vjp, "a"), 1e-12, "g vjp");
    }
  }
}
