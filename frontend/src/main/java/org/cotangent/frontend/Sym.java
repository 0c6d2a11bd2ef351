package org.cotangent.frontend;

import java.util.Objects;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * A symbolic value for tracing Java lambdas into IR: every operation records a primitive instead
 * of computing a number. Arithmetic broadcasts and promotes as NumPy does (through {@link Np}).
 *
 * <pre>{@code
 * Sym loss = Ops.sum(Ops.tanh(x.matmul(w).add(b)));
 * }</pre>
 */
public final class Sym {
  private final Node node;
  /** Whether {@link #node} depends on no graph input; computed on first use. */
  private volatile Boolean concrete;
  /** The value of a known expression, evaluated once. */
  private volatile Tensor value;

  private Sym(Node node) {
    this.node = Objects.requireNonNull(node);
  }

  /**
   * An array value: {@code Sym.array(1, 2, 3)}. Values and traced values are one type, as in JAX:
   * pass a {@code Sym} holding a value to a function (in a record of parameters, say) and get
   * {@code Sym}s holding the results back; inside a traced function every {@code Sym} is traced.
   */
  public static Sym array(double... v) {
    return constant(v);
  }

  /** A matrix value (rectangular rows). */
  public static Sym array(double[][] rows) {
    return constant(rows);
  }

  /** A boolean array value ({@code bool} dtype), e.g. a mask or the targets of a classifier. */
  public static Sym array(boolean... v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i] ? 1 : 0;
    }
    return constant(Tensor.wrap(TensorType.of(DType.BOOL, v.length), d));
  }

  /** A complex scalar value {@code re + im i}. */
  public static Sym complex(double re, double im) {
    return constant(Tensor.complexScalar(re, im));
  }

  /** A scalar value. */
  public static Sym scalar(double v) {
    return constant(v);
  }

  /**
   * Whether this value is known: it depends on no argument of a function being traced (a constant,
   * or operations on constants). Only a known value has a {@link #value}.
   */
  public boolean isConcrete() {
    Boolean c = concrete;
    if (c == null) {
      c = !dependsOnInputs(node, new java.util.IdentityHashMap<>());
      concrete = c;
    }
    return c;
  }

  private static boolean dependsOnInputs(Node n, java.util.Map<Node, Boolean> seen) {
    Boolean b = seen.get(n);
    if (b != null) {
      return b;
    }
    boolean r = n.op() instanceof org.cotangent.symbolic.ir.Param;
    for (int i = 0; !r && i < n.arity(); i++) {
      r = dependsOnInputs(n.input(i), seen);
    }
    seen.put(n, r);
    return r;
  }

  /**
   * The value of a {@linkplain #isConcrete known} {@code Sym} (operations on known values are
   * evaluated here, by the reference interpreter). A traced value has none yet: it throws.
   */
  public Tensor value() {
    if (node.op() instanceof org.cotangent.symbolic.ir.Constant) {
      return ((org.cotangent.symbolic.ir.Constant) node.op()).tensor();
    }
    if (!isConcrete()) {
      throw new org.cotangent.symbolic.IrException("this Sym (" + node.type() + ") is traced: it"
          + " depends on the arguments of a function being traced, so it has no value until the"
          + " function is called");
    }
    Tensor v = value;
    if (v == null) {
      org.cotangent.symbolic.ir.Graph g = new org.cotangent.symbolic.ir.Graph(
          java.util.List.of(), java.util.List.of(), java.util.List.of(node));
      v = org.cotangent.symbolic.Interpreter.eval(g, java.util.List.of()).get(0);
      value = v;
    }
    return v;
  }

  /** The value of a known real scalar. */
  public double item() {
    return value().item();
  }

  /** The elements of a known real value, in row-major order (a copy). */
  public double[] toDoubles() {
    return value().toDoubleArray();
  }

  /** Wraps an IR node. */
  public static Sym of(Node node) {
    return new Sym(node);
  }

  /** A constant scalar. */
  public static Sym constant(double v) {
    return new Sym(Np.scalar(v));
  }

  /** A constant tensor (its data is passed to generated code, not spliced into it). */
  public static Sym constant(Tensor t) {
    return new Sym(org.cotangent.symbolic.Ir.constant(t));
  }

  /** A constant vector (its data is passed to generated code, not spliced into it). */
  public static Sym constant(double[] v) {
    return constant(Tensor.of(v));
  }

  /** A constant matrix (rectangular rows). */
  public static Sym constant(double[][] v) {
    return constant(Tensor.of(v));
  }

  /** The IR node this value is. */
  public Node node() {
    return node;
  }

  /** The abstract value: shape and dtype. */
  public TensorType type() {
    return node.type();
  }

  /** The shape. */
  public Shape shape() {
    return node.type().shape();
  }

  /** The dtype. */
  public DType dtype() {
    return node.dtype();
  }

  /** {@code this + y}, broadcasting. */
  public Sym add(Sym y) {
    return new Sym(Np.add(node, y.node));
  }

  /** {@code this + y}. */
  public Sym add(double y) {
    return add(constant(y));
  }

  /** {@code this - y}, broadcasting. */
  public Sym sub(Sym y) {
    return new Sym(Np.sub(node, y.node));
  }

  /** {@code this - y}. */
  public Sym sub(double y) {
    return sub(constant(y));
  }

  /** {@code y - this}. */
  public Sym rsub(double y) {
    return constant(y).sub(this);
  }

  /** {@code this * y}, broadcasting. */
  public Sym mul(Sym y) {
    return new Sym(Np.mul(node, y.node));
  }

  /** {@code this * y}. */
  public Sym mul(double y) {
    return mul(constant(y));
  }

  /** {@code this / y}, broadcasting. */
  public Sym div(Sym y) {
    return new Sym(Np.div(node, y.node));
  }

  /** {@code this / y}. */
  public Sym div(double y) {
    return div(constant(y));
  }

  /** {@code this ** y}; an integral constant exponent becomes {@code integer_pow}. */
  public Sym pow(Sym y) {
    return new Sym(Np.power(node, y.node));
  }

  /** {@code this ** y}; an integral exponent becomes {@code integer_pow}. */
  public Sym pow(double y) {
    return pow(constant(y));
  }

  /** {@code -this}. */
  public Sym neg() {
    return new Sym(Np.neg(node));
  }

  /** NumPy's {@code matmul} ({@code @}). */
  public Sym matmul(Sym y) {
    return new Sym(Np.matmul(node, y.node));
  }

  /** NumPy's {@code dot}. */
  public Sym dot(Sym y) {
    return new Sym(Np.dot(node, y.node));
  }

  /** Reversed axes ({@code x.T}). */
  public Sym t() {
    return new Sym(Np.transpose(node));
  }

  /** The same elements in the shape {@code dims} (one may be -1). */
  public Sym reshape(int... dims) {
    return new Sym(Np.reshape(node, dims));
  }

  /** {@code x[i]} along axis 0 (negative counts from the end). */
  public Sym get(int i) {
    return new Sym(Np.index(node, 0, i));
  }

  /** {@code x[start:stop]} along axis 0, Python-style; null means open. */
  public Sym slice(Integer start, Integer stop) {
    return new Sym(Np.slice(node, 0, start, stop));
  }

  /** {@code x[start:stop:step]} along axis 0, Python-style (a negative step walks backwards). */
  public Sym slice(Integer start, Integer stop, Integer step) {
    return new Sym(Np.slice(node, 0, start, stop, step));
  }

  /** {@code x[idx]} for {@code i64} indices along axis 0 (NumPy's take). */
  public Sym get(Sym idx) {
    return new Sym(Np.take(node, idx.node, 0));
  }

  /** {@code this < y}, elementwise, a {@code bool} array. */
  public Sym lt(Sym y) {
    return new Sym(Np.less(node, y.node));
  }

  /** {@code this > y}, elementwise, a {@code bool} array. */
  public Sym gt(Sym y) {
    return new Sym(Np.greater(node, y.node));
  }

  /** The values converted to dtype {@code d}. */
  public Sym astype(DType d) {
    return new Sym(Np.astype(node, d));
  }

  /** A known value prints as its array ({@code [0.5 1. ]}); a traced one as its op and type. */
  @Override
  public String toString() {
    if (isConcrete()) {
      return value().toString();
    }
    return "Sym(" + node.op().name() + " : " + node.type() + ")";
  }
}
