package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.pad;
import static org.cotangent.symbolic.Ir.slice;

import java.util.List;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/**
 * The static box {@code start <= index < limit} (per axis, unit stride). Linear; its transpose
 * pads with zeros.
 */
public final class Slice extends Op {
  private final int[] start;
  private final int[] limit;

  public Slice(int[] start, int[] limit) {
    super("slice");
    this.start = start.clone();
    this.limit = limit.clone();
  }

  public int[] start() {
    return start.clone();
  }

  public int[] limit() {
    return limit.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (start.length != x.rank() || limit.length != x.rank()) {
      throw new IrException("slice: operand of rank " + x.rank() + " needs " + x.rank()
          + " start and limit indices, got " + Indexing.tuple(start) + " and " + Indexing.tuple(limit));
    }
    int[] d = new int[x.rank()];
    for (int a = 0; a < d.length; a++) {
      if (start[a] < 0 || start[a] > limit[a] || limit[a] > x.shape().dim(a)) {
        throw new IrException("slice: [" + start[a] + ":" + limit[a] + "] is out of bounds for axis "
            + a + " of size " + x.shape().dim(a));
      }
      d[a] = limit[a] - start[a];
    }
    return x.withShape(Shape.of(d));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    int w = x.dtype().width();
    int[] inStrides = x.shape().strides();
    double[] a = x.unsafeData();
    double[] r = new double[t.size() * w];
    int[] idx = new int[start.length];
    for (int k = 0; k < t.size(); k++) {
      Indexing.unravel(k, t.shape(), idx);
      int src = 0;
      for (int i = 0; i < idx.length; i++) {
        src += (idx[i] + start[i]) * inStrides[i];
      }
      System.arraycopy(a, src * w, r, k * w, w);
    }
    return Tensor.wrap(t, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (type.shape().equals(x.type().shape())) {
      return x;
    }
    if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
        && type.size() > 0) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /** The batch axis is kept whole, where it is. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = args.get(0);
    int d = dims[0];
    int n = x.type().shape().dim(d);
    return new Batched(Node.make(new Slice(Batching.insert(start, d, 0),
        Batching.insert(limit, d, n)), x), d);
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
    int[] high = new int[start.length];
    for (int a = 0; a < high.length; a++) {
      high[a] = in.dim(a) - limit[a];
    }
    return new Node[] {pad(ct, start, high)};
  }

  @Override
  public String paramsText() {
    return "[start=" + Indexing.tuple(start) + ",limit=" + Indexing.tuple(limit) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(start), new Ints(limit));
  }
}
