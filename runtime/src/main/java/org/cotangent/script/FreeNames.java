package org.cotangent.script;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
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
    } else if (s instanceof Stmt.For f) {
      expr(f.iterable(), out);
      f.body().forEach(b -> stmt(b, out));
    } else if (s instanceof Stmt.While w) {
      expr(w.condition(), out);
      w.body().forEach(b -> stmt(b, out));
    } else if (s instanceof Stmt.If i) {
      expr(i.condition(), out);
      i.then().forEach(b -> stmt(b, out));
      i.orElse().forEach(b -> stmt(b, out));
    } else {
      throw new IllegalStateException("FreeNames: statement " + s.getClass().getSimpleName());
    }
  }

  /** Iterative (a worklist, not recursion), so a chain of 100,000 terms is fine. */
  private static void expr(Expr root, Set<String> out) {
    Deque<Expr> work = new ArrayDeque<>();
    push(work, root);
    while (!work.isEmpty()) {
      Expr e = work.pop();
      if (e instanceof Expr.Name) {
        out.add(((Expr.Name) e).id());
      } else if (e instanceof Expr.ListExpr) {
        ((Expr.ListExpr) e).elements().forEach(x -> push(work, x));
      } else if (e instanceof Expr.TupleExpr) {
        ((Expr.TupleExpr) e).elements().forEach(x -> push(work, x));
      } else if (e instanceof Expr.DictExpr) {
        for (Expr.DictEntry d : ((Expr.DictExpr) e).entries()) {
          push(work, d.key());
          push(work, d.value());
        }
      } else if (e instanceof Expr.Unary) {
        push(work, ((Expr.Unary) e).operand());
      } else if (e instanceof Expr.Binary) {
        push(work, ((Expr.Binary) e).left());
        push(work, ((Expr.Binary) e).right());
      } else if (e instanceof Expr.Logical) {
        push(work, ((Expr.Logical) e).left());
        push(work, ((Expr.Logical) e).right());
      } else if (e instanceof Expr.Conditional) {
        Expr.Conditional c = (Expr.Conditional) e;
        push(work, c.condition());
        push(work, c.ifTrue());
        push(work, c.ifFalse());
      } else if (e instanceof Expr.Lambda) {
        push(work, ((Expr.Lambda) e).body());
      } else if (e instanceof Expr.Call) {
        Expr.Call c = (Expr.Call) e;
        push(work, c.callee());
        c.args().forEach(x -> push(work, x));
        c.keywords().forEach(k -> push(work, k.value()));
      } else if (e instanceof Expr.Index) {
        push(work, ((Expr.Index) e).value());
        ((Expr.Index) e).items().forEach(x -> push(work, x));
      } else if (e instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) e;
        push(work, s.lower());
        push(work, s.upper());
        push(work, s.step());
      } else if (e instanceof Expr.Attribute) {
        push(work, ((Expr.Attribute) e).value());
      }
    }
  }

  private static void push(Deque<Expr> work, Expr e) {
    if (e != null) {
      work.push(e);
    }
  }
}
