package org.cotangent.symbolic.ops;

import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;

/** Recognising identity matrices and finite constants, for simplifications that need them. */
final class Identities {
  /** Constants up to this many elements are scanned for an identity or for finiteness. */
  private static final int SCAN_LIMIT = 1 << 22;

  private Identities() {}

  /**
   * Whether {@code n} is a real square identity matrix: the basis {@code Ad.basis} builds
   * ({@code convert_element_type[f64](eq(iota[dimension=0], iota[dimension=1]))}), its
   * transpose, or a constant holding one.
   */
  static boolean isIdentity(Node n) {
    if (n.rank() != 2 || n.dtype() != DType.F64) {
      return false;
    }
    while (n.op() instanceof Transpose) {
      n = n.input(0); // a 2-D transpose of the identity is the identity
    }
    if (n.op() instanceof Constant c) {
      return isConstantIdentity(c);
    }
    if (!(n.op() instanceof ConvertElementType)) {
      return false;
    }
    Node eq = n.input(0);
    if (!(eq.op() instanceof Compare cmp) || cmp.kind() != Compare.Kind.EQ) {
      return false;
    }
    if (!(eq.input(0).op() instanceof Iota a) || !(eq.input(1).op() instanceof Iota b)) {
      return false;
    }
    boolean square = eq.type().shape().extent(0).equals(eq.type().shape().extent(1));
    return square && a.dimension() + b.dimension() == 1;
  }

  private static boolean isConstantIdentity(Constant c) {
    if (!c.type().isStatic() || c.type().size() > SCAN_LIMIT) {
      return false;
    }
    int rows = c.type().shape().dim(0);
    int cols = c.type().shape().dim(1);
    if (rows != cols) {
      return false;
    }
    double[] d = c.value().unsafeData();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (d[i * cols + j] != (i == j ? 1.0 : 0.0)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code n} is a real constant with no infinite or NaN element. */
  static boolean isFiniteRealConstant(Node n) {
    if (!(n.op() instanceof Constant c) || n.dtype() != DType.F64 || !c.type().isStatic()
        || c.type().size() > SCAN_LIMIT) {
      return false;
    }
    if (c.isUniform()) {
      return Double.isFinite(c.uniformValue());
    }
    for (double v : c.value().unsafeData()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
