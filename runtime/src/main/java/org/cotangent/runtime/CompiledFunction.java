package org.cotangent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * A compiled graph ready to call on tensors: the generated source and an instance of its class.
 *
 * <p>{@link #call} checks the arguments against {@link #inputTypes()}, passes their data to the
 * generated code without copying (generated code never writes its inputs), allocates fresh
 * output arrays and wraps them as tensors. Nothing is shared between calls, so a compiled function
 * may be called from many threads at once.
 *
 * <p>A function of a large graph may start on the {@link Tape} and switch to its compiled class
 * when that is ready ({@link Tiering}); both compute the same bits. Its source is then emitted
 * only when the class is compiled or {@link #source()} asks.
 */
public final class CompiledFunction {
  private volatile GeneratedSource source;
  private Supplier<GeneratedSource> emit;
  private final List<TensorType> inputTypes;
  private final List<TensorType> outputTypes;
  private final Program program;
  private final List<String> inputNames;

  /**
   * Wraps {@code program}, an instance of the class compiled from {@code source}; {@code
   * inputNames} (null for x0, x1, ...) name the arguments in error messages.
   */
  public CompiledFunction(GeneratedSource source, Program program, List<String> inputNames) {
    this(source.inputTypes(), source.outputTypes(), program, null, inputNames);
    this.source = source;
  }

  /** A function of graph {@code g} on {@code program} (a tiered one), its source emitted lazily. */
  CompiledFunction(Graph g, Program program, Supplier<GeneratedSource> emit) {
    this(g.inputTypes(), outputTypes(g), program, emit, g.inputNames());
  }

  private CompiledFunction(List<TensorType> inputTypes, List<TensorType> outputTypes,
      Program program, Supplier<GeneratedSource> emit, List<String> inputNames) {
    this.inputTypes = List.copyOf(inputTypes);
    this.outputTypes = List.copyOf(outputTypes);
    this.program = program;
    this.emit = emit;
    int n = inputTypes.size();
    if (inputNames != null && inputNames.size() != n) {
      throw new IllegalArgumentException(inputNames.size() + " names for " + n + " inputs");
    }
    this.inputNames = inputNames == null ? Graph.defaultNames(n, "x") : List.copyOf(inputNames);
  }

  private static List<TensorType> outputTypes(Graph g) {
    List<TensorType> types = new ArrayList<>();
    for (org.cotangent.symbolic.ir.Node o : g.outputs()) {
      types.add(o.type());
    }
    return types;
  }

  /** The generated source (emitted now if this function started on the tape and has none yet). */
  public GeneratedSource source() {
    GeneratedSource s = source;
    if (s == null) {
      synchronized (this) {
        s = source;
        if (s == null) {
          s = emit.get();
          source = s;
          emit = null;
        }
      }
    }
    return s;
  }

  /**
   * The program this function runs: the compiled class's instance, or for a function that
   * started on the tape a program that runs the tape until the class is ready, then the class.
   */
  public Program program() {
    return program;
  }

  /** {@code "compiled"} if the compiled class runs now, {@code "tape"} if the tape does. */
  public String tier() {
    return program instanceof TieredProgram && !((TieredProgram) program).isCompiled() ? "tape"
        : "compiled";
  }

  /**
   * Compiles this function's class now if it runs on the tape (on the background thread, waiting
   * for it); true if the compiled class runs afterwards, false if its compilation failed (see
   * {@link #compilationFailure()}; the tape keeps running, with the same results).
   */
  public boolean awaitCompiled() {
    return !(program instanceof TieredProgram) || ((TieredProgram) program).awaitCompiled();
  }

  /** The failure of this function's background compilation, or null if there was none. */
  public Throwable compilationFailure() {
    return program instanceof TieredProgram ? ((TieredProgram) program).failure() : null;
  }

  public List<TensorType> inputTypes() {
    return inputTypes;
  }

  public List<TensorType> outputTypes() {
    return outputTypes;
  }

  public List<String> inputNames() {
    return inputNames;
  }

  /** True if {@code args} have this program's input types (the check {@link #call} makes). */
  public boolean accepts(List<Tensor> args) {
    List<TensorType> types = inputTypes;
    if (args.size() != types.size()) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      Tensor a = args.get(i);
      if (a == null || !a.type().equals(types.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs the compiled code on {@code args}, writing output {@code j} into {@code out[j]}, which
   * must have the output's length ({@code size}, twice that for a complex output). Every element
   * is written; nothing is allocated for the outputs.
   */
  public void callInto(List<Tensor> args, double[][] out) {
    List<TensorType> outTypes = outputTypes;
    if (out == null || out.length != outTypes.size()) {
      throw new IrException("compiled function has " + outTypes.size() + " output"
          + (outTypes.size() == 1 ? "" : "s") + " " + outTypes + ", got "
          + (out == null ? "null" : out.length + " output arrays"));
    }
    for (int j = 0; j < out.length; j++) {
      TensorType t = outTypes.get(j);
      int n = t.size() * t.dtype().width();
      if (out[j] == null || out[j].length != n) {
        throw new IrException("output " + j + " (" + t + ") needs an array of " + n
            + " doubles, got " + (out[j] == null ? "null" : out[j].length));
      }
    }
    program.call(inputs(args), out);
  }

  /** Runs the compiled code on {@code args}; returns one new tensor per output. */
  public List<Tensor> call(List<Tensor> args) {
    double[][] inputs = inputs(args);
    List<TensorType> outTypes = outputTypes;
    double[][] outputs = new double[outTypes.size()][];
    for (int j = 0; j < outputs.length; j++) {
      TensorType t = outTypes.get(j);
      outputs[j] = new double[t.size() * t.dtype().width()];
    }
    program.call(inputs, outputs);
    List<Tensor> result = new ArrayList<>(outputs.length);
    for (int j = 0; j < outputs.length; j++) {
      result.add(Tensor.wrap(outTypes.get(j), outputs[j]));
    }
    return result;
  }

  /** The arrays of {@code args}, checked against the input types. */
  private double[][] inputs(List<Tensor> args) {
    List<TensorType> types = inputTypes;
    if (args.size() != types.size()) {
      throw new IrException("compiled function takes " + types.size() + " argument"
          + (types.size() == 1 ? "" : "s") + " " + types + ", got " + args.size());
    }
    double[][] inputs = new double[args.size()][];
    for (int i = 0; i < inputs.length; i++) {
      Tensor a = args.get(i);
      if (a == null) {
        throw new IrException("argument " + i + " (" + inputNames.get(i) + ") is null");
      }
      if (!a.type().equals(types.get(i))) {
        throw new IrException("argument " + i + " (" + inputNames.get(i) + ") must be "
            + types.get(i) + ", got " + a.type());
      }
      inputs[i] = a.unsafeData();
    }
    return inputs;
  }

  /** {@link #call(List)} with the arguments inline. */
  public List<Tensor> call(Tensor... args) {
    return call(java.util.Arrays.asList(args));
  }

  @Override
  public String toString() {
    GeneratedSource s = source;
    return "CompiledFunction[" + (s == null ? "tape" : s.qualifiedName()) + ": " + inputTypes
        + " -> " + outputTypes + "]";
  }
}
