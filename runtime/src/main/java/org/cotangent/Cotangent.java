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
import org.cotangent.symbolic.ad.CheckGrads;
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
    return TransformCache.get(f, Arrays.asList("grad", options),
        () -> gradLifted(f, options, false));
  }

  /**
   * grad and valueAndGrad over pytrees: the flat gradient with respect to the leaves of the
   * arguments {@code argnums}, each gradient in its argument's structure and leaf kind.
   */
  private static Fn gradLifted(Fn f, Options options, boolean withValue) {
    int[] argnums = checkArgnums(f, options.argnumList());
    boolean tuple = argnums.length > 1;
    String what = withValue ? "valueAndGrad" : "grad";
    String name = what + "(" + f.name() + ")";
    return new Lifted(name, f, (defs, inner) -> {
      int[] wrt = Specialized.leafArgnums(defs, argnums, name);
      Fn flat = gradFlat(inner.flat(), options.withArgnums(wrt), withValue);
      return new Specialized(flat, (types, argDefs) -> {
        Treedef g = Lifted.argsDef(argDefs, argnums, tuple);
        Treedef out = inner.out().of(types, argDefs);
        if (!options.isHasAux()) {
          return withValue ? Treedef.list(List.of(out, g)) : g;
        }
        Treedef aux = Lifted.aux(out, name);
        return withValue
            ? Treedef.list(List.of(Treedef.list(List.of(Lifted.auxValue(out, name), aux)), g))
            : Treedef.list(List.of(g, aux));
      });
    });
  }

  /** The flat gradient (leaf argnums), outputs [value,] [aux...,] gradients as before. */
  private static Fn gradFlat(Fn f, Options options, boolean withValue) {
    int[] wrt = checkArgnums(f, options.argnumList());
    boolean h = options.isHolomorphic();
    boolean aux = options.isHasAux();
    String what = withValue ? "valueAndGrad" : "grad";
    return Fn.derived(what + "(" + f.name() + ")", f.argNames(), types -> {
      Graph g = holomorphicChecked(what, f, f.trace(types), h, wrt);
      if (aux && g.outputs().size() < 2) {
        throw new IrException(what + "(" + f.name() + ", hasAux): " + f.name() + " must return the"
            + " value and then its aux outputs, but it returns " + g.outputs().size() + " output");
      }
      return aux ? Ad.gradWithAux(g, withValue, h, wrt) : Ad.grad(g, withValue, h, wrt);
    });
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
    return TransformCache.get(f, Arrays.asList("valueAndGrad", options),
        () -> gradLifted(f, options, true));
  }

  /**
   * Forward mode ({@code jax.jvp} as a function): the result takes {@code (x..., x_dot...)},
   * the primal arguments followed by one tangent per argument (of the same type), and returns
   * {@code (y..., y_dot...)}, the outputs followed by their tangents.
   */
  public static Fn jvp(Fn f) {
    return TransformCache.get(f, Arrays.asList("jvp"), () -> jvpFlat(f));
  }

  private static Fn jvpFlat(Fn f) {
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
   * What {@link #jvp(Fn, List, List)} returns: the outputs of the function and their tangents,
   * each in the structure the function returns ({@link #out}, {@link #tangentOut}); flat lists
   * of tensors too ({@link #outputs}, {@link #tangentOutputs}).
   */
  public static final class JvpOut {
    private final Object out;
    private final Object tangentOut;
    private final List<Tensor> outputs;
    private final List<Tensor> tangentOutputs;

    JvpOut(Object out, Object tangentOut, List<Tensor> outputs, List<Tensor> tangentOutputs) {
      this.out = out;
      this.tangentOut = tangentOut;
      this.outputs = outputs == null ? null : List.copyOf(outputs);
      this.tangentOutputs = tangentOutputs == null ? null : List.copyOf(tangentOutputs);
    }

    /** The outputs at the primals, in the function's result structure. */
    @SuppressWarnings("unchecked")
    public <T> T out() {
      return (T) out;
    }

    /** The tangents of the outputs, in the same structure. */
    @SuppressWarnings("unchecked")
    public <T> T tangentOut() {
      return (T) tangentOut;
    }

    /** The outputs as a flat list of tensors (not for a JVP taken inside a trace). */
    public List<Tensor> outputs() {
      return values(outputs);
    }

    /** The output tangents as a flat list of tensors (not for a JVP taken inside a trace). */
    public List<Tensor> tangentOutputs() {
      return values(tangentOutputs);
    }

    private static List<Tensor> values(List<Tensor> ts) {
      if (ts == null) {
        throw new IrException("this JVP was taken inside a trace: its results are traced Syms;"
            + " use out() and tangentOut()");
      }
      return ts;
    }
  }

  /**
   * {@code jax.jvp(f, primals, tangents)}: the outputs of {@code f} at {@code primals} and their
   * tangents along {@code tangents} (one per primal, of its structure and types), in one forward
   * pass. Primals and tangents are pytrees ({@link Fn#apply(Object)}).
   */
  public static JvpOut jvp(Fn f, List<?> primals, List<?> tangents) {
    return AtPoint.jvp(f, primals, tangents);
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
    return AtPoint.linearize(f, primals);
  }

  /**
   * {@code jax.vjp}: evaluates {@code f} at {@code primals} and returns its outputs together with
   * the compiled pullback, which maps output cotangents to input cotangents. Arguments are
   * converted as by {@link Fn#call(Object...)}.
   */
  public static Pullback vjp(Fn f, Object... primals) {
    return vjpArgs(f, Arrays.asList(primals));
  }

  /**
   * {@link #vjp(Fn, Object...)} with the primals as a list (so a {@code List} passed to {@code
   * vjp} is one primal, a pytree, as in JAX).
   */
  public static Pullback vjpArgs(Fn f, List<?> primals) {
    return AtPoint.vjpArgs(f, primals);
  }

  /**
   * {@code jax.vjp(f, *primals, has_aux=True)} with {@code Options.hasAux()}: {@code f} returns a
   * pair {@code (out, aux)}; the pullback is of {@code out} only and {@link Pullback#aux()} holds
   * {@code aux}. Only {@code hasAux} applies to vjp; other options are an error.
   */
  public static Pullback vjp(Fn f, Options options, Object... primals) {
    return AtPoint.vjp(f, options, primals);
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
    checkGrads(f, args, order, List.of(modes), CheckGrads.DEFAULT.atol(),
        CheckGrads.DEFAULT.rtol(), CheckGrads.DEFAULT.eps());
  }

  /**
   * {@code jax.test_util.check_grads(f, args, order, modes, atol, rtol, eps)}: {@code modes} as
   * above; central differences of step {@code eps} must agree with each JVP to {@code atol + rtol
   * |fd|}, and the dot-product test to {@code rtol} (at least 1e-9) of the size of its terms.
   * The arguments are pytrees.
   */
  public static void checkGrads(Fn f, List<?> args, int order, List<String> modes, double atol,
      double rtol, double eps) {
    AtPoint.checkGrads(f, args, order, modes, atol, rtol, eps);
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
    Object out = outAxes.length == 0 ? (Object) 0 : outAxes.length == 1 ? (Object) outAxes[0]
        : java.util.stream.IntStream.of(outAxes).boxed().toList();
    return vmap(f, Arrays.asList(inAxes), out);
  }

  /**
   * {@code jax.vmap(f, in_axes, out_axes)} over pytrees: {@code inAxes} has one entry per
   * argument, each an {@code Integer} axis, {@code null} (not mapped) or a pytree prefix of the
   * argument (a {@code List} for a list, array or record, a {@code Map} for a map) giving an axis
   * per part; {@code outAxes} is the same for the result ({@code null}: the output is not mapped,
   * JAX's {@code out_axes=None}, and must not depend on the mapped arguments).
   */
  public static Fn vmap(Fn f, List<?> inAxes, Object outAxes) {
    List<Object> in = new ArrayList<>(inAxes);
    return TransformCache.get(f, Arrays.asList("vmap", in, outAxes),
        () -> vmapLifted(f, in, outAxes));
  }

  private static Fn vmapLifted(Fn f, List<Object> inAxes, Object outAxes) {
    if (inAxes.size() != f.arity()) {
      throw new IrException("vmap(" + f.name() + "): inAxes has " + inAxes.size()
          + " entries for a function of " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s"));
    }
    List<Object> in = new ArrayList<>(inAxes);
    String name = "vmap(" + f.name() + ")";
    return new Lifted(name, f, (defs, inner) -> {
      List<Integer> leafAxes = new ArrayList<>();
      for (int i = 0; i < defs.size(); i++) {
        Lifted.expandAxes(in.get(i), defs.get(i), leafAxes, name + " inAxes[" + i + "]");
      }
      Integer[] axes = leafAxes.toArray(new Integer[0]);
      Fn flat = vmapFlat(inner.flat(), name, axes, unbatched -> {
        List<Integer> outs = new ArrayList<>();
        Lifted.expandAxes(outAxes, inner.out().of(unbatched, defs), outs, name + " outAxes");
        return outs;
      });
      return new Specialized(flat, (types, argDefs) ->
          inner.out().of(unbatchedTypes(types, axes), argDefs));
    });
  }

  /** The types of one batch element: each mapped leaf without its axis. */
  private static List<TensorType> unbatchedTypes(List<TensorType> types, Integer[] axes) {
    List<TensorType> r = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      TensorType t = types.get(i);
      if (axes[i] == null) {
        r.add(t);
        continue;
      }
      int a = axes[i] < 0 ? axes[i] + t.rank() : axes[i];
      int[] d = new int[t.rank() - 1];
      for (int k = 0, m = 0; k < t.rank(); k++) {
        if (k != a) {
          d[m++] = t.shape().dim(k);
        }
      }
      r.add(t.withShape(org.cotangent.symbolic.Shape.of(d)));
    }
    return r;
  }

  /** The flat vmap: one axis (or null) per argument, out axes per output from the graph. */
  private static Fn vmapFlat(Fn f, String name, Integer[] in,
      java.util.function.Function<List<TensorType>, List<Integer>> outAxesFor) {
    return Fn.derived(name, f.argNames(), types -> {
      int[] axes = new int[types.size()];
      List<String> names = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        names.add("argument " + i + " (" + f.argNames().get(i) + ")");
      }
      int size = Vmap.batchSize(f.name(), types, names, in, axes);
      List<TensorType> unbatched = unbatchedTypes(types, in);
      Graph g = f.trace(unbatched);
      List<Integer> out = outAxesFor.apply(unbatched);
      if (out.size() != g.outputs().size()) {
        throw new IrException(name + ": outAxes gives " + out.size() + " axes for "
            + g.outputs().size() + " outputs");
      }
      int[] outs = new int[out.size()];
      for (int j = 0; j < outs.length; j++) {
        Integer a = out.get(j);
        outs[j] = a == null ? Vmap.NOT_MAPPED : a < 0 ? a + g.output(j).rank() + 1 : a;
      }
      return Vmap.vmap(g, axes, outs, size);
    });
  }

  // ------------------------------------------------- jacfwd, jacrev, hessian

  /**
   * {@code jax.jacfwd}: the Jacobian of every output of {@code f} with respect to the arguments
   * {@code argnum} (0 if not given), by forward mode (vmap of jvp over the argument's basis). Each
   * has shape {@code out.shape + in.shape}. Over pytrees, as JAX: the result has the output's
   * structure with each leaf replaced by the argument's structure (a list of the arguments'
   * structures for several argnums).
   */
  public static Fn jacfwd(Fn f, int... argnum) {
    return jacfwd(f, Options.argnums(argnum));
  }

  /**
   * {@link #jacfwd(Fn, int...)} with options (argnums; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn jacfwd(Fn f, Options options) {
    return TransformCache.get(f, Arrays.asList("jacfwd", options),
        () -> jacobian(f, options, "jacfwd"));
  }

  /**
   * jacfwd, jacrev and hessian over pytrees: for each leaf of the arguments {@code argnums}, the
   * flat Jacobian (or Hessian) with respect to it, in one graph; the result has the function's
   * output structure with each leaf replaced by the arguments' structure (twice for a Hessian).
   */
  private static Fn jacobian(Fn f, Options options, String what) {
    int[] argnums = checkArgnums(f, options.argnumList());
    rejectAux(options, what);
    boolean tuple = argnums.length > 1;
    boolean h = options.isHolomorphic();
    String name = what + "(" + f.name() + ")";
    return new Lifted(name, f, (defs, inner) -> {
      int[] wrt = Specialized.leafArgnums(defs, argnums, name);
      Fn g = inner.flat();
      Fn flat = Fn.derived(name, g.argNames(), types ->
          Ad.jacobians(holomorphicChecked(what, f, g.trace(types), h, wrt), what, wrt, h));
      return new Specialized(flat, (types, argDefs) -> {
        Treedef by = Lifted.argsDef(argDefs, argnums, tuple);
        Treedef out = Lifted.jacobian(inner.out().of(types, argDefs), by);
        return what.equals("hessian") ? Lifted.jacobian(out, by) : out;
      });
    });
  }

  /**
   * {@code jax.jacrev}: the same Jacobians as {@link #jacfwd} by reverse mode (vmap of vjp over
   * each output's basis); cheaper when the outputs are smaller than the argument.
   */
  public static Fn jacrev(Fn f, int... argnum) {
    return jacrev(f, Options.argnums(argnum));
  }

  /**
   * {@link #jacrev(Fn, int...)} with options (argnums; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn jacrev(Fn f, Options options) {
    return TransformCache.get(f, Arrays.asList("jacrev", options),
        () -> jacobian(f, options, "jacrev"));
  }

  /**
   * {@code jax.hessian}: {@code jacfwd(jacrev(f))} with respect to argument {@code argnum} (0 if
   * not given); shape {@code out.shape + in.shape + in.shape}.
   */
  public static Fn hessian(Fn f, int... argnum) {
    return hessian(f, Options.argnums(argnum));
  }

  /**
   * {@link #hessian(Fn, int...)} with options (argnums; {@code holomorphic} for complex functions
   * of a complex argument).
   */
  public static Fn hessian(Fn f, Options options) {
    return TransformCache.get(f, Arrays.asList("hessian", options),
        () -> jacobian(f, options, "hessian"));
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
        throw new IrException(Ad.argnumOutOfRange(f.name(), a, f.arity()));
      }
    }
    return wrt;
  }
}
