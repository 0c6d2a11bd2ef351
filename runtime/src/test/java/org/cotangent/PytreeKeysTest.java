package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.junit.jupiter.api.Test;

/**
 * Containers registered with keys (JAX's aux data) and flattening with an {@code isLeaf}
 * predicate: what the script language's tuples, lists and dicts are built on.
 */
class PytreeKeysTest {
  /** A map-like container that keeps its insertion order, as a script dict does. */
  static final class Bag {
    final LinkedHashMap<String, Object> entries;

    Bag(Map<String, Object> entries) {
      this.entries = new LinkedHashMap<>(entries);
    }
  }

  static {
    Pytrees.registerWithKeys(Bag.class, b -> {
      TreeMap<String, Object> sorted = new TreeMap<>(b.entries);
      return new Pytrees.Keyed(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
    }, (keys, values) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        m.put((String) keys.get(i), values.get(i));
      }
      return new Bag(m);
    });
  }

  static Bag bag(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new Bag(m);
  }

  @Test
  void keysArePartOfTheStructureAndOrderTheChildren() {
    Pytrees.Flat f = Pytrees.flatten(bag("b", 1.0, "a", 2.0));
    assertEquals(List.of(2.0, 1.0), f.leaves());
    assertEquals("Bag{a: *, b: *}", f.treedef().toString());
    assertEquals(List.of("a", "b"), f.treedef().nodeKeys());
    assertEquals(Bag.class, f.treedef().nodeType());
    // The insertion order is not part of the structure; the keys are.
    assertEquals(f.treedef(), Pytrees.structure(bag("a", 5.0, "b", 6.0)));
    assertNotEquals(f.treedef(), Pytrees.structure(bag("a", 5.0, "c", 6.0)));
    Bag back = (Bag) Pytrees.unflatten(f.treedef(), List.of(3.0, 4.0));
    assertEquals(List.of("a", "b"), new ArrayList<>(back.entries.keySet()));
    assertEquals(3.0, back.entries.get("a"));
  }

  @Test
  void aGradientOfAKeyedContainerIsThatContainerInKeyOrder() {
    // f(p) = sum(sin(p.w) * p.c): df/dw = cos(w) c, df/dc = sum(sin(w)), against central
    // differences of the same formula.
    Fn f = Fn.tree((Bag p) -> Ops.sum(Ops.sin((Sym) p.entries.get("w"))
        .mul((Sym) p.entries.get("c"))));
    double[] w = {0.3, -1.2};
    double c = 0.7;
    Bag g = Cotangent.grad(f).apply(bag("w", w, "c", c));
    assertEquals(List.of("c", "w"), new ArrayList<>(g.entries.keySet()));
    double eps = 1e-6;
    double dc = (fOf(w, c + eps) - fOf(w, c - eps)) / (2 * eps);
    assertEquals(dc, ((Number) g.entries.get("c")).doubleValue(), 1e-8);
    double[] gw = (double[]) g.entries.get("w");
    for (int i = 0; i < 2; i++) {
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[i] += eps;
      wm[i] -= eps;
      assertEquals((fOf(wp, c) - fOf(wm, c)) / (2 * eps), gw[i], 1e-8);
    }
  }

  private static double fOf(double[] w, double c) {
    double s = 0;
    for (double x : w) {
      s += Math.sin(x) * c;
    }
    return s;
  }

  @Test
  void isLeafIsAskedFirstAtEveryNode() {
    Pytrees.Flat f = Pytrees.flatten(List.of("s", 1.0, Map.of("k", "t")),
        v -> v instanceof String);
    assertEquals(List.of("s", 1.0, "t"), f.leaves());
    assertEquals(Treedef.Leaf.OBJECT, f.treedef().children().get(0).leafKind());
    assertEquals(Treedef.Leaf.DOUBLE, f.treedef().children().get(1).leafKind());
    // A container the predicate accepts is one leaf, not flattened.
    Pytrees.Flat whole = Pytrees.flatten(List.of(Map.of("a", 1.0), 2.0), v -> v instanceof Map);
    assertEquals(2, whole.leaves().size());
    assertInstanceOf(Map.class, whole.leaves().get(0));
    // Without the predicate a String is neither a leaf nor a container.
    assertThrows(org.cotangent.symbolic.IrException.class, () -> Pytrees.flatten(List.of("s")));
  }
}
