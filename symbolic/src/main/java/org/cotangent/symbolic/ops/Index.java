package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.index;
import static org.cotangent.symbolic.Ir.pad;
import static org.cotangent.symbolic.Ir.reshape;

import java.util.List;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * {@code x[..., i, ...]} with a static index {@code i} on {@code axis}, which is dropped from the
 * shape. Linear; its transpose puts the cotangent back at position {@code i} among zeros.
 */
public final class Index extends Op {
  private final int axis;
  private final int index;

  public Index(int axis, int index) {
    super("index");
    this.axis = axis;
    this.index = index;
  }

  public int axis() {
    return axis;
  }

  public int position() {
    return index;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (axis < 0 || axis >= x.rank()) {
      throw new IrException("index: axis " + axis + " out of range for " + x);
    }
    // A symbolic axis too short for the index is refused when the graph is specialised.
    Dim n = x.shape().extent(axis);
    if (index < 0 || Dims.geq(n, Dim.of(index + 1L)) == Dims.Answer.FALSE) {
      throw new IrException("index " + index + " is out of bounds for axis " + axis + " with size "
          + n);
    }
    return x.withShape(dropped(x.shape()));
  }

  private Shape dropped(Shape s) {
    Dim[] d = new Dim[s.rank() - 1];
    for (int a = 0, j = 0; a < s.rank(); a++) {
      if (a != axis) {
        d[j++] = s.extent(a);
      }
    }
    return Shape.of(d);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    int w = x.dtype().width();
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= x.shape().dim(a);
    }
    int inner = x.shape().strides()[axis];
    int n = x.shape().dim(axis);
    double[] r = new double[t.size() * w];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x.unsafeData(), ((o * n + index) * inner) * w, r, o * inner * w, inner * w);
    }
    return Tensor.wrap(t, r);
  }

  /** The batch axis goes first; the indexed axis shifts by one. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    return new Batched(Node.make(new Index(axis + 1, index), x), 0);
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
    if (!in.isStatic()) {
      Dim[] low = Indexing.dims(new int[in.rank()]);
      Dim[] high = Indexing.dims(new int[in.rank()]);
      low[axis] = Dim.of(index);
      high[axis] = in.extent(axis).minus(index + 1L);
      return new Node[] {Node.make(new Pad(low, high), reshape(ct, in.withExtent(axis, Dim.of(1))))};
    }
    int[] withAxis = in.dims();
    withAxis[axis] = 1;
    int[] low = new int[in.rank()];
    int[] high = new int[in.rank()];
    low[axis] = index;
    high[axis] = in.dim(axis) - index - 1;
    return new Node[] {pad(reshape(ct, Shape.of(withAxis)), low, high)};
  }

  @Override
  public String paramsText() {
    return "[axis=" + axis + ",index=" + index + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(axis, index);
  }
}
