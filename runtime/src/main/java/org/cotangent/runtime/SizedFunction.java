package org.cotangent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.SizedProgram;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * A graph with symbolic sizes compiled once, callable at every size (DESIGN, "Symbolic sizes",
 * P2): {@link #call} solves the size variables from the argument shapes ({@link
 * Interpreter#sizes}, which checks ranks, dtypes and that every dim agrees), allocates the
 * outputs from their {@link Dim}s at those sizes, and calls the {@link SizedProgram} with the
 * sizes in sorted variable order; the generated code checks the rest (slice bounds, {@code pad >=
 * 0}, ...) at entry. Thread-safe, as {@link CompiledFunction}.
 */
public final class SizedFunction {
  private final Graph graph;
  private final GeneratedSource source;
  private final SizedProgram program;

  private SizedFunction(Graph graph, GeneratedSource source, SizedProgram program) {
    this.graph = graph;
    this.source = source;
    this.program = program;
  }

  /** {@code g} compiled by the shared {@link CompileService}. */
  public static SizedFunction compile(Graph g) {
    return compile(g, CompileService.shared());
  }

  /** {@code g} (with at least one size variable) emitted and compiled by {@code service}. */
  public static SizedFunction compile(Graph g, CompileService service) {
    if (g.isStatic()) {
      throw new IllegalArgumentException("the graph has no symbolic sizes; use CompileService.load");
    }
    GeneratedSource s = JavaEmitter.emit(g);
    return new SizedFunction(g, s, service.instantiateSized(s));
  }

  public GeneratedSource source() {
    return source;
  }

  public SizedProgram program() {
    return program;
  }

  /** The size variables, sorted: the order of the program's {@code sizes}. */
  public List<String> sizeVars() {
    return new ArrayList<>(graph.sizeVars());
  }

  /** The sizes of {@code args}, by variable (sorted). */
  public Map<String, Long> sizes(List<Tensor> args) {
    if (args.size() != graph.arity()) {
      throw new IrException("function takes " + graph.arity() + " arguments, got "
          + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == null) {
        throw new IrException("argument " + i + " (" + graph.inputNames().get(i) + ") is null");
      }
    }
    return Interpreter.sizes(graph, args);
  }

  /** Runs the program on {@code args}; returns one new tensor per output. */
  public List<Tensor> call(List<Tensor> args) {
    return call(Map.of(), args);
  }

  /**
   * {@link #call(List)} with the values of the sizes that no argument's shape gives (an {@code
   * int} count such as {@code steps}, {@link Graph#freeSizeVars}); a missing one is an error.
   */
  public List<Tensor> call(Map<String, Long> given, List<Tensor> args) {
    Map<String, Long> env = new java.util.TreeMap<>(sizes(args));
    for (String v : graph.freeSizeVars()) {
      Long value = given.get(v);
      if (value == null) {
        throw new IllegalArgumentException("the size " + v + " is no argument's size; give its"
            + " value: call(Map.of(\"" + v + "\", value), args)");
      }
      env.put(v, value);
    }
    int[] sizes = new int[env.size()];
    int k = 0;
    for (long v : env.values()) {
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("size " + v + " does not fit in an int");
      }
      sizes[k++] = (int) v;
    }
    double[][] in = new double[args.size()][];
    for (int i = 0; i < in.length; i++) {
      in[i] = args.get(i).unsafeData();
    }
    List<TensorType> outTypes = new ArrayList<>();
    for (TensorType t : source.outputTypes()) {
      outTypes.add(at(t, env));
    }
    double[][] out = new double[outTypes.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[outTypes.get(j).size() * outTypes.get(j).dtype().width()];
    }
    program.call(sizes, in, out);
    List<Tensor> r = new ArrayList<>(out.length);
    for (int j = 0; j < out.length; j++) {
      r.add(Tensor.wrap(outTypes.get(j), out[j]));
    }
    return r;
  }

  public List<Tensor> call(Tensor... args) {
    return call(java.util.Arrays.asList(args));
  }

  /** {@code t} at the sizes {@code env}. */
  static TensorType at(TensorType t, Map<String, Long> env) {
    Dim[] d = t.shape().extents();
    int[] dims = new int[d.length];
    for (int a = 0; a < d.length; a++) {
      long v = d[a].eval(env);
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(t + " at " + env + " is too large");
      }
      dims[a] = (int) v;
    }
    return TensorType.of(t.dtype(), Shape.of(dims));
  }

  @Override
  public String toString() {
    return "SizedFunction[" + source.qualifiedName() + ": " + source.inputTypes() + " -> "
        + source.outputTypes() + "]";
  }
}
