package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.BodyClosure;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.Scope;

/**
 * {@code for (int i = lo; i < hi; i++) body} with {@code lo} and {@code hi} int constants, as
 * the IR's {@code fori_loop} (other bounds, bodies over arrays and {@code i--} loops are {@link
 * SizeLoops}' and {@link Recurrences}') (a scan: reverse mode keeps each step's residuals, and the generated
 * code is one Java loop whatever the trip count). The carries are the variables declared before
 * the loop that its body assigns (as Tangent and Tapenade read them off the body); the body is
 * traced once on fresh parameters (the index an {@code i64}, the carries {@code f64}) and closed
 * over the outer values it reads, which become the loop's consts (the runtime's {@code
 * Control.forLoop} does the same for a lambda).
 */
final class Loops {
  /** Far from the script interpreter's and the Java API's trace scopes. */
  private static final int BASE = 1 << 22;

  private final MethodReader reader;
  private int depth;

  Loops(MethodReader reader) {
    this.reader = reader;
  }

  void forStatement(ForStmt f, MethodReader.Env env, Provenance prov, SizeLoops sizeLoops) {
    if (f.getInitialization().size() != 1
        || !(f.getInitialization().get(0) instanceof VariableDeclarationExpr)
        || ((VariableDeclarationExpr) f.getInitialization().get(0)).getVariables().size() != 1) {
      throw header(f);
    }
    VariableDeclarator d = ((VariableDeclarationExpr) f.getInitialization().get(0))
        .getVariables().get(0);
    String i = d.getNameAsString();
    if (!d.getType().isPrimitiveType() || !d.getType().toString().equals("int")
        || d.getInitializer().isEmpty()) {
      throw header(f);
    }
    if (env.isDeclared(i)) {
      throw MethodReader.error(d, "variable " + i + " is already defined");
    }
    if (f.getCompare().isEmpty() || !(f.getCompare().get() instanceof BinaryExpr)) {
      throw header(f);
    }
    BinaryExpr cmp = (BinaryExpr) f.getCompare().get();
    BinaryExpr.Operator op = cmp.getOperator();
    boolean up = op == BinaryExpr.Operator.LESS || op == BinaryExpr.Operator.LESS_EQUALS;
    boolean down = op == BinaryExpr.Operator.GREATER_EQUALS || op == BinaryExpr.Operator.GREATER;
    if (!Syntax.isName(cmp.getLeft(), i) || !(up || down)) {
      throw header(f);
    }
    if (f.getUpdate().size() != 1 || (up ? !isIncrementOf(f.getUpdate().get(0), i)
        : !isDecrementOf(f.getUpdate().get(0), i))) {
      throw header(f);
    }
    if (down) {
      // for (int i = hi - 1; i >= lo; i--): the indices [lo, hi) from the last (a reverse loop).
      Dim hi = reader.expressions.size(d.getInitializer().get(), env, "the bounds of a for loop")
          .plus(1);
      Dim lo = reader.expressions.size(cmp.getRight(), env, "the bounds of a for loop");
      sizeLoops.run(f, i, op == BinaryExpr.Operator.GREATER ? lo.plus(1) : lo, hi, true, env);
      return;
    }
    boolean inclusive = cmp.getOperator() == BinaryExpr.Operator.LESS_EQUALS;
    Integer loC = reader.expressions.intConstant(d.getInitializer().get());
    Integer hiC = reader.expressions.intConstant(cmp.getRight());
    if (loC == null || hiC == null || sizeLoops.depth() > 0 || mentionsArraysOrSizes(f)) {
      // Over sizes, or over arrays: traced on whole arrays (maps and reductions).
      sizeLoops.run(f, i, d.getInitializer().get(), cmp.getRight(), inclusive, env);
      return;
    }
    int lo = loC;
    int hi = hiC + (inclusive ? 1 : 0);
    if (!f.getBody().findAll(ReturnStmt.class).isEmpty()) {
      throw MethodReader.error(f.getBody().findAll(ReturnStmt.class).get(0), "return inside a"
          + " for loop is not supported: a loop with a data-dependent exit has no reverse mode"
          + " here yet");
    }
    Set<String> assigned = assignedIn(f);
    if (assigned.contains(i)) {
      throw MethodReader.error(f.getBody(), "the loop index " + i + " is assigned in the body;"
          + " only loops whose index only counts are supported");
    }
    List<String> carried = new ArrayList<>();
    for (String n : env.names()) {
      if (assigned.contains(n)) {
        if (env.get(n) == null) {
          throw MethodReader.error(f, n + " is assigned in this loop but has no value before it;"
              + " assign it before the loop");
        }
        carried.add(n);
      }
    }
    if (carried.isEmpty() || hi <= lo) {
      // Nothing the loop computes survives it (or it runs zero times).
      return;
    }
    // Trace the body on parameters of a scope of its own: (i, carries...).
    Scope scope = Scope.trace(BASE + depth);
    List<TensorType> types = new ArrayList<>();
    types.add(TensorType.of(DType.I64));
    List<Node> own = new ArrayList<>();
    own.add(Param.node(scope, 0, types.get(0)));
    MethodReader.Env inner = env.copy();
    inner.declare(i, own.get(0));
    List<Node> init = new ArrayList<>();
    for (int k = 0; k < carried.size(); k++) {
      types.add(TensorType.f64());
      Node p = Param.node(scope, k + 1, TensorType.f64());
      own.add(p);
      inner.assign(carried.get(k), p);
      init.add(env.get(carried.get(k)));
    }
    depth++;
    List<Node> outs = new ArrayList<>();
    try {
      reader.statementInLoop(f.getBody(), inner);
    } finally {
      depth--;
    }
    for (String c : carried) {
      outs.add(inner.get(c));
    }
    // Close: the outer parameters the body reaches become leading consts.
    BodyClosure closure = BodyClosure.of(own, types, outs);
    List<Node> free = closure.free;
    List<TensorType> all = closure.types;
    Map<Node, Node> subst = closure.substitution();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < free.size(); k++) {
      names.add("c" + k);
    }
    for (int k = 0; k < own.size(); k++) {
      names.add(k == 0 ? i : carried.get(k - 1));
    }
    Provenance body = new Provenance();
    List<Node> closed = Graph.substitute(outs, subst, prov, body);
    Graph g = new Graph(names, all, closed, carried, body);
    List<Node> result = reader.atLoop(f, () -> Scan.foriLoop(lo, hi, g, free, init));
    for (int k = 0; k < carried.size(); k++) {
      env.assign(carried.get(k), result.get(k));
      prov.name(result.get(k), carried.get(k));
    }
  }

  private boolean mentionsArraysOrSizes(ForStmt f) {
    for (NameExpr n : f.findAll(NameExpr.class)) {
      if (reader.sizeOf(n.getNameAsString()) != null
          || reader.arrayRank(n.getNameAsString()) != null) {
        return true;
      }
    }
    return false;
  }

  private static JavaSubsetException header(ForStmt f) {
    return MethodReader.error(f, "only for loops of the form for (int i = lo; i < hi; i++) (or"
        + " i <= hi), or for (int i = hi - 1; i >= lo; i--), with int lo and hi (sizes, int"
        + " parameters, constants) are supported");
  }

  private static boolean isDecrementOf(Expression e, String i) {
    if (e instanceof UnaryExpr) {
      UnaryExpr u = (UnaryExpr) e;
      return Syntax.isName(u.getExpression(), i)
          && (u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT
          || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT);
    }
    if (e instanceof AssignExpr) {
      AssignExpr a = (AssignExpr) e;
      return Syntax.isName(a.getTarget(), i) && a.getOperator() == AssignExpr.Operator.MINUS
          && a.getValue() instanceof IntegerLiteralExpr
          && ((IntegerLiteralExpr) a.getValue()).asNumber().intValue() == 1;
    }
    return false;
  }

  private static boolean isIncrementOf(Expression e, String i) {
    if (e instanceof UnaryExpr) {
      UnaryExpr u = (UnaryExpr) e;
      return Syntax.isName(u.getExpression(), i)
          && (u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
          || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT);
    }
    if (e instanceof AssignExpr) {
      AssignExpr a = (AssignExpr) e;
      return Syntax.isName(a.getTarget(), i) && a.getOperator() == AssignExpr.Operator.PLUS
          && a.getValue() instanceof IntegerLiteralExpr
          && ((IntegerLiteralExpr) a.getValue()).asNumber().intValue() == 1;
    }
    return false;
  }

  /** The names the body assigns (=, compound assignment, ++ and --). */
  static Set<String> assignedIn(ForStmt f) {
    Set<String> names = new LinkedHashSet<>();
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (a.getTarget() instanceof NameExpr) {
        names.add(((NameExpr) a.getTarget()).getNameAsString());
      }
    }
    for (UnaryExpr u : f.getBody().findAll(UnaryExpr.class)) {
      if (MethodReader.isIncrement(u) && u.getExpression() instanceof NameExpr) {
        names.add(((NameExpr) u.getExpression()).getNameAsString());
      }
    }
    return names;
  }
}
