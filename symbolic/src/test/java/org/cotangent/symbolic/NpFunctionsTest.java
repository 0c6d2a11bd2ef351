package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ops.Unary;
import org.junit.jupiter.api.Test;

/**
 * The functions added in issue 9 item 5, as {@code Np} gives them to every front end: values
 * and derivatives against closed forms and formulas computed here, at the points where the
 * derivative tests of {@link PrimitiveTable} cannot go (ties, NaN, zeros, large inputs), and the
 * errors they raise.
 */
class NpFunctionsTest {
  static final double INF = Double.POSITIVE_INFINITY;

  static Graph f1(TensorType t, UnaryOperator<Node> f) {
    return Graph.trace(List.of("x"), List.of(t), ps -> List.of(f.apply(ps.get(0))));
  }

  static Tensor value(UnaryOperator<Node> f, Tensor x) {
    return Interpreter.eval(f1(x.type(), f), x).get(0);
  }

  /** The gradient of {@code sum(f(x))}. */
  static Tensor grad(UnaryOperator<Node> f, Tensor x) {
    return Interpreter.eval(Ad.grad(f1(x.type(), v -> Np.sum(f.apply(v)))), x).get(0);
  }

  static void assertClose(double[] expected, Tensor actual, double tol) {
    double[] a = actual.unsafeData();
    assertEquals(expected.length, a.length, "size");
    for (int i = 0; i < a.length; i++) {
      boolean ok = Double.compare(expected[i], a[i]) == 0
          || Math.abs(expected[i] - a[i]) <= tol * Math.max(1, Math.abs(expected[i]));
      assertTrue(ok, "element " + i + ": expected " + expected[i] + ", got " + a[i]);
    }
  }

  static double[] random(Random rng, int n, double scale) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = scale * rng.nextGaussian();
    }
    return d;
  }

  // ---------------------------------------------------------------- logsumexp, softmax

  @Test
  void logsumexpOfLargeEqualInputsIsTheirValuePlusLogTwoWithGradientOneHalf() {
    Tensor x = Tensor.of(1000.0, 1000.0);
    assertEquals(1000 + Math.log(2), value(Np::logsumexp, x).item(), 1e-12);
    assertClose(new double[] {0.5, 0.5}, grad(Np::logsumexp, x), 1e-15);
    assertEquals(-1000 + Math.log(2), value(Np::logsumexp, Tensor.of(-1000.0, -1000.0)).item(),
        1e-12);
    assertClose(new double[] {1, 0}, grad(Np::logsumexp, Tensor.of(1000.0, 0.0)), 1e-15);
  }

  @Test
  void logsumexpMatchesTheNaiveFormulaWhereThatDoesNotOverflow() {
    Random rng = new Random(7);
    double[] d = random(rng, 6, 5);
    Tensor x = Tensor.wrap(TensorType.f64(2, 3), d);
    double[] rows = new double[2];
    double[] soft = new double[6];
    for (int r = 0; r < 2; r++) {
      double s = 0;
      for (int c = 0; c < 3; c++) {
        s += Math.exp(d[3 * r + c]);
      }
      rows[r] = Math.log(s);
      for (int c = 0; c < 3; c++) {
        soft[3 * r + c] = Math.exp(d[3 * r + c]) / s;
      }
    }
    assertClose(rows, value(v -> Np.logsumexp(v, 1), x), 1e-13);
    assertClose(soft, grad(v -> Np.logsumexp(v, -1), x), 1e-13);
    assertClose(soft, value(v -> Np.softmax(v, 1), x), 1e-13);
    double all = Math.log(Math.exp(rows[0]) + Math.exp(rows[1]));
    assertEquals(all, value(Np::logsumexp, x).item(), 1e-13);
  }

  @Test
  void logsumexpOfInfinitiesAndNaN() {
    assertEquals(-INF, value(Np::logsumexp, Tensor.of(-INF, -INF)).item());
    assertEquals(INF, value(Np::logsumexp, Tensor.of(INF, 0.0)).item());
    assertTrue(Double.isNaN(value(Np::logsumexp, Tensor.of(Double.NaN, 0.0)).item()));
    assertEquals(0.0, value(Np::logsumexp, Tensor.of(-INF, 0.0)).item());
  }

  @Test
  void softmaxSumsToOneWithoutOverflowAndItsDerivativeIsExact() {
    Tensor x = Tensor.of(new double[][] {{1000, 1000, 0}, {1, 2, 3}});
    Tensor s = value(v -> Np.softmax(v, -1), x);
    double e = Math.exp(1);
    double z = 1 + e + e * e;
    assertClose(new double[] {0.5, 0.5, 0, 1 / z, e / z, e * e / z}, s, 1e-15);
    // d/dx sum(w * softmax(x)) = s * (w - <s, w>): at three equal large inputs, s = 1/3.
    Tensor w = Tensor.of(1.0, 2.0, 3.0);
    Tensor g = grad(v -> Np.mul(Ir.constant(w), Np.softmax(v, 0)), Tensor.of(1e4, 1e4, 1e4));
    assertClose(new double[] {-1.0 / 3, 0, 1.0 / 3}, g, 1e-15);
  }

  @Test
  void logSoftmaxIsStable() {
    assertClose(new double[] {0, -1000}, value(v -> Np.logSoftmax(v, 0), Tensor.of(1000.0, 0.0)),
        1e-15);
    // d/dx sum(log_softmax(x)) = 1 - n * softmax(x).
    Tensor x = Tensor.of(0.5, -1.0, 2.0);
    double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
    assertClose(new double[] {1 - 3 * Math.exp(0.5) / z, 1 - 3 * Math.exp(-1) / z,
        1 - 3 * Math.exp(2) / z}, grad(v -> Np.logSoftmax(v, -1), x), 1e-14);
  }

  @Test
  void theShiftIsNotDifferentiated() {
    // The max feeds only stop_gradient, so the gradient holds no reduce_max rule (no eq mask).
    Graph g = Ad.grad(f1(TensorType.f64(4), Np::logsumexp));
    for (Node n : g.topoOrder()) {
      assertTrue(!n.op().name().equals("eq") || n.input(0).op().name().equals("sub"),
          "a max mask in\n" + g);
    }
  }

  // ---------------------------------------------------------------- var, std, norm

  /** The variance of {@code d[off + k * stride]}, k < n, by the two-pass formula. */
  static double twoPass(double[] d, int off, int stride, int n, double ddof) {
    double mean = 0;
    for (int k = 0; k < n; k++) {
      mean += d[off + k * stride];
    }
    mean /= n;
    double ss = 0;
    for (int k = 0; k < n; k++) {
      double c = d[off + k * stride] - mean;
      ss += c * c;
    }
    return ss / Math.max(n - ddof, 0);
  }

  @Test
  void varAndStdMatchTheTwoPassFormula() {
    Random rng = new Random(11);
    double[] d = random(rng, 12, 2);
    for (int i = 0; i < d.length; i++) {
      d[i] += 1e6; // a large mean: the one-pass formula would lose most digits here
    }
    Tensor x = Tensor.wrap(TensorType.f64(3, 4), d);
    double[] cols = new double[4];
    double[] colStd = new double[4];
    for (int c = 0; c < 4; c++) {
      cols[c] = twoPass(d, c, 4, 3, 1);
      colStd[c] = Math.sqrt(cols[c]);
    }
    assertClose(cols, value(v -> Np.var(v, 1, 0), x), 1e-9);
    assertClose(colStd, value(v -> Np.std(v, 1, 0), x), 1e-9);
    assertEquals(twoPass(d, 0, 1, 12, 0), value(v -> Np.var(v, 0), x).item(), 1e-9);
    double[] rows = new double[3];
    for (int r = 0; r < 3; r++) {
      rows[r] = twoPass(d, 4 * r, 1, 4, 0.5);
    }
    assertClose(rows, value(v -> Np.var(v, 0.5, -1), x), 1e-9);
  }

  @Test
  void varGradientIsTwiceTheDeviationOverTheDegreesOfFreedom() {
    Tensor x = Tensor.of(1.0, 2.0, 4.0, 7.0);
    double mean = 3.5;
    double[] expected = new double[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = 2 * (x.unsafeData()[i] - mean) / 3;
    }
    assertClose(expected, grad(v -> Np.var(v, 1), x), 1e-14);
    double sd = Math.sqrt(twoPass(x.unsafeData(), 0, 1, 4, 1));
    for (int i = 0; i < 4; i++) {
      expected[i] = (x.unsafeData()[i] - mean) / (3 * sd);
    }
    assertClose(expected, grad(v -> Np.std(v, 1), x), 1e-14);
  }

  @Test
  void varWithNoDegreesOfFreedomLeftIsInfinite() {
    assertEquals(INF, value(v -> Np.var(v, 2), Tensor.of(1.0, 2.0)).item());
    assertEquals(INF, value(v -> Np.var(v, 5), Tensor.of(1.0, 2.0)).item());
    assertTrue(Double.isNaN(value(v -> Np.var(v, 2), Tensor.of(1.0, 1.0)).item()));
  }

  @Test
  void stdAtAConstantAndNormAtZeroHaveNaNGradientsAsInJax() {
    Tensor g = grad(v -> Np.std(v, 0), Tensor.of(2.0, 2.0, 2.0));
    for (double v : g.unsafeData()) {
      assertTrue(Double.isNaN(v), g.toString());
    }
    g = grad(v -> Np.norm(v, null), Tensor.of(0.0, 0.0, 0.0));
    for (double v : g.unsafeData()) {
      assertTrue(Double.isNaN(v), g.toString());
    }
    assertEquals(0.0, value(v -> Np.norm(v, null), Tensor.of(0.0, 0.0)).item());
  }

  @Test
  void normIsTheTwoNormOfAVectorAndTheFrobeniusNormOfAMatrix() {
    assertEquals(5.0, value(v -> Np.norm(v, null), Tensor.of(3.0, 4.0)).item(), 0);
    assertEquals(5.0, value(v -> Np.norm(v, 2), Tensor.of(3.0, 4.0)).item(), 0);
    assertClose(new double[] {0.6, 0.8}, grad(v -> Np.norm(v, null), Tensor.of(3.0, 4.0)), 1e-15);
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    assertEquals(Math.sqrt(91), value(v -> Np.norm(v, "fro"), m).item(), 1e-14);
    assertEquals(Math.sqrt(91), value(v -> Np.norm(v, null), m).item(), 1e-14);
    assertClose(new double[] {Math.sqrt(35), Math.sqrt(56)}, value(v -> Np.norm(v, 2, 0), m), 1e-14);
    assertClose(new double[] {Math.sqrt(5), 5, Math.sqrt(61)}, value(v -> Np.norm(v, null, 1), m),
        1e-14);
    assertEquals(Math.sqrt(91), value(v -> Np.norm(v, "fro", 1, 0), m).item(), 1e-14);
    Tensor t = Tensor.wrap(TensorType.f64(2, 2, 2), new double[] {1, 1, 1, 1, 1, 1, 1, 1});
    assertEquals(Math.sqrt(8), value(v -> Np.norm(v, null), t).item(), 1e-15);
  }

  @Test
  void normRejectsOtherOrdersByName() {
    Node v = Param.node(0, TensorType.f64(3));
    Node m = Param.node(0, TensorType.f64(2, 3));
    Node t = Param.node(0, TensorType.f64(2, 2, 2));
    String orders = "; ord may be None (the 2-norm of a vector, the Frobenius norm of a matrix),"
        + " 2 (vectors) or 'fro' (matrices)";
    assertEquals("norm: ord=1 is not supported" + orders, message(() -> Np.norm(v, 1)));
    assertEquals("norm: ord=inf is not supported" + orders, message(() -> Np.norm(v, INF)));
    assertEquals("norm: ord=-inf is not supported" + orders, message(() -> Np.norm(v, -INF)));
    assertEquals("norm: ord=0.5 is not supported" + orders, message(() -> Np.norm(v, 0.5)));
    assertEquals("norm: ord='nuc' is not supported" + orders, message(() -> Np.norm(m, "nuc")));
    assertEquals("norm: ord=2 of a matrix is its spectral norm (largest singular value), which is"
        + " not supported; ord=None or 'fro' gives the Frobenius norm", message(() -> Np.norm(m, 2)));
    assertEquals("norm: ord='fro' is for matrices; ord=None or 2 gives the 2-norm of a vector",
        message(() -> Np.norm(v, "fro")));
    assertEquals("norm: ord=2 needs a vector or a matrix, got an array of rank 3 (give axis)",
        message(() -> Np.norm(t, 2)));
    assertEquals("norm: ord=None needs a vector or a matrix, got 3 axes",
        message(() -> Np.norm(t, null, 0, 1, 2)));
    assertEquals("norm of complex values is not supported",
        message(() -> Np.norm(Param.node(0, TensorType.of(DType.C128, 2)), null)));
  }

  static String message(Runnable r) {
    return assertThrows(IrException.class, r::run).getMessage();
  }

  // ---------------------------------------------------------------- argmax, argmin

  @Test
  void argmaxAndArgminPickTheFirstOfTiesAndTheFirstNaN() {
    double nan = Double.NaN;
    assertEquals(Tensor.wrap(TensorType.of(DType.I64), new double[] {1}),
        value(v -> Np.argmax(v, null), Tensor.of(1.0, 3.0, 3.0, 2.0)));
    assertEquals(0.0, value(v -> Np.argmin(v, null), Tensor.of(1.0, 3.0, 1.0)).item());
    assertEquals(2.0, value(v -> Np.argmax(v, null), Tensor.of(1.0, 3.0, nan, 5.0, nan)).item());
    assertEquals(2.0, value(v -> Np.argmin(v, null), Tensor.of(1.0, -3.0, nan, -5.0)).item());
    assertEquals(0.0, value(v -> Np.argmax(v, null), Tensor.of(nan, 3.0)).item());
    assertEquals(1.0, value(v -> Np.argmax(v, null), Tensor.of(-INF, INF, INF)).item());
    Tensor m = Tensor.of(new double[][] {{2, 7, 7}, {9, 9, 1}});
    assertEquals(Tensor.wrap(TensorType.of(DType.I64, 3), new double[] {1, 1, 0}),
        value(v -> Np.argmax(v, 0), m));
    assertEquals(Tensor.wrap(TensorType.of(DType.I64, 2), new double[] {1, 0}),
        value(v -> Np.argmax(v, -1), m));
    assertEquals(Tensor.wrap(TensorType.of(DType.I64, 2), new double[] {0, 2}),
        value(v -> Np.argmin(v, 1), m));
    assertEquals(3.0, value(v -> Np.argmax(v, null), m).item(), "flattened");
    assertEquals(5.0, value(v -> Np.argmin(v, null), m).item(), "flattened");
  }

  @Test
  void argmaxOfIntegersBooleansAndScalars() {
    Node ints = Ir.constant(Tensor.wrap(TensorType.of(DType.I64, 4), new double[] {3, -1, 8, 8}));
    assertEquals(2.0, ((org.cotangent.symbolic.ir.Constant) Np.argmax(ints, null).op())
        .value().item());
    Node bools = Ir.constant(Tensor.wrap(TensorType.of(DType.BOOL, 3), new double[] {0, 1, 1}));
    assertEquals(1.0, ((org.cotangent.symbolic.ir.Constant) Np.argmax(bools, 0).op())
        .value().item());
    assertEquals(DType.I64, Np.argmin(Param.node(0, TensorType.f64()), null).dtype());
    assertTrue(Np.argmin(Param.node(0, TensorType.f64()), null).isConstant(0.0), "a scalar is at 0");
  }

  @Test
  void argmaxErrors() {
    assertEquals("argmax: attempt to get argmax of an empty axis (axis 0 of f64[0])",
        message(() -> Np.argmax(Param.node(0, TensorType.f64(0)), null)));
    assertEquals("axis 2 is out of bounds for an array of rank 2",
        message(() -> Np.argmin(Param.node(0, TensorType.f64(2, 3)), 2)));
    assertEquals("argmax: complex numbers are not ordered",
        message(() -> Np.argmax(Param.node(0, TensorType.of(DType.C128, 2)), 0)));
  }

  @Test
  void argmaxHasNoDerivative() {
    Tensor x = Tensor.of(0.5, 2.0, -1.0);
    // d/dx sum(x * argmax(x)) = argmax(x) = 1 everywhere.
    assertClose(new double[] {1, 1, 1}, grad(v -> Np.mul(v, Np.argmax(v, null)), x), 0);
  }

  // ---------------------------------------------------------------- mod, remainder

  static Tensor apply(BinaryOperator<Node> f, Tensor x, Tensor y) {
    Node r = f.apply(Ir.constant(x), Ir.constant(y));
    return ((org.cotangent.symbolic.ir.Constant) r.op()).value();
  }

  static Tensor ints(double... v) {
    return Tensor.wrap(TensorType.of(DType.I64, v.length), v);
  }

  @Test
  void onIntegersFmodIsJavasPercentAndRemainderIsFloorMod() {
    int n = 0;
    double[] xs = new double[15 * 6];
    double[] ys = new double[15 * 6];
    for (int a = -7; a <= 7; a++) {
      for (int b : new int[] {-3, -2, -1, 1, 2, 3}) {
        xs[n] = a;
        ys[n++] = b;
      }
    }
    Tensor mod = apply(Np::fmod, ints(xs), ints(ys));
    Tensor rem = apply(Np::remainder, ints(xs), ints(ys));
    assertEquals(DType.I64, mod.dtype());
    assertEquals(DType.I64, rem.dtype());
    for (int k = 0; k < n; k++) {
      long a = (long) xs[k];
      long b = (long) ys[k];
      // Exactly, so a zero is +0.0 (fmod of doubles alone would give -0.0 for -6 % 3).
      assertEquals((double) (a % b), mod.unsafeData()[k], a + " mod " + b);
      assertEquals((double) Math.floorMod(a, b), rem.unsafeData()[k], a + " remainder " + b);
    }
    // An integer zero divisor leaves 0, as in NumPy.
    assertEquals(ints(0, 0), apply(Np::fmod, ints(5, -5), ints(0, 0)));
    assertEquals(ints(0, 0), apply(Np::remainder, ints(5, -5), ints(0, 0)));
  }

  @Test
  void onFloatsFmodHasTheSignOfTheDividendAndRemainderThatOfTheDivisor() {
    double[] xs = {7.5, -7.5, 7.5, -7.5, 0.25, -4.0, 4.0, 1e300, -1.0, 3.0, 3.0};
    double[] ys = {2.0, 2.0, -2.0, -2.0, 3.0, 2.0, -2.0, 7.0, INF, 0.0, -0.0};
    Tensor mod = apply(Np::fmod, Tensor.of(xs), Tensor.of(ys));
    Tensor rem = apply(Np::remainder, Tensor.of(xs), Tensor.of(ys));
    for (int k = 0; k < xs.length; k++) {
      double m = mod.unsafeData()[k];
      double r = rem.unsafeData()[k];
      assertEquals(xs[k] % ys[k], m, 0, "fmod is Java's %");
      if (ys[k] == 0) {
        assertTrue(Double.isNaN(r));
        continue;
      }
      if (Double.isInfinite(ys[k])) {
        assertEquals(INF, r, "-1 % inf is inf, as in Python");
        continue;
      }
      // The sign of the divisor (zero included), and x - floor(x / y) * y up to rounding.
      assertEquals(Math.copySign(1, ys[k]), Math.copySign(1, r), xs[k] + " % " + ys[k] + " = " + r);
      assertTrue(Math.abs(r) < Math.abs(ys[k]));
      double q = Math.floor(xs[k] / ys[k]);
      if (Math.abs(q) < 1e15) {
        assertEquals(xs[k] - q * ys[k], r, 1e-12);
      }
    }
    assertEquals(-0.0, rem.unsafeData()[6], 0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(rem.unsafeData()[6]));
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(rem.unsafeData()[5]));
  }

  @Test
  void remaindersDeriveToOneAndMinusTheQuotient() {
    Tensor x = Tensor.of(7.3, -7.3, 7.3, -7.3);
    Tensor y = Tensor.of(2.0, 2.0, -2.0, -2.0);
    for (boolean floored : new boolean[] {false, true}) {
      BinaryOperator<Node> f = floored ? Np::remainder : Np::fmod;
      Graph g = Graph.trace(List.of("x", "y"), List.of(x.type(), y.type()),
          ps -> List.of(Np.sum(f.apply(ps.get(0), ps.get(1)))));
      List<Tensor> gs = Interpreter.eval(Ad.grad(g, 0, 1), x, y);
      assertClose(new double[] {1, 1, 1, 1}, gs.get(0), 0);
      double[] dy = new double[4];
      for (int k = 0; k < 4; k++) {
        double q = x.unsafeData()[k] / y.unsafeData()[k];
        dy[k] = -(floored ? Math.floor(q) : q < 0 ? Math.ceil(q) : Math.floor(q));
      }
      assertClose(dy, gs.get(1), 0);
    }
  }

  @Test
  void fmodOfComplexIsRejected() {
    Node z = Param.node(0, TensorType.of(DType.C128, 2));
    assertEquals("fmod is not defined for complex operands", message(() -> Np.fmod(z, z)));
    assertEquals("remainder is not defined for complex operands",
        message(() -> Np.remainder(z, Np.scalar(2))));
  }

  // ---------------------------------------------------------------- stop_gradient, ceil, clip

  @Test
  void stopGradientStopsDerivativesOfEveryOrder() {
    // f(x) = x^2 * sg(x): f' = 2 x sg(x), f'' = 2 sg(x); at 3: 27, 18, 6.
    Graph f = f1(TensorType.f64(), v -> Np.mul(Np.square(v), Np.stopGradient(v)));
    assertEquals(27.0, Interpreter.eval(f, Tensor.scalar(3)).get(0).item());
    assertEquals(18.0, Interpreter.eval(Ad.grad(f), Tensor.scalar(3)).get(0).item());
    assertEquals(6.0, Interpreter.eval(Ad.grad(Ad.grad(f)), Tensor.scalar(3)).get(0).item());
    // d/dx stop_gradient(x) = 0, forward and reverse.
    Graph g = f1(TensorType.f64(2), Np::stopGradient);
    List<Tensor> jvp = Interpreter.eval(Ad.jvp(g), Tensor.of(1.0, 2.0), Tensor.of(1.0, 1.0));
    assertEquals(Tensor.of(1.0, 2.0), jvp.get(0));
    assertEquals(Tensor.of(0.0, 0.0), jvp.get(1));
    assertEquals(Tensor.of(0.0, 0.0), grad(Np::stopGradient, Tensor.of(1.0, 2.0)));
  }

  @Test
  void stopGradientIsDroppedWhereItCannotMatter() {
    Node x = Param.node(0, TensorType.f64(2));
    Node s = Np.stopGradient(x);
    assertSame(Unary.STOP_GRADIENT, s.op());
    assertSame(s, Np.stopGradient(s));
    Node i = Param.node(0, TensorType.of(DType.I64, 2));
    assertSame(i, Np.stopGradient(i));
    Node c = Ir.constant(Tensor.of(1.0, 2.0));
    assertSame(c, Np.stopGradient(c));
  }

  @Test
  void ceilRoundsUpAndHasZeroDerivative() {
    assertEquals(Tensor.of(2.0, -1.0, -0.0, 3.0, INF),
        value(Np::ceil, Tensor.of(1.2, -1.7, -0.5, 3.0, INF)));
    assertEquals(Tensor.of(0.0, 0.0), grad(Np::ceil, Tensor.of(1.2, -1.7)));
    Node i = Param.node(0, TensorType.of(DType.I64, 2));
    assertSame(i, Np.ceil(i));
  }

  @Test
  void clipLimitsAndSplitsTheDerivativeAtTheBoundsAsJax() {
    Tensor x = Tensor.of(-1.0, 0.0, 0.5, 1.0, 2.0);
    UnaryOperator<Node> clip01 = v -> Np.clip(v, Np.scalar(0), Np.scalar(1));
    assertEquals(Tensor.of(0.0, 0.0, 0.5, 1.0, 1.0), value(clip01, x));
    assertEquals(Tensor.of(0.0, 0.5, 1.0, 0.5, 0.0), grad(clip01, x));
    assertEquals(Tensor.of(0.0, 0.0, 0.5, 1.0, 2.0), value(v -> Np.clip(v, Np.scalar(0), null), x));
    assertEquals(Tensor.of(-1.0, 0.0, 0.5, 0.5, 0.5),
        value(v -> Np.clip(v, null, Np.scalar(0.5)), x));
    // lo > hi: hi, as NumPy and JAX.
    assertEquals(Tensor.of(0.0, 0.0, 0.0, 0.0, 0.0),
        value(v -> Np.clip(v, Np.scalar(1), Np.scalar(0)), x));
    assertEquals("clip needs a lower bound, an upper bound or both",
        message(() -> Np.clip(Np.scalar(1), null, null)));
  }
}
