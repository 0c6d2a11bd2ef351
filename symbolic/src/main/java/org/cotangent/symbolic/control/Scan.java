package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.SymbolicDimException;
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
 * Output {@code out} of a scan (JAX's {@code scan_p}): a loop of {@code length} steps of a closed
 * body {@code (consts..., carry..., x...) -> (carry'..., y...)}, where {@code x} is step {@code t}
 * of each {@code xs} (its leading axis) and the {@code y}s are stacked along a new leading axis;
 * {@code reverse} runs {@code t} from {@code length - 1} down to 0 (and stacks {@code y} at
 * {@code t}). The inputs are {@code consts..., init..., xs...}; the outputs are the final carries,
 * then the stacked {@code ys}. Several outputs of one scan are several nodes with the same body and
 * inputs; code generation writes them as one loop.
 *
 * <p>The rules, each a scan of a transformed body:
 *
 * <ul>
 *   <li>JVP: the body is linearized once; a primal scan (the same loop, which also returns the
 *       body's per-step residuals as extra {@code ys}, and takes the place of the original scan so
 *       the primal loop runs once) and a tangent scan of the body's linear part over those
 *       residuals. Residuals that depend on the consts only are computed once, outside the loop.
 *   <li>transpose (of a tangent scan, linear in the inputs flagged {@code linear}, every carry among
 *       them): a scan in the other direction of the transposed body, whose carries are the carry
 *       cotangents and the running sums of the linear consts' cotangents, and whose {@code ys} are
 *       the cotangents of the linear {@code xs}.
 *   <li>batching: a scan of the vmapped body; a carry is batched when its initial value is, or when
 *       (a fixpoint over the steps) its update reads a batched value; the batch axis of {@code xs}
 *       and {@code ys} is axis 1 (axis 0 is the steps).
 *   <li>evaluation: the interpreter on the body, step by step.
 * </ul>
 */
public final class Scan extends Op {
  private final Graph body;
  private final int numConsts;
  private final int numCarry;
  /** The trip count: a constant, or a size polynomial (a symbolic-length scan, issue 14). */
  private final Dim length;
  private final boolean reverse;
  private final int out;
  /** The inputs this scan is linear in (a tangent or cotangent scan); empty for a primal scan. */
  private final List<Integer> linear;

  /**
   * Output {@code out} of a scan of {@code body}; {@code linear} lists the inputs in which it is
   * linear (ascending; empty for a scan that is not a linear map).
   */
  public Scan(Graph body, int numConsts, int numCarry, int length, boolean reverse, int out,
      List<Integer> linear) {
    this(body, numConsts, numCarry, Dim.of(length), reverse, out, linear);
  }

  /**
   * A scan whose trip count is a size polynomial (issue 14): the {@code xs} and {@code ys} have
   * the leading axis {@code length}; the body's types may name sizes too (the caller's names: a
   * carry {@code f64[n]}); the interpreter runs it specialised.
   */
  public Scan(Graph body, int numConsts, int numCarry, Dim length, boolean reverse, int out,
      List<Integer> linear) {
    super("scan");
    if (numConsts < 0 || numCarry < 0 || numConsts + numCarry > body.arity()) {
      throw new IrException("scan: " + numConsts + " consts and " + numCarry
          + " carries for a body of " + body.arity() + " inputs");
    }
    if (body.outputs().size() < numCarry) {
      throw new IrException("scan: the body returns " + body.outputs().size()
          + " values, fewer than its " + numCarry + " carries");
    }
    if (length.isConstant() && length.constant() < 0) {
      throw new IrException("scan: negative length " + length);
    }
    if (out < 0 || out >= body.outputs().size()) {
      throw new IrException("scan: output " + out + " of a body with " + body.outputs().size()
          + " outputs");
    }
    for (int k = 0; k < numCarry; k++) {
      TensorType in = body.inputTypes().get(numConsts + k);
      if (!body.output(k).type().equals(in)) {
        throw new IrException("scan: carry " + k + " enters the body as " + in
            + " but the body returns " + body.output(k).type()
            + "; a carry must keep its shape and dtype across iterations");
      }
    }
    int prev = -1;
    for (int i : linear) {
      if (i <= prev || i >= body.arity()) {
        throw new IrException("scan: linear inputs " + linear + " are not ascending input indices");
      }
      prev = i;
    }
    this.body = body;
    this.numConsts = numConsts;
    this.numCarry = numCarry;
    this.length = length;
    this.reverse = reverse;
    this.out = out;
    this.linear = List.copyOf(linear);
  }

  /**
   * A scan of {@code body} over {@code consts}, {@code init} and {@code xs}: its final carries,
   * then its stacked {@code ys} (one node each).
   */
  public static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse) {
    return scan(body, consts, init, xs, length, reverse, List.of());
  }

  /** The same under a residual plan ({@link ScanPlan}): what reverse mode stores. */
  public static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse, ScanPlan plan) {
    return plan.scan(body, consts, init, xs, length, reverse);
  }

  /**
   * A scan of {@code length} steps, a size polynomial (issue 14): store-all is the only residual
   * plan for it (the others split the steps into segments or a schedule of a known count).
   */
  public static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      Dim length, boolean reverse) {
    return scan(body, consts, init, xs, length, reverse, List.of());
  }

  /** The same under a plan: a plan other than {@code ALL} needs a constant length. */
  public static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      Dim length, boolean reverse, ScanPlan plan) {
    if (length.isConstant()) {
      return scan(body, consts, init, xs, (int) length.constant(), reverse, plan);
    }
    if (plan != ScanPlan.ALL) {
      throw new SymbolicDimException("scan: the residual plan " + plan + " needs a constant"
          + " number of steps, this loop runs " + length + "; use plan \"all\" (store every"
          + " step's residuals)", length);
    }
    return scan(body, consts, init, xs, length, reverse, List.of());
  }

  static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      int length, boolean reverse, List<Integer> linear) {
    return scan(body, consts, init, xs, Dim.of(length), reverse, linear);
  }

  static List<Node> scan(Graph body, List<Node> consts, List<Node> init, List<Node> xs,
      Dim length, boolean reverse, List<Integer> linear) {
    List<Node> args = new ArrayList<>(consts);
    args.addAll(init);
    args.addAll(xs);
    Node[] in = args.toArray(new Node[0]);
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < body.outputs().size(); j++) {
      outs.add(Node.make(new Scan(body, consts.size(), init.size(), length, reverse, j, linear),
          in));
    }
    return outs;
  }

  /**
   * JAX's {@code fori_loop} with static bounds, as a scan without xs (so reverse mode works): the
   * carries after {@code body} ran for {@code i = lo, ..., hi - 1} ({@code max(hi - lo, 0)} steps).
   * {@code body} maps {@code (consts..., i, carry...)} to the next carries; {@code i} is an
   * {@code i64} scalar, a carry of the scan that the body never changes but by one.
   */
  public static List<Node> foriLoop(int lo, int hi, Graph body, List<Node> consts,
      List<Node> init) {
    int nc = consts.size();
    if (body.arity() != nc + 1 + init.size() || body.outputs().size() != init.size()) {
      throw new IrException("fori_loop: the body must take (consts..., i, carry...) and return"
          + " the carries: " + nc + " consts and " + init.size() + " carries, got a body of "
          + body.arity() + " inputs and " + body.outputs().size() + " outputs");
    }
    TensorType i64 = TensorType.of(org.cotangent.symbolic.DType.I64);
    if (!body.inputTypes().get(nc).equals(i64)) {
      throw new IrException("fori_loop: the index must be an i64 scalar, the body takes "
          + body.inputTypes().get(nc));
    }
    Graph step = new Graph(body.inputNames(), body.inputTypes(), stepOutputs(body, nc, i64),
        null, java.util.Map.of());
    List<Node> carry = new ArrayList<>();
    carry.add(Ir.convert(Ir.constant((double) lo), org.cotangent.symbolic.DType.I64));
    carry.addAll(init);
    List<Node> r = scan(step, consts, carry, List.of(), Math.max(hi - lo, 0), false);
    return r.subList(1, r.size());
  }

  private static List<Node> stepOutputs(Graph body, int nc, TensorType i64) {
    List<Node> ps = body.params();
    List<Node> outs = new ArrayList<>();
    outs.add(Ir.add(ps.get(nc), Ir.convert(Ir.constant(1.0), org.cotangent.symbolic.DType.I64)));
    outs.addAll(body.outputs());
    return outs;
  }

  public Graph body() {
    return body;
  }

  public int numConsts() {
    return numConsts;
  }

  public int numCarry() {
    return numCarry;
  }

  public int numXs() {
    return body.arity() - numConsts - numCarry;
  }

  public int numYs() {
    return body.outputs().size() - numCarry;
  }

  /** The trip count; throws {@link SymbolicDimException} for a symbolic one (see {@link #lengthDim}). */
  public int length() {
    if (!length.isConstant()) {
      throw new SymbolicDimException(length);
    }
    return (int) length.constant();
  }

  /** The trip count, constant or symbolic. */
  public Dim lengthDim() {
    return length;
  }

  /** True if the trip count is a size polynomial rather than a constant. */
  public boolean isSymbolic() {
    return !length.isConstant();
  }

  public boolean reverse() {
    return reverse;
  }

  public int out() {
    return out;
  }

  public List<Integer> linearInputs() {
    return linear;
  }

  /** The same scan's output {@code j}. */
  public Scan withOut(int j) {
    return new Scan(body, numConsts, numCarry, length, reverse, j, linear);
  }

  /** The type of the stack of {@code length} values of type {@code t}. */
  public static TensorType stacked(TensorType t, int length) {
    int[] d = new int[t.rank() + 1];
    d[0] = length;
    System.arraycopy(t.shape().dims(), 0, d, 1, t.rank());
    return t.withShape(Shape.of(d));
  }

  /** The type of the stack of {@code length} (a constant or a size) values of type {@code t}. */
  public static TensorType stacked(TensorType t, Dim length) {
    if (length.isConstant() && t.isStatic()) {
      return stacked(t, (int) length.constant());
    }
    Dim[] d = new Dim[t.rank() + 1];
    d[0] = length;
    System.arraycopy(t.shape().extents(), 0, d, 1, t.rank());
    return t.withShape(Shape.of(d));
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (inputs.size() != body.arity()) {
      throw new IrException("scan: the body takes " + body.arity() + " inputs, got "
          + inputs.size());
    }
    for (int i = 0; i < numConsts + numCarry; i++) {
      if (!inputs.get(i).equals(body.inputTypes().get(i))) {
        throw new IrException("scan: " + (i < numConsts ? "const " + i : "initial carry "
            + (i - numConsts)) + " must be " + body.inputTypes().get(i) + ", got " + inputs.get(i));
      }
    }
    for (int i = numConsts + numCarry; i < inputs.size(); i++) {
      TensorType want = stacked(body.inputTypes().get(i), length);
      if (!inputs.get(i).equals(want)) {
        throw new IrException("scan: xs " + (i - numConsts - numCarry) + " must be " + want
            + " (" + length + " steps of " + body.inputTypes().get(i) + "), got " + inputs.get(i));
      }
    }
    TensorType t = body.output(out).type();
    return out < numCarry ? t : stacked(t, length);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    return evalOutputs(inputs).get(out);
  }

  @Override
  public java.util.Set<String> sizeVars() {
    if (body.isStatic()) {
      return length.vars();
    }
    java.util.Set<String> s = new java.util.TreeSet<>(length.vars());
    s.addAll(body.sizeVars());
    return s;
  }

  /** Its inputs are checked against the body's types (in the same size names) by {@link #inferType}. */
  @Override
  public boolean acceptsSymbolicSubgraphs() {
    return true;
  }

  /** The scan at concrete sizes: its length and its body's sizes substituted. */
  @Override
  public Op specialize(java.util.Map<String, Dim> env) {
    if (length.isConstant() && body.isStatic()) {
      return this;
    }
    return new Scan(body.withSizes(env), numConsts, numCarry, length.substitute(env), reverse,
        out, linear);
  }

  /** True if the body's types name sizes (a carry {@code f64[n]}). */
  public boolean hasSymbolicBody() {
    return !body.isStatic();
  }

  @Override
  public Op outputFamily() {
    return out == 0 ? this : withOut(0);
  }

  @Override
  public int outputIndex() {
    return out;
  }

  /** Every output: the final carries, then the stacked ys. */
  @Override
  public List<Tensor> evalOutputs(List<Tensor> inputs) {
    int length = length();
    List<Tensor> carry = new ArrayList<>(inputs.subList(numConsts, numConsts + numCarry));
    int nx = numXs();
    int ny = numYs();
    double[][] ys = new double[ny][];
    for (int k = 0; k < ny; k++) {
      TensorType t = body.output(numCarry + k).type();
      ys[k] = new double[length * t.size() * t.dtype().width()];
    }
    for (int step = 0; step < length; step++) {
      int t = reverse ? length - 1 - step : step;
      List<Tensor> args = new ArrayList<>(inputs.subList(0, numConsts));
      args.addAll(carry);
      for (int k = 0; k < nx; k++) {
        TensorType st = body.inputTypes().get(numConsts + numCarry + k);
        int w = st.size() * st.dtype().width();
        double[] x = inputs.get(numConsts + numCarry + k).unsafeData();
        args.add(Tensor.wrap(st, Arrays.copyOfRange(x, t * w, (t + 1) * w)));
      }
      List<Tensor> r = Interpreter.eval(body, args);
      for (int k = 0; k < numCarry; k++) {
        carry.set(k, r.get(k));
      }
      for (int k = 0; k < ny; k++) {
        double[] y = r.get(numCarry + k).unsafeData();
        System.arraycopy(y, 0, ys[k], t * y.length, y.length);
      }
    }
    List<Tensor> outs = new ArrayList<>(carry);
    for (int k = 0; k < ny; k++) {
      outs.add(Tensor.wrap(stacked(body.output(numCarry + k).type(), length), ys[k]));
    }
    return outs;
  }

  /** A loop is not evaluated at build time, however constant its inputs (a 10^6-step scan stays a loop). */
  @Override
  public boolean foldable() {
    return false;
  }

  /** A carry the body forwards unchanged, or that no step changes, is its initial value. */
  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    if (out < numCarry) {
      Node o = body.output(out);
      if ((length.isConstant() && length.constant() == 0) || (o.op() instanceof Param
          && ((Param) o.op()).index() == numConsts + out)) {
        return inputs.get(numConsts + out);
      }
      if (o.op() instanceof Param && ((Param) o.op()).index() < numConsts) {
        return inputs.get(((Param) o.op()).index());
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------ JVP

  /** The primal scan that also returns the residuals (see {@link #jvp}); it replaces this node. */
  @Override
  public Node jvpPrimal(Node result, List<Node> primals, Node[] tangents) {
    return ScanSplit.of(this, primals).residualScan.get(out);
  }

  @Override
  public Node jvp(Node result, List<Node> primals, Node[] tangents) {
    ScanSplit s = ScanSplit.of(this, primals);
    List<Node> args = new ArrayList<>(s.intensive);
    List<Integer> lin = new ArrayList<>();
    for (int i = 0; i < body.arity(); i++) {
      if (i == numConsts + numCarry) {
        args.addAll(s.extensive);
      }
      // A const or xs without a tangent space (a bool or i64 residual of an earlier JVP, hoisted
      // or stacked per step) gets its zero but is no linear input: the transposition would hand
      // it a cotangent. (Carries keep theirs: the carry structure is the loop's.)
      boolean carry = i >= numConsts && i < numConsts + numCarry;
      if (carry || primals.get(i).dtype().isFloating()) {
        lin.add(args.size());
        args.add(Ad.instantiate(tangents[i], primals.get(i).type()));
      } else {
        args.add(Ad.instantiate(null, primals.get(i).type()));
      }
    }
    if (numXs() == 0) {
      args.addAll(s.extensive);
    }
    Node[] in = args.toArray(new Node[0]);
    return Node.make(new Scan(s.linearBody, s.intensive.size() + numConsts, numCarry, length,
        reverse, out, lin), in);
  }


  // ------------------------------------------------------------------------------ transpose

  @Override
  public boolean isLinearIn(int i) {
    return linear.contains(i);
  }

  /** A scan in the other direction over the transposed body: {@link ScanTranspose}. */
  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linearFlags) {
    return ScanTranspose.transpose(this, ct, node, linearFlags);
  }

  // ------------------------------------------------------------------------------- batching

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Dim size = Batching.batchSize(args, dims);
    int n = body.arity();
    boolean[] batchedIn = new boolean[n];
    for (int i = 0; i < n; i++) {
      batchedIn[i] = dims[i] != Batched.NOT_MAPPED;
    }
    // Fixpoint: a carry becomes batched when its update reads a batched value.
    boolean changed = true;
    while (changed) {
      changed = false;
      Set<Node> dep = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Node m : body.topoOrder()) {
        if (m.op() instanceof Param) {
          if (batchedIn[((Param) m.op()).index()]) {
            dep.add(m);
          }
          continue;
        }
        for (Node in : m.inputs()) {
          if (dep.contains(in)) {
            dep.add(m);
            break;
          }
        }
      }
      for (int k = 0; k < numCarry; k++) {
        if (!batchedIn[numConsts + k] && dep.contains(body.output(k))) {
          batchedIn[numConsts + k] = true;
          changed = true;
        }
      }
    }
    List<Node> newArgs = new ArrayList<>();
    List<TensorType> types = new ArrayList<>();
    int[] bodyDims = new int[n];
    for (int i = 0; i < n; i++) {
      Node a = args.get(i);
      TensorType bt = body.inputTypes().get(i);
      boolean isX = i >= numConsts + numCarry;
      if (!batchedIn[i]) {
        newArgs.add(a);
        types.add(bt);
        bodyDims[i] = Batched.NOT_MAPPED;
        continue;
      }
      int at = isX ? 1 : 0;
      newArgs.add(dims[i] == Batched.NOT_MAPPED ? Batching.addAxis(a, at, size)
          : Batching.moveAxis(a, dims[i], at));
      types.add(bt.withShape(Batching.insert(bt.shape(), 0, size)));
      bodyDims[i] = 0;
    }
    List<Node> ps = Graph.params(types);
    List<Batched> outs = Vmap.batchNodes(body, ps, bodyDims, null);
    List<Node> bodyOuts = new ArrayList<>();
    for (int k = 0; k < outs.size(); k++) {
      Batched b = outs.get(k);
      boolean wantBatched = k >= numCarry || batchedIn[numConsts + k];
      if (!wantBatched) {
        if (b.isMapped()) {
          throw new IllegalStateException("scan batching: carry " + k + " became batched");
        }
        bodyOuts.add(b.value);
      } else {
        bodyOuts.add(b.isMapped() ? Batching.moveAxis(b.value, b.dim, 0)
            : Batching.addAxis(b.value, 0, size));
      }
    }
    Graph batched = new Graph(body.inputNames(), types, bodyOuts, body.outputNames(),
        java.util.Map.of());
    Node r = Node.make(new Scan(batched, numConsts, numCarry, length, reverse, out, linear),
        newArgs.toArray(new Node[0]));
    int dim = out < numCarry ? (batchedIn[numConsts + out] ? 0 : Batched.NOT_MAPPED) : 1;
    return new Batched(r, dim);
  }

  // ---------------------------------------------------------------------- code generation

  /**
   * This scan's output applied to {@code ins} as code generation wants it (what {@link
   * Inline#calls} makes of it): calls inlined in the body, recursively, and the body's
   * non-uniform constants turned into leading consts (closure conversion), so that a loop body
   * reads no constant of its own; names in the body carry over.
   */
  Node closureConverted(Node[] ins) {
    Graph flat = Inline.calls(body, false);
    List<Node> lifted = Inline.ownConstants(List.of(flat));
    List<Node> args = new ArrayList<>(lifted);
    args.addAll(Arrays.asList(ins));
    if (lifted.isEmpty()) {
      return Node.make(new Scan(flat, numConsts, numCarry, length, reverse, out, linear),
          args.toArray(new Node[0]));
    }
    Graph converted = Inline.lift(flat, lifted);
    List<Integer> lin = new ArrayList<>();
    for (int i : linear) {
      lin.add(i + lifted.size());
    }
    return Node.make(new Scan(converted, lifted.size() + numConsts, numCarry, length, reverse,
        out, lin), args.toArray(new Node[0]));
  }

  // -------------------------------------------------------------------------------- printing

  @Override
  public List<Graph> subgraphs() {
    return List.of(body);
  }

  @Override
  public String paramsText() {
    return "[consts=" + numConsts + ",carry=" + numCarry + ",length=" + length + ",reverse="
        + (reverse ? "True" : "False") + ",out=" + out + linearText() + ",body="
        + body.nodeCount() + " nodes]";
  }

  private String linearText() {
    return linearText(linear);
  }

  /** {@code ",linear=(i,j,...)"}, or nothing for no linear inputs (the IR text of loops). */
  static String linearText(List<Integer> linear) {
    if (linear.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(",linear=(");
    for (int k = 0; k < linear.size(); k++) {
      sb.append(k > 0 ? "," : "").append(linear.get(k));
    }
    return sb.append(")").toString();
  }

  @Override
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return "[graph=" + graphText.apply(body) + ",consts=" + numConsts + ",carry=" + numCarry
        + ",length=" + length + ",reverse=" + (reverse ? "True" : "False") + ",out=" + out
        + linearText() + "]";
  }

  @Override
  protected List<Object> params() {
    // A constant length is the Integer it always was (hashes and equality of static scans kept).
    Object len = length.isConstant() ? (Object) (int) length.constant() : length;
    return Arrays.asList(body, numConsts, numCarry, len, reverse, out, linear);
  }
}
