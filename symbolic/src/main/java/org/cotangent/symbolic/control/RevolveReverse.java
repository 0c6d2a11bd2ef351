package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.kernels.Revolve;

/**
 * Output {@code out} of the reverse sweep of a scan under binomial checkpointing ({@link
 * ScanPlan#revolve}): the transpose of a {@link RevolveScan.Tangent}. It holds the forward step
 * {@code f} (the scan's body, {@code (aux..., consts..., carry..., x...) -> (carry'..., y...)})
 * and the step VJP {@code g} ({@code (aux..., consts..., carry..., x..., carry'_bar...,
 * y_bar...) -> (consts_bar..., carry_bar..., x_bar...)}, which recomputes the step's residuals
 * from the step's carry). Inputs: {@code aux..., consts..., init..., xs..., final carry
 * cotangents..., ys cotangents...}; outputs: the cotangents of the consts (summed over the
 * steps), of {@code init} and of the {@code xs} (stacked). The {@code aux} inputs are constants
 * that closure conversion lifted out of the two graphs for code generation (none before).
 *
 * <p>Evaluation walks the {@link Revolve} schedule with {@code snapshots} stored carries: the
 * memory is {@code min(s, L) C} plus one step's residuals inside {@code g}. What revolve need not
 * be fast at is the equivalent store-all formulation (the same function): its JVP (grad of grad)
 * and its batching are those of the ALL-plan VJP graph {@link #equivalent}.
 */
public final class RevolveReverse extends Op {
  private final Graph f;
  private final Graph g;
  private final int numAux;
  private final int numConsts;
  private final int numCarry;
  private final int length;
  private final boolean reverse;
  private final int snapshots;
  private final int out;

  /** Output {@code out} of the sweep with forward step {@code f} and step VJP {@code g}. */
  public RevolveReverse(Graph f, Graph g, int numAux, int numConsts, int numCarry, int length,
      boolean reverse, int snapshots, int out) {
    super("revolve_reverse");
    if (snapshots < 1 || length < 0 || numAux + numConsts + numCarry > f.arity()) {
      throw new IrException("revolve_reverse: " + snapshots + " snapshots, length " + length);
    }
    this.f = f;
    this.g = g;
    this.numAux = numAux;
    this.numConsts = numConsts;
    this.numCarry = numCarry;
    this.length = length;
    this.reverse = reverse;
    this.snapshots = snapshots;
    this.out = out;
    if (out < 0 || out >= g.outputs().size()) {
      throw new IrException("revolve_reverse: output " + out + " of " + g.outputs().size());
    }
  }

  /** The step VJP of {@code body}: {@code (inputs..., output cotangents...) -> input cts}. */
  static Graph stepVjp(Graph body) {
    Graph v = Ad.vjp(body);
    int m = body.outputs().size();
    List<String> names = new ArrayList<>();
    for (int j = m; j < v.outputs().size(); j++) {
      names.add(v.outputName(j));
    }
    return new Graph(v.inputNames(), v.inputTypes(), v.outputs().subList(m, v.outputs().size()),
        names, v.provenance());
  }

  /**
   * The reverse sweep of a scan of {@code body}: the cotangents of its consts, init and xs, one
   * node each, given those of its final carries and its ys.
   */
  static List<Node> sweep(Graph body, int numConsts, int numCarry, int length, boolean reverse,
      int snapshots, List<Node> primals, List<Node> cts) {
    Graph g = stepVjp(body);
    List<Node> args = new ArrayList<>(primals);
    args.addAll(cts);
    Node[] in = args.toArray(new Node[0]);
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < g.outputs().size(); j++) {
      outs.add(Node.make(new RevolveReverse(body, g, 0, numConsts, numCarry, length, reverse,
          snapshots, j), in));
    }
    return outs;
  }

  public Graph forward() {
    return f;
  }

  public Graph stepVjp() {
    return g;
  }

  public int numAux() {
    return numAux;
  }

  public int numConsts() {
    return numConsts;
  }

  public int numCarry() {
    return numCarry;
  }

  public int numXs() {
    return f.arity() - numAux - numConsts - numCarry;
  }

  public int numYs() {
    return f.outputs().size() - numCarry;
  }

  public int length() {
    return length;
  }

  public boolean reverse() {
    return reverse;
  }

  public int snapshots() {
    return snapshots;
  }

  public int out() {
    return out;
  }

  public RevolveReverse withOut(int j) {
    return new RevolveReverse(f, g, numAux, numConsts, numCarry, length, reverse, snapshots, j);
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    int n = f.arity();
    if (inputs.size() != n + f.outputs().size()) {
      throw new IrException("revolve_reverse: takes " + (n + f.outputs().size()) + " inputs, got "
          + inputs.size());
    }
    TensorType t = g.output(out).type();
    return out < numConsts + numCarry ? t : Scan.stacked(t, length);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return evalOutputs(inputs).get(out);
  }

  @Override
  public Op outputFamily() {
    return out == 0 ? this : withOut(0);
  }

  @Override
  public int outputIndex() {
    return out;
  }

  @Override
  public boolean foldable() {
    return false;
  }

  private static volatile long lastStored;

  /**
   * The most carry elements the last evaluation held in snapshots at once (a measurement of
   * {@link #evalOutputs}, for {@link ScanPlan#measuredResiduals}'s revolve counterpart).
   */
  public static long lastStoredElements() {
    return lastStored;
  }

  private static Tensor step(Tensor xs, TensorType st, int t) {
    int w = st.size() * st.dtype().width();
    return Tensor.wrap(st, Arrays.copyOfRange(xs.unsafeData(), t * w, (t + 1) * w));
  }

  /** Walks the revolve schedule: every output. */
  @Override
  public List<Tensor> evalOutputs(List<Tensor> inputs) {
    int pre = numAux + numConsts;
    int nx = numXs();
    int ny = numYs();
    int n = f.arity();
    List<Tensor> fixed = inputs.subList(0, pre);
    List<Tensor> cur = new ArrayList<>(inputs.subList(pre, pre + numCarry));
    List<Tensor> ctCarry = new ArrayList<>(inputs.subList(n, n + numCarry));
    double[][] ctConsts = new double[numConsts][];
    for (int i = 0; i < numConsts; i++) {
      TensorType t = g.output(i).type();
      ctConsts[i] = new double[t.size() * t.dtype().width()];
    }
    double[][] ctXs = new double[nx][];
    for (int k = 0; k < nx; k++) {
      TensorType t = g.output(numConsts + numCarry + k).type();
      ctXs[k] = new double[length * t.size() * t.dtype().width()];
    }
    long carryElems = 0;
    for (Tensor c : cur) {
      carryElems += c.type().size();
    }
    List<List<Tensor>> slots = new ArrayList<>();
    int[] slotStep = new int[snapshots];
    boolean[] used = new boolean[snapshots];
    for (int i = 0; i < snapshots; i++) {
      slots.add(null);
    }
    long peak = 0;
    int stepAt = 0;
    int[] table = Revolve.schedule(length, snapshots);
    for (int a = 0; a < table.length; a += 2) {
      int arg = table[a + 1];
      switch (table[a]) {
        case Revolve.ADVANCE:
          for (; stepAt < arg; stepAt++) {
            cur = new ArrayList<>(Interpreter.eval(f, stepArgs(inputs, fixed, cur, stepAt))
                .subList(0, numCarry));
          }
          break;
        case Revolve.TAKESHOT: {
          slots.set(arg, cur);
          slotStep[arg] = stepAt;
          used[arg] = true;
          int live = 0;
          for (boolean u : used) {
            live += u ? 1 : 0;
          }
          peak = Math.max(peak, live * carryElems);
          break;
        }
        case Revolve.RESTORE:
          cur = slots.get(arg);
          stepAt = slotStep[arg];
          break;
        default: {
          int t = reverse ? length - 1 - arg : arg;
          List<Tensor> args = stepArgs(inputs, fixed, cur, arg);
          args.addAll(ctCarry);
          for (int k = 0; k < ny; k++) {
            TensorType st = f.output(numCarry + k).type();
            args.add(step(inputs.get(n + numCarry + k), st, t));
          }
          List<Tensor> r = Interpreter.eval(g, args);
          for (int i = 0; i < numConsts; i++) {
            double[] d = r.get(i).unsafeData();
            for (int e = 0; e < d.length; e++) {
              ctConsts[i][e] += d[e];
            }
          }
          ctCarry = new ArrayList<>(r.subList(numConsts, numConsts + numCarry));
          for (int k = 0; k < nx; k++) {
            double[] d = r.get(numConsts + numCarry + k).unsafeData();
            System.arraycopy(d, 0, ctXs[k], t * d.length, d.length);
          }
          break;
        }
      }
    }
    lastStored = peak;
    List<Tensor> outs = new ArrayList<>();
    for (int i = 0; i < numConsts; i++) {
      outs.add(Tensor.wrap(g.output(i).type(), ctConsts[i]));
    }
    outs.addAll(ctCarry);
    for (int k = 0; k < nx; k++) {
      outs.add(Tensor.wrap(Scan.stacked(g.output(numConsts + numCarry + k).type(), length),
          ctXs[k]));
    }
    return outs;
  }

  private List<Tensor> stepArgs(List<Tensor> inputs, List<Tensor> fixed, List<Tensor> carry,
      int k) {
    int t = reverse ? length - 1 - k : k;
    int first = numAux + numConsts + numCarry;
    List<Tensor> args = new ArrayList<>(fixed);
    args.addAll(carry);
    for (int i = first; i < f.arity(); i++) {
      args.add(step(inputs.get(i), f.inputTypes().get(i), t));
    }
    return args;
  }

  // ------------------------------------------------- the equivalent store-all formulation

  private static final Memo<List<Object>, Graph> EQUIVALENTS = new Memo<>(64);

  /**
   * The same function as the ALL plan writes it: {@code (consts..., init..., xs..., cts...) ->}
   * the VJP of the scan (a linearized, transposed scan storing every step's residuals).
   */
  public Graph equivalent() {
    if (numAux != 0) {
      throw new IllegalStateException("revolve_reverse: closure-converted op differentiated");
    }
    return EQUIVALENTS.get(List.of(withOut(0)), k -> {
      int n = f.arity();
      List<TensorType> types = new ArrayList<>(f.inputTypes());
      for (int i = numConsts + numCarry; i < n; i++) {
        types.set(i, Scan.stacked(types.get(i), length));
      }
      Graph p = Graph.trace(f.inputNames(), types, ps -> Scan.scan(f, ps.subList(0, numConsts),
          ps.subList(numConsts, numConsts + numCarry), ps.subList(numConsts + numCarry, n),
          length, reverse));
      Graph v = Ad.vjp(p);
      int m = p.outputs().size();
      return new Graph(v.inputNames(), v.inputTypes(), v.outputs().subList(m, v.outputs().size()),
          null, v.provenance());
    });
  }

  private Node equivalentCall(List<Node> args) {
    return ClosedCall.call(equivalent(), args).get(out);
  }

  /** Grad of grad: the JVP of the store-all formulation. */
  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    Node c = equivalentCall(primals);
    return c.op().jvp(c, primals, tangents);
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Graph eq = equivalent();
    return new ClosedCall(eq, out, eq.arity()).batchRule(args, dims);
  }

  // ---------------------------------------------------------------------- code generation

  /**
   * This op as code generation wants it: calls inlined in {@code f} and {@code g} and their
   * non-uniform constants lifted into leading {@code aux} inputs shared by both.
   */
  Node closureConverted(Node[] ins) {
    Graph ff = Inline.calls(f, false);
    Graph gg = Inline.calls(g, false);
    List<Node> lifted = Inline.ownConstants(List.of(ff, gg));
    List<Node> args = new ArrayList<>(lifted);
    args.addAll(Arrays.asList(ins).subList(0, numAux));
    args.addAll(Arrays.asList(ins).subList(numAux, ins.length));
    Graph f2 = Inline.lift(ff, lifted);
    Graph g2 = Inline.lift(gg, lifted);
    return Node.make(new RevolveReverse(f2, g2, lifted.size() + numAux, numConsts, numCarry,
        length, reverse, snapshots, out), args.toArray(new Node[0]));
  }

  // -------------------------------------------------------------------------------- printing

  @Override
  public List<Graph> subgraphs() {
    return List.of(f, g);
  }

  private String common() {
    return "aux=" + numAux + ",consts=" + numConsts + ",carry=" + numCarry + ",length=" + length
        + ",reverse=" + (reverse ? "True" : "False") + ",snapshots=" + snapshots + ",out=" + out;
  }

  @Override
  public String paramsText() {
    return "[" + common() + ",f=" + f.nodeCount() + " nodes,g=" + g.nodeCount() + " nodes]";
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graphs=(" + graphText.apply(f) + "," + graphText.apply(g) + ")," + common() + "]";
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(f, g, numAux, numConsts, numCarry, length, reverse, snapshots, out);
  }
}
