package org.cotangent.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Scope;

/**
 * The traces in progress. A trace at depth d (1 for the outermost) binds its arguments to
 * parameters of {@link Scope#trace}(d), so nested traces never share parameters and whether a
 * value is traced is a field read ({@link #isTraced}). Each trace records the source names of the
 * values bound while it runs, and {@link #close} turns it into a graph by closure conversion:
 * parameters of outer traces that the outputs depend on become extra inputs of the graph (not
 * differentiated by the inner transformation; the outer one differentiates through them once the
 * graph is inlined back).
 */
final class TraceContext {
  /** One trace in progress. */
  private static final class Level {
    final List<Node> params;
    final Map<Node, String> names = new IdentityHashMap<>();

    Level(List<Node> params) {
      this.params = params;
    }
  }

  private final Deque<Level> levels = new ArrayDeque<>();

  /** True if {@code n} depends on an argument of a trace in progress. */
  static boolean isTraced(Node n) {
    return n.traceDepth() > 0;
  }

  /** The number of traces in progress: 0 at the top level. */
  int depth() {
    return levels.size();
  }

  /** Starts a trace one level deeper; returns its parameters, one per leaf of the arguments. */
  List<Node> begin(List<Node> leaves) {
    Scope scope = Scope.trace(levels.size() + 1);
    List<Node> params = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      params.add(Param.node(scope, i, leaves.get(i).type()));
    }
    levels.push(new Level(params));
    return params;
  }

  /** Ends the innermost trace. */
  void end() {
    levels.pop();
  }

  /** Records that the trace in progress bound {@code v} to {@code name} (the first name wins). */
  void bind(String name, Object v) {
    if (!levels.isEmpty() && v instanceof Node) {
      levels.peek().names.putIfAbsent((Node) v, name);
    }
  }

  /** {@code g} applied to {@code args} inside the trace in progress: its body inlined. */
  List<Node> inline(Graph g, List<Node> args) {
    return g.call(args, levels.peek().names);
  }

  /**
   * The innermost trace, which returned {@code out} (whose leaves are {@code outLeaves}), as a
   * graph: its parameters become inputs {@code 0..n-1} named {@code inputNames}, and parameters
   * of outer traces that the outputs depend on become the inputs after them. The single output is
   * named {@code outName} if that is not null.
   */
  Traced close(Object out, List<Node> outLeaves, List<String> inputNames, String outName) {
    Level level = levels.peek();
    Map<Node, Node> subst = new IdentityHashMap<>();
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>(inputNames);
    for (int i = 0; i < level.params.size(); i++) {
      Node p = level.params.get(i);
      subst.put(p, Param.node(i, p.type()));
      types.add(p.type());
    }
    List<Node> free = new ArrayList<>();
    for (Node m : Graph.topoOrder(outLeaves)) {
      if (m.op() instanceof Param && !subst.containsKey(m)) {
        subst.put(m, Param.node(types.size(), m.type()));
        types.add(m.type());
        names.add("captured" + free.size());
        free.add(m);
      }
    }
    Map<Node, String> graphNames = new IdentityHashMap<>();
    List<Node> outs = Graph.substitute(outLeaves, subst, level.names, graphNames);
    List<String> outNames = outs.size() == 1 && outName != null ? List.of(outName) : null;
    return new Traced(new Graph(names, types, outs, outNames, graphNames), out, free);
  }

  /**
   * Names of the leaves of {@code args}: the parameter's name for an array argument, {@code
   * p_0, p_1} for the items of a tuple or list, {@code p_key} for a dict entry.
   */
  static List<String> leafNames(List<Object> args, List<String> argNames) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      leafNames(args.get(i), i < argNames.size() ? argNames.get(i) : "x" + i, out);
    }
    return out;
  }

  private static void leafNames(Object v, String prefix, List<String> out) {
    if (v instanceof Node) {
      out.add(prefix);
    } else if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      for (int i = 0; i < items.size(); i++) {
        leafNames(items.get(i), prefix + "_" + i, out);
      }
    } else if (v instanceof Values.Dict) {
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        leafNames(e.getValue(), prefix + "_" + e.getKey(), out);
      }
    }
  }
}
