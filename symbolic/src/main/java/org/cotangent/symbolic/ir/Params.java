package org.cotangent.symbolic.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;

/**
 * The static parameters of one primitive application as read from canonical IR text ({@code
 * [shape=[3,4],dims=(1)]}, {@code [f64]}): positional and named values, each a {@code Long}, a
 * {@code Double}, a {@code List} (a tuple), a {@link Shape}, a {@link DType}, a {@link TensorType},
 * a {@code String} or a {@link Graph}. A primitive's decoder ({@code ops.Primitives}) asks for
 * what it needs; a missing or ill-typed value is an {@link IrException} naming it.
 */
public final class Params {
  private final List<Object> positional;
  private final Map<String, Object> named;

  public Params(List<Object> positional, Map<String, Object> named) {
    this.positional = List.copyOf(positional);
    this.named = new LinkedHashMap<>(named);
  }

  public static Params none() {
    return new Params(List.of(), Map.of());
  }

  public boolean has(String key) {
    return named.containsKey(key);
  }

  private Object get(String key) {
    Object v = named.get(key);
    if (v == null) {
      throw new IrException("missing parameter '" + key + "' (have " + named.keySet() + ")");
    }
    return v;
  }

  private Object get(int i) {
    if (i >= positional.size()) {
      throw new IrException("missing positional parameter " + i);
    }
    return positional.get(i);
  }

  public int integer(String key) {
    return toInt(get(key), key);
  }

  /** A flag, written {@code True} or {@code False}. */
  public boolean bool(String key) {
    Object v = get(key);
    if (!"True".equals(v) && !"False".equals(v)) {
      throw new IrException("parameter '" + key + "' must be True or False, got " + v);
    }
    return "True".equals(v);
  }

  /** A bare word, such as {@code sign} in {@code [part=sign]}. */
  public String word(String key) {
    Object v = get(key);
    if (!(v instanceof String)) {
      throw new IrException("parameter '" + key + "' must be a word, got " + v);
    }
    return (String) v;
  }

  /** The int tuple {@code key}, or {@code dflt} when absent. */
  public int[] ints(String key, int[] dflt) {
    return has(key) ? ints(key) : dflt;
  }

  public int[] ints(String key) {
    return toInts(get(key), key);
  }

  /** True if the tuple {@code key} holds a size expression or name (a symbolic slice's bounds). */
  public boolean hasSizeExpressions(String key) {
    for (Object o : list(get(key), key)) {
      if (!(o instanceof Long)) {
        return true;
      }
    }
    return false;
  }

  /** The tuple {@code key} of dims: integers, size names ({@code n}) and expressions ({@code n-1}). */
  public org.cotangent.symbolic.Dim[] dims(String key) {
    List<?> l = list(get(key), key);
    org.cotangent.symbolic.Dim[] r = new org.cotangent.symbolic.Dim[l.size()];
    for (int i = 0; i < r.length; i++) {
      Object o = l.get(i);
      if (o instanceof Long) {
        r[i] = org.cotangent.symbolic.Dim.of(toInt(o, key));
      } else if (o instanceof org.cotangent.symbolic.Dim) {
        r[i] = (org.cotangent.symbolic.Dim) o;
      } else if (o instanceof String) {
        r[i] = org.cotangent.symbolic.Dim.var((String) o);
      } else {
        throw new IrException("parameter '" + key + "' must be sizes, got " + o);
      }
    }
    return r;
  }

  /**
   * One size: an integer, a size name ({@code n}) or expression ({@code 2*n}; a scan's {@code
   * length}, scatter_add's {@code size}, dim_value's).
   */
  public org.cotangent.symbolic.Dim dim(String key) {
    Object o = get(key);
    if (o instanceof String) {
      return org.cotangent.symbolic.Dim.parse((String) o);
    }
    if (o instanceof org.cotangent.symbolic.Dim) {
      return (org.cotangent.symbolic.Dim) o;
    }
    return org.cotangent.symbolic.Dim.of(toInt(o, key));
  }

  /** A pair of int tuples, {@code ((1),(0))}. */
  public int[][] intPair(String key) {
    List<?> l = list(get(key), key);
    if (l.size() != 2) {
      throw new IrException("parameter '" + key + "' must be a pair of tuples");
    }
    return new int[][] {toInts(l.get(0), key), toInts(l.get(1), key)};
  }

  public double[] doubles(String key) {
    List<?> l = list(get(key), key);
    double[] r = new double[l.size()];
    for (int i = 0; i < r.length; i++) {
      Object o = l.get(i);
      if (!(o instanceof Number)) {
        throw new IrException("parameter '" + key + "' must be numbers");
      }
      r[i] = ((Number) o).doubleValue();
    }
    return r;
  }

  public Shape shape(String key) {
    Object v = get(key);
    if (!(v instanceof Shape)) {
      throw new IrException("parameter '" + key + "' must be a shape, got " + v);
    }
    return (Shape) v;
  }

  public DType dtype(int i) {
    Object v = get(i);
    if (!(v instanceof DType)) {
      throw new IrException("parameter " + i + " must be a dtype, got " + v);
    }
    return (DType) v;
  }

  public TensorType type(int i) {
    Object v = get(i);
    if (!(v instanceof TensorType)) {
      throw new IrException("parameter " + i + " must be a type, got " + v);
    }
    return (TensorType) v;
  }

  public Graph graph(String key) {
    Object v = get(key);
    if (!(v instanceof Graph)) {
      throw new IrException("parameter '" + key + "' must be a graph");
    }
    return (Graph) v;
  }

  /** A tuple of graphs, {@code ({...},{...})}. */
  public List<Graph> graphs(String key) {
    List<Graph> gs = new java.util.ArrayList<>();
    for (Object o : list(get(key), key)) {
      if (!(o instanceof Graph)) {
        throw new IrException("parameter '" + key + "' must be a tuple of graphs");
      }
      gs.add((Graph) o);
    }
    return gs;
  }

  private static List<?> list(Object v, String key) {
    if (!(v instanceof List)) {
      throw new IrException("parameter '" + key + "' must be a tuple, got " + v);
    }
    return (List<?>) v;
  }

  private static int[] toInts(Object v, String key) {
    List<?> l = list(v, key);
    int[] r = new int[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = toInt(l.get(i), key);
    }
    return r;
  }

  private static int toInt(Object v, String key) {
    if (!(v instanceof Long) || (Long) v != ((Long) v).intValue()) {
      throw new IrException("parameter '" + key + "' must be an int, got " + v);
    }
    return ((Long) v).intValue();
  }
}
