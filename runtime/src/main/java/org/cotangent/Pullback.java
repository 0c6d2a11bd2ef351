package org.cotangent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Constant;

/**
 * The result of {@link Cotangent#vjp}: the function's outputs at the primal point ({@link
 * #outputs()}) and its pullback, the compiled linear map from output cotangents to input
 * cotangents ({@link #apply}).
 *
 * <p>The residuals the pullback needs (the intermediate values of the forward computation) were
 * computed once by {@code vjp}; each {@link #apply} runs only the compiled backward program, so
 * pulling back many cotangents through one point is cheap.
 *
 * <p>A pullback is itself a {@link Fn} of the output cotangents (the residuals become constants
 * when it is traced), so it can be transformed further. Immutable and safe to share between
 * threads.
 */
public final class Pullback extends Fn {
  private final VjpPlan plan;
  private final List<Tensor> outputs;
  private final List<Tensor> residuals;
  /** The structure of the function's result (its leaves are the outputs). */
  private final Treedef outDef;
  /** The aux data of {@code vjp(f, Options.hasAux(), ...)}, or null. */
  private final Object aux;
  /** The structures of the primals, with their leaf kinds. */
  private final List<Treedef> primalDefs;

  /** The function's graph, for a pullback of traced primals (else null). */
  private final Graph tracedGraph;
  /** The traced primals (leaves), for a pullback of traced primals (else empty). */
  private final List<Sym> tracedPrimals;

  /** A pullback of traced primals: applying it inlines the VJP of {@code g} at them. */
  Pullback(String fnName, Graph g, List<Sym> primals, Treedef outDef, List<Treedef> primalDefs) {
    super("vjp(" + fnName + ")", cotangentNames(g));
    this.tracedGraph = g;
    this.tracedPrimals = List.copyOf(primals);
    this.plan = null;
    this.outputs = null;
    this.residuals = null;
    this.outDef = outDef;
    this.primalDefs = List.copyOf(primalDefs);
    this.aux = null;
  }

  private static List<String> cotangentNames(Graph g) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < g.outputs().size(); j++) {
      names.add(g.outputName(j) + "_bar");
    }
    return names;
  }

  Pullback(VjpPlan plan, List<Tensor> outputs, List<Tensor> residuals, Treedef outDef,
      List<Treedef> primalDefs, Object aux) {
    super("vjp(" + plan.fnName + ")", plan.cotangentNames);
    this.tracedGraph = null;
    this.tracedPrimals = List.of();
    this.aux = aux;
    this.outDef = outDef;
    this.primalDefs = List.copyOf(primalDefs);
    this.plan = plan;
    this.outputs = List.copyOf(outputs);
    this.residuals = List.copyOf(residuals);
  }

  /** The function's outputs at the primal point. */
  public List<Tensor> outputs() {
    if (tracedGraph != null) {
      throw new IrException(name() + " was taken inside a trace: its outputs are traced; use"
          + " out()");
    }
    return outputs;
  }

  /** The only output at the primal point, for a function with one output. */
  public Tensor output() {
    if (outputs().size() != 1) {
      throw new IrException(name() + ": the function has " + outputs.size()
          + " outputs; use outputs()");
    }
    return outputs.get(0);
  }

  /** The types the cotangents must have: those of the outputs. */
  public List<TensorType> cotangentTypes() {
    if (tracedGraph != null) {
      return tracedGraph.outputs().stream().map(Node::type).toList();
    }
    return plan.outputTypes;
  }

  /**
   * Pulls output cotangents back: one cotangent per output (same type), one result per input of
   * the function (same type as the input). {@code call(cotangents...)} does the same with
   * cotangents given as arrays; {@link #apply(Object)} returns the results in the primals'
   * structures.
   */
  public List<Tensor> pull(List<Tensor> cotangents) {
    if (tracedGraph != null) {
      throw new IrException(name() + " pulls back traced primals: apply it to cotangents with"
          + " apply(...), inside the trace");
    }
    checkCotangents(typesOf(cotangents));
    List<Tensor> args = new ArrayList<>(residuals);
    args.addAll(cotangents);
    return plan.backward.call(args);
  }

  /**
   * The aux data of {@code vjp(f, Options.hasAux(), primals...)}: the second part of the pair
   * {@code (out, aux)} that {@code f} returned, not differentiated (JAX's {@code has_aux}).
   */
  @SuppressWarnings("unchecked")
  public <T> T aux() {
    if (aux == null) {
      throw new IrException(name() + " was made without hasAux: it has no aux data");
    }
    return (T) aux;
  }

  /** The function's outputs at the primal point, in the structure the function returned. */
  @SuppressWarnings("unchecked")
  public <T> T out() {
    if (tracedGraph != null) {
      List<Node> ps = new ArrayList<>();
      for (Sym s : tracedPrimals) {
        ps.add(s.node());
      }
      List<Sym> outs = new ArrayList<>();
      for (Node n : tracedGraph.call(ps)) {
        outs.add(Sym.of(n));
      }
      return (T) Pytrees.unflatten(outDef, outs);
    }
    return (T) Pytrees.unflatten(outDef, Fn.asKinds(outputs, outDef));
  }

  @Override
  List<Sym> boundLeaves() {
    return tracedPrimals;
  }

  /**
   * JAX's {@code vjp_fun(ct)} through {@link #apply(Object)}: the cotangent has the structure of
   * the output (one argument per output leaf, or the output's pytree as one argument), and the
   * result is a list with one cotangent per primal, each in its primal's structure and kind.
   */
  @Override
  Specialized specializeUncached(List<Treedef> defs) {
    boolean whole = defs.size() == 1 && !defs.get(0).isLeaf();
    if (whole && !defs.get(0).equals(outDef.withLeaves(Treedef.Leaf.ANY))) {
      throw new IrException(name() + ": the cotangent must have the output's structure " + outDef
          + ", got " + defs.get(0));
    }
    if (!whole) {
      super.specializeUncached(defs);
    }
    if (tracedGraph != null) {
      // A function of the primals and the cotangents: the VJP of the graph, inlined at apply.
      Graph g = tracedGraph;
      int n = g.arity();
      int m = g.outputs().size();
      List<String> names = new ArrayList<>(g.inputNames());
      names.addAll(argNames());
      Fn flat = Fn.derived(name(), names, types -> {
        if (!types.subList(n, types.size()).equals(g.outputs().stream().map(Node::type)
            .toList())) {
          throw new IrException(name() + ": the cotangents must have the outputs' types "
              + g.outputs().stream().map(Node::type).toList() + ", got "
              + types.subList(n, types.size()));
        }
        return Graph.trace(names, types, ps -> org.cotangent.symbolic.ad.Ad.vjpNodes(g,
            ps.subList(0, n), ps.subList(n, n + m), null).subList(m, m + n));
      });
      return new Specialized(flat, (types, argDefs) -> Treedef.list(primalDefs));
    }
    return new Specialized(this, (types, argDefs) -> Treedef.list(primalDefs));
  }

  @Override
  protected List<Tensor> invoke(List<Tensor> args) {
    return pull(args);
  }

  @Override
  protected void invokeInto(List<Tensor> args, double[][] out) {
    List<Tensor> r = pull(args);
    if (out == null || out.length != r.size()) {
      throw new IrException(name() + " has " + r.size() + " outputs, got "
          + (out == null ? "null" : out.length + " output arrays"));
    }
    for (int j = 0; j < r.size(); j++) {
      double[] d = r.get(j).unsafeData();
      if (out[j] == null || out[j].length != d.length) {
        throw new IrException("output " + j + " (" + r.get(j).type() + ") needs an array of "
            + d.length + " doubles, got " + (out[j] == null ? "null" : out[j].length));
      }
      System.arraycopy(d, 0, out[j], 0, d.length);
    }
  }

  @Override
  protected Graph traceUncached(List<TensorType> argTypes) {
    checkCotangents(argTypes);
    List<Node> args = new ArrayList<>();
    for (Tensor r : residuals) {
      args.add(Constant.of(r));
    }
    args.addAll(Graph.params(argTypes));
    return new Graph(plan.cotangentNames, argTypes, plan.backwardGraph.call(args));
  }

  private void checkCotangents(List<TensorType> types) {
    if (tracedGraph != null) {
      throw new IrException(name() + " pulls back traced primals: apply it to cotangents with"
          + " apply(...), inside the trace");
    }
    List<TensorType> expected = plan.outputTypes;
    if (types.size() != expected.size()) {
      throw new IrException(name() + " takes one cotangent per output " + expected + ", got "
          + types.size());
    }
    for (int j = 0; j < types.size(); j++) {
      if (!types.get(j).equals(expected.get(j))) {
        throw new IrException(name() + ": cotangent " + j + " (" + plan.cotangentNames.get(j)
            + ") must be " + expected.get(j) + " like the output, got " + types.get(j));
      }
    }
  }
}
