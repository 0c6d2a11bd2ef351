package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Batching;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Scope;

/**
 * The differentiation transformations, each a function from graphs to graphs so they compose to
 * any order ({@code grad(grad(f))}, {@code jvp(vjp(f))}, ...).
 *
 * <ul>
 *   <li>{@link #jvp}: forward mode, pushing tangents through each op's JVP rule, with symbolic
 *       zeros ({@code null}) that cost nothing.
 *   <li>{@link #linearize}: jvp, then partial evaluation into a primal graph (which also returns
 *       the residuals) and a linear graph (residuals and tangents to output tangents).
 *   <li>{@link #transpose}: the transpose of a graph linear in its trailing inputs, walking it in
 *       reverse topological order with each linear op's transpose rule.
 *   <li>{@link #vjp} = linearize + transpose; {@link #grad} and {@link #valueAndGrad} are vjp with
 *       a unit cotangent.
 *   <li>{@link #jacfwd} = vmap of jvp over the input's standard basis, {@link #jacrev} = vmap of
 *       vjp over each output's basis, {@link #hessian} = jacfwd of jacrev (see {@link Vmap}).
 * </ul>
 */
public final class Ad {
  private Ad() {}

  /**
   * Tangent placeholders of a linearization are parameters with indices from here on; no graph
   * has that many inputs, and they are gone from every graph a transformation returns.
   */

  // ------------------------------------------------------------------ jvp

  /** Primal and tangent outputs of applying a graph; a null tangent is a symbolic zero. */
  public static final class JvpNodes {
    public final List<Node> primals;
    public final Node[] tangents;

    JvpNodes(List<Node> primals, Node[] tangents) {
      this.primals = primals;
      this.tangents = tangents;
    }
  }

  /**
   * Applies {@code f} to {@code primals}, pushing {@code tangents} (null for zero) forward. The
   * core of forward mode; the tangent of a non-floating input is always zero.
   */
  public static JvpNodes jvpNodes(Graph f, List<Node> primals, Node[] tangents) {
    return jvpNodes(f, primals, tangents, null);
  }

  /**
   * Like {@link #jvpNodes(Graph, List, Node[])}; if {@code names} is not null, the nodes built
   * get the names of the nodes they come from, tangents with {@code _dot}.
   */
  public static JvpNodes jvpNodes(Graph f, List<Node> primals, Node[] tangents,
      Map<Node, String> names) {
    Map<Node, Node> env = new IdentityHashMap<>();
    Map<Node, Node> tan = new IdentityHashMap<>();
    for (Node n : f.topoOrder()) {
      if (n.op() instanceof Param) {
        int i = ((Param) n.op()).index();
        env.put(n, primals.get(i));
        if (tangents[i] != null && n.dtype().isFloating()) {
          tan.put(n, tangents[i]);
        }
        continue;
      }
      Node[] ins = new Node[n.arity()];
      Node[] ts = new Node[n.arity()];
      boolean same = true;
      boolean anyTangent = false;
      for (int i = 0; i < ins.length; i++) {
        ins[i] = env.get(n.input(i));
        same &= ins[i] == n.input(i);
        ts[i] = tan.get(n.input(i));
        anyTangent |= ts[i] != null;
      }
      Node out = same ? n : Node.make(n.op(), ins);
      env.put(n, out);
      if (anyTangent) {
        Node t = n.op().jvp(out, Collections.unmodifiableList(Arrays.asList(ins)), ts);
        if (t != null) {
          if (!t.type().equals(tangentType(out.type()))) {
            throw new IllegalStateException("JVP rule of " + n.op() + " gave " + t.type()
                + " for output " + out.type());
          }
          tan.put(n, t);
        }
      }
      String name = names == null ? null : f.nameOf(n);
      if (name != null) {
        names.putIfAbsent(out, name);
        if (tan.containsKey(n)) {
          names.putIfAbsent(tan.get(n), name + "_dot");
        }
      }
    }
    List<Node> outs = new ArrayList<>();
    Node[] touts = new Node[f.outputs().size()];
    for (int j = 0; j < touts.length; j++) {
      outs.add(env.get(f.output(j)));
      touts[j] = tan.get(f.output(j));
    }
    return new JvpNodes(outs, touts);
  }

  /** The type of a tangent of a value of type {@code t}. */
  public static TensorType tangentType(TensorType t) {
    return t;
  }

  /**
   * Forward mode: a graph from {@code (x..., x_dot...)} to {@code (y..., y_dot...)}. Zero output
   * tangents are materialised as zero constants here, at the boundary.
   */
  public static Graph jvp(Graph f) {
    int n = f.arity();
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    List<String> names = new ArrayList<>(f.inputNames());
    for (int i = 0; i < n; i++) {
      types.add(tangentType(f.inputTypes().get(i)));
      names.add(f.inputNames().get(i) + "_dot");
    }
    List<Node> params = Graph.params(types);
    Node[] tangents = params.subList(n, 2 * n).toArray(new Node[0]);
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    JvpNodes r = jvpNodes(f, params.subList(0, n), tangents, nodeNames);
    List<Node> outs = new ArrayList<>(r.primals);
    List<String> outNames = new ArrayList<>();
    for (int j = 0; j < r.tangents.length; j++) {
      outs.add(instantiate(r.tangents[j], r.primals.get(j).type()));
      outNames.add(f.outputName(j));
    }
    for (int j = 0; j < r.tangents.length; j++) {
      outNames.add(f.outputName(j) + "_dot");
    }
    return new Graph(names, types, outs, outNames, nodeNames);
  }

  /** A symbolic zero made concrete (a zero constant), or the node itself. */
  public static Node instantiate(Node t, TensorType type) {
    return t != null ? t : Ir.zeros(tangentType(type));
  }

  // ------------------------------------------------------------ linearize

  /**
   * The result of {@link #linearize}: {@code primal} maps {@code x} to the outputs followed by the
   * residuals; {@code linear} maps {@code (residuals..., x_dot...)} to the output tangents and is
   * linear in the tangents. {@code jvp(f)(x, t) = linear(residuals(x), t)}.
   */
  public static final class Linearized {
    public final Graph primal;
    public final Graph linear;
    public final int numOutputs;
    public final int numResiduals;

    Linearized(Graph primal, Graph linear, int numOutputs, int numResiduals) {
      this.primal = primal;
      this.linear = linear;
      this.numOutputs = numOutputs;
      this.numResiduals = numResiduals;
    }
  }

  public static Linearized linearize(Graph f) {
    int n = f.arity();
    List<Node> primals = f.params();
    Node[] placeholders = new Node[n];
    for (int i = 0; i < n; i++) {
      placeholders[i] = Param.node(Scope.LINEAR, i, tangentType(f.inputTypes().get(i)));
    }
    Map<Node, String> names = new IdentityHashMap<>();
    JvpNodes r = jvpNodes(f, primals, placeholders, names);
    List<Node> tangentOuts = new ArrayList<>();
    for (int j = 0; j < r.tangents.length; j++) {
      tangentOuts.add(instantiate(r.tangents[j], r.primals.get(j).type()));
    }
    Set<Node> linear = linearNodes(tangentOuts, Arrays.asList(placeholders));
    // Residuals: non-constant primal values that linear nodes read.
    List<Node> residuals = new ArrayList<>();
    Set<Node> isResidual = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node node : Graph.topoOrder(tangentOuts)) {
      for (Node in : linear.contains(node) ? node.inputs() : List.<Node>of()) {
        if (!linear.contains(in) && !in.isConstant() && isResidual.add(in)) {
          residuals.add(in);
        }
      }
      if (!linear.contains(node) && !node.isConstant() && tangentOuts.contains(node)
          && isResidual.add(node)) {
        residuals.add(node);
      }
    }
    List<Node> primalOuts = new ArrayList<>(r.primals);
    primalOuts.addAll(residuals);
    Graph primal = new Graph(f.inputNames(), f.inputTypes(), primalOuts, null, names);

    List<TensorType> linTypes = new ArrayList<>();
    List<String> linNames = new ArrayList<>();
    for (int k = 0; k < residuals.size(); k++) {
      linTypes.add(residuals.get(k).type());
      linNames.add(names.getOrDefault(residuals.get(k), "r" + k));
    }
    for (int i = 0; i < n; i++) {
      linTypes.add(tangentType(f.inputTypes().get(i)));
      linNames.add(f.inputNames().get(i) + "_dot");
    }
    List<Node> linParams = Graph.params(linTypes);
    Map<Node, Node> subst = new IdentityHashMap<>();
    for (int k = 0; k < residuals.size(); k++) {
      subst.put(residuals.get(k), linParams.get(k));
    }
    for (int i = 0; i < n; i++) {
      subst.put(placeholders[i], linParams.get(residuals.size() + i));
    }
    Map<Node, String> linNodeNames = new IdentityHashMap<>();
    List<Node> linOuts = Graph.substitute(tangentOuts, subst, names, linNodeNames);
    List<String> linOutNames = new ArrayList<>();
    for (int j = 0; j < linOuts.size(); j++) {
      linOutNames.add(f.outputName(j) + "_dot");
    }
    return new Linearized(primal,
        new Graph(linNames, linTypes, linOuts, linOutNames, linNodeNames), r.primals.size(),
        residuals.size());
  }

  /** The nodes among everything {@code roots} depend on that depend on some of {@code inputs}. */
  static Set<Node> linearNodes(List<Node> roots, List<Node> inputs) {
    Set<Node> linear = Collections.newSetFromMap(new IdentityHashMap<>());
    linear.addAll(inputs);
    for (Node node : Graph.topoOrder(roots)) {
      for (Node in : node.inputs()) {
        if (linear.contains(in)) {
          linear.add(node);
          break;
        }
      }
    }
    return linear;
  }

  // ------------------------------------------------------------ transpose

  /**
   * Cotangents of {@code linearInputs} given cotangents {@code cts} of {@code linearOutputs}
   * (null entries are zeros), for a program linear in those inputs. Returns null for an input
   * whose cotangent is zero. Cotangents of a node used several times are summed.
   */
  public static Node[] transposeNodes(List<Node> linearOutputs, List<Node> linearInputs,
      List<Node> cts) {
    return transposeNodes(linearOutputs, linearInputs, cts, new IdentityHashMap<>());
  }

  /**
   * Like {@link #transposeNodes(List, List, List)}; {@code names} holds names of the linear nodes
   * ({@code x_dot}) and receives names of their cotangents ({@code x_bar}).
   */
  public static Node[] transposeNodes(List<Node> linearOutputs, List<Node> linearInputs,
      List<Node> cts, Map<Node, String> names) {
    Set<Node> linear = linearNodes(linearOutputs, linearInputs);
    Map<Node, Node> ctOf = new IdentityHashMap<>();
    for (int j = 0; j < linearOutputs.size(); j++) {
      Node o = linearOutputs.get(j);
      if (cts.get(j) != null && linear.contains(o)) {
        accumulate(ctOf, o, cts.get(j));
      }
    }
    Set<Node> isInput = Collections.newSetFromMap(new IdentityHashMap<>());
    isInput.addAll(linearInputs);
    List<Node> order = Graph.topoOrder(linearOutputs);
    for (int k = order.size() - 1; k >= 0; k--) {
      Node node = order.get(k);
      if (!linear.contains(node) || isInput.contains(node)) {
        continue;
      }
      Node ct = ctOf.remove(node);
      if (ct == null) {
        continue;
      }
      if (names.containsKey(node)) {
        names.putIfAbsent(ct, barName(names.get(node)));
      }
      boolean[] flags = new boolean[node.arity()];
      int linearCount = 0;
      for (int i = 0; i < flags.length; i++) {
        flags[i] = linear.contains(node.input(i));
        if (flags[i]) {
          linearCount++;
          if (!node.op().isLinearIn(i)) {
            throw new IrException("cannot transpose: " + node.op().name() + " is not linear in its"
                + " input " + i + ", which depends on the inputs being transposed");
          }
        }
      }
      if (linearCount > 1 && node.op().isBilinear()) {
        throw new IrException("cannot transpose: " + node.op().name() + " of two values that both"
            + " depend on the inputs being transposed is not linear in them");
      }
      Node[] inCts = node.op().transposeRule(ct, node, flags);
      for (int i = 0; i < flags.length; i++) {
        if (flags[i] && inCts[i] != null) {
          accumulate(ctOf, node.input(i), inCts[i]);
        }
      }
    }
    Node[] result = new Node[linearInputs.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = ctOf.get(linearInputs.get(i));
      String name = names.get(linearInputs.get(i));
      if (result[i] != null && name != null) {
        names.putIfAbsent(result[i], barName(name));
      }
    }
    return result;
  }

  /** {@code x_dot -> x_bar}, {@code y -> y_bar}. */
  static String barName(String name) {
    return (name.endsWith("_dot") ? name.substring(0, name.length() - 4) : name) + "_bar";
  }

  private static void accumulate(Map<Node, Node> ctOf, Node node, Node ct) {
    if (!ct.type().equals(node.type())) {
      throw new IllegalStateException("cotangent " + ct.type() + " for a value of type " + node.type());
    }
    ctOf.merge(node, ct, Ir::add);
  }

  /**
   * Transposes a graph linear in its last {@code numLinear} inputs: the result maps {@code
   * (nonlinear inputs..., output cotangents...)} to the cotangents of the linear inputs.
   */
  public static Graph transpose(Graph linearGraph, int numLinear) {
    int m = linearGraph.arity() - numLinear;
    List<TensorType> types = new ArrayList<>(linearGraph.inputTypes().subList(0, m));
    List<String> names = new ArrayList<>(linearGraph.inputNames().subList(0, m));
    for (int j = 0; j < linearGraph.outputs().size(); j++) {
      types.add(linearGraph.output(j).type());
      names.add(linearGraph.outputs().size() == 1 ? "out_bar" : "out" + j + "_bar");
    }
    List<Node> params = Graph.params(types);
    List<Node> args = new ArrayList<>(params.subList(0, m));
    List<Node> placeholders = new ArrayList<>();
    for (int i = 0; i < numLinear; i++) {
      Node p = Param.node(Scope.LINEAR, i, linearGraph.inputTypes().get(m + i));
      placeholders.add(p);
      args.add(p);
    }
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    List<Node> outs = linearGraph.call(args, nodeNames);
    for (int i = 0; i < numLinear; i++) {
      nodeNames.put(placeholders.get(i), linearGraph.inputNames().get(m + i));
    }
    for (int j = 0; j < outs.size(); j++) {
      nodeNames.putIfAbsent(outs.get(j), linearGraph.outputName(j));
    }
    Node[] cts = transposeNodes(outs, placeholders, params.subList(m, params.size()), nodeNames);
    List<Node> result = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < numLinear; i++) {
      result.add(instantiate(cts[i], placeholders.get(i).type()));
      outNames.add(barName(linearGraph.inputNames().get(m + i)));
    }
    for (Node p : placeholders) {
      nodeNames.remove(p);
    }
    return new Graph(names, types, result, outNames, nodeNames);
  }

  // ------------------------------------------------------------------ vjp

  /**
   * Applies {@code f} to {@code primals} and pulls {@code cts} (one per output, null for zero)
   * back: returns the outputs followed by one cotangent per input (null for zero). This is
   * linearize + transpose at the level of nodes, so primal, residual and adjoint computations share
   * every common subexpression.
   */
  public static List<Node> vjpNodes(Graph f, List<Node> primals, List<Node> cts) {
    return vjpNodes(f, primals, cts, null);
  }

  /** Like {@link #vjpNodes(Graph, List, List)}, recording node names into {@code names}. */
  public static List<Node> vjpNodes(Graph f, List<Node> primals, List<Node> cts,
      Map<Node, String> names) {
    Linearized lin = linearize(f);
    List<Node> primalOuts = lin.primal.call(primals, names);
    Graph back = transpose(lin.linear, f.arity());
    List<Node> backArgs = new ArrayList<>(primalOuts.subList(lin.numOutputs, primalOuts.size()));
    for (int j = 0; j < cts.size(); j++) {
      backArgs.add(cts.get(j) != null ? cts.get(j) : Ir.zeros(primalOuts.get(j).type()));
    }
    List<Node> result = new ArrayList<>(primalOuts.subList(0, lin.numOutputs));
    result.addAll(back.call(backArgs, names));
    return result;
  }

  /** Reverse mode: a graph from {@code (x..., y_bar...)} to {@code (y..., x_bar...)}. */
  public static Graph vjp(Graph f) {
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    List<String> names = new ArrayList<>(f.inputNames());
    List<Node> primals = f.params();
    List<TensorType> outTypes = new ArrayList<>();
    for (Node o : f.outputs()) {
      outTypes.add(o.type());
    }
    for (int j = 0; j < outTypes.size(); j++) {
      types.add(outTypes.get(j));
      names.add(outTypes.size() == 1 ? "out_bar" : "out" + j + "_bar");
    }
    List<Node> params = Graph.params(types);
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    List<Node> outs = vjpNodes(f, primals, params.subList(f.arity(), params.size()), nodeNames);
    List<String> outNames = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      outNames.add(f.outputName(j));
    }
    for (String x : f.inputNames()) {
      outNames.add(x + "_bar");
    }
    return new Graph(names, types, outs, outNames, nodeNames);
  }

  // ----------------------------------------------------------------- grad

  /**
   * The gradient of a function with one real scalar output, with respect to the inputs {@code
   * argnums} (all inputs if none are given): a graph from {@code x...} to one gradient per
   * argnum.
   */
  public static Graph grad(Graph f, int... argnums) {
    return gradGraph(f, false, argnums);
  }

  /** Like {@link #grad}, but the outputs are the value followed by the gradients. */
  public static Graph valueAndGrad(Graph f, int... argnums) {
    return gradGraph(f, true, argnums);
  }

  private static Graph gradGraph(Graph f, boolean withValue, int[] argnums) {
    checkScalarOutput(f);
    int[] wrt = argnums.length == 0 ? Ir.allAxes(f.arity()) : argnums;
    for (int a : wrt) {
      if (a < 0 || a >= f.arity()) {
        throw new IrException("argnums: " + a + " is out of range for a function of " + f.arity()
            + " argument" + (f.arity() == 1 ? "" : "s"));
      }
      if (!f.inputTypes().get(a).dtype().isFloating()) {
        throw new IrException("grad requires floating-point inputs, but argument " + a + " ("
            + f.inputNames().get(a) + ") is " + f.inputTypes().get(a)
            + "; convert it to f64 or leave it out of argnums");
      }
    }
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    List<Node> outs = vjpNodes(f, f.params(), List.of(Constant.scalar(1.0)), nodeNames);
    List<Node> result = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    if (withValue) {
      result.add(outs.get(0));
      outNames.add(f.outputName(0));
    }
    for (int a : wrt) {
      result.add(outs.get(1 + a));
      outNames.add(f.inputNames().get(a) + "_bar");
    }
    return new Graph(f.inputNames(), f.inputTypes(), result, outNames, nodeNames);
  }


  // ------------------------------------------------- jacfwd, jacrev, hessian

  /**
   * The Jacobian of every output of {@code f} with respect to input {@code argnum}, by forward
   * mode: the JVP of {@code f} vmapped over the standard basis of that input. The result maps
   * {@code f}'s inputs to one Jacobian per output, of shape {@code out.shape + in.shape} (as
   * JAX's {@code jacfwd}).
   */
  public static Graph jacfwd(Graph f, int argnum) {
    TensorType in = checkJacobianArg(f, argnum, "jacfwd");
    int n = f.arity();
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    types.add(in);
    List<String> names = new ArrayList<>(f.inputNames());
    names.add(f.inputNames().get(argnum) + "_dot");
    Graph pushforward = Graph.trace(names, types, ps -> {
      Node[] ts = new Node[n];
      ts[argnum] = ps.get(n);
      JvpNodes r = jvpNodes(f, ps.subList(0, n), ts);
      List<Node> outs = new ArrayList<>();
      for (int j = 0; j < r.tangents.length; j++) {
        outs.add(instantiate(r.tangents[j], r.primals.get(j).type()));
      }
      return outs;
    });
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    List<Node> args = new ArrayList<>(f.params());
    args.add(basis(in));
    int[] dims = new int[n + 1];
    Arrays.fill(dims, Vmap.NOT_MAPPED);
    dims[n] = 0;
    List<Batched> cols = Vmap.batchNodes(pushforward, args, dims, nodeNames);
    List<Node> result = new ArrayList<>();
    for (int j = 0; j < cols.size(); j++) {
      TensorType out = f.output(j).type();
      result.add(Ir.reshape(batchAxisAt(cols.get(j), out.rank(), in.size()),
          concat(out.shape(), in.shape())));
    }
    return new Graph(f.inputNames(), f.inputTypes(), result, jacobianNames(f), nodeNames);
  }

  /**
   * The Jacobian of every output of {@code f} with respect to input {@code argnum}, by reverse
   * mode: the VJP of {@code f} vmapped over the standard basis of each output's cotangent. Same
   * result as {@link #jacfwd}; cheaper when the outputs are smaller than the input.
   */
  public static Graph jacrev(Graph f, int argnum) {
    TensorType in = checkJacobianArg(f, argnum, "jacrev");
    int n = f.arity();
    Map<Node, String> nodeNames = new IdentityHashMap<>();
    List<Node> result = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      int jj = j;
      TensorType out = f.output(j).type();
      List<TensorType> types = new ArrayList<>(f.inputTypes());
      types.add(out);
      List<String> names = new ArrayList<>(f.inputNames());
      names.add(f.outputName(j) + "_bar");
      Graph pullback = Graph.trace(names, types, ps -> {
        List<Node> cts = new ArrayList<>();
        for (int k = 0; k < f.outputs().size(); k++) {
          cts.add(k == jj ? ps.get(n) : null);
        }
        List<Node> r = vjpNodes(f, ps.subList(0, n), cts);
        return List.of(r.get(f.outputs().size() + argnum));
      });
      List<Node> args = new ArrayList<>(f.params());
      args.add(basis(out));
      int[] dims = new int[n + 1];
      Arrays.fill(dims, Vmap.NOT_MAPPED);
      dims[n] = 0;
      Batched rows = Vmap.batchNodes(pullback, args, dims, nodeNames).get(0);
      result.add(Ir.reshape(batchAxisAt(rows, 0, out.size()), concat(out.shape(), in.shape())));
    }
    return new Graph(f.inputNames(), f.inputTypes(), result, jacobianNames(f), nodeNames);
  }

  /**
   * The Hessian of every output of {@code f} with respect to input {@code argnum}: {@code
   * jacfwd(jacrev(f))}, of shape {@code out.shape + in.shape + in.shape}.
   */
  public static Graph hessian(Graph f, int argnum) {
    return jacfwd(jacrev(f, argnum), argnum);
  }

  private static TensorType checkJacobianArg(Graph f, int argnum, String what) {
    if (argnum < 0 || argnum >= f.arity()) {
      throw new IrException("argnums: " + argnum + " is out of range for a function of "
          + f.arity() + " argument" + (f.arity() == 1 ? "" : "s"));
    }
    TensorType in = f.inputTypes().get(argnum);
    if (in.dtype() != DType.F64) {
      throw new IrException(what + " requires real floating-point inputs, but argument " + argnum
          + " (" + f.inputNames().get(argnum) + ") is " + in
          + (in.dtype().isComplex() ? " (complex Jacobians are not supported yet)"
              : "; convert it to f64"));
    }
    for (int j = 0; j < f.outputs().size(); j++) {
      TensorType out = f.output(j).type();
      if (out.dtype() != DType.F64) {
        throw new IrException(what + " requires real floating-point outputs, but output " + j
            + " is " + out);
      }
    }
    return in;
  }

  /** The standard basis of {@code t}: identity rows, shaped {@code [size] + t.shape}. */
  static Node basis(TensorType t) {
    int m = t.size();
    TensorType sq = TensorType.of(DType.I64, m, m);
    Node eye = Ir.convert(Ir.eq(Ir.iota(sq, 0), Ir.iota(sq, 1)), DType.F64);
    return Ir.reshape(eye, concat(org.cotangent.symbolic.Shape.of(m), t.shape()));
  }

  /** The value of {@code b} with its batch axis (of length {@code size}) at {@code axis}. */
  private static Node batchAxisAt(Batched b, int axis, int size) {
    return b.isMapped() ? Batching.moveAxis(b.value, b.dim, axis)
        : Batching.addAxis(b.value, axis, size);
  }

  private static org.cotangent.symbolic.Shape concat(org.cotangent.symbolic.Shape a,
      org.cotangent.symbolic.Shape b) {
    int[] d = new int[a.rank() + b.rank()];
    System.arraycopy(a.dims(), 0, d, 0, a.rank());
    System.arraycopy(b.dims(), 0, d, a.rank(), b.rank());
    return org.cotangent.symbolic.Shape.of(d);
  }

  private static List<String> jacobianNames(Graph f) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      names.add(f.outputName(j) + "_jac");
    }
    return names;
  }

  private static void checkScalarOutput(Graph f) {
    if (f.outputs().size() != 1) {
      throw new IrException("grad requires a function with one output, got " + f.outputs().size());
    }
    TensorType t = f.output(0).type();
    if (!t.shape().isScalar()) {
      throw new IrException("grad requires a scalar output, got " + t
          + "; use jacrev or vjp for non-scalar outputs, or reduce it (e.g. sum)");
    }
    if (t.dtype().isComplex()) {
      throw new IrException("grad of a complex output requires holomorphic=True");
    }
    if (t.dtype() != DType.F64) {
      throw new IrException("grad requires a real floating-point output, got " + t);
    }
  }
}
