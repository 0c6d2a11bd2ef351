package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The pytree structure of a script function's result: a leaf (one array), or a tuple, list or
 * dict of structures. Leaves flatten depth first; a dict flattens in sorted key order, as the
 * script's pytrees do (as JAX's), so a dict that is a result is made with its keys sorted (a
 * transformation rebuilds it so); a dict written as an argument may list them in any order.
 */
final class Struct {
  enum Kind {
    LEAF,
    TUPLE,
    LIST,
    DICT
  }

  static final Struct LEAF = new Struct(Kind.LEAF, null, null);

  final Kind kind;
  /** Null for a leaf. */
  final List<Struct> items;
  /** The keys of a dict, else null. */
  final List<String> keys;

  private Struct(Kind kind, List<Struct> items, List<String> keys) {
    this.kind = kind;
    this.items = items == null ? null : List.copyOf(items);
    this.keys = keys == null ? null : List.copyOf(keys);
  }

  static Struct tuple(List<Struct> items) {
    return new Struct(Kind.TUPLE, items, null);
  }

  static Struct list(List<Struct> items) {
    return new Struct(Kind.LIST, items, null);
  }

  static Struct dict(List<String> keys, List<Struct> items) {
    return new Struct(Kind.DICT, items, keys);
  }

  /** A leaf for one, else a tuple of {@code n} leaves. */
  static Struct leaves(int n) {
    if (n == 1) {
      return LEAF;
    }
    List<Struct> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(LEAF);
    }
    return tuple(l);
  }

  boolean isLeaf() {
    return kind == Kind.LEAF;
  }

  /** A tuple whose items are all leaves (or a leaf): what tuple targets can unpack. */
  boolean isFlatTuple() {
    if (isLeaf()) {
      return true;
    }
    if (kind != Kind.TUPLE) {
      return false;
    }
    for (Struct s : items) {
      if (!s.isLeaf()) {
        return false;
      }
    }
    return true;
  }

  int count() {
    if (isLeaf()) {
      return 1;
    }
    int n = 0;
    for (Struct s : items) {
      n += s.count();
    }
    return n;
  }

  /** This structure written with the given leaf texts: {@code (o0, [o1, {"a": o2}])}. */
  String render(Iterator<String> leaves) {
    if (isLeaf()) {
      return leaves.next();
    }
    StringBuilder sb = new StringBuilder(kind == Kind.TUPLE ? "(" : kind == Kind.LIST ? "[" : "{");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i > 0 ? ", " : "");
      if (kind == Kind.DICT) {
        sb.append('"').append(keys.get(i)).append("\": ");
      }
      sb.append(items.get(i).render(leaves));
    }
    if (kind == Kind.TUPLE && items.size() == 1) {
      sb.append(',');
    }
    return sb.append(kind == Kind.TUPLE ? ")" : kind == Kind.LIST ? "]" : "}").toString();
  }

  String render(List<String> leaves) {
    return render(leaves.iterator());
  }

  /** The expression of every leaf from {@code root}: {@code r[0]}, {@code r[1]["a"]}, ... */
  List<String> paths(String root) {
    List<String> out = new ArrayList<>();
    paths(root, out);
    return out;
  }

  private void paths(String prefix, List<String> out) {
    if (isLeaf()) {
      out.add(prefix);
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      String p = kind == Kind.DICT ? prefix + "[\"" + keys.get(i) + "\"]" : prefix + "[" + i + "]";
      items.get(i).paths(p, out);
    }
  }
}
