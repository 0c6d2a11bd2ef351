package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.convert;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Converts the element type. Between floating types it is linear (f64 to c128 adds a zero
 * imaginary part, c128 to f64 keeps the real part); to or from {@code bool}/{@code i64} its
 * derivative is zero, as in JAX. Conversion to {@code bool} is {@code x != 0}; to {@code i64}
 * truncates toward zero.
 */
public final class ConvertElementType extends Op {
  private final DType to;

  public ConvertElementType(DType to) {
    super("convert_element_type");
    this.to = to;
  }

  public DType to() {
    return to;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    return inputs.get(0).withDtype(to);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType type = x.type().withDtype(to);
    int n = x.size();
    double[] d = new double[n * to.width()];
    for (int k = 0; k < n; k++) {
      double re = x.re(k);
      switch (to) {
        case BOOL:
          d[k] = re != 0 || x.im(k) != 0 ? 1 : 0;
          break;
        case I64:
          d[k] = org.cotangent.symbolic.kernels.RealMath.truncate(re);
          break;
        case F64:
          d[k] = re;
          break;
        case C128:
          d[2 * k] = re;
          d[2 * k + 1] = x.im(k);
          break;
        default:
          throw new IrException("convert_element_type: unknown dtype " + to);
      }
    }
    return Tensor.wrap(type, d);
  }

  @Override
  public String javaExpression(List<String> args) {
    String x = args.get(0);
    switch (to) {
      case BOOL:
        return x + " != 0.0 ? 1.0 : 0.0";
      case I64:
        return "Rt.truncate(" + x + ")";
      case F64:
        return x;
      default:
        return null;
    }
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (x.dtype() == to) {
      return x;
    }
    return null;
  }

  /** Elementwise: the batch axis stays where it is. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.vectorized(this, args, dims);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    if (!to.isFloating() || !primals.get(0).dtype().isFloating()) {
      return null;
    }
    return convert(tangents[0], to);
  }

  @Override
  public boolean isLinearIn(int i) {
    return true;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    DType from = node.input(0).dtype();
    if (!from.isFloating() || !to.isFloating()) {
      return new Node[] {null};
    }
    return new Node[] {convert(ct, from)};
  }

  @Override
  public String paramsText() {
    return "[" + to + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(to);
  }
}
