package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Provenance;

/**
 * The loop built-ins of the script language, with JAX's signatures: {@code scan(f, init, xs=None,
 * length=None, reverse=False, plan="all", snapshots=None)} returns {@code (carry, ys)} (the plan:
 * what reverse mode stores, {@link ScanPlan}), {@code checkpoint(f)} / {@code remat(f)}, and
 * {@code fori_loop(lower, upper, body_fun, init_val)} with static bounds (a scan). The function is traced once into the loop's
 * body, whatever the trip count; values it captures from an enclosing trace become consts of the
 * loop. At the top level the loop is compiled and run; inside a trace it is a node like any other,
 * so loops nest and every transformation goes through them.
 */
final class ControlFlow {
  private ControlFlow() {}

  static void install(Env g) {
    g.define("scan", new Builtin("scan", "builtin:scan", ControlFlow::scan));
    g.define("fori_loop", new Builtin("fori_loop", "builtin:fori_loop", ControlFlow::foriLoop));
    g.define("cond", new Builtin("cond", "builtin:cond", ControlFlow::cond));
    WhileLoops.install(g);
    g.define("checkpoint", new Builtin("checkpoint", "builtin:checkpoint", ControlFlow::checkpoint));
    g.define("remat", new Builtin("remat", "builtin:remat", ControlFlow::checkpoint));
  }

  /** {@code f} called with a trailing {@code None} (scan's {@code x} when there are no xs). */
  private static Values.Callable withNone(Values.Callable f) {
    return new Values.Callable() {
      @Override
      public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
        return f.call(ev, List.of(args.get(0), Values.NONE), kwargs, pos);
      }

      @Override
      public String name() {
        return f.name();
      }

      @Override
      public Object cacheKey(TraceCache cache) {
        return TraceCache.derived("with_none", f.cacheKey(cache));
      }
    };
  }

  static Object scan(Evaluator ev, Args a) {
    a.expect(2, 7, "xs", "length", "reverse", "plan", "snapshots");
    Values.Callable f = Transforms.callable(a.get(0, "f"), a);
    Object init = a.get(1, "init");
    Object xs = a.opt(2, "xs", Values.NONE);
    Object lengthArg = a.opt(3, "length", Values.NONE);
    boolean reverse = ev.truth(a.opt(4, "reverse", Values.bool(false)), a.pos);
    ScanPlan plan = plan(a.opt(5, "plan", "all"), a.opt(6, "snapshots", Values.NONE), a);
    List<Node> initLeaves = leaves(init, a, "init");
    List<Node> xsLeaves = xs == Values.NONE ? List.of() : leaves(xs, a, "xs");
    int length = -1;
    String lengthFrom = null;
    for (Node x : xsLeaves) {
      if (x.rank() == 0) {
        throw a.pos.error("scan() xs must be arrays with a leading axis to scan over, got a scalar;"
            + " pass length= and xs=None to loop without xs");
      }
      int n = x.type().shape().dim(0);
      if (length >= 0 && n != length) {
        throw a.pos.error("scan() xs have different leading sizes: " + lengthFrom + " and " + n);
      }
      length = n;
      lengthFrom = String.valueOf(n);
    }
    if (lengthArg != Values.NONE) {
      int l = Values.intOf(lengthArg, a.pos);
      if (l < 0) {
        throw a.pos.error("scan() length must be at least 0, got " + l);
      }
      if (length >= 0 && l != length) {
        throw a.pos.error("scan() length=" + l + " but the xs have " + length + " steps");
      }
      length = l;
    }
    if (length < 0) {
      throw a.pos.error("scan() needs xs or length= to know how many steps to run");
    }
    List<Node> slices = new ArrayList<>();
    for (Node x : xsLeaves) {
      slices.add(Ir.zeros(x.type().withShape(dropLeading(x.type()))));
    }
    Traced t;
    List<String> names = Transforms.argNames(f, 2);
    if (xs == Values.NONE) {
      t = ev.trace(withNone(f), List.of(init), names.subList(0, 1), a.pos);
    } else {
      t = ev.trace(f, List.of(init, Pytree.rebuild(xs, slices)), names, a.pos);
    }
    List<Object> out = Values.items(t.outTemplate);
    if (!(t.outTemplate instanceof Values.Tuple) || out.size() != 2) {
      throw a.pos.error("scan() f must return a pair (carry, y), got " + Values.typeName(t.outTemplate));
    }
    int nc = initLeaves.size();
    checkCarry(init, initLeaves, out.get(0), t, "scan", "f", a.pos);
    int nFree = t.free.size();
    int nx = xsLeaves.size();
    Graph body = reorder(t.graph, nFree, 0, nc + nx);
    List<Node> args = new ArrayList<>(t.free);
    args.addAll(initLeaves);
    args.addAll(xsLeaves);
    int steps = length;
    Graph loop = Graph.trace(loopNames(body), Pytree.types(args), ps -> Scan.scan(body,
        ps.subList(0, nFree), ps.subList(nFree, nFree + nc), ps.subList(nFree + nc, ps.size()),
        steps, reverse, plan));
    List<Node> results = ev.apply(loop, args, a.pos);
    return new Values.Tuple(List.of(Pytree.rebuild(out.get(0), results.subList(0, nc)),
        Pytree.rebuild(out.get(1), results.subList(nc, results.size()))));
  }

  /**
   * The residual plan of {@code scan(..., plan=, snapshots=)}: {@code "all"} (the default),
   * {@code "carries"}, or {@code "segments"} or {@code "revolve"} (binomial checkpointing) with
   * {@code snapshots} stored carries.
   */
  private static final String PLANS = "\"all\", \"carries\", \"segments\" or \"revolve\"";

  private static ScanPlan plan(Object name, Object snapshots, Args a) {
    if (!(name instanceof String)) {
      throw a.pos.error("scan() plan must be a string, " + PLANS + ", got "
          + Values.typeName(name));
    }
    switch ((String) name) {
      case "all":
      case "carries":
        if (snapshots != Values.NONE) {
          throw a.pos.error("scan() snapshots= is for plan=\"segments\" or \"revolve\"; plan=\"" + name
              + "\" stores " + (name.equals("all") ? "every step's residuals" : "every carry"));
        }
        return name.equals("all") ? ScanPlan.ALL : ScanPlan.CARRIES;
      case "segments":
      case "revolve":
        if (snapshots == Values.NONE) {
          throw a.pos.error("scan() plan=\"" + name + "\" needs snapshots=, the number of"
              + " carries to store");
        }
        int s = Values.intOf(snapshots, a.pos);
        if (s < 1) {
          throw a.pos.error("scan() snapshots must be at least 1, got " + s);
        }
        return name.equals("segments") ? ScanPlan.segments(s) : ScanPlan.revolve(s);
      default:
        throw a.pos.error("scan() plan must be " + PLANS + ", got \"" + name + "\"");
    }
  }

  /**
   * {@code checkpoint(f)} and {@code remat(f)} (JAX's {@code jax.checkpoint}, saving nothing):
   * {@code f} itself, whose inside reverse mode recomputes instead of storing.
   */
  static Object checkpoint(Evaluator ev, Args a) {
    if (!a.keywords.isEmpty()) {
      throw a.pos.error(a.fn + "() takes only the function: the policy is JAX's default for"
          + " checkpoints, save nothing (" + String.join(", ", a.keywords.keySet())
          + " is not supported)");
    }
    a.expect(1, 1);
    return new Checkpointed(Transforms.callable(a.get(0, "fun"), a), a.fn);
  }

  /** A function whose calls are checkpoints. */
  static final class Checkpointed implements Values.Callable {
    final Values.Callable f;
    final String kind;

    Checkpointed(Values.Callable f, String kind) {
      this.f = f;
      this.kind = kind;
    }

    @Override
    public String name() {
      return kind + "(" + f.name() + ")";
    }

    @Override
    public Object cacheKey(TraceCache cache) {
      return TraceCache.derived("checkpoint", f.cacheKey(cache));
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(name() + " takes positional arguments only");
      }
      Traced t = ev.trace(f, args, Transforms.argNames(f, args.size()), pos);
      Graph body = t.graph;
      Graph call = Graph.trace(body.inputNames(), body.inputTypes(),
          ps -> ClosedCall.checkpoint(body, ps));
      return Pytree.rebuild(t.outTemplate, ev.apply(call, Transforms.inputs(args, t), pos));
    }
  }

  static Object foriLoop(Evaluator ev, Args a) {
    if (WhileLoops.tracedBounds(a)) {
      return WhileLoops.foriLoop(ev, a);
    }
    a.expect(4, 4);
    int lo = staticBound(a.get(0, "lower"), a, "lower");
    int hi = staticBound(a.get(1, "upper"), a, "upper");
    Values.Callable f = Transforms.callable(a.get(2, "body_fun"), a);
    Object init = a.get(3, "init_val");
    List<Node> initLeaves = leaves(init, a, "init_val");
    Node i0 = Ir.convert(Ir.constant(0.0), DType.I64);
    List<String> names = Transforms.argNames(f, 2);
    Traced t = ev.trace(f, List.of(i0, init), names, a.pos);
    checkCarry(init, initLeaves, t.outTemplate, t, "fori_loop", "body_fun", a.pos);
    int nFree = t.free.size();
    int nc = initLeaves.size();
    Graph body = reorder(t.graph, nFree, 0, 1 + nc);
    List<Node> args = new ArrayList<>(t.free);
    args.addAll(initLeaves);
    List<TensorType> types = Pytree.types(args);
    List<String> loopNames = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      loopNames.add(k < nFree ? "captured" + k : "init" + (k - nFree));
    }
    Graph loop = Graph.trace(loopNames, types, ps -> Scan.foriLoop(lo, hi, body,
        ps.subList(0, nFree), ps.subList(nFree, ps.size())));
    return Pytree.rebuild(t.outTemplate, ev.apply(loop, args, a.pos));
  }

  /**
   * {@code cond(pred, true_fun, false_fun, *operands)}: {@code true_fun(*operands)} if the
   * scalar {@code pred} is true, else {@code false_fun(*operands)}; both are traced, return the
   * same structure, shapes and dtypes, and only the taken one contributes to derivatives.
   */
  static Object cond(Evaluator ev, Args a) {
    if (!a.keywords.isEmpty()) {
      throw a.pos.error("cond() takes positional arguments only: cond(pred, true_fun, false_fun,"
          + " *operands)");
    }
    a.expect(3, Integer.MAX_VALUE);
    Object p = a.get(0, "pred");
    if (!(p instanceof Node) || ((Node) p).type().size() != 1 || ((Node) p).rank() != 0
        || ((Node) p).dtype().isComplex()) {
      throw a.pos.error("cond() pred must be a real scalar (a bool, or a number tested against 0),"
          + " got " + Values.typeName(p) + (p instanceof Node ? " " + ((Node) p).type() : "")
          + "; for an array of conditions use where(cond, a, b)");
    }
    Node pred = (Node) p;
    Node index = pred.dtype() == DType.BOOL ? pred
        : Ir.ne(pred, Ir.full(0.0, pred.type()));
    Values.Callable onTrue = Transforms.callable(a.get(1, "true_fun"), a);
    Object f = a.get(2, "false_fun");
    if (!(f instanceof Values.Callable)) {
      throw a.pos.error("cond() false_fun must be a function, got " + Values.typeName(f));
    }
    Values.Callable onFalse = (Values.Callable) f;
    List<Object> operands = new ArrayList<>(a.positional.subList(3, a.positional.size()));
    List<Node> leaves = leaves(new Values.Tuple(operands), a, "operands");
    Traced tf = ev.trace(onFalse, operands, Transforms.argNames(onFalse, operands.size()), a.pos);
    Traced tt = ev.trace(onTrue, operands, Transforms.argNames(onTrue, operands.size()), a.pos);
    String sf = Pytree.signature(tf.outTemplate);
    String st = Pytree.signature(tt.outTemplate);
    if (!sf.equals(st)) {
      throw a.pos.error("cond() true_fun and false_fun must return the same structure, shapes and"
          + " dtypes: true_fun returned " + st + ", false_fun " + sf);
    }
    int n = leaves.size();
    List<Node> args = new ArrayList<>(leaves);
    args.addAll(tf.free);
    args.addAll(tt.free);
    List<TensorType> types = Pytree.types(args);
    List<String> names = new ArrayList<>(tf.graph.inputNames().subList(0, n));
    for (int k = n; k < args.size(); k++) {
      names.add("captured" + (k - n));
    }
    Graph bf = branch(tf.graph, names, types, n, n);
    Graph bt = branch(tt.graph, names, types, n, n + tf.free.size());
    List<TensorType> loopTypes = new ArrayList<>();
    loopTypes.add(index.type());
    loopTypes.addAll(types);
    List<String> loopNames = new ArrayList<>();
    loopNames.add("pred");
    loopNames.addAll(names);
    Graph g = Graph.trace(loopNames, loopTypes, ps -> org.cotangent.symbolic.control.Cond.cond(
        ps.get(0), List.of(bf, bt), ps.subList(1, ps.size())));
    List<Node> in = new ArrayList<>();
    in.add(index);
    in.addAll(args);
    return Pytree.rebuild(tt.outTemplate, ev.apply(g, in, a.pos));
  }

  /**
   * A branch over all the operands of a cond ({@code types}): the traced graph {@code g} reads the
   * {@code n} operand leaves and its own captured values, which are at {@code freeAt}.
   */
  private static Graph branch(Graph g, List<String> names, List<TensorType> types, int n,
      int freeAt) {
    List<Node> ps = Graph.params(types);
    List<Node> args = new ArrayList<>(ps.subList(0, n));
    args.addAll(ps.subList(freeAt, freeAt + g.arity() - n));
    Provenance prov = new Provenance();
    List<Node> outs = g.call(args, prov);
    return new Graph(names, types, outs, g.outputNames(), prov);
  }

  private static int staticBound(Object v, Args a, String what) {
    if (v instanceof Node && TraceContext.isTraced((Node) v)) {
      throw a.pos.error("fori_loop() " + what + " depends on a traced value"); // see WhileLoops
    }
    return Values.intOf(v, a.pos);
  }

  static List<Node> leaves(Object v, Args a, String what) {
    try {
      return Pytree.leaves(v);
    } catch (org.cotangent.symbolic.IrException e) {
      throw a.pos.error(a.fn + "() " + what + " must be an array or a tuple, list or dict of"
          + " arrays, got " + Values.typeName(v));
    }
  }

  /** The carry that the function returned has the structure, shapes and dtypes of the initial one. */
  static void checkCarry(Object init, List<Node> initLeaves, Object carryOut, Traced t,
      String fn, String fname, Pos pos) {
    String want = Pytree.signature(init);
    String got;
    try {
      got = Pytree.signature(carryOut);
    } catch (RuntimeException e) {
      got = Values.typeName(carryOut);
    }
    if (!want.equals(got)) {
      String hint = "";
      for (int k = 0; k < initLeaves.size() && k < t.graph.outputs().size(); k++) {
        if (initLeaves.get(k).dtype() == DType.I64
            && t.graph.output(k).dtype() == DType.F64) {
          hint = "; an integer start such as 0 makes an i64 carry: write 0.0 for a float one";
        }
      }
      throw pos.error(fn + "() " + fname + " must return a carry of the same structure, shapes and"
          + " dtypes as the initial one: it starts as " + want + " but " + fname + " returned "
          + got + hint);
    }
  }

  /**
   * {@code g} (inputs: its {@code count} leaves from {@code first}, then {@code nFree} captured
   * values) with the captured values first: a loop body, consts before carries.
   */
  private static Graph reorder(Graph g, int nFree, int first, int count) {
    int n = g.arity();
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int[] from = new int[n];
    for (int k = 0; k < nFree; k++) {
      from[k] = count + k;
    }
    for (int k = 0; k < count; k++) {
      from[nFree + k] = first + k;
    }
    for (int k = 0; k < n; k++) {
      types.add(g.inputTypes().get(from[k]));
      names.add(g.inputNames().get(from[k]));
    }
    List<Node> ps = Graph.params(types);
    Node[] args = new Node[n];
    for (int k = 0; k < n; k++) {
      args[from[k]] = ps.get(k);
    }
    Provenance prov = new Provenance();
    List<Node> outs = g.call(java.util.Arrays.asList(args), prov);
    return new Graph(names, types, outs, g.outputNames(), prov);
  }

  private static List<String> loopNames(Graph body) {
    return body.inputNames();
  }

  private static org.cotangent.symbolic.Shape dropLeading(TensorType t) {
    int[] d = t.shape().dims();
    return org.cotangent.symbolic.Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
  }
}
