package org.cotangent.symbolic.ops;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * The transpose of {@link Gather}: {@code updates} of shape {@code pre + idx.shape + post} added
 * into zeros of shape {@code pre + [size] + post}, element {@code (p, q, r)} into row {@code
 * clamp(idx[q])} of {@code axis} (a restricted {@code lax.scatter_add}); repeated indices
 * accumulate. Linear in the updates; its transpose is the gather. The size may be a size
 * expression (the transpose of a gather from an axis of symbolic length); a constant one is
 * stored, printed and hashed as the {@code int} it was.
 */
public final class ScatterAdd extends Op {
  private final int axis;
  /** The size as an int, or -1 when it is symbolic. */
  private final int size;
  private final Dim sizeDim;

  public ScatterAdd(int axis, int size) {
    super("scatter_add");
    this.axis = axis;
    this.size = size;
    this.sizeDim = Dim.of(size);
  }

  /** Scattering into an axis whose length may be a size expression. */
  public ScatterAdd(int axis, Dim size) {
    super("scatter_add");
    this.axis = axis;
    this.sizeDim = size;
    this.size = size.isConstant() ? Math.toIntExact(size.constant()) : -1;
  }

  public int axis() {
    return axis;
  }

  /** The length of the axis scattered into (a constant; throws when it is symbolic). */
  public int size() {
    if (!sizeDim.isConstant()) {
      throw new SymbolicDimException(sizeDim);
    }
    return size;
  }

  /** The length of the axis scattered into, as a dim. */
  public Dim sizeDim() {
    return sizeDim;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType u = inputs.get(0);
    TensorType idx = inputs.get(1);
    Gather.checkIndices(name(), idx);
    // A size that may be negative, or zero under indices that may be there, is refused when
    // certain, else at specialisation (the static rule) and by the entry checks of symbolic code.
    boolean empty = sizeDim.isConstant() && sizeDim.constant() == 0
        && Dims.geq(idx.shape().numel(), Dim.of(1)) == Dims.Answer.TRUE;
    if (axis < 0 || axis + idx.rank() > u.rank()
        || Dims.geq(sizeDim, Dim.of(0)) == Dims.Answer.FALSE || empty) {
      throw new IrException("scatter_add[axis=" + axis + ",size=" + sizeDim + "]: updates " + u
          + " do not fit indices " + idx);
    }
    Dim[] d = new Dim[u.rank() - idx.rank() + 1];
    for (int a = 0; a < axis; a++) {
      d[a] = u.shape().extent(a);
    }
    for (int a = 0; a < idx.rank(); a++) {
      Dim ue = u.shape().extent(axis + a);
      Dim ie = idx.shape().extent(a);
      if (Dims.equal(ue, ie) == Dims.Answer.FALSE) {
        throw new IrException("scatter_add: updates " + u + " do not have the indices' shape "
            + idx.shape() + " at axis " + axis);
      }
      Dims.requireEqual(ue, ie, name(), "updates " + u + " axis " + (axis + a) + " and indices "
          + idx + " axis " + a);
    }
    d[axis] = sizeDim;
    for (int a = axis + idx.rank(), k = axis + 1; a < u.rank(); a++) {
      d[k++] = u.shape().extent(a);
    }
    return u.withShape(Shape.of(d));
  }

  @Override
  public Op specialize(Map<String, Dim> env) {
    return sizeDim.isConstant() ? this : new ScatterAdd(axis, sizeDim.substitute(env));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor u = inputs.get(0);
    Tensor idx = inputs.get(1);
    TensorType t = inferType(List.of(u.type(), idx.type()));
    int size = size();
    int w = u.dtype().width();
    int m = idx.size();
    int inner = t.shape().strides()[axis] * w;
    int outer = size == 0 || inner == 0 ? 0 : t.size() * w / (size * inner);
    double[] a = u.unsafeData();
    double[] ix = idx.unsafeData();
    double[] r = new double[t.size() * w];
    for (int o = 0; o < outer; o++) {
      for (int q = 0; q < m; q++) {
        int dst = (o * size + Gather.clamp(ix[q], size)) * inner;
        int src = (o * m + q) * inner;
        for (int i = 0; i < inner; i++) {
          r[dst + i] += a[src + i];
        }
      }
    }
    return Tensor.wrap(t, r);
  }

  /**
   * Updates mapped: their batch axis goes first. Indices mapped: the updates get the batch axis
   * where the indices have it (broadcast if unmapped), and batch element {@code b} scatters into
   * rows {@code b * size + clamp(idx)} of one merged axis, split afterwards.
   */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node u = args.get(0);
    Node idx = args.get(1);
    if (dims[1] == Batched.NOT_MAPPED) {
      return new Batched(Node.make(new ScatterAdd(axis + 1, sizeDim),
          Batching.moveAxis(u, dims[0], 0), idx), 0);
    }
    int di = dims[1];
    Dim batch = idx.type().shape().extent(di);
    Node moved = dims[0] == Batched.NOT_MAPPED ? Batching.addAxis(u, axis + di, batch)
        : Batching.moveAxis(u, dims[0], axis + di);
    Node flat = Node.make(new ScatterAdd(axis, batch.times(sizeDim)), moved,
        Gather.rowsOf(idx, di, sizeDim));
    Dim[] split = Indexing.insert(flat.type().shape().extents(), axis, batch);
    split[axis + 1] = sizeDim;
    return new Batched(Ir.reshape(flat, Shape.of(split)), axis);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return tangents[0] == null ? null : Node.make(this, tangents[0], primals.get(1));
  }

  @Override
  public boolean isLinearIn(int i) {
    return i == 0;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    return new Node[] {Node.make(new Gather(axis), ct, node.input(1)), null};
  }

  @Override
  public String paramsText() {
    return "[axis=" + axis + ",size=" + (sizeDim.isConstant() ? String.valueOf(size)
        : sizeDim.toString()) + "]";
  }

  @Override
  protected List<Object> params() {
    return sizeDim.isConstant() ? List.of(axis, size) : List.of(axis, sizeDim);
  }
}
