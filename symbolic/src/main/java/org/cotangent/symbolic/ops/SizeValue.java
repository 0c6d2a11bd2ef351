package org.cotangent.symbolic.ops;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * A size as a value of the graph (until the IR has {@code dim_value}): a constant dim is a
 * constant, as the static rules always built it, so static graphs do not change; a symbolic one
 * is its polynomial over the sizes, each size {@code n} counted as {@code reduce_sum(full(1,
 * [n]))} (exact below 2^53, O(n) in generated code; the specialised graph folds it to the
 * constant). Used by the index arithmetic of gather's and scatter_add's batching rules and of
 * {@code take_along_axis} (sort's JVP): clamps at {@code n - 1}, row offsets {@code b * n}, flat
 * strides.
 */
public final class SizeValue {
  private SizeValue() {}

  /** A value of type {@code t} whose every element is {@code d}. */
  public static Node of(Dim d, TensorType t) {
    if (d.isConstant()) {
      return Ir.full(d.constant(), t);
    }
    TensorType s = t.withShape(Shape.SCALAR);
    Node acc = d.constantTerm() == 0 ? null : Ir.full(d.constantTerm(), s);
    for (Map.Entry<List<String>, Long> term : d.terms().entrySet()) {
      Node mono = null;
      for (String v : term.getKey()) {
        Node count = Ir.reduceSum(Ir.full(1.0, t.withShape(Shape.of(Dim.var(v)))), 0);
        mono = mono == null ? count : Ir.mul(mono, count);
      }
      if (term.getValue() != 1) {
        mono = Ir.mul(Ir.full(term.getValue(), s), mono);
      }
      acc = acc == null ? mono : Ir.add(acc, mono);
    }
    return t.rank() == 0 ? acc : Ir.broadcastInDim(acc, t.shape());
  }
}
