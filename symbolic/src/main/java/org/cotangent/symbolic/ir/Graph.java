package org.cotangent.symbolic.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;

/**
 * A function in IR: typed inputs, bound to the nodes {@code Param(0..n-1)}, and output nodes. The
 * body is the DAG reachable from the outputs; there is no separate list of equations, so a graph
 * is as small as what its outputs need (dead code does not exist).
 *
 * <p>Input names, node names and origins are for readability only (printing, generated code); they
 * do not change what a graph computes, and equality ignores them. {@code text.IrWriter} writes a
 * graph as canonical text, names and origins included, that {@code text.IrReader} reads back.
 */
public final class Graph {
  private final List<TensorType> inputTypes;
  private final List<String> inputNames;
  private final List<Node> outputs;
  private final List<String> outputNames;
  private final Map<Node, String> nodeNames;
  private final Map<Node, Origin> origins;
  private List<Node> topo;
  private java.util.SortedSet<String> vars;

  public Graph(List<String> inputNames, List<TensorType> inputTypes, List<Node> outputs) {
    this(inputNames, inputTypes, outputs, null, Map.of());
  }

  public Graph(List<String> inputNames, List<TensorType> inputTypes, List<Node> outputs,
      List<String> outputNames, Map<Node, String> nodeNames) {
    this(inputNames, inputTypes, outputs, outputNames, nodeNames, Map.of());
  }

  /**
   * A graph annotated with what {@code provenance} records for its nodes (names and origins);
   * entries for nodes the outputs do not reach are dropped.
   */
  public Graph(List<String> inputNames, List<TensorType> inputTypes, List<Node> outputs,
      List<String> outputNames, Provenance provenance) {
    this(inputNames, inputTypes, outputs, outputNames, provenance.names(), provenance.origins());
  }

  /**
   * A graph with names for readability: {@code outputNames} (or null) and names of intermediate
   * nodes and constants (front ends record source variable names; transformations derive {@code
   * x_dot} and {@code x_bar}), and the {@link Origin} of nodes. Neither changes what a graph
   * computes; entries for nodes the outputs do not reach are dropped.
   */
  public Graph(List<String> inputNames, List<TensorType> inputTypes, List<Node> outputs,
      List<String> outputNames, Map<Node, String> nodeNames, Map<Node, Origin> origins) {
    if (inputNames.size() != inputTypes.size()) {
      throw new IllegalArgumentException("names and types differ in number");
    }
    if (outputNames != null && outputNames.size() != outputs.size()) {
      throw new IllegalArgumentException("output names and outputs differ in number");
    }
    this.inputNames = List.copyOf(inputNames);
    this.inputTypes = List.copyOf(inputTypes);
    this.outputs = List.copyOf(outputs);
    this.outputNames = outputNames == null ? null : List.copyOf(outputNames);
    Map<Node, String> nn = new IdentityHashMap<>();
    Map<Node, Origin> on = new IdentityHashMap<>();
    for (Node n : topoOrder()) {
      if (n.op() instanceof Param) {
        continue;
      }
      String name = nodeNames.get(n);
      if (name != null) {
        nn.put(n, name);
      }
      Origin o = origins.get(n);
      if (o != null) {
        on.put(n, o);
      }
    }
    this.nodeNames = Collections.unmodifiableMap(nn);
    this.origins = Collections.unmodifiableMap(on);
    for (Node n : topoOrder()) {
      if (n.op() instanceof Param) {
        Param p = (Param) n.op();
        if (!p.isInput() || p.index() >= inputTypes.size()
            || !p.type().equals(inputTypes.get(p.index()))) {
          throw new IllegalStateException("graph refers to " + p + " which is not one of its "
              + inputTypes.size() + " inputs " + inputTypes);
        }
      }
    }
  }

  /** Traces {@code body} on the parameter nodes of the given types. */
  public static Graph trace(List<String> names, List<TensorType> types,
      Function<List<Node>, List<Node>> body) {
    return new Graph(names, types, body.apply(params(types)));
  }

  /** The nodes {@code Param(i, types[i])}. */
  public static List<Node> params(List<TensorType> types) {
    List<Node> ps = new ArrayList<>(types.size());
    for (int i = 0; i < types.size(); i++) {
      ps.add(Param.node(i, types.get(i)));
    }
    return ps;
  }

  /** Default names {@code x0, x1, ...}. */
  public static List<String> defaultNames(int n, String prefix) {
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(prefix + i);
    }
    return names;
  }

  public int arity() {
    return inputTypes.size();
  }

  public List<TensorType> inputTypes() {
    return inputTypes;
  }

  public List<String> inputNames() {
    return inputNames;
  }

  public List<Node> outputs() {
    return outputs;
  }

  public Node output(int i) {
    return outputs.get(i);
  }

  public List<Node> params() {
    return params(inputTypes);
  }

  /** The output names, or null if the outputs are unnamed. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** Output {@code j}'s name: its given name, else {@code out} (one output) or {@code out<j>}. */
  public String outputName(int j) {
    if (outputNames != null) {
      return outputNames.get(j);
    }
    return outputs.size() == 1 ? "out" : "out" + j;
  }

  /**
   * Where each node comes from in the user's source, where a front end recorded it (identity
   * keyed; nodes without an entry have no known origin).
   */
  public Map<Node, Origin> origins() {
    return origins;
  }

  /** The origin of {@code n}, or null if none is recorded. */
  public Origin originOf(Node n) {
    return origins.get(n);
  }

  /** Names of intermediate nodes and constants (identity-keyed; never parameters). */
  public Map<Node, String> nodeNames() {
    return nodeNames;
  }

  /** The name of {@code n} in this graph: an input's name, a recorded name, or null. */
  public String nameOf(Node n) {
    if (n.op() instanceof Param) {
      int i = ((Param) n.op()).index();
      return i < inputNames.size() ? inputNames.get(i) : null;
    }
    return nodeNames.get(n);
  }

  /** The same graph with other output and node names. */
  public Graph withNames(List<String> outNames, Map<Node, String> names) {
    return new Graph(inputNames, inputTypes, outputs, outNames, names, origins);
  }

  /** The names and origins of this graph's nodes, as a new (mutable) {@link Provenance}. */
  public Provenance provenance() {
    return new Provenance(nodeNames, origins);
  }

  /**
   * Every node the outputs depend on, inputs before users; deterministic: a depth-first
   * post-order from the outputs left to right, visiting each node's inputs in order.
   */
  public List<Node> topoOrder() {
    if (topo == null) {
      topo = Collections.unmodifiableList(topoOrder(outputs));
    }
    return topo;
  }

  /** Topological order of everything {@code roots} depend on (iterative, so deep graphs are fine). */
  public static List<Node> topoOrder(List<Node> roots) {
    List<Node> order = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    // The path from the root: stack[d] and the index of its next input to visit, next[d].
    Node[] stack = new Node[16];
    int[] next = new int[16];
    for (Node root : roots) {
      if (seen.put(root, Boolean.TRUE) != null) {
        continue;
      }
      int depth = 0;
      stack[0] = root;
      next[0] = 0;
      while (depth >= 0) {
        Node n = stack[depth];
        int i = next[depth];
        if (i < n.arity()) {
          next[depth] = i + 1;
          Node in = n.input(i);
          if (seen.put(in, Boolean.TRUE) == null) {
            if (++depth == stack.length) {
              stack = Arrays.copyOf(stack, 2 * depth);
              next = Arrays.copyOf(next, 2 * depth);
            }
            stack[depth] = in;
            next[depth] = 0;
          }
        } else {
          stack[depth--] = null;
          order.add(n);
        }
      }
    }
    return order;
  }

  /**
   * True if the graph has no size variable: no input type has a symbolic dim, and no node's
   * type or parameter does (a scan over an {@code int} count {@code steps} has one though its
   * inputs are scalars).
   */
  public boolean isStatic() {
    return sizeVars().isEmpty();
  }

  /**
   * The size variables, sorted: those of the input types, then those only the nodes name (a scan's
   * length {@code steps}, the types built from it), which no argument's shape gives
   * ({@link #freeSizeVars}).
   */
  public java.util.SortedSet<String> sizeVars() {
    java.util.SortedSet<String> s = vars;
    if (s == null) {
      s = new java.util.TreeSet<>(inputSizeVars());
      for (Node n : topoOrder()) {
        s.addAll(n.type().shape().vars());
        s.addAll(n.op().sizeVars());
      }
      s = java.util.Collections.unmodifiableSortedSet(s);
      vars = s;
    }
    return s;
  }

  /** The size variables that no input type names (their values are given, not solved). */
  public java.util.SortedSet<String> freeSizeVars() {
    java.util.SortedSet<String> s = new java.util.TreeSet<>(sizeVars());
    s.removeAll(inputSizeVars());
    return s;
  }

  private java.util.SortedSet<String> inputSizeVars() {
    java.util.SortedSet<String> s = new java.util.TreeSet<>();
    for (TensorType t : inputTypes) {
      s.addAll(t.shape().vars());
    }
    return s;
  }

  /**
   * This graph at concrete sizes: every size variable replaced by its value in {@code sizes},
   * each node rebuilt through {@link Node#make} (so it re-simplifies and folds as a graph built at
   * those sizes would). Names carry over. A static graph is returned as it is.
   */
  public Graph specialize(Map<String, Long> sizes) {
    if (isStatic()) {
      return this;
    }
    Map<String, org.cotangent.symbolic.Dim> env = new java.util.TreeMap<>();
    sizes.forEach((k, v) -> env.put(k, org.cotangent.symbolic.Dim.of(v)));
    for (String v : sizeVars()) {
      if (!env.containsKey(v)) {
        throw new IrException("specialize: no value for the size " + v);
      }
    }
    return rebuildAt(env, true);
  }

  /**
   * This graph with size variables replaced by size expressions ({@code Dim}s, symbolic or not;
   * variables not in {@code env} stay), each node rebuilt through {@link Node#make} with its op
   * specialised ({@link Op#specialize}). How an op with sub-graphs specialises them, and how
   * {@link #call} binds a callee's own size names to its arguments' sizes.
   */
  public Graph withSizes(Map<String, org.cotangent.symbolic.Dim> env) {
    if (Collections.disjoint(sizeVars(), env.keySet())) {
      return this;
    }
    return rebuildAt(env, false);
  }

  private Graph rebuildAt(Map<String, org.cotangent.symbolic.Dim> env, boolean requireStatic) {
    List<TensorType> types = new ArrayList<>();
    for (TensorType t : inputTypes) {
      types.add(t.withShape(t.shape().substitute(env)));
    }
    List<Node> params = params(types);
    Map<Node, Node> built = new IdentityHashMap<>();
    Provenance prov = new Provenance();
    for (Node n : topoOrder()) {
      Node r;
      if (n.op() instanceof Param) {
        r = params.get(((Param) n.op()).index());
      } else {
        Node[] ins = new Node[n.arity()];
        for (int i = 0; i < ins.length; i++) {
          ins[i] = built.get(n.input(i));
        }
        r = Node.make(n.op().specialize(env), ins);
        if (requireStatic && !r.type().isStatic()) {
          throw new IrException("specialize: " + n.op().name() + " has the type " + r.type()
              + ", whose sizes " + r.type().shape().vars() + " do not all come from the argument"
              + " types " + inputTypes);
        }
        prov.name(r, nameOf(n));
        prov.origin(r, originOf(n));
      }
      built.put(n, r);
    }
    List<Node> outs = new ArrayList<>();
    for (Node o : outputs) {
      outs.add(built.get(o));
    }
    return new Graph(inputNames, types, outs, outputNames, prov);
  }

  /** Number of nodes the outputs depend on (parameters and constants included). */
  public int nodeCount() {
    return topoOrder().size();
  }

  /** The outputs of this graph applied to {@code args}: its body inlined, re-simplified. */
  public List<Node> call(List<Node> args) {
    return call(args, null);
  }

  /**
   * Like {@link #call(List)}; the names and origins of this graph's nodes carry over to the nodes
   * they became, into {@code into} (where they have none), if it is not null.
   */
  public List<Node> call(List<Node> args, Provenance into) {
    if (args.size() != arity()) {
      throw new IrException("function takes " + arity() + " arguments, got " + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      if (!args.get(i).type().equals(inputTypes.get(i))) {
        List<TensorType> argTypes = new ArrayList<>();
        for (Node a : args) {
          argTypes.add(a.type());
        }
        Graph bound = boundTo(argTypes);
        if (bound == this) {
          throw new IrException("argument " + i + " (" + inputNames.get(i) + ") must be "
              + inputTypes.get(i) + ", got " + args.get(i).type());
        }
        return bound.call(args, into);
      }
    }
    Map<Node, Node> env = new IdentityHashMap<>();
    for (Node n : topoOrder()) {
      Node r = rebuild(n, env, args);
      env.put(n, r);
      if (into != null && !(n.op() instanceof Param)) {
        into.carry(this, n, r);
      }
    }
    List<Node> outs = new ArrayList<>(outputs.size());
    for (Node o : outputs) {
      outs.add(env.get(o));
    }
    return outs;
  }

  /**
   * This graph with its own size names bound to the sizes of arguments of {@code types} (a
   * callee {@code g(y: f64[k])} called with an {@code f64[n]} binds {@code k = n}): each input
   * axis whose size is one variable binds it to the argument's size, the same variable
   * everywhere; then every input type must equal its argument's. This graph itself when the types
   * are equal already, or when no binding makes them equal (the caller reports the mismatch).
   * Size variables that no input names (a scan's count) keep their names.
   */
  public Graph boundTo(List<TensorType> types) {
    if (types.equals(inputTypes) || types.size() != inputTypes.size() || isStatic()) {
      return this;
    }
    Map<String, org.cotangent.symbolic.Dim> bind = new java.util.TreeMap<>();
    for (int i = 0; i < types.size(); i++) {
      TensorType want = inputTypes.get(i);
      TensorType got = types.get(i);
      if (want.rank() != got.rank() || want.dtype() != got.dtype()) {
        return this;
      }
      for (int a = 0; a < want.rank(); a++) {
        org.cotangent.symbolic.Dim d = want.shape().extent(a);
        if (d.isVar()) {
          org.cotangent.symbolic.Dim old = bind.putIfAbsent(d.vars().iterator().next(),
              got.shape().extent(a));
          if (old != null && !old.equals(got.shape().extent(a))) {
            return this;
          }
        }
      }
    }
    Graph bound = withSizes(bind);
    return bound.inputTypes.equals(types) ? bound : this;
  }

  private static Node rebuild(Node n, Map<Node, Node> env, List<Node> args) {
    if (n.op() instanceof Param) {
      return args.get(((Param) n.op()).index());
    }
    boolean same = true;
    Node[] ins = new Node[n.arity()];
    for (int i = 0; i < ins.length; i++) {
      ins[i] = env.get(n.input(i));
      same &= ins[i] == n.input(i);
    }
    return same ? n : Node.make(n.op(), ins);
  }

  /**
   * Rebuilds {@code roots} with the nodes in {@code subst} replaced (what lies below a replaced
   * node is not visited). The names and origins that {@code from} (or null) records for the old
   * nodes carry over to the rebuilt ones, into {@code into} (if it is not null).
   */
  public static List<Node> substitute(List<Node> roots, Map<Node, Node> subst, Provenance from,
      Provenance into) {
    Map<Node, Node> env = new IdentityHashMap<>(subst);
    List<Node> order = topoOrderStoppingAt(roots, subst);
    for (Node node : order) {
      if (env.containsKey(node)) {
        continue;
      }
      Node[] ins = new Node[node.arity()];
      boolean same = true;
      for (int i = 0; i < ins.length; i++) {
        ins[i] = env.getOrDefault(node.input(i), node.input(i));
        same &= ins[i] == node.input(i);
      }
      Node built = same ? node : Node.make(node.op(), ins);
      env.put(node, built);
      if (from != null && into != null) {
        into.name(built, from.nameOf(node));
        into.origin(built, from.originOf(node));
      }
    }
    List<Node> out = new ArrayList<>();
    for (Node root : roots) {
      out.add(env.getOrDefault(root, root));
    }
    return out;
  }

  private static List<Node> topoOrderStoppingAt(List<Node> roots, Map<Node, Node> stops) {
    // A plain topological order, then the nodes below a stop are skipped by the caller's env.
    List<Node> all = Graph.topoOrder(roots);
    Set<Node> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    needed.addAll(roots);
    for (int k = all.size() - 1; k >= 0; k--) {
      Node node = all.get(k);
      if (needed.contains(node) && !stops.containsKey(node)) {
        needed.addAll(node.inputs());
      }
    }
    List<Node> order = new ArrayList<>();
    for (Node node : all) {
      if (needed.contains(node)) {
        order.add(node);
      }
    }
    return order;
  }

  /**
   * Structural equality: the same input types and the same outputs. Nodes are hash-consed, so
   * equal computations are identical nodes and this is cheap; constants compare by value and ops
   * that carry graphs compare them with this equality. Names and origins are annotations and take
   * no part, as they do not change what a graph computes.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Graph)) {
      return false;
    }
    Graph g = (Graph) o;
    return inputTypes.equals(g.inputTypes) && outputs.equals(g.outputs);
  }

  /** Structural and the same in every JVM (see {@link Node#hashCode}). */
  @Override
  public int hashCode() {
    return inputTypes.hashCode() * 31 + outputs.hashCode();
  }

  /** The jaxpr-like text of this graph. */
  @Override
  public String toString() {
    return Printer.print(this);
  }
}
