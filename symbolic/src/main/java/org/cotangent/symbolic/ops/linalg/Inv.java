package org.cotangent.symbolic.ops.linalg;

import static org.cotangent.symbolic.ops.linalg.Matrices.matmul;

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
 * {@code inv}: the inverse of each matrix of a batch {@code [..., n, n]}, by LU with partial
 * pivoting (a singular matrix gives infinities and NaNs). JVP: {@code dX = -X da X} with {@code X}
 * the result (no conjugation: {@code inv} is holomorphic). Batching: the batch axis goes first.
 * (JAX's {@code inv} is {@code solve(a, I)}; a primitive of its own keeps the program one kernel
 * call and the rule two products.)
 */
public final class Inv extends Op {
  public static final Inv INV = new Inv();

  private Inv() {
    super("inv");
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    Matrices.checkSquareDim(name(), inputs.get(0));
    return inputs.get(0);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    double[] out = new double[x.unsafeData().length];
    if (t.dtype().isComplex()) {
      LinalgKernels.invC128(x.unsafeData(), out, Matrices.batchCount(t), Matrices.cols(t));
    } else {
      LinalgKernels.inv(x.unsafeData(), out, Matrices.batchCount(t), Matrices.cols(t));
    }
    return Tensor.wrap(t, out);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Ir.neg(matmul(matmul(out, tangents[0]), out));
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this, Batching.moveAxis(args.get(0), dims[0], 0)), 0);
  }
}
