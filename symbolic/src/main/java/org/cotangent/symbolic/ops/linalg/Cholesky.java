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
 * {@code cholesky}: the lower Cholesky factor {@code L} of each matrix of a batch {@code [..., n,
 * n]}, read as Hermitian through its Hermitian part {@code H = (X + X^H) / 2} (JAX symmetrises the
 * same way before its primitive), so that {@code L L^H = H}, {@code L} has a real positive
 * diagonal and zeros above it, and the gradient is Hermitian. An input whose Hermitian part is
 * not positive definite gives NaNs (the whole matrix), as JAX does, never an exception.
 *
 * <p>JVP (Murray, arXiv:1602.07527, JAX's {@code _cholesky_jvp_rule}), with {@code dH} the
 * Hermitian part of the tangent: {@code dL = L phi(L^-1 dH L^-H)}, where {@code phi} keeps the
 * lower triangle and halves the diagonal; the two solves are {@code triangular_solve}s, so the
 * rule is linear in the tangent and transposes through their rules. Batching: the batch axis
 * goes first, a leading batch dimension.
 */
public final class Cholesky extends Op {
  public static final Cholesky CHOLESKY = new Cholesky();

  private Cholesky() {
    super("cholesky");
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
    int n = Matrices.cols(t);
    if (t.dtype().isComplex()) {
      LinalgKernels.choleskyC128(x.unsafeData(), out, Matrices.batchCount(t), n);
    } else {
      LinalgKernels.cholesky(x.unsafeData(), out, Matrices.batchCount(t), n);
    }
    return Tensor.wrap(t, out);
  }

  /** {@code (t + t^H) / 2}: the Hermitian part of a batch of matrices. */
  static Node hermitianPart(Node t) {
    return Ir.mul(Ir.add(t, Matrices.mH(t)), Ir.full(0.5, t.type()));
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    Node l = out;
    Node dh = hermitianPart(tangents[0]);
    // tmp = dH L^-H (x op(L) = dH with op(L) = L^H), then m = L^-1 tmp.
    Node tmp = TriangularSolve.apply(l, dh, false, true, true, true, false);
    Node m = TriangularSolve.apply(l, tmp, true, true, false, false, false);
    return matmul(l, phi(m));
  }

  /** The lower triangle of every matrix of {@code m} with its diagonal halved. */
  static Node phi(Node m) {
    TensorType t = m.type();
    Node halfDiagonal = Ir.select(Matrices.diagonalMask(t, "eq", 0),
        Ir.mul(m, Ir.full(0.5, t)), Ir.zeros(t));
    return Ir.select(Matrices.diagonalMask(t, "le", -1), m, halfDiagonal);
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this, Batching.moveAxis(args.get(0), dims[0], 0)), 0);
  }
}
