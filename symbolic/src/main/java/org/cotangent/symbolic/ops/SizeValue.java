package org.cotangent.symbolic.ops;

import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * A size as a value of the graph: a constant dim is a constant, as the static rules always built
 * it, so static graphs do not change; a symbolic one is {@link DimValue} ({@code dim_value}, read
 * from the size variables in generated code; the specialised graph folds it to the constant).
 * Used by the index arithmetic of gather's and scatter_add's batching rules and of {@code
 * take_along_axis} (sort's JVP): clamps at {@code n - 1}, row offsets {@code b * n}, flat
 * strides; and by the Java reader, where a size or count is used as a number.
 */
public final class SizeValue {
  private SizeValue() {}

  /** A value of type {@code t} whose every element is {@code d}. */
  public static Node of(Dim d, TensorType t) {
    if (d.isConstant()) {
      return Ir.full(d.constant(), t);
    }
    Node v = Node.make(new DimValue(d, t.dtype()));
    return t.rank() == 0 ? v : Ir.broadcastInDim(v, t.shape());
  }
}
