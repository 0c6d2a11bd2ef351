package org.cotangent.symbolic.ir;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where nodes come from, as transformations and front ends collect it: a source name per node
 * ({@code preds}, {@code preds_dot}, {@code W_bar}) and an {@link Origin} (the source statement and
 * the node's role relative to it). A {@link Graph} carries a snapshot of both; while a
 * transformation builds the nodes of a new graph it records into a {@code Provenance}, deriving
 * each new node's annotations from the node of the input graph it comes from ({@link #derive}).
 * The first annotation a node gets wins, so a value shared by hash-consing keeps the name of
 * where it was first made. Annotations never change what a graph computes.
 */
public final class Provenance {
  private final Map<Node, String> names = new IdentityHashMap<>();
  private final Map<Node, Origin> origins = new IdentityHashMap<>();

  public Provenance() {}

  /** Provenance holding these names and origins (copied). */
  public Provenance(Map<Node, String> names, Map<Node, Origin> origins) {
    this.names.putAll(names);
    this.origins.putAll(origins);
  }

  public String nameOf(Node n) {
    return names.get(n);
  }

  public Origin originOf(Node n) {
    return origins.get(n);
  }

  /** Names {@code n} unless it has a name already (params are named by their graph's inputs). */
  public void name(Node n, String name) {
    if (name != null && !(n.op() instanceof Param)) {
      names.putIfAbsent(n, name);
    }
  }

  /** Gives {@code n} an origin unless it has one already. */
  public void origin(Node n, Origin origin) {
    if (origin != null && !(n.op() instanceof Param)) {
      origins.putIfAbsent(n, origin);
    }
  }

  /** Read-only views, for building graphs. */
  public Map<Node, String> names() {
    return Collections.unmodifiableMap(names);
  }

  public Map<Node, Origin> origins() {
    return Collections.unmodifiableMap(origins);
  }

  /** {@code from}'s name and origin in {@code g}, given to {@code to} (a node {@code from} became). */
  public void carry(Graph g, Node from, Node to) {
    name(to, g.nameOf(from));
    origin(to, g.originOf(from));
  }

  /** {@code from}'s name and origin here, given to {@code to} too (a rebuilt copy). */
  public void carry(Node from, Node to) {
    name(to, names.get(from));
    origin(to, origins.get(from));
  }

  /**
   * Annotates {@code to}, which a transformation made from {@code from} of {@code g} (its tangent,
   * its cotangent, its batched form): the name with {@code suffix} ({@code _dot}), the origin in
   * {@code role} (null: the role it has); the nodes the rule made on the way to {@code to} (everything below it without
   * an origin, short of parameters and constants) get that origin too, so generated code can say
   * which source statement a block of derivative code comes from.
   */
  public void derive(Graph g, Node from, Node to, String suffix, Origin.Role role) {
    derive(g.nameOf(from), g.originOf(from), to, suffix, role);
  }

  /** {@link #derive(Graph, Node, Node, String, Origin.Role)} from a name and origin recorded here. */
  public void derive(Node from, Node to, String suffix, Origin.Role role) {
    derive(names.get(from), origins.get(from), to, suffix, role);
  }

  private void derive(String name, Origin origin, Node to, String suffix, Origin.Role role) {
    if (name != null) {
      name(to, suffix.isEmpty() ? name : derivedName(name, suffix));
    }
    if (origin != null) {
      claim(to, role == null ? origin : origin.as(role));
    }
  }

  /**
   * {@code preds} and {@code _dot} give {@code preds_dot}; a cotangent of a tangent drops the
   * tangent's suffix ({@code x_dot} and {@code _bar} give {@code x_bar}).
   */
  public static String derivedName(String name, String suffix) {
    if (suffix.equals("_bar") && name.endsWith("_dot")) {
      return name.substring(0, name.length() - 4) + "_bar";
    }
    return name + suffix;
  }

  /**
   * Gives {@code origin} to {@code root} and to the nodes below it that have none, stopping at
   * parameters, constants and nodes with an origin; the cost is the number of nodes it annotates.
   */
  public void claim(Node root, Origin origin) {
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.op() instanceof Param || n.isConstant() || origins.containsKey(n)) {
        continue;
      }
      origins.put(n, origin);
      for (int i = 0; i < n.arity(); i++) {
        stack.push(n.input(i));
      }
    }
  }
}
