package org.cotangent;

import java.util.List;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;

/**
 * Reverse mode for one signature, as JAX does it: the function linearized into a forward program
 * {@code x -> (y..., residuals...)} and the transpose of its linear part, a backward program
 * {@code (residuals..., y_bar...) -> x_bar...}. {@link Cotangent#vjp} runs the forward program once
 * and keeps the residuals in the {@link Pullback}; each pullback call runs only the backward one.
 */
final class VjpPlan {
  final String fnName;
  final CompiledFunction forward;
  final CompiledFunction backward;
  /** The backward graph, for tracing a pullback (to differentiate through it). */
  final Graph backwardGraph;
  final int numOutputs;
  final int numResiduals;
  final List<TensorType> outputTypes;
  final List<String> cotangentNames;

  private VjpPlan(String fnName, CompiledFunction forward, CompiledFunction backward,
      Graph backwardGraph, int numOutputs, int numResiduals) {
    this.fnName = fnName;
    this.forward = forward;
    this.backward = backward;
    this.backwardGraph = backwardGraph;
    this.numOutputs = numOutputs;
    this.numResiduals = numResiduals;
    this.outputTypes = forward.outputTypes().subList(0, numOutputs);
    this.cotangentNames = backwardGraph.inputNames().subList(numResiduals,
        backwardGraph.arity());
  }

  static VjpPlan build(Fn f, Graph g) {
    org.cotangent.symbolic.ad.Linearize.Linearized lin = Ad.linearize(g);
    Graph back = Ad.transpose(lin.linear, g.arity());
    Backend backend = Backend.current();
    return new VjpPlan(f.name(), backend.compile(lin.primal), backend.compile(back), back,
        lin.numOutputs, lin.numResiduals);
  }
}
