package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/** A tensor whose element at index {@code (i0, i1, ...)} is {@code i_dimension}. */
public final class Iota extends Op {
  private final TensorType type;
  private final int dimension;

  public Iota(TensorType type, int dimension) {
    super("iota");
    if (dimension < 0 || dimension >= type.rank()) {
      throw new IrException("iota: dimension " + dimension + " out of range for " + type);
    }
    if (!(type.dtype().isFloating() || type.dtype() == org.cotangent.symbolic.DType.I64)) {
      throw new IrException("iota: dtype must be numeric, got " + type.dtype());
    }
    this.type = type;
    this.dimension = dimension;
  }

  public int dimension() {
    return dimension;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 0);
    return type;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    int w = type.dtype().width();
    double[] d = new double[type.size() * w];
    int[] strides = type.shape().strides();
    for (int k = 0; k < type.size(); k++) {
      d[k * w] = (k / strides[dimension]) % type.shape().dim(dimension);
    }
    return Tensor.wrap(type, d);
  }

  /** Nullary: never mapped ({@link #batch} takes the unmapped path). */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this), Batched.NOT_MAPPED);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return null;
  }

  @Override
  public Op specialize(java.util.Map<String, Dim> env) {
    return new Iota(TensorType.of(type.dtype(), type.shape().substitute(env)), dimension);
  }

  @Override
  public String paramsText() {
    return "[" + type + ",dimension=" + dimension + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(type, dimension);
  }
}
