package org.cotangent.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.complex.Complex;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Shape;
import org.cotangent.runtime.Timing;
import org.cotangent.symbolic.Tensor;

/**
 * Prints values as the script language's {@code print} does, so that the Java cookbook and
 * {@code cookbook.ct} can be compared line by line: arguments separated by blanks, arrays
 * NumPy-style, scalars as Python prints floats, lists as Python tuples (what JAX returns), maps
 * as dicts; or, with {@code json}, one JSON line per call in the form of {@code cotangent run
 * --json} (every number in full precision).
 */
final class CookbookPrinter {
  private final PrintStream out;
  private final boolean json;
  private final boolean quick;

  /** With {@code quick}, {@link #timeit} calls its thunk once instead of timing it. */
  CookbookPrinter(PrintStream out, boolean json, boolean quick) {
    this.out = out;
    this.json = json;
    this.quick = quick;
  }

  /**
   * The script's {@code timeit(thunk, label)}: calls the thunk until about 0.2 s have passed per
   * run, five runs, and prints the median time per call. With {@code quick}, one call, timed.
   */
  void timeit(Runnable thunk, String label) {
    if (quick) {
      long t0 = System.nanoTime();
      thunk.run();
      print(label + ": " + Timing.seconds((System.nanoTime() - t0) / 1e9) + " per call (one call)");
      return;
    }
    print(Timing.perCall(thunk).describe(label));
  }

  /** Python's {@code print(args...)}. */
  void print(Object... args) {
    if (json) {
      out.println(args.length == 1 ? json(args[0]) : json(Arrays.asList(args)));
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      sb.append(i > 0 ? " " : "").append(args[i] instanceof String s ? s : repr(args[i]));
    }
    out.println(sb);
  }

  /** The value of a printable leaf as a tensor, or null if {@code v} is not one. */
  private static Tensor tensor(Object v) {
    if (v instanceof Tensor t) {
      return t;
    }
    if (v instanceof Sym s) {
      return s.value();
    }
    if (v instanceof Boolean b) {
      return Tensor.wrap(org.cotangent.symbolic.TensorType.of(DType.BOOL), new double[] {b ? 1 : 0});
    }
    if (v instanceof Integer || v instanceof Long) {
      return Tensor.wrap(org.cotangent.symbolic.TensorType.of(DType.I64),
          new double[] {((Number) v).longValue()});
    }
    if (v instanceof Number n) {
      return Tensor.scalar(n.doubleValue());
    }
    if (v instanceof double[] d) {
      return Tensor.of(d);
    }
    if (v instanceof double[][] m) {
      return Tensor.of(m);
    }
    if (v instanceof Complex z) {
      return Tensor.complexScalar(z.getReal(), z.getImaginary());
    }
    return null;
  }

  /** A shape prints as the tuple of its dimensions. */
  private static Object normalized(Object v) {
    if (v instanceof Shape s) {
      return Arrays.stream(s.dims()).boxed().toList();
    }
    return v;
  }

  private static String repr(Object value) {
    Object v = normalized(value);
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    Tensor t = tensor(v);
    if (t != null) {
      return t.rank() == 0 && t.dtype() == DType.F64 ? pyFloat(t.item())
          : t.rank() == 0 && t.dtype() == DType.BOOL ? (t.get(0) != 0 ? "True" : "False")
          : t.toString();
    }
    if (v instanceof List<?> items) {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < items.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
      }
      return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sb.length() > 1 ? ", " : "").append(repr(e.getKey())).append(": ")
            .append(repr(e.getValue()));
      }
      return sb.append("}").toString();
    }
    throw new IllegalArgumentException("cannot print a " + v.getClass().getName());
  }

  /** Python's repr of a float, as the script prints a scalar. */
  static String pyFloat(double v) {
    return Tensor.formatPython(v);
  }

  // ------------------------------------------------------------------ JSON

  private static String json(Object v) {
    StringBuilder sb = new StringBuilder();
    json(normalized(v), sb);
    return sb.toString();
  }

  private static void json(Object value, StringBuilder sb) {
    Object v = normalized(value);
    if (v instanceof String s) {
      jsonString(s, sb);
      return;
    }
    Tensor t = tensor(v);
    if (t != null) {
      sb.append(t.toJson());
    } else if (v instanceof List<?> items) {
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        sb.append(i > 0 ? ", " : "");
        json(items.get(i), sb);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "" : ", ");
        jsonString(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        json(e.getValue(), sb);
        first = false;
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("cannot print a " + v.getClass().getName());
    }
  }

  /** JSON has no NaN or infinities: those are the strings "nan", "inf", "-inf". */
  private static void jsonString(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    sb.append('"');
  }
}
