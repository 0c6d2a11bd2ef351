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
 *
 * <p>The entry method calls the parts; with more parts than fit one method's {@link
 * #DISPATCH_BUDGET}, runs of calls move into dispatch methods (numbered after the parts, with the
 * parts' signature), level by level, so that no method, the dispatchers included, comes near
 * HotSpot's limit however large the program ({@link #dispatch}).
 */
final class MethodSplitter {
  /** Statement lines per method before a split (about 3-5 KB of bytecode). */
  static final int PART_BUDGET = 250;

  /**
   * Bytes of bytecode a dispatch method may spend on its calls, well below 8000. A call is
   * estimated at 4 bytes per argument plus 4 (loads of up to 2 bytes, wider ones past local 255,
   * and the invoke).
   */
  static final int DISPATCH_BUDGET = 4000;

  /**
   * The part budget in lines; the system property {@code cotangent.codegen.partBudget} overrides
   * it at emission time, so tests can make many parts from a small graph.
   */
  static int partBudget() {
    return Integer.getInteger("cotangent.codegen.partBudget", PART_BUDGET);
  }

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
    int budget = partBudget();
    for (Block b : blocks) {
      if (!current.isEmpty() && lines + b.lines() > budget) {
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

  /**
   * How the entry method reaches the parts: {@link #methods} are the dispatch methods, numbered
   * after the parts ({@code parts}, {@code parts + 1}, ... in list order), each the list of the
   * methods it calls in order; {@link #entryCalls} are the methods the entry method calls.
   */
  static final class Dispatch {
    final List<List<Integer>> methods = new ArrayList<>();
    List<Integer> entryCalls = new ArrayList<>();
  }

  /**
   * The dispatch over {@code parts} parts whose calls take {@code callArguments} arguments: calls
   * grouped {@code DISPATCH_BUDGET / (4 callArguments + 4)} to a method, level by level, until the
   * entry method's calls fit. No dispatch methods when they fit from the start, which is so for
   * all but very large programs (200 parts in the {@code Program} shell), so their text is as
   * before.
   */
  static Dispatch dispatch(int parts, int callArguments) {
    int fanout = Math.max(2, DISPATCH_BUDGET / (4 * callArguments + 4));
    Dispatch d = new Dispatch();
    for (int p = 0; p < parts; p++) {
      d.entryCalls.add(p);
    }
    while (d.entryCalls.size() > fanout) {
      List<Integer> calls = d.entryCalls;
      List<Integer> level = new ArrayList<>();
      for (int i = 0; i < calls.size(); i += fanout) {
        level.add(parts + d.methods.size());
        d.methods.add(calls.subList(i, Math.min(calls.size(), i + fanout)));
      }
      d.entryCalls = level;
    }
    return d;
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
