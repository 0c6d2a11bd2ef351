package org.cotangent;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;

/**
 * Pytrees, as in JAX's {@code jax.tree_util}: nested containers of arrays that the transformations
 * take and return whole. Parameters can be a record, a {@code Map<String, ?>} or a {@code List}
 * of arrays, and their gradients come back as the same record, map or list.
 *
 * <p>Containers: {@code List}, {@code Map} with {@code String} keys (flattened in sorted key
 * order, as JAX does with dicts; rebuilt as a map iterating in that order), records (components in
 * declaration order), arrays of pytrees such as {@code Sym[]} or {@code Tensor[]}, {@code null}
 * (no leaves, JAX's {@code None}) and types registered with {@link #register}. Leaves: {@link Sym},
 * {@link Tensor}, numbers, {@code boolean}, {@code double[]}, rectangular {@code double[][]} and
 * Commons Math {@code Complex}. See {@link Treedef} for records' static components.
 *
 * <pre>{@code
 * record Params(Sym w, Sym b) {}
 * Pytrees.Flat f = Pytrees.flatten(Map.of("b", 1.0, "a", new double[] {2, 3}));
 * f.leaves();     // [double[]{2, 3}, 1.0]: sorted keys
 * f.treedef();    // {a: *, b: *}
 * }</pre>
 */
public final class Pytrees {
  private Pytrees() {}

  /** How a registered container splits into keys and children and is rebuilt from them. */
  private record Registration(Function<Object, Keyed> children,
      BiFunction<List<Object>, List<Object>, Object> rebuild) {}

  /**
   * A registered container's children and its keys (JAX's {@code (children, aux_data)} of {@code
   * register_pytree_node}): the keys are part of the structure (compared, printed, given back to
   * the rebuild function) and are not leaves; one key per child labels the children, as a map's
   * sorted keys do, and no keys means the children are positional.
   */
  public record Keyed(List<?> keys, List<?> children) {
    /** Copies the lists (keys must be immutable values with {@code equals}). */
    public Keyed {
      keys = List.copyOf(keys);
      children = java.util.Collections.unmodifiableList(new ArrayList<>(children));
    }
  }

  private static final Map<Class<?>, Registration> REGISTERED = new ConcurrentHashMap<>();

  /**
   * Registers a container type (JAX's {@code register_pytree_node}): {@code children} lists a
   * value's children (each a pytree) in a fixed order, {@code rebuild} makes a value from children
   * in that order. The exact class is matched, not subclasses. Registering a class again replaces
   * its functions.
   */
  @SuppressWarnings("unchecked")
  public static <T> void register(Class<T> type, Function<? super T, ? extends List<?>> children,
      Function<? super List<Object>, ? extends T> rebuild) {
    Objects.requireNonNull(type);
    Objects.requireNonNull(children);
    Objects.requireNonNull(rebuild);
    if (leafKind(type) != null || List.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is already a leaf or container");
    }
    REGISTERED.put(type, new Registration(v -> new Keyed(List.of(), children.apply((T) v)),
        (keys, cs) -> rebuild.apply(cs)));
  }

  /**
   * Registers a container type whose structure has keys (JAX's {@code register_pytree_node} with
   * aux data): {@code flatten} gives a value's keys and children, {@code rebuild} makes a value
   * from the keys and the children in that order. A map-like type returns its keys sorted and its
   * values in that order, so it flattens as a {@code Map} does. The exact class is matched.
   */
  @SuppressWarnings("unchecked")
  public static <T> void registerWithKeys(Class<T> type, Function<? super T, Keyed> flatten,
      BiFunction<? super List<Object>, ? super List<Object>, ? extends T> rebuild) {
    Objects.requireNonNull(type);
    Objects.requireNonNull(flatten);
    Objects.requireNonNull(rebuild);
    if (leafKind(type) != null || List.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is already a leaf or container");
    }
    REGISTERED.put(type, new Registration(v -> flatten.apply((T) v),
        (keys, cs) -> rebuild.apply(keys, cs)));
  }

  /** A pytree's leaves in order and its structure. */
  public record Flat(List<Object> leaves, Treedef treedef) {
    /** Copies the list (leaves may not be null). */
    public Flat {
      leaves = List.copyOf(leaves);
    }
  }

  /** The leaves of {@code tree} in order (depth first, sorted keys) and its structure. */
  public static Flat flatten(Object tree) {
    List<Object> leaves = new ArrayList<>();
    Treedef def = flatten(tree, leaves, "the argument");
    return new Flat(leaves, def);
  }

  /**
   * Like {@link #flatten(Object)}, but a value for which {@code isLeaf} is true is a leaf (of kind
   * {@link Treedef.Leaf#OBJECT}) whatever its type, as JAX's {@code tree_flatten(tree, is_leaf)}:
   * the predicate is asked first, at every node. The script language flattens its values so, with
   * its arrays as leaves and its tuples, lists and dicts registered containers.
   */
  public static Flat flatten(Object tree, Predicate<Object> isLeaf) {
    Objects.requireNonNull(isLeaf);
    List<Object> leaves = new ArrayList<>();
    Treedef def = flatten(tree, leaves, "the argument", isLeaf);
    return new Flat(leaves, def);
  }

  /** The leaves of {@code tree}, in order. */
  public static List<Object> leaves(Object tree) {
    return flatten(tree).leaves();
  }

  /** The structure of {@code tree}. */
  public static Treedef structure(Object tree) {
    return flatten(tree).treedef();
  }

  /** {@code tree} with every leaf replaced by {@code f} of it (JAX's {@code tree_map}). */
  public static Object map(Function<Object, Object> f, Object tree) {
    Flat flat = flatten(tree);
    List<Object> out = new ArrayList<>();
    for (Object leaf : flat.leaves()) {
      out.add(f.apply(leaf));
    }
    return unflatten(flat.treedef(), out);
  }

  static Treedef flatten(Object v, List<Object> out, String where) {
    return flatten(v, out, where, null);
  }

  private static Treedef flatten(Object v, List<Object> out, String where,
      Predicate<Object> isLeaf) {
    if (isLeaf != null && isLeaf.test(v)) {
      out.add(v);
      return Treedef.leaf(Treedef.Leaf.OBJECT);
    }
    if (v == null) {
      return new Treedef(Treedef.Kind.NONE, null, null, List.of(), List.of());
    }
    Treedef.Leaf kind = leafKind(v.getClass());
    if (kind != null) {
      out.add(v);
      return Treedef.leaf(kind);
    }
    Registration r = REGISTERED.get(v.getClass());
    if (r != null) {
      List<Treedef> cs = new ArrayList<>();
      Keyed keyed = r.children().apply(v);
      List<?> children = keyed.children();
      boolean labelled = keyed.keys().size() == children.size();
      for (int i = 0; i < children.size(); i++) {
        cs.add(flatten(children.get(i), out, where + (labelled ? "[" + keyed.keys().get(i) + "]"
            : " child " + i), isLeaf));
      }
      return new Treedef(Treedef.Kind.CUSTOM, null, v.getClass(), new ArrayList<>(keyed.keys()),
          cs);
    }
    if (v instanceof List<?> list) {
      List<Treedef> cs = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        cs.add(flatten(list.get(i), out, where + "[" + i + "]", isLeaf));
      }
      return Treedef.list(cs);
    }
    if (v instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IrException(where + ": a map in a pytree needs String keys, got "
              + typeName(e.getKey()));
        }
        sorted.put((String) e.getKey(), e.getValue());
      }
      List<Treedef> cs = new ArrayList<>();
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        cs.add(flatten(e.getValue(), out, where + "[\"" + e.getKey() + "\"]", isLeaf));
      }
      return new Treedef(Treedef.Kind.MAP, null, null, new ArrayList<>(sorted.keySet()), cs);
    }
    if (v instanceof Record) {
      List<Treedef> cs = new ArrayList<>();
      List<Object> statics = new ArrayList<>();
      for (RecordComponent c : v.getClass().getRecordComponents()) {
        Object x = component(v, c);
        if (isStatic(c.getType())) {
          statics.add(x);
        } else {
          cs.add(flatten(x, out, where + "." + c.getName(), isLeaf));
        }
      }
      return new Treedef(Treedef.Kind.RECORD, null, v.getClass(), statics, cs);
    }
    if (v instanceof Object[] arr) {
      List<Treedef> cs = new ArrayList<>();
      for (int i = 0; i < arr.length; i++) {
        cs.add(flatten(arr[i], out, where + "[" + i + "]", isLeaf));
      }
      return new Treedef(Treedef.Kind.ARRAY, null, v.getClass().getComponentType(), List.of(),
          cs);
    }
    throw new IrException(where + " is a " + typeName(v) + ", which is neither an array nor a"
        + " container of arrays: pass a Sym, a Tensor, a double, a double[], a double[][], or a"
        + " List, Map<String, ?>, record or array of those (register other containers with"
        + " Pytrees.register)");
  }

  /** {@code def} with its leaves, in order, taken from {@code leaves}. */
  public static Object unflatten(Treedef def, List<?> leaves) {
    if (leaves.size() != def.numLeaves()) {
      throw new IrException("the structure " + def + " has " + def.numLeaves() + " leaves, got "
          + leaves.size());
    }
    int[] k = {0};
    return build(def, leaves, k);
  }

  private static Object build(Treedef def, List<?> leaves, int[] k) {
    switch (def.kind) {
      case LEAF:
        return leaves.get(k[0]++);
      case NONE:
        return null;
      case LIST: {
        List<Object> items = new ArrayList<>();
        for (Treedef c : def.children) {
          items.add(build(c, leaves, k));
        }
        return java.util.Collections.unmodifiableList(items);
      }
      case MAP: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < def.children.size(); i++) {
          m.put((String) def.keys.get(i), build(def.children.get(i), leaves, k));
        }
        return java.util.Collections.unmodifiableMap(m);
      }
      case ARRAY: {
        Object arr = java.lang.reflect.Array.newInstance(def.type, def.children.size());
        for (int i = 0; i < def.children.size(); i++) {
          Object x = build(def.children.get(i), leaves, k);
          try {
            java.lang.reflect.Array.set(arr, i, x);
          } catch (IllegalArgumentException e) {
            throw new IrException("cannot put a " + typeName(x) + " into a " + def.type
                .getSimpleName() + "[] (element " + i + ")");
          }
        }
        return arr;
      }
      case RECORD:
        return buildRecord(def, leaves, k);
      case CUSTOM: {
        List<Object> cs = new ArrayList<>();
        for (Treedef c : def.children) {
          cs.add(build(c, leaves, k));
        }
        Registration r = REGISTERED.get(def.type);
        if (r == null) {
          throw new IrException(def.type.getName() + " is no longer registered as a pytree");
        }
        return r.rebuild().apply(def.keys, cs);
      }
      default:
        throw new IllegalStateException(def.kind.toString());
    }
  }

  private static Object buildRecord(Treedef def, List<?> leaves, int[] k) {
    RecordComponent[] comps = def.type.getRecordComponents();
    if (!holdsChildren(def, comps)) {
      // A Jacobian or Hessian nests a structure where the record has an array component: it
      // comes back as a map from component name to value, in component order.
      Map<String, Object> m = new LinkedHashMap<>();
      int c = 0;
      for (RecordComponent comp : comps) {
        if (!isStatic(comp.getType())) {
          m.put(comp.getName(), build(def.children.get(c++), leaves, k));
        }
      }
      return java.util.Collections.unmodifiableMap(m);
    }
    Object[] values = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    int s = 0;
    int c = 0;
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      if (isStatic(types[i])) {
        values[i] = def.keys.get(s++);
      } else {
        values[i] = build(def.children.get(c++), leaves, k);
        if (values[i] != null && !box(types[i]).isInstance(values[i])) {
          throw new IrException("cannot rebuild record " + def.type.getSimpleName() + ": its"
              + " component " + comps[i].getName() + " is a " + types[i].getSimpleName()
              + " and cannot hold a " + typeName(values[i]) + (values[i] instanceof Sym
                  ? "; a record that a traced function takes or returns needs Sym components"
                      + " (declare it Sym " + comps[i].getName() + ")"
                  : ""));
        }
      }
    }
    try {
      Constructor<?> ctor = def.type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(values);
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      throw new IrException("cannot rebuild record " + def.type.getSimpleName() + ": " + cause);
    }
  }

  /** Whether each non-leaf child of a record structure fits the type of its component. */
  private static boolean holdsChildren(Treedef def, RecordComponent[] comps) {
    int c = 0;
    for (RecordComponent comp : comps) {
      Class<?> t = comp.getType();
      if (isStatic(t)) {
        continue;
      }
      Treedef child = def.children.get(c++);
      Class<?> made = switch (child.kind) {
        case LEAF -> null;
        case NONE -> null;
        case LIST -> List.class;
        case MAP -> Map.class;
        case ARRAY -> java.lang.reflect.Array.newInstance(child.type, 0).getClass();
        case RECORD -> holdsChildren(child, child.type.getRecordComponents()) ? child.type
            : Map.class;
        case CUSTOM -> child.type;
      };
      if (made != null && !t.isAssignableFrom(made)) {
        return false;
      }
    }
    return true;
  }

  /** The names of a record's non-static components, in order. */
  static List<String> leafComponentNames(Class<?> record) {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      if (!isStatic(c.getType())) {
        names.add(c.getName());
      }
    }
    return names;
  }

  private static Object component(Object record, RecordComponent c) {
    try {
      java.lang.reflect.Method m = c.getAccessor();
      m.setAccessible(true);
      return m.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IrException("cannot read component " + c.getName() + " of record "
          + record.getClass().getSimpleName() + ": " + e);
    }
  }

  /** Record components that are part of the structure, not leaves. */
  private static boolean isStatic(Class<?> t) {
    return t == int.class || t == long.class || t == boolean.class || t == short.class
        || t == byte.class || t == char.class || t == String.class || t.isEnum()
        || t == Class.class;
  }

  private static Class<?> box(Class<?> t) {
    if (t == double.class) {
      return Double.class;
    }
    if (t == float.class) {
      return Float.class;
    }
    return t;
  }

  /** The kind of leaf a class is, or null if it is not a leaf. */
  static Treedef.Leaf leafKind(Class<?> c) {
    if (Sym.class == c) {
      return Treedef.Leaf.SYM;
    }
    if (Tensor.class == c) {
      return Treedef.Leaf.TENSOR;
    }
    if (Number.class.isAssignableFrom(c)) {
      return Treedef.Leaf.DOUBLE;
    }
    if (c == Boolean.class) {
      return Treedef.Leaf.BOOLEAN;
    }
    if (c == double[].class) {
      return Treedef.Leaf.DOUBLE_ARRAY;
    }
    if (c == double[][].class) {
      return Treedef.Leaf.DOUBLE_MATRIX;
    }
    if (c == org.apache.commons.math3.complex.Complex.class) {
      return Treedef.Leaf.COMPLEX;
    }
    return null;
  }

  static String typeName(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName().isEmpty() ? v.getClass().getName()
        : v.getClass().getSimpleName();
  }
}
