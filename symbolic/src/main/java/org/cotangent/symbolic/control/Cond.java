package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
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
 * Output {@code out} of a conditional (JAX's {@code cond_p}): input 0 is an {@code i64} (or
 * {@code bool}) scalar index, clamped to the branches as JAX does, that picks which closed branch
 * runs on the other inputs; every branch takes and returns the same types. The rules, each a
 * conditional of transformed branches on the same index (the {@link ClosedCall} pattern):
 *
 * <ul>
 *   <li>JVP: output {@code n + out} of a conditional of {@code jvp(branch)}s on the operands and
 *       their tangents, linear from input {@code 1 + n};
 *   <li>transpose: a conditional of the transposed branches, one per linear input (each branch
 *       recomputes what it needs of its primal part, so the untaken branch contributes nothing);
 *   <li>batching: an unbatched index gives a conditional of the vmapped branches; a batched index
 *       evaluates every branch and selects per lane (NaN-safe in reverse mode, DESIGN section 10);
 *   <li>evaluation runs the picked branch; code generation inlines every branch and selects (the
 *       values are the same; only the picked branch's values reach the result).
 * </ul>
 */
public final class Cond extends Op {
  private final List<Graph> branches;
  private final int out;
  private final int linearFrom;

  public Cond(List<Graph> branches, int out, int linearFrom) {
    super("cond");
    if (branches.isEmpty()) {
      throw new IrException("cond needs at least one branch");
    }
    Graph b0 = branches.get(0);
    for (Graph b : branches) {
      if (!b.inputTypes().equals(b0.inputTypes())) {
        throw new IrException("cond: the branches take different operands: " + b0.inputTypes()
            + " and " + b.inputTypes());
      }
      List<TensorType> o0 = outTypes(b0);
      if (!outTypes(b).equals(o0)) {
        throw new IrException("cond: the branches return different types: " + o0 + " and "
            + outTypes(b) + "; every branch must return the same structure, shapes and dtypes");
      }
    }
    if (out < 0 || out >= b0.outputs().size()) {
      throw new IrException("cond: output " + out + " of branches with " + b0.outputs().size()
          + " outputs");
    }
    if (linearFrom < 1 || linearFrom > b0.arity() + 1) {
      throw new IrException("cond: linear_from " + linearFrom + " for " + b0.arity() + " operands");
    }
    this.branches = List.copyOf(branches);
    this.out = out;
    this.linearFrom = linearFrom;
  }

  private static List<TensorType> outTypes(Graph g) {
    List<TensorType> ts = new ArrayList<>();
    for (Node o : g.outputs()) {
      ts.add(o.type());
    }
    return ts;
  }

  /** {@code branches[index](operands)}: one node per output. */
  public static List<Node> cond(Node index, List<Graph> branches, List<Node> operands) {
    return cond(index, branches, operands, branches.get(0).arity() + 1);
  }

  static List<Node> cond(Node index, List<Graph> branches, List<Node> operands, int linearFrom) {
    List<Graph> bound = new ArrayList<>();
    for (Graph b : branches) {
      bound.add(b.boundTo(Subgraphs.types(operands)));
    }
    branches = bound;
    List<Node> args = new ArrayList<>();
    args.add(index);
    args.addAll(operands);
    Node[] in = args.toArray(new Node[0]);
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < branches.get(0).outputs().size(); j++) {
      outs.add(Node.make(new Cond(branches, j, linearFrom), in));
    }
    return outs;
  }

  public List<Graph> branches() {
    return branches;
  }

  public int out() {
    return out;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    TensorType idx = inputs.get(0);
    if (idx.rank() != 0 || (idx.dtype() != DType.I64 && idx.dtype() != DType.BOOL)) {
      throw new IrException("cond: the index must be an i64 or bool scalar, got " + idx);
    }
    if (!inputs.subList(1, inputs.size()).equals(branches.get(0).inputTypes())) {
      throw new IrException("cond: the branches take " + branches.get(0).inputTypes() + ", got "
          + inputs.subList(1, inputs.size()));
    }
    return branches.get(0).output(out).type();
  }

  private int pick(double index) {
    return (int) Math.max(0, Math.min(branches.size() - 1, index));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Graph b = branches.get(pick(inputs.get(0).re(0)));
    return Interpreter.eval(b, inputs.subList(1, inputs.size())).get(out);
  }

  /** The branches are typed in the caller's size names. */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  @Override
  public java.util.Set<String> sizeVars() {
    return Subgraphs.sizeVars(branches);
  }

  /** The conditional of the branches specialised at the same sizes. */
  @Override
  public Op specialize(java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    List<Graph> bs = Subgraphs.withSizes(branches, env);
    return Subgraphs.same(bs, branches) ? this : new Cond(bs, out, linearFrom);
  }

  /** A conditional is not evaluated at build time (only the picked branch may run). */
  @Override
  public boolean foldable() {
    return false;
  }

  /** A constant index picks its branch now. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    if (inputs.get(0).isConstant()) {
      double i = ((org.cotangent.symbolic.ir.Constant) inputs.get(0).op()).uniformValue();
      return branches.get(pick(i)).call(inputs.subList(1, inputs.size())).get(out);
    }
    return null;
  }

  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    int n = branches.get(0).arity();
    List<Node> args = new ArrayList<>(primals.subList(1, primals.size()));
    for (int i = 0; i < n; i++) {
      args.add(Ad.instantiate(tangents[1 + i], primals.get(1 + i).type()));
    }
    List<Graph> jvps = new ArrayList<>();
    for (Graph b : branches) {
      jvps.add(Ad.jvp(b));
    }
    List<Node> in = new ArrayList<>();
    in.add(primals.get(0));
    in.addAll(args);
    return Node.make(new Cond(jvps, branches.get(0).outputs().size() + out, 1 + n),
        in.toArray(new Node[0]));
  }

  @Override
  public boolean isLinearIn(int i) {
    return i >= linearFrom;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    int n = branches.get(0).arity();
    int numLinear = n + 1 - linearFrom;
    List<Graph> backs = new ArrayList<>();
    for (Graph b : branches) {
      Graph only = new Graph(b.inputNames(), b.inputTypes(), List.of(b.output(out)));
      backs.add(Ad.transpose(only, numLinear));
    }
    List<Node> args = new ArrayList<>(node.inputs().subList(0, linearFrom));
    args.add(ct);
    Node[] cts = new Node[node.arity()];
    for (int i = linearFrom; i < cts.length; i++) {
      if (linear[i]) {
        cts[i] = Node.make(new Cond(backs, i - linearFrom, linearFrom), args.toArray(new Node[0]));
      }
    }
    return cts;
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    org.cotangent.symbolic.Dim size = Batching.batchSize(args, dims);
    int[] operandDims = Arrays.copyOfRange(dims, 1, dims.length);
    List<Graph> batched = new ArrayList<>();
    for (Graph b : branches) {
      Graph only = new Graph(b.inputNames(), b.inputTypes(), List.of(b.output(out)));
      batched.add(Vmap.vmap(only, operandDims, new int[] {0}, size));
    }
    if (dims[0] == Batched.NOT_MAPPED) {
      return new Batched(Node.make(new Cond(batched, 0, linearFrom), args.toArray(new Node[0])), 0);
    }
    // A batched index: every branch on every lane, then per lane the picked one.
    List<Node> operands = args.subList(1, args.size());
    Node index = Batching.moveAxis(args.get(0), dims[0], 0);
    if (index.dtype() == DType.BOOL) {
      index = Ir.convert(index, DType.I64);
    }
    Node r = batched.get(0).call(operands).get(0);
    TensorType t = r.type();
    int[] bdims = {0};
    for (int k = 1; k < batched.size(); k++) {
      Node take = Ir.ge(index, Ir.full((double) k, index.type()));
      Node mask = Ir.broadcastInDim(take, t.shape(), bdims);
      r = Ir.select(mask, batched.get(k).call(operands).get(0), r);
    }
    return new Batched(r, 0);
  }

  /** The branches inlined and the picked one's values selected (what code generation writes). */
  Node inlined(Node[] ins) {
    List<Node> operands = Arrays.asList(ins).subList(1, ins.length);
    Node index = ins[0].dtype() == DType.BOOL ? Ir.convert(ins[0], DType.I64) : ins[0];
    Node r = Inline.calls(branches.get(0)).call(operands).get(out);
    for (int k = 1; k < branches.size(); k++) {
      Node take = Ir.ge(index, Ir.convert(Ir.constant((double) k), DType.I64));
      Node mask = r.rank() == 0 ? take : Ir.broadcastInDim(take, r.type().shape(), new int[0]);
      r = Ir.select(mask, Inline.calls(branches.get(k)).call(operands).get(out), r);
    }
    return r;
  }

  @Override
  public List<Graph> subgraphs() {
    return branches;
  }

  @Override
  public String paramsText() {
    return "[branches=" + branches.size() + ",out=" + out + ",linear_from=" + linearFrom + "]";
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    StringBuilder sb = new StringBuilder("[branches=(");
    for (int k = 0; k < branches.size(); k++) {
      sb.append(k > 0 ? "," : "").append(graphText.apply(branches.get(k)));
    }
    return sb.append("),out=").append(out).append(",linear_from=").append(linearFrom)
        .append("]").toString();
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(branches, out, linearFrom);
  }
}
