package org.cotangent.codegen;

import static org.cotangent.codegen.CompiledMatchesInterpreterTest.assertSameValues;
import static org.cotangent.codegen.CompiledMatchesInterpreterTest.checkFunctionAndDerivatives;
import static org.cotangent.codegen.CompiledMatchesInterpreterTest.randomArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The paths complex values take through code generation, each pinned by the text it produces
 * and checked against the interpreter (as f, JVP and VJP where a derivative exists): pairs of
 * doubles in locals and interleaved arrays, fused like real code, no object per element.
 */
class ComplexCodegenTest {
  static TensorType c128(int... dims) {
    return TensorType.of(DType.C128, dims);
  }

  static Graph f1(TensorType t, Function<Node, Node> body) {
    return Graph.trace(List.of("z"), List.of(t), ps -> List.of(body.apply(ps.get(0))));
  }

  static Graph f2(TensorType a, TensorType b, java.util.function.BiFunction<Node, Node, Node> body) {
    return Graph.trace(List.of("z", "w"), List.of(a, b),
        ps -> List.of(body.apply(ps.get(0), ps.get(1))));
  }

  static String source(Graph g) {
    return JavaEmitter.emit(g).source();
  }

  static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static void check(Graph f, long seed) {
    Random rng = new Random(seed);
    checkFunctionAndDerivatives(f, randomArgs(f, rng), rng);
  }

  /** A complex elementwise chain is one loop writing the output array, with no array between. */
  @Test
  void aComplexElementwiseChainIsOneLoopWritingTheOutput() {
    Graph f = f2(c128(6), c128(6), (z, w) -> Np.add(Np.mul(z, w), Np.div(Np.exp(Ir.conj(z)), w)));
    String src = source(f);
    assertEquals(1, count(src, "for ("), src);
    assertEquals(1, count(src, "new double["), src); // the scratch pair only
    assertTrue(src.contains("final double[] pair = new double[2];"), src);
    assertTrue(src.contains("final double mul3_re = z[2 * i] * w[2 * i] - z[2 * i + 1] * w[2 * i + 1];\n"
        + "      final double mul3_im = z[2 * i] * w[2 * i + 1] + z[2 * i + 1] * w[2 * i];\n"), src);
    assertTrue(src.contains("final double conj0_im = -z[2 * i + 1];"), src);
    assertTrue(src.contains("Rt.exp(conj0_re, conj0_im, pair);\n      final double exp1_re = pair[0];"),
        src);
    assertTrue(src.contains("Rt.div(exp1_re, exp1_im, w[2 * i], w[2 * i + 1], pair);"), src);
    assertTrue(src.contains("final double[] add4 = out[0];"), src);
    assertTrue(src.contains("add4[2 * i] = div2_re + mul3_re;\n      add4[2 * i + 1] = div2_im + mul3_im;"),
        src);
    check(f, 1);
  }

  /** A slice of a complex vector read only by a loop is a view at an offset of pairs. */
  @Test
  void aComplexSliceIsAViewOfTheInterleavedArray() {
    Graph f = f1(c128(5), z -> Np.sin(Np.slice(z, 0, 1, null)));
    String src = source(f);
    assertTrue(src.contains("Rt.sin(z[2 * (i + 1)], z[2 * (i + 1) + 1], pair);"), src);
    assertFalse(src.contains("arraycopy"), src);
    check(f, 2);
    // A strided slice and a reversal are views too.
    Graph g = f2(c128(7), c128(3), (z, w) -> Np.mul(Np.slice(z, 0, 1, null, 2), Np.flip(w, 0)));
    String text = source(g);
    assertTrue(text.contains("z[2 * (2 * i + 1)]"), text);
    assertTrue(text.contains("w[2 * (2 - i) + 1]"), text);
    assertFalse(text.contains("arraycopy"), text);
    check(g, 3);
  }

  /** A padded view's bounds test is evaluated once per part, into a temporary, where a product reads it twice. */
  @Test
  void aPadViewReadTwiceGoesThroughTemporaries() {
    Graph f = f2(c128(3), c128(5), (z, w) -> Np.mul(Ir.pad(z, new int[] {1}, new int[] {1}), w));
    String src = source(f);
    assertTrue(src.contains("final double t = (i >= 1 && i < 4 ? z[2 * (i - 1)] : 0.0);"), src);
    assertTrue(src.contains("final double t_2 = (i >= 1 && i < 4 ? z[2 * (i - 1) + 1] : 0.0);"), src);
    check(f, 4);
  }

  /** Large complex matrix products take the tiled nest, multiply-adding complex products. */
  @Test
  void aLargeComplexMatmulIsTiled() {
    Graph f = f2(c128(6, 300), c128(300, 260), Np::matmul);
    String src = source(f);
    assertTrue(src.contains("for (int kb = 0; kb < 300; kb += 64) {"), src);
    assertTrue(src.contains("final double lhs_re = z[2 * (i0 * 300 + i2)];"), src);
    assertTrue(src.contains("dot0[2 * (i0 * 260 + i1)] += lhs_re * w[2 * (i2 * 260 + i1)] - lhs_im * w[2 * (i2 * 260 + i1) + 1];"),
        src);
    check(f, 5);
  }

  /** Every dot_general nest on complex operands: matrix-vector, x^T y, batched, a full contraction. */
  @Test
  void everyComplexDotNest() {
    check(f2(c128(3, 4), c128(4), Np::matmul), 6);
    check(f2(c128(4, 3), c128(4, 2), (a, b) -> Np.matmul(Np.transpose(a), b)), 7);
    check(f2(c128(2, 3, 4), c128(2, 4, 2), Np::matmul), 8);
    Graph full = f2(c128(5), c128(5), (a, b) -> Ir.dotGeneral(a, b, new int[] {0}, new int[] {0},
        new int[0], new int[0]));
    assertTrue(source(full).contains("double dot0_re = 0.0;\n    double dot0_im = 0.0;"), source(full));
    check(full, 9);
  }

  /** A full complex sum accumulates both parts inside the loop computing its operand. */
  @Test
  void aComplexSumAccumulatesInTheLoop() {
    Graph f = f1(c128(8), z -> Ir.real(Np.sum(Np.mul(Np.sin(z), z))));
    String src = source(f);
    assertEquals(1, count(src, "for ("), src);
    assertTrue(src.contains("double sum2_re = 0.0;\n    double sum2_im = 0.0;\n"), src);
    assertTrue(src.contains("sum2_re += mul1_re;\n      sum2_im += mul1_im;\n"), src);
    assertTrue(src.contains("final double real3 = sum2_re;"), src);
    check(f, 10);
    // Products multiply as ComplexMath.mul does, into the output array along an axis too.
    check(f1(c128(3, 4), z -> Np.prod(z, 1)), 11);
    check(f1(c128(3, 4), z -> Np.sum(Np.exp(z), 0)), 12);
  }

  /** A complex scalar input is its array of two; scalar results are pairs of locals. */
  @Test
  void complexScalarsArePairsOfLocals() {
    Graph f = f1(c128(), z -> Np.mul(Np.sin(z), Np.square(z)));
    String src = source(f);
    assertTrue(src.contains("final double[] z = in[0];"), src);
    assertTrue(src.contains("Rt.sin(z[0], z[1], pair);\n    final double sin0_re = pair[0];"), src);
    assertTrue(src.contains("final double square1_im = 2.0 * z[0] * z[1];"), src);
    assertTrue(src.contains("out[0][0] = mul2_re;\n    out[0][1] = mul2_im;"), src);
    check(f, 13);
  }

  /**
   * Uniform complex constants are two literals; others are interleaved arrays passed in; a
   * uniform complex output is filled pair by pair.
   */
  @Test
  void complexConstants() {
    Node two = Ir.constant(Tensor.wrap(c128(4), new double[] {2, -3, 2, -3, 2, -3, 2, -3}));
    Node data = Ir.constant(Tensor.wrap(c128(4), new double[] {1, 2, 3, 4, 5, 6, 7, 8}));
    Graph f = f1(c128(4), z -> Np.add(Np.mul(two, z), data));
    String src = source(f);
    assertTrue(src.contains("2.0 * z[2 * i] - (-3.0) * z[2 * i + 1]"), src);
    assertTrue(src.contains("this.c0 = constants[0];"), src);
    assertTrue(src.contains("c0[2 * i + 1]"), src);
    check(f, 14);
    Graph fill = Graph.trace(List.of("z"), List.of(c128(3)), ps -> List.of(Ir.real(ps.get(0)),
        Ir.constant(Tensor.wrap(c128(2), new double[] {1, 0.5, 1, 0.5}))));
    assertTrue(source(fill).contains("out[1][k] = 1.0;\n      out[1][k + 1] = 0.5;"), source(fill));
    assertSameValues(fill, randomArgs(fill, new Random(15)));
  }

  /**
   * Sums of pads of a loop's complex values (the transpose of slicing twice) scatter in the loop:
   * the gradient of a complex Rosenbrock function is one pass, as the real one is.
   */
  @Test
  void sumsOfComplexPadsScatterInTheLoop() {
    Graph f = f1(c128(6), z -> {
      Node a = Np.slice(z, 0, 1, null);
      Node b = Np.slice(z, 0, null, 5);
      Node one = Np.astype(Np.scalar(1), DType.C128);
      return Ir.real(Np.sum(Np.add(Np.square(Np.sub(a, Np.square(b))),
          Np.square(Np.sub(one, b)))));
    });
    Graph grad = Ad.grad(f);
    assertEquals("view slice\nview slice\n"
        + "loop [5]: square sub mul mul mul sub mul add neg scatter(neg@0, mul@1)\n",
        Schedule.of(grad, Lowerings.standard()).toString());
    String src = source(grad);
    assertEquals(1, count(src, "for ("), src);
    assertTrue(src.contains("java.util.Arrays.fill(z_bar, 0, 2, 0.0);"), src);
    assertTrue(src.contains("z_bar[2 * (i + 1)] = mul2_re;\n      z_bar[2 * (i + 1) + 1] = mul2_im;\n"
        + "      z_bar[2 * i] += neg8_re;\n      z_bar[2 * i + 1] += neg8_im;\n"), src);
    check(f, 16);
  }

  /** Equality of both parts, conversions both ways, select and the parts of a number. */
  @Test
  void comparisonsConversionsAndParts() {
    Graph eq = f2(c128(4), c128(4), (z, w) -> Np.add(Np.astype(Np.equal(z, w), DType.F64),
        Np.astype(Np.notEqual(z, z), DType.F64)));
    String src = source(eq);
    assertTrue(src.contains("z[2 * i] == w[2 * i] && z[2 * i + 1] == w[2 * i + 1] ? 1.0 : 0.0"), src);
    Random rng = new Random(17);
    List<Tensor> x = randomArgs(eq, rng);
    assertSameValues(eq, List.of(x.get(0), x.get(0)));
    assertSameValues(eq, x);
    Graph conv = f1(c128(4), z -> Np.add(Np.add(Np.astype(Np.astype(z, DType.I64), DType.F64),
        Np.astype(Np.astype(z, DType.BOOL), DType.F64)), Ir.imag(Np.mul(z, Np.astype(Ir.real(z),
            DType.C128)))));
    check(conv, 18);
    Graph sel = f2(c128(4), c128(4), (z, w) -> Np.where(Np.greater(Ir.real(z), Ir.imag(w)),
        Ir.complex(Ir.imag(z), Ir.real(w)), Np.mul(w, w)));
    check(sel, 19);
  }

  /** Gather, scatter-add (its transpose), transpose, concatenate, iota and broadcasts move pairs. */
  @Test
  void structuralPrimitivesMovePairs() {
    Node idx = Ir.constant(Tensor.wrap(TensorType.of(DType.I64, 4), new double[] {2, 0, 2, 1}));
    check(f1(c128(3, 2), z -> Np.sin(Np.take(z, idx, 0))), 20);
    check(f1(c128(2, 3), z -> Np.concatenate(0, Np.transpose(Np.reshape(z, 3, 2)),
        Np.mul(z, Ir.iota(c128(2, 3), 1)))), 21);
    check(f1(c128(3), z -> Np.mul(Np.broadcastTo(z, org.cotangent.symbolic.Shape.of(2, 3)),
        Np.broadcastTo(Ir.index(z, 0, 1), org.cotangent.symbolic.Shape.of(2, 3)))), 22);
    check(f1(c128(2, 3), z -> Np.exp(Ir.pad(z, new int[] {1, 0}, new int[] {0, 2},
        new int[] {1, 1}))), 23);
  }
}
