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
 * Output {@code out} of a function with a custom JVP rule (JAX's {@code custom_jvp}): a closed
 * {@code primal} graph {@code (x...) -> (y...)} and a {@code rule} graph {@code (x..., t...) ->
 * (y..., y_dot...)}, linear in the tangents {@code t}. Outside differentiation it is the primal;
 * under differentiation its JVP is the rule's, so linearize, transpose (reverse mode) and higher
 * orders go through the rule (a higher derivative differentiates the rule as ordinary code, as in
 * JAX). Batching batches both graphs; code generation inlines the primal ({@link Inline}).
 */
public final class CustomJvp extends Op {
  private final Graph primal;
  private final Graph rule;
  private final int out;

  /** Output {@code out} of {@code primal}, whose JVP is {@code rule}. */
  public CustomJvp(Graph primal, Graph rule, int out) {
    super("custom_jvp");
    check(primal, rule);
    if (out < 0 || out >= primal.outputs().size()) {
      throw new IrException("custom_jvp: output " + out + " of a function with "
          + primal.outputs().size() + " outputs");
    }
    this.primal = primal;
    this.rule = rule;
    this.out = out;
  }

  private static void check(Graph primal, Graph rule) {
    int n = primal.arity();
    int m = primal.outputs().size();
    List<TensorType> want = new ArrayList<>(primal.inputTypes());
    for (TensorType t : primal.inputTypes()) {
      want.add(Ad.tangentType(t));
    }
    if (!rule.inputTypes().equals(want)) {
      throw new IrException("custom_jvp: the rule must take the primals and their tangents "
          + want + ", but takes " + rule.inputTypes());
    }
    List<TensorType> outs = new ArrayList<>();
    for (Node o : primal.outputs()) {
      outs.add(o.type());
    }
    for (Node o : primal.outputs()) {
      outs.add(Ad.tangentType(o.type()));
    }
    List<TensorType> got = new ArrayList<>();
    for (Node o : rule.outputs()) {
      got.add(o.type());
    }
    if (!got.equals(outs)) {
      throw new IrException("custom_jvp: the rule must return the " + m + " primal output"
          + (m == 1 ? "" : "s") + " and their tangents " + outs + ", but returns " + got
          + " (for a function of " + n + " input" + (n == 1 ? "" : "s") + ")");
    }
  }

  /** {@code primal(args)} with the JVP {@code rule}: one node per output. */
  public static List<Node> call(Graph primal, Graph rule, List<Node> args) {
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < primal.outputs().size(); j++) {
      outs.add(Node.make(new CustomJvp(primal, rule, j), args.toArray(new Node[0])));
    }
    return outs;
  }

  public Graph primal() {
    return primal;
  }

  public Graph rule() {
    return rule;
  }

  public int out() {
    return out;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (!inputs.equals(primal.inputTypes())) {
      throw new IrException("custom_jvp: the function takes " + primal.inputTypes() + ", got "
          + inputs);
    }
    return primal.output(out).type();
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return Interpreter.eval(primal, inputs).get(out);
  }

  /** Both graphs are typed in the caller's size names. */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  @Override
  public java.util.Set<String> sizeVars() {
    return Subgraphs.sizeVars(List.of(primal, rule));
  }

  /** The primal and the rule specialised at the same sizes. */
  @Override
  public Op specialize(java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    Graph p = primal.withSizes(env);
    Graph r = rule.withSizes(env);
    return p == primal && r == rule ? this : new CustomJvp(p, r, out);
  }

  /** The rule's tangent output, a call of the rule linear in the tangents. */
  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    int n = primal.arity();
    List<Node> args = new ArrayList<>(primals);
    for (int i = 0; i < n; i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    return ClosedCall.call(rule, args, n).get(primal.outputs().size() + out);
  }

  /** A custom_jvp of both graphs batched (every output's batch axis at 0). */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    org.cotangent.symbolic.Dim size = Batching.batchSize(args, dims);
    Graph p = Vmap.vmap(primal, dims, zeros(primal.outputs().size()), size);
    int[] both = Arrays.copyOf(dims, 2 * dims.length);
    System.arraycopy(dims, 0, both, dims.length, dims.length);
    Graph r = Vmap.vmap(rule, both, zeros(rule.outputs().size()), size);
    return new Batched(Node.make(new CustomJvp(p, r, out), args.toArray(new Node[0])), 0);
  }

  private static int[] zeros(int n) {
    return new int[n];
  }

  @Override
  public List<Graph> subgraphs() {
    return List.of(primal, rule);
  }

  @Override
  public String paramsText() {
    return "[out=" + out + ",primal=" + primal.nodeCount() + " nodes,rule=" + rule.nodeCount()
        + " nodes]";
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graphs=(" + graphText.apply(primal) + "," + graphText.apply(rule) + "),out=" + out
        + "]";
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(primal, rule, out);
  }
}
