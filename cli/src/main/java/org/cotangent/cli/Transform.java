package org.cotangent.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.Options;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --transform} of {@code gen} and {@code graph}: which symbolic transformation to apply. */
enum Transform {
  /** The function itself. */
  NONE("none"),
  /** {@code Cotangent.grad}: the gradients with respect to {@code --argnums} (0 by default). */
  GRAD("grad"),
  /** {@code Cotangent.valueAndGrad}: the value, then the gradients. */
  VALUE_AND_GRAD("value_and_grad"),
  /** {@code Cotangent.jvp}: {@code (x..., x_dot...) -> (y..., y_dot...)}. */
  JVP("jvp"),
  /** {@code Ad.vjp}: {@code (x..., y_bar...) -> (y..., x_bar...)}. */
  VJP("vjp"),
  /** {@code Cotangent.jacfwd}: the Jacobians with respect to {@code --argnums}. */
  JACFWD("jacfwd"),
  /** {@code Cotangent.jacrev}: the same Jacobians by reverse mode. */
  JACREV("jacrev"),
  /** {@code Cotangent.hessian}: the Hessians with respect to {@code --argnums}. */
  HESSIAN("hessian");

  final String text;

  Transform(String text) {
    this.text = text;
  }

  /** Whether {@code --argnums} applies. */
  boolean takesArgnums() {
    return this != NONE && this != JVP && this != VJP;
  }

  /**
   * {@code g} transformed by the Java API's own implementation ({@link Cotangent}), so the command
   * line, scripts and Java share one implementation, its defaults (argnums 0, as JAX) and its
   * messages; {@code argnums} is empty for the default.
   */
  Graph apply(String name, Graph g, int[] argnums) {
    Fn f = Fn.fromGraph(name, g);
    Options o = Options.argnums(argnums);
    Fn t = switch (this) {
      case GRAD -> Cotangent.grad(f, o);
      case VALUE_AND_GRAD -> Cotangent.valueAndGrad(f, o);
      case JVP -> Cotangent.jvp(f);
      case JACFWD -> Cotangent.jacfwd(f, o);
      case JACREV -> Cotangent.jacrev(f, o);
      case HESSIAN -> Cotangent.hessian(f, o);
      case VJP -> null;
      case NONE -> f;
    };
    if (this == VJP) {
      return Ad.vjp(g);
    }
    List<org.cotangent.symbolic.TensorType> types = new ArrayList<>(g.inputTypes());
    if (this == JVP) {
      types.addAll(g.inputTypes().stream().map(Ad::tangentType).toList());
    }
    return t.trace(types);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses the script-language spelling ({@code value_and_grad}; {@code -} may replace {@code _}). */
  static final class Converter implements ITypeConverter<Transform> {
    @Override
    public Transform convert(String value) {
      String v = value.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
      for (Transform t : values()) {
        if (t.text.equals(v)) {
          return t;
        }
      }
      throw new TypeConversionException("unknown transform '" + value + "'; expected one of "
          + String.join(", ", new Names()));
    }
  }

  /** The spellings, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Transform t : values()) {
        names.add(t.text);
      }
      return names.iterator();
    }
  }
}
