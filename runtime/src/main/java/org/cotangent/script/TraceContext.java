package org.cotangent.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.Scope;
import org.cotangent.symbolic.ir.SourcePos;

/**
 * The traces in progress, and the provenance they record. A trace at depth d (1 for the
 * outermost) binds its arguments to parameters of {@link Scope#trace}(d), so nested traces never
 * share parameters and whether a value is traced is a field read ({@link #isTraced}).
 *
 * <p>Each trace records the source names of the values bound while it runs ({@link #bind}) and
 * the {@link Origin} of the nodes its statements make ({@link #record}); top-level bindings name
 * the arrays they hold, weakly, so that a graph capturing {@code inputs} calls that constant
 * {@code inputs} ({@link #bindGlobal}). {@link #close} turns the innermost trace into a graph
 * carrying those names and origins, by closure conversion: parameters of outer traces that the
 * outputs depend on become extra inputs of the graph (not differentiated by the inner
 * transformation; the outer one differentiates through them once the graph is inlined back).
 */
final class TraceContext {
  /** One trace in progress. */
  private static final class Level {
    final List<Node> params;
    final Map<Node, String> names = new IdentityHashMap<>();
    final Map<Node, Origin> origins = new IdentityHashMap<>();

    Level(List<Node> params) {
      this.params = params;
    }
  }

  /** The traces in progress; {@code levels.get(d - 1)} is the one at depth d. */
  private final List<Level> levels = new ArrayList<>();
  /** The statements being run, innermost first (at every depth, the top level included). */
  private final Deque<Pos> statements = new ArrayDeque<>();
  /** Names of arrays bound at the top level (Node equality is identity; weak keys). */
  private final Map<Node, String> globalNames = new WeakHashMap<>();

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
    levels.add(new Level(params));
    return params;
  }

  /** Ends the innermost trace. */
  void end() {
    levels.remove(levels.size() - 1);
  }

  private Level innermost() {
    return levels.get(levels.size() - 1);
  }

  // ------------------------------------------------------------------ names

  /** Records that the trace in progress bound {@code v} to {@code name} (the first name wins). */
  void bind(String name, Object v) {
    if (!levels.isEmpty() && v instanceof Node) {
      innermost().names.putIfAbsent((Node) v, name);
    }
  }

  /**
   * Records that a top-level binding called {@code v} {@code name} (the first name wins). Uniform
   * constants (scalars, {@code zeros(3)}) are not named: interning makes every equal one the same
   * node, so {@code b = 0.5} would name each literal 0.5, and code inlines them as literals anyway.
   */
  void bindGlobal(String name, Object v) {
    if (v instanceof Node && !(((Node) v).op() instanceof Constant
        && ((Constant) ((Node) v).op()).isUniform())) {
      globalNames.putIfAbsent((Node) v, name);
    }
  }

  /**
   * {@code x}, converted to {@code to} if it is a named top-level constant of another dtype, the
   * converted constant keeping the name. An operator promotes its operands; in {@code preds *
   * targets} constant folding turns the boolean {@code targets} into a new f64 constant, which is
   * still {@code targets} to the reader. Other values are returned as they are.
   */
  Node promoteNamed(Node x, DType to) {
    if (levels.isEmpty() || x.dtype() == to || !x.isConstant()) {
      return x;
    }
    String name = globalNames.get(x);
    if (name == null) {
      return x;
    }
    Node y = Np.astype(x, to);
    globalNames.putIfAbsent(y, name);
    return y;
  }

  /** The name of {@code n} in the traces in progress or at the top level, or null. */
  private String nameOf(Node n) {
    for (int d = levels.size(); d >= Math.max(1, n.traceDepth()); d--) {
      String name = levels.get(d - 1).names.get(n);
      if (name != null) {
        return name;
      }
    }
    return n.traceDepth() == 0 ? globalNames.get(n) : null;
  }

  // ------------------------------------------------------------------ origins

  /** A statement starting at {@code pos} starts running. */
  void enter(Pos pos) {
    statements.push(pos);
  }

  /** The statement that started last has finished. */
  void exit() {
    statements.pop();
  }

  /**
   * Gives the statement at {@code pos}, which produced {@code value}, as the origin of the nodes
   * it made: the nodes of the traces in progress that {@code value} reaches and that have no
   * origin yet. The walk stops at parameters, at values of no trace (constants and top-level
   * arrays have no origin) and at nodes with an origin (made by an earlier statement, a nested
   * one, or an inlined graph), so its cost is the number of nodes it gives an origin.
   */
  void record(Object value, Pos pos) {
    if (levels.isEmpty()) {
      return;
    }
    Deque<Node> stack = new ArrayDeque<>();
    pushLeaves(value, stack);
    Map<Node, Origin> mine = innermost().origins;
    Origin origin = null;
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.traceDepth() == 0 || n.op() instanceof Param || originOf(n) != null) {
        continue;
      }
      if (origin == null) {
        origin = Origin.primal(new SourcePos(pos.fileName(), pos.line(), pos.column(),
            pos.sourceLine()));
      }
      mine.put(n, origin);
      for (int i = 0; i < n.arity(); i++) {
        stack.push(n.input(i));
      }
    }
  }

  /**
   * Gives the statement in progress as the origin of what {@code values} reach and has none: the
   * arguments of a call before its body runs (else the body's first statement would claim what
   * the caller's statement computed) or of an inlined graph, and the results of a trace that no
   * statement of the traced function made (a built-in traced directly).
   */
  void recordInProgress(Object... values) {
    if (levels.isEmpty() || statements.isEmpty()) {
      return;
    }
    for (Object v : values) {
      record(v, statements.peek());
    }
  }

  /** The arrays among the leaves of {@code v} (other leaves, such as strings, are skipped). */
  private static void pushLeaves(Object v, Deque<Node> out) {
    if (v instanceof Node) {
      out.push((Node) v);
      return;
    }
    for (Object x : Pytree.flattenAny(v).leaves()) {
      if (x instanceof Node) {
        out.push((Node) x);
      }
    }
  }

  /** The origin recorded for {@code n} by a trace in progress, or null. */
  private Origin originOf(Node n) {
    for (int d = levels.size(); d >= Math.max(1, n.traceDepth()); d--) {
      Origin o = levels.get(d - 1).origins.get(n);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ graphs

  /**
   * {@code g} applied to {@code args} inside the trace in progress: its body inlined, its names
   * and origins carried over to the nodes it became (where they have none). The arguments get
   * the origin of the statement in progress first, which computed them: {@link #record} stops at
   * the inlined nodes and would not reach them.
   */
  List<Node> inline(Graph g, List<Node> args) {
    recordInProgress(args.toArray());
    Level level = innermost();
    Provenance carried = new Provenance();
    List<Node> outs = g.call(args, carried);
    for (Map.Entry<Node, String> e : carried.names().entrySet()) {
      level.names.putIfAbsent(e.getKey(), e.getValue());
    }
    for (Map.Entry<Node, Origin> e : carried.origins().entrySet()) {
      if (originOf(e.getKey()) == null) {
        level.origins.put(e.getKey(), e.getValue());
      }
    }
    return outs;
  }

  /**
   * The innermost trace, which returned {@code out} (whose leaves are {@code outLeaves}), as a
   * graph with the names and origins recorded for its nodes: its parameters become inputs {@code
   * 0..n-1} named {@code inputNames}, and parameters of outer traces that the outputs depend on
   * become the inputs after them. The single output is named {@code outName} if that is not null.
   */
  Traced close(Object out, List<Node> outLeaves, List<String> inputNames, String outName) {
    Level level = innermost();
    Map<Node, Node> subst = new IdentityHashMap<>();
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>(inputNames);
    for (int i = 0; i < level.params.size(); i++) {
      Node p = level.params.get(i);
      subst.put(p, Param.node(i, p.type()));
      types.add(p.type());
    }
    List<Node> free = new ArrayList<>();
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    Map<Node, Origin> origins = new IdentityHashMap<>();
    for (Node m : Graph.topoOrder(outLeaves)) {
      if (m.op() instanceof Param) {
        if (!subst.containsKey(m)) {
          subst.put(m, Param.node(types.size(), m.type()));
          types.add(m.type());
          names.add("captured" + free.size());
          free.add(m);
        }
        continue;
      }
      String name = nameOf(m);
      if (name != null) {
        nodeNames.put(m, name);
      }
      Origin o = originOf(m);
      if (o != null) {
        origins.put(m, o);
      }
    }
    Provenance graphProv = new Provenance();
    List<Node> outs = Graph.substitute(outLeaves, subst, new Provenance(nodeNames, origins),
        graphProv);
    List<String> outNames = outs.size() == 1 && outName != null ? List.of(outName) : null;
    return new Traced(new Graph(names, types, outs, outNames, graphProv), out, free);
  }

  /**
   * Names of the leaves of {@code args}, in the order they flatten: the parameter's name for an
   * array argument, {@code p_0, p_1} for the items of a tuple or list, {@code p_key} for a dict
   * entry (sorted by key, as the leaves are).
   */
  static List<String> leafNames(List<Object> args, List<String> argNames) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Pytree.leafNames(Pytree.flattenAny(args.get(i)).treedef(),
          i < argNames.size() ? argNames.get(i) : "x" + i, out);
    }
    return out;
  }
}
