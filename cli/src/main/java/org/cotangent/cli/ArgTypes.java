package org.cotangent.cli;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.TensorType;

/**
 * The {@code --args} of {@code gen} and {@code graph}: the abstract arguments a function is traced
 * at, as {@code NAME=TYPE} entries separated by commas ({@code W=f64[3],b=f64}). Commas inside a
 * type's brackets ({@code X=f64[2,3]}) belong to the type. A bare {@code TYPE} is allowed too; its
 * parameter name is then not checked.
 */
final class ArgTypes {
  /** One argument: its expected parameter name (null if not given) and its type. */
  record Arg(String name, TensorType type) {}

  private ArgTypes() {}

  /**
   * Parses {@code text}; an empty text means no arguments. Throws {@link IllegalArgumentException}
   * with a message naming the bad entry.
   */
  static List<Arg> parse(String text) {
    List<Arg> args = new ArrayList<>();
    if (text.isBlank()) {
      return args;
    }
    List<String> entries = split(text);
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).strip();
      String where = "entry " + (i + 1) + " '" + entry + "'";
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("entry " + (i + 1)
            + " is empty; separate NAME=TYPE entries by single commas, as in W=f64[3],b=f64");
      }
      String name = null;
      String type = entry;
      int eq = entry.indexOf('=');
      if (eq >= 0) {
        name = entry.substring(0, eq).strip();
        type = entry.substring(eq + 1).strip();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException(where + ": '" + name
              + "' is not a parameter name; write NAME=TYPE, as in W=f64[3]");
        }
        if (type.isEmpty()) {
          throw new IllegalArgumentException(where + ": the type is missing; write "
              + name + "=f64 for a scalar or " + name + "=f64[3] for a vector");
        }
        for (Arg a : args) {
          if (name.equals(a.name())) {
            throw new IllegalArgumentException(where + ": '" + name + "' is given twice");
          }
        }
      } else if (type.matches("[A-Za-z_][A-Za-z0-9_]*") && !isDType(type)) {
        throw new IllegalArgumentException(where + ": '" + type
            + "' has no type; write NAME=TYPE, as in " + type + "=f64[3]");
      }
      try {
        TensorType t = TensorType.parse(type);
        if (!t.isStatic()) {
          // Generated code needs concrete sizes (symbolic sizes stop at codegen, DESIGN section 10).
          throw new IllegalArgumentException("bad dimension '" + t.shape().firstSymbolic()
              + "' in type '" + type + "'");
        }
        args.add(new Arg(name, t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage()
            + "; types are f64, f64[3], f64[2,3], c128[4], i64[], bool[2]");
      }
    }
    return args;
  }

  private static boolean isDType(String s) {
    return s.equals("f64") || s.equals("c128") || s.equals("i64") || s.equals("bool");
  }

  /** Splits at commas outside square brackets. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** How --args spells {@code t}: {@code f64} for a scalar, else {@code f64[2,3]}. */
  static String text(TensorType t) {
    return t.rank() == 0 ? t.dtype().toString() : t.toString();
  }

  /** The types of {@code args}, in order. */
  static List<TensorType> types(List<Arg> args) {
    List<TensorType> types = new ArrayList<>(args.size());
    for (Arg a : args) {
      types.add(a.type());
    }
    return types;
  }
}
