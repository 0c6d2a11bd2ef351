package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.select;

import java.util.List;
import org.cotangent.symbolic.Dims;
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
      throw new IrException("select: " + Dims.undecidedPrefix(a, b)
          + "branches must have the same type, got " + a + " and " + b);
    }
    if (!p.shape().equals(a.shape())) {
      throw new IrException("select: " + Dims.undecidedPrefix(p.withDtype(a.dtype()), a)
          + "predicate shape " + p.shape() + " differs from branch shape "
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

  /**
   * {@code f(ct)} for an elementwise linear map {@code f} (a product with or a quotient by a
   * residual, a negation) in a transpose, with the mask of a select kept outside: when {@code ct}
   * is {@code select(m, a, 0)} (the cotangent of a select's branch) the result is {@code select(m,
   * f(a), 0)}, so that a lane the select did not take contributes 0 even where the residual is
   * infinite or NaN (JAX's {@code where(x > 0, sqrt(x), 0)} has the gradient NaN at 0 because
   * {@code 0 * inf} is NaN). Where the residual is finite both are equal, but for the sign of a
   * zero; the derivative of the function the program computes is unchanged (issue 11 item 4).
   */
  public static Node masked(Node ct, java.util.function.UnaryOperator<Node> f) {
    if (ct.op() == Binary.ADD && ct.input(0).op() instanceof Select
        && ct.input(1).op() instanceof Select && ct.input(0).input(0) == ct.input(1).input(0)) {
      // Cotangents of one select's branch reaching a value by two paths: select(m, a, 0) +
      // select(m, b, 0) is select(m, a + b, 0) exactly.
      Node l = ct.input(0);
      Node r = ct.input(1);
      Node m = l.input(0);
      if (l.input(2).isConstant(0.0) && r.input(2).isConstant(0.0)) {
        Node v = masked(org.cotangent.symbolic.Ir.add(l.input(1), r.input(1)), f);
        return select(m, v, full(0.0, v.type()));
      }
      if (l.input(1).isConstant(0.0) && r.input(1).isConstant(0.0)) {
        Node v = masked(org.cotangent.symbolic.Ir.add(l.input(2), r.input(2)), f);
        return select(m, full(0.0, v.type()), v);
      }
    }
    if (ct.op() instanceof Select) {
      Node m = ct.input(0);
      if (ct.input(2).isConstant(0.0) && !ct.input(1).isConstant(0.0)) {
        Node v = masked(ct.input(1), f);
        return select(m, v, full(0.0, v.type()));
      }
      if (ct.input(1).isConstant(0.0) && !ct.input(2).isConstant(0.0)) {
        Node v = masked(ct.input(2), f);
        return select(m, full(0.0, v.type()), v);
      }
    }
    if (ct.isConstant(0.0)) {
      // A linear map of a zero cotangent is zero, whatever the residual (constant folding of a
      // select on a constant predicate can leave only this of its mask).
      Node v = f.apply(ct);
      return full(0.0, v.type());
    }
    if (ct.isConstant() && !((org.cotangent.symbolic.ir.Constant) ct.op()).isUniform()
        && ct.rank() > 0 && !ct.dtype().isComplex() && hasZero(ct)) {
      // A select on a constant predicate folded into this constant: its zeros are the mask.
      Node v = f.apply(ct);
      return select(org.cotangent.symbolic.Ir.ne(ct, full(0.0, ct.type())), v,
          full(0.0, v.type()));
    }
    return f.apply(ct);
  }

  private static boolean hasZero(Node c) {
    for (double d : ((org.cotangent.symbolic.ir.Constant) c.op()).value().unsafeData()) {
      if (d == 0.0) {
        return true;
      }
    }
    return false;
  }
}
