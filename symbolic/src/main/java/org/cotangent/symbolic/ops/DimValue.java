package org.cotangent.symbolic.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * A size as a value (JAX's {@code dimension_as_value}, jax2tf's {@code dim_as_value}): a scalar
 * {@code f64} or {@code i64} whose value is the size polynomial {@code size}. Nullary, with no
 * derivative (a size is not differentiable) and never batched. A constant size is a constant at
 * construction, so static graphs never hold one, and specialisation folds every one away; the
 * code for symbolic sizes reads it from the size variables ({@code (double) (2 * n + 1)}).
 * Index arithmetic that needs a size as a number (clamps at {@code n - 1}, row offsets {@code b *
 * n}) and the Java reader's sizes used as numbers build it through {@link SizeValue}.
 */
public final class DimValue extends Op {
  private final Dim size;
  private final DType dtype;

  public DimValue(Dim size, DType dtype) {
    super("dim_value");
    if (dtype != DType.F64 && dtype != DType.I64) {
      throw new IrException("dim_value: dtype must be f64 or i64, got " + dtype);
    }
    this.size = size;
    this.dtype = dtype;
  }

  public Dim size() {
    return size;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 0);
    return TensorType.of(dtype);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return size.isConstant() ? Constant.full(type, size.constant()) : null;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    if (!size.isConstant()) {
      throw new SymbolicDimException("dim_value: the size " + size + " has no value until the"
          + " graph is specialised", size);
    }
    return Tensor.wrap(TensorType.of(dtype), new double[] {size.constant()});
  }

  /** Nullary: never mapped. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this), Batched.NOT_MAPPED);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return null;
  }

  @Override
  public Op specialize(Map<String, Dim> env) {
    return new DimValue(size.substitute(env), dtype);
  }

  @Override
  public Set<String> sizeVars() {
    return size.vars();
  }

  @Override
  public String paramsText() {
    return "[" + dtype + ",size=" + size + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(size, dtype);
  }
}
