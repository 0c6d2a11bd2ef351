package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * {@code complex(re, im)}: the complex number with these real and imaginary parts (two f64
 * tensors of one shape to one c128 tensor). Linear in both parts together; its transpose is
 * {@code (real(ct), -imag(ct))}, so that transposition pairs values with cotangents by {@code
 * Re(w z)} without conjugation, JAX's convention (DESIGN section 3).
 */
public final class MakeComplex extends Op {
  public static final MakeComplex COMPLEX = new MakeComplex();

  private MakeComplex() {
    super("complex");
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType re = inputs.get(0);
    TensorType im = inputs.get(1);
    if (!re.equals(im) || re.dtype() != DType.F64) {
      throw new IrException("complex: the real and imaginary parts must be f64 of one shape, got "
          + re + " and " + im);
    }
    return re.withDtype(DType.C128);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    double[] re = inputs.get(0).unsafeData();
    double[] im = inputs.get(1).unsafeData();
    double[] z = new double[2 * re.length];
    for (int k = 0; k < re.length; k++) {
      z[2 * k] = re[k];
      z[2 * k + 1] = im[k];
    }
    return Tensor.wrap(inputs.get(0).type().withDtype(DType.C128), z);
  }

  /** {@code complex(real(z), imag(z)) = z}. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node re = inputs.get(0);
    Node im = inputs.get(1);
    if (re.op() == Unary.REAL && im.op() == Unary.IMAG && re.input(0) == im.input(0)) {
      return re.input(0);
    }
    return null;
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.broadcasting(this, args, dims);
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
    return new Node[] {linear[0] ? Ir.real(ct) : null, linear[1] ? Ir.neg(Ir.imag(ct)) : null};
  }
}
