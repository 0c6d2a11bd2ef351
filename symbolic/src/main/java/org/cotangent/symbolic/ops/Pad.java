package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/**
 * Surrounds the operand with {@code low[a]} zeros before and {@code high[a]} zeros after, per
 * axis, and puts {@code interior[a]} zeros between neighbouring elements ({@code lax.pad} with
 * non-negative padding). Linear; its transpose is a slice (strided where there is interior
 * padding). (It exists as the transpose of slice and index.)
 */
public final class Pad extends Op {
  /** The paddings as ints, or null where some padding is symbolic (then interior is all 0). */
  private final int[] low;
  private final int[] high;
  private final int[] interior;
  private final Dim[] lowDims;
  private final Dim[] highDims;

  public Pad(int[] low, int[] high) {
    this(low, high, new int[low.length]);
  }

  public Pad(int[] low, int[] high, int[] interior) {
    super("pad");
    this.low = low.clone();
    this.high = high.clone();
    this.interior = interior.clone();
    this.lowDims = Indexing.dims(low);
    this.highDims = Indexing.dims(high);
  }

  /** Padding by size expressions ({@code n - limit} zeros after), with no interior padding. */
  public Pad(Dim[] low, Dim[] high) {
    super("pad");
    this.lowDims = low.clone();
    this.highDims = high.clone();
    this.interior = new int[low.length];
    int[] l = Indexing.constants(low);
    int[] h = Indexing.constants(high);
    this.low = l != null && h != null ? l : null;
    this.high = l != null && h != null ? h : null;
  }

  /** True if some padding is a size expression. */
  public boolean isSymbolic() {
    return low == null;
  }

  public Dim[] lowDims() {
    return lowDims.clone();
  }

  public Dim[] highDims() {
    return highDims.clone();
  }

  /** The zeros between neighbouring elements, per axis. */
  public int[] interior() {
    return interior.clone();
  }

  /** True if no axis has interior padding. */
  public boolean noInterior() {
    for (int k : interior) {
      if (k != 0) {
        return false;
      }
    }
    return true;
  }

  public int[] low() {
    if (low == null) {
      throw new SymbolicDimException(firstSymbolic());
    }
    return low.clone();
  }

  public int[] high() {
    if (high == null) {
      throw new SymbolicDimException(firstSymbolic());
    }
    return high.clone();
  }

  private Dim firstSymbolic() {
    for (int a = 0; a < lowDims.length; a++) {
      if (!lowDims[a].isConstant()) {
        return lowDims[a];
      }
      if (!highDims[a].isConstant()) {
        return highDims[a];
      }
    }
    throw new IllegalStateException("no symbolic padding");
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (lowDims.length != x.rank() || highDims.length != x.rank() || interior.length != x.rank()) {
      throw new IrException("pad: operand of rank " + x.rank() + " needs " + x.rank()
          + " low, high and interior paddings");
    }
    if (low == null || !x.isStatic()) {
      return inferSymbolic(x);
    }
    int[] d = new int[x.rank()];
    for (int a = 0; a < d.length; a++) {
      if (low[a] < 0 || high[a] < 0 || interior[a] < 0) {
        throw new IrException("pad: negative padding on axis " + a);
      }
      int n = x.shape().dim(a);
      d[a] = low[a] + n + Math.max(0, n - 1) * interior[a] + high[a];
    }
    return x.withShape(Shape.of(d));
  }

  /**
   * The rule over dims: paddings must not be provably negative (where it is unknown, the static
   * rule checks when the graph is specialised); interior padding of symbolic axes is not
   * supported.
   */
  private TensorType inferSymbolic(TensorType x) {
    Dim[] d = new Dim[x.rank()];
    for (int a = 0; a < d.length; a++) {
      if (interior[a] != 0) {
        throw new IrException("pad: interior padding on axis " + a + " of " + x.shape()
            + " is not supported with symbolic sizes yet");
      }
      if (Dims.geq(lowDims[a], Dim.of(0)) == Dims.Answer.FALSE
          || Dims.geq(highDims[a], Dim.of(0)) == Dims.Answer.FALSE) {
        throw new IrException("pad: negative padding on axis " + a);
      }
      d[a] = lowDims[a].plus(x.shape().extent(a)).plus(highDims[a]);
    }
    return x.withShape(Shape.of(d));
  }

  @Override
  public Op specialize(java.util.Map<String, Dim> env) {
    return low != null ? this
        : new Pad(Indexing.substitute(lowDims, env), Indexing.substitute(highDims, env));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    int w = x.dtype().width();
    int[] outStrides = t.shape().strides();
    double[] a = x.unsafeData();
    double[] r = new double[t.size() * w];
    int[] idx = new int[low.length];
    for (int k = 0; k < x.size(); k++) {
      Indexing.unravel(k, x.shape(), idx);
      int dst = 0;
      for (int i = 0; i < idx.length; i++) {
        dst += (low[i] + idx[i] * (interior[i] + 1)) * outStrides[i];
      }
      System.arraycopy(a, k * w, r, dst * w, w);
    }
    return Tensor.wrap(t, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return type.shape().equals(inputs.get(0).type().shape()) ? inputs.get(0) : null;
  }

  /** The batch axis is not padded and stays where it is. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    int d = dims[0];
    if (low == null) {
      return new Batched(Node.make(new Pad(Indexing.insert(lowDims, d, Dim.of(0)),
          Indexing.insert(highDims, d, Dim.of(0))), args.get(0)), d);
    }
    return new Batched(Node.make(new Pad(Batching.insert(low, d, 0), Batching.insert(high, d, 0),
        Batching.insert(interior, d, 0)), args.get(0)), d);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Linear.jvp(this, primals, tangents);
  }

  @Override
  public boolean isLinearIn(int i) {
    return true;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Shape in = node.input(0).type().shape();
    if (low == null || !in.isStatic()) {
      Dim[] limit = new Dim[lowDims.length];
      for (int a = 0; a < limit.length; a++) {
        limit[a] = lowDims[a].plus(in.extent(a));
      }
      return new Node[] {Node.make(new Slice(lowDims, limit), ct)};
    }
    if (in.size() == 0) {
      return new Node[] {Ir.zeros(node.input(0).type())};
    }
    int[] limit = new int[low.length];
    int[] strides = new int[low.length];
    for (int a = 0; a < limit.length; a++) {
      strides[a] = interior[a] + 1;
      limit[a] = low[a] + (in.dim(a) - 1) * strides[a] + 1;
    }
    return new Node[] {Ir.slice(ct, low, limit, strides)};
  }

  @Override
  public String paramsText() {
    if (low == null) {
      return "[low=" + Indexing.tuple(lowDims) + ",high=" + Indexing.tuple(highDims) + "]";
    }
    return "[low=" + Indexing.tuple(low) + ",high=" + Indexing.tuple(high)
        + (noInterior() ? "" : ",interior=" + Indexing.tuple(interior)) + "]";
  }

  @Override
  protected List<Object> params() {
    if (low == null) {
      return List.of(List.of(lowDims), List.of(highDims), new Ints(interior));
    }
    return List.of(new Ints(low), new Ints(high), new Ints(interior));
  }
}
