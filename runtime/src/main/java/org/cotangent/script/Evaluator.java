package org.cotangent.script;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Pos;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.frontend.script.Stmt;
import org.cotangent.frontend.script.Target;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Scope;

/**
 * Evaluates scripts. Every array is an IR node: at the top level a constant (operations on
 * constants fold as they are built, or are compiled when large), inside a transformed function a
 * node of the trace. So a plain call and a traced call run the same code: calling a user function
 * inlines its body. A transformation traces its function once per argument signature into a
 * {@link Graph}, transforms the graph ({@code Ad.grad}, ...), and applies the result: compiled and
 * run when the arguments are concrete, inlined into the enclosing trace when they are not (so
 * transformations nest to any order).
 *
 * <p>Closure conversion: a function traced inside another trace may read values of the outer
 * trace; their parameters become extra inputs of the inner graph (not differentiated by it), and
 * the outer transformation differentiates through them when the graph is inlined.
 */
final class Evaluator implements Expr.Visitor<Object>, Stmt.Visitor<Object> {
  final Env globals = new Env(null);
  final PrintStream out;
  final boolean json;
  /** Trace depth: 0 at the top level. Arguments of the trace at depth d are Param(Scope.trace(d), i). */
  private int depth;
  private final Deque<Map<Node, String>> names = new ArrayDeque<>();
  private Env env = globals;
  private final Map<String, Traced> traceCache = new java.util.LinkedHashMap<String, Traced>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Traced> eldest) {
      return size() > 512;
    }
  };
  /** Stable ids of objects for cache keys; weak, so keys never keep values alive. */
  private final IdentityIds ids = new IdentityIds();

  /**
   * A key for a value in cache keys: arrays by identity (interned, so equal constants are one
   * node), containers by their contents, functions by their own cache key.
   */
  String valueKey(Object v) {
    if (v instanceof Values.Callable) {
      return ((Values.Callable) v).cacheKey(this);
    }
    if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      StringBuilder sb = new StringBuilder(v instanceof Values.Tuple ? "(" : "[");
      for (Object x : items) {
        sb.append(valueKey(x)).append(',');
      }
      return sb.append(')').toString();
    }
    if (v instanceof Values.Dict) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        sb.append(e.getKey()).append(':').append(valueKey(e.getValue())).append(',');
      }
      return sb.append('}').toString();
    }
    if (v instanceof String) {
      return "'" + v + "'";
    }
    return "@" + idOf(v);
  }

  /** A number identifying {@code o} for as long as it lives (by identity). */
  long idOf(Object o) {
    return ids.of(o);
  }
  private final Map<Graph, CompiledFunction> programs =
      Collections.synchronizedMap(new WeakHashMap<>());

  Evaluator(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
    Builtins.install(this);
  }

  // ------------------------------------------------------------------ statements

  /** Runs statements in the global scope; returns the value of a final expression statement. */
  Object execTop(List<Stmt> stmts) {
    Object last = null;
    for (Stmt s : stmts) {
      last = s instanceof Stmt.ExprStmt ? s.accept(this) : execNoValue(s);
    }
    return last;
  }

  private Object execNoValue(Stmt s) {
    s.accept(this);
    return null;
  }

  /** Runs a function body in scope {@code local}; returns what it returns (None if nothing). */
  Object execBody(List<Stmt> body, Env local) {
    Env saved = env;
    env = local;
    try {
      for (Stmt s : body) {
        if (s instanceof Stmt.Return) {
          return eval(((Stmt.Return) s).value());
        }
        s.accept(this);
      }
      return Values.NONE;
    } finally {
      env = saved;
    }
  }

  @Override
  public Object visitAssign(Stmt.Assign s) {
    Object v = eval(s.value());
    bind(s.target(), v);
    return null;
  }

  private void bind(Target t, Object v) {
    if (t instanceof Target.Var) {
      String name = ((Target.Var) t).name();
      env.define(name, v);
      if (depth > 0 && v instanceof Node && !names.isEmpty()) {
        names.peek().putIfAbsent((Node) v, name);
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
    if (v == null) {
      String hint = Builtins.unavailable(e.id());
      if (hint != null) {
        throw e.pos().error(hint);
      }
      throw e.pos().error("name '" + e.id() + "' is not defined" + suggestion(e.id()));
    }
    return v;
  }

  private String suggestion(String name) {
    String best = null;
    int bestD = 5;
    for (String n : env.visibleNames()) {
      // Twice the edit distance, one less for a prefix: 'sinn' suggests 'sin' before 'sign'.
      int d = 2 * editDistance(name, n) - (name.startsWith(n) || n.startsWith(name) ? 1 : 0);
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + c);
      }
    }
    return d[a.length()][b.length()];
  }

  @Override
  public Object visitIntLit(Expr.IntLit e) {
    return Ir.constant(Tensor.wrap(TensorType.of(DType.I64), new double[] {e.value()}));
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
    return bool(e.value());
  }

  static Node bool(boolean b) {
    return Ir.constant(Tensor.wrap(TensorType.of(DType.BOOL), new double[] {b ? 1 : 0}));
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
    Object v = eval(e.operand());
    switch (e.op()) {
      case NEG:
        return Np.neg(array(v, e.operand().pos(), "operand of -"));
      case POS:
        return array(v, e.operand().pos(), "operand of +");
      default:
        return bool(!truth(v, e.operand().pos()));
    }
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
    if (e.op() == Expr.BinaryOp.ADD && l instanceof String && r instanceof String) {
      return (String) l + r;
    }
    if ((e.op() == Expr.BinaryOp.EQ || e.op() == Expr.BinaryOp.NE) && !(l instanceof Node && r instanceof Node)) {
      boolean same = l.equals(r);
      return bool(e.op() == Expr.BinaryOp.EQ ? same : !same);
    }
    String what = "operand of " + e.op().symbol();
    Node a = array(l, e.left().pos(), what);
    Node b = array(r, e.right().pos(), what);
    switch (e.op()) {
      case ADD:
        return Np.add(a, b);
      case SUB:
        return Np.sub(a, b);
      case MUL:
        return Np.mul(a, b);
      case DIV:
        return Np.div(a, b);
      case MATMUL:
        return Np.matmul(a, b);
      case POW:
        return Np.power(a, b);
      case LT:
        return Np.less(a, b);
      case LE:
        return Np.lessEqual(a, b);
      case GT:
        return Np.greater(a, b);
      case GE:
        return Np.greaterEqual(a, b);
      case EQ:
        return Np.equal(a, b);
      default:
        return Np.notEqual(a, b);
    }
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
    if (v == Values.NONE) {
      return false;
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof Values.Tuple) {
      return !((Values.Tuple) v).items.isEmpty();
    }
    if (v instanceof Values.ListValue) {
      return !((Values.ListValue) v).items.isEmpty();
    }
    if (v instanceof Values.Dict) {
      return !((Values.Dict) v).entries.isEmpty();
    }
    if (v instanceof Node) {
      Node n = (Node) v;
      if (n.type().size() != 1) {
        throw pos.error("the truth value of an array with " + n.type().size()
            + " elements is ambiguous; use where(...) or reduce it first");
      }
      if (dependsOnTrace(n)) {
        throw pos.error("a traced value has no truth value inside a transformed function; use"
            + " where(cond, a, b) instead of if/and/or");
      }
      Tensor t = concrete(n, pos);
      return t.re(0) != 0 || t.im(0) != 0;
    }
    return true;
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
    Object v = eval(e.value());
    if (v instanceof Values.Dict) {
      if (e.items().size() != 1) {
        throw e.openPos().error("a dict takes one key");
      }
      Object k = eval(e.items().get(0));
      Object r = k instanceof String ? ((Values.Dict) v).entries.get(k) : null;
      if (r == null) {
        throw e.items().get(0).pos().error("key " + (k instanceof String ? "'" + k + "'" : Values.typeName(k))
            + " is not in the dict (keys: " + ((Values.Dict) v).entries.keySet() + ")");
      }
      return r;
    }
    if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      if (e.items().size() != 1) {
        throw e.openPos().error(Values.typeName(v) + " indices take one position");
      }
      Expr item = e.items().get(0);
      if (item instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) item;
        int n = items.size();
        int lo = s.lower() == null ? 0 : clampIndex(intOf(eval(s.lower()), s.lower().pos()), n);
        int hi = s.upper() == null ? n : clampIndex(intOf(eval(s.upper()), s.upper().pos()), n);
        List<Object> sub = new ArrayList<>(items.subList(Math.min(lo, hi), hi));
        return v instanceof Values.Tuple ? new Values.Tuple(sub) : new Values.ListValue(sub);
      }
      int i = intOf(eval(item), item.pos());
      int j = i < 0 ? i + items.size() : i;
      if (j < 0 || j >= items.size()) {
        throw item.pos().error(Values.typeName(v) + " index " + i + " out of range (length "
            + items.size() + ")");
      }
      return items.get(j);
    }
    Node x = array(v, e.value().pos(), "indexed value");
    Shape indexed = x.type().shape();
    int axis = 0;
    for (Expr item : e.items()) {
      if (axis >= x.rank()) {
        throw item.pos().error("too many indices for an array of shape " + indexed);
      }
      if (item instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) item;
        if (s.step() != null) {
          int step = intOf(eval(s.step()), s.step().pos());
          if (step != 1) {
            throw s.step().pos().error("slice steps other than 1 are not supported yet");
          }
        }
        Integer lo = s.lower() == null ? null : intOf(eval(s.lower()), s.lower().pos());
        Integer hi = s.upper() == null ? null : intOf(eval(s.upper()), s.upper().pos());
        x = Np.slice(x, axis, lo, hi);
        axis++;
      } else {
        Object iv = eval(item);
        int i = intOf(iv, item.pos());
        x = Np.index(x, axis, i);
      }
    }
    return x;
  }

  private static int clampIndex(int i, int n) {
    int j = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, j));
  }

  @Override
  public Object visitSlice(Expr.Slice e) {
    throw e.pos().error("a slice can only appear inside [...]");
  }

  @Override
  public Object visitAttribute(Expr.Attribute e) {
    Object v = eval(e.value());
    if (v instanceof Node) {
      Node x = (Node) v;
      switch (e.name()) {
        case "T":
          return Np.transpose(x);
        case "shape":
          return shapeTuple(x);
        case "ndim":
          return intConst(x.rank());
        case "size":
          return intConst(x.type().size());
        case "dtype":
          return x.dtype().toString();
        default:
          break;
      }
    }
    throw e.namePos().error(Values.typeName(v) + " has no attribute '" + e.name() + "'");
  }

  static Values.Tuple shapeTuple(Node x) {
    List<Object> dims = new ArrayList<>();
    for (int d : x.type().shape().dims()) {
      dims.add(intConst(d));
    }
    return new Values.Tuple(dims);
  }

  static Node intConst(long v) {
    return Ir.constant(Tensor.wrap(TensorType.of(DType.I64), new double[] {v}));
  }

  // ------------------------------------------------------------------ conversions

  /** {@code v} as an array; Python numbers and nested lists of numbers are accepted. */
  Node array(Object v, Pos pos, String what) {
    if (v instanceof Node) {
      return (Node) v;
    }
    throw pos.error("expected an array for the " + what + ", got " + Values.typeName(v));
  }

  /** A concrete integer (a constant integral scalar). */
  int intOf(Object v, Pos pos) {
    if (v instanceof Node) {
      Node n = (Node) v;
      if (n.type().size() == 1 && n.isConstant() && !n.dtype().isComplex()) {
        double d = ((Constant) n.op()).value().re(0);
        if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
          return (int) d;
        }
        if (d == Math.rint(d)) {
          throw pos.error("the integer " + (long) d + " is too large here (indices and sizes are"
              + " at most 2^31 - 1)");
        }
      }
      if (n.type().size() == 1 && !n.isConstant()) {
        throw pos.error("indices and sizes must be constant integers, not traced values");
      }
    }
    throw pos.error("expected an integer, got " + Values.typeName(v));
  }

  double doubleOf(Object v, Pos pos) {
    if (v instanceof Node && ((Node) v).type().size() == 1 && !((Node) v).dtype().isComplex()) {
      return concrete((Node) v, pos).re(0);
    }
    throw pos.error("expected a number, got " + Values.typeName(v));
  }

  /** True if {@code n} depends on a parameter of a trace in progress. */
  boolean dependsOnTrace(Node n) {
    return n.traceDepth() > 0;
  }

  /** The value of a node that depends on no trace: folded already, or compiled and run. */
  Tensor concrete(Node n, Pos pos) {
    if (n.isConstant()) {
      return ((Constant) n.op()).value();
    }
    if (dependsOnTrace(n)) {
      throw pos.error("this value is traced (it depends on the arguments of a transformed"
          + " function) and has no concrete value here");
    }
    Graph g = new Graph(List.of(), List.of(), List.of(n));
    return run(g, List.of()).get(0);
  }

  /** {@code n} as a constant node (forcing it if needed). */
  Node force(Node n, Pos pos) {
    return n.isConstant() ? n : Ir.constant(concrete(n, pos));
  }

  // ------------------------------------------------------------------ tracing and applying

  /** A function traced at one signature. */
  static final class Traced {
    final Graph graph;
    final Object outTemplate;
    /** Values of outer traces that the function reads: extra graph inputs after the leaves. */
    final List<Node> free;
    final int numLeaves;
    final Map<String, Graph> derived = new HashMap<>();

    Traced(Graph graph, Object outTemplate, List<Node> free, int numLeaves) {
      this.graph = graph;
      this.outTemplate = outTemplate;
      this.free = free;
      this.numLeaves = numLeaves;
    }

    /** A graph derived from this one (grad, jvp, ...), computed once. */
    Graph derive(String key, java.util.function.Supplier<Graph> make) {
      synchronized (derived) {
        Graph g = derived.get(key);
        if (g == null) {
          g = make.get();
          derived.put(key, g);
        }
        return g;
      }
    }
  }

  /**
   * Traces {@code f} on symbolic arguments shaped like {@code args} (a list of pytrees). Cached per
   * function and signature at the top level.
   */
  Traced trace(Values.Callable f, List<Object> args, List<String> argNames, Pos pos) {
    Values.Tuple argTuple = new Values.Tuple(args);
    String key = null;
    if (depth == 0) {
      key = f.cacheKey(this) + "|" + Pytree.signature(argTuple);
      Traced hit = traceCache.get(key);
      if (hit != null && hit.graph != null) {
        return hit;
      }
    }
    List<Node> leaves = Pytree.leaves(argTuple);
    List<String> leafNames = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      leafNamesOf(args.get(i), i < argNames.size() ? argNames.get(i) : "x" + i, leafNames);
    }
    depth++;
    Scope scope = Scope.trace(depth);
    List<Node> params = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      params.add(Param.node(scope, i, leaves.get(i).type()));
    }
    Values.Tuple symArgs = (Values.Tuple) Pytree.rebuild(argTuple, params);
    Map<Node, String> traceNames = new IdentityHashMap<>();
    names.push(traceNames);
    Object out;
    try {
      out = f.call(this, symArgs.items, Map.of(), pos);
    } finally {
      names.pop();
      depth--;
    }
    List<Node> outLeaves;
    try {
      outLeaves = Pytree.leaves(out);
    } catch (IrException e) {
      throw pos.error(f.name() + " must return arrays (or tuples, lists, dicts of arrays) to be"
          + " transformed, but returned " + Values.typeName(out));
    }
    // Closure conversion: parameters of outer traces become extra inputs.
    Map<Node, Node> subst = new IdentityHashMap<>();
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      subst.put(params.get(i), Param.node(i, params.get(i).type()));
      types.add(params.get(i).type());
    }
    List<Node> free = new ArrayList<>();
    for (Node m : Graph.topoOrder(outLeaves)) {
      if (m.op() instanceof Param && !subst.containsKey(m)) {
        subst.put(m, Param.node(params.size() + free.size(), m.type()));
        types.add(m.type());
        free.add(m);
        leafNames.add("captured" + (free.size() - 1));
      }
    }
    Map<Node, String> graphNames = new IdentityHashMap<>();
    List<Node> outs = Graph.substitute(outLeaves, subst, traceNames, graphNames);
    List<String> outNames = null;
    if (outs.size() == 1 && f instanceof Closure) {
      outNames = List.of(f.name().equals("<lambda>") ? "out" : f.name());
    }
    Graph g = new Graph(leafNames, types, outs, outNames, graphNames);
    Traced t = new Traced(g, out, free, leaves.size());
    if (key != null && free.isEmpty()) {
      traceCache.put(key, t);
    }
    return t;
  }

  private static void leafNamesOf(Object v, String prefix, List<String> out) {
    if (v instanceof Node) {
      out.add(prefix);
    } else if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      for (int i = 0; i < items.size(); i++) {
        leafNamesOf(items.get(i), prefix + "_" + i, out);
      }
    } else if (v instanceof Values.Dict) {
      for (Map.Entry<String, Object> e : ((Values.Dict) v).entries.entrySet()) {
        leafNamesOf(e.getValue(), prefix + "_" + e.getKey(), out);
      }
    }
  }

  /**
   * Applies {@code g} to {@code args}: compiled and run when no trace is in progress (the
   * arguments are concrete), inlined into the trace otherwise.
   */
  List<Node> apply(Graph g, List<Node> args, Pos pos) {
    if (depth > 0) {
      Map<Node, String> n = names.isEmpty() ? null : names.peek();
      return g.call(args, n);
    }
    List<Tensor> values = new ArrayList<>();
    for (Node a : args) {
      values.add(concrete(a, pos));
    }
    List<Tensor> outs = run(g, values);
    List<Node> r = new ArrayList<>();
    for (Tensor t : outs) {
      r.add(Ir.constant(t));
    }
    return r;
  }

  /** Runs a graph on concrete values with compiled code (compiled once per graph). */
  List<Tensor> run(Graph g, List<Tensor> values) {
    CompiledFunction cf = programs.get(g);
    if (cf == null) {
      cf = Backend.current().compile(g);
      programs.put(g, cf);
    }
    return cf.call(values);
  }

  /** Prints one line of output. */
  void println(String line) {
    out.println(line);
  }

  /** The shape {@code (2, 3)} or {@code 3} or {@code []} given as a script value. */
  Shape shapeOf(Object v, Pos pos) {
    if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
      List<Object> items = Values.items(v);
      int[] d = new int[items.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = intOf(items.get(i), pos);
      }
      return Shape.of(d);
    }
    return Shape.of(intOf(v, pos));
  }
}
