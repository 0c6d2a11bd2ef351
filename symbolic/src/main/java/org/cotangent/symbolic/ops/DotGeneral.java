package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.dotGeneral;
import static org.cotangent.symbolic.Ir.transpose;

import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/**
 * The general tensor contraction (XLA's DotGeneral): contract {@code lhsContract[i]} with {@code
 * rhsContract[i]}, pair up batch axes {@code lhsBatch[i]} / {@code rhsBatch[i]}. The output axes
 * are the batch axes, then the lhs free axes, then the rhs free axes, each in operand order. It
 * covers dot, matmul, vdot, tensordot, outer and batched matmul. Bilinear; the two transposes are
 * one formula, the rhs one being the lhs one with the operands swapped (as in JAX).
 */
public final class DotGeneral extends Op {
  private final int[] lhsContract;
  private final int[] rhsContract;
  private final int[] lhsBatch;
  private final int[] rhsBatch;

  public DotGeneral(int[] lhsContract, int[] rhsContract, int[] lhsBatch, int[] rhsBatch) {
    super("dot_general");
    this.lhsContract = lhsContract.clone();
    this.rhsContract = rhsContract.clone();
    this.lhsBatch = lhsBatch.clone();
    this.rhsBatch = rhsBatch.clone();
  }

  public int[] lhsContract() {
    return lhsContract.clone();
  }

  public int[] rhsContract() {
    return rhsContract.clone();
  }

  public int[] lhsBatch() {
    return lhsBatch.clone();
  }

  public int[] rhsBatch() {
    return rhsBatch.clone();
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType x = inputs.get(0);
    TensorType y = inputs.get(1);
    if (x.dtype() != y.dtype() || x.dtype() == DType.BOOL) {
      throw new IrException("dot_general: operands must have one numeric dtype, got " + x + " and " + y);
    }
    if (lhsContract.length != rhsContract.length || lhsBatch.length != rhsBatch.length) {
      throw new IrException("dot_general: contracting/batch dimension lists differ in length");
    }
    checkDistinct(x, lhsContract, lhsBatch, "lhs");
    checkDistinct(y, rhsContract, rhsBatch, "rhs");
    for (int i = 0; i < lhsContract.length; i++) {
      Dim a = x.shape().extent(lhsContract[i]);
      Dim b = y.shape().extent(rhsContract[i]);
      if (Dims.equal(a, b) == Dims.Answer.UNKNOWN) {
        Dims.requireEqual(a, b, name(), "lhs " + x.shape() + " axis " + lhsContract[i] + " and rhs "
            + y.shape() + " axis " + rhsContract[i] + " (contracted)");
      }
      if (!a.equals(b)) {
        throw new IrException("dot_general: contracting dimensions differ: lhs " + x.shape()
            + " axis " + lhsContract[i] + " has size " + a + ", rhs " + y.shape() + " axis "
            + rhsContract[i] + " has size " + b);
      }
    }
    for (int i = 0; i < lhsBatch.length; i++) {
      Dim a = x.shape().extent(lhsBatch[i]);
      Dim b = y.shape().extent(rhsBatch[i]);
      if (Dims.equal(a, b) == Dims.Answer.UNKNOWN) {
        Dims.requireEqual(a, b, name(), "lhs " + x.shape() + " axis " + lhsBatch[i] + " and rhs "
            + y.shape() + " axis " + rhsBatch[i] + " (batch)");
      }
      if (!a.equals(b)) {
        throw new IrException("dot_general: batch dimensions differ: " + x.shape() + " and " + y.shape());
      }
    }
    int[] lf = Indexing.remaining(x.rank(), lhsContract, lhsBatch);
    int[] rf = Indexing.remaining(y.rank(), rhsContract, rhsBatch);
    Dim[] d = new Dim[lhsBatch.length + lf.length + rf.length];
    int k = 0;
    for (int a : lhsBatch) {
      d[k++] = x.shape().extent(a);
    }
    for (int a : lf) {
      d[k++] = x.shape().extent(a);
    }
    for (int a : rf) {
      d[k++] = y.shape().extent(a);
    }
    return x.withShape(Shape.of(d));
  }

  private static void checkDistinct(TensorType t, int[] contract, int[] batch, String side) {
    boolean[] used = new boolean[t.rank()];
    for (int[] list : new int[][] {contract, batch}) {
      for (int a : list) {
        if (a < 0 || a >= t.rank() || used[a]) {
          throw new IrException("dot_general: " + side + " axis " + a + " is out of range or repeated for "
              + t.shape());
        }
        used[a] = true;
      }
    }
  }

  /**
   * A product with a scalar operand (no axes to contract or pair) is a scaling: {@code
   * dot_general(x, s) = x * s}, which the rules of {@code mul} then simplify further ({@code 1 *
   * x = x}); transposes of products with a scalar cotangent produce these. A product of a real
   * constant whose elements are all finite with the identity matrix (one contracted axis, no
   * batch axes), which Jacobians and Hessians of functions with constant matrices produce ({@code
   * A e_j} for the basis {@code e}), is that constant with its contracted axis moved to where the
   * identity's free axis is: exact, since every other term is {@code 0 * a} with {@code a} finite
   * (only the sign of a zero may differ, as for {@code x + 0}). With a non-finite or non-constant
   * operand it stays a product: {@code 0 * inf} is NaN.
   */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    Node y = inputs.get(1);
    if (x.rank() == 0 || y.rank() == 0) {
      Shape shape = type.shape();
      return Ir.mul(Ir.broadcastInDim(x, shape, x.rank() == 0 ? new int[0] : Indexing.range(0, x.rank())),
          Ir.broadcastInDim(y, shape, y.rank() == 0 ? new int[0] : Indexing.range(0, y.rank())));
    }
    if (lhsBatch.length == 0 && lhsContract.length == 1) {
      if (Identities.isIdentity(y) && Identities.isFiniteRealConstant(x)) {
        return Ir.transpose(x, append(Indexing.remaining(x.rank(), lhsContract), lhsContract[0]));
      }
      if (Identities.isIdentity(x) && Identities.isFiniteRealConstant(y)) {
        return Ir.transpose(y, prepend(rhsContract[0], Indexing.remaining(y.rank(), rhsContract)));
      }
    }
    return null;
  }

  private static int[] append(int[] a, int last) {
    int[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = last;
    return r;
  }

  private static int[] prepend(int first, int[] a) {
    int[] r = new int[a.length + 1];
    r[0] = first;
    System.arraycopy(a, 0, r, 1, a.length);
    return r;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    Tensor y = inputs.get(1);
    boolean complex = x.dtype().isComplex();
    TensorType out = inferType(List.of(x.type(), y.type()));
    int[] lf = Indexing.remaining(x.rank(), lhsContract, lhsBatch);
    int[] rf = Indexing.remaining(y.rank(), rhsContract, rhsBatch);
    int[] xs = x.shape().strides();
    int[] ys = y.shape().strides();
    int[] cdims = new int[lhsContract.length];
    for (int i = 0; i < cdims.length; i++) {
      cdims[i] = x.shape().dim(lhsContract[i]);
    }
    Shape cshape = Shape.of(cdims);
    double[] a = x.unsafeData();
    double[] b = y.unsafeData();
    double[] r = new double[out.size() * (complex ? 2 : 1)];
    int[] oi = new int[out.rank()];
    int[] ci = new int[cdims.length];
    for (int p = 0; p < out.size(); p++) {
      Indexing.unravel(p, out.shape(), oi);
      int xb = 0;
      int yb = 0;
      int k = 0;
      for (int i = 0; i < lhsBatch.length; i++, k++) {
        xb += oi[k] * xs[lhsBatch[i]];
        yb += oi[k] * ys[rhsBatch[i]];
      }
      for (int a2 : lf) {
        xb += oi[k++] * xs[a2];
      }
      for (int a2 : rf) {
        yb += oi[k++] * ys[a2];
      }
      double acc = 0;
      double accIm = 0;
      for (int q = 0; q < cshape.size(); q++) {
        Indexing.unravel(q, cshape, ci);
        int xo = xb;
        int yo = yb;
        for (int i = 0; i < ci.length; i++) {
          xo += ci[i] * xs[lhsContract[i]];
          yo += ci[i] * ys[rhsContract[i]];
        }
        if (complex) {
          acc += a[2 * xo] * b[2 * yo] - a[2 * xo + 1] * b[2 * yo + 1];
          accIm += a[2 * xo] * b[2 * yo + 1] + a[2 * xo + 1] * b[2 * yo];
        } else {
          acc += a[xo] * b[yo];
        }
      }
      if (complex) {
        r[2 * p] = acc;
        r[2 * p + 1] = accIm;
      } else {
        r[p] = acc;
      }
    }
    return Tensor.wrap(out, r);
  }

  /**
   * Both operands mapped: the batch axis becomes a leading dot_general batch dimension. One mapped:
   * it goes first in that operand and is a free dimension, which the output places after the batch
   * dimensions (and, for the rhs, after the lhs free dimensions).
   */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = args.get(0);
    Node y = args.get(1);
    if (dims[0] != Batched.NOT_MAPPED && dims[1] != Batched.NOT_MAPPED) {
      Batching.batchSize(args, dims);
      x = Batching.moveAxis(x, dims[0], 0);
      y = Batching.moveAxis(y, dims[1], 0);
      return new Batched(Node.make(new DotGeneral(Batching.shifted(lhsContract),
          Batching.shifted(rhsContract), Batching.withLeading(lhsBatch),
          Batching.withLeading(rhsBatch)), x, y), 0);
    }
    if (dims[0] != Batched.NOT_MAPPED) {
      x = Batching.moveAxis(x, dims[0], 0);
      return new Batched(Node.make(new DotGeneral(Batching.shifted(lhsContract), rhsContract,
          Batching.shifted(lhsBatch), rhsBatch), x, y), lhsBatch.length);
    }
    y = Batching.moveAxis(y, dims[1], 0);
    int lhsFree = x.rank() - lhsContract.length - lhsBatch.length;
    return new Batched(Node.make(new DotGeneral(lhsContract, Batching.shifted(rhsContract),
        lhsBatch, Batching.shifted(rhsBatch)), x, y), lhsBatch.length + lhsFree);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Linear.bilinearJvp(this, primals, tangents);
  }

  @Override
  public boolean isLinearIn(int i) {
    return true;
  }

  @Override
  public boolean isBilinear() {
    return true;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Node x = node.input(0);
    Node y = node.input(1);
    if (linear[0]) {
      return new Node[] {transposeLhs(ct, x.rank(), y, lhsContract, rhsContract, lhsBatch,
          rhsBatch, false), null};
    }
    return new Node[] {null, transposeLhs(ct, y.rank(), x, rhsContract, lhsContract, rhsBatch,
        lhsBatch, true)};
  }

  /**
   * The cotangent of the lhs (of rank {@code xRank}) given the output cotangent {@code g} and the
   * rhs {@code y}. With {@code swapAns} the output's free axes are (y free, x free), which is how
   * the rhs transpose reuses this with the operands swapped.
   */
  private static Node transposeLhs(Node g, int xRank, Node y, int[] xContract, int[] yContract,
      int[] xBatch, int[] yBatch, boolean swapAns) {
    int[] xKept = Indexing.remaining(xRank, xContract, xBatch);
    int[] yKept = Indexing.remaining(y.rank(), yContract, yBatch);
    int nb = xBatch.length;
    int[] ansBatch = Indexing.range(0, nb);
    int[] ansY = swapAns
        ? Indexing.range(nb, nb + yKept.length)
        : Indexing.range(nb + xKept.length, nb + xKept.length + yKept.length);
    int[] order = argsort(yContract);
    int[] xContractSortedByY = new int[xContract.length];
    for (int i = 0; i < order.length; i++) {
      xContractSortedByY[i] = xContract[order[i]];
    }
    // When x's axes are (batch, contracted, kept) in order, the product with the operands swapped
    // already has x's layout: no transpose (this is the usual matmul gradient, W_bar = X^T g).
    int[] swappedLayout = new int[xRank];
    int s = 0;
    for (int a : xBatch) {
      swappedLayout[s++] = a;
    }
    for (int a : xContractSortedByY) {
      swappedLayout[s++] = a;
    }
    for (int a : xKept) {
      swappedLayout[s++] = a;
    }
    if (Arrays.equals(swappedLayout, Indexing.range(0, xRank))) {
      return dotGeneral(y, g, yKept, ansY, yBatch, ansBatch);
    }
    Node dot = dotGeneral(g, y, ansY, yKept, ansBatch, yBatch);
    // dot's axes are (batch, x kept, x contract sorted by y's contract order); put them back.
    int[] layout = new int[xRank];
    int k = 0;
    for (int a : xBatch) {
      layout[k++] = a;
    }
    for (int a : xKept) {
      layout[k++] = a;
    }
    for (int a : xContractSortedByY) {
      layout[k++] = a;
    }
    return transpose(dot, argsort(layout));
  }

  private static int[] argsort(int[] a) {
    Integer[] idx = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (p, q) -> Integer.compare(a[p], a[q]));
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = idx[i];
    }
    return r;
  }

  @Override
  public String paramsText() {
    return "[contract=(" + Indexing.tuple(lhsContract) + "," + Indexing.tuple(rhsContract)
        + "),batch=(" + Indexing.tuple(lhsBatch) + "," + Indexing.tuple(rhsBatch) + ")]";
  }

  @Override
  protected List<Object> params() {
    return List.of(new Ints(lhsContract), new Ints(rhsContract), new Ints(lhsBatch),
        new Ints(rhsBatch));
  }
}
