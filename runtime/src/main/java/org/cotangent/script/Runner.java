package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.script.Pos;
import org.cotangent.runtime.Backend;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Runs graphs on concrete values for the interpreter, as compiled code: each graph is compiled
 * once through the current {@link Backend} (programs are kept in the {@link TraceCache}). Also
 * gives the concrete value of an array that depends on no trace: a constant is its value; a large
 * top-level result that constant folding left symbolic is compiled and run as a graph with no
 * inputs.
 */
final class Runner {
  private final TraceCache cache;

  Runner(TraceCache cache) {
    this.cache = cache;
  }

  /** The value of a node that depends on no trace: folded already, or compiled and run. */
  Tensor concrete(Node n, Pos pos) {
    if (n.isConstant()) {
      return ((Constant) n.op()).value();
    }
    if (TraceContext.isTraced(n)) {
      throw pos.error("this value is traced (it depends on the arguments of a transformed"
          + " function) and has no concrete value here");
    }
    return run(new Graph(List.of(), List.of(), List.of(n)), List.of()).get(0);
  }

  /** {@code g} applied to arguments that depend on no trace; the results are constants. */
  List<Node> call(Graph g, List<Node> args, Pos pos) {
    List<Tensor> values = new ArrayList<>();
    for (Node a : args) {
      values.add(concrete(a, pos));
    }
    List<Tensor> out;
    try {
      out = run(g, values);
    } catch (IllegalStateException e) {
      // A while_loop past its max_steps (WhileLoop.pastMaxSteps), under any transformation.
      if (e.getMessage() != null && e.getMessage().startsWith("while_loop ran past max_steps=")) {
        throw pos.error(e.getMessage());
      }
      throw e;
    }
    List<Node> r = new ArrayList<>();
    for (Tensor t : out) {
      r.add(Constant.ofOwned(t)); // fresh arrays of the program's, so not copied
    }
    return r;
  }

  /** Runs {@code g} on concrete values with compiled code (compiled once per graph). */
  List<Tensor> run(Graph g, List<Tensor> values) {
    return cache.program(g, graph -> Backend.current().compile(graph)).call(values);
  }
}
