package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.add;
import static org.cotangent.symbolic.Ir.concatenate;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.mul;
import static org.cotangent.symbolic.Ir.pad;
import static org.cotangent.symbolic.Ir.slice;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * The scans along one axis ({@code lax.cumsum}, {@code lax.cumprod}): element {@code k} of the
 * result combines elements {@code 0..k} of the operand, or {@code k..n-1} when {@code reverse}.
 * The shape is the operand's.
 */
public final class Cumulative {
  private Cumulative() {}

  /** Base of the scans: the shape rule, a generic evaluator and the batching rule. */
  public abstract static class ScanOp extends Op {
    final int axis;
    final boolean reverse;

    ScanOp(String name, int axis, boolean reverse) {
      super(name);
      this.axis = axis;
      this.reverse = reverse;
    }

    public int axis() {
      return axis;
    }

    public boolean reverse() {
      return reverse;
    }

    abstract double identity();

    abstract double combine(double acc, double x);

    abstract ScanOp with(int axis, boolean reverse);

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      checkArity(inputs, 1);
      TensorType x = inputs.get(0);
      if (axis < 0 || axis >= x.rank()) {
        throw new IrException(name() + ": axis " + axis + " out of range for rank " + x.rank());
      }
      if (x.dtype() == DType.BOOL) {
        throw new IrException(name() + " is not defined for bool (convert to i64 or f64 first)");
      }
      if (x.dtype().isComplex()) {
        throw new IrException(name() + " on complex tensors is not supported yet");
      }
      return x;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      Tensor x = inputs.get(0);
      TensorType t = inferType(List.of(x.type()));
      Shape s = t.shape();
      int n = s.dim(axis);
      int inner = s.strides()[axis];
      // An empty axis, or one after the scanned axis (inner stride 0): nothing to scan.
      int outer = n == 0 || inner == 0 ? 0 : t.size() / (n * inner);
      double[] a = x.unsafeData();
      double[] r = new double[a.length];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          double acc = identity();
          for (int j = 0; j < n; j++) {
            int k = (o * n + (reverse ? n - 1 - j : j)) * inner + i;
            acc = combine(acc, a[k]);
            r[k] = acc;
          }
        }
      }
      return Tensor.wrap(t, r);
    }

    /** A scan over an axis of length 0 or 1 is the identity. */
    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      return type.shape().dim(axis) <= 1 ? inputs.get(0) : null;
    }

    /** The batch axis goes first and is not scanned; the axis shifts by one. */
    @Override
    public final Batched batchRule(List<Node> args, int[] dims) {
      Node x = Batching.moveAxis(args.get(0), dims[0], 0);
      return new Batched(Node.make(with(axis + 1, reverse), x), 0);
    }

    @Override
    public String paramsText() {
      return "[axis=" + axis + ",reverse=" + (reverse ? "True" : "False") + "]";
    }

    @Override
    protected List<Object> params() {
      return List.of(axis, reverse);
    }
  }

  /** The running sum; linear, its transpose is the running sum in the other direction. */
  public static final class Cumsum extends ScanOp {
    public Cumsum(int axis, boolean reverse) {
      super("cumsum", axis, reverse);
    }

    @Override
    ScanOp with(int axis, boolean reverse) {
      return new Cumsum(axis, reverse);
    }

    @Override
    double identity() {
      return 0.0;
    }

    @Override
    double combine(double acc, double x) {
      return acc + x;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      return Linear.jvp(this, primals, tangents);
    }

    @Override
    public boolean isLinearIn(int i) {
      return true;
    }

    /** {@code y_k = sum_{j <= k} x_j}, so {@code x_bar_j = sum_{k >= j} y_bar_k}. */
    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      return new Node[] {Node.make(new Cumsum(axis, !reverse), ct)};
    }
  }

  /**
   * The running product. Its JVP is the product rule carried through a Hillis-Steele scan (JAX
   * differentiates cumprod through its associative scan the same way): at level {@code s = 1, 2,
   * 4, ..} every element is multiplied by the one {@code s} places before it (1 where there is
   * none), the tangent by {@code t * shifted(y) + y * shifted(t)}. Only products, no division, so
   * it is exact where elements are zero, in {@code ceil(log2 n)} vectorised levels. At symbolic
 * sizes, where the levels cannot be counted, it is a masked product matrix ({@link
 * #symbolicJvp}).
   */
  public static final class Cumprod extends ScanOp {
    public Cumprod(int axis, boolean reverse) {
      super("cumprod", axis, reverse);
    }

    @Override
    ScanOp with(int axis, boolean reverse) {
      return new Cumprod(axis, reverse);
    }

    @Override
    double identity() {
      return 1.0;
    }

    @Override
    double combine(double acc, double x) {
      return acc * x;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node y = primals.get(0);
      Node ty = tangents[0];
      if (!y.type().isStatic()) {
        return symbolicJvp(y, ty);
      }
      int n = y.type().shape().dim(axis);
      for (int s = 1; s < n; s *= 2) {
        Node ys = shifted(y, s, n, 1.0);
        Node ts = shifted(ty, s, n, 0.0);
        ty = add(mul(ty, ys), mul(y, ts));
        y = mul(y, ys);
      }
      return ty;
    }

    /**
     * The JVP for symbolic sizes, where the levels cannot be counted: {@code dy_k = sum_j W[j,k]
     * t_j} with {@code W[j,k] = prod_{i <= k, i != j} x_i} for {@code j <= k} and 0 for {@code j >
     * k} ({@code >=} and {@code <} when reverse). {@code W} is one cumprod over the scanned axis
     * {@code i} of {@code x} broadcast along a new axis {@code j} put just before it, with a 1 at
     * {@code i = j}, then masked ({@code iota} comparisons, as the linear-algebra masks). Only
     * products, so exact where factors are zero (no {@code y / x}); linear in the tangent
     * (broadcast, product with {@code W}, sum over {@code j}), so it transposes; its own JVP is
     * this rule again one rank up (second derivatives). It takes {@code n^2} work and memory per
     * scanned row where the static rule takes {@code n log n}; a scan with carry {@code (y, dy)}
     * would take {@code n}, but its carry would hold the other (symbolic) axes, and a scan body
     * must be static.
     */
    private Node symbolicJvp(Node x, Node t) {
      int r = x.rank();
      Dim[] d = x.type().shape().extents();
      Dim[] e = new Dim[r + 1];
      int[] overI = new int[r];
      int[] overJ = new int[r];
      for (int k = 0; k < r; k++) {
        e[k < axis ? k : k + 1] = d[k];
        overI[k] = k < axis ? k : k + 1;
        overJ[k] = k <= axis ? k : k + 1;
      }
      e[axis] = d[axis];
      TensorType big = x.type().withShape(Shape.of(e));
      TensorType real = big.withDtype(DType.F64);
      Node j = Ir.iota(real, axis);
      Node i = Ir.iota(real, axis + 1);
      Node xs = Ir.select(Ir.eq(i, j), full(1.0, big), Ir.broadcastInDim(x, big.shape(), overI));
      Node c = Ir.cumprod(xs, axis + 1, reverse);
      Node w = Ir.select(reverse ? Ir.ge(j, i) : Ir.le(j, i), c, Ir.zeros(big));
      return Ir.reduceSum(mul(w, Ir.broadcastInDim(t, big.shape(), overJ)), axis);
    }

    /**
     * {@code x} moved {@code s} places along the axis in the scan's direction, the {@code s}
     * places it leaves filled with {@code fill}.
     */
    private Node shifted(Node x, int s, int n, double fill) {
      int r = x.rank();
      int[] start = new int[r];
      int[] limit = x.type().shape().dims();
      int[] low = new int[r];
      int[] high = new int[r];
      if (reverse) {
        start[axis] = s;
        high[axis] = s;
      } else {
        limit[axis] = n - s;
        low[axis] = s;
      }
      Node kept = slice(x, start, limit);
      if (fill == 0.0) {
        return pad(kept, low, high);
      }
      Node ones = full(fill, x.type().withShape(x.type().shape().withDim(axis, s)));
      return reverse ? concatenate(axis, kept, ones) : concatenate(axis, ones, kept);
    }
  }
}
