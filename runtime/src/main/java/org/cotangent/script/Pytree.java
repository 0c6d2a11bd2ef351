package org.cotangent.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.cotangent.Pytrees;
import org.cotangent.Treedef;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * The script's pytrees are the core's ({@link Pytrees}, {@link Treedef}): tuples, lists and dicts
 * are registered containers of the core, arrays are leaves, and flattening and rebuilding go
 * through the one implementation the Java API uses. So a dict flattens in sorted key order, as
 * JAX sorts dict keys ({@code tree_flatten({'b': 1, 'a': 2})} gives {@code [2, 1]}), and a dict
 * rebuilt from leaves (a gradient, a transformed function's result) iterates in that order. A
 * dict that no transformation rebuilt keeps its insertion order (how a literal prints).
 */
final class Pytree {
  private Pytree() {}

  /**
   * Every value that is not a tuple, list or dict is a leaf (an array, or a mistake); Java's null
   * (a statement with no value) has no leaves.
   */
  private static final Predicate<Object> LEAF = v -> v != null && !(v instanceof Values.Tuple
      || v instanceof Values.ListValue || v instanceof Values.Dict);

  static {
    Pytrees.register(Values.Tuple.class, t -> t.items, Values.Tuple::new);
    Pytrees.register(Values.ListValue.class, l -> l.items, Values.ListValue::new);
    Pytrees.registerWithKeys(Values.Dict.class, d -> {
      TreeMap<String, Object> sorted = new TreeMap<>(d.entries);
      return new Pytrees.Keyed(new ArrayList<>(sorted.keySet()),
          new ArrayList<>(sorted.values()));
    }, (keys, values) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        m.put((String) keys.get(i), values.get(i));
      }
      return new Values.Dict(m);
    });
  }

  /**
   * The leaves of {@code v} (any values: strings, functions and None are leaves here) and its
   * structure, for what is not a pytree of arrays (cache keys, origins).
   */
  static Pytrees.Flat flattenAny(Object v) {
    return Pytrees.flatten(v, LEAF);
  }

  /** The leaves of {@code v}, which must be arrays, and its structure. */
  static Pytrees.Flat flatten(Object v) {
    Pytrees.Flat flat = flattenAny(v);
    for (Object leaf : flat.leaves()) {
      if (!(leaf instanceof Node)) {
        throw new IrException("expected arrays or nested tuples, lists and dicts of arrays, got "
            + Values.typeName(leaf));
      }
    }
    return flat;
  }

  /** The arrays of {@code v}, in order; strings and None are not leaves and are rejected. */
  @SuppressWarnings("unchecked")
  static List<Node> leaves(Object v) {
    // Fast paths (no treedef is built) for an array and a tuple of arrays, the common arguments.
    if (v instanceof Node) {
      return List.of((Node) v);
    }
    if (v instanceof Values.Tuple && TraceCache.allArrays(((Values.Tuple) v).items)) {
      return (List<Node>) (List<?>) ((Values.Tuple) v).items;
    }
    return (List<Node>) (List<?>) flatten(v).leaves();
  }

  /** The structure of the pytree of arrays {@code v}. */
  static Treedef structure(Object v) {
    return flatten(v).treedef();
  }

  /** {@code template}'s structure with its leaves, in order, taken from {@code leaves}. */
  static Object rebuild(Object template, List<Node> leaves) {
    return rebuildAny(template, leaves);
  }

  /** Like {@link #rebuild}, with any values as leaves (Jacobians nest pytrees in pytrees). */
  static Object rebuildAny(Object template, List<?> leaves) {
    // Fast paths for an array and a tuple of arrays (what unflatten would build).
    if (template instanceof Node && leaves.size() == 1) {
      return leaves.get(0);
    }
    if (template instanceof Values.Tuple
        && ((Values.Tuple) template).items.size() == leaves.size()
        && TraceCache.allArrays(((Values.Tuple) template).items)) {
      return new Values.Tuple(new ArrayList<Object>(leaves));
    }
    return unflatten(structure(template), leaves);
  }

  /** {@code def} with its leaves taken from {@code leaves}. */
  static Object unflatten(Treedef def, List<?> leaves) {
    if (leaves.size() != def.numLeaves()) {
      throw new IllegalStateException("pytree has " + def.numLeaves() + " leaves, got "
          + leaves.size());
    }
    return Pytrees.unflatten(def, leaves);
  }

  /**
   * The structure and leaf types of a pytree, as text ({@code ({'a': f64[], 'b': f64[3]},)}):
   * equal for equal structures and types, so it keys trace caches and is compared by checks.
   */
  static String signature(Object v) {
    Pytrees.Flat flat = flatten(v);
    List<String> types = new ArrayList<>();
    for (Object leaf : flat.leaves()) {
      types.add(((Node) leaf).type().toString());
    }
    return describe(flat.treedef(), types);
  }

  /** {@code def} as script text, with {@code leaves} (text, in order) at its leaves. */
  static String describe(Treedef def, List<String> leaves) {
    StringBuilder sb = new StringBuilder();
    int[] k = {0};
    describe(def, leaves, k, sb);
    return sb.toString();
  }

  private static void describe(Treedef def, List<String> leaves, int[] k, StringBuilder sb) {
    if (def.isLeaf()) {
      sb.append(leaves.get(k[0]++));
      return;
    }
    Class<?> t = def.nodeType();
    boolean dict = t == Values.Dict.class;
    boolean tuple = t == Values.Tuple.class;
    List<Treedef> cs = def.children();
    sb.append(dict ? "{" : tuple ? "(" : "[");
    for (int i = 0; i < cs.size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      if (dict) {
        sb.append('\'').append(def.nodeKeys().get(i)).append("': ");
      }
      describe(cs.get(i), leaves, k, sb);
    }
    sb.append(dict ? "}" : tuple ? (cs.size() == 1 ? ",)" : ")") : "]");
  }

  /**
   * Names of the leaves of {@code def}, in order: {@code prefix} for a leaf, {@code prefix_0} for
   * the items of a tuple or list, {@code prefix_key} for a dict entry.
   */
  static void leafNames(Treedef def, String prefix, List<String> out) {
    if (def.isLeaf()) {
      out.add(prefix);
      return;
    }
    boolean dict = def.nodeType() == Values.Dict.class;
    List<Treedef> cs = def.children();
    for (int i = 0; i < cs.size(); i++) {
      leafNames(cs.get(i), prefix + "_" + (dict ? def.nodeKeys().get(i) : i), out);
    }
  }

  /** Whether {@code def} is a script tuple or list node (not a leaf, not a dict). */
  static boolean isSequence(Treedef def) {
    return def.nodeType() == Values.Tuple.class || def.nodeType() == Values.ListValue.class;
  }

  /** Whether {@code def} is a script dict node. */
  static boolean isDict(Treedef def) {
    return def.nodeType() == Values.Dict.class;
  }

  static List<TensorType> types(List<Node> leaves) {
    List<TensorType> t = new ArrayList<>();
    for (Node n : leaves) {
      t.add(n.type());
    }
    return t;
  }
}
