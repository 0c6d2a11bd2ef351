package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.integerPow;
import static org.cotangent.symbolic.Ir.mul;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * x ** n for a static integer n (negative allowed). Unlike {@code pow}, it is defined for negative
 * x and its derivative {@code n x^(n-1)} needs no logarithm.
 */
public final class IntegerPow extends Op {
  private final int n;

  public IntegerPow(int n) {
    super("integer_pow");
    this.n = n;
  }

  public int exponent() {
    return n;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    DType d = inputs.get(0).dtype();
    if (d == DType.BOOL || (d == DType.I64 && n < 0)) {
      throw new IrException("integer_pow is not defined for " + d + " with exponent " + n);
    }
    return inputs.get(0);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    double[] a = x.unsafeData();
    if (x.dtype().isComplex()) {
      double[] r = new double[a.length];
      double[] z = new double[2];
      for (int k = 0; k < a.length; k += 2) {
        org.cotangent.symbolic.kernels.ComplexMath.ipow(a[k], a[k + 1], n, z);
        r[k] = z[0];
        r[k + 1] = z[1];
      }
      return Tensor.wrap(x.type(), r);
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = power(a[i], n);
    }
    return Tensor.wrap(x.type(), r);
  }

  /** x^n by repeated squaring (what generated code does too, for agreement to the last bit). */
  public static double power(double x, int n) {
    if (n < 0) {
      return 1.0 / power(x, -n);
    }
    double result = 1.0;
    double base = x;
    int e = n;
    boolean first = true;
    while (e > 0) {
      if ((e & 1) != 0) {
        result = first ? base : result * base;
        first = false;
      }
      e >>= 1;
      if (e > 0) {
        base = base * base;
      }
    }
    return result;
  }

  /** Small powers multiply out (as {@link #power} does); others call {@code Rt.ipow}. */
  @Override
  public String javaExpression(List<String> args) {
    String x = args.get(0);
    switch (n) {
      case 2:
        return x + " * " + x;
      case 3:
        return x + " * " + x + " * " + x;
      case -1:
        return "1.0 / " + x;
      default:
        return "Rt.ipow(" + x + ", " + n + ")";
    }
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    if (n == 1) {
      return inputs.get(0);
    }
    if (n == 0) {
      return full(1.0, type);
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
    Node x = primals.get(0);
    return mul(tangents[0], mul(full(n, x.type()), integerPow(x, n - 1)));
  }

  @Override
  public String paramsText() {
    return "[y=" + n + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(n);
  }
}
