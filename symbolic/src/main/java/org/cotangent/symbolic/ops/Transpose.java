package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.transpose;

import java.util.Arrays;
import java.util.List;
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

/** Permutes axes: output axis {@code i} is operand axis {@code perm[i]}. Linear. */
public final class Transpose extends Op {
  private final int[] perm;

  public Transpose(int[] perm) {
    super("transpose");
    this.perm = perm.clone();
  }

  public int[] perm() {
    return perm.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    int[] sorted = perm.clone();
    Arrays.sort(sorted);
    if (!Arrays.equals(sorted, Indexing.range(0, x.rank()))) {
      throw new IrException("transpose: " + Indexing.tuple(perm) + " is not a permutation of the "
          + x.rank() + " axes of " + x.shape());
    }
    Dim[] d = new Dim[perm.length];
    for (int i = 0; i < perm.length; i++) {
      d[i] = x.shape().extent(perm[i]);
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
    double[] r = new double[a.length];
    int[] idx = new int[perm.length];
    for (int k = 0; k < t.size(); k++) {
      Indexing.unravel(k, t.shape(), idx);
      int src = 0;
      for (int i = 0; i < perm.length; i++) {
        src += idx[i] * inStrides[perm[i]];
      }
      System.arraycopy(a, src * w, r, k * w, w);
    }
    return Tensor.wrap(t, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (Arrays.equals(perm, Indexing.range(0, perm.length))) {
      return x;
    }
    if (x.op() instanceof Transpose) {
      int[] inner = ((Transpose) x.op()).perm;
      int[] composed = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        composed[i] = inner[perm[i]];
      }
      return transpose(x.input(0), composed);
    }
    if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
        && type.size() > 0) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /** The batch axis goes first and stays there; the other axes are permuted as before. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    return new Batched(Node.make(new Transpose(Batching.withLeading(perm)), x), 0);
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
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    return new Node[] {transpose(ct, inverse)};
  }

  @Override
  public String paramsText() {
    return "[permutation=" + Indexing.tuple(perm) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(perm));
  }
}
