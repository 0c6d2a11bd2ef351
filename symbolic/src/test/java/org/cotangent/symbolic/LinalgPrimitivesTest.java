package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The values of the linear-algebra primitives against independent oracles: Commons Math's real
 * Cholesky and LU decompositions, its LU over the field of {@link Complex} numbers for complex
 * solves, inverses and determinants, and reconstructions ({@code L L^H = (X + X^H) / 2}, {@code
 * op(a) x = b} by plain products written here). Then the failure values (NaN factors of matrices
 * that are not positive definite, also inside a gradient; zero determinants and {@code (0,
 * -inf)}), slogdet where det overflows, and the shape errors. The derivatives are the table's
 * ({@link LinalgTable}).
 */
class LinalgPrimitivesTest {
  private static final Random RNG = new Random(20240610);

  // ------------------------------------------------------------------------ helpers

  private static double[][] randomMatrix(int m, int n, Random rng) {
    double[][] a = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = rng.nextGaussian();
      }
    }
    return a;
  }

  private static double[][] spd(int n, Random rng) {
    RealMatrix m = new Array2DRowRealMatrix(randomMatrix(n, n, rng));
    RealMatrix a = m.multiply(m.transpose());
    for (int i = 0; i < n; i++) {
      a.addToEntry(i, i, 0.5);
    }
    return a.getData();
  }

  private static Complex[][] randomComplex(int m, int n, Random rng) {
    Complex[][] a = new Complex[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = new Complex(rng.nextGaussian(), rng.nextGaussian());
      }
    }
    return a;
  }

  private static Complex[][] hpd(int n, Random rng) {
    FieldMatrix<Complex> m = new Array2DRowFieldMatrix<>(randomComplex(n, n, rng));
    FieldMatrix<Complex> a = m.multiply(conjugateTranspose(m));
    for (int i = 0; i < n; i++) {
      a.addToEntry(i, i, new Complex(0.5));
    }
    return a.getData();
  }

  private static FieldMatrix<Complex> conjugateTranspose(FieldMatrix<Complex> m) {
    FieldMatrix<Complex> t = m.transpose();
    for (int i = 0; i < t.getRowDimension(); i++) {
      for (int j = 0; j < t.getColumnDimension(); j++) {
        t.setEntry(i, j, t.getEntry(i, j).conjugate());
      }
    }
    return t;
  }

  private static Tensor tensor(Complex[][] a) {
    int m = a.length;
    int n = a[0].length;
    double[] d = new double[2 * m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        d[2 * (i * n + j)] = a[i][j].getReal();
        d[2 * (i * n + j) + 1] = a[i][j].getImaginary();
      }
    }
    return Tensor.wrap(TensorType.of(DType.C128, m, n), d);
  }

  private static Complex[][] complexOf(Tensor t) {
    int m = t.shape().dim(0);
    int n = t.shape().dim(1);
    double[] d = t.unsafeData();
    Complex[][] a = new Complex[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = new Complex(d[2 * (i * n + j)], d[2 * (i * n + j) + 1]);
      }
    }
    return a;
  }

  private static double[][] realOf(Tensor t) {
    int m = t.shape().dim(0);
    int n = t.shape().dim(1);
    double[][] a = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = t.unsafeData()[i * n + j];
      }
    }
    return a;
  }

  /** Evaluates {@code f} of one or two constants by the reference interpreter. */
  private static Tensor eval(java.util.function.Function<List<Node>, Node> f, Tensor... xs) {
    List<TensorType> types = new java.util.ArrayList<>();
    for (Tensor x : xs) {
      types.add(x.type());
    }
    Graph g = Graph.trace(Graph.defaultNames(xs.length, "x"), types, ps -> List.of(f.apply(ps)));
    return Interpreter.eval(g, xs).get(0);
  }

  private static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double e = expected[i][j];
        assertTrue(Math.abs(e - actual[i][j]) <= tol * (1 + Math.abs(e)),
            what + " [" + i + "][" + j + "]: expected " + e + ", got " + actual[i][j]);
      }
    }
  }

  private static void assertClose(Complex[][] expected, Complex[][] actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        Complex e = expected[i][j];
        assertTrue(e.subtract(actual[i][j]).abs() <= tol * (1 + e.abs()),
            what + " [" + i + "][" + j + "]: expected " + e + ", got " + actual[i][j]);
      }
    }
  }

  // ------------------------------------------------------------------------ cholesky

  @Test
  void choleskyMatchesCommonsMath() {
    for (int n = 1; n <= 6; n++) {
      double[][] a = spd(n, RNG);
      double[][] expected = new CholeskyDecomposition(new Array2DRowRealMatrix(a)).getL().getData();
      double[][] l = realOf(eval(ps -> Ir.cholesky(ps.get(0)), Tensor.of(a)));
      assertClose(expected, l, 1e-12, "cholesky n=" + n);
    }
  }

  @Test
  void choleskyReadsTheSymmetricPart() {
    double[][] a = spd(4, RNG);
    double[][] skewed = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        // The same symmetric part, a different matrix.
        skewed[i][j] = a[i][j] + (i < j ? 0.7 : i > j ? -0.7 : 0.0) * (i + j);
      }
    }
    double[][] expected = new CholeskyDecomposition(new Array2DRowRealMatrix(a)).getL().getData();
    assertClose(expected, realOf(eval(ps -> Ir.cholesky(ps.get(0)), Tensor.of(skewed))), 1e-12,
        "cholesky of a non-symmetric matrix");
  }

  @Test
  void complexCholeskyReconstructsTheHermitianPart() {
    for (int n = 1; n <= 5; n++) {
      Complex[][] h = hpd(n, RNG);
      Complex[][] x = new Complex[n][n];
      Complex[][] noise = randomComplex(n, n, RNG);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          // x = h + (N - N^H): its Hermitian part is h.
          x[i][j] = h[i][j].add(noise[i][j].subtract(noise[j][i].conjugate()));
        }
      }
      Complex[][] l = complexOf(eval(ps -> Ir.cholesky(ps.get(0)), tensor(x)));
      FieldMatrix<Complex> lm = new Array2DRowFieldMatrix<>(l);
      assertClose(h, lm.multiply(conjugateTranspose(lm)).getData(), 1e-12, "L L^H n=" + n);
      for (int i = 0; i < n; i++) {
        assertTrue(l[i][i].getReal() > 0 && l[i][i].getImaginary() == 0, "real positive diagonal");
        for (int j = i + 1; j < n; j++) {
          assertEquals(Complex.ZERO, l[i][j], "zero above the diagonal");
        }
      }
    }
  }

  @Test
  void choleskyOfAMatrixThatIsNotPositiveDefiniteIsNaN() {
    Tensor indefinite = Tensor.of(new double[][] {{1, 2}, {2, 1}});
    for (double v : eval(ps -> Ir.cholesky(ps.get(0)), indefinite).unsafeData()) {
      assertTrue(Double.isNaN(v));
    }
    Tensor c = tensor(new Complex[][] {{new Complex(1), new Complex(0, 2)},
        {new Complex(0, -2), new Complex(1)}});
    for (double v : eval(ps -> Ir.cholesky(ps.get(0)), c).unsafeData()) {
      assertTrue(Double.isNaN(v));
    }
    // In a batch only the failing matrix is NaN.
    Tensor batch = Tensor.wrap(TensorType.f64(2, 2, 2), new double[] {4, 2, 2, 3, 1, 2, 2, 1});
    double[] l = eval(ps -> Ir.cholesky(ps.get(0)), batch).unsafeData();
    assertEquals(2.0, l[0]);
    assertEquals(0.0, l[1]);
    assertEquals(1.0, l[2]);
    assertEquals(Math.sqrt(2), l[3], 1e-15);
    for (int k = 4; k < 8; k++) {
      assertTrue(Double.isNaN(l[k]));
    }
  }

  @Test
  void gradientThroughAFailedCholeskyIsNaNNotAnException() {
    TensorType t = TensorType.f64(2, 2);
    Graph f = Graph.trace(List.of("x"), List.of(t),
        ps -> List.of(Ir.reduceSum(Ir.cholesky(ps.get(0)), 0, 1)));
    Tensor g = Interpreter.eval(Ad.grad(f), Tensor.of(new double[][] {{1, 2}, {2, 1}})).get(0);
    for (double v : g.unsafeData()) {
      assertTrue(Double.isNaN(v));
    }
  }

  @Test
  void choleskyGradientIsSymmetric() {
    TensorType t = TensorType.f64(3, 3);
    Graph f = Graph.trace(List.of("x"), List.of(t), ps -> {
      Node l = Ir.cholesky(ps.get(0));
      return List.of(Ir.reduceSum(Ir.mul(Ir.sin(l), Ir.constant(Tensor.normal(3, t))), 0, 1));
    });
    double[][] g = realOf(Interpreter.eval(Ad.grad(f), Tensor.of(spd(3, RNG))).get(0));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(g[i][j], g[j][i], 1e-14);
      }
    }
  }

  // ---------------------------------------------------------------- triangular_solve

  /** op(a) as the kernel reads it: the named triangle, unit diagonal, transposed, conjugated. */
  private static Complex[][] op(Complex[][] a, boolean lower, boolean transpose, boolean conjugate,
      boolean unit) {
    int n = a.length;
    Complex[][] e = new Complex[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean stored = lower ? i >= j : i <= j;
        Complex v = !stored ? Complex.ZERO : i == j && unit ? Complex.ONE : a[i][j];
        e[transpose ? j : i][transpose ? i : j] = conjugate ? v.conjugate() : v;
      }
    }
    return e;
  }

  @Test
  void triangularSolveSatisfiesItsEquationForEveryFlagCombination() {
    for (boolean complex : new boolean[] {false, true}) {
      for (int flags = 0; flags < 32; flags++) {
        boolean left = (flags & 1) != 0;
        boolean lower = (flags & 2) != 0;
        boolean transpose = (flags & 4) != 0;
        boolean conjugate = (flags & 8) != 0 && complex;
        boolean unit = (flags & 16) != 0;
        int m = 3;
        int n = 2;
        int k = left ? m : n;
        Complex[][] a = randomComplex(k, k, RNG);
        Complex[][] b = randomComplex(m, n, RNG);
        for (int i = 0; i < k; i++) {
          a[i][i] = a[i][i].add(new Complex(3));
          for (int j = 0; j < k; j++) {
            if (!complex) {
              a[i][j] = new Complex(a[i][j].getReal());
            }
          }
        }
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            if (!complex) {
              b[i][j] = new Complex(b[i][j].getReal());
            }
          }
        }
        Tensor at = complex ? tensor(a) : Tensor.of(realPart(a));
        Tensor bt = complex ? tensor(b) : Tensor.of(realPart(b));
        Tensor x = eval(ps -> Ir.triangularSolve(ps.get(0), ps.get(1), left, lower, transpose,
            conjugate, unit), at, bt);
        Complex[][] xc = complex ? complexOf(x) : complexOfReal(realOf(x));
        FieldMatrix<Complex> e = new Array2DRowFieldMatrix<>(op(a, lower, transpose, conjugate, unit));
        FieldMatrix<Complex> xm = new Array2DRowFieldMatrix<>(xc);
        FieldMatrix<Complex> lhs = left ? e.multiply(xm) : xm.multiply(e);
        assertClose(b, lhs.getData(), 1e-12, "triangular_solve flags " + flags
            + (complex ? " c128" : " f64"));
      }
    }
  }

  private static double[][] realPart(Complex[][] a) {
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = a[i][j].getReal();
      }
    }
    return r;
  }

  private static Complex[][] complexOfReal(double[][] a) {
    Complex[][] r = new Complex[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = new Complex(a[i][j]);
      }
    }
    return r;
  }

  // -------------------------------------------------------------- solve, inv, det

  @Test
  void solveInvAndDetMatchCommonsMathLu() {
    for (int n = 1; n <= 6; n++) {
      double[][] a = randomMatrix(n, n, RNG);
      double[][] b = randomMatrix(n, 2, RNG);
      LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(a));
      Tensor at = Tensor.of(a);
      assertClose(lu.getSolver().solve(new Array2DRowRealMatrix(b)).getData(),
          realOf(eval(ps -> Ir.solve(ps.get(0), ps.get(1), false), at, Tensor.of(b))), 1e-9,
          "solve n=" + n);
      RealMatrix at2 = new Array2DRowRealMatrix(a).transpose();
      assertClose(new LUDecomposition(at2).getSolver().solve(new Array2DRowRealMatrix(b)).getData(),
          realOf(eval(ps -> Ir.solve(ps.get(0), ps.get(1), true), at, Tensor.of(b))), 1e-9,
          "solve transposed n=" + n);
      assertClose(lu.getSolver().getInverse().getData(),
          realOf(eval(ps -> Ir.inv(ps.get(0)), at)), 1e-9, "inv n=" + n);
      double det = eval(ps -> Ir.det(ps.get(0)), at).item();
      assertEquals(lu.getDeterminant(), det, 1e-12 * Math.max(1, Math.abs(det)), "det n=" + n);
      double sign = eval(ps -> Ir.slogdetSign(ps.get(0)), at).item();
      double logabs = eval(ps -> Ir.slogdetLogabsdet(ps.get(0)), at).item();
      assertEquals(Math.signum(lu.getDeterminant()), sign);
      assertEquals(Math.log(Math.abs(lu.getDeterminant())), logabs, 1e-12);
    }
  }

  @Test
  void complexSolveInvAndDetMatchCommonsMathFieldLu() {
    for (int n = 1; n <= 5; n++) {
      Complex[][] a = randomComplex(n, n, RNG);
      Complex[][] b = randomComplex(n, 3, RNG);
      FieldMatrix<Complex> am = new Array2DRowFieldMatrix<>(a);
      FieldLUDecomposition<Complex> lu = new FieldLUDecomposition<>(am);
      Tensor at = tensor(a);
      assertClose(lu.getSolver().solve(new Array2DRowFieldMatrix<>(b)).getData(),
          complexOf(eval(ps -> Ir.solve(ps.get(0), ps.get(1), false), at, tensor(b))), 1e-9,
          "solve c128 n=" + n);
      // transpose_a is a^T, not a^H.
      FieldLUDecomposition<Complex> lut = new FieldLUDecomposition<>(am.transpose());
      assertClose(lut.getSolver().solve(new Array2DRowFieldMatrix<>(b)).getData(),
          complexOf(eval(ps -> Ir.solve(ps.get(0), ps.get(1), true), at, tensor(b))), 1e-9,
          "solve transposed c128 n=" + n);
      Complex[][] inv = complexOf(eval(ps -> Ir.inv(ps.get(0)), at));
      assertClose(lu.getSolver().getInverse().getData(), inv, 1e-9, "inv c128 n=" + n);
      FieldMatrix<Complex> id = am.multiply(new Array2DRowFieldMatrix<>(inv));
      assertClose(identity(n), id.getData(), 1e-12, "a inv(a) = I");
      Complex det = lu.getDeterminant();
      Tensor d = eval(ps -> Ir.det(ps.get(0)), at);
      Complex got = new Complex(d.unsafeData()[0], d.unsafeData()[1]);
      assertTrue(det.subtract(got).abs() <= 1e-12 * (1 + det.abs()), "det c128: " + det + " vs " + got);
      Tensor s = eval(ps -> Ir.slogdetSign(ps.get(0)), at);
      Complex sign = new Complex(s.unsafeData()[0], s.unsafeData()[1]);
      double logabs = eval(ps -> Ir.slogdetLogabsdet(ps.get(0)), at).item();
      assertTrue(sign.subtract(det.divide(det.abs())).abs() < 1e-12, "slogdet sign c128");
      assertEquals(Math.log(det.abs()), logabs, 1e-12);
    }
  }

  private static Complex[][] identity(int n) {
    Complex[][] r = new Complex[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        r[i][j] = i == j ? Complex.ONE : Complex.ZERO;
      }
    }
    return r;
  }

  @Test
  void batchedPrimitivesAgreeWithTheirMatrices() {
    Tensor a = Tensor.normal(5, TensorType.f64(3, 2, 4, 4));
    Tensor b = Tensor.normal(6, TensorType.f64(3, 2, 4, 2));
    Tensor x = eval(ps -> Ir.solve(ps.get(0), ps.get(1), false), a, b);
    Tensor d = eval(ps -> Ir.det(ps.get(0)), a);
    assertEquals(Shape.of(3, 2), d.shape());
    for (int p = 0; p < 6; p++) {
      double[][] ap = new double[4][4];
      double[][] bp = new double[4][2];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          ap[i][j] = a.unsafeData()[p * 16 + i * 4 + j];
        }
        for (int j = 0; j < 2; j++) {
          bp[i][j] = b.unsafeData()[p * 8 + i * 2 + j];
        }
      }
      LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(ap));
      double[][] xe = lu.getSolver().solve(new Array2DRowRealMatrix(bp)).getData();
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 2; j++) {
          assertEquals(xe[i][j], x.unsafeData()[p * 8 + i * 2 + j], 1e-9 * (1 + Math.abs(xe[i][j])));
        }
      }
      assertEquals(lu.getDeterminant(), d.unsafeData()[p], 1e-12 * (1 + Math.abs(lu.getDeterminant())));
    }
  }

  @Test
  void singularMatricesGiveValuesNotExceptions() {
    Tensor s = Tensor.of(new double[][] {{1, 2, 3}, {2, 4, 6}, {0, 1, 1}});
    assertEquals(0.0, eval(ps -> Ir.det(ps.get(0)), s).item());
    assertEquals(0.0, eval(ps -> Ir.slogdetSign(ps.get(0)), s).item());
    assertEquals(Double.NEGATIVE_INFINITY, eval(ps -> Ir.slogdetLogabsdet(ps.get(0)), s).item());
    boolean anyNonFinite = false;
    for (double v : eval(ps -> Ir.inv(ps.get(0)), s).unsafeData()) {
      anyNonFinite |= !Double.isFinite(v);
    }
    assertTrue(anyNonFinite, "inv of a singular matrix has infinities or NaNs");
    Tensor zero = Tensor.wrap(TensorType.of(DType.C128, 2, 2), new double[8]);
    double[] sign = eval(ps -> Ir.slogdetSign(ps.get(0)), zero).unsafeData();
    assertEquals(0.0, sign[0]);
    assertEquals(0.0, sign[1]);
  }

  @Test
  void slogdetIsFiniteWhereDetOverflows() {
    int n = 200;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = i % 3 == 0 ? -40.0 : 40.0;
      if (i + 1 < n) {
        a[i][i + 1] = 1.0;
      }
    }
    Tensor at = Tensor.of(a);
    assertEquals(Double.NEGATIVE_INFINITY, eval(ps -> Ir.det(ps.get(0)), at).item());
    // 67 negative diagonal entries (i = 0, 3, ..., 198): the sign is -1.
    assertEquals(-1.0, eval(ps -> Ir.slogdetSign(ps.get(0)), at).item());
    assertEquals(n * Math.log(40), eval(ps -> Ir.slogdetLogabsdet(ps.get(0)), at).item(), 1e-10);
  }

  // ------------------------------------------------------------------- front end

  @Test
  void linalgFrontEndTakesVectorsBroadcastsBatchesAndPromotes() {
    double[][] a = randomMatrix(3, 3, RNG);
    for (int i = 0; i < 3; i++) {
      a[i][i] += 3;
    }
    double[] b = {1, -2, 0.5};
    Tensor x = eval(ps -> Linalg.solve(ps.get(0), ps.get(1)), Tensor.of(a), Tensor.of(b));
    assertEquals(Shape.of(3), x.shape());
    double[] xe = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
        .solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(xe[i], x.unsafeData()[i], 1e-12);
    }
    // One matrix, a batch of right-hand sides: the matrix broadcasts.
    Tensor bb = Tensor.normal(1, TensorType.f64(4, 3, 2));
    Tensor xb = eval(ps -> Linalg.solve(ps.get(0), ps.get(1)), Tensor.of(a), bb);
    assertEquals(Shape.of(4, 3, 2), xb.shape());
    // A vector on the right of a triangular solve is one row: x a = b.
    Tensor xr = eval(ps -> Linalg.triangularSolve(ps.get(0), ps.get(1), false, true, false, false,
        false), Tensor.of(a), Tensor.of(b));
    assertEquals(Shape.of(3), xr.shape());
    for (int j = 0; j < 3; j++) {
      double s = 0;
      for (int i = j; i < 3; i++) {
        s += xr.unsafeData()[i] * a[i][j];
      }
      assertEquals(b[j], s, 1e-12);
    }
    // Integers become f64.
    Tensor ints = Tensor.wrap(TensorType.of(DType.I64, 2, 2), new double[] {2, 1, 1, 3});
    assertEquals(5.0, eval(ps -> Linalg.det(ps.get(0)), ints).item(), 1e-15);
  }

  @Test
  void shapeErrorsSayWhatIsWrong() {
    Node v = Ir.constant(Tensor.of(1.0, 2.0));
    Node m23 = Ir.constant(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    Node m22 = Ir.constant(Tensor.of(new double[][] {{1, 2}, {3, 4}}));
    assertEquals("cholesky: expected a square matrix or a batch of them [..., n, n], got [2,3]",
        assertThrows(IrException.class, () -> Linalg.cholesky(m23)).getMessage());
    assertEquals("det: expected a square matrix or a batch of them [..., n, n], got [2]",
        assertThrows(IrException.class, () -> Linalg.det(v)).getMessage());
    assertEquals("solve: a has shape [2,2] but b has shape [3,2]; b must be [n] or [..., n, k]"
            + " with n = 2",
        assertThrows(IrException.class, () -> Linalg.solve(m22, Ir.constant(Tensor.of(
            new double[][] {{1, 2}, {3, 4}, {5, 6}})))).getMessage());
    assertEquals("triangular_solve: a has shape [2,2] but b has shape [2,3]; with left_side=False"
            + " (the default) b needs 2 columns",
        assertThrows(IrException.class, () -> Linalg.triangularSolve(m22, m23, false, false, false,
            false, false)).getMessage());
    assertEquals("inv: the operand must be square in its last two axes, got f64[2,3]",
        assertThrows(IrException.class, () -> Ir.inv(m23)).getMessage());
  }

  @Test
  void theTableHasRealAndComplexRowsOfEveryLinearAlgebraPrimitive() {
    java.util.Set<String> real = new java.util.TreeSet<>();
    java.util.Set<String> complex = new java.util.TreeSet<>();
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(1)) {
      (c.types.get(0).dtype().isComplex() ? complex : real).add(c.primitive);
    }
    for (String p : List.of("cholesky", "triangular_solve", "solve", "inv", "det", "slogdet")) {
      assertTrue(real.contains(p), p + " has no real row");
      assertTrue(complex.contains(p), p + " has no complex row");
    }
  }
}
