package org.cotangent.script;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * A function traced at one argument signature: its graph, the pytree structure of what it
 * returned, the values of outer traces it reads (closure conversion makes them extra graph inputs,
 * after the argument leaves), and the graphs derived from it (its gradient, JVP, pullback, ...),
 * each built once.
 */
final class Traced {
  final Graph graph;
  final Object outTemplate;
  /** Values of outer traces that the function reads: extra graph inputs after the leaves. */
  final List<Node> free;
  private final Map<Object, Graph> derived = new HashMap<>();

  Traced(Graph graph, Object outTemplate, List<Node> free) {
    this.graph = graph;
    this.outTemplate = outTemplate;
    this.free = free;
  }

  /**
   * The graph derived from this one under {@code key} (grad, jvp, ...: a string or a list of the
   * transformation's static arguments, compared by value), made once.
   */
  Graph derive(Object key, Supplier<Graph> make) {
    synchronized (derived) {
      Graph g = derived.get(key);
      if (g == null) {
        g = make.get();
        derived.put(key, g);
      }
      return g;
    }
  }
}
