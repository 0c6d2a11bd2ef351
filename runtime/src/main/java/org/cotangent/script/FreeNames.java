package org.cotangent.script;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Stmt;

/**
 * The names a function body mentions (an over-approximation of its free variables: parameters and
 * locals are included, which only makes cache keys more specific). Computed once per AST node.
 */
final class FreeNames {
  private FreeNames() {}

  private static final Map<Object, Set<String>> CACHE =
      Collections.synchronizedMap(new IdentityHashMap<>());

  static Set<String> of(Object ast, List<Stmt> body) {
    Set<String> hit = CACHE.get(ast);
    if (hit != null) {
      return hit;
    }
    Set<String> names = new TreeSet<>();
    for (Stmt s : body) {
      stmt(s, names);
    }
    Set<String> r = Collections.unmodifiableSet(names);
    CACHE.put(ast, r);
    return r;
  }

  private static void stmt(Stmt s, Set<String> out) {
    if (s instanceof Stmt.Assign) {
      expr(((Stmt.Assign) s).value(), out);
    } else if (s instanceof Stmt.ExprStmt) {
      expr(((Stmt.ExprStmt) s).expr(), out);
    } else if (s instanceof Stmt.Return) {
      expr(((Stmt.Return) s).value(), out);
    } else if (s instanceof Stmt.Def) {
      for (Stmt b : ((Stmt.Def) s).body()) {
        stmt(b, out);
      }
    }
  }

  private static void expr(Expr e, Set<String> out) {
    if (e == null) {
      return;
    }
    if (e instanceof Expr.Name) {
      out.add(((Expr.Name) e).id());
    } else if (e instanceof Expr.ListExpr) {
      ((Expr.ListExpr) e).elements().forEach(x -> expr(x, out));
    } else if (e instanceof Expr.TupleExpr) {
      ((Expr.TupleExpr) e).elements().forEach(x -> expr(x, out));
    } else if (e instanceof Expr.DictExpr) {
      for (Expr.DictEntry d : ((Expr.DictExpr) e).entries()) {
        expr(d.key(), out);
        expr(d.value(), out);
      }
    } else if (e instanceof Expr.Unary) {
      expr(((Expr.Unary) e).operand(), out);
    } else if (e instanceof Expr.Binary) {
      expr(((Expr.Binary) e).left(), out);
      expr(((Expr.Binary) e).right(), out);
    } else if (e instanceof Expr.Logical) {
      expr(((Expr.Logical) e).left(), out);
      expr(((Expr.Logical) e).right(), out);
    } else if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      expr(c.condition(), out);
      expr(c.ifTrue(), out);
      expr(c.ifFalse(), out);
    } else if (e instanceof Expr.Lambda) {
      expr(((Expr.Lambda) e).body(), out);
    } else if (e instanceof Expr.Call) {
      Expr.Call c = (Expr.Call) e;
      expr(c.callee(), out);
      c.args().forEach(x -> expr(x, out));
      c.keywords().forEach(k -> expr(k.value(), out));
    } else if (e instanceof Expr.Index) {
      expr(((Expr.Index) e).value(), out);
      ((Expr.Index) e).items().forEach(x -> expr(x, out));
    } else if (e instanceof Expr.Slice) {
      Expr.Slice s = (Expr.Slice) e;
      expr(s.lower(), out);
      expr(s.upper(), out);
      expr(s.step(), out);
    } else if (e instanceof Expr.Attribute) {
      expr(((Expr.Attribute) e).value(), out);
    }
  }
}
