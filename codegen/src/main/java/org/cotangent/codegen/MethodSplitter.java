package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.ir.Node;

/**
 * The third stage: the blocks of a method body in methods ("parts") of at most {@link
 * #PART_BUDGET} lines each, well below HotSpot's 8000-byte JIT limit (and the JVM's 64 KB). A
 * value read in a later part than the one defining it travels in a slot: scalars in {@code
 * double[] sc}, arrays in {@code double[][] ar}, allocated by the entry method. A single part
 * needs no slots. A complex scalar takes two consecutive scalar slots (its real and imaginary
 * parts).
 */
final class MethodSplitter {
  /** Statement lines per method before a split (about 3-5 KB of bytecode). */
  static final int PART_BUDGET = 250;

  /** One method: its blocks, the slots it loads first and those it stores last. */
  static final class Part {
    final List<Block> blocks;
    final List<Node> loads = new ArrayList<>();
    final List<Node> stores = new ArrayList<>();

    Part(List<Block> blocks) {
      this.blocks = blocks;
    }

    /** The values this part reads (in the order first read). */
    Set<Node> uses() {
      Set<Node> used = new LinkedHashSet<>();
      for (Block b : blocks) {
        used.addAll(b.uses);
      }
      return used;
    }
  }

  final List<Part> parts = new ArrayList<>();
  final Map<Node, Integer> scalarSlots = new LinkedHashMap<>();
  final Map<Node, Integer> arraySlots = new LinkedHashMap<>();
  /** The length of {@code sc}: a slot per real scalar, two per complex one. */
  int scalarSlotCount;

  private MethodSplitter() {}

  /** Splits {@code blocks}; {@code values} tells arrays from scalars. */
  static MethodSplitter split(List<Block> blocks, Values values) {
    MethodSplitter s = new MethodSplitter();
    List<Block> current = new ArrayList<>();
    int lines = 0;
    for (Block b : blocks) {
      if (!current.isEmpty() && lines + b.lines() > PART_BUDGET) {
        s.parts.add(new Part(current));
        current = new ArrayList<>();
        lines = 0;
      }
      current.add(b);
      lines += b.lines();
    }
    s.parts.add(new Part(current));
    if (s.parts.size() > 1) {
      s.assignSlots(values);
    }
    return s;
  }

  boolean isSplit() {
    return parts.size() > 1;
  }

  /** Slots for the values read in a later part than the one defining them. */
  private void assignSlots(Values values) {
    Map<Node, Integer> definedIn = new IdentityHashMap<>();
    for (int p = 0; p < parts.size(); p++) {
      for (Block b : parts.get(p).blocks) {
        for (Node d : b.defines) {
          definedIn.put(d, p);
        }
      }
    }
    for (int p = 0; p < parts.size(); p++) {
      for (Node u : parts.get(p).uses()) {
        Integer where = definedIn.get(u);
        if (where != null && where < p) {
          if (values.isArray(u)) {
            arraySlots.putIfAbsent(u, arraySlots.size());
          } else if (!scalarSlots.containsKey(u)) {
            scalarSlots.put(u, scalarSlotCount);
            scalarSlotCount += u.dtype().width();
          }
          parts.get(p).loads.add(u);
        }
      }
    }
    for (Part part : parts) {
      for (Block b : part.blocks) {
        for (Node d : b.defines) {
          if (arraySlots.containsKey(d) || scalarSlots.containsKey(d)) {
            part.stores.add(d);
          }
        }
      }
    }
  }
}
