package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.select;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * {@code select(pred, onTrue, onFalse)}: elementwise {@code pred ? onTrue : onFalse}, all of one
 * shape. Linear in both branches; the predicate gets no derivative.
 */
public final class Select extends Op {
  public static final Select SELECT = new Select();

  private Select() {
    super("select");
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 3);
    TensorType p = inputs.get(0);
    TensorType a = inputs.get(1);
    TensorType b = inputs.get(2);
    if (p.dtype() != DType.BOOL) {
      throw new IrException("select: the predicate must be bool, got " + p);
    }
    if (!a.equals(b)) {
      throw new IrException("select: branches must have the same type, got " + a + " and " + b);
    }
    if (!p.shape().equals(a.shape())) {
      throw new IrException("select: predicate shape " + p.shape() + " differs from branch shape "
          + a.shape());
    }
    return a;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    double[] p = inputs.get(0).unsafeData();
    Tensor a = inputs.get(1);
    double[] x = a.unsafeData();
    double[] y = inputs.get(2).unsafeData();
    int w = a.dtype().width();
    double[] r = new double[x.length];
    for (int k = 0; k < p.length; k++) {
      double[] src = p[k] != 0 ? x : y;
      for (int j = 0; j < w; j++) {
        r[k * w + j] = src[k * w + j];
      }
    }
    return Tensor.wrap(a.type(), r);
  }

  @Override
  public String javaExpression(List<String> args) {
    return args.get(0) + " != 0.0 ? " + args.get(1) + " : " + args.get(2);
  }

  @Override
  public Node simplify(List<Node> in, TensorType type) {
    if (in.get(1) == in.get(2)) {
      return in.get(1);
    }
    if (in.get(0).isConstant(1.0)) {
      return in.get(1);
    }
    if (in.get(0).isConstant(0.0)) {
      return in.get(2);
    }
    return null;
  }

  /** Elementwise in all three: batch axes first, unmapped ones (the predicate too) broadcast. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.broadcasting(this, args, dims);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    if (tangents[1] == null && tangents[2] == null) {
      return null;
    }
    Node zero = full(0.0, out.type());
    return select(primals.get(0), tangents[1] == null ? zero : tangents[1],
        tangents[2] == null ? zero : tangents[2]);
  }

  @Override
  public boolean isLinearIn(int i) {
    return i > 0;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    if (linear[0]) {
      throw new IllegalStateException("select is not linear in its predicate");
    }
    Node p = node.input(0);
    Node zero = full(0.0, ct.type());
    return new Node[] {null, linear[1] ? select(p, ct, zero) : null,
        linear[2] ? select(p, zero, ct) : null};
  }
}
