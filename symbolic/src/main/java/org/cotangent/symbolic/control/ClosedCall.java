package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ops.Batching;

/**
 * Output {@code out} of a call of a closed graph (JAX's {@code closed_call_p}): the first
 * primitive that carries a sub-graph, and the pattern that loops, branches and custom rules
 * follow. Every rule recurses into the body through the transformations themselves:
 *
 * <ul>
 *   <li>JVP: output {@code n + out} of a call of {@code jvp(body)}, on the primals and the
 *       tangents (symbolic zeros made concrete), marked linear from input {@code n};
 *   <li>transpose (of such a call, linear in its inputs from {@code linearFrom} on): a call of
 *       {@code transpose(body)} per linear input;
 *   <li>batching: a call of {@code vmap(body)} with the batch axes of the arguments;
 *   <li>evaluation: the interpreter on the body; code generation inlines it.
 * </ul>
 *
 * Several outputs of one body are several nodes; they share the body's work because inlining
 * hash-conses it.
 *
 * <p>A call flagged {@code remat} is a checkpoint (JAX's {@code jax.checkpoint}, policy "save
 * nothing", {@link #checkpoint}): the rules are the same (they keep the flag), and since the JVP
 * of a call is one linear call of {@code jvp(body)}, linearize keeps only the call's inputs as
 * residuals and the transposed call recomputes the body's primal part in the reverse sweep. What
 * the flag adds is code generation's promise not to merge the inside with outside nodes
 * ({@link Inline#calls} lowers it as a block of its own) and the name.
 */
public final class ClosedCall extends Op {
  private final Graph body;
  private final int out;
  private final int linearFrom;
  private final boolean remat;
  private static final Memo<Graph, Graph> JVPS = new Memo<>(64);

  /**
   * A call of {@code body} returning its output {@code out}; the body is linear in its inputs
   * {@code linearFrom, linearFrom + 1, ...} ({@code body.arity()}: in none).
   */
  public ClosedCall(Graph body, int out, int linearFrom) {
    this(body, out, linearFrom, false);
  }

  /** As {@link #ClosedCall(Graph, int, int)}; {@code remat}: a checkpoint. */
  public ClosedCall(Graph body, int out, int linearFrom, boolean remat) {
    super("closed_call");
    if (out < 0 || out >= body.outputs().size()) {
      throw new IrException("closed_call: output " + out + " of a graph with "
          + body.outputs().size() + " outputs");
    }
    if (linearFrom < 0 || linearFrom > body.arity()) {
      throw new IrException("closed_call: linear_from " + linearFrom + " for a graph of "
          + body.arity() + " inputs");
    }
    this.body = body;
    this.out = out;
    this.linearFrom = linearFrom;
    this.remat = remat;
  }

  /**
   * {@code checkpoint(body)(args)} (JAX's {@code jax.checkpoint} / {@code remat}, saving nothing):
   * one node per output of a call of {@code body} whose inside reverse mode recomputes instead of
   * storing, and that is never merged with the nodes around it. The static factory the Java API
   * calls.
   */
  public static List<Node> checkpoint(Graph body, List<Node> args) {
    body = body.boundTo(Subgraphs.types(args));
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < body.outputs().size(); j++) {
      outs.add(Node.make(new ClosedCall(body, j, body.arity(), true), args.toArray(new Node[0])));
    }
    return outs;
  }

  /** Calls {@code body} on {@code args}: one node per output. */
  public static List<Node> call(Graph body, List<Node> args) {
    return call(body, args, body.arity());
  }

  static List<Node> call(Graph body, List<Node> args, int linearFrom) {
    body = body.boundTo(Subgraphs.types(args));
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < body.outputs().size(); j++) {
      outs.add(Node.make(new ClosedCall(body, j, linearFrom), args.toArray(new Node[0])));
    }
    return outs;
  }

  public Graph body() {
    return body;
  }

  public int out() {
    return out;
  }

  public int linearFrom() {
    return linearFrom;
  }

  /** Whether this call is a checkpoint. */
  public boolean remat() {
    return remat;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (!inputs.equals(body.inputTypes())) {
      throw new IrException("closed_call: the body takes " + body.inputTypes() + ", got " + inputs);
    }
    return body.output(out).type();
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return Interpreter.eval(body, inputs).get(out);
  }

  /** The body is typed in the caller's size names (a symbolic callee of a symbolic caller). */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  @Override
  public java.util.Set<String> sizeVars() {
    return body.sizeVars();
  }

  /** The call of the body specialised at the same sizes. */
  @Override
  public Op specialize(java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    Graph b = body.withSizes(env);
    return b == body ? this : new ClosedCall(b, out, linearFrom, remat);
  }

  @Override
  public Op outputFamily() {
    return out == 0 ? this : new ClosedCall(body, 0, linearFrom, remat);
  }

  @Override
  public int outputIndex() {
    return out;
  }

  @Override
  public List<Tensor> evalOutputs(List<Tensor> inputs) {
    return Interpreter.eval(body, inputs);
  }

  /** A body output that is an input or a constant needs no call. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node o = body.output(out);
    if (o.op() instanceof Param) {
      return inputs.get(((Param) o.op()).index());
    }
    if (o.op() instanceof Constant) {
      return o;
    }
    return null;
  }

  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    int n = body.arity();
    List<Node> args = new ArrayList<>(primals);
    for (int i = 0; i < n; i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    Graph jvp = JVPS.get(body, Ad::jvp);
    return Node.make(new ClosedCall(jvp, body.outputs().size() + out, n, remat), args.toArray(new Node[0]));
  }

  @Override
  public boolean isLinearIn(int i) {
    return i >= linearFrom;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Graph only = new Graph(body.inputNames(), body.inputTypes(), List.of(body.output(out)));
    Graph back = Ad.transpose(only, body.arity() - linearFrom);
    List<Node> args = new ArrayList<>(node.inputs().subList(0, linearFrom));
    args.add(ct);
    Node[] cts = new Node[node.arity()];
    for (int i = linearFrom; i < cts.length; i++) {
      if (linear[i]) {
        cts[i] = Node.make(new ClosedCall(back, i - linearFrom, linearFrom, remat), args.toArray(new Node[0]));
      }
    }
    return cts;
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    org.cotangent.symbolic.Dim size = Batching.batchSize(args, dims);
    Graph only = new Graph(body.inputNames(), body.inputTypes(), List.of(body.output(out)));
    Graph batched = Vmap.vmap(only, dims, new int[] {0}, size);
    return new Batched(Node.make(new ClosedCall(batched, 0, linearFrom, remat),
        args.toArray(new Node[0])), 0);
  }

  @Override
  public List<Graph> subgraphs() {
    return List.of(body);
  }

  @Override
  public String paramsText() {
    return "[out=" + out + ",linear_from=" + linearFrom + (remat ? ",remat=True" : "") + ",body="
        + body.nodeCount() + " nodes]";
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graph=" + graphText.apply(body) + ",out=" + out + ",linear_from=" + linearFrom
        + (remat ? ",remat=True" : "") + "]";
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(body, out, linearFrom, remat);
  }
}
