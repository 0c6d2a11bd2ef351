package org.cotangent.frontend.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every construct of the language, checked through {@link AstPrinter} and node positions. */
class ParserTest {
  private static String ast(String src) {
    return AstPrinter.print(Parser.parseProgram(src, "t.ct"));
  }

  private static String expr(String src) {
    return AstPrinter.print(Parser.parseExpression(src, "t.ct"));
  }

  private static List<Stmt> stmts(String src) {
    return Parser.parseProgram(src, "t.ct").statements();
  }

  private static Expr value(String src) {
    return ((Stmt.Assign) stmts(src).get(0)).value();
  }

  private static void assertPos(int line, int column, Pos pos) {
    assertEquals(line + ":" + column, pos.lineColumn());
    assertEquals("t.ct", pos.fileName());
  }

  // ------------------------------------------------------------------ literals

  @Test
  void literals() {
    assertEquals("(tuple 1 2.0 0.5 1.0E-4 4.0j 1.5j)", expr("1, 2., .5, 1e-4, 4j, 1.5j"));
    assertEquals("(tuple True False None)", expr("True, False, None"));
    assertEquals("(tuple \"a\" \"b\\\"c\" \"it's\\n\")", expr("'a', \"b\\\"c\", 'it\\'s\\n'"));
    Expr.FloatLit f = (Expr.FloatLit) Parser.parseExpression("1e-4", "t.ct");
    assertEquals(1e-4, f.value());
    assertEquals("1e-4", f.text());
    Expr.IntLit i = (Expr.IntLit) Parser.parseExpression("  42", "t.ct");
    assertEquals(42L, i.value());
    assertPos(1, 3, i.pos());
  }

  @Test
  void displays() {
    assertEquals("(list 1 (list 2 3))", expr("[1, [2, 3]]"));
    assertEquals("(list)", expr("[]"));
    assertEquals("(list 1 2)", expr("[1, 2,]"));
    assertEquals("(tuple 1 2)", expr("(1, 2)"));
    assertEquals("(tuple 1)", expr("(1,)"));
    assertEquals("(tuple)", expr("()"));
    assertEquals("1", expr("(1)"));
    assertEquals("(* (+ 1 2) 3)", expr("(1 + 2) * 3"));
    assertEquals("(dict (\"W\" W) (\"b\" (+ b 1)))", expr("{\"W\": W, \"b\": b + 1}"));
    assertEquals("(dict)", expr("{}"));
    assertEquals("(dict (\"k\" 1))", expr("{'k': 1,}"));
  }

  @Test
  void displayPositions() {
    Expr.TupleExpr t = (Expr.TupleExpr) value("x = (a, b)");
    assertPos(1, 5, t.pos());
    Expr.TupleExpr bare = (Expr.TupleExpr) value("x =  a, b");
    assertPos(1, 6, bare.pos());
    assertPos(1, 9, bare.elements().get(1).pos());
    Expr.DictExpr d = (Expr.DictExpr) value("d = {\n  'k': v}");
    assertPos(1, 5, d.pos());
    assertPos(2, 3, d.entries().get(0).key().pos());
    assertPos(2, 8, d.entries().get(0).value().pos());
  }

  // ------------------------------------------------------------------ operators

  @Test
  void arithmeticPrecedenceIsPythons() {
    assertEquals("(+ a (* b c))", expr("a + b * c"));
    assertEquals("(- (- a b) c)", expr("a - b - c"));
    assertEquals("(/ (* a b) c)", expr("a * b / c"));
    assertEquals("(+ (@ inputs W) b)", expr("inputs @ W + b"));
    assertEquals("(* (@ a b) c)", expr("a @ b * c"));
    // % is at the level of * and /, below unary minus, as in Python: -7 % 3 is (-7) % 3.
    assertEquals("(+ a (% b c))", expr("a + b % c"));
    assertEquals("(* (% a b) c)", expr("a % b * c"));
    assertEquals("(% (- 7) 3)", expr("-7 % 3"));
    assertEquals("(% x (** 2 3))", expr("x % 2 ** 3"));
    assertEquals("(- (** x 2))", expr("-x**2"));
    assertEquals("(** 2 (- 1))", expr("2**-1"));
    assertEquals("(** 2 (** 3 2))", expr("2**3**2"));
    assertEquals("(** (- 2) 2)", expr("(-2)**2"));
    assertEquals("(* (- a) (+ b))", expr("-a * +b"));
    assertEquals("(- (- x))", expr("- -x"));
    assertEquals("(** (attr x T) (index y 0))", expr("x.T ** y[0]"));
  }

  @Test
  void comparisonsAndBooleanOperators() {
    assertEquals("(< (+ a 1) (* b 2))", expr("a + 1 < b * 2"));
    assertEquals("(tuple (<= a b) (> a b) (>= a b) (== a b) (!= a b))",
        expr("a <= b, a > b, a >= b, a == b, a != b"));
    assertEquals("(or (and a b) (and c (not d)))", expr("a and b or c and not d"));
    assertEquals("(not (== a b))", expr("not a == b"));
    assertEquals("(not (not a))", expr("not not a"));
    assertEquals("(and (< a b) (< b c))", expr("(a < b) and (b < c)"));
    assertEquals("(< (< a b) c)", expr("(a < b) < c"));
  }

  @Test
  void conditionalAndLambda() {
    assertEquals("(if c a b)", expr("a if c else b"));
    assertEquals("(if c a (if d b e))", expr("a if c else b if d else e"));
    assertEquals("(if (or c d) (+ a 1) b)", expr("a + 1 if c or d else b"));
    assertEquals("(lambda (a b) (+ a b))", expr("lambda a, b: a + b"));
    assertEquals("(lambda () 1)", expr("lambda: 1"));
    assertEquals("(lambda (a) a)", expr("lambda a,: a"));
    assertEquals("(lambda (x) (if (> x 0) x (- x)))", expr("lambda x: x if x > 0 else -x"));
    assertEquals("(lambda (x) (lambda (y) (* x y)))", expr("lambda x: lambda y: x * y"));
    // A lambda's body is one expression: the comma ends it, as in Python.
    assertEquals("(tuple (lambda (x) x) 1)", expr("lambda x: x, 1"));
    assertEquals("(if c (lambda () 1) (lambda () 2))", expr("(lambda: 1) if c else lambda: 2"));
  }

  @Test
  void operatorPositions() {
    Expr.Binary b = (Expr.Binary) value("y = a  +  b * c");
    assertEquals(Expr.BinaryOp.ADD, b.op());
    assertPos(1, 5, b.pos());
    assertPos(1, 8, b.opPos());
    Expr.Binary m = (Expr.Binary) b.right();
    assertPos(1, 11, m.pos());
    assertPos(1, 13, m.opPos());
    Expr.Unary u = (Expr.Unary) value("y = -x**2");
    assertPos(1, 5, u.pos());
    assertPos(1, 7, ((Expr.Binary) u.operand()).opPos());
    Expr.Logical l = (Expr.Logical) value("y = a or b");
    assertPos(1, 7, l.opPos());
    Expr.Conditional c = (Expr.Conditional) value("y = a if c else b");
    assertPos(1, 5, c.pos());
    assertPos(1, 10, c.condition().pos());
    Expr.Lambda la = (Expr.Lambda) value("f = lambda a, b: a");
    assertPos(1, 5, la.pos());
    assertPos(1, 15, la.params().get(1).pos());
    assertTrue(Expr.BinaryOp.NE.isComparison());
    assertFalse(Expr.BinaryOp.POW.isComparison());
  }

  // ------------------------------------------------------------------ postfix

  @Test
  void calls() {
    assertEquals("(call f)", expr("f()"));
    assertEquals("(call f a b)", expr("f(a, b)"));
    assertEquals("(call f a)", expr("f(a,)"));
    assertEquals("(call grad loss (tuple 0 1))", expr("grad(loss, (0, 1))"));
    assertEquals(
        "(call vmap f in_axes=(tuple None 0) out_axes=0)",
        expr("vmap(f, in_axes=(None, 0), out_axes=0)"));
    assertEquals("(call (call grad f holomorphic=True) z)", expr("grad(f, holomorphic=True)(z)"));
    assertEquals("(call f (== a b))", expr("f(a == b)"));
    assertEquals("(call timeit (lambda () (call f x)))", expr("timeit(lambda: f(x))"));
    Expr.Call c = (Expr.Call) value("y = g.f (a, k=2)");
    assertPos(1, 5, c.pos());
    assertPos(1, 9, c.openPos());
    assertEquals("k", c.keywords().get(0).name());
    assertPos(1, 13, c.keywords().get(0).pos());
    assertPos(1, 15, c.keywords().get(0).value().pos());
  }

  @Test
  void indexingAndSlices() {
    assertEquals("(index x i)", expr("x[i]"));
    assertEquals("(index x i j)", expr("x[i, j]"));
    assertEquals("(index x (- 1))", expr("x[-1]"));
    assertEquals("(index x (slice 1 3 _))", expr("x[1:3]"));
    assertEquals("(index x (slice _ _ _) 0)", expr("x[:, 0]"));
    assertEquals("(index x (slice _ _ 2))", expr("x[::2]"));
    assertEquals("(index x (slice _ _ (- 1)))", expr("x[::-1]"));
    assertEquals("(index x (slice 1 _ _))", expr("x[1:]"));
    assertEquals("(index x (slice _ (- 1) _))", expr("x[:-1]"));
    assertEquals("(index x (slice 1 5 2) (slice _ _ _))", expr("x[1:5:2, ::]"));
    assertEquals("(index x (tuple i j))", expr("x[(i, j)]"));
    assertEquals("(index (index d \"W\") 0)", expr("d[\"W\"][0]"));
    assertEquals("(index x i)", expr("x[i,]"));
    Expr.Index ix = (Expr.Index) value("y = x [1, :2]");
    assertPos(1, 5, ix.pos());
    assertPos(1, 7, ix.openPos());
    Expr.Slice s = (Expr.Slice) ix.items().get(1);
    assertPos(1, 11, s.pos());
    assertNull(s.lower());
    assertPos(1, 12, s.upper().pos());
    assertNull(s.step());
    assertPos(1, 10, ((Expr.Slice) ((Expr.Index) value("y = x[:, 1:]")).items().get(1)).pos());
  }

  @Test
  void attributes() {
    assertEquals("(attr x T)", expr("x.T"));
    assertEquals("(index (attr x shape) 0)", expr("x.shape[0]"));
    assertEquals("(call (attr x reshape) 2 3)", expr("x.reshape(2, 3)"));
    assertEquals("(attr (call f) T)", expr("f().T"));
    Expr.Attribute a = (Expr.Attribute) value("y = x.shape");
    assertPos(1, 5, a.pos());
    assertPos(1, 7, a.namePos());
  }

  // ------------------------------------------------------------------ statements

  @Test
  void assignments() {
    assertEquals("(= x 1)", ast("x = 1"));
    assertEquals("(= (unpack a b) e)", ast("a, b = e"));
    assertEquals("(= (unpack a b) e)", ast("(a, b) = e"));
    assertEquals("(= (unpack a b) e)", ast("[a, b] = e"));
    assertEquals("(= (unpack a (unpack b c)) e)", ast("a, (b, c) = e"));
    assertEquals("(= (unpack a) e)", ast("a, = e"));
    assertEquals("(= x (tuple 1 2))", ast("x = 1, 2"));
    assertEquals(
        "(= (unpack W_grad b_grad) (call (call grad loss (tuple 0 1)) W b))",
        ast("W_grad, b_grad = grad(loss, (0, 1))(W, b)"));
    Stmt.Assign s = (Stmt.Assign) stmts("\n  (a, b) = e").get(0);
    assertPos(2, 3, s.pos());
    Target.Unpack u = (Target.Unpack) s.target();
    assertPos(2, 3, u.pos());
    assertPos(2, 7, ((Target.Var) u.elements().get(1)).pos());
    assertPos(2, 12, s.value().pos());
  }

  @Test
  void expressionStatements() {
    assertEquals("(call print \"W_grad\" W_grad)", ast("print(\"W_grad\", W_grad)"));
    assertEquals("(tuple a b)", ast("a, b"));
    Stmt.ExprStmt s = (Stmt.ExprStmt) stmts("  f(x)").get(0);
    assertPos(1, 3, s.pos());
  }

  @Test
  void expressionBodiedDef() {
    assertEquals(
        "(def sigmoid (x) (* 0.5 (+ (call tanh (/ x 2)) 1)))",
        ast("def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)"));
    assertEquals("(def f () 1)", ast("def f() = 1"));
    assertEquals("(def f (x) (tuple x (* 2 x)))", ast("def f(x) = x, 2 * x"));
    Stmt.Def d = (Stmt.Def) stmts("def  f(p, q) = p @ q").get(0);
    assertTrue(d.expressionBody());
    assertEquals("f", d.name());
    assertEquals(List.of("p", "q"), d.params().stream().map(Param::name).toList());
    assertPos(1, 1, d.pos());
    assertPos(1, 6, d.namePos());
    assertPos(1, 11, d.params().get(1).pos());
    Stmt.Return r = (Stmt.Return) d.body().get(0);
    assertPos(1, 16, r.pos());
    assertPos(1, 16, r.value().pos());
  }

  @Test
  void blockBodiedDef() {
    String src =
        "def loss(W, b) {\n"
            + "  preds = predict(W, b, inputs)\n"
            + "  label_probs = preds * targets + (1 - preds) * (1 - targets)\n"
            + "  return -sum(log(label_probs))\n"
            + "}\n";
    assertEquals(
        "(def loss (W b) (block (= preds (call predict W b inputs))"
            + " (= label_probs (+ (* preds targets) (* (- 1 preds) (- 1 targets))))"
            + " (return (- (call sum (call log label_probs))))))",
        ast(src));
    Stmt.Def d = (Stmt.Def) stmts(src).get(0);
    assertFalse(d.expressionBody());
    assertEquals(3, d.body().size());
    assertPos(4, 3, d.body().get(2).pos());
    assertPos(4, 10, ((Stmt.Return) d.body().get(2)).value().pos());
  }

  @Test
  void blockFormsAndSeparators() {
    assertEquals("(def f (x) (block (return x)))", ast("def f(x) { return x }"));
    assertEquals(
        "(def f (x) (block (= y x) (return y)))", ast("def f(x) { y = x; return y; }"));
    assertEquals(
        "(def f (x) (block (return (tuple x 1))))", ast("def f(x) {\n\n return x, 1\n\n}"));
    assertEquals("(def f () (block (call print 1)))", ast("def f() { print(1) }"));
    assertEquals("(def f () (block))", ast("def f() {}"));
    // Nested def, a dict inside a body (its lines join), and a def after a def.
    assertEquals(
        "(def f (x) (block (def g (y) (block (return (* x y)))) (= d (dict (\"a\" 1)))"
            + " (return (call g d))))\n(def h () 0)",
        ast("def f(x) {\n  def g(y) {\n    return x * y\n  }\n  d = {\n 'a':\n 1}\n"
            + "  return g(d)\n}\ndef h() = 0"));
  }

  @Test
  void statementSeparatorsAndComments() {
    assertEquals("(= x 1)\n(= y 2)\n(= z 3)", ast("x = 1; y = 2\n\n# comment\nz = 3  # end\n"));
    assertEquals("(= x 1)", ast(";; x = 1;\n;"));
    assertEquals("", ast(""));
    assertEquals("", ast("# only a comment\n\n"));
    assertEquals("(= x 1)", ast("x = 1\r\n"));
  }

  @Test
  void newlinesInsideBracketsAreIgnored() {
    assertEquals(
        "(= x (call f 1 2 k=3))",
        ast("x = f(1,\n      2,  # two\n\n      k=3\n)"));
    assertEquals("(= x (list 1 2))", ast("x = [\n  1,\n  2,\n]"));
    assertEquals("(= x (+ 1 2))", ast("x = (1 +\n 2)"));
    assertEquals("(def f (a b) (+ a b))", ast("def f(a,\n      b) = a + b"));
    assertEquals("(= x (index y 1 (slice _ 2 _)))", ast("x = y[1,\n :2]"));
    // Outside brackets a newline ends the statement: these are two statements.
    assertEquals("f\n(tuple)", ast("f\n()"));
    Expr.Call c = (Expr.Call) value("x = f(1,\n    2)");
    assertPos(2, 5, c.args().get(1).pos());
  }

  @Test
  void theDesignDocumentExampleParses() {
    String src =
        "# comments run to the end of the line\n"
            + "inputs = array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15]])\n"
            + "targets = array([True, False])\n"
            + "\n"
            + "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)\n"
            + "def predict(W, b, inputs) = sigmoid(inputs @ W + b)\n"
            + "\n"
            + "def loss(W, b) {\n"
            + "  preds = predict(W, b, inputs)\n"
            + "  label_probs = preds * targets + (1 - preds) * (1 - targets)\n"
            + "  return -sum(log(label_probs))\n"
            + "}\n"
            + "\n"
            + "W = array([0.1, -0.2, 0.3])\n"
            + "b = 0.5\n"
            + "W_grad, b_grad = grad(loss, (0, 1))(W, b)\n"
            + "print(\"W_grad\", W_grad)\n"
            + "print(value_and_grad(loss)(W, b))\n"
            + "print(jacfwd(lambda W: predict(W, b, inputs))(W))\n"
            + "print(grad(lambda z: sin(z), holomorphic=True)(3 + 4j))\n"
            + "print(grad(lambda p: loss(p[\"W\"], p[\"b\"]))({\"W\": W, \"b\": b}))\n";
    Program p = Parser.parseProgram(src, "example.ct");
    assertEquals(13, p.statements().size());
    assertEquals("example.ct", p.source().fileName());
    assertEquals(
        "(= inputs (call array (list (list 0.52 1.12 0.77) (list 0.88 (- 1.08) 0.15))))",
        AstPrinter.print(p.statements().get(0)));
    assertEquals(
        "(call print (call (call grad (lambda (p) (call loss (index p \"W\") (index p \"b\"))))"
            + " (dict (\"W\" W) (\"b\" b))))",
        AstPrinter.print(p.statements().get(12)));
    assertInstanceOf(Stmt.Def.class, p.statements().get(4));
    assertEquals("example.ct:8:1", p.statements().get(4).pos().toString());
  }

  @Test
  void parseExpressionAllowsBlankLinesAndComments() {
    assertEquals(
        "(lambda (x) (call sum (** x 2)))", expr("\n  # f\n lambda x: sum(x**2)  # g\n\n"));
    assertEquals("(tuple a b)", expr("a, b"));
    assertEquals("<string>", Parser.parseExpression("x", null).pos().fileName());
  }

  @Test
  void visitorsDispatchOnTheNodeKind() {
    // A tiny evaluator over constants shows what the runtime's interpreter looks like.
    Expr e = Parser.parseExpression("1 + 2 * 3 - 4 / 2", "t.ct");
    double v = e.accept(new ConstantFolder());
    assertEquals(5.0, v);
  }

  /** Folds int arithmetic; every other node is unsupported. */
  private static final class ConstantFolder implements Expr.Visitor<Double> {
    @Override
    public Double visitIntLit(Expr.IntLit e) {
      return (double) e.value();
    }

    @Override
    public Double visitBinary(Expr.Binary e) {
      double a = e.left().accept(this);
      double b = e.right().accept(this);
      switch (e.op()) {
        case ADD:
          return a + b;
        case SUB:
          return a - b;
        case MUL:
          return a * b;
        case DIV:
          return a / b;
        default:
          throw e.opPos().error("unsupported");
      }
    }

    private static Double no(Expr e) {
      throw e.pos().error("unsupported");
    }

    @Override
    public Double visitName(Expr.Name e) {
      return no(e);
    }

    @Override
    public Double visitFloatLit(Expr.FloatLit e) {
      return e.value();
    }

    @Override
    public Double visitImagLit(Expr.ImagLit e) {
      return no(e);
    }

    @Override
    public Double visitStrLit(Expr.StrLit e) {
      return no(e);
    }

    @Override
    public Double visitBoolLit(Expr.BoolLit e) {
      return no(e);
    }

    @Override
    public Double visitNoneLit(Expr.NoneLit e) {
      return no(e);
    }

    @Override
    public Double visitListExpr(Expr.ListExpr e) {
      return no(e);
    }

    @Override
    public Double visitTupleExpr(Expr.TupleExpr e) {
      return no(e);
    }

    @Override
    public Double visitDictExpr(Expr.DictExpr e) {
      return no(e);
    }

    @Override
    public Double visitUnary(Expr.Unary e) {
      return no(e);
    }

    @Override
    public Double visitLogical(Expr.Logical e) {
      return no(e);
    }

    @Override
    public Double visitConditional(Expr.Conditional e) {
      return no(e);
    }

    @Override
    public Double visitLambda(Expr.Lambda e) {
      return no(e);
    }

    @Override
    public Double visitCall(Expr.Call e) {
      return no(e);
    }

    @Override
    public Double visitIndex(Expr.Index e) {
      return no(e);
    }

    @Override
    public Double visitSlice(Expr.Slice e) {
      return no(e);
    }

    @Override
    public Double visitAttribute(Expr.Attribute e) {
      return no(e);
    }
  }

  // ------------------------------------------------------------------ REPL

  @Test
  void isIncompleteWhenInsideBracketsOrAnOpenDefBody() {
    assertTrue(Parser.isIncomplete("f(1,"));
    assertTrue(Parser.isIncomplete("x = [1, [2,"));
    assertTrue(Parser.isIncomplete("d = {\"a\":"));
    assertTrue(Parser.isIncomplete("def f(x) {"));
    assertTrue(Parser.isIncomplete("def f(x) {  # body follows\n  y = x"));
    assertTrue(Parser.isIncomplete("def f(x) {\n  d = {'a': (1,\n"));
    assertTrue(Parser.isIncomplete("def f(x,"));
  }

  @Test
  void isCompleteOrAnErrorOtherwise() {
    assertFalse(Parser.isIncomplete(""));
    assertFalse(Parser.isIncomplete("x = 1"));
    assertFalse(Parser.isIncomplete("def f(x) {\n  return x\n}"));
    assertFalse(Parser.isIncomplete("def f(x) = x"));
    assertFalse(Parser.isIncomplete("s = '('  # ( in a comment"));
    // Errors that more lines cannot fix: let the parser report them.
    assertFalse(Parser.isIncomplete("f(1))"));
    assertFalse(Parser.isIncomplete("[(])"));
    assertFalse(Parser.isIncomplete("f(\"abc"));
    assertFalse(Parser.isIncomplete("f($"));
    assertFalse(Parser.isIncomplete("x = 1 +"));
  }

  @Test
  void loopAndIfStatements() {
    assertEquals("(for i (call range n) (block (= s (+ s i))))",
        ast("for i in range(n) {\n  s = s + i\n}"));
    assertEquals("(for (unpack a b) xs (block (= s a)))", ast("for a, b in xs { s = a }"));
    assertEquals("(while (> x 1) (block (= x (- x 1)) (call print x)))",
        ast("while x > 1 { x = x - 1; print(x) }"));
    assertEquals("(if (> x 0) (block (= y x)) (block (if (< x (- 1)) (block (= y 1)) (block"
        + " (= y 2)))))", ast("if x > 0 { y = x } else if x < -1 { y = 1 } else {\n y = 2\n}"));
    assertEquals("(if c (block (= y 1)) (block))", ast("if c { y = 1 }"));
    Stmt.Def d = (Stmt.Def) stmts("def f(x) {\n  if x > 0 {\n    return x\n  } else {\n"
        + "    return 0\n  }\n}").get(0);
    assertTrue(((Stmt.If) d.body().get(0)).returns());
  }
}
