package org.cotangent.codegen;

import java.util.List;
import java.util.regex.Pattern;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.ConvertElementType;
import org.cotangent.symbolic.ops.IntegerPow;

/**
 * The complex elements of the elementwise primitives: each is a pair of double expressions in the
 * parts of its operands, computed in the same order of operations as the reference semantics
 * ({@code kernels.ComplexMath}), so compiled and interpreted values agree to the last bit.
 *
 * <ul>
 *   <li>inline: {@code add}, {@code sub}, {@code neg}, {@code mul} ({@code (ac - bd, ad + bc)}),
 *       {@code conj}, {@code real}, {@code imag}, {@code complex}, {@code square}, {@code abs}
 *       ({@code Math.hypot}), {@code select}, {@code stop_gradient}, {@code eq}/{@code ne} (both
 *       parts equal), {@code convert_element_type} both ways, {@code integer_pow} 2 and 3;
 *   <li>a call of an {@link Rt} helper that writes both parts into the method's scratch pair,
 *       read right after it: division (Smith's algorithm), {@code pow}, other integer powers, and
 *       the transcendental functions.
 * </ul>
 *
 * An operand part that is not a name, a literal or an array read (a pad view's bounds test) and
 * that a formula uses twice is first put in a temporary.
 */
final class ComplexElements {
  private ComplexElements() {}

  /** The functions lowered as {@code Rt.f(re, im, pair)}. */
  private static final List<String> CALLED = List.of("exp", "log", "log1p", "expm1", "sin", "cos",
      "tan", "tanh", "sinh", "cosh", "asin", "acos", "atan", "sqrt", "rsqrt", "sign", "logistic",
      "reciprocal");

  private static final Pattern SIMPLE = Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*(\\[[^?]*\\])?|\\(?-?[0-9.Ee+-]+\\)?|Double\\.[A-Z_]+");

  static void registerAll(Lowerings r) {
    r.register("sub", ElementwiseLowering.withComplex(null, ComplexElements::sub));
    r.register("mul", ElementwiseLowering.withComplex(null, ComplexElements::mul));
    r.register("div", ElementwiseLowering.withComplex(null, (n, a, cx) -> call("div", a, cx)));
    r.register("pow", ElementwiseLowering.withComplex(null, (n, a, cx) -> call("pow", a, cx)));
    r.register("neg", ElementwiseLowering.withComplex(null,
        (n, a, cx) -> ElementCode.pair(Code.of("-$L", a.get(0).re()), Code.of("-$L", a.get(0).im()))));
    r.register("conj", ElementwiseLowering.withComplex(null,
        (n, a, cx) -> ElementCode.pair(a.get(0).re(), Code.of("-$L", a.get(0).im()))));
    r.register("real", ElementwiseLowering.withComplex(null, (n, a, cx) -> ElementCode.real(a.get(0).re())));
    r.register("imag", ElementwiseLowering.withComplex(null, (n, a, cx) -> ElementCode.real(a.get(0).im())));
    r.register("complex", ElementwiseLowering.withComplex(null,
        (n, a, cx) -> ElementCode.pair(a.get(0).realOnly(), a.get(1).realOnly())));
    r.register("stop_gradient", ElementwiseLowering.withComplex(null, (n, a, cx) -> a.get(0)));
    r.register("square", ElementwiseLowering.withComplex(null, ComplexElements::square));
    r.register("abs", ElementwiseLowering.withComplex(null, (n, a, cx) -> ElementCode.real(
        Code.of("Math.hypot($L, $L)", a.get(0).re(), a.get(0).im()))));
    r.register("eq", ElementwiseLowering.withComplex(null, (n, a, cx) -> equality(a, cx, true)));
    r.register("ne", ElementwiseLowering.withComplex(null, (n, a, cx) -> equality(a, cx, false)));
    for (String f : CALLED) {
      r.register(f, ElementwiseLowering.withComplex(null, (n, a, cx) -> call(f, a, cx)));
    }
  }

  /**
   * {@code Rt.f(a_re, a_im, [b_re, b_im,] pair);} before the statement; the result is {@code
   * (pair[0], pair[1])}, which the emitter stores at once.
   */
  static ElementCode call(String f, List<ElementCode> args, LoweringContext cx) {
    return call(f, args, null, cx);
  }

  private static ElementCode call(String f, List<ElementCode> args, Code extra,
      LoweringContext cx) {
    StringBuilder format = new StringBuilder("$T.$L(");
    Object[] values = new Object[3 + 2 * args.size() + (extra == null ? 0 : 1)];
    int k = 0;
    values[k++] = Rt.class;
    values[k++] = f;
    for (ElementCode a : args) {
      format.append("$L, $L, ");
      values[k++] = a.re();
      values[k++] = a.im();
    }
    if (extra != null) {
      format.append("$L, ");
      values[k++] = extra;
    }
    format.append("$L)");
    Code scratch = cx.scratch();
    values[k] = scratch;
    cx.writer().statement(format.toString(), values);
    return ElementCode.pair(Code.of("$L[0]", scratch), Code.of("$L[1]", scratch));
  }

  /** {@code c} itself if it is cheap to read twice, else a temporary holding it. */
  static Code once(Code c, LoweringContext cx) {
    return SIMPLE.matcher(c.toString()).matches() ? c : cx.temp("t", c);
  }

  private static ElementCode once(ElementCode e, LoweringContext cx) {
    return ElementCode.pair(once(e.re(), cx), once(e.im(), cx));
  }

  static ElementCode add(Node n, List<ElementCode> a, LoweringContext cx) {
    return ElementCode.pair(Code.of("$L + $L", a.get(0).re(), a.get(1).re()),
        Code.of("$L + $L", a.get(0).im(), a.get(1).im()));
  }

  static ElementCode sub(Node n, List<ElementCode> a, LoweringContext cx) {
    return ElementCode.pair(Code.of("$L - $L", a.get(0).re(), a.get(1).re()),
        Code.of("$L - $L", a.get(0).im(), a.get(1).im()));
  }

  /** {@code (a_re * b_re - a_im * b_im, a_re * b_im + a_im * b_re)}, as {@code ComplexMath.mul}. */
  static ElementCode mul(Node n, List<ElementCode> a, LoweringContext cx) {
    return product(once(a.get(0), cx), once(a.get(1), cx));
  }

  private static ElementCode product(ElementCode x, ElementCode y) {
    return ElementCode.pair(Code.of("$L * $L - $L * $L", x.re(), y.re(), x.im(), y.im()),
        Code.of("$L * $L + $L * $L", x.re(), y.im(), x.im(), y.re()));
  }

  /** {@code (re * re - im * im, 2 * re * im)}, as {@code ComplexMath.square}. */
  static ElementCode square(Node n, List<ElementCode> a, LoweringContext cx) {
    ElementCode z = once(a.get(0), cx);
    return ElementCode.pair(Code.of("$1L * $1L - $2L * $2L", z.re(), z.im()),
        Code.of("2.0 * $L * $L", z.re(), z.im()));
  }

  /** Both parts equal ({@code eq}), or not ({@code ne}); NaN parts compare unequal. */
  private static ElementCode equality(List<ElementCode> a, LoweringContext cx, boolean eq) {
    ElementCode x = a.get(0);
    ElementCode y = a.get(1);
    return ElementCode.real(eq
        ? Code.of("$L == $L && $L == $L ? 1.0 : 0.0", x.re(), y.re(), x.im(), y.im())
        : Code.of("$L != $L || $L != $L ? 1.0 : 0.0", x.re(), y.re(), x.im(), y.im()));
  }

  /** {@code p ? a : b} per part, the predicate read once. */
  static ElementCode select(Node n, List<ElementCode> a, LoweringContext cx) {
    Code p = once(a.get(0).realOnly(), cx);
    return ElementCode.pair(Code.of("$L != 0.0 ? $L : $L", p, a.get(1).re(), a.get(2).re()),
        Code.of("$L != 0.0 ? $L : $L", p, a.get(1).im(), a.get(2).im()));
  }

  /**
   * To c128: the value and a zero imaginary part. From c128: the real part (f64), its truncation
   * (i64), or whether either part is non-zero (bool).
   */
  static ElementCode convert(Node n, List<ElementCode> a, LoweringContext cx) {
    DType to = ((ConvertElementType) n.op()).to();
    ElementCode x = a.get(0);
    if (to.isComplex()) {
      return ElementCode.pair(x.realOnly(), Code.literal(0.0));
    }
    switch (to) {
      case BOOL:
        return ElementCode.real(Code.of("$L != 0.0 || $L != 0.0 ? 1.0 : 0.0", x.re(), x.im()));
      case I64:
        return ElementCode.real(Code.of("$T.truncate($L)", Rt.class, x.re()));
      default:
        return ElementCode.real(x.re());
    }
  }

  /**
   * {@code z^n} by squaring, as {@code ComplexMath.ipow}: {@code z * z}, {@code z * (z * z)}
   * inline, other exponents through {@code Rt.ipow}.
   */
  static ElementCode integerPow(Node n, List<ElementCode> a, LoweringContext cx) {
    int e = ((IntegerPow) n.op()).exponent();
    if (e == 2) {
      ElementCode z = once(a.get(0), cx);
      return product(z, z);
    }
    if (e == 3) {
      ElementCode z = once(a.get(0), cx);
      ElementCode sq = product(z, z);
      return product(z, ElementCode.pair(cx.temp("t", sq.re()), cx.temp("t", sq.im())));
    }
    return call("ipow", List.of(a.get(0)), Code.of("$L", e), cx);
  }
}
