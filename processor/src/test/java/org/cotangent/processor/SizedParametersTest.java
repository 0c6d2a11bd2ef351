package org.cotangent.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@code int} size parameter, a loop from 1 (masked when the array may be shorter), a map
 * into a local array and a Math.max reduction through the processor: the generated gradient at
 * n = 0, 1, 2, 9 against central differences of the Java method; a size that disagrees with the
 * array is an IllegalArgumentException naming both.
 */
class SizedParametersTest {
  static final String[] SOURCE = {
      "package test;",
      "",
      "import org.cotangent.Differentiable;",
      "import org.cotangent.Shape;",
      "",
      "final class Sized {",
      "  @Differentiable",
      "  static double rough(@Shape(\"n\") double[] x, int n, double c) {",
      "    double[] s = new double[n];",
      "    for (int i = 0; i < n; i++) {",
      "      s[i] = Math.sin(c * x[i]);",
      "    }",
      "    double d = 0;",
      "    double top = -1;",
      "    for (int i = 1; i < n; i++) {",
      "      d += (s[i] - s[i - 1]) * (s[i] - s[i - 1]);",
      "      top = Math.max(top, x[i] * c);",
      "    }",
      "    return d + top;",
      "  }",
      "  @Differentiable",
      "  static double rows(@Shape(\"m,n\") double[][] x, @Shape(\"n\") double[] w) {",
      "    double s = 0;",
      "    for (int i = 0; i < x.length; i++) {",
      "      for (int j = 0; j < w.length; j++) {",
      "        s += x[i][j] * w[j];",
      "      }",
      "    }",
      "    return s;",
      "  }",
      "}"};

  static double rough(double[] x, int n, double c) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.sin(c * x[i]);
    }
    double d = 0;
    double top = -1;
    for (int i = 1; i < n; i++) {
      d += (s[i] - s[i - 1]) * (s[i] - s[i - 1]);
      top = Math.max(top, x[i] * c);
    }
    return d + top;
  }

  static Class<?> derivatives;

  @BeforeAll
  static void compile() throws Exception {
    Compilation c = Sources.compile(Sources.of("test.Sized", SOURCE));
    assertThat(c).succeededWithoutWarnings();
    derivatives = new Loaded(c).loadClass("test.SizedDerivatives");
  }

  static Object grad(double[] x, int n, double c) throws Throwable {
    Method m = derivatives.getMethod("roughGrad", double[].class, int.class, double.class);
    try {
      return m.invoke(null, x, n, c);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void gradientAtFourSizesMatchesCentralDifferences() throws Throwable {
    Random r = new Random(9);
    double h = 1e-6;
    for (int n : new int[] {0, 1, 2, 9}) {
      double[] x = new double[n];
      for (int k = 0; k < n; k++) {
        x[k] = r.nextDouble() * 2 - 1;
      }
      double c = 1.3;
      Object g = grad(x, n, c);
      assertEquals(rough(x, n, c), g.getClass().getField("value").getDouble(g), 1e-13);
      double[] gx = (double[]) g.getClass().getField("x").get(g);
      assertEquals(n, gx.length);
      for (int k = 0; k < n; k++) {
        double[] p = x.clone();
        double[] q = x.clone();
        p[k] += h;
        q[k] -= h;
        assertEquals((rough(p, n, c) - rough(q, n, c)) / (2 * h), gx[k], 1e-6, "n=" + n);
      }
      double gc = g.getClass().getField("c").getDouble(g);
      assertEquals((rough(x, n, c + h) - rough(x, n, c - h)) / (2 * h), gc, 1e-6, "n=" + n);
    }
  }

  /** n comes from w.length, not from the rows of an x that has none. */
  @Test
  void aMatrixWithoutRowsTakesItsRowLengthFromAnotherArray() throws Throwable {
    Method m = derivatives.getMethod("rowsGrad", double[][].class, double[].class);
    Object g = m.invoke(null, new double[0][], new double[] {1, 2, 3});
    assertEquals(0.0, g.getClass().getField("value").getDouble(g));
    assertEquals(3, ((double[]) g.getClass().getField("w").get(g)).length);
    assertEquals(0, ((double[][]) g.getClass().getField("x").get(g)).length);
    Object h = m.invoke(null, new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {1, 0, -1});
    assertEquals(-4.0, h.getClass().getField("value").getDouble(h));
    double[] gw = (double[]) h.getClass().getField("w").get(h);
    assertEquals(5.0, gw[0]);
    assertEquals(9.0, gw[2]);
  }

  @Test
  void aSizeThatDisagreesWithTheArrayIsRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> grad(new double[3], 4, 1.0));
    assertEquals("Sized.rough: x.length is 3 but n is 4; both are size n", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> grad(new double[0], -1, 1.0));
    assertEquals("Sized.rough: n is -1, must be >= 0", e.getMessage());
  }
}
