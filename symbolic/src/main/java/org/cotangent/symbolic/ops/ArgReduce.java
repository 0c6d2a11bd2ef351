package org.cotangent.symbolic.ops;

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
 * {@code argmax} and {@code argmin} along one axis, which is dropped (JAX's {@code argmax_p} and
 * {@code argmin_p}): the {@code i64} position of the largest (smallest) element, the first one
 * among ties, as NumPy's; a NaN counts as larger (smaller) than everything, so the first NaN wins,
 * as in NumPy and JAX. Real operands ({@code f64}, {@code i64}); the axis must not be empty. The
 * derivative is zero (the output is an integer). "Over all axes" is the front end's reshape to a
 * vector first.
 */
public final class ArgReduce extends Op {
  private final int axis;
  private final boolean min;

  private ArgReduce(boolean min, int axis) {
    super(min ? "argmin" : "argmax");
    this.min = min;
    this.axis = axis;
  }

  public static ArgReduce argmax(int axis) {
    return new ArgReduce(false, axis);
  }

  public static ArgReduce argmin(int axis) {
    return new ArgReduce(true, axis);
  }

  public int axis() {
    return axis;
  }

  /** True for argmin. */
  public boolean isMin() {
    return min;
  }

  /**
   * Whether {@code v} replaces the best so far, {@code best}: strictly better (so the first of
   * ties stays), or the first NaN. A NaN best is never replaced.
   */
  public boolean better(double v, double best) {
    if (best != best) {
      return false;
    }
    return v != v || (min ? v < best : v > best);
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (x.dtype() != DType.F64 && x.dtype() != DType.I64) {
      throw new IrException(name() + " is not defined for " + x.dtype() + " operands"
          + (x.dtype().isComplex() ? " (complex numbers are not ordered)" : " (convert to i64)"));
    }
    if (axis < 0 || axis >= x.rank()) {
      throw new IrException(name() + ": axis " + axis + " is out of bounds for " + x);
    }
    // A symbolic axis that is 0 at run time is refused when the graph is specialised (and by
    // the entry checks of code for symbolic sizes).
    if (x.shape().extent(axis).equals(Dim.of(0))) {
      throw new IrException(name() + ": attempt to get " + name() + " of an empty axis (axis "
          + axis + " of " + x + ")");
    }
    Dim[] d = new Dim[x.rank() - 1];
    for (int a = 0, j = 0; a < x.rank(); a++) {
      if (a != axis) {
        d[j++] = x.shape().extent(a);
      }
    }
    return TensorType.of(DType.I64, Shape.of(d));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= x.shape().dim(a);
    }
    int inner = x.shape().strides()[axis];
    int n = x.shape().dim(axis);
    double[] a = x.unsafeData();
    double[] r = new double[t.size()];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        double best = a[base];
        int at = 0;
        for (int k = 1; k < n; k++) {
          double v = a[base + k * inner];
          if (better(v, best)) {
            best = v;
            at = k;
          }
        }
        r[o * inner + i] = at;
      }
    }
    return Tensor.wrap(t, r);
  }

  /** Along an axis of length 1 the answer is 0 everywhere. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return inputs.get(0).type().shape().extent(axis).equals(Dim.of(1)) ? Ir.zeros(type) : null;
  }

  /** The batch axis goes first; the reduced axis shifts by one. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    return new Batched(Node.make(new ArgReduce(min, axis + 1), x), 0);
  }

  /** An integer output: no derivative. */
  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return null;
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
