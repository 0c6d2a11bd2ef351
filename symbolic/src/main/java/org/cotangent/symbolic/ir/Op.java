package org.cotangent.symbolic.ir;

import java.util.List;
import java.util.function.Function;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * A primitive together with its static parameters (axes, shapes, literal values, ...). Everything
 * about a primitive lives in its {@code Op} subclass: the shape and dtype rule ({@link
 * #inferType}), the reference evaluation ({@link #eval}), the JVP rule ({@link #jvp}), the
 * transpose rule if it is linear in some input ({@link #transposeRule}), the batching rule of
 * vmap ({@link #batchRule}), construction-time
 * simplification ({@link #simplify}) and how it prints ({@link #toString}).
 *
 * <p>Two ops are equal when they are the same primitive (class and name) with equal parameters; that equality
 * (with identical inputs) is what hash-consing of {@link Node}s uses, so {@link #equals} and
 * {@link #hashCode} must be structural and deterministic (never identity-based).
 *
 * <p>Conventions in rules: a tangent or cotangent that is {@code null} is a symbolic zero. A JVP
 * rule never receives all-null tangents and returns {@code null} when the output tangent is zero.
 */
public abstract class Op {
  private final String name;

  protected Op(String name) {
    this.name = name;
  }

  /** The primitive's name, as printed in the IR ({@code sin}, {@code dot_general}). */
  public final String name() {
    return name;
  }

  /** The shape and dtype rule: the output type for these input types, or an {@link IrException}. */
  public abstract TensorType inferType(List<TensorType> inputs);

  /** The reference evaluation on concrete tensors (slow and simple; the oracle for codegen). */
  public abstract Tensor eval(List<Tensor> inputs);

  /**
   * The JVP rule: the tangent of {@code out} given the primal inputs and their tangents ({@code
   * null} for a symbolic zero). The result must be linear in the tangents. Returns {@code null}
   * for a zero tangent.
   */
  public abstract Node jvp(Node out, List<Node> primals, Node[] tangents);

  /**
   * The primal value to use in place of {@code out} when its JVP is taken (by default {@code out}
   * itself): a loop whose tangent reads per-step residuals returns a primal loop that also
   * computes them, so that the primal loop runs once.
   */
  public Node jvpPrimal(Node out, List<Node> primals, Node[] tangents) {
    return out;
  }

  /** Whether this op is linear in input {@code i} when the other inputs are held fixed. */
  public boolean isLinearIn(int i) {
    return false;
  }

  /**
   * Whether this op is linear in each input separately but not in several at once ({@code mul},
   * {@code dot_general}): transposing it when more than one input is linear is an error, because
   * the program is then not linear.
   */
  public boolean isBilinear() {
    return false;
  }

  /**
   * The transpose rule of a linear op: given the cotangent of {@code node}'s output, the
   * cotangents of its inputs flagged in {@code linear} (the others are residuals and get {@code
   * null}). Only called with a non-null {@code ct}.
   */
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    throw new UnsupportedOperationException(
        "transpose rule (for reverse-mode differentiation) for '" + name + "' not implemented");
  }

  /**
   * Applies this op to batched arguments (vmap): {@code dims[i]} is the batch axis of {@code
   * args.get(i)}, or {@link Batched#NOT_MAPPED}. When no argument is mapped the op is applied as
   * it is and the result is not mapped (the mandatory fast path, so rules only ever see at least
   * one mapped argument); otherwise {@link #batchRule} decides.
   */
  public final Batched batch(List<Node> args, int[] dims) {
    boolean any = false;
    for (int d : dims) {
      any |= d != Batched.NOT_MAPPED;
    }
    if (!any) {
      return new Batched(Node.make(this, args.toArray(new Node[0])), Batched.NOT_MAPPED);
    }
    return batchRule(args, dims);
  }

  /**
   * The batching rule (JAX's {@code primitive_batchers[p]}): this op applied to every slice of the
   * batch at once. {@code args} carry the batch axis at {@code dims[i]} ({@code -1}: not mapped, the
   * same value for every batch element); at least one is mapped, and mapped arguments agree on the
   * batch size. Returns the result and its batch axis. Shared helpers are in {@code
   * org.cotangent.symbolic.ops.Batching}.
   */
  public Batched batchRule(List<Node> args, int[] dims) {
    throw new UnsupportedOperationException("batching rule (for vmap) for '" + name
        + "' not implemented");
  }

  /**
   * Construction-time simplification: an equivalent node (exact for every input, Inf and NaN
   * included) or {@code null} to build this op as it is. {@code type} is the inferred output type;
   * the result must have that type.
   */
  public Node simplify(List<Node> inputs, TensorType type) {
    return null;
  }

  /**
   * Emission, for elementwise primitives: the Java expression of one output element given the
   * expressions of the input elements (names or literals, never compound expressions), or {@code
   * null} if this op is not elementwise. Real dtypes only; generated code keeps {@code bool} and
   * {@code i64} in doubles, as {@code Tensor} does. Only {@code java.lang.Math} and {@code
   * org.cotangent.codegen.Rt} may be called.
   */
  public String javaExpression(List<String> args) {
    return null;
  }

  /**
   * For an op with several outputs (one node each, differing only in an output index, as a loop
   * or a call): the op of its output 0, under which the interpreter evaluates all outputs once
   * for one set of inputs ({@link #evalOutputs}); {@code null} (the default) for other ops.
   */
  public Op outputFamily() {
    return null;
  }

  /** This op's output index within its {@link #outputFamily}. */
  public int outputIndex() {
    return 0;
  }

  /** Every output of this op's {@link #outputFamily} on {@code inputs}. */
  public List<Tensor> evalOutputs(List<Tensor> inputs) {
    return List.of(eval(inputs));
  }

  /**
   * This op with the size variables in its parameters replaced ({@code Graph.specialize}): ops
   * whose parameters hold sizes (a target shape, a type) override it; the others have none and
   * return themselves.
   */
  public Op specialize(java.util.Map<String, Dim> env) {
    return this;
  }

  /**
   * True if this op's inputs and sub-graphs may have symbolic types, the sub-graphs' named in the
   * caller's size variables (a call of {@code g(x: f64[n])} from {@code f(x: f64[n])}, a scan
   * over {@code steps} of a carry {@code f64[n]}): its shape rule checks its inputs against
   * them, {@link #specialize} specialises them and {@link #sizeVars} names theirs. Ops with
   * sub-graphs that do not say so are refused symbolic sizes by name in {@code Node.make}.
   */
  public boolean acceptsSymbolicSubgraphs() {
    return false;
  }

  /** The size variables this op's parameters name beyond its types (a scan's length). */
  public java.util.Set<String> sizeVars() {
    return java.util.Set.of();
  }

  /** Whether an application to constant inputs may be folded into a constant. */
  public boolean foldable() {
    return true;
  }

  /** The static parameters as printed after the name, e.g. {@code [axes=(0)]}; empty if none. */
  public String paramsText() {
    return "";
  }

  /** Parameter values that decide equality and hashing; empty for parameterless primitives. */
  protected List<Object> params() {
    return List.of();
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((Op) o).name.equals(name)
        && ((Op) o).params().equals(params());
  }

  /** Structural and the same in every JVM (enums hash by name, not identity). */
  @Override
  public final int hashCode() {
    return name.hashCode() * 31 + stableHash(params());
  }

  private static int stableHash(Object o) {
    if (o instanceof Enum) {
      return ((Enum<?>) o).name().hashCode();
    }
    if (o instanceof List) {
      int h = 1;
      for (Object e : (List<?>) o) {
        h = h * 31 + stableHash(e);
      }
      return h;
    }
    return o == null ? 0 : o.hashCode();
  }

  /**
   * The static parameters in the canonical text form (IR serialisation), which the primitive's
   * decoder in the registry reads back. The same as {@link #paramsText} except where the display
   * form leaves something out: a constant's data, the text of a sub-graph (written by {@code
   * graphText}).
   */
  public String canonicalParamsText(Function<Graph, String> graphText) {
    return paramsText();
  }

  /**
   * The graphs this op carries as parameters (the body of a call, a loop or a branch; none for
   * most primitives). Printers, readers and checks recurse into them; transformations reach them
   * through the op's own rules.
   */
  public List<Graph> subgraphs() {
    return List.of();
  }

  @Override
  public String toString() {
    return name + paramsText();
  }

  /** Throws the standard error for a wrong number of inputs. */
  protected final void checkArity(List<TensorType> inputs, int n) {
    if (inputs.size() != n) {
      throw new IrException(name + " takes " + n + " input" + (n == 1 ? "" : "s") + ", got "
          + inputs.size());
    }
  }
}
