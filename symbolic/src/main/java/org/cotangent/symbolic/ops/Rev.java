package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/**
 * Reverses the order of the elements along each of {@code axes} ({@code lax.rev}): how a slice
 * with a negative step is built ({@code x[::-1]}). Linear and its own transpose.
 */
public final class Rev extends Op {
  private final int[] axes;

  public Rev(int[] axes) {
    super("rev");
    this.axes = axes.clone();
  }

  public int[] axes() {
    return axes.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    Indexing.checkAxes(name(), axes, inputs.get(0).rank());
    return inputs.get(0);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    Shape s = t.shape();
    int w = t.dtype().width();
    int[] strides = s.strides();
    double[] a = x.unsafeData();
    double[] r = new double[a.length];
    int[] idx = new int[s.rank()];
    for (int k = 0; k < t.size(); k++) {
      Indexing.unravel(k, s, idx);
      for (int ax : axes) {
        idx[ax] = s.dim(ax) - 1 - idx[ax];
      }
      System.arraycopy(a, Indexing.ravel(idx, strides) * w, r, k * w, w);
    }
    return Tensor.wrap(t, r);
  }

  /** No axes, or only axes of length 1, or a uniform constant: nothing to reverse. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    boolean trivial = true;
    for (int a : axes) {
      trivial &= type.shape().dim(a) <= 1;
    }
    if (trivial || (x.isConstant() && ((Constant) x.op()).isUniform())) {
      return x;
    }
    if (x.op() instanceof Rev && ((Rev) x.op()).axes.length == axes.length
        && java.util.Arrays.equals(((Rev) x.op()).axes, axes)) {
      return x.input(0);
    }
    return null;
  }

  /** The batch axis goes first and is not reversed; the axes shift by one. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    return new Batched(Node.make(new Rev(Batching.shifted(axes)), x), 0);
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
    return new Node[] {Node.make(this, ct)};
  }

  @Override
  public String paramsText() {
    return "[axes=" + Indexing.tuple(axes) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(axes));
  }
}
