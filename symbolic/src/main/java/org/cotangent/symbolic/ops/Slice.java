package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.Ir;
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
 * The static box {@code start <= index < limit} taking every {@code strides[a]}-th element per
 * axis ({@code lax.slice}: strides are positive, output axis {@code a} has {@code ceil((limit -
 * start) / stride)} elements, the first at {@code start}). Linear; its transpose pads with zeros,
 * with {@code stride - 1} zeros between the elements. Negative steps are {@code rev} of a slice.
 */
public final class Slice extends Op {
  private final int[] start;
  private final int[] limit;
  private final int[] strides;

  public Slice(int[] start, int[] limit) {
    this(start, limit, ones(start.length));
  }

  public Slice(int[] start, int[] limit, int[] strides) {
    super("slice");
    this.start = start.clone();
    this.limit = limit.clone();
    this.strides = strides.clone();
  }

  static int[] ones(int n) {
    int[] r = new int[n];
    java.util.Arrays.fill(r, 1);
    return r;
  }

  /** The strides, one per axis (1 for a plain box). */
  public int[] strides() {
    return strides.clone();
  }

  /** True if every stride is 1 (a contiguous box). */
  public boolean unitStrides() {
    for (int s : strides) {
      if (s != 1) {
        return false;
      }
    }
    return true;
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
    if (start.length != x.rank() || limit.length != x.rank() || strides.length != x.rank()) {
      throw new IrException("slice: operand of rank " + x.rank() + " needs " + x.rank()
          + " start and limit indices and strides, got " + Indexing.tuple(start) + ", "
          + Indexing.tuple(limit) + " and " + Indexing.tuple(strides));
    }
    int[] d = new int[x.rank()];
    for (int a = 0; a < d.length; a++) {
      if (start[a] < 0 || start[a] > limit[a] || limit[a] > x.shape().dim(a)) {
        throw new IrException("slice: [" + start[a] + ":" + limit[a] + "] is out of bounds for axis "
            + a + " of size " + x.shape().dim(a));
      }
      if (strides[a] < 1) {
        throw new IrException("slice: stride " + strides[a] + " on axis " + a
            + " must be positive (a negative step is rev of a slice)");
      }
      d[a] = (limit[a] - start[a] + strides[a] - 1) / strides[a];
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
        src += (start[i] + idx[i] * strides[i]) * inStrides[i];
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
        Batching.insert(limit, d, n), Batching.insert(strides, d, 1)), x), d);
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
    if (ct.type().size() == 0) {
      return new Node[] {Ir.zeros(node.input(0).type())};
    }
    int[] high = new int[start.length];
    int[] interior = new int[start.length];
    for (int a = 0; a < high.length; a++) {
      int last = start[a] + (ct.type().shape().dim(a) - 1) * strides[a];
      high[a] = in.dim(a) - last - 1;
      interior[a] = strides[a] - 1;
    }
    return new Node[] {Ir.pad(ct, start, high, interior)};
  }

  @Override
  public String paramsText() {
    return "[start=" + Indexing.tuple(start) + ",limit=" + Indexing.tuple(limit)
        + (unitStrides() ? "" : ",strides=" + Indexing.tuple(strides)) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(start), new Ints(limit), new Ints(strides));
  }
}
