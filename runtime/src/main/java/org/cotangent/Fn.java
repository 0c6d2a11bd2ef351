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
  private final LruCache<List<TensorType>, VjpPlan> vjpPlans = LruCache.strong(SIGNATURES);

  /** A function called {@code name} (for messages) with the given argument names. */
  protected Fn(String name, List<String> argNames) {
    this.name = Objects.requireNonNull(name);
    this.argNames = List.copyOf(argNames);
  }

  // ------------------------------------------------------------ factories

  /** The body of a function of three arguments. */
  @FunctionalInterface
  public interface Body3 {
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

  /** A body over symbolic values of one argument, for the tracing API ({@link Sym}, {@link Ops}). */
  @FunctionalInterface
  public interface SymBody1 {
    Sym apply(Sym x);
  }

  /** A body over symbolic values of two arguments. */
  @FunctionalInterface
  public interface SymBody2 {
    Sym apply(Sym x, Sym y);
  }

  /** A body over symbolic values of three arguments. */
  @FunctionalInterface
  public interface SymBody3 {
    Sym apply(Sym x, Sym y, Sym z);
  }

  /**
   * A function of one argument traced from a lambda over {@link Sym}: {@code Fn.of(x ->
   * Ops.sum(Ops.sin(x)))}.
   */
  public static Fn of(SymBody1 body) {
    Objects.requireNonNull(body);
    return of(List.of("x"), a -> List.of(body.apply(Sym.of(a.get(0))).node()));
  }

  /**
   * A function of two arguments traced from a lambda over {@link Sym}: {@code Fn.of((w, b) ->
   * Ops.sum(Ops.tanh(x.matmul(w).add(b))))}.
   */
  public static Fn of(SymBody2 body) {
    Objects.requireNonNull(body);
    return of(List.of("x", "y"),
        a -> List.of(body.apply(Sym.of(a.get(0)), Sym.of(a.get(1))).node()));
  }

  /** A function of three arguments traced from a lambda over {@link Sym}. */
  public static Fn of(SymBody3 body) {
    Objects.requireNonNull(body);
    return of(List.of("x", "y", "z"),
        a -> List.of(body.apply(Sym.of(a.get(0)), Sym.of(a.get(1)), Sym.of(a.get(2))).node()));
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

  public final List<String> argNames() {
    return argNames;
  }

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
   * double[][]}. Returns one tensor per output.
   */
  public final List<Tensor> call(Object... args) {
    return call(Arrays.asList(args));
  }

  /** {@link #call(Object...)} with the arguments as a list. */
  public final List<Tensor> call(List<?> args) {
    return invoke(toTensors(args));
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

  /** Runs the function on tensors; by default the compiled program of their signature. */
  protected List<Tensor> invoke(List<Tensor> args) {
    return compile(typesOf(args)).call(args);
  }

  /** What {@link Cotangent#vjp} needs for one signature: forward and backward programs. */
  final VjpPlan vjpPlan(List<TensorType> argTypes) {
    List<TensorType> types = List.copyOf(argTypes);
    checkArity(types.size());
    return vjpPlans.get(types, t -> VjpPlan.build(this, trace(t)));
  }

  private void checkArity(int n) {
    if (n != arity()) {
      throw new IrException(name + " takes " + arity() + " argument" + (arity() == 1 ? "" : "s")
          + " " + argNames + ", got " + n);
    }
  }

  // ------------------------------------------------------------ values

  final List<Tensor> toTensors(List<?> args) {
    List<Tensor> ts = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      ts.add(toTensor(args.get(i), i));
    }
    return ts;
  }

  private Tensor toTensor(Object v, int i) {
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
      return Tensor.of((double[]) v);
    }
    if (v instanceof org.apache.commons.math3.complex.Complex) {
      org.apache.commons.math3.complex.Complex z = (org.apache.commons.math3.complex.Complex) v;
      return Tensor.complexScalar(z.getReal(), z.getImaginary());
    }
    if (v instanceof double[][]) {
      try {
        return Tensor.of((double[][]) v);
      } catch (IllegalArgumentException e) {
        throw new IrException(argLabel(i) + ": " + e.getMessage());
      }
    }
    throw new IrException(argLabel(i) + ": cannot make a tensor of "
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
