package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.broadcastInDim;
import static org.cotangent.symbolic.Ir.reduceSum;
import static org.cotangent.symbolic.Ir.reshape;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
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
 * Broadcasts an operand to {@code shape}: operand axis {@code i} becomes output axis {@code
 * dims[i]} and must have size 1 or that axis's size; the other output axes are new. This is the
 * only broadcasting in the IR; front ends turn NumPy's implicit broadcasting into it, so the
 * transpose (a sum over the broadcast axes) is always exact.
 */
public final class BroadcastInDim extends Op {
  private final Shape shape;
  private final int[] dims;

  public BroadcastInDim(Shape shape, int[] dims) {
    super("broadcast_in_dim");
    this.shape = shape;
    this.dims = dims.clone();
  }

  public Shape shape() {
    return shape;
  }

  public int[] dims() {
    return dims.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (x.rank() != dims.length) {
      throw new IrException("broadcast_in_dim: operand of rank " + x.rank() + " needs "
          + x.rank() + " dims, got " + Indexing.tuple(dims));
    }
    Indexing.checkAxes(name(), dims, shape.rank());
    for (int i = 0; i < dims.length; i++) {
      // An operand axis is the constant 1 (stretched) or equal to its target axis; a symbolic
      // axis is never stretched, so a symbolic size that is 1 at run time stays itself.
      Dim d = x.shape().extent(i);
      Dim t = shape.extent(dims[i]);
      if (d.equals(Dim.of(1))) {
        continue;
      }
      if (Dims.equal(d, t) == Dims.Answer.UNKNOWN) {
        Dims.requireEqual(d, t, name(), "operand " + x.shape() + " axis " + i + " and target "
            + shape + " axis " + dims[i]);
      }
      if (!d.equals(t)) {
        throw new IrException("broadcast_in_dim: cannot broadcast " + x.shape() + " to " + shape
            + " (operand axis " + i + " has size " + d + ", target axis " + dims[i] + " has size "
            + t + ")");
      }
    }
    return x.withShape(shape);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    int w = x.dtype().width();
    double[] a = x.unsafeData();
    Shape in = x.shape();
    int[] inStrides = in.strides();
    double[] r = new double[shape.size() * w];
    int[] idx = new int[shape.rank()];
    for (int k = 0; k < shape.size(); k++) {
      Indexing.unravel(k, shape, idx);
      int src = 0;
      for (int i = 0; i < dims.length; i++) {
        src += (in.dim(i) == 1 ? 0 : idx[dims[i]]) * inStrides[i];
      }
      System.arraycopy(a, src * w, r, k * w, w);
    }
    return Tensor.wrap(x.type().withShape(shape), r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (x.type().shape().equals(shape) && Arrays.equals(dims, Indexing.range(0, shape.rank()))) {
      return x;
    }
    if (x.op() instanceof BroadcastInDim) {
      BroadcastInDim inner = (BroadcastInDim) x.op();
      int[] composed = new int[inner.dims.length];
      for (int i = 0; i < composed.length; i++) {
        composed[i] = dims[inner.dims[i]];
      }
      return broadcastInDim(x.input(0), shape, composed);
    }
    if (x.isConstant() && ((Constant) x.op()).isUniform()
        && (!x.type().isStatic() || x.type().size() > 0)
        && !type.dtype().isComplex()) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /** The batch axis goes first and is kept as the first output axis. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    Shape s = Batching.insert(shape, 0, x.type().shape().extent(0));
    return new Batched(Node.make(new BroadcastInDim(s, Batching.withLeading(this.dims)), x), 0);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Linear.jvp(this, primals, tangents);
  }

  @Override
  public boolean isLinearIn(int i) {
    return true;
  }

  /** Sums over the new axes and over the size-1 axes that were stretched, then reshapes back. */
  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Shape in = node.input(0).type().shape();
    int[] sumAxes = new int[shape.rank()];
    int m = 0;
    for (int a = 0; a < shape.rank(); a++) {
      int i = indexOf(dims, a);
      if (i < 0 || (in.extent(i).equals(Dim.of(1)) && !shape.extent(a).equals(Dim.of(1)))) {
        sumAxes[m++] = a;
      }
    }
    Node summed = reduceSum(ct, Arrays.copyOf(sumAxes, m));
    return new Node[] {reshape(summed, in)};
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Op specialize(Map<String, Dim> env) {
    return new BroadcastInDim(shape.substitute(env), dims);
  }

  @Override
  public String paramsText() {
    return "[shape=" + shape + ",dims=" + Indexing.tuple(dims) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(shape, new Ints(dims));
  }
}
