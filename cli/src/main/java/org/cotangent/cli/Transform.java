package org.cotangent.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --transform} of {@code gen} and {@code graph}: which symbolic transformation to apply. */
enum Transform {
  /** The function itself. */
  NONE("none"),
  /** {@code Ad.grad}: the gradients with respect to {@code --argnums} (all by default). */
  GRAD("grad"),
  /** {@code Ad.valueAndGrad}: the value, then the gradients. */
  VALUE_AND_GRAD("value_and_grad"),
  /** {@code Ad.jvp}: {@code (x..., x_dot...) -> (y..., y_dot...)}. */
  JVP("jvp"),
  /** {@code Ad.vjp}: {@code (x..., y_bar...) -> (y..., x_bar...)}. */
  VJP("vjp");

  final String text;

  Transform(String text) {
    this.text = text;
  }

  /** Whether {@code --argnums} applies. */
  boolean takesArgnums() {
    return this == GRAD || this == VALUE_AND_GRAD;
  }

  /** {@code g} transformed; {@code argnums} is empty for "all inputs". */
  Graph apply(Graph g, int[] argnums) {
    switch (this) {
      case GRAD:
        return Ad.grad(g, argnums);
      case VALUE_AND_GRAD:
        return Ad.valueAndGrad(g, argnums);
      case JVP:
        return Ad.jvp(g);
      case VJP:
        return Ad.vjp(g);
      default:
        return g;
    }
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
