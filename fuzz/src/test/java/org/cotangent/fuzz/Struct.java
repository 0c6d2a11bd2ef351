package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The pytree structure of a script function's result: a leaf (one array) or a tuple of structures. */
final class Struct {
  static final Struct LEAF = new Struct(null);

  /** Null for a leaf. */
  final List<Struct> items;

  private Struct(List<Struct> items) {
    this.items = items == null ? null : List.copyOf(items);
  }

  static Struct tuple(List<Struct> items) {
    return new Struct(items);
  }

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
    return items == null;
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

  /** This structure written with the given leaf texts, e.g. {@code (o0, (o1, o2))}. */
  String render(Iterator<String> leaves) {
    if (isLeaf()) {
      return leaves.next();
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(items.get(i).render(leaves));
    }
    if (items.size() == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  String render(List<String> leaves) {
    return render(leaves.iterator());
  }
}
