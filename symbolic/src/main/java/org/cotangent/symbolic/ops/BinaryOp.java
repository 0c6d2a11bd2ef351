package org.cotangent.symbolic.ops;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * An elementwise binary primitive, declared as one row of the table in {@link Binary}: its name,
 * domain, function on one pair of real elements, lowering (a Java expression in {@code $0} and
 * {@code $1}), and one JVP rule per input that the op sums, skipping symbolic zeros (JAX's {@code
 * defjvp}). Linear rows give one transpose per input: {@link Builder#linear} for ops linear in
 * both jointly ({@code add}, {@code sub}: their JVP is derived), {@link Builder#bilinear} for ops
 * linear in each separately ({@code mul}, JAX's {@code defbilinear}), {@link Builder#linearLhs} for
 * ops linear in the first input ({@code div}). Both inputs have the same type: front ends broadcast
 * and promote explicitly, so every transpose sees exact shapes.
 */
public final class BinaryOp extends Op {
  /** One input's JVP contribution: {@code t} is that input's (non-null) tangent. */
  @FunctionalInterface
  public interface Jvp {
    Node apply(Node t, Node x, Node y, Node out);
  }

  /** One input's transpose: its cotangent given the output cotangent and the node. */
  @FunctionalInterface
  public interface Transpose {
    Node apply(Node ct, Node node);
  }

  /** The function on one pair of complex elements: writes the result's (re, im) into {@code out}. */
  @FunctionalInterface
  public interface ComplexFn {
    void apply(double ar, double ai, double br, double bi, double[] out);
  }

  /** A construction-time simplification of {@code op(x, y)} (see {@link Op#simplify}), or null. */
  @FunctionalInterface
  public interface Simplifier {
    Node apply(Node x, Node y, TensorType type);
  }

  private enum Linearity { NONE, JOINT, SEPARATE, LHS }

  private final Domain domain;
  private final DoubleBinaryOperator real;
  private final ComplexFn complex;
  private final String java;
  private final Jvp lhsJvp;
  private final Jvp rhsJvp;
  private final Linearity linearity;
  private final Transpose lhsT;
  private final Transpose rhsT;
  private final Simplifier simplifier;
  private final boolean commutative;
  private final boolean constantsFirst;

  private BinaryOp(Builder b) {
    super(b.name);
    this.domain = b.domain;
    this.real = Objects.requireNonNull(b.real, b.name + ": no real function");
    this.complex = b.complex;
    this.java = Objects.requireNonNull(b.java, b.name + ": no lowering");
    this.lhsJvp = b.lhsJvp;
    this.rhsJvp = b.rhsJvp;
    this.linearity = b.linearity;
    this.lhsT = b.lhsT;
    this.rhsT = b.rhsT;
    this.simplifier = b.simplifier;
    this.commutative = b.commutative;
    this.constantsFirst = b.constantsFirst;
    if (linearity == Linearity.NONE || linearity == Linearity.LHS) {
      Objects.requireNonNull(lhsJvp, b.name + ": no JVP rule for the left input");
      Objects.requireNonNull(rhsJvp, b.name + ": no JVP rule for the right input");
    }
  }

  /** Starts a row: {@code binary("add", Domain.NUMERIC).real(...).java("$0 + $1")...}. */
  public static Builder binary(String name, Domain domain) {
    return new Builder(name, domain);
  }

  /** The function on one pair of real elements. */
  public double apply(double x, double y) {
    return real.applyAsDouble(x, y);
  }

  @Override
  public String javaExpression(List<String> args) {
    return java.replace("$0", args.get(0)).replace("$1", args.get(1));
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType x = inputs.get(0);
    TensorType y = inputs.get(1);
    if (!x.equals(y)) {
      throw new IrException(name() + ": " + Dims.undecidedPrefix(x, y)
          + "operands must have the same type, got " + x + " and " + y);
    }
    if (!domain.accepts(x.dtype())) {
      throw new IrException(name() + " is not defined for " + x.dtype() + " operands");
    }
    return x;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    Tensor y = inputs.get(1);
    double[] a = x.unsafeData();
    double[] b = y.unsafeData();
    if (x.dtype().isComplex()) {
      if (complex == null) {
        throw new IrException(name() + " on complex tensors is not supported yet");
      }
      double[] r = new double[a.length];
      double[] z = new double[2];
      for (int k = 0; k < a.length; k += 2) {
        complex.apply(a[k], a[k + 1], b[k], b[k + 1], z);
        r[k] = z[0];
        r[k + 1] = z[1];
      }
      return Tensor.wrap(x.type(), r);
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = real.applyAsDouble(a[i], b[i]);
    }
    return Tensor.wrap(x.type(), r);
  }

  /**
   * Commutative rows put their operands in a canonical order, so that {@code op(a, b)} and {@code
   * op(b, a)} are one node: a constant operand first ({@code 2.0 * x}) or last ({@code x + 1.0})
   * as the row says, two of a kind by {@link Node#compareStructurally}. Then the row's own rules
   * apply.
   */
  @Override
  public Node simplify(List<Node> in, TensorType type) {
    if (commutative && outOfOrder(in.get(0), in.get(1))) {
      return Node.make(this, in.get(1), in.get(0));
    }
    return simplifier == null ? null : simplifier.apply(in.get(0), in.get(1), type);
  }

  private boolean outOfOrder(Node x, Node y) {
    if (x.isConstant() != y.isConstant()) {
      return x.isConstant() != constantsFirst;
    }
    return Node.compareStructurally(x, y) > 0;
  }

  public boolean isCommutative() {
    return commutative;
  }

  /** Elementwise: operands meet with their batch axes first, unmapped ones broadcast. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.broadcasting(this, args, dims);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    switch (linearity) {
      case JOINT:
        return Linear.jvp(this, primals, tangents);
      case SEPARATE:
        return Linear.bilinearJvp(this, primals, tangents);
      default:
        Node x = primals.get(0);
        Node y = primals.get(1);
        Node tx = tangents[0] == null ? null : lhsJvp.apply(tangents[0], x, y, out);
        Node ty = tangents[1] == null ? null : rhsJvp.apply(tangents[1], x, y, out);
        return Ir.addTangents(tx, ty);
    }
  }

  @Override
  public boolean isLinearIn(int i) {
    return linearity == Linearity.JOINT || linearity == Linearity.SEPARATE
        || (linearity == Linearity.LHS && i == 0);
  }

  @Override
  public boolean isBilinear() {
    return linearity == Linearity.SEPARATE;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    if (linearity == Linearity.NONE) {
      return super.transposeRule(ct, node, linear);
    }
    return new Node[] {linear[0] ? lhsT.apply(ct, node) : null,
        linear[1] ? rhsT.apply(ct, node) : null};
  }

  /** The fields of one row. */
  public static final class Builder {
    private final String name;
    private final Domain domain;
    private DoubleBinaryOperator real;
    private ComplexFn complex;
    private String java;
    private Jvp lhsJvp;
    private Jvp rhsJvp;
    private Linearity linearity = Linearity.NONE;
    private Transpose lhsT;
    private Transpose rhsT;
    private Simplifier simplifier;
    private boolean commutative;
    private boolean constantsFirst;

    private Builder(String name, Domain domain) {
      this.name = name;
      this.domain = domain;
    }

    public Builder real(DoubleBinaryOperator f) {
      this.real = f;
      return this;
    }

    /** The reference function on one pair of complex elements. */
    public Builder complex(ComplexFn f) {
      this.complex = f;
      return this;
    }

    /** The lowering: a Java expression in {@code $0} and {@code $1}. */
    public Builder java(String template) {
      this.java = template;
      return this;
    }

    /** The JVP rules of the two inputs (JAX's {@code defjvp(prim, lhs_rule, rhs_rule)}). */
    public Builder jvp(Jvp lhs, Jvp rhs) {
      this.lhsJvp = lhs;
      this.rhsJvp = rhs;
      return this;
    }

    /** Linear in both inputs together ({@code add}, {@code sub}); the JVP is derived. */
    public Builder linear(Transpose lhs, Transpose rhs) {
      this.linearity = Linearity.JOINT;
      this.lhsT = lhs;
      this.rhsT = rhs;
      return this;
    }

    /** Linear in each input when the other is fixed ({@code mul}); the JVP is the product rule. */
    public Builder bilinear(Transpose lhs, Transpose rhs) {
      this.linearity = Linearity.SEPARATE;
      this.lhsT = lhs;
      this.rhsT = rhs;
      return this;
    }

    /** Linear in the first input only ({@code div}); the JVP rules are given with {@link #jvp}. */
    public Builder linearLhs(Transpose lhs) {
      this.linearity = Linearity.LHS;
      this.lhsT = lhs;
      return this;
    }

    public Builder simplify(Simplifier s) {
      this.simplifier = s;
      return this;
    }

    /**
     * {@code op(x, y) = op(y, x)}: operands are put in a canonical order, for common
     * subexpressions, a constant first ({@code constantsFirst}: {@code 2.0 * x}) or last ({@code
     * x + 1.0}).
     */
    public Builder commutative(boolean constantsFirst) {
      this.commutative = true;
      this.constantsFirst = constantsFirst;
      return this;
    }

    public BinaryOp build() {
      return new BinaryOp(this);
    }
  }
}
