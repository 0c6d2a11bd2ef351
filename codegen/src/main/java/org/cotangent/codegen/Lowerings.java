package org.cotangent.codegen;

import java.util.HashMap;
import java.util.Map;
import org.cotangent.symbolic.ir.Node;

/**
 * The lowerings by primitive name (JAX's {@code mlir.register_lowering} table). Each family
 * registers its own: {@link ViewLowerings} and {@link StructuralLowerings} (reshape, broadcast,
 * slice, pad, rev; transpose, concatenate, index, iota), {@link ReduceLowering}, {@link
 * ArgReduceLowering} (argmax, argmin), {@link DotLowering}, {@link IndexingLowerings} (gather,
 * scatter_add), {@link ScanLowerings} (cumsum, cumprod, sort, argsort), {@link
 * LinalgLowerings} (cholesky, triangular_solve, solve, inv, det, slogdet), {@link
 * LoopLowering} (scan), {@link WhileLowering} (while), {@link
 * ElementwiseLowering}. An elementwise primitive needs no entry: a primitive without one
 * whose op gives a Java expression ({@code Op.javaExpression}) is lowered by the elementwise
 * adapter, so a new elementwise primitive is only its declaration. A primitive with neither is an
 * {@link UnsupportedOperationException} naming it.
 */
final class Lowerings {
  private static final Lowerings STANDARD = standardTable();

  private final Map<String, Lowering> byName = new HashMap<>();

  private Lowerings() {}

  /** The lowerings of every primitive of the build. */
  static Lowerings standard() {
    return STANDARD;
  }

  private static Lowerings standardTable() {
    Lowerings r = new Lowerings();
    ViewLowerings.registerAll(r);
    StructuralLowerings.registerAll(r);
    ReduceLowering.registerAll(r);
    ArgReduceLowering.registerAll(r);
    DotLowering.registerAll(r);
    IndexingLowerings.registerAll(r);
    ScanLowerings.registerAll(r);
    LinalgLowerings.registerAll(r);
    LoopLowering.registerAll(r);
    RevolveLowering.registerAll(r);
    WhileLowering.registerAll(r);
    ElementwiseLowering.registerAll(r);
    return r;
  }

  /** This table with {@code primitive} lowered by {@code lowering} instead (for tests and variants). */
  Lowerings with(String primitive, Lowering lowering) {
    Lowerings r = new Lowerings();
    r.byName.putAll(byName);
    r.byName.put(primitive, lowering);
    return r;
  }

  void register(String primitive, Lowering lowering) {
    if (byName.putIfAbsent(primitive, lowering) != null) {
      throw new IllegalStateException("two lowerings for '" + primitive + "'");
    }
  }

  /** The lowering of {@code n}'s primitive. */
  Lowering of(Node n) {
    Lowering l = byName.get(n.op().name());
    if (l != null) {
      return l;
    }
    if (ElementwiseLowering.adapts(n)) {
      return ElementwiseLowering.DEFAULT;
    }
    throw new UnsupportedOperationException("no code generation (lowering) for primitive '"
        + n.op().name() + "'");
  }
}
