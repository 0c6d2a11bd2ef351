package org.cotangent.symbolic.ops.linalg;

import java.util.List;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.kernels.LinalgKernels;
import org.cotangent.symbolic.ops.Batching;

/**
 * {@code det}: the determinant of each matrix of a batch {@code [..., n, n]} (shape {@code
 * [...]}), from its LU factors. JVP (Jacobi's formula): {@code d det = det tr(a^-1 da) = det
 * sum(inv(a)^T * da)}, linear in {@code da} as one product with a residual, so its transpose is a
 * scaling. At a singular matrix the rule meets {@code inv} of it and gives NaNs where the
 * derivative (the adjugate) exists; JAX computes the adjugate there through a cofactor solve.
 * Batching: the batch axis goes first.
 */
public final class Det extends Op {
  public static final Det DET = new Det();

  private Det() {
    super("det");
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    Matrices.checkSquareDim(name(), inputs.get(0));
    return inputs.get(0).withShape(Matrices.batchShape(inputs.get(0)));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    double[] out = new double[t.size() * t.dtype().width()];
    int n = Matrices.cols(x.type());
    if (t.dtype().isComplex()) {
      LinalgKernels.detC128(x.unsafeData(), out, t.size(), n);
    } else {
      LinalgKernels.det(x.unsafeData(), out, t.size(), n);
    }
    return Tensor.wrap(t, out);
  }

  /** {@code tr(a^-1 t)} for the batch of square matrices {@code a}: the rule's linear part. */
  static Node traceOfSolve(Node a, Node t) {
    return Matrices.pairing(Matrices.mT(Node.make(Inv.INV, a)), t);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Ir.mul(out, traceOfSolve(primals.get(0), tangents[0]));
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this, Batching.moveAxis(args.get(0), dims[0], 0)), 0);
  }
}
