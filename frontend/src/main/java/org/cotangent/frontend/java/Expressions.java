package org.cotangent.frontend.java;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * The expressions of the subset. A value is a {@code double} (an {@code f64} node), a {@code
 * boolean} (a {@code bool} node, from comparisons) or an {@code int} constant (a literal, folded
 * with Java's int arithmetic, so {@code 1 / 2} is 0 as in Java), promoted to {@code double} where
 * Java would.
 */
final class Expressions {
  /** {@code Math.f} with a primitive of the same meaning, one argument. */
  static final Map<String, UnaryOperator<Node>> UNARY = Map.ofEntries(
      Map.entry("sin", Np::sin), Map.entry("cos", Np::cos), Map.entry("tan", Np::tan),
      Map.entry("asin", Np::arcsin), Map.entry("acos", Np::arccos), Map.entry("atan", Np::arctan),
      Map.entry("sinh", Np::sinh), Map.entry("cosh", Np::cosh), Map.entry("tanh", Np::tanh),
      Map.entry("exp", Np::exp), Map.entry("log", Np::log), Map.entry("log1p", Np::log1p),
      Map.entry("expm1", Np::expm1), Map.entry("sqrt", Np::sqrt), Map.entry("abs", Np::abs),
      Map.entry("signum", Np::sign), Map.entry("floor", Np::floor), Map.entry("ceil", Np::ceil),
      Map.entry("rint", Np::round));
  /** {@code Math.f} with a primitive of the same meaning, two arguments. */
  static final Map<String, BinaryOperator<Node>> BINARY = Map.of("pow", Np::power,
      "atan2", Np::arctan2, "max", Np::maximum, "min", Np::minimum);

  private final MethodReader reader;

  Expressions(MethodReader reader) {
    this.reader = reader;
  }

  /**
   * A typed value: exactly one of a node ({@code double}/{@code boolean}), an int constant, a
   * symbolic size ({@code n}, {@code w.length + 1}) or the index of an enclosing loop over a size.
   */
  private static final class Val {
    final Node node;
    final boolean isBool;
    final Integer intValue;
    final Dim size;
    final SizeLoops.Frame loop;

    private Val(Node node, boolean isBool, Integer intValue, Dim size, SizeLoops.Frame loop) {
      this.node = node;
      this.isBool = isBool;
      this.intValue = intValue;
      this.size = size;
      this.loop = loop;
    }

    static Val real(Node n) {
      return new Val(n, false, null, null, null);
    }

    static Val bool(Node n) {
      return new Val(n, true, null, null, null);
    }

    static Val integer(int v) {
      return new Val(null, false, v, Dim.of(v), null);
    }

    /** A size; an int constant when it is one. */
    static Val size(Dim d) {
      if (d.isConstant() && d.constantTerm() == (int) d.constantTerm()) {
        return integer((int) d.constantTerm());
      }
      return new Val(null, false, null, d, null);
    }

    static Val loopIndex(SizeLoops.Frame f) {
      return new Val(null, false, null, null, f);
    }

    boolean isSize() {
      return size != null && intValue == null;
    }

    /** An int constant or a size. */
    boolean isSizeLike() {
      return size != null;
    }

    boolean isInt() {
      return intValue != null;
    }

    /** A loop index: an {@code i64} node, Java's int. */
    boolean isIndex() {
      return node != null && node.dtype() == DType.I64;
    }
  }

  /** {@code e} as a {@code double}. */
  Node real(Expression e, MethodReader.Env env) {
    return asReal(eval(e, env), e);
  }

  /**
   * {@code e} as a size: an int constant, an {@code int} parameter or local, {@code a.length},
   * {@code x[0].length}, and {@code + - *} of those. {@code what} names the use in errors.
   */
  Dim size(Expression e, MethodReader.Env env, String what) {
    Val v = eval(e, env);
    if (v.isSizeLike()) {
      return v.size;
    }
    if (v.loop != null) {
      throw MethodReader.error(e, what + " cannot depend on the index " + v.loop.index
          + " of an enclosing loop (a triangular loop); not supported yet");
    }
    throw MethodReader.error(e, what + " must be int: sizes, int parameters or int constants ("
        + e + " is " + (v.isBool ? "a boolean" : "a double") + ")");
  }

  /** {@code e} as a {@code boolean} (an if's or a ternary's condition). */
  Node condition(Expression e, MethodReader.Env env) {
    Val v = eval(e, env);
    if (!v.isBool) {
      throw MethodReader.error(e, "a condition must be a boolean comparison");
    }
    return v.node;
  }

  /** The new value of {@code name} after {@code a} ({@code =}, {@code +=}, ...). */
  Node assignment(AssignExpr a, String name, MethodReader.Env env) {
    Node rhs = real(a.getValue(), env);
    if (a.getOperator() == AssignExpr.Operator.ASSIGN) {
      return rhs;
    }
    Node old = read(name, (NameExpr) a.getTarget(), env);
    switch (a.getOperator()) {
      case PLUS:
        return Np.add(old, rhs);
      case MINUS:
        return Np.sub(old, rhs);
      case MULTIPLY:
        return Np.mul(old, rhs);
      case DIVIDE:
        return Np.div(old, rhs);
      case REMAINDER:
        return Np.fmod(old, rhs);
      default:
        throw MethodReader.error(a, "compound assignment " + a.getOperator().asString()
            + " is not supported on double; only += -= *= /= %= are");
    }
  }

  Node read(String name, NameExpr at, MethodReader.Env env) {
    if (!env.isDeclared(name)) {
      throw MethodReader.error(at, "fields are not supported: " + name + " is not a parameter or"
          + " local variable; pass it as a parameter or declare it as a local");
    }
    Node v = env.get(name);
    if (v == null) {
      throw MethodReader.error(at, "variable " + name + " might not have been assigned here");
    }
    return v;
  }

  private Node asReal(Val v, Expression at) {
    if (v.isBool) {
      throw MethodReader.error(at, "a boolean cannot be used as a number here");
    }
    if (v.isIndex()) {
      return Np.astype(v.node, DType.F64);
    }
    if (v.loop != null) {
      return reader.subscripts.indexValue(v.loop, at);
    }
    if (v.isSize()) {
      // A size (or an int expression of sizes) as a double: its value, read from the sizes.
      return org.cotangent.symbolic.ops.SizeValue.of(v.size, TensorType.of(DType.F64));
    }
    return v.isInt() ? Np.scalar(v.intValue) : v.node;
  }

  /** {@code e} if it is an int constant expression (literals and int arithmetic), else null. */
  Integer intConstant(Expression e) {
    try {
      Val v = eval(e, new MethodReader.Env());
      return v.isInt() ? v.intValue : null;
    } catch (JavaSubsetException ex) {
      return null;
    }
  }

  private static JavaSubsetException intArithmetic(Expression at) {
    return MethodReader.error(at, "int arithmetic on a loop index is not supported; convert it"
        + " first: (double) i");
  }

  private Val eval(Expression e, MethodReader.Env env) {
    if (e instanceof EnclosedExpr) {
      return eval(((EnclosedExpr) e).getInner(), env);
    } else if (e instanceof NameExpr) {
      String name = ((NameExpr) e).getNameAsString();
      SizeLoops.Frame f = reader.sizeLoops.frame(name);
      if (f != null) {
        return Val.loopIndex(f);
      }
      Dim size = reader.sizeOf(name);
      if (size != null) {
        return Val.size(size);
      }
      if (reader.arrayRank(name) != null) {
        throw MethodReader.error(e, "the array " + name + " cannot be used as a value here; read"
            + " its elements (" + name + "[i])");
      }
      return Val.real(reader.sizeLoops.lift(read(name, (NameExpr) e, env)));
      // (A constant-bound loop's index reads as an i64 node: Val.real keeps it, isIndex() tells.)
    } else if (e instanceof ArrayAccessExpr) {
      return Val.real(reader.subscripts.read((ArrayAccessExpr) e, env));
    } else if (e instanceof DoubleLiteralExpr) {
      String t = ((DoubleLiteralExpr) e).getValue().replace("_", "");
      boolean isFloat = t.endsWith("f") || t.endsWith("F");
      // A float literal is a float, widened: 0.1f is not 0.1.
      return Val.real(Np.scalar(isFloat ? (double) Float.parseFloat(t) : Double.parseDouble(t)));
    } else if (e instanceof IntegerLiteralExpr) {
      Number n = ((IntegerLiteralExpr) e).asNumber();
      return Val.integer(n.intValue());
    } else if (e instanceof BooleanLiteralExpr) {
      return Val.bool(boolConstant(((BooleanLiteralExpr) e).getValue()));
    } else if (e instanceof UnaryExpr) {
      return unary((UnaryExpr) e, env);
    } else if (e instanceof BinaryExpr) {
      return binary((BinaryExpr) e, env);
    } else if (e instanceof ConditionalExpr) {
      ConditionalExpr c = (ConditionalExpr) e;
      Node p = condition(c.getCondition(), env);
      Val a = eval(c.getThenExpr(), env);
      Val b = eval(c.getElseExpr(), env);
      if (a.isBool || b.isBool) {
        if (!(a.isBool && b.isBool)) {
          throw MethodReader.error(c, "the branches of this ?: differ in type");
        }
        return Val.bool(Np.where(p, a.node, b.node));
      }
      return Val.real(Np.where(p, asReal(a, c.getThenExpr()), asReal(b, c.getElseExpr())));
    } else if (e instanceof CastExpr) {
      CastExpr c = (CastExpr) e;
      if (!MethodReader.isDouble(c.getType())) {
        throw MethodReader.error(c, "casts to " + c.getType() + " are not supported; only (double)"
            + " is");
      }
      return Val.real(real(c.getExpression(), env));
    } else if (e instanceof MethodCallExpr) {
      return Val.real(call((MethodCallExpr) e, env));
    } else if (e instanceof FieldAccessExpr) {
      FieldAccessExpr f = (FieldAccessExpr) e;
      String s = f.toString();
      if (f.getNameAsString().equals("length")) {
        return Val.size(length(f));
      }
      if (s.equals("Math.PI") || s.equals("java.lang.Math.PI")) {
        return Val.real(Np.scalar(Math.PI));
      } else if (s.equals("Math.E") || s.equals("java.lang.Math.E")) {
        return Val.real(Np.scalar(Math.E));
      }
      throw MethodReader.error(e, "fields are not supported: " + s + "; only Math.PI and Math.E"
          + " are (pass other values as parameters)");
    }
    throw MethodReader.error(e, Constructs.expression(e));
  }

  /** {@code a.length} or {@code x[c].length} for a constant {@code c}. */
  private Dim length(FieldAccessExpr f) {
    Expression scope = f.getScope();
    while (scope instanceof EnclosedExpr) {
      scope = ((EnclosedExpr) scope).getInner();
    }
    if (scope instanceof NameExpr && reader.arrayRank(((NameExpr) scope).getNameAsString()) != null) {
      String name = ((NameExpr) scope).getNameAsString();
      return reader.arrayShape(name).extent(0);
    }
    if (scope instanceof ArrayAccessExpr) {
      ArrayAccessExpr a = (ArrayAccessExpr) scope;
      if (a.getName() instanceof NameExpr) {
        String name = ((NameExpr) a.getName()).getNameAsString();
        Integer rank = reader.arrayRank(name);
        if (rank != null && rank == 2) {
          if (intConstant(a.getIndex()) == null) {
            throw MethodReader.error(f, f + ": the row length varies with " + a.getIndex()
                + " (ragged use); use " + name + "[0].length (every row of " + name + " has it)");
          }
          return reader.arrayShape(name).extent(1);
        }
      }
    }
    throw MethodReader.error(f, "only the length of an array parameter or local array is"
        + " supported: " + f);
  }

  private static Node boolConstant(boolean b) {
    return Ir.full(b ? 1 : 0, TensorType.of(DType.BOOL));
  }

  private Val unary(UnaryExpr u, MethodReader.Env env) {
    switch (u.getOperator()) {
      case MINUS: {
        Val v = eval(u.getExpression(), env);
        if (v.isIndex() || v.loop != null) {
          throw intArithmetic(u);
        }
        if (v.isSize()) {
          return Val.size(v.size.times(-1));
        }
        return v.isInt() ? Val.integer(-v.intValue) : Val.real(Np.neg(asReal(v, u)));
      }
      case PLUS: {
        Val v = eval(u.getExpression(), env);
        return v.isSizeLike() || v.isIndex() || v.loop != null ? v : Val.real(asReal(v, u));
      }
      case LOGICAL_COMPLEMENT:
        return Val.bool(Np.where(condition(u.getExpression(), env), boolConstant(false),
            boolConstant(true)));
      default:
        if (MethodReader.isIncrement(u)) {
          throw MethodReader.error(u, u.getOperator().asString() + " inside an expression is not"
              + " supported; write it as a statement of its own");
        }
        throw MethodReader.error(u, "the operator " + u.getOperator().asString()
            + " is not supported");
    }
  }

  private Val binary(BinaryExpr b, MethodReader.Env env) {
    BinaryExpr.Operator op = b.getOperator();
    if (op == BinaryExpr.Operator.AND || op == BinaryExpr.Operator.OR) {
      Node x = condition(b.getLeft(), env);
      Node y = condition(b.getRight(), env);
      // No side effects in the subset, so evaluating both sides is safe.
      return Val.bool(op == BinaryExpr.Operator.AND ? Np.where(x, y, boolConstant(false))
          : Np.where(x, boolConstant(true), y));
    }
    Val l = eval(b.getLeft(), env);
    Val r = eval(b.getRight(), env);
    if (l.isBool || r.isBool) {
      throw MethodReader.error(b, "the operator " + op.asString() + " is not supported on"
          + " booleans; only && || ! and ?: are");
    }
    if (l.isInt() && r.isInt()) {
      return intOp(b, l.intValue, r.intValue);
    }
    if (l.isSizeLike() && r.isSizeLike()) {
      return sizeOp(b, l.size, r.size);
    }
    boolean intOperands = (l.isSizeLike() || l.isIndex() || l.loop != null)
        && (r.isSizeLike() || r.isIndex() || r.loop != null);
    if (intOperands && !isComparison(op)) {
      throw intArithmetic(b);
    }
    Node x = asReal(l, b.getLeft());
    Node y = asReal(r, b.getRight());
    switch (op) {
      case PLUS:
        return Val.real(Np.add(x, y));
      case MINUS:
        return Val.real(Np.sub(x, y));
      case MULTIPLY:
        return Val.real(Np.mul(x, y));
      case DIVIDE:
        return Val.real(Np.div(x, y));
      case REMAINDER:
        return Val.real(Np.fmod(x, y));
      case LESS:
        return Val.bool(Np.less(x, y));
      case LESS_EQUALS:
        return Val.bool(Np.lessEqual(x, y));
      case GREATER:
        return Val.bool(Np.greater(x, y));
      case GREATER_EQUALS:
        return Val.bool(Np.greaterEqual(x, y));
      case EQUALS:
        return Val.bool(Np.equal(x, y));
      case NOT_EQUALS:
        return Val.bool(Np.notEqual(x, y));
      default:
        throw MethodReader.error(b, "the operator " + op.asString() + " is not supported on"
            + " double");
    }
  }

  private static boolean isComparison(BinaryExpr.Operator op) {
    switch (op) {
      case LESS:
      case LESS_EQUALS:
      case GREATER:
      case GREATER_EQUALS:
      case EQUALS:
      case NOT_EQUALS:
        return true;
      default:
        return false;
    }
  }

  /** {@code + - *} of sizes; division and comparisons of sizes are not in the subset. */
  private static Val sizeOp(BinaryExpr b, Dim x, Dim y) {
    switch (b.getOperator()) {
      case PLUS:
        return Val.size(x.plus(y));
      case MINUS:
        return Val.size(x.minus(y));
      case MULTIPLY:
        return Val.size(x.times(y));
      case DIVIDE:
      case REMAINDER:
        throw MethodReader.error(b, b + ": division of a size is not supported");
      default:
        throw MethodReader.error(b, b + ": comparing sizes is not supported yet");
    }
  }

  /** Java's int arithmetic on two int literals (wrapping, truncating division). */
  private static Val intOp(BinaryExpr b, int x, int y) {
    switch (b.getOperator()) {
      case PLUS:
        return Val.integer(x + y);
      case MINUS:
        return Val.integer(x - y);
      case MULTIPLY:
        return Val.integer(x * y);
      case DIVIDE:
      case REMAINDER:
        if (y == 0) {
          throw MethodReader.error(b, "integer division by zero");
        }
        return Val.integer(b.getOperator() == BinaryExpr.Operator.DIVIDE ? x / y : x % y);
      case LESS:
        return Val.bool(boolConstant(x < y));
      case LESS_EQUALS:
        return Val.bool(boolConstant(x <= y));
      case GREATER:
        return Val.bool(boolConstant(x > y));
      case GREATER_EQUALS:
        return Val.bool(boolConstant(x >= y));
      case EQUALS:
        return Val.bool(boolConstant(x == y));
      case NOT_EQUALS:
        return Val.bool(boolConstant(x != y));
      default:
        throw MethodReader.error(b, "the operator " + b.getOperator().asString()
            + " is not supported on int");
    }
  }

  private Node call(MethodCallExpr c, MethodReader.Env env) {
    String scope = c.getScope().map(Object::toString).orElse(null);
    String name = c.getNameAsString();
    int n = c.getArguments().size();
    if ("Math".equals(scope) || "java.lang.Math".equals(scope)) {
      List<Node> args = new ArrayList<>();
      for (Expression a : c.getArguments()) {
        args.add(real(a, env));
      }
      if (n == 1 && UNARY.containsKey(name)) {
        return UNARY.get(name).apply(args.get(0));
      } else if (n == 2 && BINARY.containsKey(name)) {
        return BINARY.get(name).apply(args.get(0), args.get(1));
      }
      throw MethodReader.error(c, "Math." + name + " with " + n + " argument" + (n == 1 ? "" : "s")
          + " is not supported: it has no primitive; supported are Math." + String.join(", Math.",
          new java.util.TreeSet<>(supported())));
    }
    MethodDeclaration callee = scope == null || isOwnClass(scope, c) ? reader.callee(name, n) : null;
    if (callee == null) {
      throw MethodReader.error(c, "calls to " + (scope == null ? "" : scope + ".") + name
          + " are not supported: only Math.* and @Differentiable methods of this class");
    }
    for (com.github.javaparser.ast.body.Parameter p : callee.getParameters()) {
      if (!MethodReader.isDouble(p.getType())) {
        throw MethodReader.error(c, "calls passing arrays or sizes are not supported yet: " + name
            + "/" + n + " has parameter " + p.getType() + " " + p.getNameAsString());
      }
    }
    List<Node> args = new ArrayList<>();
    for (Expression a : c.getArguments()) {
      args.add(real(a, env));
    }
    return reader.inline(callee, args, c);
  }

  private static java.util.Set<String> supported() {
    java.util.Set<String> s = new java.util.HashSet<>(UNARY.keySet());
    s.addAll(BINARY.keySet());
    s.add("PI");
    s.add("E");
    return s;
  }

  /** {@code Model.f(x)} inside class {@code Model}. */
  private static boolean isOwnClass(String scope, MethodCallExpr c) {
    return c.findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class)
        .map(t -> t.getNameAsString().equals(scope)
            || t.getFullyQualifiedName().map(scope::equals).orElse(false))
        .orElse(false);
  }
}
