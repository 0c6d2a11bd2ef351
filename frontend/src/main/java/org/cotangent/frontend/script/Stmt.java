package org.cotangent.frontend.script;

import java.util.List;
import java.util.Objects;

/** A statement of the script language. Every statement has the position where it starts. */
public sealed interface Stmt permits Stmt.Assign, Stmt.ExprStmt, Stmt.Def, Stmt.Return {
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
}
