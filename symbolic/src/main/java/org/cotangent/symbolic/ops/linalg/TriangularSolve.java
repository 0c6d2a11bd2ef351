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
 * {@code triangular_solve(a, b)} ({@code lax.linalg.triangular_solve}): {@code x} with {@code
 * op(a) x = b} ({@code left_side}) or {@code x op(a) = b}, where {@code op(a)} is {@code a}
 * transposed ({@code transpose_a}) and/or conjugated ({@code conjugate_a}) and only the triangle
 * of {@code a} named by {@code lower} is read (not its diagonal with {@code unit_diagonal}, which
 * is taken to be ones). {@code a} is {@code [..., k, k]}, {@code b} and {@code x} {@code [..., m,
 * n]} with the same batch dimensions ({@code k = m} on the left, {@code n} on the right).
 *
 * <p>Linear in {@code b}; its transpose is the solve with {@code transpose_a} flipped (JAX's
 * {@code _triangular_solve_transpose_rule}: the transpose, not the conjugate transpose, as every
 * VJP here). The JVP in {@code a} is {@code -op(a)^-1 op(da) x} on the left and {@code -x op(da)
 * op(a)^-1} on the right, {@code da} masked to the triangle that is read, with the cheaper order
 * of product and solve (JAX's {@code _triangular_solve_jvp_rule_a}). Batching: when {@code a} is
 * not mapped the batch goes into the right-hand sides (the columns of {@code b} on the left, its
 * rows on the right), so one solve serves the whole batch; otherwise both batch axes go first.
 */
public final class TriangularSolve extends Op {
  private final boolean leftSide;
  private final boolean lower;
  private final boolean transposeA;
  private final boolean conjugateA;
  private final boolean unitDiagonal;

  public TriangularSolve(boolean leftSide, boolean lower, boolean transposeA, boolean conjugateA,
      boolean unitDiagonal) {
    super("triangular_solve");
    this.leftSide = leftSide;
    this.lower = lower;
    this.transposeA = transposeA;
    this.conjugateA = conjugateA;
    this.unitDiagonal = unitDiagonal;
  }

  /**
   * The node {@code triangular_solve(a, b)} with these flags; {@code conjugate_a} is dropped for
   * real operands (where it means nothing), so equal solves are one node.
   */
  public static Node apply(Node a, Node b, boolean leftSide, boolean lower, boolean transposeA,
      boolean conjugateA, boolean unitDiagonal) {
    return Node.make(new TriangularSolve(leftSide, lower, transposeA,
        conjugateA && a.dtype().isComplex(), unitDiagonal), a, b);
  }

  public boolean leftSide() {
    return leftSide;
  }

  public boolean lower() {
    return lower;
  }

  public boolean transposeA() {
    return transposeA;
  }

  public boolean conjugateA() {
    return conjugateA;
  }

  public boolean unitDiagonal() {
    return unitDiagonal;
  }

  /** The flags as the kernel takes them ({@code LinalgKernels.LEFT_SIDE | ...}). */
  public int flags() {
    return (leftSide ? LinalgKernels.LEFT_SIDE : 0) | (lower ? LinalgKernels.LOWER : 0)
        | (transposeA ? LinalgKernels.TRANSPOSE_A : 0) | (conjugateA ? LinalgKernels.CONJUGATE_A : 0)
        | (unitDiagonal ? LinalgKernels.UNIT_DIAGONAL : 0);
  }

  private Node with(Node a, Node b, boolean transposed) {
    return Node.make(new TriangularSolve(leftSide, lower, transposed, conjugateA, unitDiagonal), a,
        b);
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType a = inputs.get(0);
    TensorType b = inputs.get(1);
    Dim k = Matrices.checkSquareDim(name(), a);
    Matrices.checkMatrix(name(), "b", b);
    Matrices.checkSameBatch(name(), a, b);
    Dim side = leftSide ? Matrices.rowsDim(b) : Matrices.colsDim(b);
    Dims.Answer same = Dims.equal(side, k);
    if (same == Dims.Answer.UNKNOWN) {
      Dims.requireEqual(side, k, name(), "b " + b + (leftSide ? " rows" : " columns")
          + " and a " + a + " size");
    }
    if (same == Dims.Answer.FALSE) {
      throw new IrException(name() + ": a is " + k + " x " + k + " but b " + b + " has " + side
          + (leftSide ? " rows (left_side=True solves a x = b)"
              : " columns (left_side=False solves x a = b)"));
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
      LinalgKernels.triangularSolveC128(a.unsafeData(), b.unsafeData(), out, batch,
          Matrices.rows(t), Matrices.cols(t), flags());
    } else {
      LinalgKernels.triangularSolve(a.unsafeData(), b.unsafeData(), out, batch, Matrices.rows(t),
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
    Node a = primals.get(0);
    Node db = tangents[1] == null ? null : Node.make(this, a, tangents[1]);
    Node da = tangents[0] == null ? null : jvpA(tangents[0], out, a);
    return Ir.addTangents(db, da);
  }

  private Node jvpA(Node ga, Node x, Node a) {
    int k = unitDiagonal ? 1 : 0;
    Node g = lower ? Matrices.tril(ga, -k) : Matrices.triu(ga, k);
    g = Ir.neg(g);
    if (transposeA) {
      g = Matrices.mT(g);
    }
    if (conjugateA) {
      g = Ir.conj(g);
    }
    // op(a)^-1 op(g) x, in whichever order costs less. With symbolic sizes the cheaper order is
    // taken only when it is provable, else the solve of g, as for m <= n (DESIGN, "Symbolic
    // sizes": no decision waits for a size).
    Dim m = Matrices.rowsDim(x.type());
    Dim n = Matrices.colsDim(x.type());
    if (leftSide) {
      return Dims.geq(m, n.plus(1)) == Dims.Answer.TRUE ? Node.make(this, a, matmul(g, x))
          : matmul(Node.make(this, a, g), x);
    }
    return Dims.geq(n, m.plus(1)) == Dims.Answer.TRUE ? Node.make(this, a, matmul(x, g))
        : matmul(x, Node.make(this, a, g));
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    if (linear[0]) {
      throw new IrException("triangular_solve is not linear in a");
    }
    return new Node[] {null, with(node.input(0), ct, !transposeA)};
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node a = args.get(0);
    Node b = args.get(1);
    if (dims[0] == Batched.NOT_MAPPED) {
      // The batch joins the right-hand sides: b's batch axis next to the columns (left side) or
      // the rows (right side), merged with them by a reshape, and split again afterwards.
      int r = b.rank();
      Node moved = Batching.moveAxis(b, dims[1], leftSide ? r - 1 : r - 2);
      Dim[] d = moved.type().shape().extents();
      Dim[] flat = new Dim[r - 1];
      System.arraycopy(d, 0, flat, 0, r - 3);
      if (leftSide) {
        flat[r - 3] = d[r - 3];
        flat[r - 2] = d[r - 2].times(d[r - 1]);
      } else {
        flat[r - 3] = d[r - 3].times(d[r - 2]);
        flat[r - 2] = d[r - 1];
      }
      Node x = Node.make(this, a, Ir.reshape(moved, Shape.of(flat)));
      return new Batched(Ir.reshape(x, moved.type().shape()), leftSide ? r - 1 : r - 2);
    }
    Node[] front = Batching.allToFront(args, dims);
    return new Batched(Node.make(this, front), 0);
  }

  @Override
  public String paramsText() {
    return "[left_side=" + py(leftSide) + ",lower=" + py(lower) + ",transpose_a=" + py(transposeA)
        + ",conjugate_a=" + py(conjugateA) + ",unit_diagonal=" + py(unitDiagonal) + "]";
  }

  static String py(boolean b) {
    return b ? "True" : "False";
  }

  @Override
  protected List<Object> params() {
    return List.of(leftSide, lower, transposeA, conjugateA, unitDiagonal);
  }
}
