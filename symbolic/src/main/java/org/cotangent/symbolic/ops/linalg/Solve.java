package org.cotangent.symbolic.ops.linalg;

import static org.cotangent.symbolic.ops.linalg.Matrices.matmul;

import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.kernels.LinalgKernels;
import org.cotangent.symbolic.ops.Batching;

/**
 * {@code solve(a, b)}: {@code x} with {@code a x = b} ({@code a^T x = b} with {@code transpose_a},
 * the transpose and never the conjugate transpose), for {@code a} {@code [..., n, n]} and {@code
 * b}, {@code x} {@code [..., n, k]} with the same batch dimensions, by LU factorisation with
 * partial pivoting (LAPACK's {@code getrf}/{@code getrs}). A singular {@code a} gives the
 * infinities and NaNs of its zero pivot, not an exception. ({@code jnp.linalg.solve} is {@code
 * lax.custom_linear_solve} over an LU factorisation; one primitive has the same derivatives.)
 *
 * <p>Linear in {@code b}: its transpose is {@code solve} with {@code transpose_a} flipped. JVP:
 * {@code dx = solve(a, db - op(da) x)}, one more solve with the same matrix. Batching: an unmapped
 * {@code a} takes the batch as extra columns of {@code b}; otherwise both batch axes go first.
 */
public final class Solve extends Op {
  private final boolean transposeA;

  public Solve(boolean transposeA) {
    super("solve");
    this.transposeA = transposeA;
  }

  public boolean transposeA() {
    return transposeA;
  }

  /** The flags as the kernel takes them. */
  public int flags() {
    return transposeA ? LinalgKernels.TRANSPOSE_A : 0;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType a = inputs.get(0);
    TensorType b = inputs.get(1);
    Dim n = Matrices.checkSquareDim(name(), a);
    Matrices.checkMatrix(name(), "b", b);
    Matrices.checkSameBatch(name(), a, b);
    Dims.Answer same = Dims.equal(Matrices.rowsDim(b), n);
    if (same == Dims.Answer.UNKNOWN) {
      Dims.requireEqual(Matrices.rowsDim(b), n, name(), "b " + b + " rows and a " + a + " size");
    }
    if (same == Dims.Answer.FALSE) {
      throw new IrException(name() + ": a is " + n + " x " + n + " but b " + b + " has "
          + Matrices.rowsDim(b) + " rows");
    }
    return b;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(1);
    TensorType t = inferType(List.of(a.type(), b.type()));
    double[] out = new double[b.unsafeData().length];
    int batch = Matrices.batchCount(t);
    if (t.dtype().isComplex()) {
      LinalgKernels.solveC128(a.unsafeData(), b.unsafeData(), out, batch, Matrices.rows(t),
          Matrices.cols(t), flags());
    } else {
      LinalgKernels.solve(a.unsafeData(), b.unsafeData(), out, batch, Matrices.rows(t),
          Matrices.cols(t), flags());
    }
    return Tensor.wrap(t, out);
  }

  @Override
  public boolean isLinearIn(int i) {
    return i == 1;
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    Node rhs = tangents[1];
    if (tangents[0] != null) {
      Node da = transposeA ? Matrices.mT(tangents[0]) : tangents[0];
      Node dax = matmul(da, out);
      rhs = rhs == null ? Ir.neg(dax) : Ir.sub(rhs, dax);
    }
    return Node.make(this, primals.get(0), rhs);
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    if (linear[0]) {
      throw new IrException("solve is not linear in a");
    }
    return new Node[] {null, Node.make(new Solve(!transposeA), node.input(0), ct)};
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node a = args.get(0);
    Node b = args.get(1);
    if (dims[0] == Batched.NOT_MAPPED) {
      // b's batch axis next to its columns and merged with them: one solve, more right-hand sides.
      int r = b.rank();
      Node moved = Batching.moveAxis(b, dims[1], r - 1);
      Dim[] d = moved.type().shape().extents();
      Dim[] flat = java.util.Arrays.copyOf(d, r - 1);
      flat[r - 2] = d[r - 2].times(d[r - 1]);
      Node x = Node.make(this, a, Ir.reshape(moved, Shape.of(flat)));
      return new Batched(Ir.reshape(x, moved.type().shape()), r - 1);
    }
    return new Batched(Node.make(this, Batching.allToFront(args, dims)), 0);
  }

  @Override
  public String paramsText() {
    return "[transpose_a=" + TriangularSolve.py(transposeA) + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(transposeA);
  }
}
