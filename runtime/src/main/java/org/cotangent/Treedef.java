package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The structure of a pytree without its leaves: JAX's {@code PyTreeDef}. Made by {@link
 * Pytrees#flatten}, used by {@link Pytrees#unflatten} to put leaves back in the same places.
 *
 * <p>A node is a leaf (with the Java {@linkplain Leaf kind} it had: results come back as the kind
 * the argument was, a {@code double[]} gradient for a {@code double[]} parameter), a {@code List},
 * a {@code Map} with string keys (children in sorted key order, as JAX sorts dict keys), a record
 * (children in component order; components of type {@code int}, {@code long}, {@code boolean},
 * {@code String} or an enum are not leaves but part of the structure, like JAX's static fields),
 * an array of pytrees ({@code Sym[]}, {@code Tensor[]}, {@code Object[]}; not {@code double[][]},
 * which is a leaf), {@code null} (no leaves, JAX's {@code None}), or a registered container
 * ({@link Pytrees#register}, {@link Pytrees#registerWithKeys}: its keys are part of the
 * structure). Immutable; equal structures are {@link #equals equal}.
 */
public final class Treedef {
  /** What a leaf was in Java, so a result leaf can be returned as the same kind. */
  public enum Leaf {
    /** A {@link org.cotangent.frontend.Sym} (traced, or holding a value). */
    SYM,
    /** A {@link org.cotangent.symbolic.Tensor}. */
    TENSOR,
    /** A {@code double} (or other number): a real scalar. */
    DOUBLE,
    /** A {@code double[]}: a real vector. */
    DOUBLE_ARRAY,
    /** A rectangular {@code double[][]}: a real matrix. */
    DOUBLE_MATRIX,
    /** A Commons Math {@code Complex}: a complex scalar. */
    COMPLEX,
    /** A {@code boolean}. */
    BOOLEAN,
    /** A value of any type that the predicate of {@link Pytrees#flatten(Object,
     * java.util.function.Predicate)} called a leaf (the script language's arrays). */
    OBJECT,
    /** Any kind: a structure compared without its leaves' kinds (for caches). */
    ANY
  }

  enum Kind { LEAF, NONE, LIST, MAP, RECORD, ARRAY, CUSTOM }

  final Kind kind;
  final Leaf leaf;
  /** The record, array component or registered class; null otherwise. */
  final Class<?> type;
  /** The sorted keys of a map; the static components of a record (name=value); else empty. */
  final List<Object> keys;
  final List<Treedef> children;
  private final int numLeaves;
  private final int hash;

  Treedef(Kind kind, Leaf leaf, Class<?> type, List<Object> keys, List<Treedef> children) {
    this.kind = kind;
    this.leaf = leaf;
    this.type = type;
    this.keys = List.copyOf(keys);
    this.children = List.copyOf(children);
    int n = kind == Kind.LEAF ? 1 : 0;
    for (Treedef c : children) {
      n += c.numLeaves;
    }
    this.numLeaves = n;
    this.hash = Objects.hash(kind, leaf, type, this.keys, this.children);
  }

  /** A leaf of the given kind. */
  public static Treedef leaf(Leaf kind) {
    return new Treedef(Kind.LEAF, kind, null, List.of(), List.of());
  }

  /** A list of the given structures. */
  public static Treedef list(List<Treedef> items) {
    return new Treedef(Kind.LIST, null, null, List.of(), items);
  }

  /** The number of leaves. */
  public int numLeaves() {
    return numLeaves;
  }

  /** Whether this is a single leaf. */
  public boolean isLeaf() {
    return kind == Kind.LEAF;
  }

  /** The leaf kind of a leaf. */
  public Leaf leafKind() {
    if (kind != Kind.LEAF) {
      throw new IllegalStateException("not a leaf: " + this);
    }
    return leaf;
  }

  /**
   * The record or registered container class of this node, or null for a leaf, {@code null}, a
   * list, a map or an array of pytrees.
   */
  public Class<?> nodeType() {
    return kind == Kind.RECORD || kind == Kind.CUSTOM ? type : null;
  }

  /**
   * The keys that are part of this node's structure: a map's sorted keys, a registered
   * container's keys ({@link Pytrees.Keyed}), a record's static component values; else empty.
   */
  public List<Object> nodeKeys() {
    return keys;
  }

  /** The structures one level down (empty for a leaf). */
  public List<Treedef> children() {
    return children;
  }

  /** This structure with every leaf's kind replaced by {@code kind}. */
  public Treedef withLeaves(Leaf kind) {
    if (this.kind == Kind.LEAF) {
      return leaf == kind ? this : leaf(kind);
    }
    List<Treedef> cs = new ArrayList<>();
    for (Treedef c : children) {
      cs.add(c.withLeaves(kind));
    }
    return new Treedef(this.kind, null, type, keys, cs);
  }

  /** This structure with leaf {@code k} (in flattening order) replaced by {@code sub.get(k)}. */
  public Treedef replaceLeaves(List<Treedef> sub) {
    if (sub.size() != numLeaves) {
      throw new IllegalArgumentException(sub.size() + " subtrees for " + numLeaves + " leaves");
    }
    int[] k = {0};
    return replace(sub, k);
  }

  private Treedef replace(List<Treedef> sub, int[] k) {
    if (kind == Kind.LEAF) {
      return sub.get(k[0]++);
    }
    List<Treedef> cs = new ArrayList<>();
    for (Treedef c : children) {
      cs.add(c.replace(sub, k));
    }
    return new Treedef(kind, null, type, keys, cs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Treedef t && t.hash == hash && t.kind == kind && t.leaf == leaf
        && Objects.equals(t.type, type) && t.keys.equals(keys) && t.children.equals(children);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@code *} for a leaf, {@code [*, *]}, {@code {a: *, b: *}}, {@code Params(w=*, b=*)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    print(sb);
    return sb.toString();
  }

  private void print(StringBuilder sb) {
    switch (kind) {
      case LEAF -> sb.append('*');
      case NONE -> sb.append("null");
      case LIST, ARRAY -> {
        sb.append(kind == Kind.ARRAY ? type.getSimpleName() + "[]{" : "[");
        for (int i = 0; i < children.size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          children.get(i).print(sb);
        }
        sb.append(kind == Kind.ARRAY ? "}" : "]");
      }
      case MAP -> {
        sb.append('{');
        for (int i = 0; i < children.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(keys.get(i)).append(": ");
          children.get(i).print(sb);
        }
        sb.append('}');
      }
      case CUSTOM -> {
        boolean labelled = !keys.isEmpty() && keys.size() == children.size();
        sb.append(type.getSimpleName()).append(labelled ? '{' : '(');
        if (!labelled && !keys.isEmpty()) {
          sb.append(keys).append(children.isEmpty() ? "" : ", ");
        }
        for (int i = 0; i < children.size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          if (labelled) {
            sb.append(keys.get(i)).append(": ");
          }
          children.get(i).print(sb);
        }
        sb.append(labelled ? '}' : ')');
      }
      case RECORD -> {
        sb.append(type.getSimpleName()).append('(');
        List<String> names = Pytrees.leafComponentNames(type);
        for (int i = 0; i < children.size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          sb.append(names.get(i)).append('=');
          children.get(i).print(sb);
        }
        sb.append(')');
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }
}
