package org.cotangent.symbolic.ops;

import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Sorting along one axis, ascending and stable (NumPy's order: NaN last; {@code -0.0} and {@code
 * 0.0} are equal): {@code sort} gives the values, {@code argsort} the {@code i64} positions they
 * came from. Both use one kernel, {@link #sortRows}, which generated code calls too. {@code sort}'s
 * JVP permutes the tangent as the values are permuted, {@code take_along_axis(t, argsort(x))}
 * (JAX sorts the tangent along with the keys; the same where values are distinct, and ties are
 * points where sort is not differentiable); {@code argsort} is piecewise constant, its derivative
 * zero.
 */
public final class Sort {
  private Sort() {}

  /**
   * Sorts each row of {@code x} (laid out as {@code outer x n x inner}, rows along the middle
   * axis) into {@code out}: the values, or with {@code positions} their indices in the row.
   */
  public static void sortRows(double[] x, double[] out, int outer, int n, int inner,
      boolean positions) {
    Integer[] order = new Integer[n];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int k = 0; k < n; k++) {
          order[k] = k;
        }
        Arrays.sort(order, (a, b) -> compare(x[base + a * inner], x[base + b * inner]));
        for (int k = 0; k < n; k++) {
          out[base + k * inner] = positions ? order[k] : x[base + order[k] * inner];
        }
      }
    }
  }

  /** Ascending with NaN last; equal values (and -0.0, 0.0) compare equal, so order is kept. */
  static int compare(double a, double b) {
    if (a < b) {
      return -1;
    }
    if (a > b) {
      return 1;
    }
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    return na == nb ? 0 : na ? 1 : -1;
  }

  /** Base of both: the axis, the shape rule, evaluation by the kernel and the batching rule. */
  public abstract static class SortOp extends Op {
    final int axis;

    SortOp(String name, int axis) {
      super(name);
      this.axis = axis;
    }

    public int axis() {
      return axis;
    }

    abstract SortOp withAxis(int axis);

    /** True for argsort: the kernel writes positions. */
    public abstract boolean positions();

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      checkArity(inputs, 1);
      TensorType x = inputs.get(0);
      if (axis < 0 || axis >= x.rank()) {
        throw new IrException(name() + ": axis " + axis + " out of range for " + x);
      }
      if (x.dtype().isComplex()) {
        throw new IrException(name() + ": complex numbers are not ordered");
      }
      return positions() ? x.withDtype(DType.I64) : x;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      Tensor x = inputs.get(0);
      TensorType t = inferType(List.of(x.type()));
      Shape s = t.shape();
      int n = s.dim(axis);
      int inner = s.strides()[axis];
      int outer = n == 0 || inner == 0 ? 0 : t.size() / (n * inner);
      double[] r = new double[t.size()];
      sortRows(x.unsafeData(), r, outer, n, inner, positions());
      return Tensor.wrap(t, r);
    }

    /** The batch axis goes first and is not sorted; the axis shifts by one. */
    @Override
    public final Batched batchRule(List<Node> args, int[] dims) {
      Node x = Batching.moveAxis(args.get(0), dims[0], 0);
      return new Batched(Node.make(withAxis(axis + 1), x), 0);
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

  /** The sorted values. */
  public static final class Values extends SortOp {
    public Values(int axis) {
      super("sort", axis);
    }

    @Override
    SortOp withAxis(int axis) {
      return new Values(axis);
    }

    @Override
    public boolean positions() {
      return false;
    }

    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      return type.shape().dim(axis) <= 1 ? inputs.get(0) : null;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node perm = Node.make(new Positions(axis), primals.get(0));
      return Gather.alongAxis(tangents[0], perm, axis, true);
    }
  }

  /** The positions that sort the values ({@code i64}); its derivative is zero. */
  public static final class Positions extends SortOp {
    public Positions(int axis) {
      super("argsort", axis);
    }

    @Override
    SortOp withAxis(int axis) {
      return new Positions(axis);
    }

    @Override
    public boolean positions() {
      return true;
    }

    @Override
    public Node simplify(List<Node> inputs, TensorType type) {
      return type.shape().dim(axis) <= 1 ? Ir.zeros(type) : null;
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      return null;
    }
  }
}
