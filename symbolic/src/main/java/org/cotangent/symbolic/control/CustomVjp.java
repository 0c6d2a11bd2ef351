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
 * tangents, whose transpose is {@code bwd}. Forward mode, which JAX refuses, evaluates that
 * tangent as the linear map whose transpose {@code bwd} is: {@code bwd} batched over the unit
 * cotangents of the output, paired with the tangents (one batched call; real outputs only).
 * Higher orders differentiate {@code bwd} as ordinary code. Batching batches all three graphs;
 * code generation inlines the primal ({@link Inline}).
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

  /** The three graphs are typed in the caller's size names. */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  @Override
  public java.util.Set<String> sizeVars() {
    return Subgraphs.sizeVars(List.of(primal, fwd, bwd));
  }

  /** The three graphs specialised at the same sizes. */
  @Override
  public org.cotangent.symbolic.ir.Op specialize(
      java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    Graph p = primal.withSizes(env);
    Graph f = fwd.withSizes(env);
    Graph b = bwd.withSizes(env);
    return p == primal && f == fwd && b == bwd ? this : new CustomVjp(p, f, b, out);
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
    // Every argument batched at axis 0 (unmapped ones broadcast), so that bwd's cotangents,
    // batched at 0, have the arguments' types.
    org.cotangent.symbolic.Dim size = Batching.batchSize(args, dims);
    Node[] front = Batching.allToFront(args, dims);
    int[] zerosIn = new int[primal.arity()];
    Graph p = Vmap.vmap(primal, zerosIn, new int[primal.outputs().size()], size);
    Graph f = Vmap.vmap(fwd, zerosIn, new int[fwd.outputs().size()], size);
    Graph b = Vmap.vmap(bwd, new int[bwd.arity()], new int[bwd.outputs().size()], size);
    return new Batched(Node.make(new CustomVjp(p, f, b, out), front), 0);
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
   * residuals, then one tangent per input of the function; linear in the tangents. Reverse mode
   * transposes it into a call of {@code bwd} on the residuals and the output cotangents (this
   * output's cotangent, zeros for the others); forward mode evaluates {@link #forward}.
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

    private Graph forward;

    /** The error for forward mode of a custom_vjp function with a complex output. */
    public static IrException forwardMode() {
      return new IrException("custom_vjp: forward-mode differentiation (jvp, jacfwd) of a"
          + " function with a custom VJP rule and a complex output is not supported; use grad,"
          + " vjp or jacrev, or give the function a custom_jvp rule instead");
    }

    /**
     * The tangent as a graph {@code (residuals..., tangents...) -> J t}, where {@code J} is the
     * linear map whose transpose {@code bwd} computes: {@code bwd} batched over the unit
     * cotangents {@code e_k} of this output (the others zero) gives the rows {@code J^T e_k},
     * and {@code (J t)_k = sum_i <J^T e_k, t_i>}. How forward mode evaluates, differentiates,
     * batches and compiles this op.
     */
    public synchronized Graph forward() {
      if (forward != null) {
        return forward;
      }
      TensorType ot = bwd.inputTypes().get(numResiduals + out);
      if (ot.dtype().isComplex()) {
        throw forwardMode();
      }
      for (Node o : bwd.outputs()) {
        if (o.dtype().isComplex()) {
          throw forwardMode();
        }
      }
      // At symbolic sizes the unit cotangents are a basis from iotas (Ad.basis), the output
      // flattened to k = numel elements; at static sizes the identity constant they always were.
      boolean symbolic = !ot.isStatic();
      org.cotangent.symbolic.Dim kd = ot.shape().numel();
      int k = symbolic ? -1 : ot.size();
      int m = bwd.arity() - numResiduals;
      int[] axes = new int[bwd.arity()];
      java.util.Arrays.fill(axes, -1);
      axes[numResiduals + out] = 0;
      Graph rows = Vmap.vmap(bwd, axes, new int[bwd.outputs().size()], kd);
      List<TensorType> in = new ArrayList<>(bwd.inputTypes().subList(0, numResiduals));
      in.addAll(types(bwd.outputs()));
      forward = Graph.trace(Graph.defaultNames(in.size(), "x"), in, ps -> {
        List<Node> args = new ArrayList<>(ps.subList(0, numResiduals));
        for (int j = 0; j < m; j++) {
          TensorType t = bwd.inputTypes().get(numResiduals + j);
          if (j == out && symbolic) {
            args.add(Ad.basis(t, true));
          } else if (j == out) {
            double[] eye = new double[k * k];
            for (int e = 0; e < k; e++) {
              eye[e * k + e] = 1;
            }
            int[] dims = new int[t.rank() + 1];
            dims[0] = k;
            System.arraycopy(t.shape().dims(), 0, dims, 1, t.rank());
            args.add(org.cotangent.symbolic.Ir.constant(Tensor.wrap(
                t.withShape(org.cotangent.symbolic.Shape.of(dims)), eye)));
          } else {
            args.add(org.cotangent.symbolic.Ir.zeros(t));
          }
        }
        List<Node> cs = ClosedCall.call(rows, args);
        Node sum = null;
        for (int i = 0; i < cs.size(); i++) {
          Node c = cs.get(i);
          Node prod = org.cotangent.symbolic.Np.mul(c, ps.get(numResiduals + i));
          int[] red = new int[c.rank() - 1];
          for (int a = 0; a < red.length; a++) {
            red[a] = a + 1;
          }
          Node dot = red.length == 0 ? prod : org.cotangent.symbolic.Np.sum(prod, red);
          sum = sum == null ? dot : org.cotangent.symbolic.Np.add(sum, dot);
        }
        if (sum == null) {
          sum = org.cotangent.symbolic.Ir.zeros(TensorType.of(org.cotangent.symbolic.DType.F64,
              org.cotangent.symbolic.Shape.of(kd)));
        }
        if (symbolic) {
          return List.of(org.cotangent.symbolic.Ir.reshape(sum, ot.shape()));
        }
        return List.of(org.cotangent.symbolic.Np.reshape(sum, ot.shape().dims()));
      });
      return forward;
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
      return Interpreter.eval(forward(), inputs).get(0);
    }

    @Override
    public Node jvp(Node result, List<Node> primals, Node[] tangents) {
      Node call = ClosedCall.call(forward(), primals).get(0);
      return call.op().jvp(call, primals, tangents);
    }

    /** bwd is typed in the caller's size names. */
    @Override
    public boolean acceptsSymbolicSubgraphs() {
      return true;
    }

    @Override
    public java.util.Set<String> sizeVars() {
      return bwd.sizeVars();
    }

    /** bwd specialised at the same sizes. */
    @Override
    public org.cotangent.symbolic.ir.Op specialize(
        java.util.Map<String, org.cotangent.symbolic.Dim> env) {
      Graph b = bwd.withSizes(env);
      return b == bwd ? this : new Tangent(b, numResiduals, out);
    }

    @Override
    public Batched batchRule(List<Node> args, int[] dims) {
      Graph batched = Vmap.vmap(forward(), dims, new int[] {0}, Batching.batchSize(args, dims));
      return new Batched(ClosedCall.call(batched, args).get(0), 0);
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
