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

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * The elementwise unary primitives. Each is one small class below: its scalar function (the
 * reference evaluation) and its JVP rule {@code tangent(t, x, y)}, where {@code t} is the input
 * tangent, {@code x} the input and {@code y} the output. Rules are written so the result is
 * linear in {@code t}: {@code t} times a residual built from {@code x} and {@code y}.
 *
 * <p>Non-differentiable points follow JAX: floor, round and sign have zero derivative, and the
 * derivative of abs at 0 is 0 (it is {@code sign(x)}).
 */
public final class Unary {
  private Unary() {}

  /** Which input dtypes a unary primitive accepts. */
  enum Domain {
    /** f64 and c128. */
    FLOATING,
    /** f64 only: the function is real (floor, round, atan2, ...). */
    REAL_FLOATING,
    /** i64, f64, c128. */
    NUMERIC
  }

  /** Base of the elementwise unary primitives; the output has the input's type. */
  public abstract static class UnaryOp extends Op {
    private final Domain domain;

    UnaryOp(String name, Domain domain) {
      super(name);
      this.domain = domain;
    }

    /** The function on one real element. */
    abstract double apply(double x);

    /** The JVP rule; {@code t} is never null here. Returns null for a zero derivative. */
    abstract Node tangent(Node t, Node x, Node y);

    /** Java for one element, {@code x} being a name or literal. */
    abstract String java(String x);

    @Override
    public final String javaExpression(List<String> args) {
      return java(args.get(0));
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      checkArity(inputs, 1);
      TensorType x = inputs.get(0);
      DType d = x.dtype();
      boolean ok;
      switch (domain) {
        case FLOATING:
          ok = d.isFloating();
          break;
        case REAL_FLOATING:
          ok = d == DType.F64;
          break;
        default:
          ok = d != DType.BOOL;
      }
      if (!ok) {
        throw new IrException(name() + " is not defined for " + d + " inputs"
            + (d == DType.I64 || d == DType.BOOL ? " (convert to f64 first)" : ""));
      }
      return x;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      Tensor x = inputs.get(0);
      if (x.dtype().isComplex()) {
        throw new IrException(name() + " on complex tensors is not supported yet");
      }
      double[] a = x.unsafeData();
      double[] r = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = apply(a[i]);
      }
      return Tensor.wrap(x.type(), r);
    }

    /** Elementwise: the batch axis stays where it is. */
    @Override
    public final Batched batchRule(List<Node> args, int[] dims) {
      return Batching.vectorized(this, args, dims);
    }

    @Override
    public final Node jvp(Node out, List<Node> primals, Node[] tangents) {
      return tangent(tangents[0], primals.get(0), out);
    }
  }

  /** The logistic sigmoid, without overflow for large |x|; generated code calls it via Rt. */
  public static double logistic(double x) {
    return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
  }

  private static Node one(Node like) {
    return full(1.0, like.type());
  }

  /** {@code -x}; linear. */
  public static final class Neg extends UnaryOp {
    Neg() {
      super("neg", Domain.NUMERIC);
    }

    @Override
    double apply(double x) {
      return -x;
    }

    @Override
    String java(String x) {
      return "-" + x;
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return neg(t);
    }

    @Override
    public boolean isLinearIn(int i) {
      return true;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      return new Node[] {neg(ct)};
    }

    /** {@code --x = x}; {@code -(c * x) = (-c) * x}; {@code -(a - b) = b - a}. */
    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      Node x = inputs.get(0);
      if (x.op() instanceof Neg) {
        return x.input(0);
      }
      if (x.op() instanceof Binary.Mul && x.input(0).isConstant()
          && ((Constant) x.input(0).op()).isUniform() && !x.dtype().isComplex()
          && type.size() > 0) {
        return mul(full(-((Constant) x.input(0).op()).uniformValue(), type), x.input(1));
      }
      if (x.op() instanceof Binary.Sub) {
        return sub(x.input(1), x.input(0));
      }
      return null;
    }
  }

  public static final class Exp extends UnaryOp {
    Exp() {
      super("exp", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.exp(x);
    }

    @Override
    String java(String x) {
      return "Math.exp(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, y);
    }
  }

  public static final class Log extends UnaryOp {
    Log() {
      super("log", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.log(x);
    }

    @Override
    String java(String x) {
      return "Math.log(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return div(t, x);
    }
  }

  public static final class Log1p extends UnaryOp {
    Log1p() {
      super("log1p", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.log1p(x);
    }

    @Override
    String java(String x) {
      return "Math.log1p(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return div(t, add(one(x), x));
    }
  }

  public static final class Expm1 extends UnaryOp {
    Expm1() {
      super("expm1", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.expm1(x);
    }

    @Override
    String java(String x) {
      return "Math.expm1(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, add(y, one(y)));
    }
  }

  public static final class Sin extends UnaryOp {
    Sin() {
      super("sin", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.sin(x);
    }

    @Override
    String java(String x) {
      return "Math.sin(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, cos(x));
    }
  }

  public static final class Cos extends UnaryOp {
    Cos() {
      super("cos", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.cos(x);
    }

    @Override
    String java(String x) {
      return "Math.cos(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, neg(sin(x)));
    }
  }

  /** d tan = 1 + tan^2. */
  public static final class Tan extends UnaryOp {
    Tan() {
      super("tan", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.tan(x);
    }

    @Override
    String java(String x) {
      return "Math.tan(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, add(one(y), square(y)));
    }
  }

  /** d tanh = 1 - tanh^2. */
  public static final class Tanh extends UnaryOp {
    Tanh() {
      super("tanh", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.tanh(x);
    }

    @Override
    String java(String x) {
      return "Math.tanh(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, sub(one(y), square(y)));
    }
  }

  public static final class Sinh extends UnaryOp {
    Sinh() {
      super("sinh", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.sinh(x);
    }

    @Override
    String java(String x) {
      return "Math.sinh(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, cosh(x));
    }
  }

  public static final class Cosh extends UnaryOp {
    Cosh() {
      super("cosh", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.cosh(x);
    }

    @Override
    String java(String x) {
      return "Math.cosh(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, sinh(x));
    }
  }

  /** d asin = 1 / sqrt(1 - x^2). */
  public static final class Asin extends UnaryOp {
    Asin() {
      super("asin", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.asin(x);
    }

    @Override
    String java(String x) {
      return "Math.asin(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, rsqrt(sub(one(x), square(x))));
    }
  }

  /** d acos = -1 / sqrt(1 - x^2). */
  public static final class Acos extends UnaryOp {
    Acos() {
      super("acos", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.acos(x);
    }

    @Override
    String java(String x) {
      return "Math.acos(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, neg(rsqrt(sub(one(x), square(x)))));
    }
  }

  /** d atan = 1 / (1 + x^2). */
  public static final class Atan extends UnaryOp {
    Atan() {
      super("atan", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.atan(x);
    }

    @Override
    String java(String x) {
      return "Math.atan(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return div(t, add(one(x), square(x)));
    }
  }

  /** d sqrt = 1 / (2 sqrt x). */
  public static final class Sqrt extends UnaryOp {
    Sqrt() {
      super("sqrt", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.sqrt(x);
    }

    @Override
    String java(String x) {
      return "Math.sqrt(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return div(t, mul(full(2.0, y.type()), y));
    }
  }

  /** rsqrt x = 1 / sqrt x; d rsqrt = -rsqrt(x) / (2 x). */
  public static final class Rsqrt extends UnaryOp {
    Rsqrt() {
      super("rsqrt", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return 1.0 / Math.sqrt(x);
    }

    @Override
    String java(String x) {
      return "1.0 / Math.sqrt(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, mul(full(-0.5, y.type()), div(y, x)));
    }
  }

  /** |x|; its derivative at 0 is 0, as in JAX. */
  public static final class Abs extends UnaryOp {
    Abs() {
      super("abs", Domain.NUMERIC);
    }

    @Override
    double apply(double x) {
      return Math.abs(x);
    }

    @Override
    String java(String x) {
      return "Math.abs(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, sign(x));
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      TensorType t = super.inferType(inputs);
      return t.withDtype(t.dtype().realPart());
    }
  }

  /** -1, 0 or 1 (NaN stays NaN); zero derivative. */
  public static final class Sign extends UnaryOp {
    Sign() {
      super("sign", Domain.NUMERIC);
    }

    @Override
    double apply(double x) {
      return Math.signum(x);
    }

    @Override
    String java(String x) {
      return "Math.signum(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return null;
    }
  }

  /** The logistic sigmoid 1 / (1 + exp(-x)); d = y (1 - y). */
  public static final class Logistic extends UnaryOp {
    Logistic() {
      super("logistic", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return logistic(x);
    }

    @Override
    String java(String x) {
      return "Rt.logistic(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, mul(y, sub(one(y), y)));
    }
  }

  public static final class Square extends UnaryOp {
    Square() {
      super("square", Domain.NUMERIC);
    }

    @Override
    double apply(double x) {
      return x * x;
    }

    @Override
    String java(String x) {
      return x + " * " + x;
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, mul(full(2.0, x.type()), x));
    }
  }

  /** 1 / x; d = -y^2. */
  public static final class Reciprocal extends UnaryOp {
    Reciprocal() {
      super("reciprocal", Domain.FLOATING);
    }

    @Override
    double apply(double x) {
      return 1.0 / x;
    }

    @Override
    String java(String x) {
      return "1.0 / " + x;
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return mul(t, neg(square(y)));
    }
  }

  public static final class Floor extends UnaryOp {
    Floor() {
      super("floor", Domain.REAL_FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.floor(x);
    }

    @Override
    String java(String x) {
      return "Math.floor(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return null;
    }
  }

  /** Rounds half to even, as NumPy's {@code round} does; zero derivative. */
  public static final class Round extends UnaryOp {
    Round() {
      super("round", Domain.REAL_FLOATING);
    }

    @Override
    double apply(double x) {
      return Math.rint(x);
    }

    @Override
    String java(String x) {
      return "Math.rint(" + x + ")";
    }

    @Override
    Node tangent(Node t, Node x, Node y) {
      return null;
    }
  }

  public static final UnaryOp NEG = new Neg();
  public static final UnaryOp EXP = new Exp();
  public static final UnaryOp LOG = new Log();
  public static final UnaryOp LOG1P = new Log1p();
  public static final UnaryOp EXPM1 = new Expm1();
  public static final UnaryOp SIN = new Sin();
  public static final UnaryOp COS = new Cos();
  public static final UnaryOp TAN = new Tan();
  public static final UnaryOp TANH = new Tanh();
  public static final UnaryOp SINH = new Sinh();
  public static final UnaryOp COSH = new Cosh();
  public static final UnaryOp ASIN = new Asin();
  public static final UnaryOp ACOS = new Acos();
  public static final UnaryOp ATAN = new Atan();
  public static final UnaryOp SQRT = new Sqrt();
  public static final UnaryOp RSQRT = new Rsqrt();
  public static final UnaryOp ABS = new Abs();
  public static final UnaryOp SIGN = new Sign();
  public static final UnaryOp LOGISTIC = new Logistic();
  public static final UnaryOp SQUARE = new Square();
  public static final UnaryOp RECIPROCAL = new Reciprocal();
  public static final UnaryOp FLOOR = new Floor();
  public static final UnaryOp ROUND = new Round();

  /** Every unary primitive, for registries and table-driven tests. */
  public static final List<UnaryOp> ALL = List.of(NEG, EXP, LOG, LOG1P, EXPM1, SIN, COS, TAN,
      TANH, SINH, COSH, ASIN, ACOS, ATAN, SQRT, RSQRT, ABS, SIGN, LOGISTIC, SQUARE, RECIPROCAL,
      FLOOR, ROUND);

}
