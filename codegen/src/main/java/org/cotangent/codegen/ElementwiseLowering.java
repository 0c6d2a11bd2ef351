package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.ir.Node;

/**
 * Elementwise primitives. A real element is lowered through its op's own emission, {@code
 * Op.javaExpression} (the Java expression of one real element from the input elements): this is
 * the one place in codegen that probes an op with placeholder arguments to learn whether it is
 * elementwise. An element with a complex input or output is lowered by the primitive's complex
 * element function ({@link ComplexElements}), registered with it by name; a primitive without one
 * is refused by name. Fused loops call {@link #element}; a scalar node becomes {@code final double
 * x = ...;} (two locals for a complex one).
 */
final class ElementwiseLowering implements Lowering {
  /** The lowering of elementwise primitives that register none of their own. */
  static final ElementwiseLowering DEFAULT = new ElementwiseLowering(null, false, null);

  /** One element of a primitive with a complex operand or result, as a pair or a double. */
  interface ComplexElement {
    ElementCode element(Node n, List<ElementCode> args, LoweringContext cx);
  }

  private final String hint;
  private final boolean sum;
  private final ComplexElement complex;

  private ElementwiseLowering(String hint, boolean sum, ComplexElement complex) {
    this.hint = hint;
    this.sum = sum;
    this.complex = complex;
  }

  /** An elementwise primitive whose complex elements {@code complex} computes. */
  static ElementwiseLowering withComplex(String hint, ComplexElement complex) {
    return new ElementwiseLowering(hint, false, complex);
  }

  static void registerAll(Lowerings r) {
    r.register("add", new ElementwiseLowering(null, true, ComplexElements::add));
    r.register("convert_element_type", withComplex("conv", ComplexElements::convert));
    r.register("integer_pow", withComplex("pow", ComplexElements::integerPow));
    r.register("select", withComplex("sel", ComplexElements::select));
    ComplexElements.registerAll(r);
  }

  /** True if {@code n}'s op gives the Java expression of an element (for real dtypes). */
  static boolean adapts(Node n) {
    List<String> placeholders = new ArrayList<>();
    for (int k = 0; k < n.arity(); k++) {
      placeholders.add("x" + k);
    }
    return n.op().javaExpression(placeholders) != null;
  }

  /** True if {@code n} or one of its inputs is complex. */
  static boolean isComplex(Node n) {
    if (n.dtype().isComplex()) {
      return true;
    }
    for (Node in : n.inputs()) {
      if (in.dtype().isComplex()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String hint(Node n) {
    return hint != null ? hint : n.op().name();
  }

  @Override
  public boolean isElementwise(Node n) {
    return isComplex(n) ? complex != null : adapts(n);
  }

  @Override
  public boolean isSum(Node n) {
    return sum;
  }

  @Override
  public ElementCode element(Node n, List<ElementCode> args, LoweringContext cx) {
    if (isComplex(n)) {
      if (complex == null) {
        throw new UnsupportedOperationException("no code generation for '" + n.op().name()
            + "' on complex values (" + n.type() + ")");
      }
      return complex.element(n, args, cx);
    }
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
