package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Cond;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Scope;

/**
 * Loops and branches over {@link Sym} bodies, for functions traced from Java lambdas (JAX's
 * {@code lax.scan}, {@code fori_loop}, {@code while_loop} and {@code cond}): the body is traced once into a closed
 * sub-graph, whatever the trip count, so a 10^6-step loop is one loop in the graph and in the
 * generated code, and every transformation goes through it. A body may read values of the
 * enclosing function (they become inputs of the loop, as JAX's closure conversion makes them) and
 * may itself contain loops. {@link Cotangent#scan}, {@link Cotangent#forLoop} and {@link
 * Cotangent#whileLoop} and {@link Cotangent#cond} are the same methods.
 *
 * <pre>{@code
 * Fn euler = Fn.of((y0, k) ->
 *     Cotangent.forLoop(0, 1000, (i, y) -> y.sub(k.mul(y).mul(0.001)), y0));
 * }</pre>
 */
public final class Control {
  private Control() {}

  /** One step of a scan over one carry and one sequence: {@code (carry, x) -> {carry', y}}. */
  @FunctionalInterface
  public interface ScanStep {
    /** The next carry and this step's output, as a pair {@code {carry', y}}. */
    Sym[] apply(Sym carry, Sym x);
  }

  /** One step of a scan over several carries and sequences. */
  @FunctionalInterface
  public interface ScanBody {
    /** The next carries (of the types of {@code carry}) and this step's outputs. */
    Step apply(List<Sym> carry, List<Sym> x);
  }

  /**
   * What a step of a scan returns.
   *
   * @param carry the next carries, of the types of the initial ones
   * @param y the step's outputs, stacked by the scan along a new leading axis
   */
  public record Step(List<Sym> carry, List<Sym> y) {
    /** Copies the lists. */
    public Step {
      carry = List.copyOf(carry);
      y = List.copyOf(y);
    }
  }

  /**
   * What a scan returns.
   *
   * @param carry the final carries
   * @param ys the outputs of every step, stacked along a new leading axis (step {@code t} at
   *     index {@code t}, also for a reverse scan)
   */
  public record Scanned(List<Sym> carry, List<Sym> ys) {
    /** Copies the lists. */
    public Scanned {
      carry = List.copyOf(carry);
      ys = List.copyOf(ys);
    }
  }

  /** One step of a loop over an index: {@code (i, carry) -> carry'}, {@code i} an i64 scalar. */
  @FunctionalInterface
  public interface ForBody {
    /** The next carry, of the type of {@code carry}. */
    Sym apply(Sym i, Sym carry);
  }

  /** One step of a loop over an index with several carries. */
  @FunctionalInterface
  public interface ForBodyN {
    /** The next carries, of the types of {@code carry}. */
    List<Sym> apply(Sym i, List<Sym> carry);
  }

  // ------------------------------------------------------------------ scan

  /**
   * JAX's {@code scan(f, init, xs)} over the leading axis of {@code xs}: returns {@code {carry,
   * ys}}.
   */
  public static Sym[] scan(ScanStep f, Sym init, Sym xs) {
    Objects.requireNonNull(f, "f");
    Scanned r = scan((c, x) -> {
      Sym[] s = f.apply(c.get(0), x.get(0));
      if (s == null || s.length != 2) {
        throw new IllegalArgumentException("scan: the step must return {carry, y}, two values");
      }
      return new Step(List.of(s[0]), List.of(s[1]));
    }, List.of(init), List.of(xs), -1, false);
    return new Sym[] {r.carry().get(0), r.ys().get(0)};
  }

  /**
   * JAX's {@code scan(f, init, xs, length, reverse)}: {@code xs} may be empty if {@code length}
   * is given ({@code -1}: the leading size of the {@code xs}); with {@code reverse} the steps run
   * from the last index to the first.
   */
  public static Scanned scan(ScanBody f, List<Sym> init, List<Sym> xs, int length,
      boolean reverse) {
    return scan(f, init, xs, length, reverse, ScanPlan.ALL);
  }

  /**
   * {@link #scan(ScanBody, List, List, int, boolean)} with a residual plan for reverse mode:
   * {@link ScanPlan#ALL} (every step's residuals stored), {@link ScanPlan#CARRIES} (the carries
   * stored, each step recomputed) or {@link ScanPlan#segments} (two-level checkpointing); see
   * {@code docs/DESIGN.md} for the memory of each.
   */
  public static Scanned scan(ScanBody f, List<Sym> init, List<Sym> xs, int length,
      boolean reverse, ScanPlan plan) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(plan, "plan");
    List<Node> initN = nodes(init, "init");
    List<Node> xsN = nodes(xs, "xs");
    int n = length;
    for (Node x : xsN) {
      if (x.rank() == 0) {
        throw new IllegalArgumentException("scan: xs must have a leading axis to scan over, got a"
            + " scalar");
      }
      int d = x.type().shape().dim(0);
      if (n >= 0 && d != n) {
        throw new IllegalArgumentException("scan: " + (length >= 0 ? "length is " + length
            : "the xs have different leading sizes") + " but an xs has " + d + " steps");
      }
      n = d;
    }
    if (n < 0) {
      throw new IllegalArgumentException("scan: without xs, give the number of steps as length");
    }
    List<TensorType> types = new ArrayList<>(types(initN));
    for (Node x : xsN) {
      types.add(x.type().withShape(org.cotangent.symbolic.Shape.of(java.util.Arrays.copyOfRange(
          x.type().shape().dims(), 1, x.rank()))));
    }
    int nc = initN.size();
    int[] ny = {0};
    Closed body = close(types, ps -> {
      Step s = f.apply(syms(ps.subList(0, nc)), syms(ps.subList(nc, ps.size())));
      if (s == null) {
        throw new IllegalArgumentException("scan: the step returned null");
      }
      checkCarry("scan", initN, s.carry());
      ny[0] = s.y().size();
      List<Node> outs = new ArrayList<>(nodes(s.carry(), "carry"));
      outs.addAll(nodes(s.y(), "y"));
      return outs;
    });
    int steps = n;
    List<Node> out = call(() -> Scan.scan(body.graph, body.free, initN, xsN, steps, reverse,
        plan));
    return new Scanned(syms(out.subList(0, nc)), syms(out.subList(nc, out.size())));
  }

  // ------------------------------------------------------------------ fori_loop

  /**
   * JAX's {@code fori_loop(lo, hi, body, init)}: the carry after {@code body} ran for {@code i =
   * lo, ..., hi - 1} (none if {@code hi <= lo}).
   */
  public static Sym forLoop(int lo, int hi, ForBody body, Sym init) {
    Objects.requireNonNull(body, "body");
    return forLoop(lo, hi, (i, c) -> List.of(body.apply(i, c.get(0))), List.of(init)).get(0);
  }

  /** {@link #forLoop(int, int, ForBody, Sym)} with several carries. */
  public static List<Sym> forLoop(int lo, int hi, ForBodyN body, List<Sym> init) {
    Objects.requireNonNull(body, "body");
    List<Node> initN = nodes(init, "init");
    List<TensorType> types = new ArrayList<>();
    types.add(TensorType.of(DType.I64));
    types.addAll(types(initN));
    Closed g = close(types, ps -> {
      List<Sym> next = body.apply(Sym.of(ps.get(0)), syms(ps.subList(1, ps.size())));
      checkCarry("forLoop", initN, next);
      return nodes(next, "carry");
    });
    return syms(call(() -> Scan.foriLoop(lo, hi, g.graph, g.free, initN)));
  }

  // ------------------------------------------------------------------ while_loop

  /**
   * JAX's {@code while_loop(cond, body, init)}: applies {@code body} while {@code cond} (a real
   * or boolean scalar of the carry) holds. Reverse mode works (JAX refuses it): the reverse loop
   * recomputes each step's carry from the initial one; see {@link #whileLoop(Function,
   * UnaryOperator, Sym, int)} for the faster bounded form.
   */
  public static Sym whileLoop(Function<Sym, Sym> cond, UnaryOperator<Sym> body, Sym init) {
    return whileLoop(cond, body, init, 0);
  }

  /**
   * {@link #whileLoop(Function, UnaryOperator, Sym)} with at most {@code maxSteps} steps (0: no
   * bound): running past it is an error, and reverse mode keeps every step's carry (memory
   * {@code maxSteps} carries) instead of recomputing them.
   */
  public static Sym whileLoop(Function<Sym, Sym> cond, UnaryOperator<Sym> body, Sym init,
      int maxSteps) {
    Objects.requireNonNull(cond, "cond");
    Objects.requireNonNull(body, "body");
    return whileLoop(c -> cond.apply(c.get(0)), c -> List.of(body.apply(c.get(0))),
        List.of(init), maxSteps).get(0);
  }

  /** {@link #whileLoop(Function, UnaryOperator, Sym, int)} with several carries. */
  public static List<Sym> whileLoop(Function<List<Sym>, Sym> cond,
      UnaryOperator<List<Sym>> body, List<Sym> init, int maxSteps) {
    Objects.requireNonNull(cond, "cond");
    Objects.requireNonNull(body, "body");
    if (maxSteps < 0) {
      throw new IllegalArgumentException("whileLoop: maxSteps must be at least 0 (0: no bound),"
          + " got " + maxSteps);
    }
    List<Node> initN = nodes(init, "init");
    List<TensorType> types = types(initN);
    Closed c = close(types, ps -> {
      Sym p = Objects.requireNonNull(cond.apply(syms(ps)), "whileLoop: cond returned null");
      Node n = p.node();
      if (n.rank() != 0 || n.dtype().isComplex()) {
        throw new IllegalArgumentException("whileLoop: cond must return a real or boolean"
            + " scalar, got " + n.type());
      }
      return List.of(n.dtype() == DType.BOOL ? n : Ir.ne(n, Ir.full(0.0, n.type())));
    });
    Closed b = close(types, ps -> {
      List<Sym> next = body.apply(syms(ps));
      checkCarry("whileLoop", initN, next);
      return nodes(next, "carry");
    });
    // Both graphs take (consts..., carry...): the captures of cond, then those of body.
    List<Node> consts = new ArrayList<>(c.free);
    consts.addAll(b.free);
    List<TensorType> all = new ArrayList<>(types(consts));
    all.addAll(types);
    Graph cg = withConsts(c.graph, all, 0, c.free.size(), consts.size());
    Graph bg = withConsts(b.graph, all, c.free.size(), b.free.size(), consts.size());
    return syms(call(() -> WhileLoop.build(cg, bg, consts, initN, maxSteps)));
  }

  /**
   * {@code g} (its {@code count} captures, then the carries) over {@code types}: all the loop's
   * consts ({@code numConsts}, its own from {@code from}), then the carries.
   */
  private static Graph withConsts(Graph g, List<TensorType> types, int from, int count,
      int numConsts) {
    List<Node> ps = Graph.params(types);
    List<Node> in = new ArrayList<>(ps.subList(from, from + count));
    in.addAll(ps.subList(numConsts, ps.size()));
    return new Graph(Graph.defaultNames(types.size(), "x"), types, g.call(in));
  }

  // ------------------------------------------------------------------ checkpoint

  /**
   * JAX's {@code jax.checkpoint(f)(args)} inside a traced function: {@code f}'s values are not
   * kept for reverse mode but recomputed in the reverse sweep (only {@code args} are stored).
   * {@link Cotangent#checkpoint(Fn)} makes a checkpointed function of an {@link Fn}.
   */
  public static List<Sym> checkpoint(Function<List<Sym>, List<Sym>> f, List<Sym> args) {
    Objects.requireNonNull(f, "f");
    List<Node> in = nodes(args, "args");
    Closed c = close(types(in), ps -> nodes(f.apply(syms(ps)), "the result"));
    List<Node> all = new ArrayList<>(c.free);
    all.addAll(in);
    return syms(call(() -> ClosedCall.checkpoint(c.graph, all)));
  }

  // ------------------------------------------------------------------ cond

  /**
   * JAX's {@code cond(pred, onTrue, onFalse, operand)}: {@code onTrue(operand)} where the real
   * scalar {@code pred} is nonzero (or true), else {@code onFalse(operand)}. Both are traced and
   * return the same type; only the taken one contributes to derivatives (an untaken branch's
   * infinities never reach a gradient).
   */
  public static Sym cond(Sym pred, Function<Sym, Sym> onTrue, Function<Sym, Sym> onFalse,
      Sym operand) {
    Objects.requireNonNull(onTrue, "onTrue");
    Objects.requireNonNull(onFalse, "onFalse");
    return cond(pred, ops -> List.of(onTrue.apply(ops.get(0))),
        ops -> List.of(onFalse.apply(ops.get(0))), List.of(operand)).get(0);
  }

  /** {@link #cond(Sym, Function, Function, Sym)} with several operands and results. */
  public static List<Sym> cond(Sym pred, Function<List<Sym>, List<Sym>> onTrue,
      Function<List<Sym>, List<Sym>> onFalse, List<Sym> operands) {
    Objects.requireNonNull(pred, "pred");
    Node p = pred.node();
    if (p.rank() != 0 || p.dtype().isComplex()) {
      throw new IllegalArgumentException("cond: pred must be a real scalar, got " + p.type()
          + "; for an array of conditions use where(cond, a, b)");
    }
    Node index = p.dtype() == DType.BOOL ? p : Ir.ne(p, Ir.full(0.0, p.type()));
    List<Node> ops = nodes(operands, "operands");
    List<TensorType> types = types(ops);
    Closed f = close(types, ps -> nodes(onFalse.apply(syms(ps)), "onFalse's result"));
    Closed t = close(types, ps -> nodes(onTrue.apply(syms(ps)), "onTrue's result"));
    if (!types(f.graph.outputs()).equals(types(t.graph.outputs()))) {
      throw new IllegalArgumentException("cond: onTrue and onFalse must return the same types:"
          + " onTrue returned " + types(t.graph.outputs()) + ", onFalse "
          + types(f.graph.outputs()));
    }
    // Both branches take the operands, then the values either captured.
    List<Node> args = new ArrayList<>(ops);
    args.addAll(f.free);
    args.addAll(t.free);
    List<TensorType> all = types(args);
    Graph bf = widen(f.graph, all, ops.size(), ops.size());
    Graph bt = widen(t.graph, all, ops.size(), ops.size() + f.free.size());
    return syms(call(() -> Cond.cond(index, List.of(bf, bt), args)));
  }

  /** {@code g} over {@code types}: its {@code n} operands, then its captures at {@code at}. */
  private static Graph widen(Graph g, List<TensorType> types, int n, int at) {
    List<Node> ps = Graph.params(types);
    List<Node> in = new ArrayList<>(ps.subList(0, n));
    in.addAll(ps.subList(at, at + g.arity() - n));
    return new Graph(Graph.defaultNames(types.size(), "x"), types, g.call(in));
  }

  // ------------------------------------------------------------------ closing a body

  /** Nesting of bodies being traced on this thread, for the scopes of their parameters. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[] {0});
  /** Far above the script interpreter's trace depths, so the two never meet. */
  private static final int BASE = 1 << 20;

  /**
   * A body traced on fresh parameters, closed: its graph takes the values it captured from
   * enclosing functions first ({@code free}, in order), then its own parameters.
   */
  record Closed(Graph graph, List<Node> free) {}

  static Closed close(List<TensorType> types,
      Function<List<Node>, List<Node>> body) {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      Scope scope = Scope.trace(BASE + depth[0]);
      List<Node> own = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        own.add(Param.node(scope, i, types.get(i)));
      }
      List<Node> outs;
      try {
        outs = body.apply(own);
      } catch (IrException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      org.cotangent.symbolic.control.BodyClosure c =
          org.cotangent.symbolic.control.BodyClosure.of(own, types, outs);
      List<Node> closed = Graph.substitute(outs, c.substitution(), null, null);
      return new Closed(new Graph(Graph.defaultNames(c.types.size(), "x"), c.types, closed),
          c.free);
    } finally {
      depth[0]--;
    }
  }

  private static void checkCarry(String fn, List<Node> init, List<Sym> next) {
    if (next == null || next.size() != init.size()) {
      throw new IllegalArgumentException(fn + ": the body must return " + init.size()
          + " carr" + (init.size() == 1 ? "y" : "ies") + ", got "
          + (next == null ? "null" : String.valueOf(next.size())));
    }
    for (int k = 0; k < init.size(); k++) {
      TensorType want = init.get(k).type();
      TensorType got = Objects.requireNonNull(next.get(k), fn + ": carry " + k + " is null")
          .type();
      if (!want.equals(got)) {
        throw new IllegalArgumentException(fn + ": the body must return each carry with its"
            + " initial type: carry " + k + " starts as " + want + " but the body returned "
            + got + (want.dtype() == DType.I64 && got.dtype() == DType.F64
                ? "; an integer start makes an i64 carry: start from a double" : ""));
      }
    }
  }

  private static List<Node> call(java.util.function.Supplier<List<Node>> f) {
    try {
      return f.get();
    } catch (IrException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static List<Node> nodes(List<Sym> xs, String what) {
    Objects.requireNonNull(xs, what);
    List<Node> out = new ArrayList<>(xs.size());
    for (Sym x : xs) {
      out.add(Objects.requireNonNull(x, what + " holds null").node());
    }
    return out;
  }

  static List<Sym> syms(List<Node> xs) {
    List<Sym> out = new ArrayList<>(xs.size());
    for (Node x : xs) {
      out.add(Sym.of(x));
    }
    return out;
  }

  static List<TensorType> types(List<Node> xs) {
    List<TensorType> out = new ArrayList<>(xs.size());
    for (Node x : xs) {
      out.add(x.type());
    }
    return out;
  }
}
