package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;

/**
 * The first stage of code generation: a graph as an ordered list of {@link FusedLoop}s, {@link
 * View}s and single {@link Statement}s, decided without writing any text. It asks each node's
 * {@link Lowering} what the node is (elementwise, a possible view, an accumulation, a pad or a
 * sum) and never looks at primitives itself.
 *
 * <p>The rules: runs of elementwise nodes over one shape join one loop, closed when a node that
 * is not elementwise reads one of its values, when a member of another shape reads it, or at
 * {@link #GROUP_LIMIT} members; a full reduction of a loop's value accumulates in that loop; a
 * view (a slice, reshape, pad or broadcast that only loops read) closes its operand's loop and is
 * read in place by later loops; a sum of vector pads of a loop's values becomes a scatter of that
 * loop. Items are in the order their code is written.
 */
final class Schedule {
  /**
   * Members of one fused loop before it is closed (keeps one loop body within a method); a
   * complex member, whose code is about three times as long, counts {@link #COMPLEX_WEIGHT}.
   */
  static final int GROUP_LIMIT = 120;

  /** What a member with a complex operand or result counts towards {@link #GROUP_LIMIT}. */
  static final int COMPLEX_WEIGHT = 3;

  /** A piece of the schedule. */
  abstract static class Item {}

  /** A node written as statements of its own by its lowering. */
  static final class Statement extends Item {
    final Node node;

    Statement(Node node) {
      this.node = node;
    }

    @Override
    public String toString() {
      return "statement " + node.op().name();
    }
  }

  /** A node read in place by fused loops; it has no code of its own. */
  static final class View extends Item {
    final Node node;

    View(Node node) {
      this.node = node;
    }

    @Override
    public String toString() {
      return "view " + node.op().name();
    }
  }

  private final Graph graph;
  private final Lowerings lowerings;
  private final Map<Node, List<Node>> consumers = new IdentityHashMap<>();
  private final Set<Node> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> views = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Nodes written as part of a scatter, skipped when visited. */
  private final Set<Node> handled = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Node, FusedLoop> loopOf = new IdentityHashMap<>();
  private final List<FusedLoop> open = new ArrayList<>();
  private final List<Item> items = new ArrayList<>();
  private final List<Node> constants = new ArrayList<>();
  private final Set<Node> params = Collections.newSetFromMap(new IdentityHashMap<>());

  private Schedule(Graph graph, Lowerings lowerings) {
    this.graph = graph;
    this.lowerings = lowerings;
  }

  /** The schedule of {@code g}. */
  static Schedule of(Graph g, Lowerings lowerings) {
    Schedule s = new Schedule(g, lowerings);
    s.build();
    return s;
  }

  /** The items in the order their code is written. */
  List<Item> items() {
    return Collections.unmodifiableList(items);
  }

  /** The non-uniform constants, in the order they are first read. */
  List<Node> constants() {
    return Collections.unmodifiableList(constants);
  }

  boolean isView(Node n) {
    return views.contains(n);
  }

  boolean isOutput(Node n) {
    return outputs.contains(n);
  }

  Graph graph() {
    return graph;
  }

  Lowering lowering(Node n) {
    return lowerings.of(n);
  }

  private void build() {
    List<Node> order = graph.topoOrder();
    for (Node n : order) {
      consumers.put(n, new ArrayList<>());
    }
    for (Node n : order) {
      for (Node in : n.inputs()) {
        consumers.get(in).add(n);
      }
    }
    outputs.addAll(graph.outputs());
    params.addAll(graph.params());
    for (Node n : order) {
      visit(n);
    }
    while (!open.isEmpty()) {
      close(open.get(0));
    }
  }

  private void visit(Node n) {
    if (params.contains(n) || handled.contains(n)) {
      return;
    }
    if (n.isConstant()) {
      if (!((Constant) n.op()).isUniform()) {
        constants.add(n);
      }
      return;
    }
    if (canBeView(n)) {
      closeIfOpen(loopOf.get(n.input(0)));
      if (handled.contains(n)) {
        return; // closing the loop made it part of a scatter
      }
      views.add(n);
      items.add(new View(n));
      return;
    }
    if (isFusable(n)) {
      for (Node in : n.inputs()) {
        FusedLoop g = loopOf.get(in);
        if (g != null && open.contains(g)
            && (!g.shape().equals(n.type().shape()) || g.accumulators.contains(in))) {
          close(g);
        }
      }
      FusedLoop g = openLoop(n.type().shape());
      int weight = involvesComplex(n) ? COMPLEX_WEIGHT : 1;
      if (g.weight + weight > GROUP_LIMIT) {
        close(g);
        g = openLoop(n.type().shape());
      }
      g.members.add(n);
      g.weight += weight;
      loopOf.put(n, g);
      return;
    }
    if (isAccumulation(n)) {
      FusedLoop g = loopOf.get(n.input(0));
      if (g != null && open.contains(g)) {
        g.accumulators.add(n);
        loopOf.put(n, g);
        return;
      }
    }
    for (Node in : n.inputs()) {
      closeIfOpen(loopOf.get(in));
    }
    items.add(new Statement(n));
  }

  private static boolean involvesComplex(Node n) {
    boolean complex = n.dtype().isComplex();
    for (Node in : n.inputs()) {
      complex |= in.dtype().isComplex();
    }
    return complex;
  }

  private void closeIfOpen(FusedLoop g) {
    if (g != null && open.contains(g)) {
      close(g);
    }
  }

  private FusedLoop openLoop(Shape s) {
    for (FusedLoop g : open) {
      if (g.shape().equals(s)) {
        return g;
      }
    }
    FusedLoop g = new FusedLoop(s);
    open.add(g);
    return g;
  }

  /**
   * A view reads its operand in place: the lowering allows it for these shapes, the node is an
   * array that is not an output, its operand is not a constant, and only fused loops read it.
   */
  private boolean canBeView(Node n) {
    if (n.rank() == 0 || outputs.contains(n) || !lowering(n).canBeView(n)
        || n.input(0).isConstant()) {
      return false;
    }
    for (Node c : consumers.get(n)) {
      if (!isFusable(c) && !isAccumulation(c)) {
        return false;
      }
    }
    return true;
  }

  /** Elementwise on arrays. */
  private boolean isFusable(Node n) {
    return n.rank() > 0 && lowering(n).isElementwise(n);
  }

  private boolean isAccumulation(Node n) {
    return lowering(n).accumulation(n) != null;
  }

  private void close(FusedLoop g) {
    open.remove(g);
    if (g.shape().rank() == 1) {
      findScatters(g);
    }
    Set<Node> scattered = Collections.newSetFromMap(new IdentityHashMap<>());
    for (FusedLoop.Scatter sc : g.scatters) {
      scattered.addAll(sc.pads);
    }
    for (Node m : g.members) {
      boolean needed = outputs.contains(m);
      for (Node c : consumers.get(m)) {
        needed |= !g.contains(c) && !scattered.contains(c);
      }
      if (needed) {
        g.stored.add(m);
      }
    }
    items.add(g);
  }

  private void findScatters(FusedLoop g) {
    Set<Node> roots = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node m : g.members) {
      for (Node p : consumers.get(m)) {
        if (lowering(p).scatterOffset(p) < 0 || outputs.contains(p) || consumers.get(p).size() != 1) {
          continue;
        }
        Node root = p;
        while (consumers.get(root).size() == 1 && !outputs.contains(root)
            && isSum(consumers.get(root).get(0))) {
          root = consumers.get(root).get(0);
          if (consumers.get(root).size() != 1 || outputs.contains(root)) {
            break;
          }
        }
        if (root == p || !roots.add(root)) {
          continue;
        }
        FusedLoop.Scatter sc = new FusedLoop.Scatter(root);
        if (collect(root, root, g, sc)) {
          g.scatters.add(sc);
          handled.add(sc.root);
          handled.addAll(sc.pads);
          handled.addAll(sc.adds);
        }
      }
    }
  }

  private boolean isSum(Node n) {
    return lowering(n).isSum(n);
  }

  /** Walks a sum tree down to its leaves, which must all be vector pads of members of {@code g}. */
  private boolean collect(Node n, Node root, FusedLoop g, FusedLoop.Scatter sc) {
    if (n.op() instanceof Param || n.isConstant()) {
      return false;
    }
    int offset = lowering(n).scatterOffset(n);
    if (offset >= 0) {
      if (g.members.contains(n.input(0)) && consumers.get(n).size() == 1) {
        sc.pads.add(n);
        sc.offsets.add(offset);
        return true;
      }
      return false;
    }
    if (!isSum(n)) {
      return false;
    }
    if (n != root) {
      if (consumers.get(n).size() != 1 || outputs.contains(n)) {
        return false;
      }
      sc.adds.add(n);
    }
    return n.input(0) != n.input(1) && collect(n.input(0), root, g, sc)
        && collect(n.input(1), root, g, sc);
  }

  /** One item per line, for tests and debugging. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Item it : items) {
      sb.append(it).append('\n');
    }
    return sb.toString();
  }
}
