package org.cotangent.frontend.java;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.SourcePos;

/**
 * Reads a static Java method (a JavaParser {@link MethodDeclaration}) into a {@link Graph} of
 * one {@code f64} output: parameters {@code double}, locals reassigned freely (each assignment is
 * a new node: SSA by construction, as a tracer gets it), arithmetic, {@code Math.*},
 * ternaries and {@code if}/{@code else} (both branches are computed and merged by {@code select},
 * per variable; a {@code return} inside a branch selects between that branch's value and the
 * value of the rest of the method), and calls of other methods the {@link Callees} know
 * (inlined). Every node a statement makes gets that statement's {@link Origin}, locals their
 * names, so generated code points at the user's lines.
 *
 * {@code for} loops with int-constant bounds ({@link Loops}: the IR's {@code fori_loop}), and
 * arrays: parameters {@code double[]}, {@code double[][]} with symbolic sizes and {@code int}
 * sizes ({@link Signature}), local {@code double[]} and {@code int} sizes, element reads ({@link
 * Subscripts}) and loops over sizes ({@link SizeLoops}: reductions and maps on whole arrays).
 *
 * <p>Anything else is a {@link JavaSubsetException} at the construct, naming it: recurrences
 * over sizes, strided or data-dependent indices, writes to parameter arrays, other loops,
 * fields, other calls, objects, strings, ...
 */
public final class MethodReader {
  /** The other methods a body may call (inlined), by name and number of arguments. */
  public interface Callees {
    /** The method, or null if {@code name} with {@code arity} parameters is not one of them. */
    MethodDeclaration find(String name, int arity);
  }

  private final String file;
  private final String[] lines;
  private final Callees callees;
  private final Provenance prov = new Provenance();
  private final List<String> callStack = new ArrayList<>();
  final Expressions expressions;
  private final Loops loops = new Loops(this);
  final SizeLoops sizeLoops = new SizeLoops(this);
  final Subscripts subscripts = new Subscripts(this);
  final Recurrences recurrences = new Recurrences(this);
  /** Sizes by name: int parameters and int locals. */
  private Map<String, Dim> sizes = new LinkedHashMap<>();
  /** Arrays (parameters and locals) by name: their shape. */
  private Map<String, org.cotangent.symbolic.Shape> arrays = new LinkedHashMap<>();
  private Set<String> paramArrays = new LinkedHashSet<>();
  /** Local arrays still all zeros (as new double[n] made them). */
  private Set<String> fresh = new LinkedHashSet<>();
  /** The loop depth ({@link SizeLoops#depth}) each double local was declared at. */
  private Map<String, Integer> declaredAt = new LinkedHashMap<>();
  private Origin current;

  private MethodReader(String file, String source, Callees callees) {
    this.file = file;
    this.lines = source.split("\r\n|\r|\n", -1);
    this.callees = callees;
    this.expressions = new Expressions(this);
  }

  /**
   * The graph of {@code method} (inputs: its parameters, in order; output: its return value,
   * named after the method). {@code file} names the source in origins ({@code Model.java});
   * {@code source} is the whole file's text, for the quoted lines.
   */
  public static Graph read(MethodDeclaration method, String file, String source, Callees callees) {
    MethodReader r = new MethodReader(file, source, callees);
    r.callStack.add(method.getNameAsString() + "/" + method.getParameters().size());
    checkSignature(method);
    Signature sig = Signature.of(method);
    List<String> names = sig.names;
    List<TensorType> types = sig.types;
    r.sizes.putAll(sig.sizes);
    for (int k = 0; k < names.size(); k++) {
      if (sig.arrays.containsKey(names.get(k))) {
        r.arrays.put(names.get(k), types.get(k).shape());
      }
    }
    r.paramArrays.addAll(sig.arrays.keySet());
    List<org.cotangent.symbolic.ir.Node> params = Graph.params(types);
    Env env = new Env();
    for (int k = 0; k < params.size(); k++) {
      env.declare(names.get(k), params.get(k));
    }
    org.cotangent.symbolic.ir.Node out = r.body(method, env);
    return new Graph(names, types, List.of(out), List.of(method.getNameAsString()), r.prov);
  }

  /** Checks what the processor's element model cannot: the types as written. */
  private static void checkSignature(MethodDeclaration m) {
    if (!m.isStatic()) {
      throw error(m.getName(), "only static methods can be differentiated; make "
          + m.getNameAsString() + " static");
    }
    if (!m.getTypeParameters().isEmpty()) {
      throw error(m.getTypeParameters().get(0), "generic methods are not supported");
    }
    if (!isDouble(m.getType())) {
      throw error(m.getType(), "the return type must be double, not " + m.getType()
          + " (only double results are supported yet)");
    }
  }

  static boolean isDouble(Type t) {
    return t.isPrimitiveType() && t.asPrimitiveType().getType().asString().equals("double");
  }

  /** The value {@code m}'s body returns, its parameters bound in {@code env}. */
  private org.cotangent.symbolic.ir.Node body(MethodDeclaration m, Env env) {
    BlockStmt b = m.getBody().orElseThrow(() -> error(m, "method " + m.getNameAsString()
        + " has no body"));
    org.cotangent.symbolic.ir.Node out = block(b.getStatements(), 0, env);
    if (out == null) {
      throw error(m.getName(), "method " + m.getNameAsString() + " does not end in a return");
    }
    return out;
  }

  /**
   * Runs {@code stmts} from {@code from} on {@code env} (changed in place); returns the value of
   * the {@code return} that ends them, or null if they fall through.
   */
  private org.cotangent.symbolic.ir.Node block(List<Statement> stmts, int from, Env env) {
    for (int k = from; k < stmts.size(); k++) {
      Statement s = stmts.get(k);
      if (s instanceof ReturnStmt) {
        // What follows a return on this path is another path's continuation (or unreachable,
        // which javac reports).
        ReturnStmt r = (ReturnStmt) s;
        Expression e = r.getExpression().orElseThrow(() -> error(r, "return needs a value"));
        return at(r, () -> expressions.real(e, env));
      } else if (s instanceof BlockStmt && containsReturn(s)) {
        // A block that returns on some path: its statements, then the rest, as one path.
        List<Statement> all = new ArrayList<>(((BlockStmt) s).getStatements());
        all.addAll(stmts.subList(k + 1, stmts.size()));
        return block(all, 0, env);
      } else if (s instanceof IfStmt) {
        IfStmt i = (IfStmt) s;
        List<Statement> rest = stmts.subList(k + 1, stmts.size());
        if (containsReturn(i)) {
          // Each branch continues with the rest of the block: the if selects between the two
          // values the block returns.
          org.cotangent.symbolic.ir.Node c = at(i, () -> expressions.condition(i.getCondition(), env));
          org.cotangent.symbolic.ir.Node a = branch(i.getThenStmt(), rest, env.copy(), i);
          org.cotangent.symbolic.ir.Node b = branch(i.getElseStmt().orElse(null), rest, env.copy(), i);
          return at(i, () -> Np.where(c, a, b));
        }
        ifStatement(i, env);
      } else {
        statement(s, env);
      }
    }
    return null;
  }

  private org.cotangent.symbolic.ir.Node branch(Statement s, List<Statement> rest, Env env,
      IfStmt owner) {
    List<Statement> all = new ArrayList<>();
    if (s != null) {
      all.add(s);
    }
    all.addAll(rest);
    org.cotangent.symbolic.ir.Node v = block(all, 0, env);
    if (v == null) {
      throw error(owner, "a path through this if does not return a value");
    }
    return v;
  }

  private static boolean containsReturn(Statement s) {
    return !s.findAll(ReturnStmt.class).isEmpty();
  }

  /** An if without returns: both branches run on copies; assigned variables are merged by select. */
  private void ifStatement(IfStmt i, Env env) {
    org.cotangent.symbolic.ir.Node c = at(i, () -> expressions.condition(i.getCondition(), env));
    Env a = env.copy();
    statement(i.getThenStmt(), a);
    Env b = env.copy();
    if (i.getElseStmt().isPresent()) {
      statement(i.getElseStmt().get(), b);
    }
    for (String name : env.names()) {
      org.cotangent.symbolic.ir.Node va = a.get(name);
      org.cotangent.symbolic.ir.Node vb = b.get(name);
      if (va != vb) {
        if (va == null || vb == null) {
          // Declared but unassigned before the if, assigned in one branch only: javac rejects any
          // later read, so the variable stays unassigned.
          env.assign(name, null);
          continue;
        }
        org.cotangent.symbolic.ir.Node merged = at(i, () -> Np.where(c, va, vb));
        prov.name(merged, name);
        env.assign(name, merged);
      }
    }
  }

  private void statement(Statement s, Env env) {
    if (s instanceof BlockStmt) {
      Env inner = env.child();
      if (block(((BlockStmt) s).getStatements(), 0, inner) != null) {
        throw error(s, "internal: a return in a nested block");
      }
      env.takeAssignments(inner);
    } else if (s instanceof EmptyStmt) {
      return;
    } else if (s instanceof IfStmt) {
      if (containsReturn(s)) {
        throw error(s, "an if with a return must be a statement of the method's body, not of a"
            + " nested block");
      }
      ifStatement((IfStmt) s, env);
    } else if (s instanceof ExpressionStmt) {
      expressionStatement((ExpressionStmt) s, env);
    } else if (s instanceof ForStmt) {
      loops.forStatement((ForStmt) s, env, prov, sizeLoops);
    } else if (s instanceof ReturnStmt) {
      throw error(s, "a return inside a nested block is not supported; return from the method's"
          + " body or from an if/else branch");
    } else {
      throw error(s, Constructs.statement(s));
    }
  }

  /** The names and origins of the nodes read so far (a loop body's carry over to its graph). */
  Provenance provenance() {
    return prov;
  }

  /** Names {@code v} after the variable {@code name} in the generated code. */
  void name(org.cotangent.symbolic.ir.Node v, String name) {
    prov.name(v, name);
  }

  /** The size named {@code name} (an int parameter or local), or null. */
  Dim sizeOf(String name) {
    return sizes.get(name);
  }

  /** The rank of array {@code name}, or null if it is not an array. */
  Integer arrayRank(String name) {
    org.cotangent.symbolic.Shape s = arrays.get(name);
    return s == null ? null : s.rank();
  }

  /** The shape of array {@code name}. */
  org.cotangent.symbolic.Shape arrayShape(String name) {
    return arrays.get(name);
  }

  boolean isFresh(String name) {
    return fresh.contains(name);
  }

  void written(String name) {
    fresh.remove(name);
  }

  int depthOf(String var) {
    return declaredAt.getOrDefault(var, 0);
  }

  /** Rejects writes to {@code name} unless it is a local array. */
  void checkWritable(String name, Node at) {
    if (paramArrays.contains(name)) {
      throw error(at, "writing to parameter array " + name + " is not supported; copy it into a"
          + " local array (double[] a = new double[" + name + ".length]) in a loop");
    }
    if (!arrays.containsKey(name)) {
      throw error(at, name + " is not an array: " + at);
    }
  }

  /** A loop body's statement (no returns), for {@link Loops}. */
  void statementInLoop(Statement s, Env env) {
    statement(s, env);
  }

  /** {@link #at} for a loop's outputs. */
  List<org.cotangent.symbolic.ir.Node> atLoop(Node s,
      java.util.function.Supplier<List<org.cotangent.symbolic.ir.Node>> f) {
    Origin o = origin(s);
    List<org.cotangent.symbolic.ir.Node> r = f.get();
    if (o != null) {
      for (org.cotangent.symbolic.ir.Node n : r) {
        prov.claim(n, o);
      }
    }
    return r;
  }

  private void expressionStatement(ExpressionStmt s, Env env) {
    Expression e = s.getExpression();
    if (e instanceof VariableDeclarationExpr) {
      for (VariableDeclarator v : ((VariableDeclarationExpr) e).getVariables()) {
        if (env.isDeclaredHere(v.getNameAsString())) {
          throw error(v.getName(), "variable " + v.getNameAsString() + " is already defined");
        }
        sizes.remove(v.getNameAsString());
        arrays.remove(v.getNameAsString());
        if (Signature.isInt(v.getType())) {
          intLocal(v, env);
          continue;
        }
        if (v.getType().isArrayType()) {
          arrayLocal(v, env);
          continue;
        }
        if (!isDouble(v.getType())) {
          throw error(v.getType(), "local variables of type " + v.getType()
              + " are not supported yet: " + v.getType() + " " + v.getNameAsString()
              + "; only double, int (a size) and double[] locals are");
        }
        declaredAt.put(v.getNameAsString(), sizeLoops.depth());
        org.cotangent.symbolic.ir.Node value = v.getInitializer().isPresent()
            ? at(s, () -> expressions.real(v.getInitializer().get(), env)) : null;
        env.declare(v.getNameAsString(), value);
        if (value != null) {
          prov.name(value, v.getNameAsString());
        }
      }
    } else if (e instanceof AssignExpr) {
      AssignExpr a = (AssignExpr) e;
      if (a.getTarget() instanceof com.github.javaparser.ast.expr.ArrayAccessExpr) {
        if (recurrences.recordWrite(a, s, env)) {
          return;
        }
        String base = Subscripts.base((com.github.javaparser.ast.expr.ArrayAccessExpr) a.getTarget(),
            new ArrayList<>());
        checkWritable(base, a.getTarget());
        throw error(a.getTarget(), "writing array elements outside a loop over the array's size"
            + " is not supported yet: " + a.getTarget() + " (write " + base + "[i] = ... in a for"
            + " loop over " + base + ")");
      }
      if (!(a.getTarget() instanceof NameExpr)) {
        throw error(a.getTarget(), Constructs.assignmentTarget(a.getTarget()));
      }
      String name = ((NameExpr) a.getTarget()).getNameAsString();
      if (recurrences.carriesArray(name)) {
        carriedArray(a, name, env);
        return;
      }
      notSizeOrArray(name, a.getTarget());
      if (!env.isDeclared(name)) {
        throw error(a.getTarget(), "cannot assign to " + name + ": only parameters and local"
            + " variables can be assigned (fields are not supported)");
      }
      org.cotangent.symbolic.ir.Node value = at(s, () -> expressions.assignment(a, name, env));
      env.assign(name, value);
      prov.name(value, name);
    } else if (e instanceof UnaryExpr && isIncrement((UnaryExpr) e)) {
      UnaryExpr u = (UnaryExpr) e;
      if (!(u.getExpression() instanceof NameExpr)) {
        throw error(u.getExpression(), Constructs.assignmentTarget(u.getExpression()));
      }
      String name = ((NameExpr) u.getExpression()).getNameAsString();
      notSizeOrArray(name, u);
      org.cotangent.symbolic.ir.Node old = expressions.read(name, (NameExpr) u.getExpression(), env);
      boolean up = u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
          || u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT;
      org.cotangent.symbolic.ir.Node value = at(s, () -> up ? Np.add(old, Np.scalar(1))
          : Np.sub(old, Np.scalar(1)));
      env.assign(name, value);
      prov.name(value, name);
    } else {
      throw error(e, Constructs.expressionStatement(e));
    }
  }

  /**
   * {@code y = next;} in the body of a recurrence carrying the array {@code y}: the next state,
   * a local array of the same length that nothing writes afterwards (Java's {@code y} and {@code
   * next} are then one array; no later write to either is accepted).
   */
  private void carriedArray(AssignExpr a, String name, Env env) {
    Expression v = a.getValue();
    String from = v instanceof NameExpr ? ((NameExpr) v).getNameAsString() : null;
    if (a.getOperator() != AssignExpr.Operator.ASSIGN || from == null
        || !arrays.containsKey(from) || paramArrays.contains(from) || from.equals(name)) {
      throw error(a, "the carried array " + name + " is assigned " + v + "; only a local array"
          + " written in this loop's body is (double[] next = new double[n]; ... " + name
          + " = next;)");
    }
    if (!arrays.get(from).equals(arrays.get(name))) {
      throw error(a, "the carried array " + name + " has the shape " + arrays.get(name) + ", "
          + from + " has " + arrays.get(from) + "; a carried array keeps its length");
    }
    env.assign(name, env.get(from));
    written(from);
  }

  private void notSizeOrArray(String name, Node at) {
    if (sizes.containsKey(name)) {
      throw error(at, "the size " + name + " is assigned: int parameters and locals are sizes and"
          + " cannot change");
    }
    if (arrays.containsKey(name)) {
      throw error(at, "assigning the array " + name + " as a whole is not supported; write its"
          + " elements in a loop");
    }
  }

  /** {@code int n = <size>;}: a name for a size, never reassigned. */
  private void intLocal(VariableDeclarator v, Env env) {
    if (v.getInitializer().isEmpty()) {
      throw error(v, "int local " + v.getNameAsString() + " needs an initial value (a size)");
    }
    Dim d = expressions.size(v.getInitializer().get(), env, "an int local");
    env.declare(v.getNameAsString(), null);
    sizes.put(v.getNameAsString(), d);
  }

  /** {@code double[] out = new double[<size>];}: a local array of zeros. */
  private void arrayLocal(VariableDeclarator v, Env env) {
    String name = v.getNameAsString();
    Expression init = v.getInitializer().orElse(null);
    if (!v.getType().asArrayType().getComponentType().isPrimitiveType()
        || !isDouble(v.getType().asArrayType().getComponentType())) {
      throw error(v.getType(), "local arrays of type " + v.getType() + " are not supported yet: "
          + v.getType() + " " + name + "; only double[] locals are");
    }
    if (init == null) {
      throw error(v, "local array " + name + " needs an initial value: new double[n]");
    }
    if (init instanceof com.github.javaparser.ast.expr.ArrayInitializerExpr) {
      throw error(init, "array initializers are not supported: " + init + "; use new double[n]"
          + " and a loop");
    }
    String cloned = clonedArray(init);
    if (cloned != null) {
      // double[] y = y0.clone(): a copy, so y is y0's value and written by no loop (not fresh).
      org.cotangent.symbolic.ir.Node v0 = env.get(cloned);
      if (arrays.get(cloned).rank() != 1 || v0 == null) {
        throw error(init, "only a double[] is cloned into a local array: " + init);
      }
      org.cotangent.symbolic.ir.Node copy = at(v, () -> v0);
      env.declare(name, copy);
      arrays.put(name, arrays.get(cloned));
      return;
    }
    if (!(init instanceof com.github.javaparser.ast.expr.ArrayCreationExpr)) {
      throw error(init, "array aliasing (" + name + " = " + init + ") is not supported; only new"
          + " double[n]");
    }
    com.github.javaparser.ast.expr.ArrayCreationExpr c =
        (com.github.javaparser.ast.expr.ArrayCreationExpr) init;
    if (c.getInitializer().isPresent() || c.getLevels().size() != 1
        || c.getLevels().get(0).getDimension().isEmpty()) {
      throw error(init, "only new double[n] creates a local array: " + init);
    }
    if (sizeLoops.depth() > 0) {
      throw error(init, "local arrays inside a loop over a size are not supported; create " + name
          + " before the loop");
    }
    Dim n = expressions.size(c.getLevels().get(0).getDimension().get(), env, "an array length");
    Subscripts.require(org.cotangent.symbolic.Dims.geq(n, Dim.of(0)), init, "the length " + n
        + " of " + name + " may be negative");
    org.cotangent.symbolic.Shape shape = org.cotangent.symbolic.Shape.of(n);
    org.cotangent.symbolic.ir.Node zeros = at(v, () -> org.cotangent.symbolic.Ir.zeros(
        TensorType.of(org.cotangent.symbolic.DType.F64, shape)));
    env.declare(name, zeros);
    prov.name(zeros, name);
    arrays.put(name, shape);
    fresh.add(name);
  }

  /** {@code a} if {@code init} is {@code a.clone()} of an array {@code a}, else null. */
  private String clonedArray(Expression init) {
    if (!(init instanceof com.github.javaparser.ast.expr.MethodCallExpr)) {
      return null;
    }
    com.github.javaparser.ast.expr.MethodCallExpr c =
        (com.github.javaparser.ast.expr.MethodCallExpr) init;
    if (!c.getNameAsString().equals("clone") || !c.getArguments().isEmpty()
        || c.getScope().isEmpty() || !(c.getScope().get() instanceof NameExpr)) {
      return null;
    }
    String a = ((NameExpr) c.getScope().get()).getNameAsString();
    return arrays.containsKey(a) ? a : null;
  }

  static boolean isIncrement(UnaryExpr u) {
    switch (u.getOperator()) {
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return true;
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------ calls, origins, errors

  /**
   * Inlines a call of {@code callee} on {@code args}: its parameters bound to the arguments, its
   * statements recorded with their own origins (the innermost statement wins, as a debugger
   * attributes inlined code).
   */
  org.cotangent.symbolic.ir.Node inline(MethodDeclaration callee, List<org.cotangent.symbolic.ir.Node> args,
      Node site) {
    String key = callee.getNameAsString() + "/" + args.size();
    if (callStack.contains(key)) {
      throw error(site, "recursive calls are not supported: " + String.join(" -> ", callStack)
          + " -> " + key);
    }
    checkSignature(callee);
    for (Parameter p : callee.getParameters()) {
      if (!isDouble(p.getType())) {
        throw error(site, "calls passing arrays or sizes are not supported yet: " + key
            + " has parameter " + p.getType() + " " + p.getNameAsString());
      }
    }
    for (org.cotangent.symbolic.ir.Node a : args) {
      // The arguments belong to the caller's statement.
      if (current != null) {
        prov.claim(a, current);
      }
    }
    Env env = new Env();
    for (int k = 0; k < args.size(); k++) {
      env.declare(callee.getParameters().get(k).getNameAsString(), args.get(k));
    }
    Origin saved = current;
    callStack.add(key);
    Map<String, Dim> savedSizes = sizes;
    Map<String, org.cotangent.symbolic.Shape> savedArrays = arrays;
    Set<String> savedParamArrays = paramArrays;
    Set<String> savedFresh = fresh;
    Map<String, Integer> savedDeclared = declaredAt;
    sizes = new LinkedHashMap<>();
    arrays = new LinkedHashMap<>();
    paramArrays = new LinkedHashSet<>();
    fresh = new LinkedHashSet<>();
    declaredAt = new LinkedHashMap<>();
    for (Parameter p : callee.getParameters()) {
      declaredAt.put(p.getNameAsString(), sizeLoops.depth());
    }
    int hidden = sizeLoops.hide();
    try {
      return body(callee, env);
    } finally {
      callStack.remove(callStack.size() - 1);
      current = saved;
      sizes = savedSizes;
      arrays = savedArrays;
      paramArrays = savedParamArrays;
      fresh = savedFresh;
      declaredAt = savedDeclared;
      sizeLoops.unhide(hidden);
    }
  }

  MethodDeclaration callee(String name, int arity) {
    return callees.find(name, arity);
  }

  /** Evaluates {@code f} as statement {@code s}: the nodes it makes get {@code s}'s origin. */
  org.cotangent.symbolic.ir.Node at(Node s, java.util.function.Supplier<org.cotangent.symbolic.ir.Node> f) {
    Origin saved = current;
    Origin o = origin(s);
    current = o;
    try {
      org.cotangent.symbolic.ir.Node n = f.get();
      if (o != null) {
        prov.claim(n, o);
      }
      return n;
    } finally {
      current = saved;
    }
  }

  private Origin origin(Node s) {
    if (s.getBegin().isEmpty()) {
      return null;
    }
    Position p = s.getBegin().get();
    String text = p.line >= 1 && p.line <= lines.length ? lines[p.line - 1] : "";
    return Origin.primal(new SourcePos(file, p.line, p.column, text));
  }

  static JavaSubsetException error(Node at, String message) {
    Position p = at.getBegin().orElse(new Position(1, 1));
    return new JavaSubsetException(message, p.line, p.column);
  }

  // --------------------------------------------------------------------------- scopes

  /** Variables in scope: name to current value (null: declared, not yet assigned). */
  static final class Env {
    private final Env parent;
    private final Map<String, org.cotangent.symbolic.ir.Node> values = new LinkedHashMap<>();
    private final Set<String> declaredHere = new LinkedHashSet<>();

    Env() {
      this(null);
    }

    private Env(Env parent) {
      this.parent = parent;
      if (parent != null) {
        values.putAll(parent.values);
      }
    }

    Env child() {
      return new Env(this);
    }

    /** A copy with the same variables, for a branch. */
    Env copy() {
      Env e = new Env(parent);
      e.values.putAll(values);
      e.declaredHere.addAll(declaredHere);
      return e;
    }

    void declare(String name, org.cotangent.symbolic.ir.Node v) {
      values.put(name, v);
      declaredHere.add(name);
    }

    boolean isDeclaredHere(String name) {
      // Java forbids shadowing a local or parameter in a nested block as well.
      return values.containsKey(name);
    }

    boolean isDeclared(String name) {
      return values.containsKey(name);
    }

    org.cotangent.symbolic.ir.Node get(String name) {
      return values.get(name);
    }

    void assign(String name, org.cotangent.symbolic.ir.Node v) {
      values.put(name, v);
    }

    Set<String> names() {
      return new LinkedHashSet<>(values.keySet());
    }

    /** After a nested block: the outer variables take their values; its own locals go. */
    void takeAssignments(Env inner) {
      for (String n : values.keySet()) {
        values.put(n, inner.values.get(n));
      }
    }
  }
}
