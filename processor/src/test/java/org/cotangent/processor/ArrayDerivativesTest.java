package org.cotangent.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A logistic-regression loss over {@code double[][] x} through the processor: one generated
 * class called at three sizes agrees with central differences of the Java method and with the
 * runtime path (the same loss traced as an {@link Fn} on tensors) to 1e-12; forward mode agrees
 * with the gradient; the entry checks reject ragged and mismatched arrays by name; {@code into}'s
 * arrays are reused.
 */
class ArrayDerivativesTest {
  static final String[] SOURCE = {
      "package test;",
      "",
      "import org.cotangent.Differentiable;",
      "import org.cotangent.Shape;",
      "",
      "final class Logit {",
      "  @Differentiable(modes = Differentiable.Mode.BOTH)",
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
      "}"};

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

  /** The same loss on tensors, for the runtime path. */
  static final Fn LOSS = Fn.of(List.of("w", "b", "x", "y"), a -> {
    Node z = Np.add(Np.matmul(a.get(2), a.get(0)), a.get(1));
    Node p = Np.div(Np.scalar(1), Np.add(Np.scalar(1), Np.exp(Np.neg(z))));
    Node y = a.get(3);
    Node terms = Np.add(Np.mul(y, Np.log(p)), Np.mul(Np.sub(Np.scalar(1), y),
        Np.log(Np.sub(Np.scalar(1), p))));
    return List.of(Np.div(Np.neg(Np.sum(terms)), Np.scalar(a.get(2).type().shape().dim(0))));
  });

  static Loaded classes;
  static Class<?> derivatives;

  @BeforeAll
  static void compile() throws Exception {
    JavaFileObject src = Sources.of("test.Logit", SOURCE);
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    classes = new Loaded(c);
    derivatives = classes.loadClass("test.LogitDerivatives");
  }

  static Object invoke(String name, Object... args) throws Throwable {
    for (Method m : derivatives.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no " + name + "/" + args.length);
  }

  static Object field(Object holder, String name) throws Exception {
    return holder.getClass().getField(name).get(holder);
  }

  static final int[][] SIZES = {{1, 1}, {3, 2}, {6, 5}};

  static double[] vec(Random r, int n) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = r.nextDouble() * 2 - 1;
    }
    return v;
  }

  static double[][] mat(Random r, int m, int n) {
    double[][] x = new double[m][];
    for (int k = 0; k < m; k++) {
      x[k] = vec(r, n);
    }
    return x;
  }

  static Tensor flat(double[][] x) {
    int n = x[0].length;
    double[] f = new double[x.length * n];
    for (int k = 0; k < x.length; k++) {
      System.arraycopy(x[k], 0, f, k * n, n);
    }
    return Tensor.wrap(TensorType.f64(x.length, n), f);
  }

  static void close(double want, double got, double tol, String what) {
    assertEquals(want, got, tol * Math.max(1, Math.abs(want)), what);
  }

  @Test
  void gradientAtThreeSizesAgreesWithFiniteDifferencesAndTheRuntime() throws Throwable {
    Random r = new Random(1414);
    Fn runtime = Cotangent.valueAndGrad(LOSS, 0, 1, 2, 3);
    double h = 1e-6;
    for (int[] s : SIZES) {
      int m = s[0];
      int n = s[1];
      double[] w = vec(r, n);
      double b = r.nextDouble();
      double[][] x = mat(r, m, n);
      double[] y = new double[m];
      for (int k = 0; k < m; k++) {
        y[k] = r.nextBoolean() ? 1 : 0;
      }
      String at = "m=" + m + ", n=" + n;
      Object g = invoke("lossGrad", w, b, x, y);
      List<Tensor> rt = runtime.call(Tensor.wrap(TensorType.f64(n), w.clone()), b, flat(x),
          Tensor.wrap(TensorType.f64(m), y.clone()));
      close(loss(w, b, x, y), (double) field(g, "value"), 1e-13, "value " + at);
      close(rt.get(0).item(), (double) field(g, "value"), 1e-12, "runtime value " + at);
      double[] gw = (double[]) field(g, "w");
      double[][] gx = (double[][]) field(g, "x");
      double[] gy = (double[]) field(g, "y");
      double gb = (double) field(g, "b");
      assertEquals(n, gw.length);
      assertEquals(m, gx.length);
      for (int j = 0; j < n; j++) {
        double[] wp = w.clone();
        double[] wm = w.clone();
        wp[j] += h;
        wm[j] -= h;
        close((loss(wp, b, x, y) - loss(wm, b, x, y)) / (2 * h), gw[j], 1e-6, "d/dw " + at);
        close(rt.get(1).unsafeData()[j], gw[j], 1e-12, "runtime d/dw " + at);
      }
      close((loss(w, b + h, x, y) - loss(w, b - h, x, y)) / (2 * h), gb, 1e-6, "d/db " + at);
      close(rt.get(2).item(), gb, 1e-12, "runtime d/db " + at);
      for (int i = 0; i < m; i++) {
        assertEquals(n, gx[i].length);
        for (int j = 0; j < n; j++) {
          double[][] xp = mat(new Random(0), 0, 0);
          xp = new double[m][];
          double[][] xm = new double[m][];
          for (int k = 0; k < m; k++) {
            xp[k] = x[k].clone();
            xm[k] = x[k].clone();
          }
          xp[i][j] += h;
          xm[i][j] -= h;
          close((loss(w, b, xp, y) - loss(w, b, xm, y)) / (2 * h), gx[i][j], 1e-6,
              "d/dx " + at);
          close(rt.get(3).unsafeData()[i * n + j], gx[i][j], 1e-12, "runtime d/dx " + at);
        }
        close(rt.get(4).unsafeData()[i], gy[i], 1e-12, "runtime d/dy " + at);
      }
      // Forward mode along a random direction equals the gradient's dot product.
      double[] wd = vec(r, n);
      double bd = r.nextDouble();
      double[][] xd = mat(r, m, n);
      double[] yd = vec(r, m);
      Object t = invoke("lossJvp", w, b, x, y, wd, bd, xd, yd);
      double dot = gb * bd;
      for (int j = 0; j < n; j++) {
        dot += gw[j] * wd[j];
      }
      for (int i = 0; i < m; i++) {
        dot += gy[i] * yd[i];
        for (int j = 0; j < n; j++) {
          dot += gx[i][j] * xd[i][j];
        }
      }
      close(dot, (double) field(t, "tangent"), 1e-12, "jvp " + at);
      // vjp with a cotangent scales the gradient.
      Object v = invoke("lossVjp", w, b, x, y, 2.5);
      close(2.5 * gb, (double) field(v, "b"), 1e-12, "vjp " + at);
    }
  }

  @Test
  void theIntoFormReusesItsArraysAtOneSize() throws Throwable {
    Random r = new Random(7);
    double[] w = vec(r, 3);
    double[][] x = mat(r, 4, 3);
    double[] y = {1, 0, 1, 1};
    Object into = invoke("lossGrad", w, 0.5, x, y);
    double[] gw = (double[]) field(into, "w");
    double[][] gx = (double[][]) field(into, "x");
    double[] row = gx[2];
    Object again = invoke("lossGrad", w, -0.5, x, y, into);
    assertSame(into, again);
    assertSame(gw, field(again, "w"));
    assertSame(gx, field(again, "x"));
    assertSame(row, ((double[][]) field(again, "x"))[2]);
    Object fresh = invoke("lossGrad", w, -0.5, x, y);
    assertEquals(field(fresh, "value"), field(again, "value"));
  }

  @Test
  void entryChecksNameTheMethodAndTheParameters() {
    double[] w = {1, 2};
    double[][] ragged = {{1, 2}, {3, 4, 5}, {6, 7}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> invoke("lossGrad", w, 0.0, ragged, new double[] {1, 0, 1}));
    assertEquals("Logit.loss: x[1].length is 3, expected 2 = w.length (x must be rectangular)",
        e.getMessage());
    double[][] x = {{1, 2}, {3, 4}, {5, 6}};
    e = assertThrows(IllegalArgumentException.class,
        () -> invoke("lossGrad", w, 0.0, x, new double[] {1, 0}));
    assertEquals("Logit.loss: y.length is 2 but x.length is 3; both are size m", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> invoke("lossJvp", w, 0.0, x,
        new double[] {1, 0, 1}, new double[] {1}, 0.0, x, new double[3]));
    assertTrue(e.getMessage().startsWith("Logit.loss: wDot.length is 1 but w.length is 2"),
        e.getMessage());
  }
}
