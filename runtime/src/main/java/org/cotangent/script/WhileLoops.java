package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Provenance;

/**
 * The script's {@code while_loop(cond_fun, body_fun, init_val, max_steps=None)} (JAX's signature,
 * plus the bound that reverse mode may use to keep each step's carries), and {@code fori_loop}
 * with a traced bound, which becomes a while loop over {@code (i, carry)} as in JAX. Both
 * functions are traced once; the values they capture become consts of the loop (the predicate's,
 * then the body's). A loop that runs past {@code max_steps} is a positioned error ({@code
 * Runner.call}).
 */
final class WhileLoops {
  private WhileLoops() {}

  static void install(Env g) {
    g.define("while_loop", new Builtin("while_loop", "builtin:while_loop", WhileLoops::whileLoop));
  }

  static Object whileLoop(Evaluator ev, Args a) {
    a.expect(3, 4, "max_steps");
    Values.Callable condFun = Transforms.callable(a.get(0, "cond_fun"), a);
    Object b = a.get(1, "body_fun");
    if (!(b instanceof Values.Callable)) {
      throw a.pos.error("while_loop() body_fun must be a function, got " + Values.typeName(b));
    }
    Values.Callable bodyFun = (Values.Callable) b;
    Object init = a.get(2, "init_val");
    int maxSteps = maxSteps(a.opt(3, "max_steps", Values.NONE), a);
    List<Node> initLeaves = ControlFlow.leaves(init, a, "init_val");
    Traced tc = ev.trace(condFun, List.of(init), Transforms.argNames(condFun, 1), a.pos);
    Traced tb = ev.trace(bodyFun, List.of(init), Transforms.argNames(bodyFun, 1), a.pos);
    ControlFlow.checkCarry(init, initLeaves, tb.outTemplate, tb, "while_loop", "body_fun", a.pos);
    Node pred = tc.graph.outputs().size() == 1 ? tc.graph.output(0) : null;
    if (!(tc.outTemplate instanceof Node) || pred == null || pred.rank() != 0
        || pred.dtype().isComplex()) {
      throw a.pos.error("while_loop() cond_fun must return a real scalar (a bool, or a number"
          + " tested against 0), got " + Values.typeName(tc.outTemplate)
          + (tc.outTemplate instanceof Node ? " " + ((Node) tc.outTemplate).type() : ""));
    }
    int nc = initLeaves.size();
    List<Node> consts = new ArrayList<>(tc.free);
    consts.addAll(tb.free);
    List<TensorType> types = Pytree.types(consts);
    types.addAll(Pytree.types(initLeaves));
    List<String> names = new ArrayList<>();
    for (int k = 0; k < consts.size(); k++) {
      names.add("captured" + k);
    }
    names.addAll(tb.graph.inputNames().subList(0, nc));
    Graph cond = over(tc.graph, names, types, consts.size(), nc, 0, true);
    Graph body = over(tb.graph, names, types, consts.size(), nc, tc.free.size(), false);
    List<Node> args = new ArrayList<>(consts);
    args.addAll(initLeaves);
    int nConsts = consts.size();
    Graph loop = Graph.trace(names, types, ps -> WhileLoop.build(cond, body,
        ps.subList(0, nConsts), ps.subList(nConsts, ps.size()), maxSteps));
    return Pytree.rebuild(tb.outTemplate, ev.apply(loop, args, a.pos));
  }

  /**
   * {@code fori_loop(lower, upper, body_fun, init_val)} with a traced bound: a while loop over
   * {@code (i, carry)} from {@code i = lower} while {@code i < upper}, the upper bound a const.
   */
  static Object foriLoop(Evaluator ev, Args a) {
    a.expect(4, 4);
    Node lo = intBound(a.get(0, "lower"), a, "lower");
    Node hi = intBound(a.get(1, "upper"), a, "upper");
    Values.Callable f = Transforms.callable(a.get(2, "body_fun"), a);
    Object init = a.get(3, "init_val");
    List<Node> initLeaves = ControlFlow.leaves(init, a, "init_val");
    Node i0 = Ir.convert(Ir.constant(0.0), DType.I64);
    Traced t = ev.trace(f, List.of(i0, init), Transforms.argNames(f, 2), a.pos);
    ControlFlow.checkCarry(init, initLeaves, t.outTemplate, t, "fori_loop", "body_fun", a.pos);
    int nFree = t.free.size();
    int nc = initLeaves.size();
    // The loop: consts (upper, captured...), carries (i, carry...).
    List<Node> args = new ArrayList<>();
    args.add(hi);
    args.addAll(t.free);
    args.add(lo);
    args.addAll(initLeaves);
    List<TensorType> types = Pytree.types(args);
    List<String> names = new ArrayList<>();
    names.add("upper");
    for (int k = 0; k < nFree; k++) {
      names.add("captured" + k);
    }
    names.add("i");
    names.addAll(t.graph.inputNames().subList(1, 1 + nc));
    int nConsts = 1 + nFree;
    Graph cond = Graph.trace(names, types, ps -> List.of(Ir.lt(ps.get(nConsts), ps.get(0))));
    Graph body = Graph.trace(names, types, ps -> {
      List<Node> in = new ArrayList<>(ps.subList(nConsts, ps.size()));
      in.addAll(ps.subList(1, nConsts));
      List<Node> r = new ArrayList<>();
      r.add(Ir.add(ps.get(nConsts), Ir.convert(Ir.constant(1.0), DType.I64)));
      r.addAll(t.graph.call(in));
      return r;
    });
    Graph loop = Graph.trace(names, types, ps -> {
      List<Node> r = WhileLoop.build(cond, body, ps.subList(0, nConsts),
          ps.subList(nConsts, ps.size()), 0);
      return r.subList(1, r.size());
    });
    return Pytree.rebuild(t.outTemplate, ev.apply(loop, args, a.pos));
  }

  /** Whether a fori_loop bound is a traced value (then the loop is a while loop). */
  static boolean tracedBounds(Args a) {
    for (int i = 0; i < 2 && i < a.positional.size(); i++) {
      Object v = a.positional.get(i);
      if (v instanceof Node && TraceContext.isTraced((Node) v)) {
        return true;
      }
    }
    return false;
  }

  private static Node intBound(Object v, Args a, String what) {
    if (!(v instanceof Node) || ((Node) v).rank() != 0 || ((Node) v).dtype() != DType.I64) {
      throw a.pos.error("fori_loop() " + what + " must be an integer scalar, got "
          + Values.typeName(v) + (v instanceof Node ? " " + ((Node) v).type() : ""));
    }
    return (Node) v;
  }

  private static int maxSteps(Object v, Args a) {
    if (v == Values.NONE) {
      return 0;
    }
    if (v instanceof Node && TraceContext.isTraced((Node) v)) {
      throw a.pos.error("while_loop() max_steps must be a plain integer (it sizes the loop's"
          + " buffers), not a traced value");
    }
    int m = Values.intOf(v, a.pos);
    if (m <= 0) {
      throw a.pos.error("while_loop() max_steps must be a positive integer, got " + m);
    }
    return m;
  }

  /**
   * The traced {@code g} (inputs: its {@code nc} carry leaves, then its captured values) over the
   * loop's inputs {@code (consts..., carry...)}, its captured values at {@code freeAt} among the
   * consts; a predicate that is a number is tested against 0.
   */
  private static Graph over(Graph g, List<String> names, List<TensorType> types, int nConsts,
      int nc, int freeAt, boolean predicate) {
    List<Node> ps = Graph.params(types);
    List<Node> args = new ArrayList<>(ps.subList(nConsts, nConsts + nc));
    args.addAll(ps.subList(freeAt, freeAt + g.arity() - nc));
    Provenance prov = new Provenance();
    List<Node> outs = g.call(args, prov);
    if (predicate && outs.get(0).dtype() != DType.BOOL) {
      Node p = outs.get(0);
      outs = List.of(Ir.ne(p, Ir.full(0.0, p.type())));
    }
    return new Graph(names, types, outs, predicate ? null : g.outputNames(), prov);
  }
}
