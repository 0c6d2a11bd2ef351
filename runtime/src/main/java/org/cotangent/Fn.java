package org.cotangent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.runtime.LruCache;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * A function of tensors that Cotangent can trace, transform and compile: the equivalent of a
 * Python function handed to {@code jax.jit} or {@code jax.grad}.
 *
 * <p>A function has a fixed number of named arguments. For each <em>signature</em> (the shapes
 * and dtypes of the arguments, as a {@code List<TensorType>}) it is {@linkplain #trace traced}
 * once into a {@link Graph}, and on the first {@linkplain #call call} with that signature the graph
 * is compiled to Java bytecode; later calls with the same signature run the compiled code. Both
 * are cached per function (bounded, least recently used signatures first out), so, as with {@code
 * jax.jit}, a function called with a new shape is traced and compiled again.
 *
 * <p>Make one from a body over symbolic values with {@link #of}, {@link #of1}, {@link #of2},
 * {@link #of3} (build the body with {@link org.cotangent.symbolic.Np}, NumPy-style), or from a
 * graph with {@link #fromGraph}. The transformations in {@link Cotangent} ({@code grad}, {@code
 * jvp}, ...) return functions again, so they compose: {@code grad(grad(f))}.
 *
 * <pre>{@code
 * Fn f = Fn.of1(x -> Np.sum(Np.mul(Np.sin(x), x)));
 * Fn df = Cotangent.grad(f);
 * Tensor g = df.call1(new double[] {0.5, 1.0, 2.0});
 * }</pre>
 *
 * <p>Functions are immutable apart from their caches and safe to call from many threads.
 * Subclasses implement {@link #traceUncached}, which must depend only on the signature.
 */
public abstract class Fn {
  /** Signatures whose graphs and compiled programs a function keeps. */
  static final int SIGNATURES = 64;

  private final String name;
  private final List<String> argNames;
  private final LruCache<List<TensorType>, Graph> graphs = LruCache.strong(SIGNATURES);
  private final LruCache<List<TensorType>, CompiledFunction> programs = LruCache.strong(SIGNATURES);
  /** The program {@link #invoke} ran last (one of {@link #programs}). */
  private volatile CompiledFunction lastCompiled;
  private final LruCache<List<TensorType>, VjpPlan> vjpPlans = LruCache.strong(SIGNATURES);
  private final LruCache<List<Treedef>, Specialized> specializations =
      LruCache.strong(SIGNATURES);
  /** {@code Cotangent.jvp(this)}, made once (so {@code jvp(f, primals, tangents)} reuses it). */
  private volatile Fn jvpFunction;

  /** A function called {@code name} (for messages) with the given argument names. */
  protected Fn(String name, List<String> argNames) {
    this.name = Objects.requireNonNull(name);
    this.argNames = List.copyOf(argNames);
  }

  // ------------------------------------------------------------ factories

  /** The body of a function of three arguments. */
  @FunctionalInterface
  public interface Body3 {
    /** The output node, built from the three argument nodes. */
    Node apply(Node x, Node y, Node z);
  }

  /** A function named {@code f} of arguments {@code argNames}, traced with {@code body}. */
  public static Fn of(List<String> argNames, Function<List<Node>, List<Node>> body) {
    return of("f", argNames, body);
  }

  /** A function called {@code name} of arguments {@code argNames}, traced with {@code body}. */
  public static Fn of(String name, List<String> argNames, Function<List<Node>, List<Node>> body) {
    Objects.requireNonNull(body);
    List<String> names = List.copyOf(argNames);
    return new Traced(name, names, types -> {
      List<Node> outs = body.apply(Graph.params(types));
      if (outs == null || outs.stream().anyMatch(Objects::isNull)) {
        throw new IrException(name + ": the body returned " + (outs == null ? "null" : outs)
            + "; it must return a list of nodes");
      }
      return new Graph(names, types, outs);
    });
  }

  /** A function {@code f(x)} with one output. */
  public static Fn of1(UnaryOperator<Node> body) {
    Objects.requireNonNull(body);
    return of(List.of("x"), a -> List.of(body.apply(a.get(0))));
  }

  /** A function {@code f(x, y)} with one output. */
  public static Fn of2(BinaryOperator<Node> body) {
    Objects.requireNonNull(body);
    return of(List.of("x", "y"), a -> List.of(body.apply(a.get(0), a.get(1))));
  }

  /** A function {@code f(x, y, z)} with one output. */
  public static Fn of3(Body3 body) {
    Objects.requireNonNull(body);
    return of(List.of("x", "y", "z"), a -> List.of(body.apply(a.get(0), a.get(1), a.get(2))));
  }

  /**
   * A body over symbolic values of one argument, for the tracing API ({@link Sym}, {@link Ops}):
   * it returns a {@link Sym} or any pytree of them (a list, a map, a record of {@code Sym}s) for
   * several outputs.
   */
  @FunctionalInterface
  public interface SymBody1 {
    /** The output ({@link Sym} or a pytree of them) for the traced argument {@code x}. */
    Object apply(Sym x);
  }

  /** A body over symbolic values of two arguments; returns a {@link Sym} or a pytree of them. */
  @FunctionalInterface
  public interface SymBody2 {
    /** The output ({@link Sym} or a pytree of them) for the traced arguments. */
    Object apply(Sym x, Sym y);
  }

  /** A body over symbolic values of three arguments; returns a {@link Sym} or a pytree of them. */
  @FunctionalInterface
  public interface SymBody3 {
    /** The output ({@link Sym} or a pytree of them) for the traced arguments. */
    Object apply(Sym x, Sym y, Sym z);
  }

  /** A body over any number of symbolic values; returns a {@link Sym} or a pytree of them. */
  @FunctionalInterface
  public interface SymBodyN {
    /** The output ({@link Sym} or a pytree of them) for the traced arguments {@code xs}. */
    Object apply(Sym... xs);
  }

  /**
   * A function of one argument traced from a lambda over {@link Sym}: {@code Fn.of(x ->
   * Ops.sum(x.mul(x)))}. The lambda may return a pytree of {@code Sym}s for several outputs.
   */
  public static Fn of(SymBody1 body) {
    Objects.requireNonNull(body);
    return new TreeLambda("f", List.of("x"), true, a -> body.apply((Sym) a[0]));
  }

  /**
   * A function of two arguments traced from a lambda over {@link Sym}: {@code Fn.of((w, b) ->
   * Ops.sum(Ops.tanh(w.add(b))))}.
   */
  public static Fn of(SymBody2 body) {
    Objects.requireNonNull(body);
    return new TreeLambda("f", List.of("x", "y"), true,
        a -> body.apply((Sym) a[0], (Sym) a[1]));
  }

  /** A function of three arguments traced from a lambda over {@link Sym}. */
  public static Fn of(SymBody3 body) {
    Objects.requireNonNull(body);
    return new TreeLambda("f", List.of("x", "y", "z"), true,
        a -> body.apply((Sym) a[0], (Sym) a[1], (Sym) a[2]));
  }

  /** A function of {@code arity} arguments traced from a lambda over {@code Sym...}. */
  public static Fn ofN(int arity, SymBodyN body) {
    Objects.requireNonNull(body);
    if (arity < 0) {
      throw new IllegalArgumentException("negative arity " + arity);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      names.add("x" + i);
    }
    return new TreeLambda("f", names, true, a -> {
      Sym[] xs = new Sym[a.length];
      for (int i = 0; i < a.length; i++) {
        xs[i] = (Sym) a[i];
      }
      return body.apply(xs);
    });
  }

  /** A body over one pytree argument (a record of {@code Sym}s, a map, a list, a {@code Sym}). */
  @FunctionalInterface
  public interface TreeBody1<A> {
    /** The output pytree for the argument pytree, whose leaves are traced {@link Sym}s. */
    Object apply(A a);
  }

  /** A body over two pytree arguments. */
  @FunctionalInterface
  public interface TreeBody2<A, B> {
    /** The output pytree for the argument pytrees, whose leaves are traced {@link Sym}s. */
    Object apply(A a, B b);
  }

  /** A body over three pytree arguments. */
  @FunctionalInterface
  public interface TreeBody3<A, B, C> {
    /** The output pytree for the argument pytrees, whose leaves are traced {@link Sym}s. */
    Object apply(A a, B b, C c);
  }

  /** A body over four pytree arguments. */
  @FunctionalInterface
  public interface TreeBody4<A, B, C, D> {
    /** The output pytree for the argument pytrees, whose leaves are traced {@link Sym}s. */
    Object apply(A a, B b, C c, D d);
  }

  /**
   * A function of one pytree argument, traced from a lambda that declares its type: {@code
   * Fn.tree((Params p) -> Ops.sum(p.w().mul(p.b())))}, where {@code record Params(Sym w, Sym b)}.
   * It is called with a value of the same structure (a {@code Params} holding arrays as {@link
   * Sym#array} values) and its gradients come back as a {@code Params}.
   */
  public static <A> Fn tree(TreeBody1<A> body) {
    Objects.requireNonNull(body);
    return treeOf(List.of("x"), a -> body.apply(cast(a[0])));
  }

  /** A function of two pytree arguments: {@code Fn.tree((Params p, Sym x) -> ...)}. */
  public static <A, B> Fn tree(TreeBody2<A, B> body) {
    Objects.requireNonNull(body);
    return treeOf(List.of("x", "y"), a -> body.apply(cast(a[0]), cast(a[1])));
  }

  /** A function of three pytree arguments. */
  public static <A, B, C> Fn tree(TreeBody3<A, B, C> body) {
    Objects.requireNonNull(body);
    return treeOf(List.of("x", "y", "z"),
        a -> body.apply(cast(a[0]), cast(a[1]), cast(a[2])));
  }

  /** A function of four pytree arguments. */
  public static <A, B, C, D> Fn tree(TreeBody4<A, B, C, D> body) {
    Objects.requireNonNull(body);
    return treeOf(List.of("w", "x", "y", "z"),
        a -> body.apply(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3])));
  }

  private static Fn treeOf(List<String> names, Function<Object[], Object> body) {
    return new TreeLambda("f", names, false, a -> {
      try {
        return body.apply(a);
      } catch (ClassCastException e) {
        throw new IrException("the function's lambda was called with arguments of another"
            + " structure than its parameters declare (" + e.getMessage() + "); pass values of"
            + " the declared types, with Sym leaves");
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /** The function computed by {@code g}, defined only for {@code g}'s input types. */
  public static Fn fromGraph(Graph g) {
    return fromGraph("f", g);
  }

  /** The function computed by {@code g}, called {@code name}. */
  public static Fn fromGraph(String name, Graph g) {
    return new Traced(name, g.inputNames(), types -> {
      if (!types.equals(g.inputTypes())) {
        throw new IrException(name + " is defined for arguments " + g.inputTypes() + ", got "
            + types);
      }
      return g;
    });
  }

  /** A function whose graph for each signature is {@code tracer}'s (for transformations). */
  static Fn derived(String name, List<String> argNames,
      Function<List<TensorType>, Graph> tracer) {
    return new Traced(name, argNames, tracer);
  }

  // ------------------------------------------------------------ tracing

  /** The name used in messages, e.g. {@code f} or {@code grad(f)}. */
  public final String name() {
    return name;
  }

  /** The names of the arguments, for messages and generated code. */
  public final List<String> argNames() {
    return argNames;
  }

  /** The number of arguments. */
  public final int arity() {
    return argNames.size();
  }

  /**
   * The graph of this function for arguments of the given types; traced on first use and cached.
   * The graph's inputs have exactly these types.
   */
  public final Graph trace(List<TensorType> argTypes) {
    List<TensorType> types = List.copyOf(argTypes);
    checkArity(types.size());
    return graphs.get(types, t -> {
      Graph g = traceUncached(t);
      if (!g.inputTypes().equals(t)) {
        throw new IllegalStateException(name + " traced for " + t + " gave a graph of inputs "
            + g.inputTypes());
      }
      return g;
    });
  }

  /** {@link #trace(List)} with the types inline. */
  public final Graph trace(TensorType... argTypes) {
    return trace(Arrays.asList(argTypes));
  }

  /**
   * Applies this function to symbolic values inside another function's body: its graph for the
   * arguments' types, inlined. This is how functions (and transformed functions) compose:
   * {@code Fn.of1(x -> Np.sum(Cotangent.grad(f).inline1(x)))}. (Called on tensors, a function
   * runs compiled code; called on nodes, it is inlined.)
   */
  public final List<Node> inline(List<Node> args) {
    List<TensorType> types = new ArrayList<>(args.size());
    for (Node a : args) {
      types.add(a.type());
    }
    return trace(types).call(args);
  }

  /** {@link #inline(List)} for a function with one output, with the arguments inline. */
  public final Node inline1(Node... args) {
    List<Node> out = inline(Arrays.asList(args));
    if (out.size() != 1) {
      throw new IrException(name + " has " + out.size() + " outputs; inline1 needs exactly one");
    }
    return out.get(0);
  }

  /** Builds the graph for one signature (called at most once per cached signature). */
  protected abstract Graph traceUncached(List<TensorType> argTypes);

  // ------------------------------------------------------------ pytrees

  /** {@code Cotangent.jvp(this)}, cached on this function. */
  final Fn jvpFunction() {
    Fn j = jvpFunction;
    if (j == null) {
      j = Cotangent.jvp(this);
      jvpFunction = j;
    }
    return j;
  }

  /**
   * Leaves bound ahead of the caller's arguments in {@link #applyArgs} (a pullback of traced
   * primals keeps them); none by default.
   */
  List<Sym> boundLeaves() {
    return List.of();
  }

  /**
   * This function for arguments of the given structures (leaf kinds erased): a flat function of
   * their leaves and the structure of its result. Cached.
   */
  final Specialized specialize(List<Treedef> argDefs) {
    return specializations.get(Specialized.erased(argDefs), this::specializeUncached);
  }

  /**
   * Builds {@link #specialize}'s answer. A function of arrays takes single leaves and returns one
   * leaf per output (a list of them for several outputs); functions traced from lambdas over
   * pytrees and transformations override this.
   */
  Specialized specializeUncached(List<Treedef> argDefs) {
    checkArity(argDefs.size());
    for (int i = 0; i < argDefs.size(); i++) {
      if (!argDefs.get(i).isLeaf()) {
        throw new IrException(argLabel(i) + " is a pytree " + argDefs.get(i) + ", but " + name
            + " is a function of arrays; trace it from a lambda over pytrees (Fn.tree) to pass"
            + " containers");
      }
    }
    return new Specialized(this, (types, defs) -> Specialized.flatOutputs(
        trace(types).outputs().size(), Treedef.Leaf.TENSOR));
  }

  /**
   * Calls the function on pytree arguments (JAX's calling convention): each argument is an array
   * ({@link Sym}, {@link Tensor}, {@code double}, {@code double[]}, {@code double[][]}, Commons
   * Math {@code Complex}) or a container of them (a record, a {@code Map<String, ?>}, a {@code
   * List}, an array, a {@linkplain Pytrees#register registered} type). The result has the
   * structure the function gives it: a transformation's result has the structure JAX gives it (a
   * gradient that of its argument, leaves of the argument's kinds: a {@code double[]} for a {@code
   * double[]}), a lambda's result the structure it returned, with {@link Sym} leaves holding the
   * values. Called on traced {@code Sym}s inside another function's lambda, the function is
   * inlined there instead (so functions compose: {@code grad(f).apply(x)} inside a lambda).
   *
   * <pre>{@code
   * Params g = grad(loss).apply(params, x, y);   // a Params of Syms holding the gradients
   * }</pre>
   *
   * <p>The result type is inferred from the assignment; passed straight to {@code println} or a
   * varargs method there is nothing to infer it from, so assign it to a typed local first (or
   * give the type: {@code f.<Sym>apply(x)}).
   */
  public final <T> T apply(Object a) {
    return applyArgs(Arrays.asList(a));
  }

  /** {@link #apply(Object)} for a function of two arguments. */
  public final <T> T apply(Object a, Object b) {
    return applyArgs(Arrays.asList(a, b));
  }

  /** {@link #apply(Object)} for a function of three arguments. */
  public final <T> T apply(Object a, Object b, Object c) {
    return applyArgs(Arrays.asList(a, b, c));
  }

  /** {@link #apply(Object)} for a function of four arguments. */
  public final <T> T apply(Object a, Object b, Object c, Object d) {
    return applyArgs(Arrays.asList(a, b, c, d));
  }

  /** {@link #apply(Object)} with the arguments as a list (any number of them). */
  @SuppressWarnings("unchecked")
  public final <T> T applyArgs(List<?> args) {
    List<Treedef> defs = new ArrayList<>(args.size());
    List<Object> leaves = new ArrayList<>(boundLeaves());
    for (int i = 0; i < args.size(); i++) {
      defs.add(Pytrees.flatten(args.get(i), leaves, argLabel(i)));
    }
    Specialized s = specialize(defs);
    boolean traced = false;
    for (Object leaf : leaves) {
      traced |= leaf instanceof Sym sym && !sym.isConcrete();
    }
    if (traced) {
      List<Node> nodes = new ArrayList<>(leaves.size());
      List<TensorType> types = new ArrayList<>(leaves.size());
      for (Object leaf : leaves) {
        Node n = leaf instanceof Sym sym ? sym.node()
            : org.cotangent.symbolic.Ir.constant(leafTensor(leaf, name));
        nodes.add(n);
        types.add(n.type());
      }
      List<Node> outs = s.flat().inline(nodes);
      List<Sym> syms = new ArrayList<>(outs.size());
      for (Node n : outs) {
        syms.add(Sym.of(n));
      }
      return (T) Pytrees.unflatten(s.out().of(types, defs), syms);
    }
    List<Tensor> ts = new ArrayList<>(leaves.size());
    for (Object leaf : leaves) {
      ts.add(leafTensor(leaf, name));
    }
    List<Tensor> outs = s.flat().invoke(ts);
    Treedef od = s.out().of(typesOf(ts), defs);
    return (T) Pytrees.unflatten(od, asKinds(outs, od));
  }

  /** Result tensors as the kinds of the structure's leaves. */
  static List<Object> asKinds(List<Tensor> outs, Treedef od) {
    List<Treedef.Leaf> kinds = new ArrayList<>();
    leafKinds(od, kinds);
    List<Object> r = new ArrayList<>(outs.size());
    for (int j = 0; j < outs.size(); j++) {
      r.add(Specialized.asKind(outs.get(j), j < kinds.size() ? kinds.get(j) : Treedef.Leaf.ANY));
    }
    return r;
  }

  private static void leafKinds(Treedef d, List<Treedef.Leaf> out) {
    if (d.isLeaf()) {
      out.add(d.leafKind());
    } else {
      for (Treedef c : d.children()) {
        leafKinds(c, out);
      }
    }
  }

  /** A pytree leaf as a tensor ({@code where} names it in errors). */
  static Tensor leafTensor(Object v, String where) {
    if (v instanceof Sym s) {
      return s.value();
    }
    return toTensor(v, where);
  }

  // ------------------------------------------------------------ compiling and calling

  /** The compiled program of this function for arguments of the given types (cached). */
  public final CompiledFunction compile(List<TensorType> argTypes) {
    List<TensorType> types = List.copyOf(argTypes);
    checkArity(types.size());
    return programs.get(types, t -> Backend.current().compile(trace(t)));
  }

  /**
   * Calls the function: each argument is a {@link Tensor}, a {@code double} (or other number: an
   * {@code f64} scalar), a {@code boolean}, a {@code double[]} or a rectangular {@code
   * double[][]}. Returns one tensor per output. A {@code double[]} is read in place, not copied
   * (generated code never writes its inputs): it must not change while the call runs.
   */
  public final List<Tensor> call(Object... args) {
    return call(Arrays.asList(args));
  }

  /** {@link #call(Object...)} with the arguments as a list. */
  public final List<Tensor> call(List<?> args) {
    return invoke(toTensors(args));
  }

  /**
   * Calls the function writing output {@code j} into the caller's array {@code out[j]} (of the
   * output's length: its size, twice that for a complex output), so a loop that calls it
   * allocates nothing for the outputs. Arguments are as for {@link #call(Object...)}.
   */
  public final void callInto(double[][] out, Object... args) {
    invokeInto(toTensors(Arrays.asList(args)), out);
  }

  /** Runs the function on tensors into {@code out}; by default the compiled program. */
  protected void invokeInto(List<Tensor> args, double[][] out) {
    program(args).callInto(args, out);
  }

  /** Calls a function with one output and returns it. */
  public final Tensor call1(Object... args) {
    List<Tensor> out = call(args);
    if (out.size() != 1) {
      throw new IrException(name + " has " + out.size() + " outputs; call1 needs exactly one");
    }
    return out.get(0);
  }

  /** Calls a function with one real scalar output and returns its value. */
  public final double callDouble(Object... args) {
    Tensor t = call1(args);
    if (t.size() != 1 || t.dtype().isComplex()) {
      throw new IrException(name + " returns " + t.type() + "; callDouble needs a real scalar");
    }
    return t.get(0);
  }

  /**
   * Runs the function on tensors; by default the compiled program of their signature. The program
   * of the last signature called is kept in a field, so a loop calling with one signature does
   * no cache lookup (no hashing, no lock): only the types are compared.
   */
  protected List<Tensor> invoke(List<Tensor> args) {
    return program(args).call(args);
  }

  private CompiledFunction program(List<Tensor> args) {
    CompiledFunction c = lastCompiled;
    if (c == null || !c.accepts(args)) {
      c = compile(typesOf(args));
      lastCompiled = c;
    }
    return c;
  }

  /** What {@link Cotangent#vjp} needs for one signature: forward and backward programs. */
  final VjpPlan vjpPlan(List<TensorType> argTypes) {
    List<TensorType> types = List.copyOf(argTypes);
    checkArity(types.size());
    return vjpPlans.get(types, t -> VjpPlan.build(this, trace(t)));
  }

  final void checkArity(int n) {
    if (n != arity()) {
      throw new IrException(name + " takes " + arity() + " argument" + (arity() == 1 ? "" : "s")
          + " " + argNames + ", got " + n);
    }
  }

  // ------------------------------------------------------------ values

  final List<Tensor> toTensors(List<?> args) {
    // The types of the last program called, reused for plain arrays and numbers of those types,
    // so a loop at one signature allocates no types (a type is a shape, its dims and a dtype).
    CompiledFunction last = lastCompiled;
    List<TensorType> known = last == null ? null : last.inputTypes();
    List<Tensor> ts = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      Object v = args.get(i);
      TensorType k = known != null && i < known.size() ? known.get(i) : null;
      if (k != null && v instanceof double[] d && k.dtype() == DType.F64 && k.rank() == 1
          && k.size() == d.length) {
        ts.add(Tensor.wrap(k, d));
      } else if (k != null && v instanceof Double x && k.dtype() == DType.F64 && k.rank() == 0) {
        ts.add(Tensor.wrap(k, new double[] {x}));
      } else {
        ts.add(toTensor(v, i));
      }
    }
    return ts;
  }

  private Tensor toTensor(Object v, int i) {
    return toTensor(v, argLabel(i));
  }

  private static Tensor toTensor(Object v, String where) {
    if (v instanceof Tensor) {
      return (Tensor) v;
    }
    if (v instanceof Number) {
      return Tensor.scalar(((Number) v).doubleValue());
    }
    if (v instanceof Boolean) {
      return Tensor.wrap(TensorType.of(DType.BOOL), new double[] {(Boolean) v ? 1 : 0});
    }
    if (v instanceof double[]) {
      // Not copied: generated code never writes its inputs, and no call keeps its arguments.
      double[] d = (double[]) v;
      return Tensor.wrap(TensorType.f64(d.length), d);
    }
    if (v instanceof org.apache.commons.math3.complex.Complex) {
      org.apache.commons.math3.complex.Complex z = (org.apache.commons.math3.complex.Complex) v;
      return Tensor.complexScalar(z.getReal(), z.getImaginary());
    }
    if (v instanceof double[][]) {
      try {
        return Tensor.of((double[][]) v);
      } catch (IllegalArgumentException e) {
        throw new IrException(where + ": " + e.getMessage());
      }
    }
    if (v instanceof Sym s) {
      return s.value();
    }
    throw new IrException(where + ": cannot make a tensor of "
        + (v == null ? "null" : v.getClass().getTypeName())
        + "; pass a Tensor, a double, a boolean, a double[], a double[][] or a Commons Math"
        + " Complex (CommonsMath.tensor converts complex arrays and matrices)");
  }

  private String argLabel(int i) {
    return "argument " + i + (i < argNames.size() ? " (" + argNames.get(i) + ")" : "") + " of "
        + name;
  }

  static List<TensorType> typesOf(List<Tensor> ts) {
    List<TensorType> types = new ArrayList<>(ts.size());
    for (Tensor t : ts) {
      types.add(t.type());
    }
    return types;
  }

  /** {@code name(arg, ...)}. */
  @Override
  public String toString() {
    return name + "(" + String.join(", ", argNames) + ")";
  }

  /** A function defined by a tracer (user bodies, graphs and transformations). */
  private static final class Traced extends Fn {
    private final Function<List<TensorType>, Graph> tracer;

    Traced(String name, List<String> argNames, Function<List<TensorType>, Graph> tracer) {
      super(name, argNames);
      this.tracer = tracer;
    }

    @Override
    protected Graph traceUncached(List<TensorType> argTypes) {
      return tracer.apply(argTypes);
    }
  }

  /** The tangent types a signature's tangents must have. */
  static List<TensorType> tangentTypes(List<TensorType> types) {
    List<TensorType> t = new ArrayList<>(types.size());
    for (TensorType ty : types) {
      t.add(Ad.tangentType(ty));
    }
    return t;
  }
}
