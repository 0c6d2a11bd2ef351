package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.add;
import static org.cotangent.symbolic.Ir.broadcastInDim;
import static org.cotangent.symbolic.Ir.concatenate;
import static org.cotangent.symbolic.Ir.convert;
import static org.cotangent.symbolic.Ir.div;
import static org.cotangent.symbolic.Ir.eq;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.mul;
import static org.cotangent.symbolic.Ir.reduceSum;
import static org.cotangent.symbolic.Ir.reshape;
import static org.cotangent.symbolic.Ir.slice;
import static org.cotangent.symbolic.Ir.transpose;

import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/** The reductions over a sorted set of axes, which are dropped from the shape: sum, max, prod. */
public final class Reduce {
  private Reduce() {}

  /** Base of the reductions: the shape rule and a generic evaluator over a combining step. */
  public abstract static class ReduceOp extends Op {
    final int[] axes;

    ReduceOp(String name, int[] axes) {
      super(name);
      this.axes = axes.clone();
    }

    public int[] axes() {
      return axes.clone();
    }

    abstract double identity();

    abstract double combine(double acc, double x);

    /** Axes of the operand that survive the reduction. */
    int[] kept(int rank) {
      return Indexing.remaining(rank, axes);
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      checkArity(inputs, 1);
      TensorType x = inputs.get(0);
      Indexing.checkAxes(name(), axes, x.rank());
      if (x.dtype() == DType.BOOL) {
        throw new IrException(name() + " is not defined for bool (convert to i64 or f64 first)");
      }
      int[] k = kept(x.rank());
      Dim[] d = new Dim[k.length];
      for (int i = 0; i < k.length; i++) {
        d[i] = x.shape().extent(k[i]);
      }
      return x.withShape(Shape.of(d));
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      Tensor x = inputs.get(0);
      TensorType t = inferType(List.of(x.type()));
      int w = x.dtype().width();
      double[] r = new double[t.size() * w];
      for (int i = 0; i < r.length; i += w) {
        r[i] = identity();
      }
      int[] k = kept(x.rank());
      int[] outStrides = t.shape().strides();
      int[] idx = new int[x.rank()];
      double[] a = x.unsafeData();
      double[] z = new double[2];
      for (int p = 0; p < x.size(); p++) {
        Indexing.unravel(p, x.shape(), idx);
        int dst = 0;
        for (int i = 0; i < k.length; i++) {
          dst += idx[k[i]] * outStrides[i];
        }
        if (w == 1) {
          r[dst] = combine(r[dst], a[p]);
        } else {
          combineComplex(r[2 * dst], r[2 * dst + 1], a[2 * p], a[2 * p + 1], z);
          r[2 * dst] = z[0];
          r[2 * dst + 1] = z[1];
        }
      }
      return Tensor.wrap(t, r);
    }

    /** The complex combination {@code acc (+) x} into {@code out}; only sum and prod have one. */
    void combineComplex(double accRe, double accIm, double re, double im, double[] out) {
      throw new IrException(name() + " of complex numbers is not defined (they are not ordered)");
    }

    /** This reduction over other axes. */
    abstract ReduceOp withAxes(int[] axes);

    /** The batch axis goes first and is not reduced; the reduced axes shift by one. */
    @Override
    public final Batched batchRule(List<Node> args, int[] dims) {
      Node x = Batching.moveAxis(args.get(0), dims[0], 0);
      return new Batched(Node.make(withAxes(Batching.shifted(axes)), x), 0);
    }

    @Override
    public String paramsText() {
      return "[axes=" + Indexing.tuple(axes) + "]";
    }

    @Override
    protected List<Object> params() {
      return List.of(new Ints(axes));
    }
  }

  /** Sum over axes; linear, its transpose broadcasts the cotangent back. */
  public static final class Sum extends ReduceOp {
    public Sum(int[] axes) {
      super("reduce_sum", axes);
    }

    @Override
    ReduceOp withAxes(int[] axes) {
      return new Sum(axes);
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
    void combineComplex(double accRe, double accIm, double re, double im, double[] out) {
      out[0] = accRe + re;
      out[1] = accIm + im;
    }

    /**
     * Summing nothing is the identity; summing a uniform constant is a constant; summing only axes
     * that a broadcast created is a scale: {@code sum(broadcast(x)) = n * x}.
     */
    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      Node x = inputs.get(0);
      if (axes.length == 0) {
        return x;
      }
      int n = 1;
      for (int a : axes) {
        n *= x.type().shape().dim(a);
      }
      if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
          && x.type().size() > 0) {
        return full(((Constant) x.op()).uniformValue() * n, type);
      }
      if (x.op() instanceof BroadcastInDim) {
        int[] dims = ((BroadcastInDim) x.op()).dims();
        for (int a : axes) {
          if (Indexing.contains(dims, a)) {
            return null;
          }
        }
        int[] newDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
          int below = 0;
          for (int a : axes) {
            below += a < dims[i] ? 1 : 0;
          }
          newDims[i] = dims[i] - below;
        }
        Node b = broadcastInDim(x.input(0), type.shape(), newDims);
        return n == 1 ? b : mul(full(n, type), b);
      }
      return null;
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
      TensorType in = node.input(0).type();
      return new Node[] {broadcastInDim(ct, in.shape(), kept(in.rank()))};
    }
  }

  /**
   * Max over axes (real inputs). Its derivative is spread evenly over the positions that attain
   * the maximum, as JAX's reduce_max does.
   */
  public static final class Max extends ReduceOp {
    public Max(int[] axes) {
      super("reduce_max", axes);
    }

    @Override
    ReduceOp withAxes(int[] axes) {
      return new Max(axes);
    }

    /**
     * A max over an empty axis has no value (NumPy and JAX refuse it: no identity), unless the
     * result is empty too.
     */
    @Override
    public TensorType inferType(List<TensorType> inputs) {
      TensorType t = super.inferType(inputs);
      if (t.dtype().isComplex()) {
        throw new IrException("reduce_max: complex numbers are not ordered");
      }
      TensorType x = inputs.get(0);
      for (int a : axes) {
        // A symbolic axis that is 0 at run time is refused when the graph is specialised.
        if (x.shape().extent(a).equals(Dim.of(0)) && (!t.isStatic() || t.size() > 0)) {
          throw new IrException("reduce_max of an empty array has no value: axis " + a + " of " + x
              + " has size 0");
        }
      }
      return t;
    }

    @Override
    double identity() {
      return Double.NEGATIVE_INFINITY;
    }

    @Override
    double combine(double acc, double x) {
      return Math.max(acc, x);
    }

    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      return axes.length == 0 ? inputs.get(0) : null;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node x = primals.get(0);
      Node t = tangents[0];
      Node location = convert(eq(x, broadcastInDim(out, x.type().shape(), kept(x.rank()))),
          t.dtype());
      Node counts = reduceSum(location, axes);
      return div(reduceSum(mul(t, location), axes), counts);
    }
  }

  /**
   * Product over axes. The JVP multiplies pairs level by level (JAX's {@code _reduce_prod_tree}):
   * the reduced elements are laid out along one leading axis of length n, and each level
   * multiplies its first half by its second (an odd leftover pairs with 1), carrying the tangent
   * by the product rule. That is exact where some factors are zero, unlike {@code out / x}, and
   * takes O(log n) vectorised equations, so the gradient stays small at any n.
   */
  public static final class Prod extends ReduceOp {
    public Prod(int[] axes) {
      super("reduce_prod", axes);
    }

    @Override
    ReduceOp withAxes(int[] axes) {
      return new Prod(axes);
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
    void combineComplex(double accRe, double accIm, double re, double im, double[] out) {
      org.cotangent.symbolic.kernels.ComplexMath.mul(accRe, accIm, re, im, out);
    }

    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      return axes.length == 0 ? inputs.get(0) : null;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node x = primals.get(0);
      Node t = tangents[0];
      int rank = x.rank();
      int[] keptAxes = kept(rank);
      int[] perm = new int[rank];
      for (int i = 0; i < axes.length; i++) {
        perm[i] = axes[i];
      }
      for (int i = 0; i < keptAxes.length; i++) {
        perm[axes.length + i] = keptAxes[i];
      }
      if (!x.type().isStatic()) {
        return symbolicJvp(x, t, out, perm);
      }
      int n = 1;
      for (int i = 0; i < axes.length; i++) {
        n *= x.type().shape().dim(axes[i]);
      }
      if (n == 0) {
        return null;
      }
      Node[] lead = onLeadingAxis(x, t, out, perm, Dim.of(n));
      Node xs = lead[0];
      Node ts = lead[1];
      while (xs.type().shape().dim(0) > 1) {
        int m = xs.type().shape().dim(0);
        int h = (m + 1) / 2;
        Node a = leading(xs, 0, h);
        Node b = leading(xs, h, m);
        Node ta = leading(ts, 0, h);
        Node tb = leading(ts, h, m);
        if (m - h < h) {
          TensorType one = b.type().withShape(b.type().shape().withDim(0, 1));
          b = concatenate(0, b, full(1.0, one));
          tb = concatenate(0, tb, full(0.0, one));
        }
        ts = add(mul(ta, b), mul(a, tb));
        xs = mul(a, b);
      }
      return reshape(ts, out.type().shape());
    }

    /**
     * {@code x} and its tangent {@code t} with the {@code n} reduced elements on a leading axis
     * (transposed by {@code perm}, then reshaped to {@code [n, out's shape]}).
     */
    private static Node[] onLeadingAxis(Node x, Node t, Node out, int[] perm, Dim n) {
      Dim[] rest = out.type().shape().extents();
      Dim[] flat = new Dim[rest.length + 1];
      flat[0] = n;
      System.arraycopy(rest, 0, flat, 1, rest.length);
      return new Node[] {reshape(transpose(x, perm), Shape.of(flat)),
          reshape(transpose(t, perm), Shape.of(flat))};
    }

    /**
     * The JVP for symbolic sizes, where the tree's levels cannot be counted: with the reduced
     * elements on a leading axis of length n, {@code d prod = sum_i t_i pre_i suf_i}, where
     * {@code pre_i} is the product of the elements before i and {@code suf_i} of those after it
     * (exclusive running products: {@code cumprod} of the elements with a 1 put in front, or
     * behind and reversed, sliced to n). Only products, so exact where factors are zero, as the
     * tree; linear in the tangent, so it transposes. Its own JVP (second derivatives) is
     * cumprod's symbolic JVP.
     */
    private Node symbolicJvp(Node x, Node t, Node out, int[] perm) {
      Dim n = Dim.of(1);
      for (int a : axes) {
        n = n.times(x.type().shape().extent(a));
      }
      if (x.dtype().isComplex()) { // (cumprod has no complex rule)
        throw new SymbolicDimException("jvp of reduce_prod: complex values over a symbolic axis"
            + " are not supported yet (its running products need cumprod of complex values)", n);
      }
      Node[] lead = onLeadingAxis(x, t, out, perm, n);
      Node xs = lead[0];
      Node ts = lead[1];
      Dim[] flat = xs.type().shape().extents();
      Node one = full(1.0, xs.type().withShape(xs.type().shape().withExtent(0, Dim.of(1))));
      Dim[] zero = new Dim[flat.length];
      Dim[] start = new Dim[flat.length];
      Dim[] limit = flat.clone();
      java.util.Arrays.fill(zero, Dim.of(0));
      java.util.Arrays.fill(start, Dim.of(0));
      start[0] = Dim.of(1);
      Dim[] past = flat.clone();
      past[0] = n.plus(1);
      Node pre = slice(Ir.cumprod(concatenate(0, one, xs), 0, false), zero, limit);
      Node suf = slice(Ir.cumprod(concatenate(0, xs, one), 0, true), start, past);
      return reduceSum(mul(ts, mul(pre, suf)), 0);
    }

    /** Elements {@code from..to} of the leading axis. */
    private static Node leading(Node x, int from, int to) {
      int[] start = new int[x.rank()];
      int[] limit = x.type().shape().dims();
      start[0] = from;
      limit[0] = to;
      return slice(x, start, limit);
    }
  }
}
