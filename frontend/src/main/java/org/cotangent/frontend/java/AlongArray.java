package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Node;

/**
 * A recurrence along an array (the design note's B8 last row): a loop over a size whose body
 * writes {@code y[i + c] = F(y[i + c - 1], ...)}, each element from the one before it. It is a
 * scan over the loop's trip whose extra carry is the last element written ({@code y[start + c -
 * 1]} before the loop, or, for a loop masked from a constant {@code lo}, the old element at the
 * steps Java does not run) and whose {@code ys} are the elements written; afterwards {@code y} is
 * its old elements before and after the written range around the {@code ys}. {@link
 * Recurrences#run} does the rest, as for any recurrence.
 */
final class AlongArray {
  final String name;
  /** The write {@code y[i + c] = ...}. */
  final AssignExpr write;
  /** {@code c}. */
  final int offset;
  /** The value written in the step being traced. */
  Node value;

  private AlongArray(String name, AssignExpr write, int offset) {
    this.name = name;
    this.write = write;
    this.offset = offset;
  }

  /**
   * The array {@code f}'s body writes at its index {@code i} (at its own level) and also reads,
   * or null; {@code offset} gives the write's {@code c}.
   */
  static AlongArray find(ForStmt f, String i, Recurrences r) {
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (!(a.getTarget() instanceof ArrayAccessExpr)
          || a.findAncestor(ForStmt.class).orElse(null) != f) {
        continue;
      }
      List<Expression> subs = new ArrayList<>();
      String name = Subscripts.base((ArrayAccessExpr) a.getTarget(), subs);
      Integer c = subs.size() == 1 ? r.offset(subs.get(0), i) : null;
      if (c == null) {
        continue;
      }
      // Every read of the array is the element before the one written, in the loop's own body;
      // any other read keeps the loop a map (which refuses reads of what it writes).
      boolean read = false;
      boolean others = false;
      for (ArrayAccessExpr e : f.getBody().findAll(ArrayAccessExpr.class)) {
        List<Expression> es = new ArrayList<>();
        if (e == a.getTarget() || !Subscripts.base(e, es).equals(name)) {
          continue;
        }
        Integer ce = es.size() == 1 ? r.offset(es.get(0), i) : null;
        boolean prev = ce != null && ce == c - 1
            && e.findAncestor(ForStmt.class).orElse(null) == f;
        read |= prev;
        others |= !prev;
      }
      if (read && !others) {
        return new AlongArray(name, a, c);
      }
    }
    return null;
  }

  /** Checks the write: one plain statement, unconditional, to a local array. */
  void check(ForStmt f, MethodReader reader, String what) {
    reader.checkWritable(name, write.getTarget());
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (a != write && a.getTarget() instanceof ArrayAccessExpr
          && Subscripts.base((ArrayAccessExpr) a.getTarget(), new ArrayList<>()).equals(name)) {
        throw MethodReader.error(a, "a second write to " + name + " in " + what + " is not"
            + " supported; write one element per step");
      }
    }
    if (write.getOperator() != AssignExpr.Operator.ASSIGN
        || !write.getParentNode().map(p -> p instanceof ExpressionStmt).orElse(false)) {
      throw MethodReader.error(write, "in " + what + ", write " + write.getTarget() + " = ...;"
          + " as a statement of its own");
    }
    if (write.findAncestor(IfStmt.class).map(s -> s.isDescendantOf(f)).orElse(false)) {
      throw MethodReader.error(write, "writing " + write.getTarget() + " inside an if is not"
          + " supported; write " + write.getTarget() + " = c ? e : " + name + "[...]");
    }
  }

  /** The message for a read of the array at another place than the element before the write. */
  JavaSubsetException badRead(ArrayAccessExpr e, String i, String what) {
    String prev = name + "[" + i + (offset - 1 == 0 ? "" : offset - 1 > 0 ? " + " + (offset - 1)
        : " - " + (1 - offset)) + "]";
    return MethodReader.error(e, "in " + what + ", which writes " + write.getTarget() + ", "
        + name + " is read only at " + prev + " (the element written the step before); " + e
        + " is not supported yet");
  }

  /** {@code y[from]} of the array's value before the loop, as a scalar (proven inside). */
  static Node element(Node arr, Dim from, com.github.javaparser.ast.Node at, String what) {
    Dim len = arr.type().shape().extent(0);
    Subscripts.require(Dims.geq(from, Dim.of(0)), at, "cannot prove that " + what
        + " starts inside the array: it reads position " + from);
    Subscripts.require(Dims.geq(len, from.plus(1)), at, "cannot prove that " + what
        + " stays inside the array: it reads position " + from + " of " + len);
    return Ir.reshape(Ir.slice(arr, new Dim[] {from}, new Dim[] {from.plus(1)}), Shape.SCALAR);
  }

  /** The old elements {@code [from, to)} (proven inside), an xs of the scan. */
  static Node range(Node arr, Dim from, Dim to, com.github.javaparser.ast.Node at, String what) {
    Dim len = arr.type().shape().extent(0);
    Subscripts.require(Dims.geq(from, Dim.of(0)), at, "cannot prove that " + what
        + " starts inside the array: it writes from position " + from);
    Subscripts.require(Dims.geq(len, to), at, "cannot prove that " + what + " stays inside the"
        + " array: it writes up to position " + to.minus(1) + " and the array's length is " + len
        + "; give the sizes the same name with @Shape");
    return Ir.slice(arr, new Dim[] {from}, new Dim[] {to});
  }

  /** The array after the loop: its old elements around the written range {@code [from, to)}. */
  static Node after(Node arr, Node ys, Dim from, Dim to) {
    Dim len = arr.type().shape().extent(0);
    Node head = Ir.slice(arr, new Dim[] {Dim.of(0)}, new Dim[] {from});
    Node tail = Ir.slice(arr, new Dim[] {to}, new Dim[] {len});
    return Ir.concatenate(0, head, ys, tail);
  }
}
