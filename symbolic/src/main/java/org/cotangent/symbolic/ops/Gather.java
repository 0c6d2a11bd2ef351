package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * {@code take(x, idx, axis)} with an {@code i64} index array: the result's shape is {@code
 * x.shape[:axis] + idx.shape + x.shape[axis+1:]}, element {@code (p, q, r)} being {@code x[p,
 * idx[q], r]} (a restricted {@code lax.gather}: one indexed axis, whole slices of the others).
 * Indices are clamped to {@code [0, n-1]}, JAX's behaviour for out-of-range indices of a gather
 * (mode {@code clip}); front ends wrap negative indices and check constant ones before building
 * it. Linear in {@code x}; its transpose is {@link ScatterAdd} with the same indices.
 */
public final class Gather extends Op {
  private final int axis;

  public Gather(int axis) {
    super("gather");
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  /** Index {@code v} (an exact integer stored as a double) clamped to {@code [0, n-1]}. */
  public static int clamp(double v, int n) {
    int j = (int) v;
    return j < 0 ? 0 : j >= n ? n - 1 : j;
  }

  static void checkIndices(String op, TensorType idx) {
    if (idx.dtype() != DType.I64) {
      throw new IrException(op + ": indices must be i64, got " + idx);
    }
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType x = inputs.get(0);
    TensorType idx = inputs.get(1);
    checkIndices(name(), idx);
    if (axis < 0 || axis >= x.rank()) {
      throw new IrException("gather: axis " + axis + " out of range for " + x);
    }
    // An empty axis with indices that may be there: refused when certain, else at
    // specialisation (the static rule) and by the entry checks of symbolic code.
    Dim n = x.shape().extent(axis);
    if (n.isConstant() && n.constant() == 0
        && Dims.geq(idx.shape().numel(), Dim.of(1)) == Dims.Answer.TRUE) {
      throw new IrException("gather: cannot take elements from axis " + axis + " of size 0");
    }
    Dim[] d = new Dim[x.rank() - 1 + idx.rank()];
    int k = 0;
    for (int a = 0; a < axis; a++) {
      d[k++] = x.shape().extent(a);
    }
    for (int a = 0; a < idx.rank(); a++) {
      d[k++] = idx.shape().extent(a);
    }
    for (int a = axis + 1; a < x.rank(); a++) {
      d[k++] = x.shape().extent(a);
    }
    return x.withShape(Shape.of(d));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    Tensor idx = inputs.get(1);
    TensorType t = inferType(List.of(x.type(), idx.type()));
    int w = x.dtype().width();
    int n = x.shape().dim(axis);
    int inner = x.shape().strides()[axis] * w;
    int m = idx.size();
    int outer = m == 0 || inner == 0 ? 0 : t.size() * w / (m * inner);
    double[] a = x.unsafeData();
    double[] ix = idx.unsafeData();
    double[] r = new double[t.size() * w];
    for (int o = 0; o < outer; o++) {
      for (int q = 0; q < m; q++) {
        System.arraycopy(a, (o * n + clamp(ix[q], n)) * inner, r, (o * m + q) * inner, inner);
      }
    }
    return Tensor.wrap(t, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
        && (!type.isStatic() || type.size() > 0)) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /**
   * x mapped: its batch axis goes first and the gather moves one axis in. Indices mapped: the
   * batch axis is an axis of the indices, so of the result. Both: x's batch axis is merged with
   * the gathered one ({@code B * n} rows) and batch element {@code b} takes rows {@code b * n +
   * clamp(idx)}.
   */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = args.get(0);
    Node idx = args.get(1);
    if (dims[1] == Batched.NOT_MAPPED) {
      return new Batched(Node.make(new Gather(axis + 1), Batching.moveAxis(x, dims[0], 0), idx), 0);
    }
    if (dims[0] == Batched.NOT_MAPPED) {
      return new Batched(Node.make(this, x, idx), axis + dims[1]);
    }
    Node moved = Batching.moveAxis(x, dims[0], axis);
    Dim n = moved.type().shape().extent(axis + 1);
    Dim[] d = new Dim[moved.rank() - 1];
    for (int a = 0, k = 0; a < moved.rank(); a++) {
      if (a == axis + 1) {
        d[k - 1] = d[k - 1].times(n);
      } else {
        d[k++] = moved.type().shape().extent(a);
      }
    }
    Node flat = Ir.reshape(moved, Shape.of(d));
    return new Batched(Node.make(this, flat, rowsOf(idx, dims[1], n)), axis + dims[1]);
  }

  /**
   * For indices batched along {@code dim} into arrays of {@code n} rows per batch element merged
   * into one axis: {@code clamp(idx) + b * n} (n may be a size: {@link SizeValue}).
   */
  static Node rowsOf(Node idx, int dim, Dim n) {
    TensorType t = idx.type();
    Node clamped = Ir.max(Ir.min(idx, SizeValue.of(n.minus(1), t)), Ir.zeros(t));
    return Ir.add(clamped, Ir.mul(Ir.iota(t, dim), SizeValue.of(n, t)));
  }

  /**
   * NumPy's {@code take_along_axis(x, idx, axis)} for indices of x's shape except along {@code
   * axis}: element {@code (p, k, r)} is {@code x[p, clamp(idx[p, k, r]), r]}. Built as one gather
   * from x flattened, at flat positions computed from iotas, so its transpose is one scatter-add.
   * {@code inRange}: the indices are known to be in {@code [0, n)} (argsort's, checked
   * constants), so they need no clamping before the offsets are added.
   */
  public static Node alongAxis(Node x, Node idx, int axis, boolean inRange) {
    Shape xs = x.type().shape();
    Shape is = idx.type().shape();
    checkIndices("take_along_axis", idx.type());
    if (is.rank() != xs.rank() || axis < 0 || axis >= xs.rank()) {
      throw new IrException("take_along_axis: indices " + idx.type() + " do not fit " + x.type()
          + " along axis " + axis);
    }
    for (int a = 0; a < xs.rank(); a++) {
      if (a == axis) {
        continue;
      }
      Dims.Answer same = Dims.equal(is.extent(a), xs.extent(a));
      if (same == Dims.Answer.FALSE) {
        throw new IrException("take_along_axis: indices " + idx.type() + " and array " + x.type()
            + " differ on axis " + a);
      }
      Dims.requireEqual(is.extent(a), xs.extent(a), "take_along_axis",
          "indices " + idx.type() + " and array " + x.type() + " axis " + a);
    }
    // Row-major strides as dims: the same ints for static shapes, size values otherwise.
    Dim[] strides = new Dim[xs.rank()];
    Dim stride = Dim.of(1);
    for (int a = xs.rank() - 1; a >= 0; a--) {
      strides[a] = stride;
      stride = stride.times(xs.extent(a));
    }
    Dim n = xs.extent(axis);
    TensorType t = idx.type();
    Node clamped = inRange ? idx
        : Ir.max(Ir.min(idx, SizeValue.of(n.minus(1), t)), Ir.zeros(t));
    Node flat = Ir.mul(clamped, SizeValue.of(strides[axis], t));
    for (int a = 0; a < xs.rank(); a++) {
      Dim e = xs.extent(a);
      if (a != axis && !(e.isConstant() && e.constant() <= 1)) {
        flat = Ir.add(flat, Ir.mul(Ir.iota(t, a), SizeValue.of(strides[a], t)));
      }
    }
    return Node.make(new Gather(0), Ir.reshape(x, Shape.of(xs.numel())), flat);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return tangents[0] == null ? null : Node.make(this, tangents[0], primals.get(1));
  }

  @Override
  public boolean isLinearIn(int i) {
    return i == 0;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Dim n = node.input(0).type().shape().extent(axis);
    return new Node[] {Node.make(new ScatterAdd(axis, n), ct, node.input(1)), null};
  }

  @Override
  public String paramsText() {
    return "[axis=" + axis + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(axis);
  }
}
