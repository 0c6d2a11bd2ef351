package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Node;

/**
 * One loop of the schedule: elementwise nodes over one shape computed element by element
 * ({@link #members}, in order), full reductions of them accumulated in the same loop ({@link
 * #accumulators}), and sums of pads of them scattered into their result ({@link #scatters}).
 * {@link #stored} are the members something outside the loop reads (or that are outputs): only
 * they get arrays; the others are locals of the loop body.
 */
final class FusedLoop extends Schedule.Item {
  private final Shape shape;
  final List<Node> members = new ArrayList<>();
  final List<Node> accumulators = new ArrayList<>();
  final List<Scatter> scatters = new ArrayList<>();
  final List<Node> stored = new ArrayList<>();
  /** The members' weight towards {@link Schedule#GROUP_LIMIT}. */
  int weight;

  FusedLoop(Shape shape) {
    this.shape = shape;
  }

  Shape shape() {
    return shape;
  }

  boolean contains(Node n) {
    return members.contains(n) || accumulators.contains(n);
  }

  List<Node> members() {
    return Collections.unmodifiableList(members);
  }

  List<Node> accumulators() {
    return Collections.unmodifiableList(accumulators);
  }

  List<Scatter> scatters() {
    return Collections.unmodifiableList(scatters);
  }

  List<Node> stored() {
    return Collections.unmodifiableList(stored);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("loop ").append(shape).append(':');
    for (Node m : members) {
      sb.append(' ').append(m.op().name()).append(stored.contains(m) ? "*" : "");
    }
    for (Node a : accumulators) {
      sb.append(" +").append(a.op().name());
    }
    for (Scatter s : scatters) {
      sb.append(' ').append(s);
    }
    return sb.toString();
  }

  /**
   * A sum of pads of a loop's vector values, {@code add(pad(a, lo=0), pad(b, lo=1))} (what the
   * transpose of slicing a vector twice produces). Instead of storing {@code a} and {@code b} and
   * summing the pads in a second loop, the loop adds each value into the result at its offset:
   * {@code r[i] += a; r[i + 1] += b;}, one pass and no intermediate arrays. The pads are in the
   * order the sum tree lists them; {@link #writeOrder} is the order they are written in.
   */
  static final class Scatter {
    final Node root;
    final List<Node> pads = new ArrayList<>();
    final List<Integer> offsets = new ArrayList<>();
    final List<Node> adds = new ArrayList<>();

    Scatter(Node root) {
      this.root = root;
    }

    /**
     * Indices of {@link #pads} by decreasing offset (stable): the pad with the largest offset is
     * the first to reach each element it covers, so it assigns and the others add, and only the
     * elements it does not cover are zeroed first.
     */
    List<Integer> writeOrder() {
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < pads.size(); k++) {
        order.add(k);
      }
      order.sort((a, b) -> Integer.compare(offsets.get(b), offsets.get(a)));
      return order;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("scatter(");
      for (int k = 0; k < pads.size(); k++) {
        sb.append(k > 0 ? ", " : "").append(pads.get(k).input(0).op().name()).append("@")
            .append(offsets.get(k));
      }
      return sb.append(')').toString();
    }
  }
}
