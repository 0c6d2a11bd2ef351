package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.add;
import static org.cotangent.symbolic.Ir.cos;
import static org.cotangent.symbolic.Ir.cosh;
import static org.cotangent.symbolic.Ir.div;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.mul;
import static org.cotangent.symbolic.Ir.neg;
import static org.cotangent.symbolic.Ir.rsqrt;
import static org.cotangent.symbolic.Ir.sign;
import static org.cotangent.symbolic.Ir.sin;
import static org.cotangent.symbolic.Ir.sinh;
import static org.cotangent.symbolic.Ir.square;
import static org.cotangent.symbolic.Ir.sub;
import static org.cotangent.symbolic.ops.UnaryOp.unary;

import java.util.List;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.kernels.ComplexMath;

/**
 * The elementwise unary primitives, one row each (see {@link UnaryOp}): name and domain, the
 * function on one element, the lowering, and the JVP rule {@code (t, x, y)}, where {@code t} is the
 * input tangent, {@code x} the input and {@code y} the output. Rules are written so the result is
 * linear in {@code t}: {@code t} times a residual built from {@code x} and {@code y}.
 *
 * <p>Non-differentiable points follow JAX: floor, ceil, round and sign have zero derivative, and
 * the derivative of abs at 0 is 0 (it is {@code sign(x)}).
 */
public final class Unary {
  private Unary() {}

  /** The logistic sigmoid, without overflow for large |x|; generated code calls it via Rt. */
  public static double logistic(double x) {
    return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
  }

  private static Node one(Node like) {
    return full(1.0, like.type());
  }

  /** {@code -x}: linear. {@code --x = x}; {@code -(c * x) = (-c) * x}; {@code -(a - b) = b - a}. */
  public static final UnaryOp NEG = unary("neg", Domain.NUMERIC)
      .complex((re, im, out) -> {
        out[0] = -re;
        out[1] = -im;
      }).real(x -> -x).java("-$0")
      .linearSelfTranspose().simplify(Unary::simplifyNeg).build();

  public static final UnaryOp EXP = unary("exp", Domain.FLOATING)
      .complex(ComplexMath::exp).real(Math::exp)
      .java("Math.exp($0)").jvp((t, x, y) -> mul(t, y)).build();

  public static final UnaryOp LOG = unary("log", Domain.FLOATING)
      .complex(ComplexMath::log).real(Math::log)
      .java("Math.log($0)").jvp((t, x, y) -> div(t, x)).build();

  public static final UnaryOp LOG1P = unary("log1p", Domain.FLOATING)
      .complex(ComplexMath::log1p).real(Math::log1p)
      .java("Math.log1p($0)").jvp((t, x, y) -> div(t, add(one(x), x))).build();

  public static final UnaryOp EXPM1 = unary("expm1", Domain.FLOATING)
      .complex(ComplexMath::expm1).real(Math::expm1)
      .java("Math.expm1($0)").jvp((t, x, y) -> mul(t, add(y, one(y)))).build();

  public static final UnaryOp SIN = unary("sin", Domain.FLOATING)
      .complex(ComplexMath::sin).real(Math::sin)
      .java("Math.sin($0)").jvp((t, x, y) -> mul(t, cos(x))).build();

  public static final UnaryOp COS = unary("cos", Domain.FLOATING)
      .complex(ComplexMath::cos).real(Math::cos)
      .java("Math.cos($0)").jvp((t, x, y) -> mul(t, neg(sin(x)))).build();

  /** d tan = 1 + tan^2. */
  public static final UnaryOp TAN = unary("tan", Domain.FLOATING)
      .complex(ComplexMath::tan).real(Math::tan)
      .java("Math.tan($0)").jvp((t, x, y) -> mul(t, add(one(y), square(y)))).build();

  /** d tanh = 1 - tanh^2. */
  public static final UnaryOp TANH = unary("tanh", Domain.FLOATING)
      .complex(ComplexMath::tanh).real(Math::tanh)
      .java("Math.tanh($0)").jvp((t, x, y) -> mul(t, sub(one(y), square(y)))).build();

  public static final UnaryOp SINH = unary("sinh", Domain.FLOATING)
      .complex(ComplexMath::sinh).real(Math::sinh)
      .java("Math.sinh($0)").jvp((t, x, y) -> mul(t, cosh(x))).build();

  public static final UnaryOp COSH = unary("cosh", Domain.FLOATING)
      .complex(ComplexMath::cosh).real(Math::cosh)
      .java("Math.cosh($0)").jvp((t, x, y) -> mul(t, sinh(x))).build();

  /** d asin = 1 / sqrt(1 - x^2). */
  public static final UnaryOp ASIN = unary("asin", Domain.FLOATING)
      .complex(ComplexMath::asin).real(Math::asin)
      .java("Math.asin($0)").jvp((t, x, y) -> mul(t, rsqrt(sub(one(x), square(x))))).build();

  /** d acos = -1 / sqrt(1 - x^2). */
  public static final UnaryOp ACOS = unary("acos", Domain.FLOATING)
      .complex(ComplexMath::acos).real(Math::acos)
      .java("Math.acos($0)").jvp((t, x, y) -> mul(t, neg(rsqrt(sub(one(x), square(x)))))).build();

  /** d atan = 1 / (1 + x^2). */
  public static final UnaryOp ATAN = unary("atan", Domain.FLOATING)
      .complex(ComplexMath::atan).real(Math::atan)
      .java("Math.atan($0)").jvp((t, x, y) -> div(t, add(one(x), square(x)))).build();

  /** d sqrt = 1 / (2 sqrt x). */
  public static final UnaryOp SQRT = unary("sqrt", Domain.FLOATING)
      .complex(ComplexMath::sqrt).real(Math::sqrt)
      .java("Math.sqrt($0)").jvp((t, x, y) -> div(t, mul(full(2.0, y.type()), y))).build();

  /** rsqrt x = 1 / sqrt x; d rsqrt = -rsqrt(x) / (2 x). */
  public static final UnaryOp RSQRT = unary("rsqrt", Domain.FLOATING)
      .complex(ComplexMath::rsqrt).real(x -> 1.0 / Math.sqrt(x))
      .java("1.0 / Math.sqrt($0)").jvp((t, x, y) -> mul(t, mul(full(-0.5, y.type()), div(y, x))))
      .build();

  /**
   * |x|, real for a complex x; its derivative at 0 is 0, as in JAX. Of a complex x: {@code
   * real(conj(x) t) / |x|}, not holomorphic (a rule in the tangent and its conjugate).
   */
  public static final UnaryOp ABS = unary("abs", Domain.NUMERIC)
      .complex(ComplexMath::abs).real(Math::abs)
      .java("Math.abs($0)").realOutput().jvp((t, x, y) -> x.dtype().isComplex()
          ? div(Ir.real(mul(Ir.conj(x), t)), Ir.select(Ir.eq(y, full(0.0, y.type())),
              full(1.0, y.type()), y))
          : mul(t, sign(x))).build();

  /**
   * -1, 0 or 1 (NaN stays NaN) with zero derivative; of a complex z, {@code z / |z|} (0 at 0),
   * whose derivative is not zero: {@code (t - s Re(conj(s) t)) / |z|} with {@code s = sign z}, a
   * rule in the tangent and its conjugate (JAX decrees zero here too; that is wrong for complex
   * numbers, so this follows the function).
   */
  public static final UnaryOp SIGN = unary("sign", Domain.NUMERIC)
      .complex(ComplexMath::sign).real(Math::signum)
      .java("Math.signum($0)").jvp((t, x, y) -> {
        if (!x.dtype().isComplex()) {
          return null;
        }
        Node r = Ir.abs(x);
        Node safe = Ir.select(Ir.eq(r, full(0.0, r.type())), full(1.0, r.type()), r);
        Node along = Ir.mul(y, Ir.convert(Ir.real(mul(Ir.conj(y), t)), x.dtype()));
        return Ir.div(sub(t, along), Ir.convert(safe, x.dtype()));
      }).build();

  /** The logistic sigmoid 1 / (1 + exp(-x)); d = y (1 - y). */
  public static final UnaryOp LOGISTIC = unary("logistic", Domain.FLOATING)
      .complex(ComplexMath::logistic).real(Unary::logistic)
      .java("Rt.logistic($0)").jvp((t, x, y) -> mul(t, mul(y, sub(one(y), y)))).build();

  public static final UnaryOp SQUARE = unary("square", Domain.NUMERIC)
      .complex(ComplexMath::square).real(x -> x * x)
      .java("$0 * $0").jvp((t, x, y) -> mul(t, mul(full(2.0, x.type()), x))).build();

  /** 1 / x; d = -y^2. */
  public static final UnaryOp RECIPROCAL = unary("reciprocal", Domain.FLOATING)
      .complex(ComplexMath::reciprocal).real(x -> 1.0 / x)
      .java("1.0 / $0").jvp((t, x, y) -> mul(t, neg(square(y)))).build();

  public static final UnaryOp FLOOR = unary("floor", Domain.REAL_FLOATING).real(Math::floor)
      .java("Math.floor($0)").zeroJvp().build();

  /** The smallest integer not below x; zero derivative (JAX's {@code ceil_p}). */
  public static final UnaryOp CEIL = unary("ceil", Domain.REAL_FLOATING).real(Math::ceil)
      .java("Math.ceil($0)").zeroJvp().build();

  /** Rounds half to even, as NumPy's {@code round} does; zero derivative. */
  public static final UnaryOp ROUND = unary("round", Domain.REAL_FLOATING).real(Math::rint)
      .java("Math.rint($0)").zeroJvp().build();

  /**
   * The identity whose derivative is zero (JAX's {@code stop_gradient}): its value flows on, no
   * tangent or cotangent flows through it, at any order. Not linear (its JVP is zero, not itself),
   * so it never appears in a linear program. Of any dtype. Dropped where it cannot matter: on a
   * constant, on a non-floating value (which has no derivative anyway), and on another
   * stop_gradient.
   */
  public static final UnaryOp STOP_GRADIENT = unary("stop_gradient", Domain.ANY).real(x -> x)
      .complex((re, im, out) -> {
        out[0] = re;
        out[1] = im;
      })
      .java("$0").zeroJvp()
      .simplify((x, type) -> x.isConstant() || !x.dtype().isFloating()
          || x.op() == Unary.STOP_GRADIENT ? x : null)
      .build();

  /** The real part of a complex number: linear; its transpose is {@code complex(ct, 0)} (JAX). */
  public static final UnaryOp REAL = unary("real", Domain.COMPLEX)
      .complex((re, im, out) -> out[0] = re).realOutput()
      .linear((ct, n) -> Ir.complex(ct, full(0.0, ct.type()))).build();

  /** The imaginary part: linear; its transpose is {@code complex(0, -ct)} (JAX). */
  public static final UnaryOp IMAG = unary("imag", Domain.COMPLEX)
      .complex((re, im, out) -> out[0] = im).realOutput()
      .linear((ct, n) -> Ir.complex(full(0.0, ct.type()), neg(ct))).build();

  /** The conjugate: linear over the reals, its own transpose; {@code conj(conj(z)) = z}. */
  public static final UnaryOp CONJ = unary("conj", Domain.COMPLEX)
      .complex((re, im, out) -> {
        out[0] = re;
        out[1] = -im;
      })
      .linearSelfTranspose().simplify((x, type) -> x.op() == Unary.CONJ ? x.input(0) : null)
      .build();

  /** Every unary primitive, for the registry and table-driven tests. */
  public static final List<UnaryOp> ALL = List.of(NEG, EXP, LOG, LOG1P, EXPM1, SIN, COS, TAN,
      TANH, SINH, COSH, ASIN, ACOS, ATAN, SQRT, RSQRT, ABS, SIGN, LOGISTIC, SQUARE, RECIPROCAL,
      FLOOR, CEIL, ROUND, STOP_GRADIENT, REAL, IMAG, CONJ);

  private static Node simplifyNeg(Node x, TensorType type) {
    if (x.op() == NEG) {
      return x.input(0);
    }
    if (x.op() == Binary.MUL && x.input(0).isConstant()
        && ((Constant) x.input(0).op()).isUniform() && !x.dtype().isComplex()
        && type.size() > 0) {
      return mul(full(-((Constant) x.input(0).op()).uniformValue(), type), x.input(1));
    }
    if (x.op() == Binary.SUB) {
      return sub(x.input(1), x.input(0));
    }
    return null;
  }
}
