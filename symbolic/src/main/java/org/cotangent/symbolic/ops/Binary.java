package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.add;
import static org.cotangent.symbolic.Ir.addTangents;
import static org.cotangent.symbolic.Ir.div;
import static org.cotangent.symbolic.Ir.eq;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.log;
import static org.cotangent.symbolic.Ir.mul;
import static org.cotangent.symbolic.Ir.neg;
import static org.cotangent.symbolic.Ir.pow;
import static org.cotangent.symbolic.Ir.select;
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
 * The elementwise binary primitives. Both inputs must have the same shape and dtype: front ends
 * broadcast and promote explicitly, so every transpose sees exact shapes. Each primitive gives its
 * scalar function and one JVP rule per input ({@code lhsTangent}, {@code rhsTangent}), which the
 * base class sums, skipping symbolic zeros (JAX's {@code defjvp}).
 */
public final class Binary {
  private Binary() {}

  enum Domain {
    /** i64, f64, c128. */
    NUMERIC,
    /** f64, c128. */
    FLOATING,
    /** f64 only. */
    REAL_FLOATING,
    /** i64, f64 (ordered). */
    REAL
  }

  /** Base of the elementwise binary primitives. */
  public abstract static class BinaryOp extends Op {
    private final Domain domain;

    BinaryOp(String name, Domain domain) {
      super(name);
      this.domain = domain;
    }

    abstract double apply(double x, double y);

    /** Java for one element, {@code x} and {@code y} being names or literals. */
    abstract String java(String x, String y);

    @Override
    public final String javaExpression(List<String> args) {
      return java(args.get(0), args.get(1));
    }

    /** Tangent contribution of the left input; {@code t} is non-null. */
    abstract Node lhsTangent(Node t, Node x, Node y, Node out);

    /** Tangent contribution of the right input; {@code t} is non-null. */
    abstract Node rhsTangent(Node t, Node x, Node y, Node out);

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      checkArity(inputs, 2);
      TensorType x = inputs.get(0);
      TensorType y = inputs.get(1);
      if (!x.equals(y)) {
        throw new IrException(name() + ": operands must have the same type, got " + x + " and " + y);
      }
      DType d = x.dtype();
      boolean ok;
      switch (domain) {
        case FLOATING:
          ok = d.isFloating();
          break;
        case REAL_FLOATING:
          ok = d == DType.F64;
          break;
        case REAL:
          ok = d == DType.F64 || d == DType.I64;
          break;
        default:
          ok = d != DType.BOOL;
      }
      if (!ok) {
        throw new IrException(name() + " is not defined for " + d + " operands");
      }
      return x;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      Tensor x = inputs.get(0);
      Tensor y = inputs.get(1);
      if (x.dtype().isComplex()) {
        throw new IrException(name() + " on complex tensors is not supported yet");
      }
      double[] a = x.unsafeData();
      double[] b = y.unsafeData();
      double[] r = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = apply(a[i], b[i]);
      }
      return Tensor.wrap(x.type(), r);
    }

    /** Elementwise: operands meet with their batch axes first, unmapped ones broadcast. */
    @Override
    public final Batched batchRule(List<Node> args, int[] dims) {
      return Batching.broadcasting(this, args, dims);
    }

    @Override
    public final Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node x = primals.get(0);
      Node y = primals.get(1);
      Node tx = tangents[0] == null ? null : lhsTangent(tangents[0], x, y, out);
      Node ty = tangents[1] == null ? null : rhsTangent(tangents[1], x, y, out);
      return addTangents(tx, ty);
    }
  }

  /** x + y; linear in both. */
  public static final class Add extends BinaryOp {
    Add() {
      super("add", Domain.NUMERIC);
    }

    @Override
    double apply(double x, double y) {
      return x + y;
    }

    @Override
    String java(String x, String y) {
      return x + " + " + y;
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return t;
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return t;
    }

    @Override
    public boolean isLinearIn(int i) {
      return true;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      return new Node[] {linear[0] ? ct : null, linear[1] ? ct : null};
    }

    /** Also {@code a + (-b) = a - b}, {@code (-a) + b = b - a}, {@code (-a) + (-b) = -(a + b)}. */
    @Override
    public Node simplify(List<Node> in, TensorType type) {
      Node a = in.get(0);
      Node b = in.get(1);
      if (b.isConstant(0.0)) {
        return a;
      }
      if (a.isConstant(0.0)) {
        return b;
      }
      boolean negA = a.op() instanceof Unary.Neg;
      boolean negB = b.op() instanceof Unary.Neg;
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
  }

  /** x - y; linear in both. */
  public static final class Sub extends BinaryOp {
    Sub() {
      super("sub", Domain.NUMERIC);
    }

    @Override
    double apply(double x, double y) {
      return x - y;
    }

    @Override
    String java(String x, String y) {
      return x + " - " + y;
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return t;
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return neg(t);
    }

    @Override
    public boolean isLinearIn(int i) {
      return true;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      return new Node[] {linear[0] ? ct : null, linear[1] ? neg(ct) : null};
    }

    @Override
    public Node simplify(List<Node> in, TensorType type) {
      if (in.get(1).isConstant(0.0)) {
        return in.get(0);
      }
      if (in.get(0).isConstant(0.0)) {
        return neg(in.get(1));
      }
      if (in.get(1).op() instanceof Unary.Neg) {
        return add(in.get(0), in.get(1).input(0));
      }
      return null;
    }
  }

  /**
   * x * y; linear in each input when the other is fixed. Simplified at construction: {@code 1*x}
   * is x, {@code -1*x} is {@code -x}, constant factors move to the left and merge ({@code 2*(3*x)}
   * is {@code 6*x}), and a negation moves out of the product.
   */
  public static final class Mul extends BinaryOp {
    Mul() {
      super("mul", Domain.NUMERIC);
    }

    @Override
    double apply(double x, double y) {
      return x * y;
    }

    @Override
    String java(String x, String y) {
      return x + " * " + y;
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, y);
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return mul(x, t);
    }

    @Override
    public boolean isLinearIn(int i) {
      return true;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      if (linear[0] && linear[1]) {
        throw new IllegalStateException("mul of two linear values is not linear");
      }
      return new Node[] {
        linear[0] ? mul(ct, node.input(1)) : null, linear[1] ? mul(node.input(0), ct) : null
      };
    }

    @Override
    public Node simplify(List<Node> in, TensorType type) {
      Node x = in.get(0);
      Node y = in.get(1);
      if (y.isConstant() && !x.isConstant()) {
        return mul(y, x);
      }
      if (x.isConstant(1.0)) {
        return y;
      }
      if (x.isConstant(-1.0)) {
        return neg(y);
      }
      if (isUniformReal(x) && y.op() instanceof Mul && isUniformReal(y.input(0))) {
        double c = ((Constant) x.op()).uniformValue() * ((Constant) y.input(0).op()).uniformValue();
        return mul(full(c, type), y.input(1));
      }
      if (isUniformReal(x) && y.op() instanceof Unary.Neg) {
        return mul(full(-((Constant) x.op()).uniformValue(), type), y.input(0));
      }
      if (x.op() instanceof Unary.Neg && y.op() instanceof Unary.Neg) {
        return mul(x.input(0), y.input(0));
      }
      if (x.op() instanceof Unary.Neg && !x.isConstant()) {
        return neg(mul(x.input(0), y));
      }
      if (y.op() instanceof Unary.Neg && !x.isConstant()) {
        return neg(mul(x, y.input(0)));
      }
      return null;
    }
  }

  private static boolean isUniformReal(Node n) {
    return n.isConstant() && ((Constant) n.op()).isUniform() && !n.dtype().isComplex()
        && n.type().size() > 0;
  }

  /** x / y; linear in x. */
  public static final class Div extends BinaryOp {
    Div() {
      super("div", Domain.FLOATING);
    }

    @Override
    double apply(double x, double y) {
      return x / y;
    }

    @Override
    String java(String x, String y) {
      return x + " / " + y;
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return div(t, y);
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, neg(div(out, y)));
    }

    @Override
    public boolean isLinearIn(int i) {
      return i == 0;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      if (linear[1]) {
        throw new IllegalStateException("div is not linear in its divisor");
      }
      return new Node[] {div(ct, node.input(1)), null};
    }

    @Override
    public Node simplify(List<Node> in, TensorType type) {
      if (in.get(1).isConstant(1.0)) {
        return in.get(0);
      }
      return null;
    }
  }

  /**
   * x ** y with a real exponent. The derivative in y is {@code log(x) * out}, with log(x) taken
   * as 0 where x = 0 (as JAX does), so {@code 0 ** y} has a finite derivative in y.
   */
  public static final class Pow extends BinaryOp {
    Pow() {
      super("pow", Domain.FLOATING);
    }

    @Override
    double apply(double x, double y) {
      return Math.pow(x, y);
    }

    @Override
    String java(String x, String y) {
      return "Math.pow(" + x + ", " + y + ")";
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, mul(y, pow(x, sub(y, full(1.0, y.type())))));
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      Node zero = full(0.0, x.type());
      Node safeX = select(eq(x, zero), full(1.0, x.type()), x);
      return mul(t, mul(log(safeX), out));
    }

    @Override
    public Node simplify(List<Node> in, TensorType type) {
      if (in.get(1).isConstant(1.0)) {
        return in.get(0);
      }
      return null;
    }
  }

  /** atan2(y, x), the angle of the point (x, y); d = (x dy - y dx) / (x^2 + y^2). */
  public static final class Atan2 extends BinaryOp {
    Atan2() {
      super("atan2", Domain.REAL_FLOATING);
    }

    @Override
    double apply(double y, double x) {
      return Math.atan2(y, x);
    }

    @Override
    String java(String x, String y) {
      return "Math.atan2(" + x + ", " + y + ")";
    }

    @Override
    Node lhsTangent(Node t, Node y, Node x, Node out) {
      return mul(t, div(x, add(square(x), square(y))));
    }

    @Override
    Node rhsTangent(Node t, Node y, Node x, Node out) {
      return mul(t, neg(div(y, add(square(x), square(y)))));
    }
  }

  /**
   * JAX's "balanced" indicator for max/min: 1 where {@code a} alone attains {@code out}, 1/2
   * where both operands do, 0 elsewhere, so ties split the derivative evenly.
   */
  private static Node balanced(Node a, Node out, Node b) {
    TensorType t = a.type();
    return select(eq(a, out), select(eq(b, out), full(0.5, t), full(1.0, t)), full(0.0, t));
  }

  /** max(x, y); ties split the derivative evenly. NaN propagates. */
  public static final class Max extends BinaryOp {
    Max() {
      super("max", Domain.REAL);
    }

    @Override
    double apply(double x, double y) {
      return Math.max(x, y);
    }

    @Override
    String java(String x, String y) {
      return "Math.max(" + x + ", " + y + ")";
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, balanced(x, out, y));
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, balanced(y, out, x));
    }
  }

  /** min(x, y); ties split the derivative evenly. NaN propagates. */
  public static final class Min extends BinaryOp {
    Min() {
      super("min", Domain.REAL);
    }

    @Override
    double apply(double x, double y) {
      return Math.min(x, y);
    }

    @Override
    String java(String x, String y) {
      return "Math.min(" + x + ", " + y + ")";
    }

    @Override
    Node lhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, balanced(x, out, y));
    }

    @Override
    Node rhsTangent(Node t, Node x, Node y, Node out) {
      return mul(t, balanced(y, out, x));
    }
  }

  public static final BinaryOp ADD = new Add();
  public static final BinaryOp SUB = new Sub();
  public static final BinaryOp MUL = new Mul();
  public static final BinaryOp DIV = new Div();
  public static final BinaryOp POW = new Pow();
  public static final BinaryOp ATAN2 = new Atan2();
  public static final BinaryOp MAX = new Max();
  public static final BinaryOp MIN = new Min();

  public static final List<BinaryOp> ALL = List.of(ADD, SUB, MUL, DIV, POW, ATAN2, MAX, MIN);
}
