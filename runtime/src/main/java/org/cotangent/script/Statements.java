package org.cotangent.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Pos;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.frontend.script.Stmt;
import org.cotangent.frontend.script.Target;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.ir.Node;

/**
 * The statements {@code for}, {@code while} and {@code if}. Where no transformation is tracing
 * (every value is concrete) they run as in Python. Inside a trace they become the loop and branch
 * primitives, so a loop is one loop in the graph whatever its trip count: {@code for i in
 * range(...)} a {@code fori_loop}, {@code for x in xs} over an array a {@code scan} over its
 * leading axis, {@code while} a {@code while_loop}, and an {@code if} on a traced condition a
 * {@code cond}. The names a traced loop or branch assigns that were bound before it are its carries
 * (its operands, for an {@code if}); they keep their shapes and dtypes. A name first assigned inside
 * a traced loop, or in only one branch of a traced {@code if}, does not exist after it. Iterating
 * over a tuple or list, and an {@code if} on a concrete condition, run the body as Python does in
 * both cases (the structure is static).
 */
final class Statements {
  private Statements() {}

  // ------------------------------------------------------------------ for

  static void execFor(Evaluator ev, Stmt.For s) {
    Object it = iterable(ev, s);
    if (it instanceof Range r) {
      if (ev.traces.depth() == 0) {
        for (long i = r.lo; r.step > 0 ? i < r.hi : i > r.hi; i += r.step) {
          ev.bindTarget(rangeTarget(s), Values.intConst(i));
          runLoopBody(ev, s.body());
        }
      } else {
        tracedRange(ev, s, r);
      }
      return;
    }
    if (it instanceof TracedRange r) {
      Target target = rangeTarget(s);
      Env outer = ev.env();
      List<String> carries = carries(outer, s.body(), targetNames(target), s.pos(), "for loop");
      Body body = new Body(ev, outer, carries, s.body(), "for loop", s.pos()) {
        @Override
        void bindStep(Env local, List<Object> args) {
          local.define(((Target.Var) target).name(), args.get(0));
        }
      };
      Object out = ControlFlow.foriLoop(ev, new Args("for loop",
          List.of(r.lo(), r.hi(), body, values(outer, carries)), Map.of(), s.pos()));
      bindAll(ev, carries, out);
      ev.noteLocals(body.locals, s.pos(), "for loop");
      return;
    }
    List<Object> items = Values.items(it);
    if (items != null) {
      for (Object x : List.copyOf(items)) {
        ev.bindTarget(s.target(), x);
        runLoopBody(ev, s.body());
      }
      return;
    }
    Node xs = (Node) it;
    int n = xs.type().shape().dim(0);
    if (ev.traces.depth() == 0) {
      for (int k = 0; k < n; k++) {
        ev.bindTarget(s.target(), Np.index(xs, 0, k));
        runLoopBody(ev, s.body());
      }
      return;
    }
    tracedScan(ev, s, xs);
  }

  /** A {@code range(lo, hi, step)} with concrete bounds. */
  private record Range(long lo, long hi, long step) {
    long count() {
      long span = step > 0 ? hi - lo : lo - hi;
      long st = Math.abs(step);
      return span <= 0 ? 0 : (span + st - 1) / st;
    }
  }

  private static Object iterable(Evaluator ev, Stmt.For s) {
    Expr e = s.iterable();
    if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name n && n.id().equals("range")
        && ev.env().lookup("range") == null) {
      if (!c.keywords().isEmpty() || c.args().isEmpty() || c.args().size() > 3) {
        throw c.pos().error("range() takes 1 to 3 integers: range(stop), range(start, stop) or"
            + " range(start, stop, step)");
      }
      long[] b = new long[c.args().size()];
      for (int k = 0; k < b.length; k++) {
        Object v = ev.eval(c.args().get(k));
        if (v instanceof Node && TraceContext.isTraced((Node) v)) {
          return tracedRange(ev, c);
        }
        if (!(v instanceof Node) || ((Node) v).dtype() != DType.I64 || ((Node) v).rank() != 0) {
          throw c.args().get(k).pos().error("range() takes integers, got " + Values.typeName(v));
        }
        b[k] = Values.intOf(v, c.args().get(k).pos());
      }
      long lo = b.length == 1 ? 0 : b[0];
      long hi = b.length == 1 ? b[0] : b[1];
      long step = b.length == 3 ? b[2] : 1;
      if (step == 0) {
        throw c.args().get(2).pos().error("range() step must not be zero");
      }
      return new Range(lo, hi, step);
    }
    Object v = ev.eval(e);
    if (Values.items(v) != null) {
      return v;
    }
    if (v instanceof Node && ((Node) v).rank() > 0) {
      return v;
    }
    throw e.pos().error("a for loop iterates over range(...), an array (along its first axis), a"
        + " tuple or a list, not " + Values.typeName(v));
  }

  /** A {@code range(lo, hi)} whose bounds are traced: a fori_loop with traced bounds. */
  private record TracedRange(Node lo, Node hi) {}

  private static Object tracedRange(Evaluator ev, Expr.Call c) {
    if (c.args().size() == 3) {
      throw c.args().get(2).pos().error("range() with a traced bound takes no step: write"
          + " range(start, stop)");
    }
    Object lo = c.args().size() == 1 ? Values.intConst(0) : ev.eval(c.args().get(0));
    Object hi = ev.eval(c.args().get(c.args().size() - 1));
    for (Object v : List.of(lo, hi)) {
      if (!(v instanceof Node) || ((Node) v).dtype() != DType.I64 || ((Node) v).rank() != 0) {
        throw c.pos().error("range() takes integers, got " + Values.typeName(v));
      }
    }
    return new TracedRange((Node) lo, (Node) hi);
  }

  private static Target rangeTarget(Stmt.For s) {
    if (!(s.target() instanceof Target.Var)) {
      throw s.target().pos().error("range() gives one integer per step: loop over it with one"
          + " name, for i in range(n)");
    }
    return s.target();
  }

  private static void runLoopBody(Evaluator ev, List<Stmt> body) {
    ev.runBlock(body, ev.env());
  }

  private static void tracedRange(Evaluator ev, Stmt.For s, Range r) {
    Target target = rangeTarget(s);
    Env outer = ev.env();
    List<String> carries = carries(outer, s.body(), targetNames(target), s.pos(), "for loop");
    Values.Tuple init = values(outer, carries);
    Body body = new Body(ev, outer, carries, s.body(), "for loop", s.pos()) {
      @Override
      void bindStep(Env local, List<Object> args) {
        Node k = (Node) args.get(0);
        Node i = Ir.add(Ir.mul(k, Values.intConst(r.step)), Values.intConst(r.lo));
        local.define(((Target.Var) target).name(), i);
      }
    };
    Object out = ControlFlow.foriLoop(ev, new Args("for loop",
        List.of(Values.intConst(0), Values.intConst(r.count()), body, init), Map.of(), s.pos()));
    bindAll(ev, carries, out);
    if (r.count() > 0) {
      ev.bindTarget(target, Values.intConst(r.lo + (r.count() - 1) * r.step));
    }
    ev.noteLocals(body.locals, s.pos(), "for loop");
  }

  private static void tracedScan(Evaluator ev, Stmt.For s, Node xs) {
    Env outer = ev.env();
    List<String> carries = carries(outer, s.body(), targetNames(s.target()), s.pos(), "for loop");
    Values.Tuple init = values(outer, carries);
    Body body = new Body(ev, outer, carries, s.body(), "for loop", s.pos()) {
      @Override
      void bindStep(Env local, List<Object> args) {
        ev.bindIn(local, s.target(), args.get(1));
      }

      @Override
      int carriedArg() {
        return 0;
      }

      @Override
      Object result(Values.Tuple carried) {
        return new Values.Tuple(List.of(carried, new Values.Tuple(List.of())));
      }
    };
    Object out = ControlFlow.scan(ev, new Args("for loop", List.of(body, init, xs), Map.of(),
        s.pos()));
    bindAll(ev, carries, Values.items(out).get(0));
    ev.bindTarget(s.target(), Np.index(xs, 0, xs.type().shape().dim(0) - 1));
    ev.noteLocals(body.locals, s.pos(), "for loop");
  }

  // ------------------------------------------------------------------ while

  static void execWhile(Evaluator ev, Stmt.While s) {
    if (ev.traces.depth() == 0) {
      while (ev.truth(ev.eval(s.condition()), s.condition().pos())) {
        runLoopBody(ev, s.body());
      }
      return;
    }
    Env outer = ev.env();
    List<String> carries = carries(outer, s.body(), Set.of(), s.pos(), "while loop");
    Values.Tuple init = values(outer, carries);
    Body body = new Body(ev, outer, carries, s.body(), "while loop", s.pos()) {
      @Override
      void bindStep(Env local, List<Object> args) {}

      @Override
      int carriedArg() {
        return 0;
      }
    };
    Values.Callable cond = new Values.Callable() {
      @Override
      public Object call(Evaluator e, List<Object> args, Map<String, Object> kwargs, Pos pos) {
        Env local = new Env(outer);
        List<Object> in = Values.items(args.get(0));
        for (int k = 0; k < carries.size(); k++) {
          local.define(carries.get(k), in.get(k));
        }
        Object c = ev.evalIn(local, s.condition());
        if (!(c instanceof org.cotangent.symbolic.ir.Node n) || n.rank() != 0
            || n.dtype().isComplex()) {
          throw s.condition().pos().error("the condition of a while loop must be a real scalar,"
              + " got " + Values.typeName(c));
        }
        return c;
      }

      @Override
      public String name() {
        return "while condition";
      }
    };
    Object out = WhileLoops.whileLoop(ev, new Args("while loop", List.of(cond, body, init),
        Map.of(), s.pos()));
    bindAll(ev, carries, out);
    ev.noteLocals(body.locals, s.pos(), "while loop");
  }

  // ------------------------------------------------------------------ if

  /** Runs an if; returns what it returned when every branch returns, else null. */
  static Object execIf(Evaluator ev, Stmt.If s) {
    Object c = ev.eval(s.condition());
    if (!(c instanceof Node) || !TraceContext.isTraced((Node) c)) {
      Object r = ev.runBlock(ev.truth(c, s.condition().pos()) ? s.then() : s.orElse(), ev.env());
      return r == Evaluator.FELL_THROUGH ? null : r;
    }
    Node pred = (Node) c;
    if (pred.rank() != 0 || pred.dtype().isComplex()) {
      throw s.condition().pos().error("the condition of an if must be a real scalar, got "
          + Values.typeName(c) + "; for an array of conditions use where(cond, a, b)");
    }
    Env outer = ev.env();
    Set<String> inThen = assigned(s.then());
    Set<String> inElse = assigned(s.orElse());
    List<String> operands = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Set<String> local = new LinkedHashSet<>();
    Set<String> all = new LinkedHashSet<>(inThen);
    all.addAll(inElse);
    for (String n : all) {
      if (outer.lookup(n) != null) {
        checkCarriable(n, outer.lookup(n), s.pos(), "if");
        operands.add(n);
        outputs.add(n);
      } else if (inThen.contains(n) && inElse.contains(n)) {
        outputs.add(n);
      } else {
        local.add(n);
      }
    }
    boolean returns = s.returns();
    Map<String, String> types = new LinkedHashMap<>();
    Values.Callable onTrue = branch(ev, outer, s.then(), operands, outputs, returns, "if block",
        types);
    Values.Callable onFalse = branch(ev, outer, s.orElse(), operands, outputs, returns,
        "else block", types);
    Object out;
    try {
      out = ControlFlow.cond(ev, new Args("if", List.of(pred, onTrue, onFalse,
          values(outer, operands)), Map.of(), s.pos()));
    } catch (ScriptError e) {
      if (!e.message().startsWith("cond() true_fun and false_fun")) {
        throw e;
      }
      throw s.pos().error("the branches of this if give " + (returns ? "return values"
          : "the names it assigns") + " different types: " + types.get("if block")
          + " in the if block, " + types.get("else block") + " in the else block; a traced if"
          + " needs the same shapes and dtypes from both branches");
    }
    if (returns) {
      return out;
    }
    bindAll(ev, outputs, out);
    ev.noteLocals(local, s.pos(), "one branch of the if");
    return null;
  }

  private static Values.Callable branch(Evaluator ev, Env outer, List<Stmt> stmts,
      List<String> operands, List<String> outputs, boolean returns, String label,
      Map<String, String> types) {
    return new Values.Callable() {
      @Override
      public Object call(Evaluator e, List<Object> args, Map<String, Object> kwargs, Pos pos) {
        Env local = new Env(outer);
        List<Object> in = Values.items(args.get(0));
        for (int k = 0; k < operands.size(); k++) {
          local.define(operands.get(k), in.get(k));
        }
        Object r = ev.runBlock(stmts, local);
        Object out;
        if (returns) {
          out = r;
        } else {
          List<Object> vs = new ArrayList<>();
          for (String n : outputs) {
            vs.add(local.lookup(n));
          }
          out = new Values.Tuple(vs);
        }
        types.put(label, describe(returns ? null : outputs, out));
        return out;
      }

      @Override
      public String name() {
        return label;
      }
    };
  }

  private static String describe(List<String> names, Object out) {
    if (names == null) {
      return safeSignature(out);
    }
    List<Object> vs = Values.items(out);
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < names.size(); k++) {
      b.append(k == 0 ? "" : ", ").append(names.get(k)).append(": ").append(safeSignature(vs.get(k)));
    }
    return b.toString();
  }

  private static String safeSignature(Object v) {
    try {
      return Pytree.signature(v);
    } catch (RuntimeException e) {
      return Values.typeName(v);
    }
  }

  // ------------------------------------------------------------------ shared

  /** The body of a traced loop as a function of (step value, carries) returning the carries. */
  private abstract static class Body implements Values.Callable {
    final Evaluator ev;
    final Env outer;
    final List<String> carries;
    final List<Stmt> stmts;
    final String label;
    final Pos pos;
    final Set<String> locals = new LinkedHashSet<>();

    Body(Evaluator ev, Env outer, List<String> carries, List<Stmt> stmts, String label, Pos pos) {
      this.ev = ev;
      this.outer = outer;
      this.carries = carries;
      this.stmts = stmts;
      this.label = label;
      this.pos = pos;
    }

    abstract void bindStep(Env local, List<Object> args);

    /** Which argument holds the carries: fori_loop passes (i, carry), scan (carry, x). */
    int carriedArg() {
      return 1;
    }

    Object result(Values.Tuple carried) {
      return carried;
    }

    @Override
    public Object call(Evaluator e, List<Object> args, Map<String, Object> kwargs, Pos at) {
      Env local = new Env(outer);
      List<Object> in = Values.items(args.get(carriedArg()));
      for (int k = 0; k < carries.size(); k++) {
        local.define(carries.get(k), in.get(k));
      }
      bindStep(local, args);
      ev.runBlock(stmts, local);
      List<Object> vs = new ArrayList<>();
      for (int k = 0; k < carries.size(); k++) {
        String n = carries.get(k);
        Object v = local.lookup(n);
        String before = safeSignature(in.get(k));
        String after = safeSignature(v);
        if (!before.equals(after)) {
          String hint = before.startsWith("i64") && after.startsWith("f64")
              ? "; an integer start such as 0 makes an i64: write 0.0 for a float" : "";
          throw pos.error("the " + label + " changes the type of '" + n + "': it is " + before
              + " before the loop and " + after + " after a step; a traced loop keeps the shape"
              + " and dtype of every name it reassigns" + hint);
        }
        vs.add(v);
      }
      for (String n : assigned(stmts)) {
        if (!carries.contains(n) && outer.lookup(n) == null) {
          locals.add(n);
        }
      }
      return result(new Values.Tuple(vs));
    }

    @Override
    public String name() {
      return label;
    }
  }

  /** The names {@code body} assigns that are bound in {@code env}, but not {@code except}. */
  private static List<String> carries(Env env, List<Stmt> body, Set<String> except, Pos pos,
      String label) {
    List<String> out = new ArrayList<>();
    for (String n : assigned(body)) {
      if (!except.contains(n) && env.lookup(n) != null) {
        checkCarriable(n, env.lookup(n), pos, label);
        out.add(n);
      }
    }
    return out;
  }

  private static void checkCarriable(String n, Object v, Pos pos, String label) {
    try {
      Pytree.leaves(v);
    } catch (RuntimeException e) {
      throw pos.error("the " + label + " reassigns '" + n + "', which is " + Values.typeName(v)
          + "; inside a transformed function a loop or an if on a traced condition can only"
          + " change arrays (and tuples, lists and dicts of arrays): use a new name");
    }
  }

  private static Values.Tuple values(Env env, List<String> names) {
    List<Object> vs = new ArrayList<>();
    for (String n : names) {
      vs.add(env.lookup(n));
    }
    return new Values.Tuple(vs);
  }

  private static void bindAll(Evaluator ev, List<String> names, Object tuple) {
    List<Object> vs = Values.items(tuple);
    for (int k = 0; k < names.size(); k++) {
      ev.bindName(names.get(k), vs.get(k));
    }
  }

  private static Set<String> targetNames(Target t) {
    Set<String> out = new LinkedHashSet<>();
    targetNames(t, out);
    return out;
  }

  private static void targetNames(Target t, Set<String> out) {
    if (t instanceof Target.Var v) {
      out.add(v.name());
    } else {
      for (Target x : ((Target.Unpack) t).elements()) {
        targetNames(x, out);
      }
    }
  }

  /** The names a block assigns, in order of first assignment, looking into nested blocks. */
  static Set<String> assigned(List<Stmt> body) {
    Set<String> out = new LinkedHashSet<>();
    for (Stmt s : body) {
      assigned(s, out);
    }
    return out;
  }

  private static void assigned(Stmt s, Set<String> out) {
    if (s instanceof Stmt.Assign a) {
      targetNames(a.target(), out);
    } else if (s instanceof Stmt.Def d) {
      out.add(d.name());
    } else if (s instanceof Stmt.For f) {
      targetNames(f.target(), out);
      f.body().forEach(x -> assigned(x, out));
    } else if (s instanceof Stmt.While w) {
      w.body().forEach(x -> assigned(x, out));
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(x -> assigned(x, out));
      i.orElse().forEach(x -> assigned(x, out));
    }
  }
}
