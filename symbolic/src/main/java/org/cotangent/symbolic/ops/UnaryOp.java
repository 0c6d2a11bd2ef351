package org.cotangent.symbolic.ops;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * An elementwise unary primitive, declared as one row of the table in {@link Unary} (JAX's
 * {@code standard_unop} + {@code defjvp} + {@code register_lowering}): its name, the dtypes it
 * accepts, its function on one real element (the reference evaluation), room for its function on
 * one complex element, its JVP rule, and its lowering, a Java expression template over {@code $0}.
 * Linear rows ({@code neg}) give a transpose and get their JVP from {@link Linear#jvp}. Batching is
 * {@link Batching#vectorized} for every row.
 */
public final class UnaryOp extends Op {
  /** The JVP rule of a row: the output tangent given the (non-null) input tangent {@code t}, the input {@code x} and the output {@code y}; null for a zero derivative. */
  @FunctionalInterface
  public interface Jvp {
    Node apply(Node t, Node x, Node y);
  }

  /** The function on one complex element {@code (re, im)}: writes {@code (re, im)} of the result into {@code out}. */
  @FunctionalInterface
  public interface ComplexFn {
    void apply(double re, double im, double[] out);
  }

  /** The transpose of a linear row: the input's cotangent given the output's and the node. */
  @FunctionalInterface
  public interface Transpose {
    Node apply(Node ct, Node node);
  }

  /** A construction-time simplification of {@code op(x)} (see {@link Op#simplify}), or null. */
  @FunctionalInterface
  public interface Simplifier {
    Node apply(Node x, TensorType type);
  }

  private final Domain domain;
  private final DoubleUnaryOperator real;
  private final ComplexFn complex;
  private final Jvp jvp;
  private final String java;
  private final boolean linear;
  private final Transpose transpose;
  private final boolean realOutput;
  private final Simplifier simplifier;

  private UnaryOp(Builder b) {
    super(b.name);
    this.domain = b.domain;
    this.real = b.domain == Domain.COMPLEX ? b.real
        : Objects.requireNonNull(b.real, b.name + ": no real function");
    this.complex = b.complex;
    this.jvp = b.jvp;
    this.java = b.domain == Domain.COMPLEX ? b.java
        : Objects.requireNonNull(b.java, b.name + ": no lowering");
    this.linear = b.linear;
    this.transpose = b.transpose;
    this.realOutput = b.realOutput;
    this.simplifier = b.simplifier;
    if (!linear && jvp == null) {
      throw new IllegalStateException(b.name + ": a JVP rule is required unless linear");
    }
  }

  /** Starts a row: {@code unary("sin", Domain.FLOATING).real(Math::sin).java("Math.sin($0)").jvp(...)}. */
  public static Builder unary(String name, Domain domain) {
    return new Builder(name, domain);
  }

  /** True if this row is defined on elements of dtype {@code d}. */
  public boolean domainAccepts(DType d) {
    return domain.accepts(d);
  }

  /** True if this row has a reference function on complex elements. */
  public boolean hasComplexFunction() {
    return complex != null;
  }

  /** The function on one real element. */
  public double apply(double x) {
    return real.applyAsDouble(x);
  }

  /** The lowering template, a Java expression in {@code $0}. */
  public String javaTemplate() {
    return java;
  }

  /** The Java expression of one real element; null for rows defined only on complex numbers. */
  @Override
  public String javaExpression(List<String> args) {
    return java == null ? null : java.replace("$0", args.get(0));
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    DType d = x.dtype();
    if (!domain.accepts(d)) {
      throw new IrException(name() + " is not defined for " + d + " inputs"
          + (d == DType.I64 || d == DType.BOOL ? " (convert to f64 first)" : ""));
    }
    return realOutput ? x.withDtype(d.realPart()) : x;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType out = inferType(List.of(x.type()));
    double[] a = x.unsafeData();
    if (x.dtype().isComplex()) {
      if (complex == null) {
        throw new IrException(name() + " on complex tensors is not supported yet");
      }
      int n = x.size();
      double[] r = new double[n * out.dtype().width()];
      double[] z = new double[2];
      for (int k = 0; k < n; k++) {
        complex.apply(a[2 * k], a[2 * k + 1], z);
        if (out.dtype().isComplex()) {
          r[2 * k] = z[0];
          r[2 * k + 1] = z[1];
        } else {
          r[k] = z[0];
        }
      }
      return Tensor.wrap(out, r);
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = real.applyAsDouble(a[i]);
    }
    return Tensor.wrap(out, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return simplifier == null ? null : simplifier.apply(inputs.get(0), type);
  }

  /** Elementwise: the batch axis stays where it is. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.vectorized(this, args, dims);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    if (linear) {
      return Linear.jvp(this, primals, tangents);
    }
    return jvp.apply(tangents[0], primals.get(0), out);
  }

  @Override
  public boolean isLinearIn(int i) {
    return linear;
  }

  /** A linear row's transpose: its own ({@code real}: {@code complex(ct, 0)}), or itself ({@code neg}). */
  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linearFlags) {
    if (!linear) {
      return super.transposeRule(ct, node, linearFlags);
    }
    return new Node[] {transpose != null ? transpose.apply(ct, node) : Node.make(this, ct)};
  }

  /** The fields of one row. */
  public static final class Builder {
    private final String name;
    private final Domain domain;
    private DoubleUnaryOperator real;
    private ComplexFn complex;
    private Jvp jvp;
    private String java;
    private boolean linear;
    private Transpose transpose;
    private boolean realOutput;
    private Simplifier simplifier;

    private Builder(String name, Domain domain) {
      this.name = name;
      this.domain = domain;
    }

    /** The reference function on one real element. */
    public Builder real(DoubleUnaryOperator f) {
      this.real = f;
      return this;
    }

    /** The reference function on one complex element. */
    public Builder complex(ComplexFn f) {
      this.complex = f;
      return this;
    }

    /** The lowering: a Java expression in {@code $0}, calling only {@code Math} and {@code Rt}. */
    public Builder java(String template) {
      this.java = template;
      return this;
    }

    /** The JVP rule (linear in {@code t}). */
    public Builder jvp(Jvp rule) {
      this.jvp = rule;
      return this;
    }

    /** The derivative is zero everywhere it exists (floor, round, sign). */
    public Builder zeroJvp() {
      this.jvp = (t, x, y) -> null;
      return this;
    }

    /** A linear op that is its own transpose ({@code neg}); its JVP is derived. */
    public Builder linearSelfTranspose() {
      this.linear = true;
      return this;
    }

    /** A linear op (over the reals) with this transpose ({@code real}, {@code imag}); its JVP is derived. */
    public Builder linear(Transpose t) {
      this.linear = true;
      this.transpose = t;
      return this;
    }

    /** The output is real for a complex input ({@code abs}). */
    public Builder realOutput() {
      this.realOutput = true;
      return this;
    }

    public Builder simplify(Simplifier s) {
      this.simplifier = s;
      return this;
    }

    public UnaryOp build() {
      return new UnaryOp(this);
    }
  }
}
