package org.cotangent.script;

import static org.cotangent.script.ScriptSessionTest.data;
import static org.cotangent.script.ScriptSessionTest.error;
import static org.cotangent.script.ScriptSessionTest.runJson;
import static org.cotangent.script.ScriptSessionTest.runText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.cotangent.frontend.script.ScriptError;
import org.junit.jupiter.api.Test;

/**
 * The linear-algebra built-ins of scripts ({@code cholesky}, {@code solve},
 * {@code triangular_solve}, {@code inv}, {@code det}, {@code slogdet}, also as {@code linalg.*}),
 * their values against Commons Math's decompositions and their gradients by check_grads (finite
 * differences in both modes, to second order).
 */
class LinalgScriptTest {
  private static final double[][] A = {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 2}};
  private static final String A_SRC = "A = array([[4.0, 1.0, 0.5], [1.0, 3.0, -0.2], [0.5, -0.2, 2.0]])\n";
  private static final RealMatrix M = new Array2DRowRealMatrix(A);

  private static void assertMatrix(RealMatrix want, double[] got, double tol) {
    int n = want.getColumnDimension();
    assertEquals(want.getRowDimension() * n, got.length);
    for (int i = 0; i < want.getRowDimension(); i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(want.getEntry(i, j), got[i * n + j], tol, "entry " + i + "," + j);
      }
    }
  }

  @Test
  void valuesAgreeWithCommonsMath() {
    List<String> out = runJson(A_SRC + "b = array([1.0, -2.0, 0.5])\n"
        + "print(cholesky(A))\nprint(linalg.cholesky(A))\nprint(inv(A))\nprint(det(A))\n"
        + "print(solve(A, b))\nprint(linalg.slogdet(-A)[0])\nprint(slogdet(-A)[1])\n");
    RealMatrix l = new CholeskyDecomposition(M).getL();
    assertMatrix(l, data(out.get(0)), 1e-15);
    assertMatrix(l, data(out.get(1)), 1e-15);
    LUDecomposition lu = new LUDecomposition(M);
    assertMatrix(lu.getSolver().getInverse(), data(out.get(2)), 1e-14);
    assertEquals(lu.getDeterminant(), data(out.get(3))[0], 1e-13);
    double[] x = lu.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(
        new double[] {1, -2, 0.5})).toArray();
    double[] got = data(out.get(4));
    for (int i = 0; i < 3; i++) {
      assertEquals(x[i], got[i], 1e-14);
    }
    assertEquals(-1.0, data(out.get(5))[0]); // det(-A) = -det(A) < 0 for 3x3
    assertEquals(Math.log(lu.getDeterminant()), data(out.get(6))[0], 1e-14);
  }

  @Test
  void triangularSolveTakesJaxsKeywords() {
    // lower=True, left_side=True: L x = b; transpose_a=True: L^T x = b; the default solves x U = b.
    List<String> out = runJson(A_SRC + "L = cholesky(A)\nb = array([[1.0], [-2.0], [0.5]])\n"
        + "print(triangular_solve(L, b, left_side=True, lower=True))\n"
        + "print(linalg.triangular_solve(L, b, left_side=True, lower=True, transpose_a=True))\n"
        + "print(triangular_solve(transpose(L), transpose(b)))\n");
    RealMatrix l = new CholeskyDecomposition(M).getL();
    RealMatrix b = new Array2DRowRealMatrix(new double[][] {{1}, {-2}, {0.5}});
    RealMatrix x1 = new LUDecomposition(l).getSolver().solve(b);
    assertMatrix(x1, data(out.get(0)), 1e-15);
    assertMatrix(new LUDecomposition(l.transpose()).getSolver().solve(b), data(out.get(1)), 1e-15);
    // x U = b^T with U = L^T is x = b^T L^-T = (L^-1 b)^T.
    assertMatrix(x1.transpose(), data(out.get(2)), 1e-15);
  }

  @Test
  void gradientsPassCheckGrads() {
    assertEquals("", runText(A_SRC + "b = array([1.0, -2.0, 0.5])\n"
        + "def f(a) {\n  L = cholesky(a)\n  return sum(L * L) + sum(solve(a, b) * b)\n}\n"
        + "check_grads(f, (A,), order=2)\n"
        + "check_grads(lambda a: slogdet(a)[1] + det(a) + sum(inv(a)), (A,), order=2)\n"
        + "check_grads(lambda a, c: sum(triangular_solve(a, c, left_side=True, lower=True)),"
        + " (cholesky(A), reshape(b, (3, 1)) * ones((3, 2))), order=1)\n"));
  }

  @Test
  void aMatrixThatIsNotPositiveDefiniteGivesNans() {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second diagonal entry has no real root.
    String line = runJson("print(cholesky(array([[1.0, 2.0], [2.0, 1.0]])))\n").get(0);
    assertTrue(line.contains("\"nan\""), line);
  }

  @Test
  void mistakesSayWhere() {
    ScriptError e = error("x = 1.0\nprint(cholesky(ones((2, 3))))\n");
    assertTrue(e.getMessage().startsWith("t.ct:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("square"), e.getMessage());
    assertEquals("t.ct:1:14: module 'linalg' has no attribute 'cholsky' (it has cholesky, det, inv,"
        + " slogdet, solve, triangular_solve)", error("print(linalg.cholsky(eye(2)))\n").getMessage());
    e = error("triangular_solve(eye(2), ones((2, 1)), upper=True)\n");
    assertTrue(e.getMessage().contains("unexpected keyword argument 'upper'"), e.getMessage());
  }
}
