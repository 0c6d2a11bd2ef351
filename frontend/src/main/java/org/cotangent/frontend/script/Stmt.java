package org.cotangent.frontend.script;

import java.util.List;
import java.util.Objects;

/** A statement of the script language. Every statement has the position where it starts. */
public sealed interface Stmt permits Stmt.Assign, Stmt.ExprStmt, Stmt.Def, Stmt.Return, Stmt.For, Stmt.While,
    Stmt.If {
  /** Where the statement starts. */
  Pos pos();

  /** Calls the method of {@code visitor} for this kind of statement. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of statement.
   *
   * @param <R> what a visit returns
   */
  interface Visitor<R> {
    /** {@code target = value}. */
    R visitAssign(Assign s);

    /** An expression evaluated for its effect (or, in a REPL, its value). */
    R visitExprStmt(ExprStmt s);

    /** {@code def name(params) = e} or {@code def name(params) { ... }}. */
    R visitDef(Def s);

    /** {@code return value}. */
    R visitReturn(Return s);

    /** {@code for target in iterable { ... }}. */
    R visitFor(For s);

    /** {@code while condition { ... }}. */
    R visitWhile(While s);

    /** {@code if condition { ... } else { ... }}. */
    R visitIf(If s);
  }

  /**
   * {@code target = value}; {@code a, b = e} unpacks.
   *
   * @param target the name or names assigned
   * @param value the right-hand side ({@code x = 1, 2} makes a tuple)
   * @param pos the start of the target
   */
  record Assign(Target target, Expr value, Pos pos) implements Stmt {
    /** Checks the components. */
    public Assign {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAssign(this);
    }
  }

  /**
   * An expression used as a statement.
   *
   * @param expr the expression; the statement's position is its position
   */
  record ExprStmt(Expr expr) implements Stmt {
    /** Checks the components. */
    public ExprStmt {
      Objects.requireNonNull(expr, "expr");
    }

    @Override
    public Pos pos() {
      return expr.pos();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitExprStmt(this);
    }
  }

  /**
   * A function definition. Both forms have a statement list as body: for {@code def f(x) = e} it is
   * a single {@link Return} of {@code e} (positioned at {@code e}) and {@code expressionBody} is
   * true; for {@code def f(x) { ... }} it is the statements of the block, of which only the last
   * may be a {@link Return} (the parser rejects statements after a return, which could never run).
   * A block without a return returns None. The function closes over the enclosing scope, and its
   * name is bound in that scope (so it may call itself).
   *
   * @param name the function name
   * @param params the parameters (distinct names)
   * @param body the statements of the body
   * @param expressionBody true for the {@code = e} form
   * @param pos where {@code def} is
   * @param namePos where the name is
   */
  record Def(
      String name,
      List<Param> params,
      List<Stmt> body,
      boolean expressionBody,
      Pos pos,
      Pos namePos)
      implements Stmt {
    /** Copies the lists. */
    public Def {
      Objects.requireNonNull(name, "name");
      params = List.copyOf(params);
      body = List.copyOf(body);
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(namePos, "namePos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDef(this);
    }
  }

  /**
   * {@code return value}, only inside a def body; {@code return a, b} returns a tuple.
   *
   * @param value the value returned
   * @param pos where {@code return} is (for the {@code def f(x) = e} form: where {@code e} is)
   */
  record Return(Expr value, Pos pos) implements Stmt {
    /** Checks the components. */
    public Return {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitReturn(this);
    }
  }

  /**
   * {@code for target in iterable { body }}: the iterable is {@code range(...)}, an array (its
   * leading axis) or a tuple or list. The body has no {@code return}.
   *
   * @param target the loop variable or variables
   * @param iterable what is iterated over
   * @param body the statements of the body
   * @param pos where {@code for} is
   */
  record For(Target target, Expr iterable, List<Stmt> body, Pos pos) implements Stmt {
    /** Copies the body. */
    public For {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(iterable, "iterable");
      body = List.copyOf(body);
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFor(this);
    }
  }

  /**
   * {@code while condition { body }}. The body has no {@code return}.
   *
   * @param condition tested before every step
   * @param body the statements of the body
   * @param pos where {@code while} is
   */
  record While(Expr condition, List<Stmt> body, Pos pos) implements Stmt {
    /** Copies the body. */
    public While {
      Objects.requireNonNull(condition, "condition");
      body = List.copyOf(body);
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitWhile(this);
    }
  }

  /**
   * {@code if condition { then } else { orElse }}; {@code else if} is an {@code If} alone in
   * {@code orElse}, and no {@code else} is an empty {@code orElse}. Inside a def, the branches may
   * end with a {@code return} only if every branch does and the {@code if} ends the body
   * ({@link #returns}).
   *
   * @param condition the test
   * @param then the statements run when it holds
   * @param orElse the statements run otherwise
   * @param pos where {@code if} is
   */
  record If(Expr condition, List<Stmt> then, List<Stmt> orElse, Pos pos) implements Stmt {
    /** Copies the branches. */
    public If {
      Objects.requireNonNull(condition, "condition");
      then = List.copyOf(then);
      orElse = List.copyOf(orElse);
      Objects.requireNonNull(pos, "pos");
    }

    /** True if every branch ends with a {@code return} (so the statement returns). */
    public boolean returns() {
      return endsWithReturn(then) && endsWithReturn(orElse);
    }

    private static boolean endsWithReturn(List<Stmt> b) {
      if (b.isEmpty()) {
        return false;
      }
      Stmt last = b.get(b.size() - 1);
      return last instanceof Return || (last instanceof If i && i.returns());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIf(this);
    }
  }
}
