package org.cotangent.frontend.script;

import java.util.List;
import java.util.Objects;

/**
 * An expression of the script language. Every expression has {@link #pos()}, where it starts;
 * operators, calls and subscripts also keep the position of the operator token, which is the
 * better place for an error about the operation itself (a shape mismatch in {@code a + b}, a wrong
 * arity in {@code f(x)}).
 *
 * <p>Evaluate with a {@link Visitor}, or with {@code instanceof} patterns: the interface is sealed.
 */
public sealed interface Expr
    permits Expr.Name,
        Expr.IntLit,
        Expr.FloatLit,
        Expr.ImagLit,
        Expr.StrLit,
        Expr.BoolLit,
        Expr.NoneLit,
        Expr.ListExpr,
        Expr.TupleExpr,
        Expr.DictExpr,
        Expr.Unary,
        Expr.Binary,
        Expr.Logical,
        Expr.Conditional,
        Expr.Lambda,
        Expr.Call,
        Expr.Index,
        Expr.Slice,
        Expr.Attribute {

  /** Where the expression starts. */
  Pos pos();

  /** Calls the method of {@code visitor} for this kind of expression. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of expression.
   *
   * @param <R> what a visit returns
   */
  interface Visitor<R> {
    /** A variable reference. */
    R visitName(Name e);

    /** An integer literal. */
    R visitIntLit(IntLit e);

    /** A float literal. */
    R visitFloatLit(FloatLit e);

    /** An imaginary literal such as {@code 4j}. */
    R visitImagLit(ImagLit e);

    /** A string literal. */
    R visitStrLit(StrLit e);

    /** {@code True} or {@code False}. */
    R visitBoolLit(BoolLit e);

    /** {@code None}. */
    R visitNoneLit(NoneLit e);

    /** {@code [a, b]}. */
    R visitListExpr(ListExpr e);

    /** {@code (a, b)}, {@code (a,)}, {@code ()} or a bare {@code a, b}. */
    R visitTupleExpr(TupleExpr e);

    /** {@code {"k": v}}. */
    R visitDictExpr(DictExpr e);

    /** {@code -x}, {@code +x}, {@code not x}. */
    R visitUnary(Unary e);

    /** Arithmetic and comparisons. */
    R visitBinary(Binary e);

    /** {@code a and b}, {@code a or b} (short-circuit). */
    R visitLogical(Logical e);

    /** {@code a if c else b}. */
    R visitConditional(Conditional e);

    /** {@code lambda a, b: e}. */
    R visitLambda(Lambda e);

    /** {@code f(a, k=v)}. */
    R visitCall(Call e);

    /** {@code x[i]}, {@code x[i, j]}, {@code x[1:3]}. */
    R visitIndex(Index e);

    /** {@code lower:upper:step}, only as an item of an {@link Index}. */
    R visitSlice(Slice e);

    /** {@code x.name}. */
    R visitAttribute(Attribute e);
  }

  // ------------------------------------------------------------------ operators

  /** Prefix operators. */
  enum UnaryOp {
    /** {@code -x}. */
    NEG("-"),
    /** {@code +x}. */
    POS("+"),
    /** {@code not x}. */
    NOT("not");

    private final String symbol;

    UnaryOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written. */
    public String symbol() {
      return symbol;
    }
  }

  /** Binary operators: arithmetic and (non-chained) comparisons. */
  enum BinaryOp {
    /** {@code +}. */
    ADD("+"),
    /** {@code -}. */
    SUB("-"),
    /** {@code *}. */
    MUL("*"),
    /** {@code /}. */
    DIV("/"),
    /** {@code %}: Python's remainder, of the sign of the divisor. */
    REMAINDER("%"),
    /** {@code @} (matrix product). */
    MATMUL("@"),
    /** {@code **}. */
    POW("**"),
    /** {@code <}. */
    LT("<"),
    /** {@code <=}. */
    LE("<="),
    /** {@code >}. */
    GT(">"),
    /** {@code >=}. */
    GE(">="),
    /** {@code ==}. */
    EQ("=="),
    /** {@code !=}. */
    NE("!=");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written. */
    public String symbol() {
      return symbol;
    }

    /** True for {@code < <= > >= == !=}. */
    public boolean isComparison() {
      return ordinal() >= LT.ordinal();
    }
  }

  /** Short-circuit boolean operators. */
  enum LogicalOp {
    /** {@code and}. */
    AND("and"),
    /** {@code or}. */
    OR("or");

    private final String symbol;

    LogicalOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written. */
    public String symbol() {
      return symbol;
    }
  }

  // ------------------------------------------------------------------ parts

  /**
   * A keyword argument {@code name=value} of a call.
   *
   * @param name the keyword
   * @param value the argument
   * @param pos where the keyword is
   */
  record Keyword(String name, Expr value, Pos pos) {
    /** Checks the components. */
    public Keyword {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(pos, "pos");
    }
  }

  /**
   * One {@code key: value} entry of a dict display.
   *
   * @param key the key expression
   * @param value the value expression
   */
  record DictEntry(Expr key, Expr value) {
    /** Checks the components. */
    public DictEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  // ------------------------------------------------------------------ atoms

  /**
   * A variable reference.
   *
   * @param id the name
   * @param pos where it is
   */
  record Name(String id, Pos pos) implements Expr {
    /** Checks the components. */
    public Name {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitName(this);
    }
  }

  /**
   * An integer literal (64-bit; a larger one is a syntax error).
   *
   * @param value the value
   * @param text the literal as written
   * @param pos where it is
   */
  record IntLit(long value, String text, Pos pos) implements Expr {
    /** Checks the components. */
    public IntLit {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIntLit(this);
    }
  }

  /**
   * A float literal ({@code 1.5}, {@code 1e-4}, {@code .5}, {@code 2.}).
   *
   * @param value the value
   * @param text the literal as written
   * @param pos where it is
   */
  record FloatLit(double value, String text, Pos pos) implements Expr {
    /** Checks the components. */
    public FloatLit {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFloatLit(this);
    }
  }

  /**
   * An imaginary literal ({@code 4j}, {@code 1.5j}): the complex number {@code 0 + imag i}.
   *
   * @param imag the imaginary part
   * @param text the literal as written
   * @param pos where it is
   */
  record ImagLit(double imag, String text, Pos pos) implements Expr {
    /** Checks the components. */
    public ImagLit {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitImagLit(this);
    }
  }

  /**
   * A string literal.
   *
   * @param value the string, escapes decoded
   * @param pos where the opening quote is
   */
  record StrLit(String value, Pos pos) implements Expr {
    /** Checks the components. */
    public StrLit {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitStrLit(this);
    }
  }

  /**
   * {@code True} or {@code False}.
   *
   * @param value the value
   * @param pos where it is
   */
  record BoolLit(boolean value, Pos pos) implements Expr {
    /** Checks the components. */
    public BoolLit {
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBoolLit(this);
    }
  }

  /**
   * {@code None} (also "no value" in {@code in_axes=(None, 0)}).
   *
   * @param pos where it is
   */
  record NoneLit(Pos pos) implements Expr {
    /** Checks the components. */
    public NoneLit {
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNoneLit(this);
    }
  }

  // ------------------------------------------------------------------ displays

  /**
   * A list display {@code [a, b]}.
   *
   * @param elements the elements
   * @param pos where '[' is
   */
  record ListExpr(List<Expr> elements, Pos pos) implements Expr {
    /** Copies the list. */
    public ListExpr {
      elements = List.copyOf(elements);
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitListExpr(this);
    }
  }

  /**
   * A tuple: {@code (a, b)}, {@code (a,)}, {@code ()}, or a bare {@code a, b} (right-hand sides,
   * {@code return a, b}, expression statements).
   *
   * @param elements the elements
   * @param pos where '(' is, or for a bare tuple where its first element starts
   */
  record TupleExpr(List<Expr> elements, Pos pos) implements Expr {
    /** Copies the list. */
    public TupleExpr {
      elements = List.copyOf(elements);
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTupleExpr(this);
    }
  }

  /**
   * A dict display {@code {"k": v, ...}}; keys are expressions (the evaluator decides which values
   * may be keys).
   *
   * @param entries the entries in source order
   * @param pos where '{' is
   */
  record DictExpr(List<DictEntry> entries, Pos pos) implements Expr {
    /** Copies the list. */
    public DictExpr {
      entries = List.copyOf(entries);
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDictExpr(this);
    }
  }

  // ------------------------------------------------------------------ operators

  /**
   * A prefix operator.
   *
   * @param op the operator
   * @param operand the operand
   * @param pos where the operator is (which is where the expression starts)
   */
  record Unary(UnaryOp op, Expr operand, Pos pos) implements Expr {
    /** Checks the components. */
    public Unary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(operand, "operand");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnary(this);
    }
  }

  /**
   * A binary arithmetic operator or comparison.
   *
   * @param op the operator
   * @param left the left operand
   * @param right the right operand
   * @param pos where the left operand starts
   * @param opPos where the operator is
   */
  record Binary(BinaryOp op, Expr left, Expr right, Pos pos, Pos opPos) implements Expr {
    /** Checks the components. */
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(opPos, "opPos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  /**
   * {@code left and right} / {@code left or right}: {@code right} is evaluated only if needed.
   *
   * @param op the operator
   * @param left the left operand
   * @param right the right operand
   * @param pos where the left operand starts
   * @param opPos where the operator is
   */
  record Logical(LogicalOp op, Expr left, Expr right, Pos pos, Pos opPos) implements Expr {
    /** Checks the components. */
    public Logical {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(opPos, "opPos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLogical(this);
    }
  }

  /**
   * {@code ifTrue if condition else ifFalse}.
   *
   * @param condition the condition
   * @param ifTrue the value when it holds
   * @param ifFalse the value otherwise
   * @param pos where {@code ifTrue} starts
   */
  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Pos pos) implements Expr {
    /** Checks the components. */
    public Conditional {
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(ifTrue, "ifTrue");
      Objects.requireNonNull(ifFalse, "ifFalse");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitConditional(this);
    }
  }

  /**
   * {@code lambda a, b: body}, a function value closing over the enclosing scope.
   *
   * @param params the parameters (distinct names, possibly none)
   * @param body the expression returned
   * @param pos where {@code lambda} is
   */
  record Lambda(List<Param> params, Expr body, Pos pos) implements Expr {
    /** Copies the list. */
    public Lambda {
      params = List.copyOf(params);
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLambda(this);
    }
  }

  // ------------------------------------------------------------------ postfix

  /**
   * A call {@code callee(args..., keywords...)}; positional arguments all come before keyword
   * arguments, and no keyword is given twice.
   *
   * @param callee the function called
   * @param args the positional arguments
   * @param keywords the keyword arguments, in source order
   * @param pos where the callee starts
   * @param openPos where '(' is
   */
  record Call(Expr callee, List<Expr> args, List<Keyword> keywords, Pos pos, Pos openPos)
      implements Expr {
    /** Copies the lists. */
    public Call {
      Objects.requireNonNull(callee, "callee");
      args = List.copyOf(args);
      keywords = List.copyOf(keywords);
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(openPos, "openPos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCall(this);
    }
  }

  /**
   * A subscript {@code value[items]}: {@code x[i]} has one item, {@code x[i, j]} two; an item is an
   * expression or a {@link Slice}. ({@code x[(i, j)]} has one item, a tuple.)
   *
   * @param value the value indexed
   * @param items the index items (at least one)
   * @param pos where the value starts
   * @param openPos where '[' is
   */
  record Index(Expr value, List<Expr> items, Pos pos, Pos openPos) implements Expr {
    /** Copies the list. */
    public Index {
      Objects.requireNonNull(value, "value");
      items = List.copyOf(items);
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(openPos, "openPos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIndex(this);
    }
  }

  /**
   * A slice {@code lower:upper:step} inside a subscript; each part may be absent (null):
   * {@code x[:]}, {@code x[1:]}, {@code x[::2]}.
   *
   * @param lower the start, or null
   * @param upper the end, or null
   * @param step the step, or null
   * @param pos where the slice starts (its lower bound, or the first ':')
   */
  record Slice(Expr lower, Expr upper, Expr step, Pos pos) implements Expr {
    /** Checks the components. */
    public Slice {
      Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSlice(this);
    }
  }

  /**
   * Attribute access {@code value.name} ({@code x.T}, {@code x.shape}, a method in {@code
   * x.reshape(2, 3)}).
   *
   * @param value the value
   * @param name the attribute name
   * @param pos where the value starts
   * @param namePos where the attribute name is
   */
  record Attribute(Expr value, String name, Pos pos, Pos namePos) implements Expr {
    /** Checks the components. */
    public Attribute {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pos, "pos");
      Objects.requireNonNull(namePos, "namePos");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAttribute(this);
    }
  }
}
