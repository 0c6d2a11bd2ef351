package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.add;
import static org.cotangent.symbolic.Ir.div;
import static org.cotangent.symbolic.Ir.eq;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.log;
import static org.cotangent.symbolic.Ir.mul;
import static org.cotangent.symbolic.Ir.neg;
import static org.cotangent.symbolic.Ir.pow;
import static org.cotangent.symbolic.Ir.round;
import static org.cotangent.symbolic.Ir.select;
import static org.cotangent.symbolic.Ir.square;
import static org.cotangent.symbolic.Ir.sub;
import static org.cotangent.symbolic.ops.BinaryOp.binary;

import java.util.List;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.kernels.ComplexMath;

/**
 * The elementwise binary primitives, one row each (see {@link BinaryOp}): name and domain, the
 * function on one pair of elements, the lowering, and the JVP rule per input {@code (t, x, y,
 * out)} or, for linear rows, the transpose per input {@code (ct, node)}.
 */
public final class Binary {
  private Binary() {}

  /** x + y; linear. Also {@code a + (-b) = a - b}, {@code (-a) + b = b - a}, {@code (-a) + (-b) = -(a + b)}. */
  public static final BinaryOp ADD = binary("add", Domain.NUMERIC)
      .complex((ar, ai, br, bi, out) -> {
        out[0] = ar + br;
        out[1] = ai + bi;
      }).real((x, y) -> x + y)
      .java("$0 + $1").commutative(false).linear((ct, n) -> ct, (ct, n) -> ct)
      .simplify(Binary::simplifyAdd).build();

  /** x - y; linear. */
  public static final BinaryOp SUB = binary("sub", Domain.NUMERIC)
      .complex((ar, ai, br, bi, out) -> {
        out[0] = ar - br;
        out[1] = ai - bi;
      }).real((x, y) -> x - y)
      .java("$0 - $1").linear((ct, n) -> ct, (ct, n) -> neg(ct)).simplify(Binary::simplifySub)
      .build();

  /**
   * x * y; bilinear. Simplified at construction: {@code 1*x} is x, {@code -1*x} is {@code -x},
   * constant factors move to the left and merge ({@code 2*(3*x)} is {@code 6*x}), and a negation
   * moves out of the product.
   */
  public static final BinaryOp MUL = binary("mul", Domain.NUMERIC)
      .complex(ComplexMath::mul).real((x, y) -> x * y)
      .java("$0 * $1").commutative(true)
      .bilinear((ct, n) -> mul(ct, n.input(1)), (ct, n) -> mul(n.input(0), ct))
      .simplify(Binary::simplifyMul).build();

  /** x / y; linear in x. */
  public static final BinaryOp DIV = binary("div", Domain.FLOATING)
      .complex(ComplexMath::div).real((x, y) -> x / y)
      .java("$0 / $1")
      .jvp((t, x, y, out) -> div(t, y), (t, x, y, out) -> mul(t, neg(div(out, y))))
      .linearLhs((ct, n) -> div(ct, n.input(1)))
      .simplify((x, y, type) -> y.isConstant(1.0) ? x : null).build();

  /**
   * x ** y with a real exponent. The derivative in y is {@code log(x) * out}, with log(x) taken
   * as 0 where x = 0 (as JAX does), so {@code 0 ** y} has a finite derivative in y.
   */
  public static final BinaryOp POW = binary("pow", Domain.FLOATING)
      .complex(ComplexMath::pow).real(Math::pow)
      .java("Math.pow($0, $1)")
      .jvp((t, x, y, out) -> mul(t, mul(y, pow(x, sub(y, full(1.0, y.type()))))),
          (t, x, y, out) -> {
            Node safeX = select(eq(x, full(0.0, x.type())), full(1.0, x.type()), x);
            return mul(t, mul(log(safeX), out));
          })
      .simplify((x, y, type) -> y.isConstant(1.0) ? x : null).build();

  /** atan2(y, x), the angle of the point (x, y); d = (x dy - y dx) / (x^2 + y^2). */
  public static final BinaryOp ATAN2 = binary("atan2", Domain.REAL_FLOATING).real(Math::atan2)
      .java("Math.atan2($0, $1)")
      .jvp((t, y, x, out) -> mul(t, div(x, add(square(x), square(y)))),
          (t, y, x, out) -> mul(t, neg(div(y, add(square(x), square(y))))))
      .build();

  /** max(x, y); ties split the derivative evenly. NaN propagates. */
  public static final BinaryOp MAX = binary("max", Domain.REAL).real(Math::max)
      .java("Math.max($0, $1)").commutative(false)
      .jvp((t, x, y, out) -> mul(t, balanced(x, out, y)), (t, x, y, out) -> mul(t, balanced(y, out, x)))
      .build();

  /** min(x, y); ties split the derivative evenly. NaN propagates. */
  public static final BinaryOp MIN = binary("min", Domain.REAL).real(Math::min)
      .java("Math.min($0, $1)").commutative(false)
      .jvp((t, x, y, out) -> mul(t, balanced(x, out, y)), (t, x, y, out) -> mul(t, balanced(y, out, x)))
      .build();

  /**
   * The remainder of truncated division, {@code x - trunc(x / y) * y}: C's {@code fmod}, Java's
   * {@code %}, JAX's {@code lax.rem}; the result has the sign of the dividend {@code x} (exact, as
   * {@code fmod} is). {@code y = 0} gives NaN (for i64 operands too: the front ends map an integer
   * zero divisor to 0 before it reaches this op, as NumPy does). The derivative is 1 in x and
   * {@code -q} in y, where {@code q = trunc(x / y)} is recovered from the result as {@code
   * round((x - out) / y)}, so it agrees with the result at every point; the jumps where x / y is
   * an integer have no derivative (as floor's).
   */
  public static final BinaryOp REM = binary("rem", Domain.REAL).real((x, y) -> x % y)
      .java("$0 % $1")
      .jvp((t, x, y, out) -> t, (t, x, y, out) -> mul(t, neg(quotient(x, y, out))))
      .build();

  /**
   * The remainder of floor division, {@code x - floor(x / y) * y}: Python's and NumPy's {@code %}
   * ({@code numpy.remainder}); the result has the sign of the divisor {@code y}, and a zero result
   * is a zero of y's sign. Computed from {@code fmod} as NumPy does (see {@link #remainder}). Its
   * derivative is 1 in x and {@code -floor(x / y)} in y (recovered from the result as {@code rem}'s
   * quotient is).
   */
  public static final BinaryOp REMAINDER = binary("remainder", Domain.REAL)
      .real(Binary::remainder).java("Rt.remainder($0, $1)")
      .jvp((t, x, y, out) -> t, (t, x, y, out) -> mul(t, neg(quotient(x, y, out))))
      .build();

  /** Every binary primitive, for the registry and table-driven tests. */
  public static final List<BinaryOp> ALL = List.of(ADD, SUB, MUL, DIV, POW, ATAN2, MAX, MIN, REM,
      REMAINDER);

  /**
   * Python's {@code x % y} on doubles (NumPy's {@code npy_divmod}): {@code fmod}, moved by one
   * divisor where its sign differs from the divisor's; a zero result takes the divisor's sign. NaN
   * for {@code y = 0} or an infinite x; {@code -1 % inf} is {@code inf}, as in Python.
   */
  public static double remainder(double x, double y) {
    double m = x % y;
    if (m == 0) {
      return Math.copySign(0.0, y);
    }
    if ((m < 0) != (y < 0) && !Double.isNaN(m)) {
      m += y;
    }
    return m;
  }

  /** The integer quotient {@code (x - out) / y} of a remainder {@code out}, rounded exactly. */
  private static Node quotient(Node x, Node y, Node out) {
    return round(div(sub(x, out), y));
  }

  /**
   * JAX's "balanced" indicator for max/min: 1 where {@code a} alone attains {@code out}, 1/2
   * where both operands do, 0 elsewhere, so ties split the derivative evenly.
   */
  private static Node balanced(Node a, Node out, Node b) {
    TensorType t = a.type();
    return select(eq(a, out), select(eq(b, out), full(0.5, t), full(1.0, t)), full(0.0, t));
  }

  private static Node simplifyAdd(Node a, Node b, TensorType type) {
    if (b.isConstant(0.0)) {
      return a;
    }
    if (a.isConstant(0.0)) {
      return b;
    }
    boolean negA = a.op() == Unary.NEG;
    boolean negB = b.op() == Unary.NEG;
    if (negA && negB) {
      return neg(add(a.input(0), b.input(0)));
    }
    if (negB) {
      return sub(a, b.input(0));
    }
    if (negA) {
      return sub(b, a.input(0));
    }
    return null;
  }

  private static Node simplifySub(Node a, Node b, TensorType type) {
    if (b.isConstant(0.0)) {
      return a;
    }
    if (a.isConstant(0.0)) {
      return neg(b);
    }
    if (b.op() == Unary.NEG) {
      return add(a, b.input(0));
    }
    return null;
  }

  /** Operands arrive in canonical order: a constant first. */
  private static Node simplifyMul(Node x, Node y, TensorType type) {
    if (x.isConstant(1.0)) {
      return y;
    }
    if (x.isConstant(-1.0)) {
      return neg(y);
    }
    if (isUniformReal(x) && y.op() == MUL && isUniformReal(y.input(0))) {
      double c = ((Constant) x.op()).uniformValue() * ((Constant) y.input(0).op()).uniformValue();
      return mul(full(c, type), y.input(1));
    }
    if (isUniformReal(x) && y.op() == Unary.NEG) {
      return mul(full(-((Constant) x.op()).uniformValue(), type), y.input(0));
    }
    if (x.op() == Unary.NEG && y.op() == Unary.NEG) {
      return mul(x.input(0), y.input(0));
    }
    if (x.op() == Unary.NEG && !x.isConstant()) {
      return neg(mul(x.input(0), y));
    }
    if (y.op() == Unary.NEG && !x.isConstant()) {
      return neg(mul(x, y.input(0)));
    }
    return null;
  }

  private static boolean isUniformReal(Node n) {
    return n.isConstant() && ((Constant) n.op()).isUniform() && !n.dtype().isComplex()
        && n.type().size() > 0;
  }
}
