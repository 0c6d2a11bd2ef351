package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.ir.Node;

/**
 * Elementwise primitives, lowered through their op's own emission, {@code Op.javaExpression}
 * (the Java expression of one real element from the input elements). This is the one place in
 * codegen that probes an op with placeholder arguments to learn whether it is elementwise. Fused
 * loops call {@link #element}; a scalar node becomes {@code final double x = ...;}.
 *
 * <p>Complex arithmetic will be lowerings registered here per primitive, computing the pair
 * through temporaries ({@link LoweringContext#temp}).
 */
final class ElementwiseLowering implements Lowering {
  /** The lowering of elementwise primitives that register none of their own. */
  static final ElementwiseLowering DEFAULT = new ElementwiseLowering(null, false);

  private final String hint;
  private final boolean sum;

  private ElementwiseLowering(String hint, boolean sum) {
    this.hint = hint;
    this.sum = sum;
  }

  static void registerAll(Lowerings r) {
    r.register("add", new ElementwiseLowering(null, true));
    r.register("convert_element_type", new ElementwiseLowering("conv", false));
    r.register("integer_pow", new ElementwiseLowering("pow", false));
    r.register("select", new ElementwiseLowering("sel", false));
  }

  /** True if {@code n}'s op gives the Java expression of an element (for real dtypes). */
  static boolean adapts(Node n) {
    List<String> placeholders = new ArrayList<>();
    for (int k = 0; k < n.arity(); k++) {
      placeholders.add("x" + k);
    }
    return n.op().javaExpression(placeholders) != null;
  }

  @Override
  public String hint(Node n) {
    return hint != null ? hint : n.op().name();
  }

  @Override
  public boolean isElementwise(Node n) {
    return adapts(n);
  }

  @Override
  public boolean isSum(Node n) {
    return sum && !n.dtype().isComplex();
  }

  @Override
  public ElementCode element(Node n, List<ElementCode> args, LoweringContext cx) {
    List<String> real = new ArrayList<>();
    for (ElementCode a : args) {
      real.add(a.realOnly().toString());
    }
    String expr = n.op().javaExpression(real);
    if (expr == null) {
      throw new UnsupportedOperationException("no code generation for '" + n.op().name()
          + "' on " + n.type());
    }
    Code code = Code.of("$L", expr);
    // An op's expression may call the runtime helpers by their simple name.
    return ElementCode.real(expr.contains("Rt.") ? code.referring(Rt.class) : code);
  }

  /** A scalar: {@code final double x = <element>;}. */
  @Override
  public void emit(Node n, LoweringContext cx) {
    List<ElementCode> args = new ArrayList<>();
    for (Node in : n.inputs()) {
      args.add(cx.element(in, null));
    }
    cx.declareScalar(n, element(n, args, cx));
  }
}
