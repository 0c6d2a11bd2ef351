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
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Batching;

/**
 * Output {@code out} of a function with a custom VJP rule (JAX's {@code custom_vjp}): a closed
 * {@code primal} graph {@code (x...) -> (y...)}, a forward {@code fwd} {@code (x...) -> (y...,
 * r...)} that also returns residuals, and a backward {@code bwd} {@code (r..., y_bar...) ->
 * (x_bar...)}. Outside differentiation it is the primal. Its JVP (which reverse mode linearizes
 * and transposes) is the residuals of {@code fwd} and a {@link Tangent} op, linear in the
 * tangents, whose transpose is {@code bwd}; forward mode proper (evaluating that tangent) is an
 * error, as in JAX. Higher orders differentiate {@code bwd} as ordinary code. Batching batches
 * all three graphs; code generation inlines the primal ({@link Inline}).
 */
public final class CustomVjp extends Op {
  private final Graph primal;
  private final Graph fwd;
  private final Graph bwd;
  private final int out;

  /** Output {@code out} of {@code primal}, differentiated in reverse by {@code fwd}/{@code bwd}. */
  public CustomVjp(Graph primal, Graph fwd, Graph bwd, int out) {
    super("custom_vjp");
    int n = primal.arity();
    int m = primal.outputs().size();
    if (!fwd.inputTypes().equals(primal.inputTypes()) || fwd.outputs().size() < m
        || !types(fwd.outputs().subList(0, m)).equals(types(primal.outputs()))) {
      throw new IrException("custom_vjp: fwd must take the function's inputs "
          + primal.inputTypes() + " and return its outputs " + types(primal.outputs())
          + " then the residuals; it takes " + fwd.inputTypes() + " and returns "
          + types(fwd.outputs()));
    }
    int r = fwd.outputs().size() - m;
    List<TensorType> bwdIn = new ArrayList<>(types(fwd.outputs().subList(m, m + r)));
    for (Node o : primal.outputs()) {
      bwdIn.add(Ad.tangentType(o.type()));
    }
    List<TensorType> cts = new ArrayList<>();
    for (TensorType t : primal.inputTypes()) {
      cts.add(Ad.tangentType(t));
    }
    if (!bwd.inputTypes().equals(bwdIn) || !types(bwd.outputs()).equals(cts)) {
      throw new IrException("custom_vjp: bwd must take the " + r + " residual"
          + (r == 1 ? "" : "s") + " and the output cotangents " + bwdIn + " and return one"
          + " cotangent per input " + cts + "; it takes " + bwd.inputTypes() + " and returns "
          + types(bwd.outputs()) + " (for a function of " + n + " input" + (n == 1 ? "" : "s")
          + ")");
    }
    if (out < 0 || out >= m) {
      throw new IrException("custom_vjp: output " + out + " of a function with " + m
          + " outputs");
    }
    this.primal = primal;
    this.fwd = fwd;
    this.bwd = bwd;
    this.out = out;
  }

  /** {@code primal(args)} with the VJP rule {@code fwd}/{@code bwd}: one node per output. */
  public static List<Node> call(Graph primal, Graph fwd, Graph bwd, List<Node> args) {
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < primal.outputs().size(); j++) {
      outs.add(Node.make(new CustomVjp(primal, fwd, bwd, j), args.toArray(new Node[0])));
    }
    return outs;
  }

  private static List<TensorType> types(List<Node> ns) {
    List<TensorType> ts = new ArrayList<>();
    for (Node n : ns) {
      ts.add(n.type());
    }
    return ts;
  }

  public Graph primal() {
    return primal;
  }

  public int out() {
    return out;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (!inputs.equals(primal.inputTypes())) {
      throw new IrException("custom_vjp: the function takes " + primal.inputTypes() + ", got "
          + inputs);
    }
    return primal.output(out).type();
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return Interpreter.eval(primal, inputs).get(out);
  }

  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    int m = primal.outputs().size();
    List<Node> f = ClosedCall.call(fwd, primals);
    List<Node> args = new ArrayList<>(f.subList(m, f.size()));
    for (int i = 0; i < primals.size(); i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    return Node.make(new Tangent(bwd, f.size() - m, out), args.toArray(new Node[0]));
  }

  /** A custom_vjp of the three graphs batched (every output's batch axis at 0). */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    int size = Batching.size(args, dims);
    Graph p = Vmap.vmap(primal, dims, 0, size);
    Graph f = Vmap.vmap(fwd, dims, 0, size);
    int[] zeros = new int[bwd.arity()];
    Graph b = Vmap.vmap(bwd, zeros, 0, size);
    return new Batched(Node.make(new CustomVjp(p, f, b, out), args.toArray(new Node[0])), 0);
  }

  @Override
  public List<Graph> subgraphs() {
    return List.of(primal, fwd, bwd);
  }

  @Override
  public String paramsText() {
    return "[out=" + out + ",primal=" + primal.nodeCount() + " nodes,fwd=" + fwd.nodeCount()
        + " nodes,bwd=" + bwd.nodeCount() + " nodes]";
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graphs=(" + graphText.apply(primal) + "," + graphText.apply(fwd) + ","
        + graphText.apply(bwd) + "),out=" + out + "]";
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(primal, fwd, bwd, out);
  }

  /**
   * The tangent of output {@code out} of a custom_vjp function: inputs the {@code numResiduals}
   * residuals, then one tangent per input of the function; linear in the tangents. It is never
   * evaluated: reverse mode transposes it into a call of {@code bwd} on the residuals and the
   * output cotangents (this output's cotangent, zeros for the others).
   */
  public static final class Tangent extends Op {
    private final Graph bwd;
    private final int numResiduals;
    private final int out;

    public Tangent(Graph bwd, int numResiduals, int out) {
      super("custom_vjp_tangent");
      if (numResiduals < 0 || numResiduals > bwd.arity() || out < 0
          || numResiduals + out >= bwd.arity()) {
        throw new IrException("custom_vjp_tangent: " + numResiduals + " residuals and output "
            + out + " for a bwd of " + bwd.arity() + " inputs");
      }
      this.bwd = bwd;
      this.numResiduals = numResiduals;
      this.out = out;
    }

    /** The error for evaluating, compiling or batching a custom_vjp tangent. */
    public static IrException forwardMode() {
      return new IrException("custom_vjp: forward-mode differentiation (jvp, jacfwd, linearize"
          + " evaluated forward) of a function with a custom VJP rule is not defined, as in JAX;"
          + " use grad, vjp or jacrev, or give the function a custom_jvp rule instead");
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      List<TensorType> want = new ArrayList<>(bwd.inputTypes().subList(0, numResiduals));
      want.addAll(types(bwd.outputs()));
      if (!inputs.equals(want)) {
        throw new IrException("custom_vjp_tangent: takes " + want + ", got " + inputs);
      }
      return bwd.inputTypes().get(numResiduals + out);
    }

    @Override
    public boolean foldable() {
      return false;
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      throw forwardMode();
    }

    @Override
    public Node jvp(Node result, List<Node> primals, Node[] tangents) {
      throw forwardMode();
    }

    @Override
    public Batched batchRule(List<Node> args, int[] dims) {
      throw forwardMode();
    }

    @Override
    public boolean isLinearIn(int i) {
      return i >= numResiduals;
    }

    @Override
    public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
      List<Node> args = new ArrayList<>(node.inputs().subList(0, numResiduals));
      int m = bwd.arity() - numResiduals;
      for (int j = 0; j < m; j++) {
        TensorType t = bwd.inputTypes().get(numResiduals + j);
        args.add(j == out ? ct : org.cotangent.symbolic.Ir.zeros(t));
      }
      List<Node> back = ClosedCall.call(bwd, args);
      Node[] cts = new Node[node.arity()];
      for (int i = numResiduals; i < cts.length; i++) {
        if (linear[i]) {
          cts[i] = back.get(i - numResiduals);
        }
      }
      return cts;
    }

    @Override
    public List<Graph> subgraphs() {
      return List.of(bwd);
    }

    @Override
    public String paramsText() {
      return "[out=" + out + ",residuals=" + numResiduals + ",bwd=" + bwd.nodeCount()
          + " nodes]";
    }

    @Override
    public String canonicalParamsText(Function<Graph, String> graphText) {
      return "[graph=" + graphText.apply(bwd) + ",residuals=" + numResiduals + ",out=" + out
          + "]";
    }

    @Override
    protected List<Object> params() {
      return Arrays.asList(bwd, numResiduals, out);
    }
  }
}
