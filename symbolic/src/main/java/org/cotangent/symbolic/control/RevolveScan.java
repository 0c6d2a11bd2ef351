package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Output {@code out} of a scan under binomial checkpointing ({@link ScanPlan#revolve}): the scan
 * of {@code body} (evaluation, code generation and the primal of its JVP are the plain {@link
 * Scan}: no per-step residuals), whose JVP is a {@link Tangent}, linear in the tangents, whose
 * transpose is one {@link RevolveReverse} op walking the revolve schedule with {@code snapshots}
 * stored carries. Batching batches the body and keeps the plan.
 */
public final class RevolveScan extends Op {
  private final Scan scan;
  private final int snapshots;

  /** Output {@code scan.out()} of {@code scan} under revolve({@code snapshots}). */
  public RevolveScan(Scan scan, int snapshots) {
    super("revolve_scan");
    this.scan = scan;
    this.snapshots = snapshots;
  }

  /** The scan of {@code body} under revolve(snapshots): final carries, then stacked ys. */
  static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse, int snapshots) {
    List<Node> args = new ArrayList<>(consts);
    args.addAll(init);
    args.addAll(xs);
    Node[] in = args.toArray(new Node[0]);
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < body.outputs().size(); j++) {
      Scan s = new Scan(body, consts.size(), init.size(), length, reverse, j, List.of());
      outs.add(Node.make(new RevolveScan(s, snapshots), in));
    }
    return outs;
  }

  public Scan plain() {
    return scan;
  }

  public int snapshots() {
    return snapshots;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    return scan.inferType(inputs);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return scan.eval(inputs);
  }

  @Override
  public List<Tensor> evalOutputs(List<Tensor> inputs) {
    return scan.evalOutputs(inputs);
  }

  @Override
  public Op outputFamily() {
    return scan.out() == 0 ? this : new RevolveScan(scan.withOut(0), snapshots);
  }

  @Override
  public int outputIndex() {
    return scan.out();
  }

  @Override
  public boolean foldable() {
    return false;
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return scan.simplify(inputs, type);
  }

  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    List<Node> args = new ArrayList<>(primals);
    for (int i = 0; i < primals.size(); i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    return Node.make(new Tangent(scan, snapshots), args.toArray(new Node[0]));
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Batched b = scan.batchRule(args, dims);
    Scan s = (Scan) b.value.op();
    return new Batched(Node.make(new RevolveScan(s, snapshots),
        b.value.inputs().toArray(new Node[0])), b.dim);
  }

  @Override
  public List<Graph> subgraphs() {
    return List.of(scan.body());
  }

  @Override
  public String paramsText() {
    return withSnapshots(scan.paramsText(), snapshots);
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return withSnapshots(scan.canonicalParamsText(graphText), snapshots);
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(scan, snapshots);
  }

  static String withSnapshots(String scanText, int snapshots) {
    return scanText.substring(0, scanText.length() - 1) + ",snapshots=" + snapshots + "]";
  }

  /** The scan as a graph of {@code (consts..., init..., xs...)} (the ALL plan). */
  static Graph asGraph(Scan scan) {
    Graph body = scan.body();
    int nc = scan.numConsts();
    int ncar = scan.numCarry();
    int n = body.arity();
    List<TensorType> types = new ArrayList<>(body.inputTypes());
    for (int i = nc + ncar; i < n; i++) {
      types.set(i, Scan.stacked(types.get(i), scan.length()));
    }
    return Graph.trace(body.inputNames(), types, ps -> Scan.scan(body, ps.subList(0, nc),
        ps.subList(nc, nc + ncar), ps.subList(nc + ncar, n), scan.length(), scan.reverse()));
  }

  private static final Memo<Scan, Graph> TANGENTS = new Memo<>(64);

  /**
   * Output {@code out}'s tangent of a revolve scan: inputs the scan's inputs, then one tangent
   * each; linear in the tangents. Forward mode (evaluating it, its JVP, batching, code
   * generation) is the ordinary tangent scan of the ALL plan, the same function; reverse mode
   * transposes it into a {@link RevolveReverse}.
   */
  public static final class Tangent extends Op {
    private final Scan scan;
    private final int snapshots;

    public Tangent(Scan scan, int snapshots) {
      super("revolve_scan_tangent");
      this.scan = scan;
      this.snapshots = snapshots;
    }

    /** {@code (primals..., tangents...) -> this output's tangent}, by the ALL plan's JVP. */
    Graph equivalent() {
      Graph all = TANGENTS.get(scan.withOut(0), k -> Ad.jvp(asGraph(scan.withOut(0))));
      int m = scan.body().outputs().size();
      return new Graph(all.inputNames(), all.inputTypes(), List.of(all.output(m + scan.out())));
    }

    Node equivalentCall(List<Node> args) {
      return ClosedCall.call(equivalent(), args).get(0);
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      return Ad.tangentType(scan.inferType(inputs.subList(0, inputs.size() / 2)));
    }

    @Override
    public boolean foldable() {
      return false;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      return Interpreter.eval(equivalent(), inputs).get(0);
    }

    @Override
    public Node jvp(Node result, List<Node> primals, Node[] tangents) {
      Node c = equivalentCall(primals);
      return c.op().jvp(c, primals, tangents);
    }

    @Override
    public Batched batchRule(List<Node> args, int[] dims) {
      Graph eq = equivalent();
      return new ClosedCall(eq, 0, eq.arity()).batchRule(args, dims);
    }

    @Override
    public boolean isLinearIn(int i) {
      return i >= scan.body().arity();
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      Graph body = scan.body();
      int n = body.arity();
      int ncar = scan.numCarry();
      List<Node> cts = new ArrayList<>();
      for (int j = 0; j < body.outputs().size(); j++) {
        TensorType t = Ad.tangentType(body.output(j).type());
        cts.add(j == scan.out() ? ct : Ir.zeros(j < ncar ? t : Scan.stacked(t, scan.length())));
      }
      List<Node> back = RevolveReverse.sweep(body, scan.numConsts(), ncar, scan.length(),
          scan.reverse(), snapshots, node.inputs().subList(0, n), cts);
      Node[] result = new Node[node.arity()];
      for (int i = n; i < result.length; i++) {
        if (linear[i]) {
          result[i] = back.get(i - n);
        }
      }
      return result;
    }

    @Override
    public List<Graph> subgraphs() {
      return List.of(scan.body());
    }

    @Override
    public String paramsText() {
      return withSnapshots(scan.paramsText(), snapshots);
    }

    @Override
    public String canonicalParamsText(Function<Graph, String> graphText) {
      return withSnapshots(scan.canonicalParamsText(graphText), snapshots);
    }

    @Override
    protected List<Object> params() {
      return Arrays.asList(scan, snapshots);
    }
  }
}
