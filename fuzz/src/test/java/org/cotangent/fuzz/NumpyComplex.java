package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.complex.ComplexField;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.cotangent.fuzz.NumpyEval.Arr;
import org.cotangent.fuzz.NumpyEval.Unsupported;

/**
 * The NumPy oracle's complex numbers and linear algebra ({@link NumpyEval} for the rest): complex
 * elementwise functions by Commons Math's {@code Complex} (NumPy's principal branches), the
 * structural and linear operations applied to the real and imaginary parts, products as four real
 * ones, and {@code numpy.linalg}/{@code lax.linalg} by Commons Math's LU and Cholesky
 * decompositions (a complex Cholesky and the triangular matrices of triangular_solve written
 * here). Nothing is shared with Cotangent.
 */
final class NumpyComplex {
  private NumpyComplex() {}

  static final Set<String> LINALG = Set.of("cholesky", "inv", "det", "slogdet", "solve",
      "triangular_solve", "eigh", "linalg.cholesky", "linalg.inv", "linalg.det", "linalg.slogdet",
      "linalg.solve", "linalg.triangular_solve", "linalg.eigh");

  static Arr eval(NumpyEval ev, Ex e) {
    if (LINALG.contains(e.text)) {
      return linalg(ev, e);
    }
    switch (e.kind) {
      case NAME: {
        Arr a = ev.env().get(e.text);
        if (a == null) {
          throw new Unsupported("unbound " + e.text);
        }
        return a;
      }
      case NUM:
        return literal(e.text);
      case NEG: {
        Arr a = ev.eval(e.args.get(0));
        return parts(a, x -> NumpyEval.neg(x));
      }
      case POS:
        return ev.eval(e.args.get(0));
      case BIN:
        return binary(e.text, ev.eval(e.args.get(0)), ev.eval(e.args.get(1)), ev, e);
      case CALL1:
        return call1(e.text, ev.eval(e.args.get(0)), ev, e);
      case CALL2:
        return call2(e.text, ev.eval(e.args.get(0)), ev.eval(e.args.get(1)), ev, e);
      case WHERE: {
        Arr c = ev.realArg(e.args.get(0));
        Arr a = ev.eval(e.args.get(1));
        Arr b = ev.eval(e.args.get(2));
        Arr re = NumpyEval.where(c, a.reArr(), b.reArr());
        if (!a.complex() && !b.complex()) {
          return re;
        }
        return complex(re, NumpyEval.where(c, a.imArr(), b.imArr()));
      }
      case REDUCE: {
        if (!e.text.equals("sum") && !e.text.equals("mean")) {
          return ev.evalReal(e);
        }
        Arr a = ev.eval(e.args.get(0));
        return parts(a, x -> NumpyEval.reduce(e.text, x, e.ints));
      }
      case DOT_T:
        return parts(ev.eval(e.args.get(0)), x -> NumpyEval.transpose(x, null));
      case TRANSPOSE:
        return parts(ev.eval(e.args.get(0)), x -> NumpyEval.transpose(x, e.ints));
      case RESHAPE:
        return parts(ev.eval(e.args.get(0)), x -> NumpyEval.reshape(x, e.ints));
      case INDEX: {
        Arr idx = e.args.size() > 1 ? ev.realArg(e.args.get(1)) : null;
        return parts(ev.eval(e.args.get(0)), x -> NumpyEval.index(x, e.pair, idx));
      }
      case CONCAT: {
        List<Arr> xs = new ArrayList<>();
        boolean cx = false;
        for (Ex a : e.args) {
          Arr v = ev.eval(a);
          xs.add(v);
          cx |= v.complex();
        }
        int axis = e.ints == null ? 0 : e.ints[0];
        List<Arr> re = new ArrayList<>();
        List<Arr> im = new ArrayList<>();
        for (Arr v : xs) {
          re.add(v.reArr());
          im.add(v.imArr());
        }
        Arr r = NumpyEval.concatenate(re, axis);
        return cx ? complex(r, NumpyEval.concatenate(im, axis)) : r;
      }
      default:
        // Real operations above complex ones (their operands must be real).
        return ev.evalReal(e);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Arr complex(Arr re, Arr im) {
    return new Arr(re.shape, re.d, im.d);
  }

  /** A linear operation applied to the real and the imaginary part (a real value: to it alone). */
  private static Arr parts(Arr a, UnaryOperator<Arr> f) {
    Arr re = f.apply(a.reArr());
    if (!a.complex()) {
      return re;
    }
    return complex(re, f.apply(a.imArr()));
  }

  /** {@code (0.3+0.2j)}, {@code (0.3-0.2j)}, {@code 0.5j}, {@code (-0.5j)}, or a real number. */
  static Arr literal(String text) {
    String t = text.replace("(", "").replace(")", "").strip();
    if (!t.endsWith("j")) {
      return Arr.scalar(Double.parseDouble(t));
    }
    t = t.substring(0, t.length() - 1);
    int split = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
    double re = 0;
    double im;
    if (split > 0 && t.charAt(split - 1) != 'e') {
      re = Double.parseDouble(t.substring(0, split));
      im = Double.parseDouble(t.substring(split));
    } else {
      im = Double.parseDouble(t);
    }
    return new Arr(new int[0], new double[] {re}, new double[] {im});
  }

  private static Complex at(Arr a, int k) {
    return new Complex(a.d[k], a.im == null ? 0 : a.im[k]);
  }

  private static Arr fromComplex(int[] shape, Complex[] c) {
    double[] re = new double[c.length];
    double[] im = new double[c.length];
    for (int k = 0; k < c.length; k++) {
      re[k] = c[k].getReal();
      im[k] = c[k].getImaginary();
    }
    return new Arr(shape, re, im);
  }

  private static Arr map(Arr a, UnaryOperator<Complex> f) {
    Complex[] c = new Complex[a.size()];
    for (int k = 0; k < c.length; k++) {
      c[k] = f.apply(at(a, k));
    }
    return fromComplex(a.shape, c);
  }

  private static Arr mapReal(Arr a, java.util.function.ToDoubleFunction<Complex> f) {
    double[] d = new double[a.size()];
    for (int k = 0; k < d.length; k++) {
      d[k] = f.applyAsDouble(at(a, k));
    }
    return new Arr(a.shape, d);
  }

  private static Arr zip(Arr a, Arr b, java.util.function.BinaryOperator<Complex> f) {
    int[] s = NumpyEval.broadcast(a.shape, b.shape);
    Arr x = bcast(a, s);
    Arr y = bcast(b, s);
    Complex[] c = new Complex[x.size()];
    for (int k = 0; k < c.length; k++) {
      c[k] = f.apply(at(x, k), at(y, k));
    }
    return fromComplex(s, c);
  }

  private static Arr bcast(Arr a, int[] s) {
    return parts(a, x -> NumpyEval.broadcastTo(x, s));
  }

  /**
   * A bilinear product of real operations: (a + ib)(c + id) = (ac - bd) + i(ad + bc), each term
   * by the real product {@code p}; {@code conjLeft} conjugates the left operand first (vdot).
   */
  private static Arr bilinear(Arr a, Arr b, java.util.function.BinaryOperator<Arr> p,
      boolean conjLeft) {
    if (!a.complex() && !b.complex()) {
      return p.apply(a, b);
    }
    Arr ar = a.reArr();
    Arr ai = a.imArr();
    if (conjLeft) {
      ai = NumpyEval.neg(ai);
    }
    Arr br = b.reArr();
    Arr bi = b.imArr();
    Arr re = NumpyEval.binary("-", p.apply(ar, br), p.apply(ai, bi));
    Arr im = NumpyEval.binary("+", p.apply(ar, bi), p.apply(ai, br));
    return complex(re, im);
  }

  // ------------------------------------------------------------------ operations

  /** NumPy's complex power z^w = exp(w log z) (principal log), z^n for integers by repeated products. */
  private static Complex pow(Complex z, Complex w) {
    if (w.getImaginary() == 0 && w.getReal() == Math.rint(w.getReal())
        && Math.abs(w.getReal()) <= 16) {
      int n = (int) w.getReal();
      Complex r = Complex.ONE;
      for (int i = 0; i < Math.abs(n); i++) {
        r = r.multiply(z);
      }
      return n < 0 ? Complex.ONE.divide(r) : r;
    }
    return z.log().multiply(w).exp();
  }

  private static Arr binary(String op, Arr a, Arr b, NumpyEval ev, Ex e) {
    if (!a.complex() && !b.complex()) {
      return ev.evalReal(e);
    }
    switch (op) {
      case "+":
        return zip(a, b, Complex::add);
      case "-":
        return zip(a, b, Complex::subtract);
      case "*":
        return zip(a, b, Complex::multiply);
      case "/":
        return zip(a, b, Complex::divide);
      case "**":
        return zip(a, b, NumpyComplex::pow);
      case "@":
        return bilinear(a, b, NumpyEval::matmul, false);
      default:
        throw new Unsupported("complex " + op);
    }
  }

  private static Arr call1(String f, Arr a, NumpyEval ev, Ex e) {
    if (!a.complex()) {
      switch (f) {
        case "real":
          return a;
        case "imag":
          return NumpyEval.call1("zeros_like", a);
        case "conj":
        case "conjugate":
          return a;
        case "angle":
          return mapReal(a, Complex::getArgument);
        default:
          return ev.evalReal(e);
      }
    }
    switch (f) {
      case "real":
        return a.reArr();
      case "imag":
        return a.imArr();
      case "conj":
      case "conjugate":
        return map(a, Complex::conjugate);
      case "abs":
        return mapReal(a, Complex::abs);
      case "angle":
        return mapReal(a, Complex::getArgument);
      case "sin":
        return map(a, Complex::sin);
      case "cos":
        return map(a, Complex::cos);
      case "tanh":
        return map(a, Complex::tanh);
      case "exp":
        return map(a, Complex::exp);
      case "sinh":
        return map(a, Complex::sinh);
      case "cosh":
        return map(a, Complex::cosh);
      case "log":
        return map(a, Complex::log);
      case "sqrt":
        return map(a, Complex::sqrt);
      case "reciprocal":
        return map(a, z -> Complex.ONE.divide(z));
      case "square":
        return map(a, z -> z.multiply(z));
      default:
        throw new Unsupported("complex " + f);
    }
  }

  private static Arr call2(String f, Arr a, Arr b, NumpyEval ev, Ex e) {
    if (f.equals("complex")) {
      if (a.complex() || b.complex()) {
        throw new Unsupported("complex of complex parts");
      }
      int[] s = NumpyEval.broadcast(a.shape, b.shape);
      return complex(NumpyEval.broadcastTo(a, s), NumpyEval.broadcastTo(b, s));
    }
    if (!a.complex() && !b.complex()) {
      return ev.evalReal(e);
    }
    switch (f) {
      case "dot":
        return bilinear(a, b, NumpyEval::dot, false);
      case "matmul":
        return bilinear(a, b, NumpyEval::matmul, false);
      case "vdot":
        return bilinear(a, b, (x, y) -> NumpyEval.call2("vdot", x, y), true);
      default:
        throw new Unsupported("complex " + f);
    }
  }

  // ------------------------------------------------------------------ linear algebra

  /** A batch of n x n (or n x k) matrices: batch shape, rows, columns, data per matrix. */
  private static Complex[][][] matrices(Arr a, int[] batch, int rows, int cols) {
    Arr b = bcast(a, concat(batch, new int[] {rows, cols}));
    int count = Generator.size(batch);
    Complex[][][] m = new Complex[count][rows][cols];
    for (int q = 0; q < count; q++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          m[q][i][j] = at(b, (q * rows + i) * cols + j);
        }
      }
    }
    return m;
  }

  private static Arr fromMatrices(Complex[][][] m, int[] batch, boolean complex) {
    int rows = m.length == 0 ? 0 : m[0].length;
    int cols = rows == 0 ? 0 : m[0][0].length;
    return fromMatrices(m, batch, rows, cols, complex);
  }

  private static Arr fromMatrices(Complex[][][] m, int[] batch, int rows, int cols,
      boolean complex) {
    Complex[] c = new Complex[m.length * rows * cols];
    for (int q = 0; q < m.length; q++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          c[(q * rows + i) * cols + j] = m[q][i][j];
        }
      }
    }
    Arr r = fromComplex(concat(batch, new int[] {rows, cols}), c);
    return complex ? r : r.reArr();
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static int[] batchOf(Arr a, int keep) {
    return Arrays.copyOf(a.shape, a.rank() - keep);
  }

  private static Arr linalg(NumpyEval ev, Ex e) {
    String f = e.text.startsWith("linalg.") ? e.text.substring(7) : e.text;
    Arr a = ev.eval(e.args.get(0));
    if (a.rank() < 2 || a.shape[a.rank() - 1] != a.shape[a.rank() - 2]) {
      throw new Unsupported(f + " of a non-square array");
    }
    int n = a.shape[a.rank() - 1];
    boolean cx = a.complex();
    switch (f) {
      case "cholesky": {
        int[] batch = batchOf(a, 2);
        Complex[][][] m = matrices(a, batch, n, n);
        for (int q = 0; q < m.length; q++) {
          m[q] = cx ? cholesky(m[q]) : realCholesky(m[q]);
        }
        return fromMatrices(m, batch, n, n, cx);
      }
      case "eigh": {
        // Commons Math's EigenDecomposition of the symmetric part; eigenvalues ascending, each
        // eigenvector's entry of largest |.| (the first of ties) positive. Complex: not here.
        if (cx) {
          throw new NumpyEval.Unsupported("eigh of a complex matrix (no Hermitian"
              + " eigendecomposition in Commons Math)");
        }
        int[] batch = batchOf(a, 2);
        Complex[][][] m = matrices(a, batch, n, n);
        Complex[] w = new Complex[m.length * n];
        Complex[][][] v = new Complex[m.length][n][n];
        for (int q = 0; q < m.length; q++) {
          RealMatrix h = toReal(m[q]);
          h = h.add(h.transpose()).scalarMultiply(0.5);
          org.apache.commons.math3.linear.EigenDecomposition ed =
              new org.apache.commons.math3.linear.EigenDecomposition(h);
          Integer[] order = new Integer[n];
          for (int i = 0; i < n; i++) {
            order[i] = i;
          }
          Arrays.sort(order, (x, y) -> Double.compare(ed.getRealEigenvalue(x),
              ed.getRealEigenvalue(y)));
          for (int c = 0; c < n; c++) {
            w[q * n + c] = new Complex(ed.getRealEigenvalue(order[c]));
            double[] col = ed.getEigenvector(order[c]).toArray();
            int pivot = 0;
            for (int i = 1; i < n; i++) {
              if (Math.abs(col[i]) > Math.abs(col[pivot])) {
                pivot = i;
              }
            }
            double sign = col[pivot] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
              v[q][i][c] = new Complex(sign * col[i]);
            }
          }
        }
        return e.ints[0] == 0 ? fromComplex(concat(batch, new int[] {n}), w).reArr()
            : fromMatrices(v, batch, n, n, false);
      }
      case "inv": {
        int[] batch = batchOf(a, 2);
        Complex[][][] m = matrices(a, batch, n, n);
        for (int q = 0; q < m.length; q++) {
          m[q] = cx ? lu(m[q]).getSolver().getInverse().getData()
              : toComplex(new LUDecomposition(toReal(m[q])).getSolver().getInverse());
        }
        return fromMatrices(m, batch, n, n, cx);
      }
      case "det":
      case "slogdet": {
        int[] batch = batchOf(a, 2);
        Complex[][][] m = matrices(a, batch, n, n);
        Complex[] d = new Complex[m.length];
        for (int q = 0; q < m.length; q++) {
          d[q] = n == 0 ? Complex.ONE : cx ? lu(m[q]).getDeterminant()
              : new Complex(new LUDecomposition(toReal(m[q])).getDeterminant());
        }
        if (f.equals("det")) {
          Arr r = fromComplex(batch, d);
          return cx ? r : r.reArr();
        }
        // slogdet(a)[0]: sign (d / |d|), [1]: log |d|.
        Complex[] out = new Complex[d.length];
        for (int q = 0; q < d.length; q++) {
          double abs = d[q].abs();
          out[q] = e.ints[0] == 0 ? d[q].divide(abs) : new Complex(Math.log(abs));
        }
        Arr r = fromComplex(batch, out);
        return cx && e.ints[0] == 0 ? r : r.reArr();
      }
      case "solve": {
        Arr b = ev.eval(e.args.get(1));
        boolean vec = b.rank() == 1;
        Arr bb = vec ? NumpyEval.reshape(b.reArr(), new int[] {n, 1}) : b;
        if (vec && b.complex()) {
          bb = complex(bb, NumpyEval.reshape(b.imArr(), new int[] {n, 1}));
        }
        int k = bb.shape[bb.rank() - 1];
        int[] batch = NumpyEval.broadcast(batchOf(a, 2), batchOf(bb, 2));
        Complex[][][] ma = matrices(a, batch, n, n);
        Complex[][][] mb = matrices(bb, batch, n, k);
        Complex[][][] x = new Complex[ma.length][][];
        for (int q = 0; q < ma.length; q++) {
          x[q] = solve(ma[q], mb[q]);
        }
        Arr r = fromMatrices(x, batch, n, k, cx || b.complex());
        return vec ? parts(r, y -> NumpyEval.reshape(y, new int[] {n})) : r;
      }
      case "triangular_solve":
        return triangularSolve(a, ev.eval(e.args.get(1)), e.ints, n);
      default:
        throw new Unsupported(f);
    }
  }

  /**
   * lax.linalg.triangular_solve: {@code op(A) x = b} (left_side) or {@code x op(A) = b}, where A
   * is the lower (lower=True) or upper triangle of a, with ones on the diagonal if unit_diagonal,
   * and op transposes and/or conjugates it. Solved by building op(A) and LU.
   */
  private static Arr triangularSolve(Arr a, Arr b, int[] flags, int n) {
    boolean left = flags[0] == 1;
    boolean lower = flags[1] == 1;
    boolean trans = flags[2] == 1;
    boolean conj = flags[3] == 1;
    boolean unit = flags[4] == 1;
    boolean vec = b.rank() == a.rank() - 1;
    Arr bb = b;
    if (vec) {
      int[] s = left ? concat(b.shape, new int[] {1})
          : concat(Arrays.copyOf(b.shape, b.rank() - 1), new int[] {1, n});
      bb = parts(b, y -> NumpyEval.reshape(y, s));
    }
    int rows = bb.shape[bb.rank() - 2];
    int cols = bb.shape[bb.rank() - 1];
    int[] batch = NumpyEval.broadcast(batchOf(a, 2), batchOf(bb, 2));
    Complex[][][] ma = matrices(a, batch, n, n);
    Complex[][][] mb = matrices(bb, batch, rows, cols);
    Complex[][][] x = new Complex[ma.length][][];
    for (int q = 0; q < ma.length; q++) {
      Complex[][] t = new Complex[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          boolean in = lower ? j <= i : j >= i;
          Complex v = i == j && unit ? Complex.ONE : in ? ma[q][i][j] : Complex.ZERO;
          if (conj) {
            v = v.conjugate();
          }
          if (trans) {
            t[j][i] = v;
          } else {
            t[i][j] = v;
          }
        }
      }
      if (left) {
        x[q] = solve(t, mb[q]);
      } else {
        // x t = b  <=>  t^T x^T = b^T.
        x[q] = transposed(solve(transposed(t), transposed(mb[q])));
      }
    }
    Arr r = fromMatrices(x, batch, rows, cols, a.complex() || b.complex());
    return vec ? parts(r, y -> NumpyEval.reshape(y, b.shape)) : r;
  }

  private static Complex[][] transposed(Complex[][] m) {
    int r = m.length;
    int c = r == 0 ? 0 : m[0].length;
    Complex[][] t = new Complex[c][r];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }

  private static FieldLUDecomposition<Complex> lu(Complex[][] m) {
    return new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(ComplexField.getInstance(), m));
  }

  private static boolean isReal(Complex[][] m) {
    for (Complex[] row : m) {
      for (Complex z : row) {
        if (z.getImaginary() != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static Complex[][] solve(Complex[][] a, Complex[][] b) {
    if (b.length == 0 || b[0].length == 0) {
      return b;
    }
    if (isReal(a) && isReal(b)) {
      return toComplex(new LUDecomposition(toReal(a)).getSolver().solve(toReal(b)));
    }
    FieldMatrix<Complex> x = lu(a).getSolver().solve(
        new Array2DRowFieldMatrix<>(ComplexField.getInstance(), b));
    return x.getData();
  }

  private static RealMatrix toReal(Complex[][] m) {
    double[][] d = new double[m.length][m.length == 0 ? 0 : m[0].length];
    for (int i = 0; i < d.length; i++) {
      for (int j = 0; j < d[i].length; j++) {
        d[i][j] = m[i][j].getReal();
      }
    }
    return new Array2DRowRealMatrix(d, false);
  }

  private static Complex[][] toComplex(RealMatrix m) {
    Complex[][] c = new Complex[m.getRowDimension()][m.getColumnDimension()];
    for (int i = 0; i < c.length; i++) {
      for (int j = 0; j < c[i].length; j++) {
        c[i][j] = new Complex(m.getEntry(i, j));
      }
    }
    return c;
  }

  /** NumPy's cholesky of (a + a^T) / 2 (JAX's symmetrisation) by Commons Math. */
  private static Complex[][] realCholesky(Complex[][] m) {
    int n = m.length;
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i][j] = (m[i][j].getReal() + m[j][i].getReal()) / 2;
      }
    }
    return toComplex(new CholeskyDecomposition(new Array2DRowRealMatrix(h, false)).getL());
  }

  /** The lower L with L L^H = (a + a^H) / 2 (Cholesky-Banachiewicz, written from its definition). */
  private static Complex[][] cholesky(Complex[][] m) {
    int n = m.length;
    Complex[][] l = new Complex[n][n];
    for (Complex[] row : l) {
      Arrays.fill(row, Complex.ZERO);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        Complex h = m[i][j].add(m[j][i].conjugate()).divide(2);
        Complex s = h;
        for (int k = 0; k < j; k++) {
          s = s.subtract(l[i][k].multiply(l[j][k].conjugate()));
        }
        if (i == j) {
          l[i][i] = new Complex(Math.sqrt(s.getReal()));
        } else {
          l[i][j] = s.divide(l[j][j]);
        }
      }
    }
    return l;
  }
}
