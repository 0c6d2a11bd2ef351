package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Linearize;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The residual plan of a scan: what its reverse sweep stores and what it recomputes. Every plan
 * but revolve is built from {@code scan} and checkpoints ({@link ClosedCall#checkpoint}), so the
 * rules of those two primitives are the plans' rules and no other op is needed:
 *
 * <ul>
 *   <li>{@link #ALL} (the default): the scan as it is; linearize stacks the body's per-step
 *       residuals. Stored: {@code L * R} elements ({@code L} steps, {@code R} residual elements
 *       per step other than the {@code xs} steps, which are read from the xs).
 *   <li>{@link #CARRIES}: a scan of {@code checkpoint(body)} (what JAX writes as {@code
 *       scan(checkpoint(body))}): the per-step residuals are the checkpoint's inputs, the carries;
 *       the reverse sweep recomputes each step's body before transposing it. Stored: {@code L * C}
 *       ({@code C} carry elements); one more body evaluation per step.
 *   <li>{@link #segments segments(s)}, two-level checkpointing: {@code K = ceil(L / s)} steps per
 *       segment, {@code q = floor(L / K)} whole segments and a last one of {@code L - q K} steps; a
 *       scan over the segments of a checkpointed scan of {@code K} steps. The reverse sweep
 *       recomputes one segment at a time, storing its residuals. Stored: {@code q * C} (the
 *       carries at the segment starts) plus {@code K * R} while a segment is reversed; one more
 *       body evaluation per step.
 * </ul>
 *
 * and {@link #revolve revolve(s)}, binomial checkpointing, which is a primitive of its own
 * ({@link RevolveScan}, reversed by {@link RevolveReverse}): its schedule is data walked at run
 * time. Stored: {@code min(s, L) * C} plus one step's residuals while the step is reversed; the
 * forward steps of the Griewank-Walther optimum, {@code t L - binom(s + t, s + 1)} with {@code t}
 * the least repetition number with {@code binom(s + t, s) >= L}.
 */
public final class ScanPlan {
  private enum Kind { ALL, CARRIES, SEGMENTS, REVOLVE }

  /** Store every step's residuals (the default). */
  public static final ScanPlan ALL = new ScanPlan(Kind.ALL, 0);
  /** Store the carries of every step; recompute the body in the reverse sweep. */
  public static final ScanPlan CARRIES = new ScanPlan(Kind.CARRIES, 0);

  private final Kind kind;
  private final int snapshots;

  private ScanPlan(Kind kind, int snapshots) {
    this.kind = kind;
    this.snapshots = snapshots;
  }

  /** Two-level checkpointing with at most {@code snapshots} stored carries (at least 1). */
  public static ScanPlan segments(int snapshots) {
    if (snapshots < 1) {
      throw new IrException("scan plan segments: snapshots must be at least 1, got " + snapshots);
    }
    return new ScanPlan(Kind.SEGMENTS, snapshots);
  }

  /**
   * Binomial checkpointing (revolve) with {@code snapshots} stored carries (at least 1): a scan
   * whose reverse sweep is one {@link RevolveReverse} op walking the Griewank-Walther schedule
   * ({@link org.cotangent.symbolic.kernels.Revolve}) at run time.
   */
  public static ScanPlan revolve(int snapshots) {
    if (snapshots < 1) {
      throw new IrException("scan plan revolve: snapshots must be at least 1, got " + snapshots);
    }
    return new ScanPlan(Kind.REVOLVE, snapshots);
  }

  /** The number of snapshots of a {@link #segments} or {@link #revolve} plan, 0 for the others. */
  public int snapshots() {
    return snapshots;
  }

  /** Whether this is a {@link #revolve} plan. */
  public boolean isRevolve() {
    return kind == Kind.REVOLVE;
  }

  /** The steps per segment of this plan for a scan of {@code length} steps. */
  public int segmentLength(int length) {
    if (kind == Kind.ALL) {
      return length;
    }
    if (kind == Kind.CARRIES || kind == Kind.REVOLVE) {
      return 1;
    }
    return (int) ((length + (long) snapshots - 1) / snapshots);
  }

  /**
   * The stacked residual elements that reverse mode keeps for a scan of {@code length} steps with
   * {@code carry} carry elements and {@code residual} residual elements per step: the formula
   * that {@link #measuredResiduals} measures.
   */
  public long residualFormula(int length, long carry, long residual) {
    switch (kind) {
      case ALL:
        return length * residual;
      case CARRIES:
        return length * carry;
      case REVOLVE:
        // min(s, L) stored carries, and one step's residuals inside the step VJP
        return length == 0 ? 0 : Math.min(snapshots, length) * carry + residual;
      default:
        if (length <= 1) {
          return length * carry;
        }
        int k = segmentLength(length);
        return (long) (length / k) * carry + k * residual;
    }
  }

  /**
   * A scan of {@code body} over {@code consts}, {@code init} and {@code xs} (as {@link
   * Scan#scan}) under this plan: its final carries, then its stacked {@code ys}.
   */
  public List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse) {
    if (kind != Kind.ALL && !body.isStatic()) {
      throw new org.cotangent.symbolic.SymbolicDimException("scan: the residual plan " + this
          + " needs a body of static types, this body names the sizes " + body.sizeVars()
          + "; use plan \"all\" (store every step's residuals)",
          org.cotangent.symbolic.Dim.var(body.sizeVars().first()));
    }
    switch (kind) {
      case ALL:
        return Scan.scan(body, consts, init, xs, length, reverse);
      case CARRIES:
        Graph remat = Graph.trace(body.inputNames(), body.inputTypes(),
            ps -> ClosedCall.checkpoint(body, ps));
        return Scan.scan(remat, consts, init, xs, length, reverse);
      case REVOLVE:
        return RevolveScan.scan(body, consts, init, xs, length, reverse, snapshots);
      default:
        return segmented(body, consts, init, xs, length, reverse);
    }
  }

  private List<Node> segmented(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse) {
    if (length <= 1) {
      return CARRIES.scan(body, consts, init, xs, length, reverse);
    }
    int k = segmentLength(length);
    int q = length / k;
    int rem = length - q * k;
    int nc = consts.size();
    int ncar = init.size();
    int ny = body.outputs().size() - ncar;
    List<Node> main = new ArrayList<>();
    List<Node> tail = new ArrayList<>();
    for (Node x : xs) {
      int[] d = x.type().shape().dims();
      int[] lo = new int[d.length];
      int[] hi = d.clone();
      hi[0] = q * k;
      Node head = Ir.slice(x, lo, hi);
      int[] r = new int[d.length + 1];
      r[0] = q;
      r[1] = k;
      System.arraycopy(d, 1, r, 2, d.length - 1);
      main.add(Ir.reshape(head, Shape.of(r)));
      lo = new int[d.length];
      lo[0] = q * k;
      tail.add(Ir.slice(x, lo, d.clone()));
    }
    Graph seg = segment(body, nc, ncar, k, reverse);
    Graph outer = Graph.trace(seg.inputNames(), seg.inputTypes(),
        ps -> ClosedCall.checkpoint(seg, ps));
    List<Node> carry = new ArrayList<>(init);
    List<Node> tailYs = List.of();
    if (rem > 0 && reverse) {
      List<Node> t = tailCall(body, nc, ncar, rem, reverse, consts, carry, tail);
      carry = t.subList(0, ncar);
      tailYs = t.subList(ncar, t.size());
    }
    List<Node> o = Scan.scan(outer, consts, carry, main, q, reverse);
    carry = o.subList(0, ncar);
    if (rem > 0 && !reverse) {
      List<Node> t = tailCall(body, nc, ncar, rem, reverse, consts, carry, tail);
      carry = t.subList(0, ncar);
      tailYs = t.subList(ncar, t.size());
    }
    List<Node> result = new ArrayList<>(carry);
    for (int j = 0; j < ny; j++) {
      Node y = o.get(ncar + j);
      int[] d = y.type().shape().dims();
      int[] flat = new int[d.length - 1];
      flat[0] = q * k;
      System.arraycopy(d, 2, flat, 1, d.length - 2);
      Node ys = Ir.reshape(y, Shape.of(flat));
      result.add(rem > 0 ? Ir.concatenate(0, ys, tailYs.get(j)) : ys);
    }
    return result;
  }

  private static List<Node> tailCall(Graph body, int nc, int ncar, int rem, boolean reverse,
      List<Node> consts, List<Node> carry, List<Node> xs) {
    List<Node> args = new ArrayList<>(consts);
    args.addAll(carry);
    args.addAll(xs);
    return ClosedCall.checkpoint(segment(body, nc, ncar, rem, reverse), args);
  }

  /** {@code (consts..., carry..., xs of m steps...) -> (carry'..., ys of m steps...)}. */
  private static Graph segment(Graph body, int nc, int ncar, int m, boolean reverse) {
    List<TensorType> types = new ArrayList<>(body.inputTypes());
    for (int i = nc + ncar; i < types.size(); i++) {
      types.set(i, Scan.stacked(types.get(i), m));
    }
    return Graph.trace(body.inputNames(), types, ps -> Scan.scan(body, ps.subList(0, nc),
        ps.subList(nc, nc + ncar), ps.subList(nc + ncar, ps.size()), m, reverse));
  }

  // ------------------------------------------------------------------------------- measuring

  /**
   * The stacked residual elements of a linearization: the residuals that are per-step buffers
   * (stacked outputs of loops), plus the largest such storage that a recomputation inside the
   * linear graph builds and consumes (a checkpointed segment's own residual loop). Values of
   * fixed size (consts, final carries) are not counted: they do not grow with the trip count.
   */
  public static long measuredResiduals(Linearize.Linearized lin) {
    long stored = 0;
    List<Node> outs = lin.primal.outputs();
    for (Node r : outs.subList(lin.numOutputs, outs.size())) {
      if (isStacked(r)) {
        stored += r.type().size();
      }
    }
    return stored + peakInside(lin.linear);
  }

  private static boolean isStacked(Node n) {
    return n.op() instanceof Scan && ((Scan) n.op()).out() >= ((Scan) n.op()).numCarry();
  }

  private static long peakInside(Graph g) {
    long peak = 0;
    for (Node n : g.topoOrder()) {
      for (Graph sub : n.op().subgraphs()) {
        peak = Math.max(peak, builtInside(sub));
      }
    }
    return peak;
  }

  /** Stacked loop outputs that a linear loop of {@code g} reads as steps, and the peak inside. */
  private static long builtInside(Graph g) {
    long sum = 0;
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Scan && !((Scan) n.op()).linearInputs().isEmpty()) {
        Scan s = (Scan) n.op();
        for (int i = s.numConsts() + s.numCarry(); i < n.arity(); i++) {
          if (!s.linearInputs().contains(i) && isStacked(n.input(i)) && seen.add(n.input(i))) {
            sum += n.input(i).type().size();
          }
        }
      }
    }
    return sum + peakInside(g);
  }

  @Override
  public String toString() {
    return kind == Kind.SEGMENTS || kind == Kind.REVOLVE
        ? kind.name().toLowerCase() + "(" + snapshots + ")" : kind.name().toLowerCase();
  }
}
