package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;

/** Small questions about JavaParser expressions that the loop readers share. */
final class Syntax {
  private Syntax() {}

  /** {@code e} without its enclosing parentheses. */
  static Expression strip(Expression e) {
    while (e instanceof EnclosedExpr) {
      e = ((EnclosedExpr) e).getInner();
    }
    return e;
  }

  /** True if {@code e} is the plain name {@code name}. */
  static boolean isName(Expression e, String name) {
    return e instanceof NameExpr && ((NameExpr) e).getNameAsString().equals(name);
  }
}
