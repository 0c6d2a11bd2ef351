package org.cotangent.symbolic.ops;

import java.util.List;
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
  private final int[] low;
  private final int[] high;
  private final int[] interior;

  public Pad(int[] low, int[] high) {
    this(low, high, new int[low.length]);
  }

  public Pad(int[] low, int[] high, int[] interior) {
    super("pad");
    this.low = low.clone();
    this.high = high.clone();
    this.interior = interior.clone();
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
    return low.clone();
  }

  public int[] high() {
    return high.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (low.length != x.rank() || high.length != x.rank() || interior.length != x.rank()) {
      throw new IrException("pad: operand of rank " + x.rank() + " needs " + x.rank()
          + " low, high and interior paddings");
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
    return "[low=" + Indexing.tuple(low) + ",high=" + Indexing.tuple(high)
        + (noInterior() ? "" : ",interior=" + Indexing.tuple(interior)) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(low), new Ints(high), new Ints(interior));
  }
}
