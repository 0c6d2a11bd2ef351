package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;

/** The messages for constructs outside the subset: each names the construct and what to do. */
final class Constructs {
  private Constructs() {}

  static String statement(Statement s) {
    if (s instanceof ForStmt) {
      return "only for loops of the form for (int i = lo; i < hi; i++) (or i <= hi) with int lo"
          + " and hi (sizes, int parameters, constants) are supported";
    } else if (s instanceof ForEachStmt) {
      return "for-each loops are not supported (they iterate over arrays or objects)";
    } else if (s instanceof WhileStmt || s instanceof DoStmt) {
      return (s instanceof WhileStmt ? "while" : "do-while") + " loops are not supported: a loop"
          + " with a data-dependent exit has no reverse mode here yet";
    } else if (s instanceof SwitchStmt) {
      return "switch statements are not supported; use if/else";
    } else if (s instanceof TryStmt) {
      return "try statements are not supported: a differentiable method throws nothing";
    } else if (s instanceof ThrowStmt) {
      return "throw statements are not supported: a differentiable method throws nothing";
    } else if (s instanceof BreakStmt || s instanceof ContinueStmt || s instanceof LabeledStmt) {
      return "break, continue and labels are not supported";
    } else if (s instanceof SynchronizedStmt) {
      return "synchronized blocks are not supported";
    } else if (s instanceof AssertStmt) {
      return "assert statements are not supported";
    } else if (s instanceof LocalClassDeclarationStmt) {
      return "local classes are not supported";
    }
    return "this statement is not supported: " + s.getClass().getSimpleName();
  }

  static String expression(Expression e) {
    if (e instanceof ArrayCreationExpr || e instanceof ArrayInitializerExpr) {
      return "array creation is supported only as a local's initial value, double[] a = new"
          + " double[n]: " + e;
    } else if (e instanceof ObjectCreationExpr) {
      return "object creation (new) is not supported: " + e;
    } else if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr
        || e instanceof CharLiteralExpr) {
      return "strings and characters are not supported: " + e;
    } else if (e instanceof LongLiteralExpr) {
      return "long literals are not supported: " + e + "; write a double literal";
    } else if (e instanceof NullLiteralExpr) {
      return "null is not supported";
    } else if (e instanceof LambdaExpr || e instanceof MethodReferenceExpr) {
      return "lambdas and method references are not supported";
    } else if (e instanceof ThisExpr || e instanceof SuperExpr) {
      return "this and super are not supported: the method must be static";
    } else if (e instanceof InstanceOfExpr) {
      return "instanceof is not supported";
    } else if (e instanceof SwitchExpr) {
      return "switch expressions are not supported; use ?:";
    } else if (e instanceof FieldAccessExpr) {
      return "fields are not supported: " + e;
    }
    return "this expression is not supported: " + e.getClass().getSimpleName() + " " + e;
  }

  static String assignmentTarget(Expression e) {
    return "cannot assign to " + e + ": only parameters and local variables can be assigned";
  }

  static String expressionStatement(Expression e) {
    if (e instanceof com.github.javaparser.ast.expr.MethodCallExpr) {
      return "a call whose result is unused does nothing here: " + e + "; assign its value or"
          + " remove it";
    }
    return "this expression cannot be a statement here: " + e;
  }
}
