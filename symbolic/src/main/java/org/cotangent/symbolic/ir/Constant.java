package org.cotangent.symbolic.ir;

import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * A literal tensor. A uniform constant (every element the same, as {@code full} makes) stores one
 * element, so {@code full(0.0, f64[1000,1000])} costs nothing; other constants store every
 * element. Equality is by value, so equal constants are one node.
 */
public final class Constant extends Op {
  private final TensorType type;
  /** One element (uniform) or all of them, in {@link Tensor}'s flat layout. */
  private final double[] data;

  /** The data as a parameter, its hash computed once (constants are hashed at every lookup). */
  private final DoubleArray key;

  private Constant(TensorType type, double[] data) {
    super("const");
    this.type = type;
    this.data = data;
    this.key = new DoubleArray(data);
  }

  /** The constant node holding {@code t}; stored compactly if uniform. */
  public static Node of(Tensor t) {
    double[] d = t.unsafeData();
    int w = t.dtype().width();
    if (t.size() == 0) {
      return full(t.type(), 0.0);
    }
    boolean uniform = t.size() > 0;
    for (int i = w; i < d.length && uniform; i += w) {
      for (int j = 0; j < w; j++) {
        uniform &= Double.compare(d[i + j], d[j]) == 0;
      }
    }
    return Node.make(new Constant(t.type(), uniform ? Arrays.copyOf(d, w) : d.clone()));
  }

  /**
   * The constant node holding {@code t}, which the caller gives up: its data are kept, not copied
   * (for a fresh result of compiled code; {@link #of} copies).
   */
  public static Node ofOwned(Tensor t) {
    double[] d = t.unsafeData();
    int w = t.dtype().width();
    if (t.size() == 0) {
      return full(t.type(), 0.0);
    }
    for (int i = w; i < d.length; i += w) {
      for (int j = 0; j < w; j++) {
        if (Double.compare(d[i + j], d[j]) != 0) {
          return Node.make(new Constant(t.type(), d));
        }
      }
    }
    return Node.make(new Constant(t.type(), Arrays.copyOf(d, w)));
  }

  /**
   * The constant op of {@code type} with these flat data (one element, for a uniform constant, or
   * all of them; interleaved if complex), as the IR reader rebuilds it.
   */
  public static Constant op(TensorType type, double[] data) {
    int w = type.dtype().width();
    if (data.length != w && data.length != type.size() * w) {
      throw new IllegalArgumentException("constant of type " + type + " needs " + w + " or "
          + type.size() * w + " numbers, got " + data.length);
    }
    if (data.length == w && (!type.isStatic() || type.size() != 1)) {
      return (Constant) Node.make(new Constant(type, data.clone())).op();
    }
    return (Constant) of(Tensor.wrap(type, data.clone())).op();
  }

  /** A constant of {@code type} with every element {@code v} (imaginary part 0 if complex). */
  public static Node full(TensorType type, double v) {
    double[] d = new double[type.dtype().width()];
    // An empty constant has one canonical form, whatever value it was filled with.
    d[0] = type.isStatic() && type.size() == 0 ? 0.0 : v;
    return Node.make(new Constant(type, d));
  }

  public static Node scalar(double v) {
    return full(TensorType.f64(), v);
  }

  public TensorType type() {
    return type;
  }

  /** The value as a tensor (a fresh copy of the data). */
  public Tensor tensor() {
    int w = type.dtype().width();
    if (data.length == w && type.size() != 1) {
      double[] d = new double[type.size() * w];
      for (int i = 0; i < d.length; i += w) {
        System.arraycopy(data, 0, d, i, w);
      }
      return Tensor.wrap(type, d);
    }
    return Tensor.wrap(type, data.clone());
  }

  /** True if every element is the same. */
  public boolean isUniform() {
    return data.length == type.dtype().width() || type.size() <= 1;
  }

  /** True if every element equals {@code v} exactly (and has no imaginary part). */
  public boolean isUniform(double v) {
    if (!isUniform() || type.isStatic() && type.size() == 0) {
      return false;
    }
    return data[0] == v && (data.length < 2 || !type.dtype().isComplex() || data[1] == 0.0);
  }

  /** The element of a uniform real constant. */
  public double uniformValue() {
    if (!isUniform()) {
      throw new IllegalStateException("not a uniform constant");
    }
    return data[0];
  }

  /** The imaginary part of the element of a uniform complex constant (0 for a real one). */
  public double uniformImag() {
    if (!isUniform()) {
      throw new IllegalStateException("not a uniform constant");
    }
    return type.dtype().isComplex() && data.length > 1 ? data[1] : 0.0;
  }

  /** The constant as a full tensor. */
  public Tensor value() {
    int w = type.dtype().width();
    if (data.length == type.size() * w) {
      return Tensor.wrap(type, data);
    }
    double[] full = new double[type.size() * w];
    for (int i = 0; i < full.length; i += w) {
      System.arraycopy(data, 0, full, i, w);
    }
    return Tensor.wrap(type, full);
  }

  /** How the printer shows a uniform constant inline: {@code 2.0}, {@code 0.0:f64[3]}. */
  public String inlineText() {
    String v;
    if (type.isStatic() && type.size() == 0) {
      v = "empty";
    } else if (type.dtype() == DType.BOOL) {
      v = data[0] != 0 ? "True" : "False";
    } else if (type.dtype() == DType.I64) {
      v = Long.toString((long) data[0]);
    } else if (type.dtype().isComplex()) {
      v = "(" + data[0] + (data[1] < 0 ? "" : "+") + data[1] + "j)";
    } else {
      v = Double.toString(data[0]);
    }
    return type.shape().isScalar() && type.dtype() == DType.F64 ? v : v + ":" + type;
  }

  /** A uniform constant of a symbolic type at concrete sizes (others have static types). */
  @Override
  public Op specialize(java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    if (type.isStatic()) {
      return this;
    }
    TensorType t = type.withShape(type.shape().substitute(env));
    if (!type.dtype().isComplex()) {
      return full(t, data[0]).op();
    }
    return t.size() == 0 ? full(t, 0.0).op() : op(t, data);
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 0);
    return type;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return value();
  }

  /** Nullary: never mapped ({@link #batch} takes the unmapped path). */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this), Batched.NOT_MAPPED);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return null;
  }

  @Override
  public String paramsText() {
    if (isUniform()) {
      return "[" + inlineText() + "]";
    }
    return "[" + type + "]";
  }

  /** The type and, for a constant that is not uniform, every number: {@code [f64[2],data=(1.0,2.0)]}. */
  @Override
  public String canonicalParamsText(java.util.function.Function<Graph, String> graphText) {
    if (isUniform()) {
      return paramsText();
    }
    StringBuilder sb = new StringBuilder("[").append(type).append(",data=(");
    for (int i = 0; i < data.length; i++) {
      sb.append(i > 0 ? "," : "").append(data[i]);
    }
    return sb.append(")]").toString();
  }

  @Override
  protected List<Object> params() {
    return List.of(type, key);
  }

  /** Value equality for a {@code double[]} (bitwise, so NaN equals NaN and -0.0 differs from 0.0). */
  private static final class DoubleArray {
    final double[] a;
    final int hash;

    DoubleArray(double[] a) {
      this.a = a;
      this.hash = Arrays.hashCode(a);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DoubleArray && hash == ((DoubleArray) o).hash
          && Arrays.equals(a, ((DoubleArray) o).a);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
