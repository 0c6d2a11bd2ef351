package org.cotangent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The public API: JAX's function transformations in camelCase, over {@link Fn}s.
 *
 * <p>Every transformation returns a function that is traced per argument signature by applying
 * the symbolic transformation ({@link Ad}) to the inner function's graph, and compiled on its
 * first call per signature. So transformations compose to any order ({@code grad(grad(f))},
 * {@code jvp(grad(f))}, ...) and the result is one compiled program, not a stack of wrappers.
 *
 * <pre>{@code
 * import static org.cotangent.Cotangent.grad;
 * import static org.cotangent.symbolic.Np.*;
 *
 * Fn f = Fn.of1(x -> mul(sin(x), x));
 * double d1 = grad(f).callDouble(2.0);        // sin(2) + 2 cos(2)
 * double d2 = grad(grad(f)).callDouble(2.0);  // 2 cos(2) - 2 sin(2)
 * }</pre>
 */
public final class Cotangent {
  private Cotangent() {}

  /**
   * {@code jax.jit}: every {@link Fn} already compiles on its first call per signature and runs
   * compiled code afterwards, so this returns {@code f} itself.
   */
  public static Fn jit(Fn f) {
    return f;
  }

  /**
   * {@code jax.grad}: the gradient of {@code f} (one real scalar output) with respect to the
   * arguments {@code argnums} (argument 0 if none are given, as in JAX). The result takes the
   * same arguments as {@code f} and returns one gradient per argnum, each of its argument's type.
   */
  public static Fn grad(Fn f, int... argnums) {
    return grad(f, Options.argnums(argnums));
  }

  /**
   * {@link #grad(Fn, int...)} with options: {@code grad(f, Options.holomorphic())} is {@code
   * jax.grad(f, holomorphic=True)}, the derivative of a complex function of complex arguments.
   * Without {@code holomorphic}, the output must be a real scalar and the gradient with respect to
   * a complex argument z = x + iy is JAX's: df/dx - i df/dy.
   */
  public static Fn grad(Fn f, Options options) {
    int[] wrt = checkArgnums(f, options.argnumList());
    boolean h = options.isHolomorphic();
    boolean aux = options.isHasAux();
    return Fn.derived("grad(" + f.name() + ")", f.argNames(), types -> withAux("grad", f,
        f.trace(types), aux, false, g -> Ad.grad(holomorphicChecked("grad", f, g, h, wrt), false,
            h, wrt)));
  }

  /**
   * {@code jax.value_and_grad}: like {@link #grad}, but the outputs are the value of {@code f}
   * followed by the gradients.
   */
  public static Fn valueAndGrad(Fn f, int... argnums) {
    return valueAndGrad(f, Options.argnums(argnums));
  }

  /** {@link #valueAndGrad(Fn, int...)} with options, as {@link #grad(Fn, Options)}. */
  public static Fn valueAndGrad(Fn f, Options options) {
    int[] wrt = checkArgnums(f, options.argnumList());
    boolean h = options.isHolomorphic();
    return Fn.derived("valueAndGrad(" + f.name() + ")", f.argNames(),
        types -> withAux("valueAndGrad", f, f.trace(types), options.isHasAux(), true,
            g -> Ad.grad(holomorphicChecked("valueAndGrad", f, g, h, wrt), true, h, wrt)));
  }

  /**
   * Forward mode ({@code jax.jvp} as a function): the result takes {@code (x..., x_dot...)},
   * the primal arguments followed by one tangent per argument (of the same type), and returns
   * {@code (y..., y_dot...)}, the outputs followed by their tangents.
   */
  public static Fn jvp(Fn f) {
    int n = f.arity();
    List<String> names = new ArrayList<>(f.argNames());
    for (String a : f.argNames()) {
      names.add(a + "_dot");
    }
    return Fn.derived("jvp(" + f.name() + ")", names, types -> {
      List<TensorType> primal = types.subList(0, n);
      List<TensorType> tangent = types.subList(n, 2 * n);
      List<TensorType> expected = Fn.tangentTypes(primal);
      for (int i = 0; i < n; i++) {
        if (!tangent.get(i).equals(expected.get(i))) {
          throw new IrException("jvp(" + f.name() + "): tangent " + i + " (" + names.get(n + i)
              + ") must be " + expected.get(i) + " like its primal, got " + tangent.get(i));
        }
      }
      return Ad.jvp(f.trace(primal));
    });
  }

  /**
   * What {@link #jvp(Fn, List, List)} returns.
   *
   * @param out the outputs of the function at the primals
   * @param tangentOut their tangents: the function's derivative applied to the tangents
   */
  public record JvpOut(List<Tensor> out, List<Tensor> tangentOut) {
    /** Copies the lists. */
    public JvpOut {
      out = List.copyOf(out);
      tangentOut = List.copyOf(tangentOut);
    }
  }

  /**
   * {@code jax.jvp(f, primals, tangents)}: the outputs of {@code f} at {@code primals} and their
   * tangents along {@code tangents} (one per primal, of its type), in one forward pass.
   */
  public static JvpOut jvp(Fn f, List<?> primals, List<?> tangents) {
    if (primals.size() != f.arity() || tangents.size() != primals.size()) {
      throw new IrException("jvp(" + f.name() + "): takes " + f.arity() + " primal"
          + (f.arity() == 1 ? "" : "s") + " and as many tangents, got " + primals.size()
          + " primals and " + tangents.size() + " tangents");
    }
    List<Object> all = new ArrayList<>(primals);
    all.addAll(tangents);
    List<Tensor> r = jvp(f).call(all);
    int m = r.size() / 2;
    return new JvpOut(r.subList(0, m), r.subList(m, r.size()));
  }

  /**
   * What {@link #linearize} returns.
   *
   * @param out the outputs of the function at the primals
   * @param jvp the derivative at the primals, a linear function of one tangent per primal that
   *     returns the outputs' tangents; it reads the residuals computed once, not the primals
   */
  public record Linearization(List<Tensor> out, Fn jvp) {
    /** Copies the list. */
    public Linearization {
      out = List.copyOf(out);
    }
  }

  /**
   * {@code jax.linearize(f, *primals)}: evaluates {@code f} once, keeping the residuals its
   * derivative needs, and returns its outputs with the derivative as a function of the tangents.
   */
  public static Linearization linearize(Fn f, Object... primals) {
    List<Tensor> args = f.toTensors(Arrays.asList(primals));
    Graph g = f.trace(Fn.typesOf(args));
    org.cotangent.symbolic.ad.Linearize.Linearized lin = Ad.linearize(g);
    List<Tensor> outs = org.cotangent.runtime.Backend.current().compile(lin.primal).call(args);
    List<Tensor> residuals = outs.subList(lin.numOutputs, outs.size());
    Graph linear = lin.linear;
    int nr = lin.numResiduals;
    List<TensorType> tangentTypes = linear.inputTypes().subList(nr, linear.arity());
    List<String> names = linear.inputNames().subList(nr, linear.arity());
    Graph bound = Graph.trace(names, tangentTypes, ps -> {
      List<Node> in = new ArrayList<>();
      for (Tensor r : residuals) {
        in.add(org.cotangent.symbolic.Ir.constant(r));
      }
      in.addAll(ps);
      return linear.call(in);
    });
    return new Linearization(outs.subList(0, lin.numOutputs),
        Fn.fromGraph("linearize(" + f.name() + ")", bound));
  }

  /**
   * {@code jax.vjp}: evaluates {@code f} at {@code primals} and returns its outputs together with
   * the compiled pullback, which maps output cotangents to input cotangents. Arguments are
   * converted as by {@link Fn#call(Object...)}.
   */
  public static Pullback vjp(Fn f, Object... primals) {
    return vjp(f, Arrays.asList(primals));
  }

  /** {@link #vjp(Fn, Object...)} with the primals as a list. */
  public static Pullback vjp(Fn f, List<?> primals) {
    List<Tensor> args = f.toTensors(primals);
    VjpPlan plan = f.vjpPlan(Fn.typesOf(args));
    List<Tensor> outs = plan.forward.call(args);
    return new Pullback(plan, outs.subList(0, plan.numOutputs),
        outs.subList(plan.numOutputs, outs.size()));
  }

  /**
   * {@code jax.test_util.check_grads}: checks {@code f}'s JVPs against central differences and
   * its VJPs against its JVPs (the dot-product test) at {@code args}, recursively up to {@code
   * order}. Throws {@link org.cotangent.symbolic.ad.GradientCheckFailure} naming what disagrees.
   */
  public static void checkGrads(Fn f, List<?> args, int order) {
    checkGrads(f, args, order, "fwd", "rev");
  }

  /**
   * {@link #checkGrads(Fn, List, int)} in the given modes, as JAX's {@code modes}: {@code "fwd"}
   * (JVPs against central differences) and {@code "rev"} (VJPs against JVPs); another name is an
   * error.
   */
  public static void checkGrads(Fn f, List<?> args, int order, String... modes) {
    if (order < 1) {
      throw new IrException("checkGrads: order must be at least 1, got " + order);
    }
    boolean fwd = false;
    boolean rev = false;
    for (String m : modes) {
      if ("fwd".equals(m)) {
        fwd = true;
      } else if ("rev".equals(m)) {
        rev = true;
      } else {
        throw new IrException("checkGrads: unknown mode '" + m + "'; modes are \"fwd\" and"
            + " \"rev\"");
      }
    }
    if (!fwd && !rev) {
      throw new IrException("checkGrads: no mode given; pass \"fwd\", \"rev\" or both");
    }
    List<Tensor> x = f.toTensors(args);
    org.cotangent.symbolic.ad.CheckGrads.checkGrads(f.trace(Fn.typesOf(x)), x, order, fwd, rev,
        new java.util.Random(0));
  }

  // ------------------------------------------------------------------ vmap

  /** {@code jax.vmap(f)}: every argument mapped over its axis 0, every output's batch axis 0. */
  public static Fn vmap(Fn f) {
    Integer[] in = new Integer[f.arity()];
    Arrays.fill(in, 0);
    return vmap(f, in);
  }

  /** {@code jax.vmap(f, in_axes=inAxis, out_axes=outAxis)} with every argument mapped. */
  public static Fn vmap(Fn f, int inAxis, int outAxis) {
    Integer[] in = new Integer[f.arity()];
    Arrays.fill(in, inAxis);
    return vmap(f, in, outAxis);
  }

  /**
   * {@code jax.vmap}: {@code f} mapped over axis {@code inAxes[i]} of argument {@code i} ({@code
   * null}: not mapped, JAX's None; negative: counted from the end). Output {@code j} has the batch
   * axis at {@code outAxes[j]} (one value for every output, or 0 if none are given); outputs that
   * do not depend on mapped arguments are broadcast. The batch size is read from the arguments,
   * which must agree on it. The result is one batched program per signature ({@link Vmap}), not
   * a loop of calls.
   */
  public static Fn vmap(Fn f, Integer[] inAxes, int... outAxes) {
    if (inAxes.length != f.arity()) {
      throw new IrException("vmap(" + f.name() + "): inAxes has " + inAxes.length
          + " entries for a function of " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s"));
    }
    Integer[] in = inAxes.clone();
    int[] out = outAxes.clone();
    return Fn.derived("vmap(" + f.name() + ")", f.argNames(), types -> {
      int[] axes = new int[types.size()];
      List<TensorType> unbatched = new ArrayList<>();
      int size = -1;
      String sizeFrom = null;
      for (int i = 0; i < types.size(); i++) {
        TensorType t = types.get(i);
        if (in[i] == null) {
          axes[i] = Vmap.NOT_MAPPED;
          unbatched.add(t);
          continue;
        }
        int a = in[i] < 0 ? in[i] + t.rank() : in[i];
        if (a < 0 || a >= t.rank()) {
          throw new IrException("vmap(" + f.name() + "): in axis " + in[i] + " is out of range for"
              + " argument " + i + " (" + f.argNames().get(i) + ") of type " + t);
        }
        int n = t.shape().dim(a);
        String here = "argument " + i + " (" + f.argNames().get(i) + ") has size " + n
            + " along axis " + a;
        if (size >= 0 && n != size) {
          throw new IrException("vmap(" + f.name() + ") got inconsistent sizes for the mapped"
              + " axes: " + sizeFrom + ", but " + here);
        }
        size = n;
        sizeFrom = here;
        axes[i] = a;
        int[] d = new int[t.rank() - 1];
        for (int k = 0, m = 0; k < t.rank(); k++) {
          if (k != a) {
            d[m++] = t.shape().dim(k);
          }
        }
        unbatched.add(t.withShape(org.cotangent.symbolic.Shape.of(d)));
      }
      if (size < 0) {
        throw new IrException("vmap(" + f.name() + ") needs at least one mapped argument (all"
            + " inAxes are null)");
      }
      Graph g = f.trace(unbatched);
      int[] outs = new int[g.outputs().size()];
      for (int j = 0; j < outs.length; j++) {
        int a = out.length == 0 ? 0 : out.length == 1 ? out[0] : out[j];
        if (out.length > 1 && out.length != outs.length) {
          throw new IrException("vmap(" + f.name() + "): outAxes has " + out.length
              + " entries for " + outs.length + " outputs");
        }
        outs[j] = a < 0 ? a + g.output(j).rank() + 1 : a;
      }
      return Vmap.vmap(g, axes, outs, size);
    });
  }

  // ------------------------------------------------- jacfwd, jacrev, hessian

  /**
   * {@code jax.jacfwd}: the Jacobian of every output of {@code f} with respect to argument {@code
   * argnum} (0 if not given), by forward mode (vmap of jvp over the argument's basis). Each has
   * shape {@code out.shape + in.shape}.
   */
  public static Fn jacfwd(Fn f, int... argnum) {
    return jacfwd(f, Options.argnums(argnum));
  }

  /**
   * {@link #jacfwd(Fn, int...)} with options (one argnum; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn jacfwd(Fn f, Options options) {
    int a = singleArgnum(f, options.argnumList(), "jacfwd");
    rejectAux(options, "jacfwd");
    boolean h = options.isHolomorphic();
    return Fn.derived("jacfwd(" + f.name() + ")", f.argNames(),
        types -> Ad.jacfwd(holomorphicChecked("jacfwd", f, f.trace(types), h, a), a, h));
  }

  /**
   * {@code jax.jacrev}: the same Jacobians as {@link #jacfwd} by reverse mode (vmap of vjp over
   * each output's basis); cheaper when the outputs are smaller than the argument.
   */
  public static Fn jacrev(Fn f, int... argnum) {
    return jacrev(f, Options.argnums(argnum));
  }

  /**
   * {@link #jacrev(Fn, int...)} with options (one argnum; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn jacrev(Fn f, Options options) {
    int a = singleArgnum(f, options.argnumList(), "jacrev");
    rejectAux(options, "jacrev");
    boolean h = options.isHolomorphic();
    return Fn.derived("jacrev(" + f.name() + ")", f.argNames(),
        types -> Ad.jacrev(holomorphicChecked("jacrev", f, f.trace(types), h, a), a, h));
  }

  /**
   * {@code jax.hessian}: {@code jacfwd(jacrev(f))} with respect to argument {@code argnum} (0 if
   * not given); shape {@code out.shape + in.shape + in.shape}.
   */
  public static Fn hessian(Fn f, int... argnum) {
    return hessian(f, Options.argnums(argnum));
  }

  /**
   * {@link #hessian(Fn, int...)} with options (one argnum; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn hessian(Fn f, Options options) {
    int a = singleArgnum(f, options.argnumList(), "hessian");
    rejectAux(options, "hessian");
    boolean h = options.isHolomorphic();
    return Fn.derived("hessian(" + f.name() + ")", f.argNames(),
        types -> Ad.hessian(holomorphicChecked("hessian", f, f.trace(types), h, a), a, h));
  }

  /**
   * {@code make} of {@code f}'s graph; with {@code hasAux}, of its first output only, the other
   * outputs (the aux data) appended after the gradients, or after the value when {@code
   * withValue} (JAX's {@code ((value, aux), grads)} flattened).
   */
  private static Graph withAux(String what, Fn f, Graph full, boolean hasAux, boolean withValue,
      java.util.function.UnaryOperator<Graph> make) {
    if (!hasAux) {
      return make.apply(full);
    }
    int m = full.outputs().size();
    if (m < 2) {
      throw new IrException(what + "(" + f.name() + ", hasAux): " + f.name() + " must return the"
          + " value and then its aux outputs, but it returns " + m + " output");
    }
    Graph valueOnly = new Graph(full.inputNames(), full.inputTypes(), List.of(full.output(0)),
        full.outputNames() == null ? null : List.of(full.outputName(0)), full.nodeNames(),
        full.origins());
    Graph d = make.apply(valueOnly);
    return Graph.trace(full.inputNames(), full.inputTypes(), ps -> {
      List<Node> outs = d.call(ps);
      List<Node> all = full.call(ps);
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

  private static final System.Logger LOG = System.getLogger("org.cotangent");

  /**
   * With {@code holomorphic}, the result is JAX's whatever {@code f} is; when {@code f} is provably
   * not holomorphic (a primitive's derivative uses a tangent's conjugate or parts) a warning goes
   * to the {@code org.cotangent} logger ({@code java.util.logging} unless the application plugs in
   * another {@link System.LoggerFinder}), once per traced signature.
   */
  private static Graph holomorphicChecked(String what, Fn f, Graph g, boolean holomorphic,
      int... wrt) {
    if (holomorphic) {
      org.cotangent.symbolic.ad.Holomorphy.Witness w =
          org.cotangent.symbolic.ad.Holomorphy.nonHolomorphic(g, wrt);
      if (w != null) {
        LOG.log(System.Logger.Level.WARNING, what + "(" + f.name() + ", holomorphic): "
            + f.name() + " is not holomorphic (" + w + "); the result is the transpose of its"
            + " linearization, as in JAX");
      }
    }
    return g;
  }

  private static void rejectAux(Options options, String what) {
    if (options.isHasAux()) {
      throw new IrException(what + ": hasAux is not supported yet (grad and valueAndGrad take it)");
    }
  }

  private static int singleArgnum(Fn f, int[] argnum, String what) {
    if (argnum.length > 1) {
      throw new IrException(what + "(" + f.name() + "): one argnum at a time, got "
          + Arrays.toString(argnum));
    }
    return checkArgnums(f, argnum)[0];
  }

  /**
   * {@code f} specialised to a signature as an {@link Exported} function: serializable (its
   * canonical IR travels, not code), read back in another JVM without tracing or differentiating
   * again, compiled there on its first call.
   */
  public static Exported export(Fn f, TensorType... signature) {
    return Exported.of(f, signature);
  }

  // ------------------------------------------------------------------ loops and branches

  /**
   * JAX's {@code lax.scan} over the leading axis of {@code xs}, inside a function traced from a
   * lambda: returns {@code {carry, ys}}. See {@link Control}.
   */
  public static Sym[] scan(Control.ScanStep f,
      Sym init, Sym xs) {
    return Control.scan(f, init, xs);
  }

  /** JAX's {@code lax.scan} with several carries and sequences, a length and a direction. */
  public static Control.Scanned scan(Control.ScanBody f, List<Sym> init,
      List<Sym> xs, int length, boolean reverse) {
    return Control.scan(f, init, xs, length, reverse);
  }

  /** JAX's {@code fori_loop(lo, hi, body, init)}; see {@link Control}. */
  public static Sym forLoop(int lo, int hi, Control.ForBody body,
      Sym init) {
    return Control.forLoop(lo, hi, body, init);
  }

  /** JAX's {@code fori_loop} with several carries. */
  public static List<Sym> forLoop(int lo, int hi, Control.ForBodyN body,
      List<Sym> init) {
    return Control.forLoop(lo, hi, body, init);
  }

  /** JAX's {@code while_loop(cond, body, init)}, reverse mode included; see {@link Control}. */
  public static Sym whileLoop(Function<Sym, Sym> cond, java.util.function.UnaryOperator<Sym> body,
      Sym init) {
    return Control.whileLoop(cond, body, init);
  }

  /** {@code while_loop} with at most {@code maxSteps} steps (0: no bound); see {@link Control}. */
  public static Sym whileLoop(Function<Sym, Sym> cond, java.util.function.UnaryOperator<Sym> body,
      Sym init, int maxSteps) {
    return Control.whileLoop(cond, body, init, maxSteps);
  }

  /** {@code while_loop} with several carries; see {@link Control}. */
  public static List<Sym> whileLoop(Function<List<Sym>, Sym> cond,
      java.util.function.UnaryOperator<List<Sym>> body, List<Sym> init, int maxSteps) {
    return Control.whileLoop(cond, body, init, maxSteps);
  }

  /** {@code lax.scan} with a residual plan for reverse mode; see {@link Control}. */
  public static Control.Scanned scan(Control.ScanBody f, List<Sym> init, List<Sym> xs,
      int length, boolean reverse, org.cotangent.symbolic.control.ScanPlan plan) {
    return Control.scan(f, init, xs, length, reverse, plan);
  }

  /**
   * JAX's {@code jax.checkpoint(f)} (also called remat): the same function, whose intermediate
   * values are recomputed in reverse mode instead of stored (only its arguments are kept).
   */
  public static Fn checkpoint(Fn f) {
    java.util.Objects.requireNonNull(f, "f");
    return Fn.of("checkpoint(" + f.name() + ")", f.argNames(), args -> {
      List<TensorType> types = new ArrayList<>();
      for (Node a : args) {
        types.add(a.type());
      }
      return org.cotangent.symbolic.control.ClosedCall.checkpoint(f.trace(types), args);
    });
  }

  /** {@link #checkpoint(Fn)} inside a traced function; see {@link Control}. */
  public static List<Sym> checkpoint(Function<List<Sym>, List<Sym>> f, List<Sym> args) {
    return Control.checkpoint(f, args);
  }

  /** JAX's {@code lax.cond}; see {@link Control}. */
  public static Sym cond(Sym pred,
      Function<Sym, Sym> onTrue,
      Function<Sym, Sym> onFalse,
      Sym operand) {
    return Control.cond(pred, onTrue, onFalse, operand);
  }

  /** JAX's {@code lax.cond} with several operands and results. */
  public static List<Sym> cond(Sym pred,
      Function<List<Sym>, List<Sym>> onTrue,
      Function<List<Sym>, List<Sym>> onFalse,
      List<Sym> operands) {
    return Control.cond(pred, onTrue, onFalse, operands);
  }

  // ------------------------------------------------------------------ custom derivative rules

  /**
   * JAX's {@code custom_jvp}: {@code f}, whose JVP (and so its gradient, by linearizing and
   * transposing the rule) is {@code rule}. See {@link CustomRules}.
   */
  public static Fn customJvp(Fn f, CustomRules.JvpRule rule) {
    return CustomRules.customJvp(f, rule);
  }

  /**
   * JAX's {@code custom_vjp}: {@code f}, whose reverse-mode derivative is {@code bwd} on the
   * residuals {@code fwd} saves. Forward mode (which JAX refuses) applies the linear map whose
   * transpose {@code bwd} computes, found by calling {@code bwd} on the unit cotangents.
   */
  public static Fn customVjp(Fn f, CustomRules.Fwd fwd, CustomRules.Bwd bwd) {
    return CustomRules.customVjp(f, fwd, bwd);
  }

  /** The graph of {@code f} for the given argument types (what {@link Fn#trace} returns). */
  public static Graph makeGraph(Fn f, TensorType... argTypes) {
    return f.trace(argTypes);
  }

  private static int[] checkArgnums(Fn f, int[] argnums) {
    int[] wrt = argnums.length == 0 ? new int[] {0} : argnums.clone();
    for (int a : wrt) {
      if (a < 0 || a >= f.arity()) {
        throw new IrException("argnums: " + a + " is out of range for " + f + ", which takes "
            + f.arity() + " argument" + (f.arity() == 1 ? "" : "s"));
      }
    }
    return wrt;
  }
}
