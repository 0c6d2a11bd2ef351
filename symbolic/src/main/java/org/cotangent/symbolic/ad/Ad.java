package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ops.Batching;

/**
 * The differentiation transformations, each a function from graphs to graphs so they compose to
 * any order ({@code grad(grad(f))}, {@code jvp(vjp(f))}, ...): JAX's {@code api.py} over its
 * interpreters, which are {@link Jvp} (forward mode), {@link Linearize} (partial evaluation of a
 * JVP) and {@link Transposition} (reverse mode of a linear program), with {@link Vmap}.
 *
 * <ul>
 *   <li>{@link #jvp}: forward mode, pushing tangents through each op's JVP rule, with symbolic
 *       zeros ({@code null}) that cost nothing.
 *   <li>{@link #linearize}: jvp, then partial evaluation into a primal graph (which also returns
 *       the residuals) and a linear graph (residuals and tangents to output tangents).
 *   <li>{@link #transpose}: the transpose of a graph linear in its trailing inputs.
 *   <li>{@link #vjp} = linearize + transpose; {@link #grad} and {@link #valueAndGrad} are vjp with
 *       a unit cotangent.
 *   <li>{@link #jacfwd} = vmap of jvp over the input's standard basis, {@link #jacrev} = vmap of
 *       vjp over each output's basis, {@link #hessian} = jacfwd of jacrev.
 * </ul>
 *
 * Every transformation keeps the names and origins of the nodes it derives ({@link Provenance}),
 * so generated code says which source statement each block of derivative code comes from.
 */
public final class Ad {
  private Ad() {}

  /** Forward mode: a graph from {@code (x..., x_dot...)} to {@code (y..., y_dot...)}. */
  public static Graph jvp(Graph f) {
    return Jvp.graph(f);
  }

  /** The type of a tangent of a value of type {@code t}. */
  public static TensorType tangentType(TensorType t) {
    return Jvp.tangentType(t);
  }

  /** A symbolic zero made concrete (a zero constant), or the node itself. */
  public static Node instantiate(Node t, TensorType type) {
    return t != null ? t : Ir.zeros(tangentType(type));
  }

  /** See {@link Linearize}. */
  public static Linearize.Linearized linearize(Graph f) {
    return Linearize.of(f);
  }

  /** See {@link Transposition#graph}. */
  public static Graph transpose(Graph linearGraph, int numLinear) {
    return Transposition.graph(linearGraph, numLinear);
  }

  // ------------------------------------------------------------------ vjp

  /**
   * Applies {@code f} to {@code primals} and pulls {@code cts} (one per output, null for zero)
   * back: returns the outputs followed by one cotangent per input (null for zero). This is
   * linearize + transpose at the level of nodes, so primal, residual and adjoint computations share
   * every common subexpression. The nodes made are annotated in {@code into} (null: nowhere).
   */
  public static List<Node> vjpNodes(Graph f, List<Node> primals, List<Node> cts, Provenance into) {
    Linearize.Linearized lin = Linearize.of(f);
    List<Node> primalOuts = lin.primal.call(primals, into);
    Graph back = Transposition.graph(lin.linear, f.arity());
    List<Node> backArgs = new ArrayList<>(primalOuts.subList(lin.numOutputs, primalOuts.size()));
    for (int j = 0; j < cts.size(); j++) {
      backArgs.add(cts.get(j) != null ? cts.get(j) : Ir.zeros(primalOuts.get(j).type()));
    }
    List<Node> result = new ArrayList<>(primalOuts.subList(0, lin.numOutputs));
    result.addAll(back.call(backArgs, into));
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
    Provenance prov = new Provenance();
    List<Node> outs = vjpNodes(f, primals, params.subList(f.arity(), params.size()), prov);
    List<String> outNames = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      outNames.add(f.outputName(j));
    }
    for (String x : f.inputNames()) {
      outNames.add(x + "_bar");
    }
    return new Graph(names, types, outs, outNames, prov);
  }

  // ----------------------------------------------------------------- grad

  /**
   * The gradient of a function with one real scalar output, with respect to the inputs {@code
   * argnums} (all inputs if none are given): a graph from {@code x...} to one gradient per
   * argnum.
   */
  public static Graph grad(Graph f, int... argnums) {
    return gradGraph(f, false, false, argnums);
  }

  /** Like {@link #grad}, but the outputs are the value followed by the gradients. */
  public static Graph valueAndGrad(Graph f, int... argnums) {
    return gradGraph(f, true, false, argnums);
  }

  /**
   * {@link #grad} or ({@code withValue}) {@link #valueAndGrad}, with JAX's {@code holomorphic}
   * option: the output and the inputs in {@code argnums} must then be complex, and the gradient
   * of a holomorphic f is f'(z) (the VJP of a unit cotangent 1 + 0i). Without it, a complex output
   * is an error saying to pass {@code holomorphic=True}; complex inputs are allowed and get the
   * gradient of a real function of complex numbers, df/dx - i df/dy (DESIGN section 3).
   */
  public static Graph grad(Graph f, boolean withValue, boolean holomorphic, int... argnums) {
    return gradGraph(f, withValue, holomorphic, argnums);
  }

  private static Graph gradGraph(Graph f, boolean withValue, boolean holomorphic, int[] argnums) {
    checkScalarOutput(f, holomorphic);
    int[] wrt = argnums.length == 0 ? Ir.allAxes(f.arity()) : argnums;
    for (int a : wrt) {
      if (a < 0 || a >= f.arity()) {
        throw new IrException(argnumOutOfRange("the function", a, f.arity()));
      }
      TensorType t = f.inputTypes().get(a);
      if (!t.dtype().isFloating()) {
        throw new IrException("grad requires floating-point inputs, but argument " + a + " ("
            + f.inputNames().get(a) + ") is " + t
            + "; convert it to f64 or leave it out of argnums");
      }
      if (holomorphic && !t.dtype().isComplex()) {
        throw new IrException("grad with holomorphic=True requires complex inputs, but argument "
            + a + " (" + f.inputNames().get(a) + ") is " + t);
      }
    }
    Provenance prov = new Provenance();
    Node one = Ir.full(1.0, f.output(0).type());
    List<Node> outs = vjpNodes(f, f.params(), List.of(one), prov);
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
    return new Graph(f.inputNames(), f.inputTypes(), result, outNames, prov);
  }

  // ------------------------------------------------- jacfwd, jacrev, hessian

  /**
   * The Jacobian of every output of {@code f} with respect to input {@code argnum}, by forward
   * mode: the JVP of {@code f} vmapped over the standard basis of that input. The result maps
   * {@code f}'s inputs to one Jacobian per output, of shape {@code out.shape + in.shape} (as
   * JAX's {@code jacfwd}).
   */
  public static Graph jacfwd(Graph f, int argnum) {
    return jacfwd(f, argnum, false);
  }

  /**
   * {@link #jacfwd} with JAX's {@code holomorphic} option: the input and outputs must be complex,
   * and the result is the complex Jacobian f'(z). Without it the input must be real (outputs may
   * be complex: the Jacobian of their real and imaginary parts together).
   */
  public static Graph jacfwd(Graph f, int argnum, boolean holomorphic) {
    TensorType in = checkJacobianArg(f, argnum, "jacfwd", holomorphic);
    int n = f.arity();
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    types.add(in);
    List<String> names = new ArrayList<>(f.inputNames());
    names.add(f.inputNames().get(argnum) + "_dot");
    List<Node> ps = Graph.params(types);
    Node[] ts = new Node[n];
    ts[argnum] = ps.get(n);
    Provenance pushProv = new Provenance();
    Jvp.Result r = Jvp.nodes(f, ps.subList(0, n), ts, pushProv);
    List<Node> tangentOuts = new ArrayList<>();
    for (int j = 0; j < r.tangents.length; j++) {
      tangentOuts.add(instantiate(r.tangents[j], r.primals.get(j).type()));
    }
    Graph pushforward = new Graph(names, types, tangentOuts, null, pushProv);
    Provenance prov = new Provenance();
    List<Node> args = new ArrayList<>(f.params());
    List<Node> result = new ArrayList<>();
    if (in.isStatic() && in.size() == 1) {
      // A basis of one element is no batch: push the tangent 1 forward (the same arithmetic
      // as the vmap over one basis vector, without axes of length 1 in every value).
      args.add(Ir.full(1.0, in));
      List<Node> cols = pushforward.call(args, prov);
      for (int j = 0; j < cols.size(); j++) {
        result.add(Ir.reshape(cols.get(j), concat(f.output(j).type().shape(), in.shape())));
      }
      return new Graph(f.inputNames(), f.inputTypes(), result, jacobianNames(f), prov);
    }
    // The basis is batched along its last axis, where the Jacobian wants it: elementwise
    // tangent code keeps the axis there, so no transpose is left at the end.
    args.add(basis(in, false));
    int[] dims = new int[n + 1];
    Arrays.fill(dims, Vmap.NOT_MAPPED);
    dims[n] = in.rank();
    List<Batched> cols = Vmap.batchNodes(pushforward, args, dims, prov);
    for (int j = 0; j < cols.size(); j++) {
      TensorType out = f.output(j).type();
      result.add(Ir.reshape(batchAxisAt(cols.get(j), out.rank(), in.shape().numel()),
          concat(out.shape(), in.shape())));
    }
    return new Graph(f.inputNames(), f.inputTypes(), result, jacobianNames(f), prov);
  }

  /**
   * The Jacobian of every output of {@code f} with respect to input {@code argnum}, by reverse
   * mode: the VJP of {@code f} vmapped over the standard basis of each output's cotangent. Same
   * result as {@link #jacfwd}; cheaper when the outputs are smaller than the input.
   */
  public static Graph jacrev(Graph f, int argnum) {
    return jacrev(f, argnum, false);
  }

  /**
   * {@link #jacrev} with JAX's {@code holomorphic} option: the input and outputs must be complex.
   * Without it the outputs must be real (the input may be complex: rows are then gradients of a
   * real function of complex numbers, df/dx - i df/dy).
   */
  public static Graph jacrev(Graph f, int argnum, boolean holomorphic) {
    TensorType in = checkJacobianArg(f, argnum, "jacrev", holomorphic);
    int n = f.arity();
    Provenance prov = new Provenance();
    List<Node> result = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      int jj = j;
      TensorType out = f.output(j).type();
      List<TensorType> types = new ArrayList<>(f.inputTypes());
      types.add(out);
      List<String> names = new ArrayList<>(f.inputNames());
      names.add(f.outputName(j) + "_bar");
      List<Node> ps = Graph.params(types);
      List<Node> cts = new ArrayList<>();
      for (int k = 0; k < f.outputs().size(); k++) {
        cts.add(k == jj ? ps.get(n) : null);
      }
      Provenance pullProv = new Provenance();
      List<Node> r = vjpNodes(f, ps.subList(0, n), cts, pullProv);
      Graph pullback = new Graph(names, types, List.of(r.get(f.outputs().size() + argnum)), null,
          pullProv);
      List<Node> args = new ArrayList<>(f.params());
      if (out.isStatic() && out.size() == 1) {
        // One row: pull the cotangent 1 back, with no batch of length 1 (as in jacfwd).
        args.add(Ir.full(1.0, out));
        result.add(Ir.reshape(pullback.call(args, prov).get(0), concat(out.shape(), in.shape())));
        continue;
      }
      args.add(basis(out, true));
      int[] dims = new int[n + 1];
      Arrays.fill(dims, Vmap.NOT_MAPPED);
      dims[n] = 0;
      Batched rows = Vmap.batchNodes(pullback, args, dims, prov).get(0);
      result.add(Ir.reshape(batchAxisAt(rows, 0, out.shape().numel()),
          concat(out.shape(), in.shape())));
    }
    return new Graph(f.inputNames(), f.inputTypes(), result, jacobianNames(f), prov);
  }

  /**
   * The Hessian of every output of {@code f} with respect to input {@code argnum}: {@code
   * jacfwd(jacrev(f))}, of shape {@code out.shape + in.shape + in.shape}.
   */
  public static Graph hessian(Graph f, int argnum) {
    return hessian(f, argnum, false);
  }

  /** {@code jacfwd(jacrev(f, holomorphic), holomorphic)}, as JAX's {@code hessian}. */
  public static Graph hessian(Graph f, int argnum, boolean holomorphic) {
    return jacfwd(jacrev(f, argnum, holomorphic), argnum, holomorphic);
  }

  /**
   * The Jacobians ({@code kind} "jacfwd" or "jacrev") or Hessians ("hessian") of every output of
   * {@code f} with respect to each input of {@code wrt}, in one graph, ordered by output, then by
   * input (then by the second input, for a Hessian): what a transformation with respect to several
   * leaves of a pytree returns, flattened. The one implementation the Java API, the script
   * language and the command line share.
   */
  public static Graph jacobians(Graph f, String kind, int[] wrt, boolean holomorphic) {
    boolean second = kind.equals("hessian");
    if (!second && !kind.equals("jacfwd") && !kind.equals("jacrev")) {
      throw new IllegalArgumentException("not a Jacobian: " + kind);
    }
    if (wrt.length == 1) {
      int k = wrt[0];
      return second ? hessian(f, k, holomorphic) : kind.equals("jacfwd")
          ? jacfwd(f, k, holomorphic) : jacrev(f, k, holomorphic);
    }
    List<Graph> parts = new ArrayList<>();
    for (int k : wrt) {
      if (!second) {
        parts.add(kind.equals("jacfwd") ? jacfwd(f, k, holomorphic) : jacrev(f, k, holomorphic));
      } else {
        Graph rev = jacrev(f, k, holomorphic);
        for (int l : wrt) {
          parts.add(jacfwd(rev, l, holomorphic));
        }
      }
    }
    java.util.Map<Node, String> names = new java.util.IdentityHashMap<>();
    java.util.Map<Node, org.cotangent.symbolic.ir.Origin> origins =
        new java.util.IdentityHashMap<>();
    for (Graph g : parts) {
      names.putAll(g.nodeNames());
      origins.putAll(g.origins());
    }
    List<Node> outs = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      for (Graph g : parts) {
        outs.add(g.output(j));
      }
    }
    return new Graph(f.inputNames(), f.inputTypes(), outs, null, names, origins);
  }

  /**
   * {@code grad} or {@code value_and_grad} with {@code has_aux}: the first output of {@code f} is
   * differentiated, the others are auxiliary data. Outputs: the gradients then the aux outputs
   * ({@code grad}), or the value, the aux outputs, then the gradients ({@code withValue}; JAX's
   * {@code ((value, aux), grads)} flattened). Shared by the Java API and the script language.
   */
  public static Graph gradWithAux(Graph f, boolean withValue, boolean holomorphic,
      int... argnums) {
    int m = f.outputs().size();
    if (m < 1) {
      throw new IrException("with has_aux the function must return the value and then its aux"
          + " data, but it returns no output");
    }
    Graph valueOnly = new Graph(f.inputNames(), f.inputTypes(), List.of(f.output(0)),
        f.outputNames() == null ? null : List.of(f.outputName(0)), f.nodeNames(), f.origins());
    Graph d = grad(valueOnly, withValue, holomorphic, argnums);
    return Graph.trace(f.inputNames(), f.inputTypes(), ps -> {
      List<Node> outs = d.call(ps);
      List<Node> all = f.call(ps);
      List<Node> r = new ArrayList<>();
      if (withValue) {
        r.add(outs.get(0));
        r.addAll(all.subList(1, m));
        r.addAll(outs.subList(1, outs.size()));
      } else {
        r.addAll(outs);
        r.addAll(all.subList(1, m));
      }
      return r;
    });
  }

  /**
   * The message for an argnum outside a function's arguments, the same from every front door
   * (Java, scripts, the command line).
   */
  public static String argnumOutOfRange(String fn, int argnum, int arity) {
    return argnumOutOfRange(fn, Integer.toString(argnum), arity);
  }

  /** {@link #argnumOutOfRange(String, int, int)} with the argnum as written. */
  public static String argnumOutOfRange(String fn, String argnum, int arity) {
    return "argnums " + argnum + " is out of range for " + fn + ", which takes " + arity
        + " argument" + (arity == 1 ? "" : "s");
  }

  /** JAX's dtype checks of jacfwd and jacrev ({@code _check_input_dtype_jacfwd}, ...). */
  private static TensorType checkJacobianArg(Graph f, int argnum, String what,
      boolean holomorphic) {
    if (argnum < 0 || argnum >= f.arity()) {
      throw new IrException(argnumOutOfRange("the function", argnum, f.arity()));
    }
    TensorType in = f.inputTypes().get(argnum);
    boolean forward = what.equals("jacfwd");
    if (holomorphic) {
      if (!in.dtype().isComplex()) {
        throw new IrException(what + " with holomorphic=True requires complex inputs, but argument "
            + argnum + " (" + f.inputNames().get(argnum) + ") is " + in);
      }
      for (int j = 0; j < f.outputs().size(); j++) {
        if (!f.output(j).dtype().isComplex()) {
          throw new IrException(what + " with holomorphic=True requires complex outputs, but output "
              + j + " is " + f.output(j).type());
        }
      }
      return in;
    }
    if (in.dtype() != DType.F64 && (forward || !in.dtype().isComplex())) {
      throw new IrException(what + " requires real floating-point inputs, but argument " + argnum
          + " (" + f.inputNames().get(argnum) + ") is " + in
          + (in.dtype().isComplex() ? "; for holomorphic differentiation pass holomorphic=True, for"
              + " a non-holomorphic function of complex inputs use jvp directly"
              : "; convert it to f64"));
    }
    for (int j = 0; j < f.outputs().size(); j++) {
      TensorType out = f.output(j).type();
      boolean ok = out.dtype() == DType.F64 || (forward && out.dtype().isComplex());
      if (!ok) {
        throw new IrException(what + " requires real floating-point outputs, but output " + j
            + " is " + out + (out.dtype().isComplex() ? "; for holomorphic differentiation pass"
                + " holomorphic=True, for a non-holomorphic function with complex outputs use vjp"
                + " directly" : ""));
      }
    }
    return in;
  }

  /**
   * The standard basis of {@code t}: identity rows, shaped {@code [size] + t.shape} (batch first)
   * or {@code t.shape + [size]}, of t's dtype (the identity is symmetric, so both hold its data).
   * The two iotas are reshaped before they are compared, so the comparison has the basis's shape
   * and codegen computes it inside the loops that use it (iotas and reshapes are views there), with
   * no identity array.
   */
  public static Node basis(TensorType t, boolean batchFirst) {
    org.cotangent.symbolic.Dim m = t.shape().numel();
    TensorType sq = TensorType.of(DType.I64, org.cotangent.symbolic.Shape.of(m, m));
    org.cotangent.symbolic.Shape batch = org.cotangent.symbolic.Shape.of(m);
    org.cotangent.symbolic.Shape shape = batchFirst ? concat(batch, t.shape())
        : concat(t.shape(), batch);
    return Ir.convert(Ir.eq(Ir.reshape(Ir.iota(sq, 0), shape), Ir.reshape(Ir.iota(sq, 1), shape)),
        t.dtype());
  }

  /** The value of {@code b} with its batch axis (of length {@code size}) at {@code axis}. */
  private static Node batchAxisAt(Batched b, int axis, org.cotangent.symbolic.Dim size) {
    return b.isMapped() ? Batching.moveAxis(b.value, b.dim, axis)
        : Batching.addAxis(b.value, axis, size);
  }

  private static org.cotangent.symbolic.Shape concat(org.cotangent.symbolic.Shape a,
      org.cotangent.symbolic.Shape b) {
    org.cotangent.symbolic.Dim[] d = new org.cotangent.symbolic.Dim[a.rank() + b.rank()];
    System.arraycopy(a.extents(), 0, d, 0, a.rank());
    System.arraycopy(b.extents(), 0, d, a.rank(), b.rank());
    return org.cotangent.symbolic.Shape.of(d);
  }

  private static List<String> jacobianNames(Graph f) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < f.outputs().size(); j++) {
      names.add(f.outputName(j) + "_jac");
    }
    return names;
  }

  private static void checkScalarOutput(Graph f, boolean holomorphic) {
    if (f.outputs().size() != 1) {
      throw new IrException("grad requires a function with one output, got " + f.outputs().size());
    }
    TensorType t = f.output(0).type();
    if (!t.shape().isScalar()) {
      throw new IrException("grad requires a scalar output, got " + t
          + "; use jacrev or vjp for non-scalar outputs, or reduce it (e.g. sum)");
    }
    if (holomorphic) {
      if (!t.dtype().isComplex()) {
        throw new IrException("grad with holomorphic=True requires a complex output, got " + t);
      }
      return;
    }
    if (t.dtype().isComplex()) {
      throw new IrException("grad requires a real output, but it is complex (" + t
          + "); pass holomorphic=True to differentiate a holomorphic function");
    }
    if (t.dtype() != DType.F64) {
      throw new IrException("grad requires a real floating-point output, got " + t);
    }
  }
}
