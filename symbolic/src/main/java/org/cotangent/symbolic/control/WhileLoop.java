package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ops.Batching;

/**
 * Output {@code out} of a while loop (JAX's {@code while_p}): the inputs are {@code consts...,
 * init...}; while the closed {@code cond (consts..., carry...) -> bool} holds, the closed {@code
 * body (consts..., carry...) -> carry'...} updates the carries. The outputs are the final carries,
 * then the trip count {@code n} (an {@code i64} scalar), then, when {@code maxSteps > 0}, for each
 * carry the stack {@code [maxSteps, ...]} of its value entering each step (rows {@code n} and
 * after are zero). With {@code maxSteps > 0}, a loop whose predicate still holds after {@code
 * maxSteps} steps fails ("while_loop ran past max_steps=N"). Several outputs of one loop are
 * several nodes with the same graphs and inputs; code generation writes them as one loop.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>JVP (JAX's {@code _while_loop_jvp}): a while loop over the carries and their tangents, the
 *       predicate on the primal carries, the consts' tangents as consts; linear in the tangents.
 *   <li>transpose (of a linear loop; JAX has none): {@link WhileTranspose}, a loop that runs
 *       backwards over the trip count found at run time, rematerialising each step's primal carry
 *       from the initial one, or reading it from the stacked carries when {@code maxSteps > 0}.
 *   <li>batching: an unbatched predicate gives a while loop of the vmapped body; a batched one runs
 *       while any lane's predicate holds and keeps finished lanes with a select (and counts each
 *       lane's trip count).
 *   <li>evaluation: the interpreter on the graphs, step by step. Never constant-folded.
 * </ul>
 */
public final class WhileLoop extends Op {
  private final Graph cond;
  private final Graph body;
  private final int numConsts;
  private final int maxSteps;
  private final int out;
  /** The inputs this loop is linear in (a tangent or cotangent loop); empty for a primal loop. */
  private final List<Integer> linear;

  public WhileLoop(Graph cond, Graph body, int numConsts, int maxSteps, int out,
      List<Integer> linear) {
    super("while");
    if (numConsts < 0 || numConsts > body.arity()) {
      throw new IrException("while_loop: " + numConsts + " consts for a body of " + body.arity()
          + " inputs");
    }
    if (!cond.inputTypes().equals(body.inputTypes())) {
      throw new IrException("while_loop: cond takes " + cond.inputTypes() + " but body takes "
          + body.inputTypes() + "; both take (consts..., carry...)");
    }
    if (cond.outputs().size() != 1 || !cond.output(0).type().equals(TensorType.of(DType.BOOL))) {
      throw new IrException("while_loop: cond must return one bool scalar, it returns "
          + outTypes(cond));
    }
    int numCarry = body.arity() - numConsts;
    if (body.outputs().size() != numCarry) {
      throw new IrException("while_loop: the body returns " + body.outputs().size()
          + " values for " + numCarry + " carries");
    }
    for (int k = 0; k < numCarry; k++) {
      TensorType in = body.inputTypes().get(numConsts + k);
      if (!body.output(k).type().equals(in)) {
        throw new IrException("while_loop: carry " + k + " enters the body as " + in
            + " but the body returns " + body.output(k).type()
            + "; a carry must keep its shape and dtype across iterations");
      }
    }
    if (maxSteps < 0) {
      throw new IrException("while_loop: max_steps must be positive, got " + maxSteps);
    }
    int numOut = numCarry + 1 + (maxSteps > 0 ? numCarry : 0);
    if (out < 0 || out >= numOut) {
      throw new IrException("while_loop: output " + out + " of a loop with " + numOut
          + " outputs");
    }
    int prev = -1;
    for (int i : linear) {
      if (i <= prev || i >= body.arity()) {
        throw new IrException("while_loop: linear inputs " + linear
            + " are not ascending input indices");
      }
      prev = i;
    }
    this.cond = cond;
    this.body = body;
    this.numConsts = numConsts;
    this.maxSteps = maxSteps;
    this.out = out;
    this.linear = List.copyOf(linear);
  }

  private static List<TensorType> outTypes(Graph g) {
    List<TensorType> ts = new ArrayList<>();
    for (Node o : g.outputs()) {
      ts.add(o.type());
    }
    return ts;
  }

  /**
   * The final carries of a while loop of {@code body} while {@code cond} holds, from {@code init}
   * with {@code consts} (one node each); {@code maxSteps > 0} bounds the trip count (0: no
   * bound). Both graphs take {@code (consts..., carry...)}; {@code cond} returns a bool scalar,
   * {@code body} the next carries.
   */
  public static List<Node> build(Graph cond, Graph body, List<Node> consts, List<Node> init,
      int maxSteps) {
    return outputs(cond, body, consts, init, maxSteps, List.of()).subList(0, init.size());
  }

  /** Every output of the loop: the final carries, the trip count, the stacked carries. */
  static List<Node> outputs(Graph cond, Graph body, List<Node> consts, List<Node> init,
      int maxSteps, List<Integer> linear) {
    List<Node> args = new ArrayList<>(consts);
    args.addAll(init);
    Node[] in = args.toArray(new Node[0]);
    int numOut = init.size() + 1 + (maxSteps > 0 ? init.size() : 0);
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < numOut; j++) {
      outs.add(Node.make(new WhileLoop(cond, body, consts.size(), maxSteps, j, linear), in));
    }
    return outs;
  }

  /** The message of a loop that runs past its bound, in the interpreter and in generated code. */
  public static String pastMaxSteps(int maxSteps) {
    return "while_loop ran past max_steps=" + maxSteps;
  }

  public Graph cond() {
    return cond;
  }

  public Graph body() {
    return body;
  }

  public int numConsts() {
    return numConsts;
  }

  public int numCarry() {
    return body.arity() - numConsts;
  }

  /** The bound on the trip count, 0 for none. */
  public int maxSteps() {
    return maxSteps;
  }

  public int out() {
    return out;
  }

  public int numOutputs() {
    return numCarry() + 1 + (maxSteps > 0 ? numCarry() : 0);
  }

  public List<Integer> linearInputs() {
    return linear;
  }

  /** The same loop's output {@code j}. */
  public WhileLoop withOut(int j) {
    return new WhileLoop(cond, body, numConsts, maxSteps, j, linear);
  }

  /** The type of output {@code j}. */
  public TensorType outputType(int j) {
    int nc = numCarry();
    if (j < nc) {
      return body.output(j).type();
    }
    if (j == nc) {
      return TensorType.of(DType.I64);
    }
    TensorType t = body.output(j - nc - 1).type();
    if (t.isStatic()) {
      return Scan.stacked(t, maxSteps);
    }
    org.cotangent.symbolic.Dim[] d = new org.cotangent.symbolic.Dim[t.rank() + 1];
    d[0] = org.cotangent.symbolic.Dim.of(maxSteps);
    System.arraycopy(t.shape().extents(), 0, d, 1, t.rank());
    return t.withShape(Shape.of(d));
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (!inputs.equals(body.inputTypes())) {
      throw new IrException("while_loop: the loop takes (consts..., init...) of types "
          + body.inputTypes() + ", got " + inputs);
    }
    return outputType(out);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    int nc = numCarry();
    List<Tensor> consts = inputs.subList(0, numConsts);
    List<Tensor> carry = new ArrayList<>(inputs.subList(numConsts, inputs.size()));
    double[][] stacked = new double[maxSteps > 0 ? nc : 0][];
    for (int k = 0; k < stacked.length; k++) {
      stacked[k] = new double[maxSteps * doubles(body.output(k).type())];
    }
    int n = 0;
    while (true) {
      List<Tensor> args = new ArrayList<>(consts);
      args.addAll(carry);
      if (Interpreter.eval(cond, args).get(0).re(0) == 0.0) {
        break;
      }
      if (maxSteps > 0 && n == maxSteps) {
        throw new IllegalStateException(pastMaxSteps(maxSteps));
      }
      for (int k = 0; k < stacked.length; k++) {
        double[] c = carry.get(k).unsafeData();
        System.arraycopy(c, 0, stacked[k], n * c.length, c.length);
      }
      carry = new ArrayList<>(Interpreter.eval(body, args));
      n++;
    }
    if (out < nc) {
      return carry.get(out);
    }
    if (out == nc) {
      return Tensor.wrap(TensorType.of(DType.I64), new double[] {n});
    }
    return Tensor.wrap(outputType(out), stacked[out - nc - 1]);
  }

  private static int doubles(TensorType t) {
    return t.size() * t.dtype().width();
  }

  /** Both graphs are typed in the caller's size names. */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  @Override
  public java.util.Set<String> sizeVars() {
    return Subgraphs.sizeVars(List.of(cond, body));
  }

  /** The loop of both graphs specialised at the same sizes. */
  @Override
  public Op specialize(java.util.Map<String, org.cotangent.symbolic.Dim> env) {
    Graph c = cond.withSizes(env);
    Graph b = body.withSizes(env);
    return c == cond && b == body ? this
        : new WhileLoop(c, b, numConsts, maxSteps, out, linear);
  }

  /** A loop is not evaluated at build time, however constant its inputs (it may not end). */
  @Override
  public boolean foldable() {
    return false;
  }

  // ------------------------------------------------------------------------------------ JVP

  /**
   * JAX's {@code _while_loop_jvp}: a while loop over {@code (consts, consts_dot | carry,
   * carry_dot)} whose predicate reads the primal carries, whose body is {@code jvp(body)}, linear
   * in the tangents; the tangent of output {@code out} is the matching output of that loop (the
   * trip count has none). The primal carries are computed again by this loop (the primal loop is
   * not replaced: in reverse mode the transpose needs them as the non-linear part of the loop).
   */
  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    int nc = numCarry();
    if (out == nc || !result.dtype().isFloating()) {
      return null;
    }
    List<Node> args = new ArrayList<>(primals.subList(0, numConsts));
    for (int i = 0; i < numConsts; i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    args.addAll(primals.subList(numConsts, primals.size()));
    for (int i = numConsts; i < primals.size(); i++) {
      args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
    }
    int n = body.arity();
    // Positions in the JVP loop's inputs (consts, consts_dot, carry, carry_dot) of jvp(body)'s
    // inputs (consts, carry, consts_dot, carry_dot).
    int[] from = new int[2 * n];
    for (int i = 0; i < n; i++) {
      boolean isConst = i < numConsts;
      from[i] = isConst ? i : numConsts + i;
      from[n + i] = isConst ? numConsts + i : n + i;
    }
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Node a : args) {
      types.add(a.type());
    }
    Graph jb = Ad.jvp(body);
    for (int p = 0; p < 2 * n; p++) {
      names.add(null);
    }
    for (int i = 0; i < 2 * n; i++) {
      names.set(from[i], jb.inputNames().get(i));
    }
    Graph jvpBody = Graph.trace(names, types, ps -> {
      List<Node> a = new ArrayList<>();
      for (int i = 0; i < 2 * n; i++) {
        a.add(ps.get(from[i]));
      }
      return jb.call(a);
    });
    Graph jvpCond = Graph.trace(names, types, ps -> {
      List<Node> a = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        a.add(ps.get(from[i]));
      }
      return cond.call(a);
    });
    List<Integer> lin = new ArrayList<>();
    for (int i = 0; i < numConsts; i++) {
      lin.add(numConsts + i);
    }
    for (int k = 0; k < nc; k++) {
      lin.add(2 * numConsts + nc + k);
    }
    // Output out of this loop: a carry (tangent: carry nc + out of the JVP loop) or a stacked
    // carry (tangent: stacked carry nc + k of the JVP loop, whose carries are 2 nc).
    int jOut = out < nc ? nc + out : 2 * nc + 1 + nc + (out - nc - 1);
    return Node.make(new WhileLoop(jvpCond, jvpBody, 2 * numConsts, maxSteps, jOut, lin),
        args.toArray(new Node[0]));
  }

  // ------------------------------------------------------------------------------ transpose

  @Override
  public boolean isLinearIn(int i) {
    return linear.contains(i);
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linearFlags) {
    return WhileTranspose.transpose(this, ct, node, linearFlags);
  }

  /** The nodes of {@code g} that depend on its inputs flagged in {@code from}. */
  static Set<Node> dependents(Graph g, boolean[] from) {
    Set<Node> dep = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Param) {
        if (from[((Param) n.op()).index()]) {
          dep.add(n);
        }
        continue;
      }
      for (Node in : n.inputs()) {
        if (dep.contains(in)) {
          dep.add(n);
          break;
        }
      }
    }
    return dep;
  }

  // ------------------------------------------------------------------------------- batching

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    org.cotangent.symbolic.Dim size = Batching.batchSize(args, dims);
    int n = body.arity();
    int nc = numCarry();
    boolean[] batchedIn = new boolean[n];
    for (int i = 0; i < n; i++) {
      batchedIn[i] = dims[i] != Batched.NOT_MAPPED;
    }
    // Fixpoint: a carry becomes batched when its update reads a batched value; all of them when
    // the predicate does.
    boolean predBatched = false;
    boolean changed = true;
    while (changed) {
      changed = false;
      Set<Node> dep = dependents(body, batchedIn);
      for (int k = 0; k < nc; k++) {
        if (!batchedIn[numConsts + k] && dep.contains(body.output(k))) {
          batchedIn[numConsts + k] = true;
          changed = true;
        }
      }
      if (!predBatched && dependents(cond, batchedIn).contains(cond.output(0))) {
        predBatched = true;
        for (int k = 0; k < nc; k++) {
          changed |= !batchedIn[numConsts + k];
          batchedIn[numConsts + k] = true;
        }
      }
    }
    List<Node> newArgs = new ArrayList<>();
    List<TensorType> types = new ArrayList<>();
    int[] bodyDims = new int[n];
    for (int i = 0; i < n; i++) {
      Node a = args.get(i);
      TensorType bt = body.inputTypes().get(i);
      if (!batchedIn[i]) {
        newArgs.add(a);
        types.add(bt);
        bodyDims[i] = Batched.NOT_MAPPED;
        continue;
      }
      newArgs.add(dims[i] == Batched.NOT_MAPPED ? Batching.addAxis(a, 0, size)
          : Batching.moveAxis(a, dims[i], 0));
      types.add(bt.withShape(Batching.insert(bt.shape(), 0, size)));
      bodyDims[i] = 0;
    }
    if (!predBatched) {
      List<Node> ps = Graph.params(types);
      Batched p = Vmap.batchNodes(cond, ps, bodyDims, null).get(0);
      if (p.isMapped()) {
        throw new IllegalStateException("while_loop batching: the predicate became batched");
      }
      Graph bCond = new Graph(cond.inputNames(), types, List.of(p.value));
      Graph bBody = new Graph(body.inputNames(), types, batchedBody(ps, bodyDims, batchedIn, size),
          body.outputNames(), java.util.Map.of());
      Node r = Node.make(new WhileLoop(bCond, bBody, numConsts, maxSteps, out, linear),
          newArgs.toArray(new Node[0]));
      int dim;
      if (out < nc) {
        dim = batchedIn[numConsts + out] ? 0 : Batched.NOT_MAPPED;
      } else if (out == nc) {
        dim = Batched.NOT_MAPPED;
      } else {
        dim = batchedIn[numConsts + out - nc - 1] ? 1 : Batched.NOT_MAPPED;
      }
      return new Batched(r, dim);
    }
    // A batched predicate: run while any lane's holds; a finished lane keeps its carries (a
    // select) and its own trip count (an extra carry, counting the steps its predicate held).
    TensorType counts = TensorType.of(DType.I64).withShape(Shape.of(size));
    org.cotangent.symbolic.Dim steps = org.cotangent.symbolic.Dim.of(maxSteps);
    List<TensorType> lTypes = new ArrayList<>(types);
    lTypes.add(counts);
    List<String> lNames = new ArrayList<>(body.inputNames());
    lNames.add("trips");
    Graph anyCond = Graph.trace(lNames, lTypes, ps -> {
      Node p = lanePredicate(ps.subList(0, n), bodyDims);
      return List.of(Ir.gt(Ir.reduceMax(Ir.convert(p, DType.F64), 0), Ir.constant(0.0)));
    });
    Graph laneBody = Graph.trace(lNames, lTypes, ps -> {
      List<Node> carry = ps.subList(0, n);
      Node p = lanePredicate(carry, bodyDims);
      List<Node> next = batchedBody(carry, bodyDims, batchedIn, size);
      List<Node> outs = new ArrayList<>();
      for (int k = 0; k < nc; k++) {
        Node old = ps.get(numConsts + k);
        Node mask = old.rank() == 1 ? p
            : Ir.broadcastInDim(p, old.type().shape(), new int[] {0});
        outs.add(Ir.select(mask, next.get(k), old));
      }
      Node trips = ps.get(n);
      outs.add(Ir.add(trips, Ir.convert(p, DType.I64)));
      return outs;
    });
    newArgs.add(Ir.zeros(counts));
    int nc1 = nc + 1;
    List<Node> loop = new ArrayList<>();
    for (int j = 0; j < nc1 + 1 + (maxSteps > 0 ? nc1 : 0); j++) {
      loop.add(Node.make(new WhileLoop(anyCond, laneBody, numConsts, maxSteps, j, linear),
          newArgs.toArray(new Node[0])));
    }
    if (out < nc) {
      return new Batched(loop.get(out), 0);
    }
    if (out == nc) {
      return new Batched(loop.get(nc), 0); // each lane's trip count
    }
    // A lane's rows from its own trip count on are zero, as in an unbatched loop.
    Node stacked = loop.get(nc1 + 1 + (out - nc - 1));
    Shape sm = Shape.of(steps, size);
    Node rows = Ir.iota(TensorType.of(DType.I64).withShape(sm), 0);
    Node mask = Ir.lt(rows, Ir.broadcastInDim(loop.get(nc), sm, 1));
    if (stacked.rank() > 2) {
      mask = Ir.broadcastInDim(mask, stacked.type().shape(), 0, 1);
    }
    return new Batched(Ir.select(mask, stacked, Ir.zeros(stacked.type())), 1);
  }

  /** The batched predicate of each lane, a {@code [size]} bool. */
  private Node lanePredicate(List<Node> ps, int[] bodyDims) {
    Batched p = Vmap.batchNodes(cond, ps, bodyDims, null).get(0);
    if (!p.isMapped()) {
      throw new IllegalStateException("while_loop batching: the predicate is not batched");
    }
    return Batching.moveAxis(p.value, p.dim, 0);
  }

  /** The vmapped body's next carries, each batched on axis 0 if its carry is, else unbatched. */
  private List<Node> batchedBody(List<Node> ps, int[] bodyDims, boolean[] batchedIn,
      org.cotangent.symbolic.Dim size) {
    List<Batched> outs = Vmap.batchNodes(body, ps, bodyDims, null);
    List<Node> bodyOuts = new ArrayList<>();
    for (int k = 0; k < outs.size(); k++) {
      Batched b = outs.get(k);
      if (!batchedIn[numConsts + k]) {
        if (b.isMapped()) {
          throw new IllegalStateException("while_loop batching: carry " + k + " became batched");
        }
        bodyOuts.add(b.value);
      } else {
        bodyOuts.add(b.isMapped() ? Batching.moveAxis(b.value, b.dim, 0)
            : Batching.addAxis(b.value, 0, size));
      }
    }
    return bodyOuts;
  }

  // ---------------------------------------------------------------------- code generation

  /**
   * This loop's output applied to {@code ins} as code generation wants it (see {@link
   * Scan#closureConverted}): calls inlined in both graphs, recursively, and their non-uniform
   * constants turned into leading consts.
   */
  Node closureConverted(Node[] ins) {
    Graph fc = Inline.calls(cond);
    Graph fb = Inline.calls(body);
    List<Node> lifted = Inline.ownConstants(List.of(fc, fb));
    List<Node> args = new ArrayList<>(lifted);
    args.addAll(Arrays.asList(ins));
    List<Integer> lin = new ArrayList<>();
    for (int i : linear) {
      lin.add(i + lifted.size());
    }
    return Node.make(new WhileLoop(Inline.lift(fc, lifted), Inline.lift(fb, lifted), lifted.size() + numConsts,
        maxSteps, out, lin), args.toArray(new Node[0]));
  }



  // -------------------------------------------------------------------------------- printing

  @Override
  public List<Graph> subgraphs() {
    return List.of(cond, body);
  }

  @Override
  public String paramsText() {
    return "[consts=" + numConsts + ",max_steps=" + maxSteps + ",out=" + out + linearText()
        + ",cond=" + cond.nodeCount() + " nodes,body=" + body.nodeCount() + " nodes]";
  }

  private String linearText() {
    return Scan.linearText(linear);
  }


  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graphs=(" + graphText.apply(cond) + "," + graphText.apply(body) + "),consts="
        + numConsts + ",max_steps=" + maxSteps + ",out=" + out + linearText() + "]";
  }

  @Override
  protected List<Object> params() {
    return Arrays.asList(cond, body, numConsts, maxSteps, out, linear);
  }
}
