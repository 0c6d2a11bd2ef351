package org.cotangent.script;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Pos;
import org.cotangent.frontend.script.Stmt;
import org.cotangent.frontend.script.Target;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Evaluates scripts: the visitor of statements and expressions, with Python's semantics. Every
 * array is an IR node: at the top level a constant (operations on constants fold as they are
 * built, or are compiled when large), inside a transformed function a node of the trace. So a
 * plain call and a traced call run the same code: calling a user function inlines its body. A
 * transformation {@linkplain #trace traces} its function once per argument signature into a
 * {@link Graph}, transforms the graph ({@code Ad.grad}, ...), and {@linkplain #apply applies} the
 * result: compiled and run when the arguments are concrete, inlined into the enclosing trace when
 * they are not (so transformations nest to any order).
 *
 * <p>What operators, truth, subscripts and attributes mean is in {@link Operators} and {@link
 * Subscripts}; the traces in progress, with the names and origins they record, are a {@link
 * TraceContext}; what is remembered between calls is a {@link TraceCache}; compiled code runs
 * through a {@link Runner}.
 */
final class Evaluator implements Expr.Visitor<Object>, Stmt.Visitor<Object> {
  final Env globals = new Env(null);
  final PrintStream out;
  private final PrintStream err;
  private final java.util.Set<String> warned = new java.util.HashSet<>();
  final boolean json;
  final TraceCache cache = new TraceCache();
  final Runner runner = new Runner(cache);
  final TraceContext traces = new TraceContext();
  private Env env = globals;

  Evaluator(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
    Builtins.install(this);
  }

  /** Prints {@code file:line:col: warning: message} once per position and message. */
  void warn(Pos pos, String message) {
    String text = pos.fileName() + ":" + pos.line() + ":" + pos.column() + ": warning: " + message;
    if (warned.add(text)) {
      err.println(text);
    }
  }

  // ------------------------------------------------------------------ statements

  /** Runs statements in the global scope; returns the value of a final expression statement. */
  Object execTop(List<Stmt> stmts) {
    Object last = null;
    for (Stmt s : stmts) {
      Object v = exec(s, false);
      last = s instanceof Stmt.ExprStmt ? v : null;
    }
    return last;
  }

  /** Runs a function body in scope {@code local}; returns what it returns (None if nothing). */
  Object execBody(List<Stmt> body, Env local) {
    Object v = runBlock(body, local);
    return v == FELL_THROUGH ? Values.NONE : v;
  }

  /** What {@link #runBlock} returns for a block that ends without a return. */
  static final Object FELL_THROUGH = new Object();

  /**
   * Runs statements in scope {@code local}; returns what the return that ends them returns (a
   * {@code return}, or an {@code if} whose branches all return), or {@link #FELL_THROUGH}.
   */
  Object runBlock(List<Stmt> body, Env local) {
    Env saved = env;
    env = local;
    try {
      for (Stmt s : body) {
        Object v = exec(s, true);
        if (s instanceof Stmt.Return || (s instanceof Stmt.If i && i.returns())) {
          return v;
        }
      }
      return FELL_THROUGH;
    } finally {
      env = saved;
    }
  }

  /** Evaluates {@code e} in scope {@code scope}. */
  Object evalIn(Env scope, Expr e) {
    Env saved = env;
    env = scope;
    try {
      return eval(e);
    } finally {
      env = saved;
    }
  }

  /** The scope statements run in now. */
  Env env() {
    return env;
  }

  /** Binds a target in the current scope, as an assignment does. */
  void bindTarget(Target t, Object v) {
    bind(t, v);
  }

  /** Binds a name in the current scope, as an assignment does. */
  void bindName(String name, Object v) {
    env.define(name, v);
    if (env == globals) {
      traces.bindGlobal(name, v);
    } else {
      traces.bind(name, v);
    }
  }

  /** Binds a target in scope {@code scope}. */
  void bindIn(Env scope, Target t, Object v) {
    Env saved = env;
    env = scope;
    try {
      bind(t, v);
    } finally {
      env = saved;
    }
  }

  /**
   * Names that a traced loop or branch at {@code pos} assigned but that do not exist after it, so
   * that reading one later says why.
   */
  private final Map<String, String> scopedOut = new java.util.HashMap<>();

  void noteLocals(java.util.Set<String> names, Pos pos, String what) {
    for (String n : names) {
      scopedOut.put(n, "'" + n + "' is assigned only inside the " + what + " at "
          + pos.lineColumn() + ", which is traced (it runs inside a transformed function), so it"
          + " does not exist after it; give it a value before the " + what.replace("one branch of ",
          "") + " to carry it out");
    }
  }

  /**
   * Runs one statement and returns its value: what an assignment bound, an expression's value,
   * what a return in a body returns. Inside a trace, the nodes it made get its origin.
   */
  private Object exec(Stmt s, boolean inBody) {
    traces.enter(s.pos());
    try {
      Object v = inBody && s instanceof Stmt.Return ? eval(((Stmt.Return) s).value()) : s.accept(this);
      traces.record(v, s.pos());
      return v;
    } finally {
      traces.exit();
    }
  }

  @Override
  public Object visitAssign(Stmt.Assign s) {
    Object v = eval(s.value());
    bind(s.target(), v);
    return v;
  }

  private void bind(Target t, Object v) {
    if (t instanceof Target.Var) {
      String name = ((Target.Var) t).name();
      env.define(name, v);
      if (env == globals) {
        traces.bindGlobal(name, v);
      } else {
        traces.bind(name, v);
      }
      return;
    }
    Target.Unpack u = (Target.Unpack) t;
    List<Object> items = Values.items(v);
    if (items == null && v instanceof Node && ((Node) v).rank() > 0) {
      // An array unpacks along its first axis.
      items = new ArrayList<>();
      for (int i = 0; i < ((Node) v).type().shape().dim(0); i++) {
        items.add(Np.index((Node) v, 0, i));
      }
    } else if (items == null) {
      throw u.pos().error("cannot unpack " + Values.typeName(v) + " into " + u.elements().size()
          + " names");
    }
    if (items.size() != u.elements().size()) {
      throw u.pos().error("cannot unpack " + items.size() + " values into " + u.elements().size()
          + " names");
    }
    for (int i = 0; i < items.size(); i++) {
      bind(u.elements().get(i), items.get(i));
    }
  }

  @Override
  public Object visitExprStmt(Stmt.ExprStmt s) {
    return eval(s.expr());
  }

  @Override
  public Object visitDef(Stmt.Def s) {
    env.define(s.name(), new Closure(s.name(), s.params(), s.body(), env, s));
    return null;
  }

  @Override
  public Object visitFor(Stmt.For s) {
    Statements.execFor(this, s);
    return null;
  }

  @Override
  public Object visitWhile(Stmt.While s) {
    Statements.execWhile(this, s);
    return null;
  }

  @Override
  public Object visitIf(Stmt.If s) {
    return Statements.execIf(this, s);
  }

  @Override
  public Object visitReturn(Stmt.Return s) {
    throw s.pos().error("'return' outside a function");
  }

  // ------------------------------------------------------------------ expressions

  /** Evaluates {@code e}; IR errors become script errors at {@code e}'s position. */
  Object eval(Expr e) {
    try {
      return e.accept(this);
    } catch (IrException ex) {
      throw at(e).error(ex.getMessage());
    } catch (StackOverflowError ex) {
      throw at(e).error("recursion too deep");
    }
  }

  /** Where to point at for an error in {@code e}: the operator or call parenthesis. */
  static Pos at(Expr e) {
    if (e instanceof Expr.Binary) {
      return ((Expr.Binary) e).opPos();
    }
    if (e instanceof Expr.Call) {
      return ((Expr.Call) e).pos();
    }
    if (e instanceof Expr.Index) {
      return ((Expr.Index) e).openPos();
    }
    return e.pos();
  }

  @Override
  public Object visitName(Expr.Name e) {
    Object v = env.lookup(e.id());
    if (v == null && scopedOut.containsKey(e.id())) {
      throw e.pos().error(scopedOut.get(e.id()));
    }
    if (v == null) {
      throw e.pos().error("name '" + e.id() + "' is not defined" + suggestion(e.id()));
    }
    return v;
  }

  private String suggestion(String name) {
    String best = env.closest(name);
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  @Override
  public Object visitIntLit(Expr.IntLit e) {
    return Values.intConst(e.value());
  }

  @Override
  public Object visitFloatLit(Expr.FloatLit e) {
    return Ir.constant(e.value());
  }

  @Override
  public Object visitImagLit(Expr.ImagLit e) {
    return Ir.constant(Tensor.complexScalar(0, e.imag()));
  }

  @Override
  public Object visitStrLit(Expr.StrLit e) {
    return e.value();
  }

  @Override
  public Object visitBoolLit(Expr.BoolLit e) {
    return Values.bool(e.value());
  }

  @Override
  public Object visitNoneLit(Expr.NoneLit e) {
    return Values.NONE;
  }

  @Override
  public Object visitListExpr(Expr.ListExpr e) {
    List<Object> items = new ArrayList<>();
    for (Expr x : e.elements()) {
      items.add(eval(x));
    }
    return new Values.ListValue(items);
  }

  @Override
  public Object visitTupleExpr(Expr.TupleExpr e) {
    List<Object> items = new ArrayList<>();
    for (Expr x : e.elements()) {
      items.add(eval(x));
    }
    return new Values.Tuple(items);
  }

  @Override
  public Object visitDictExpr(Expr.DictExpr e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Expr.DictEntry en : e.entries()) {
      Object k = eval(en.key());
      if (!(k instanceof String)) {
        throw en.key().pos().error("dict keys must be strings, got " + Values.typeName(k));
      }
      m.put((String) k, eval(en.value()));
    }
    return new Values.Dict(m);
  }

  @Override
  public Object visitUnary(Expr.Unary e) {
    return Operators.unary(e, eval(e.operand()), runner);
  }

  @Override
  public Object visitBinary(Expr.Binary e) {
    // A chain a + b + c + ... is a left-deep tree: walk its left spine with a loop, not
    // recursion, so chains of any length evaluate (and trace) in constant stack depth.
    Deque<Expr.Binary> spine = new ArrayDeque<>();
    Expr leftmost = e;
    while (leftmost instanceof Expr.Binary) {
      spine.push((Expr.Binary) leftmost);
      leftmost = ((Expr.Binary) leftmost).left();
    }
    Object acc = eval(leftmost);
    while (!spine.isEmpty()) {
      Expr.Binary b = spine.pop();
      Object r = eval(b.right());
      if (b == e) {
        return binary(b, acc, r);
      }
      try {
        acc = binary(b, acc, r);
      } catch (IrException ex) {
        throw at(b).error(ex.getMessage());
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** {@code l op r} for the operator of {@code e}, its operands evaluated. */
  private Object binary(Expr.Binary e, Object l, Object r) {
    if (traces.depth() > 0 && l instanceof Node && r instanceof Node && e.op() != Expr.BinaryOp.POW) {
      // Promote a named constant here, keeping its name (** promotes by the exponent's value).
      DType to = DType.promote(((Node) l).dtype(), ((Node) r).dtype());
      l = traces.promoteNamed((Node) l, to);
      r = traces.promoteNamed((Node) r, to);
    }
    return Operators.binary(e, l, r);
  }

  @Override
  public Object visitLogical(Expr.Logical e) {
    Object l = eval(e.left());
    boolean lt = truth(l, e.left().pos());
    if (e.op() == Expr.LogicalOp.AND ? !lt : lt) {
      return l;
    }
    return eval(e.right());
  }

  @Override
  public Object visitConditional(Expr.Conditional e) {
    return truth(eval(e.condition()), e.condition().pos()) ? eval(e.ifTrue()) : eval(e.ifFalse());
  }

  /** Python truth of a concrete value; a traced array has none (use where). */
  boolean truth(Object v, Pos pos) {
    return Operators.truth(v, pos, runner);
  }

  @Override
  public Object visitLambda(Expr.Lambda e) {
    Stmt.Return body = new Stmt.Return(e.body(), e.body().pos());
    return new Closure("<lambda>", e.params(), List.of(body), env, e);
  }

  @Override
  public Object visitCall(Expr.Call e) {
    Object f = eval(e.callee());
    List<Object> args = new ArrayList<>();
    for (Expr a : e.args()) {
      args.add(eval(a));
    }
    Map<String, Object> kwargs = new LinkedHashMap<>();
    for (Expr.Keyword k : e.keywords()) {
      kwargs.put(k.name(), eval(k.value()));
    }
    if (!(f instanceof Values.Callable)) {
      throw e.callee().pos().error("'" + Values.typeName(f) + "' is not callable");
    }
    return ((Values.Callable) f).call(this, args, kwargs, e.pos());
  }

  @Override
  public Object visitIndex(Expr.Index e) {
    return Subscripts.index(this, e, eval(e.value()));
  }

  @Override
  public Object visitSlice(Expr.Slice e) {
    throw e.pos().error("a slice can only appear inside [...]");
  }

  @Override
  public Object visitAttribute(Expr.Attribute e) {
    return Subscripts.attribute(e, eval(e.value()));
  }

  // ------------------------------------------------------------------ conversions

  /** A concrete real number (a scalar that depends on no trace). */
  double doubleOf(Object v, Pos pos) {
    if (v instanceof Node && ((Node) v).type().size() == 1 && !((Node) v).dtype().isComplex()) {
      return runner.concrete((Node) v, pos).re(0);
    }
    throw pos.error("expected a number, got " + Values.typeName(v));
  }

  // ------------------------------------------------------------------ tracing and applying

  /**
   * Traces {@code f} on symbolic arguments shaped like {@code args} (a list of pytrees). Cached per
   * function and signature at the top level.
   */
  Traced trace(Values.Callable f, List<Object> args, List<String> argNames, Pos pos) {
    return trace(f, traces.depth() == 0 ? f.cacheKey(cache) : null, args, argNames, pos);
  }

  /**
   * {@link #trace(Values.Callable, List, List, Pos)} with {@code f}'s cache key already computed
   * ({@code fnKey}; null at depth > 0, where traces are not cached).
   */
  Traced trace(Values.Callable f, Object fnKey, List<Object> args, List<String> argNames,
      Pos pos) {
    Values.Tuple argTuple = new Values.Tuple(args);
    TraceCache.TraceKey key = fnKey != null && traces.depth() == 0
        ? cache.traceKey(fnKey, argTuple) : null;
    Traced hit = key == null ? null : cache.trace(key);
    if (hit != null) {
      return hit;
    }
    List<Node> params = traces.begin(Pytree.leaves(argTuple));
    Traced t;
    try {
      Values.Tuple symArgs = (Values.Tuple) Pytree.rebuild(argTuple, params);
      Object out = f.call(this, symArgs.items, Map.of(), pos);
      List<Node> outLeaves;
      try {
        outLeaves = Pytree.leaves(out);
      } catch (IrException e) {
        throw pos.error(f.name() + " must return arrays (or tuples, lists, dicts of arrays) to be"
            + " transformed, but returned " + Values.typeName(out));
      }
      traces.recordInProgress(out);
      String outName = f instanceof Closure ? (f.name().equals("<lambda>") ? "out" : f.name()) : null;
      t = traces.close(out, outLeaves, TraceContext.leafNames(args, argNames), outName);
    } finally {
      traces.end();
    }
    if (key != null && t.free.isEmpty()) {
      cache.putTrace(key, t);
    }
    return t;
  }

  /**
   * Applies {@code g} to {@code args}: compiled and run when no trace is in progress (the
   * arguments are concrete), inlined into the trace otherwise.
   */
  List<Node> apply(Graph g, List<Node> args, Pos pos) {
    return traces.depth() > 0 ? traces.inline(g, args) : runner.call(g, args, pos);
  }

  /** Prints one line of output. */
  void println(String line) {
    out.println(line);
  }
}
