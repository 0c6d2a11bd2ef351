package org.cotangent.script;

import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Node;

/**
 * Python's operators on script values, their operands evaluated: arithmetic ({@code %} is
 * Python's remainder, of the sign of the divisor), matmul and comparisons on arrays (NumPy's
 * promotion and broadcasting, through {@link Np}), {@code +} on strings, {@code ==} and {@code !=}
 * on other values, unary {@code - + not}, and truth.
 */
final class Operators {
  private Operators() {}

  /** {@code l op r} for the operator of {@code e}. */
  static Object binary(Expr.Binary e, Object l, Object r) {
    if (e.op() == Expr.BinaryOp.ADD && l instanceof String && r instanceof String) {
      return (String) l + r;
    }
    if ((e.op() == Expr.BinaryOp.EQ || e.op() == Expr.BinaryOp.NE)
        && !(l instanceof Node && r instanceof Node)) {
      boolean same = l.equals(r);
      return Values.bool(e.op() == Expr.BinaryOp.EQ ? same : !same);
    }
    String what = "operand of " + e.op().symbol();
    Node a = Values.array(l, e.left().pos(), what);
    Node b = Values.array(r, e.right().pos(), what);
    switch (e.op()) {
      case ADD:
        return Np.add(a, b);
      case SUB:
        return Np.sub(a, b);
      case MUL:
        return Np.mul(a, b);
      case DIV:
        return Np.div(a, b);
      case REMAINDER:
        return Np.remainder(a, b);
      case MATMUL:
        return Np.matmul(a, b);
      case POW:
        return Np.power(a, b);
      case LT:
        return Np.less(a, b);
      case LE:
        return Np.lessEqual(a, b);
      case GT:
        return Np.greater(a, b);
      case GE:
        return Np.greaterEqual(a, b);
      case EQ:
        return Np.equal(a, b);
      default:
        return Np.notEqual(a, b);
    }
  }

  /** {@code op v} for the operator of {@code e}; {@code not} needs the truth of {@code v}. */
  static Object unary(Expr.Unary e, Object v, Runner runner) {
    Pos pos = e.operand().pos();
    switch (e.op()) {
      case NEG:
        return Np.neg(Values.array(v, pos, "operand of -"));
      case POS:
        return Values.array(v, pos, "operand of +");
      default:
        return Values.bool(!truth(v, pos, runner));
    }
  }

  /** Python truth of a concrete value; a traced array has none (use where). */
  static boolean truth(Object v, Pos pos, Runner runner) {
    if (v == Values.NONE) {
      return false;
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof Values.Tuple) {
      return !((Values.Tuple) v).items.isEmpty();
    }
    if (v instanceof Values.ListValue) {
      return !((Values.ListValue) v).items.isEmpty();
    }
    if (v instanceof Values.Dict) {
      return !((Values.Dict) v).entries.isEmpty();
    }
    if (v instanceof Node) {
      Node n = (Node) v;
      if (n.type().size() != 1) {
        throw pos.error("the truth value of an array with " + n.type().size()
            + " elements is ambiguous; use where(...) or reduce it first");
      }
      if (TraceContext.isTraced(n)) {
        throw pos.error("a traced value has no truth value inside a transformed function; use"
            + " where(cond, a, b) instead of if/and/or; a count that decides how deep a function"
            + " recurses or how often it loops must be a constant (close over it, as in"
            + " grad(lambda z: h(z, 3))), or loop with fori_loop(lower, upper, body, init) or scan");
      }
      Tensor t = runner.concrete(n, pos);
      return t.re(0) != 0 || t.im(0) != 0;
    }
    return true;
  }
}
