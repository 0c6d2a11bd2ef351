package org.cotangent.frontend.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cotangent.frontend.script.Expr.BinaryOp;
import org.cotangent.frontend.script.Expr.LogicalOp;
import org.cotangent.frontend.script.Expr.UnaryOp;
import org.cotangent.frontend.script.Token.Kind;

/**
 * The recursive-descent parser of the script language; the grammar and the precedence table are in
 * {@code docs/script-language.md}. Every mistake is a {@link ScriptError} at the offending line and
 * column, whose message says what is wrong and what to write instead.
 *
 * <p>Newlines end statements, except inside {@code ()}, {@code []} and a dict's {@code {}}, where
 * lines join as in Python; inside a def body's {@code {}} they separate statements again. The lexer
 * cannot tell a dict's brace from a body's, so it emits every newline and the parser skips them
 * while the innermost open bracket is an expression bracket.
 */
public final class Parser {
  /** Deeper nesting than this is an error rather than a stack overflow. */
  static final int MAX_DEPTH = 200;

  private final Source source;
  private final List<Token> toks;
  /** For each opening bracket token, the index of its closer, or -1 if it is never closed. */
  private final int[] match;
  /** Open brackets and def bodies, innermost first. */
  private final Deque<Open> open = new ArrayDeque<>();

  private int p;
  private int lastConsumed = -1;
  private int defDepth;
  /** The statement blocks open around the parser ({@code "def"}, {@code "for"}, ...), innermost first. */
  private final Deque<String> blocks = new ArrayDeque<>();
  private int depth;

  /**
   * An open bracket.
   *
   * @param token the opening token
   * @param join true for expression brackets, where newlines are skipped
   * @param defName for a def body, the function name
   */
  private record Open(Token token, boolean join, String defName) {}

  private Parser(Source source) {
    this.source = source;
    this.toks = Lexer.tokenize(source);
    this.match = matchBrackets(toks);
  }

  // ================================================================== public API

  /**
   * Parses a whole script.
   *
   * @param source the script text
   * @param fileName the name errors show ({@code "<string>"} if null)
   * @return the statements
   * @throws ScriptError at the first mistake
   */
  public static Program parseProgram(String source, String fileName) {
    return new Parser(new Source(fileName, source)).program();
  }

  /**
   * Parses one expression (a bare tuple {@code a, b} is allowed), with nothing but blank lines and
   * comments around it: what a REPL evaluates, or a Java caller hands in as a string.
   *
   * @param source the expression text
   * @param fileName the name errors show ({@code "<string>"} if null)
   * @return the expression
   * @throws ScriptError at the first mistake
   */
  public static Expr parseExpression(String source, String fileName) {
    Parser ps = new Parser(new Source(fileName, source));
    ps.skipNewlines();
    Expr e = ps.exprList();
    ps.skipNewlines();
    Token t = ps.peek();
    if (t.kind() != Kind.EOF) {
      throw ps.fail("expected the end of the expression", t);
    }
    return e;
  }

  /**
   * True if {@code source} ends inside an open bracket or an unclosed def body {@code { ... }}, so
   * a REPL should read a continuation line and try again. False for complete input and for input
   * that is wrong in a way more lines cannot fix (a stray or mismatched closer, a lexical error):
   * parsing it reports the error.
   */
  public static boolean isIncomplete(String source) {
    List<Token> toks = Lexer.tokenize(new Source("<repl>", source));
    Deque<Kind> stack = new ArrayDeque<>();
    for (Token t : toks) {
      Kind k = t.kind();
      if (k == Kind.ERROR) {
        return false;
      } else if (k.isOpener()) {
        stack.push(k);
      } else if (k.isCloser()) {
        if (stack.isEmpty() || stack.pop() != k.partner()) {
          return false;
        }
      }
    }
    return !stack.isEmpty();
  }

  // ================================================================== tokens

  /** The current token, skipping newlines inside expression brackets; throws a lexical error. */
  private Token peek() {
    if (joined()) {
      while (toks.get(p).kind() == Kind.NEWLINE) {
        p++;
      }
    }
    Token t = toks.get(p);
    if (t.kind() == Kind.ERROR) {
      throw new ScriptError(t.pos(), (String) t.value());
    }
    return t;
  }

  private boolean at(Kind k) {
    return peek().kind() == k;
  }

  private Token next() {
    Token t = peek();
    if (t.kind() != Kind.EOF) {
      lastConsumed = p;
      p++;
    }
    return t;
  }

  private boolean joined() {
    Open top = open.peek();
    return top != null && top.join();
  }

  private void skipNewlines() {
    while (toks.get(p).kind() == Kind.NEWLINE) {
      p++;
    }
  }

  private void skipSeparators() {
    while (toks.get(p).kind() == Kind.NEWLINE || toks.get(p).kind() == Kind.SEMI) {
      p++;
    }
  }

  /** Consumes an expression bracket and opens it. */
  private Token openBracket() {
    Token t = next();
    open.push(new Open(t, true, null));
    return t;
  }

  /**
   * After an element inside brackets: consumes a ',' and returns true if another element
   * follows, or consumes the closer (after an optional trailing comma), closes the bracket and
   * returns false.
   */
  private boolean commaOrClose() {
    Kind closer = open.peek().token().kind().partner();
    Token t = peek();
    if (t.kind() == Kind.COMMA) {
      next();
      if (!at(closer)) {
        return true;
      }
      t = peek();
    }
    if (t.kind() == closer) {
      next();
      open.pop();
      return false;
    }
    throw fail("expected ',' or '" + closer.symbol + "'", t);
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw new ScriptError(
          at.pos(),
          "expression nested too deeply (more than " + MAX_DEPTH
              + " levels); split it into several assignments");
    }
  }

  private void leave() {
    depth--;
  }

  // ================================================================== errors

  private ScriptError error(Pos pos, String message) {
    return new ScriptError(pos, message);
  }

  /**
   * The error for finding {@code t} where {@code expected} was wanted. Bracket trouble gets its own
   * message: a closer that does not match the open bracket, a closer with nothing open, and an
   * expression bracket that is never closed, reported at the end of the line where its closer is
   * missing.
   */
  private ScriptError fail(String expected, Token t) {
    Open top = open.peek();
    if (t.kind().isCloser()) {
      if (top != null && top.join() && t.kind() != top.token().kind().partner()) {
        return error(
            t.pos(),
            "mismatched '" + t.text() + "': expected '" + top.token().kind().partner().symbol
                + "' to close the '" + top.token().text() + "' at "
                + top.token().pos().lineColumn());
      }
      if (top == null || (!top.join() && t.kind() != Kind.RBRACE)) {
        return error(
            t.pos(),
            "unexpected '" + t.text() + "': there is no open '" + t.kind().partner().symbol
                + "' to close; remove it");
      }
    }
    ScriptError unclosed = unclosedBracket(expected, t);
    return unclosed != null ? unclosed : error(t.pos(), expected + ", found " + t.describe());
  }

  /**
   * If the innermost open bracket is an expression bracket that is never closed anywhere in the
   * file, and the parser is no longer on its line, the error is the missing closer: at the end of
   * the line the parser ran off (when {@code t} starts a line or is the end of file), otherwise at
   * the bracket itself. Null when that does not apply.
   */
  private ScriptError unclosedBracket(String expected, Token t) {
    Open top = open.peek();
    if (top == null || !top.join() || match[top.token().index()] >= 0) {
      return null;
    }
    Token o = top.token();
    String closer = o.kind().partner().symbol;
    boolean firstOnLine = t.kind() == Kind.EOF || toks.get(t.index() - 1).kind() == Kind.NEWLINE;
    if (firstOnLine) {
      int k = t.index() - 1;
      while (k > o.index() && toks.get(k).kind() == Kind.NEWLINE) {
        k--;
      }
      Token last = toks.get(k);
      Pos at = source.pos(last.pos().line(), last.endColumn());
      String opened =
          o.pos().line() == at.line() ? "" : " (opened at " + o.pos().lineColumn() + ")";
      return error(
          at, "unbalanced '" + o.text() + "'" + opened + ": expected '" + closer
              + "' before end of line");
    }
    if (o.pos().line() < t.pos().line()) {
      return error(
          o.pos(),
          "unbalanced '" + o.text() + "' is never closed: add the missing '" + closer
              + "' (parsing stopped at " + t.pos().lineColumn() + ": " + expected + ", found "
              + t.describe() + ")");
    }
    return null;
  }

  /**
   * Pairs brackets over the whole token list, so errors can tell an unclosed bracket from a
   * mistake inside a closed one. A closer that matches a bracket deeper in the stack closes it and
   * leaves the ones above unclosed; a closer matching nothing is ignored.
   */
  private static int[] matchBrackets(List<Token> toks) {
    int[] match = new int[toks.size()];
    Arrays.fill(match, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    for (Token t : toks) {
      if (t.kind().isOpener()) {
        stack.push(t.index());
      } else if (t.kind().isCloser()) {
        Kind opener = t.kind().partner();
        boolean found = false;
        for (int i : stack) {
          if (toks.get(i).kind() == opener) {
            found = true;
            break;
          }
        }
        if (found) {
          while (true) {
            int i = stack.pop();
            if (toks.get(i).kind() == opener) {
              match[i] = t.index();
              match[t.index()] = i;
              break;
            }
          }
        }
      }
    }
    return match;
  }

  // ================================================================== statements

  private Program program() {
    List<Stmt> stmts = new ArrayList<>();
    while (true) {
      skipSeparators();
      if (at(Kind.EOF)) {
        break;
      }
      stmts.add(statement());
      endOfStatement();
    }
    return new Program(stmts, source);
  }

  private void endOfStatement() {
    Token t = peek();
    switch (t.kind()) {
      case NEWLINE:
      case SEMI:
        next();
        return;
      case EOF:
        return;
      case RBRACE:
        if (!blocks.isEmpty()) {
          return;
        }
        throw fail("", t);
      default:
        throw fail("expected a newline or ';' after the statement", t);
    }
  }

  private Stmt statement() {
    Token t = peek();
    switch (t.kind()) {
      case DEF:
        return def();
      case RETURN:
        return returnStatement();
      case IF:
        return ifStatement();
      case FOR:
        return forStatement();
      case WHILE:
        return whileStatement();
      case BREAK:
      case CONTINUE:
        throw error(
            t.pos(),
            "'" + t.text() + "' is not supported; loops run their whole range: put the exit test"
                + " in a while loop's condition, or use where(...) to skip a step's effect");
      case ELSE:
        throw error(t.pos(), "'else' without an 'if': write it right after the '}' of an if block");
      default:
        break;
    }
    Expr e = exprList();
    if (!at(Kind.ASSIGN)) {
      return new Stmt.ExprStmt(e);
    }
    next();
    Target target = target(e);
    Expr value = exprList();
    if (at(Kind.ASSIGN)) {
      throw error(
          peek().pos(),
          "chained assignment a = b = ... is not supported; assign one target at a time");
    }
    return new Stmt.Assign(target, value, e.pos());
  }

  /** Turns the expression left of '=' into a target, or explains why it cannot be one. */
  private Target target(Expr e) {
    if (e instanceof Expr.Name n) {
      return new Target.Var(n.id(), n.pos());
    }
    List<Expr> elements = null;
    if (e instanceof Expr.TupleExpr tu) {
      elements = tu.elements();
    } else if (e instanceof Expr.ListExpr li) {
      elements = li.elements();
    }
    if (elements != null && !elements.isEmpty()) {
      List<Target> ts = new ArrayList<>();
      for (Expr x : elements) {
        ts.add(target(x));
      }
      return new Target.Unpack(ts, e.pos());
    }
    String what;
    if (elements != null) {
      what = "an empty " + (e instanceof Expr.TupleExpr ? "tuple" : "list");
    } else if (e instanceof Expr.Call) {
      what = "a function call; to define a function write def f(x) = ...";
    } else if (e instanceof Expr.Index) {
      what = "an element x[...]; values cannot be changed in place, assign a new name instead";
    } else if (e instanceof Expr.Attribute) {
      what = "an attribute";
    } else if (e instanceof Expr.BoolLit b) {
      what = b.value() ? "True" : "False";
    } else if (e instanceof Expr.NoneLit) {
      what = "None";
    } else if (e instanceof Expr.IntLit
        || e instanceof Expr.FloatLit
        || e instanceof Expr.ImagLit
        || e instanceof Expr.StrLit) {
      what = "a literal";
    } else if (e instanceof Expr.DictExpr) {
      what = "a dict";
    } else if (e instanceof Expr.Lambda) {
      what = "a lambda";
    } else if (e instanceof Expr.Binary b && b.op() == BinaryOp.EQ) {
      what = "a comparison";
    } else {
      what = "an expression";
    }
    throw error(
        e.pos(),
        "invalid assignment target: cannot assign to " + what
            + (what.contains(";") ? "" : "; only names and tuples of names can be assigned"));
  }

  private Stmt returnStatement() {
    Token kw = next();
    if (defDepth == 0) {
      throw error(
          kw.pos(),
          "'return' outside a function: 'return' may only end the body of a def f(...) { ... }");
    }
    for (String b : blocks) {
      if (b.equals("def")) {
        break;
      }
      if (b.equals("for") || b.equals("while")) {
        throw error(
            kw.pos(),
            "'return' inside a " + b + " loop is not supported: assign the value to a name and"
                + " return it after the loop");
      }
    }
    Token t = peek();
    if (!startsExpression(t)) {
      throw error(t.pos(), "'return' needs a value: write return <expression>");
    }
    return new Stmt.Return(exprList(), kw.pos());
  }

  private Stmt def() {
    Token kw = next();
    Token name = peek();
    if (name.kind() != Kind.NAME) {
      throw fail("expected a function name after 'def'", name);
    }
    next();
    if (!at(Kind.LPAREN)) {
      throw fail("expected '(' after 'def " + name.text() + "'", peek());
    }
    List<Param> params = params("the definition of '" + name.text() + "'");
    Token t = peek();
    if (t.kind() == Kind.ASSIGN) {
      next();
      Token start = peek();
      enter(start);
      Expr body = exprList();
      leave();
      return new Stmt.Def(
          name.text(), params, List.of(new Stmt.Return(body, body.pos())), true, kw.pos(),
          name.pos());
    }
    if (t.kind() == Kind.LBRACE) {
      enter(t);
      List<Stmt> body = block(name.text());
      leave();
      return new Stmt.Def(name.text(), params, body, false, kw.pos(), name.pos());
    }
    String hint =
        t.kind() == Kind.NEWLINE ? "; the '{' of a def body must be on the line of 'def'" : "";
    throw error(
        t.pos(),
        "expected '=' or '{' after 'def " + name.text() + "(...)', found " + t.describe() + hint);
  }

  /** The statements of a def body, from its '{' to its '}'. */
  private List<Stmt> block(String name) {
    defDepth++;
    List<Stmt> body = block("def", "def '" + name + "'", name);
    defDepth--;
    return body;
  }

  /**
   * The statements of a block from its '{' to its '}': a def body ({@code kind} "def"), a loop body
   * or an if branch. {@code label} names it in messages and {@code name} is the function it ends
   * (after a return).
   */
  private List<Stmt> block(String kind, String label, String name) {
    Token lbrace = next();
    open.push(new Open(lbrace, false, name));
    blocks.push(kind);
    List<Stmt> body = new ArrayList<>();
    Token returnEnd = null;
    while (true) {
      skipSeparators();
      Token t = peek();
      if (t.kind() == Kind.RBRACE) {
        next();
        break;
      }
      String opened =
          "unbalanced '{' of " + label + " (opened at " + lbrace.pos().lineColumn() + ")";
      if (t.kind() == Kind.EOF) {
        throw error(t.pos(), opened + ": expected '}' before end of file");
      }
      if (returnEnd != null) {
        if (match[lbrace.index()] < 0) {
          throw error(
              source.pos(returnEnd.pos().line(), returnEnd.endColumn()),
              opened + ": expected '}' after its 'return'");
        }
        throw error(
            t.pos(),
            "unreachable statement: nothing after 'return' runs; remove it or move the 'return'"
                + " to the end of '" + name + "'");
      }
      Stmt s = statement();
      body.add(s);
      if (s instanceof Stmt.Return || (s instanceof Stmt.If i && i.returns())) {
        returnEnd = toks.get(lastConsumed);
      } else if (s instanceof Stmt.If i) {
        Stmt.Return r = firstReturn(i);
        if (r != null) {
          throw error(
              r.pos(),
              "this 'return' is inside an 'if' whose branches do not all return: end every"
                  + " branch with a return (with an else), and put nothing after that if");
        }
      }
      endOfStatement();
    }
    blocks.pop();
    open.pop();
    return body;
  }

  /** The first return inside the branches of {@code s} (at any depth of ifs), or null. */
  private static Stmt.Return firstReturn(Stmt.If s) {
    for (List<Stmt> b : List.of(s.then(), s.orElse())) {
      for (Stmt x : b) {
        if (x instanceof Stmt.Return r) {
          return r;
        }
        if (x instanceof Stmt.If i && firstReturn(i) != null) {
          return firstReturn(i);
        }
      }
    }
    return null;
  }

  /** {@code for target in iterable { ... }}. */
  private Stmt forStatement() {
    Token kw = next();
    if (!startsExpression(peek())) {
      throw fail("expected a loop variable after 'for'", peek());
    }
    Expr t = exprList();
    Target target = target(t);
    if (!at(Kind.IN)) {
      throw fail("expected 'in' after the loop variable of 'for'", peek());
    }
    next();
    if (!startsExpression(peek())) {
      throw fail("expected what to iterate over after 'in', such as range(n)", peek());
    }
    Expr iterable = exprList();
    return new Stmt.For(target, iterable, body("for", "for loop"), kw.pos());
  }

  /** {@code while condition { ... }}. */
  private Stmt whileStatement() {
    Token kw = next();
    if (!startsExpression(peek())) {
      throw fail("expected a condition after 'while'", peek());
    }
    Expr c = expression();
    return new Stmt.While(c, body("while", "while loop"), kw.pos());
  }

  /** {@code if c { ... }}, then {@code else { ... }} or {@code else if ...} (on the line of '}'). */
  private Stmt ifStatement() {
    Token kw = next();
    if (!startsExpression(peek())) {
      throw fail("expected a condition after 'if'", peek());
    }
    Expr c = expression();
    List<Stmt> then = body("if", "if block");
    List<Stmt> orElse = List.of();
    if (at(Kind.ELSE)) {
      next();
      if (at(Kind.IF)) {
        orElse = List.of(ifStatement());
      } else {
        orElse = body("if", "else block");
      }
    }
    return new Stmt.If(c, then, orElse, kw.pos());
  }

  /** The '{ ... }' of a loop or if, which must start on the line of its header. */
  private List<Stmt> body(String kind, String label) {
    Token t = peek();
    if (t.kind() != Kind.LBRACE) {
      String hint = t.kind() == Kind.NEWLINE
          ? "; the '{' of a " + label + " must be on the line of its header"
          : "";
      throw error(t.pos(), "expected '{' to open the " + label + ", found " + t.describe() + hint);
    }
    enter(t);
    String fn = open.stream().filter(o -> !o.join() && o.defName() != null)
        .map(Open::defName).findFirst().orElse(null);
    List<Stmt> b = block(kind, label, fn);
    leave();
    return b;
  }

  /** A parenthesised parameter list of distinct names. */
  private List<Param> params(String where) {
    openBracket();
    List<Param> params = new ArrayList<>();
    if (at(Kind.RPAREN)) {
      next();
      open.pop();
      return params;
    }
    Set<String> seen = new HashSet<>();
    do {
      params.add(param(seen, where));
    } while (commaOrClose());
    return params;
  }

  private Param param(Set<String> seen, String where) {
    Token n = peek();
    if (n.kind() != Kind.NAME) {
      throw fail("expected a parameter name", n);
    }
    next();
    if (!seen.add(n.text())) {
      throw error(n.pos(), "duplicate parameter '" + n.text() + "' in " + where);
    }
    if (at(Kind.ASSIGN)) {
      throw error(
          peek().pos(),
          "default parameter values are not supported; pass every argument explicitly");
    }
    return new Param(n.text(), n.pos());
  }

  // ================================================================== expressions

  private static boolean startsExpression(Token t) {
    switch (t.kind()) {
      case NAME:
      case INT:
      case FLOAT:
      case IMAG:
      case STRING:
      case TRUE:
      case FALSE:
      case NONE:
      case LPAREN:
      case LBRACKET:
      case LBRACE:
      case MINUS:
      case PLUS:
      case NOT:
      case LAMBDA:
        return true;
      default:
        return false;
    }
  }

  /** {@code expression (',' expression)* [',']}: a tuple if there is a comma. */
  private Expr exprList() {
    Expr first = expression();
    if (!at(Kind.COMMA)) {
      return first;
    }
    List<Expr> items = new ArrayList<>();
    items.add(first);
    while (at(Kind.COMMA)) {
      next();
      if (!startsExpression(peek())) {
        break;
      }
      items.add(expression());
    }
    return new Expr.TupleExpr(items, first.pos());
  }

  /** {@code lambda | disjunction ['if' disjunction 'else' expression]}. */
  private Expr expression() {
    Token start = peek();
    enter(start);
    try {
      if (start.kind() == Kind.LAMBDA) {
        return lambda();
      }
      Expr e = disjunction();
      if (!at(Kind.IF)) {
        return e;
      }
      next();
      Expr condition = disjunction();
      if (!at(Kind.ELSE)) {
        throw fail(
            "expected 'else' to complete the conditional expression 'a if condition else b'",
            peek());
      }
      next();
      Expr other = expression();
      return new Expr.Conditional(condition, e, other, e.pos());
    } finally {
      leave();
    }
  }

  private Expr lambda() {
    Token kw = next();
    List<Param> params = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (!at(Kind.COLON)) {
      Token n = peek();
      if (n.kind() != Kind.NAME) {
        throw fail(
            params.isEmpty() ? "expected a parameter name or ':'" : "expected a parameter name", n);
      }
      params.add(param(seen, "lambda"));
      if (at(Kind.COMMA)) {
        next();
      } else if (!at(Kind.COLON)) {
        throw fail("expected ',' or ':' after a lambda parameter", peek());
      }
    }
    next();
    Expr body = expression();
    return new Expr.Lambda(params, body, kw.pos());
  }

  private Expr disjunction() {
    Expr e = conjunction();
    while (at(Kind.OR)) {
      Token op = next();
      e = new Expr.Logical(LogicalOp.OR, e, conjunction(), e.pos(), op.pos());
    }
    return e;
  }

  private Expr conjunction() {
    Expr e = inversion();
    while (at(Kind.AND)) {
      Token op = next();
      e = new Expr.Logical(LogicalOp.AND, e, inversion(), e.pos(), op.pos());
    }
    return e;
  }

  private Expr inversion() {
    Token t = peek();
    if (t.kind() != Kind.NOT) {
      return comparison();
    }
    next();
    enter(t);
    try {
      return new Expr.Unary(UnaryOp.NOT, inversion(), t.pos());
    } finally {
      leave();
    }
  }

  private static BinaryOp comparisonOp(Kind k) {
    switch (k) {
      case LT:
        return BinaryOp.LT;
      case LE:
        return BinaryOp.LE;
      case GT:
        return BinaryOp.GT;
      case GE:
        return BinaryOp.GE;
      case EQ:
        return BinaryOp.EQ;
      case NE:
        return BinaryOp.NE;
      default:
        return null;
    }
  }

  private Expr comparison() {
    Expr left = sum();
    BinaryOp op = comparisonOp(peek().kind());
    if (op == null) {
      return left;
    }
    Token opTok = next();
    Expr right = sum();
    Token again = peek();
    if (comparisonOp(again.kind()) != null) {
      throw error(
          again.pos(),
          "chained comparisons like a < b < c are not supported; write (a < b) and (b < c)");
    }
    return new Expr.Binary(op, left, right, left.pos(), opTok.pos());
  }

  private Expr sum() {
    Expr e = term();
    while (true) {
      Kind k = peek().kind();
      if (k != Kind.PLUS && k != Kind.MINUS) {
        return e;
      }
      Token op = next();
      BinaryOp bop = k == Kind.PLUS ? BinaryOp.ADD : BinaryOp.SUB;
      e = new Expr.Binary(bop, e, term(), e.pos(), op.pos());
    }
  }

  private Expr term() {
    Expr e = factor();
    while (true) {
      Token t = peek();
      BinaryOp bop;
      switch (t.kind()) {
        case STAR:
          bop = BinaryOp.MUL;
          break;
        case SLASH:
          bop = BinaryOp.DIV;
          break;
        case AT:
          bop = BinaryOp.MATMUL;
          break;
        case SLASHSLASH:
          throw error(t.pos(), "'//' is not supported; write floor(a / b)");
        case PERCENT:
          bop = BinaryOp.REMAINDER;
          break;
        default:
          return e;
      }
      next();
      e = new Expr.Binary(bop, e, factor(), e.pos(), t.pos());
    }
  }

  /** {@code ('-' | '+') factor | power}. */
  private Expr factor() {
    Token t = peek();
    if (t.kind() != Kind.MINUS && t.kind() != Kind.PLUS) {
      return power();
    }
    next();
    enter(t);
    try {
      UnaryOp op = t.kind() == Kind.MINUS ? UnaryOp.NEG : UnaryOp.POS;
      return new Expr.Unary(op, factor(), t.pos());
    } finally {
      leave();
    }
  }

  /** {@code postfix ['**' factor]}: right-associative, and {@code 2 ** -1} works. */
  private Expr power() {
    Expr base = postfix();
    if (!at(Kind.POW)) {
      return base;
    }
    Token op = next();
    enter(op);
    try {
      return new Expr.Binary(BinaryOp.POW, base, factor(), base.pos(), op.pos());
    } finally {
      leave();
    }
  }

  private Expr postfix() {
    Expr e = atom();
    while (true) {
      Token t = peek();
      switch (t.kind()) {
        case LPAREN:
          e = call(e);
          break;
        case LBRACKET:
          e = index(e);
          break;
        case DOT:
          e = attribute(e);
          break;
        default:
          return e;
      }
    }
  }

  private Expr call(Expr callee) {
    Token lp = openBracket();
    List<Expr> args = new ArrayList<>();
    List<Expr.Keyword> keywords = new ArrayList<>();
    if (at(Kind.RPAREN)) {
      next();
      open.pop();
      return new Expr.Call(callee, args, keywords, callee.pos(), lp.pos());
    }
    Set<String> seen = new HashSet<>();
    do {
      Expr a = expression();
      if (at(Kind.ASSIGN)) {
        if (!(a instanceof Expr.Name n)) {
          ScriptError unclosed = unclosedBracket("expected ',' or ')'", peek());
          if (unclosed != null) {
            throw unclosed;
          }
          throw error(
              a.pos(), "a keyword argument needs a plain name before '=', as in f(x, axis=0)");
        }
        next();
        if (!seen.add(n.id())) {
          throw error(n.pos(), "keyword argument '" + n.id() + "' is given twice");
        }
        keywords.add(new Expr.Keyword(n.id(), expression(), n.pos()));
      } else {
        if (!keywords.isEmpty()) {
          throw error(
              a.pos(),
              "positional argument after keyword argument '"
                  + keywords.get(keywords.size() - 1).name()
                  + "'; put positional arguments first");
        }
        args.add(a);
      }
    } while (commaOrClose());
    return new Expr.Call(callee, args, keywords, callee.pos(), lp.pos());
  }

  private Expr index(Expr value) {
    Token lb = openBracket();
    if (at(Kind.RBRACKET)) {
      throw error(peek().pos(), "empty index '[]': write an index inside the brackets, as in x[0]");
    }
    List<Expr> items = new ArrayList<>();
    do {
      items.add(indexItem());
    } while (commaOrClose());
    return new Expr.Index(value, items, value.pos(), lb.pos());
  }

  /** {@code expression | [expression] ':' [expression] [':' [expression]]}. */
  private Expr indexItem() {
    Token start = peek();
    Expr lower = null;
    if (start.kind() != Kind.COLON) {
      lower = expression();
      if (!at(Kind.COLON)) {
        return lower;
      }
    }
    next();
    Expr upper = null;
    if (!at(Kind.COLON) && !at(Kind.COMMA) && !at(Kind.RBRACKET)) {
      upper = expression();
    }
    Expr step = null;
    if (at(Kind.COLON)) {
      next();
      if (!at(Kind.COMMA) && !at(Kind.RBRACKET)) {
        step = expression();
      }
    }
    return new Expr.Slice(lower, upper, step, start.pos());
  }

  private Expr attribute(Expr value) {
    next();
    Token n = peek();
    if (n.kind() != Kind.NAME) {
      if (n.kind() == Kind.INT) {
        throw error(
            n.pos(),
            "expected an attribute name after '.', found " + n.describe() + "; to index write x["
                + n.text() + "]");
      }
      throw fail("expected an attribute name after '.'", n);
    }
    next();
    return new Expr.Attribute(value, n.text(), value.pos(), n.pos());
  }

  private Expr atom() {
    Token t = peek();
    switch (t.kind()) {
      case NAME:
        next();
        return new Expr.Name(t.text(), t.pos());
      case INT:
        next();
        return new Expr.IntLit((Long) t.value(), t.text(), t.pos());
      case FLOAT:
        next();
        return new Expr.FloatLit((Double) t.value(), t.text(), t.pos());
      case IMAG:
        next();
        return new Expr.ImagLit((Double) t.value(), t.text(), t.pos());
      case STRING:
        next();
        return new Expr.StrLit((String) t.value(), t.pos());
      case TRUE:
      case FALSE:
        next();
        return new Expr.BoolLit(t.kind() == Kind.TRUE, t.pos());
      case NONE:
        next();
        return new Expr.NoneLit(t.pos());
      case LPAREN:
        return parenthesized();
      case LBRACKET:
        return list();
      case LBRACE:
        return dict();
      case NOT:
        throw error(
            t.pos(),
            "'not' binds more loosely than comparisons and arithmetic; put it in parentheses:"
                + " (not x)");
      case LAMBDA:
        throw error(
            t.pos(), "a lambda inside an operator expression needs parentheses: (lambda x: ...)");
      case DEF:
        throw error(
            t.pos(),
            "'def' starts a statement and cannot be used inside an expression; use lambda");
      default:
        throw fail("expected an expression", t);
    }
  }

  /** {@code ()}, {@code (e)}, {@code (e,)}, {@code (a, b)}. */
  private Expr parenthesized() {
    Token lp = openBracket();
    if (at(Kind.RPAREN)) {
      next();
      open.pop();
      return new Expr.TupleExpr(List.of(), lp.pos());
    }
    Expr first = expression();
    if (at(Kind.RPAREN)) {
      next();
      open.pop();
      return first;
    }
    List<Expr> items = new ArrayList<>();
    items.add(first);
    while (commaOrClose()) {
      items.add(expression());
    }
    return new Expr.TupleExpr(items, lp.pos());
  }

  private Expr list() {
    Token lb = openBracket();
    List<Expr> items = new ArrayList<>();
    if (at(Kind.RBRACKET)) {
      next();
      open.pop();
      return new Expr.ListExpr(items, lb.pos());
    }
    do {
      items.add(expression());
    } while (commaOrClose());
    return new Expr.ListExpr(items, lb.pos());
  }

  private Expr dict() {
    Token lb = openBracket();
    List<Expr.DictEntry> entries = new ArrayList<>();
    if (at(Kind.RBRACE)) {
      next();
      open.pop();
      return new Expr.DictExpr(entries, lb.pos());
    }
    do {
      Expr key = expression();
      if (!at(Kind.COLON)) {
        throw fail("expected ':' after a dict key", peek());
      }
      next();
      entries.add(new Expr.DictEntry(key, expression()));
    } while (commaOrClose());
    return new Expr.DictExpr(entries, lb.pos());
  }
}
