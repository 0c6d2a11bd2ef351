package org.cotangent.frontend.script;

import java.util.List;
import java.util.StringJoiner;

/**
 * Prints an AST as S-expressions, deterministically (the same tree always gives the same text), for
 * tests and debugging. Operators print as their symbol ({@code (+ a b)}, {@code (- x)}, {@code
 * (not x)}); ints as digits, floats as Java's {@code Double.toString} ({@code 1.0E-4}), imaginary
 * literals with a {@code j}; strings double-quoted with escapes; an absent slice part as {@code _}.
 *
 * <pre>
 * (= (unpack a b) (call f x k=1))
 * (def f (x y) (* x y))
 * (def g (x) (block (= y (** x 2)) (return y)))
 * (index x (slice 1 _ _) 0)
 * </pre>
 */
public final class AstPrinter implements Expr.Visitor<String>, Stmt.Visitor<String> {
  private static final AstPrinter INSTANCE = new AstPrinter();

  private AstPrinter() {}

  /** One line per statement. */
  public static String print(Program program) {
    StringJoiner j = new StringJoiner("\n");
    for (Stmt s : program.statements()) {
      j.add(print(s));
    }
    return j.toString();
  }

  /** A statement on one line. */
  public static String print(Stmt stmt) {
    return stmt.accept(INSTANCE);
  }

  /** An expression on one line. */
  public static String print(Expr expr) {
    return expr.accept(INSTANCE);
  }

  /** An assignment target on one line. */
  public static String print(Target target) {
    if (target instanceof Target.Var v) {
      return v.name();
    }
    StringJoiner j = new StringJoiner(" ", "(unpack ", ")");
    for (Target t : ((Target.Unpack) target).elements()) {
      j.add(print(t));
    }
    return j.toString();
  }

  private static String sexp(String head, List<String> parts) {
    StringBuilder b = new StringBuilder("(").append(head);
    for (String s : parts) {
      b.append(' ').append(s);
    }
    return b.append(')').toString();
  }

  private String all(String head, List<Expr> items) {
    return sexp(head, items.stream().map(this::opt).toList());
  }

  private String opt(Expr e) {
    return e == null ? "_" : e.accept(this);
  }

  private static String params(List<Param> params) {
    return "(" + String.join(" ", params.stream().map(Param::name).toList()) + ")";
  }

  /** A Java-like double-quoted string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\r':
          b.append("\\r");
          break;
        default:
          b.append(c);
      }
    }
    return b.append('"').toString();
  }

  // ---- statements

  @Override
  public String visitAssign(Stmt.Assign s) {
    return "(= " + print(s.target()) + " " + s.value().accept(this) + ")";
  }

  @Override
  public String visitExprStmt(Stmt.ExprStmt s) {
    return s.expr().accept(this);
  }

  @Override
  public String visitDef(Stmt.Def s) {
    String head = "(def " + s.name() + " " + params(s.params()) + " ";
    if (s.expressionBody()) {
      return head + ((Stmt.Return) s.body().get(0)).value().accept(this) + ")";
    }
    return head + sexp("block", s.body().stream().map(st -> st.accept(this)).toList()) + ")";
  }

  @Override
  public String visitReturn(Stmt.Return s) {
    return "(return " + s.value().accept(this) + ")";
  }

  @Override
  public String visitFor(Stmt.For s) {
    return "(for " + print(s.target()) + " " + s.iterable().accept(this) + " "
        + block(s.body()) + ")";
  }

  @Override
  public String visitWhile(Stmt.While s) {
    return "(while " + s.condition().accept(this) + " " + block(s.body()) + ")";
  }

  @Override
  public String visitIf(Stmt.If s) {
    return "(if " + s.condition().accept(this) + " " + block(s.then()) + " "
        + block(s.orElse()) + ")";
  }

  private String block(java.util.List<Stmt> body) {
    return sexp("block", body.stream().map(st -> st.accept(this)).toList());
  }

  // ---- expressions

  @Override
  public String visitName(Expr.Name e) {
    return e.id();
  }

  @Override
  public String visitIntLit(Expr.IntLit e) {
    return Long.toString(e.value());
  }

  @Override
  public String visitFloatLit(Expr.FloatLit e) {
    return Double.toString(e.value());
  }

  @Override
  public String visitImagLit(Expr.ImagLit e) {
    return Double.toString(e.imag()) + "j";
  }

  @Override
  public String visitStrLit(Expr.StrLit e) {
    return quote(e.value());
  }

  @Override
  public String visitBoolLit(Expr.BoolLit e) {
    return e.value() ? "True" : "False";
  }

  @Override
  public String visitNoneLit(Expr.NoneLit e) {
    return "None";
  }

  @Override
  public String visitListExpr(Expr.ListExpr e) {
    return all("list", e.elements());
  }

  @Override
  public String visitTupleExpr(Expr.TupleExpr e) {
    return all("tuple", e.elements());
  }

  @Override
  public String visitDictExpr(Expr.DictExpr e) {
    return sexp(
        "dict",
        e.entries().stream()
            .map(en -> "(" + en.key().accept(this) + " " + en.value().accept(this) + ")")
            .toList());
  }

  @Override
  public String visitUnary(Expr.Unary e) {
    return "(" + e.op().symbol() + " " + e.operand().accept(this) + ")";
  }

  @Override
  public String visitBinary(Expr.Binary e) {
    return "(" + e.op().symbol() + " " + e.left().accept(this) + " " + e.right().accept(this) + ")";
  }

  @Override
  public String visitLogical(Expr.Logical e) {
    return "(" + e.op().symbol() + " " + e.left().accept(this) + " " + e.right().accept(this) + ")";
  }

  @Override
  public String visitConditional(Expr.Conditional e) {
    return "(if " + e.condition().accept(this) + " " + e.ifTrue().accept(this) + " "
        + e.ifFalse().accept(this) + ")";
  }

  @Override
  public String visitLambda(Expr.Lambda e) {
    return "(lambda " + params(e.params()) + " " + e.body().accept(this) + ")";
  }

  @Override
  public String visitCall(Expr.Call e) {
    StringJoiner j = new StringJoiner(" ", "(call ", ")");
    j.add(e.callee().accept(this));
    for (Expr a : e.args()) {
      j.add(a.accept(this));
    }
    for (Expr.Keyword k : e.keywords()) {
      j.add(k.name() + "=" + k.value().accept(this));
    }
    return j.toString();
  }

  @Override
  public String visitIndex(Expr.Index e) {
    StringJoiner j = new StringJoiner(" ", "(index ", ")");
    j.add(e.value().accept(this));
    for (Expr a : e.items()) {
      j.add(a.accept(this));
    }
    return j.toString();
  }

  @Override
  public String visitSlice(Expr.Slice e) {
    return "(slice " + opt(e.lower()) + " " + opt(e.upper()) + " " + opt(e.step()) + ")";
  }

  @Override
  public String visitAttribute(Expr.Attribute e) {
    return "(attr " + e.value().accept(this) + " " + e.name() + ")";
  }
}
