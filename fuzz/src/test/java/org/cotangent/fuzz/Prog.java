package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated function: {@code def fn(params) { name = expr; ...; return outs }}. Parameters are
 * f64 or c128 arrays of the given shapes; one output is returned as it is, several as a tuple.
 */
final class Prog {
  /** One assignment {@code name = expr}. */
  static final class Stmt {
    final String name;
    final Ex expr;

    Stmt(String name, Ex expr) {
      this.name = name;
      this.expr = expr;
    }
  }

  final String fn;
  final List<String> params;
  final List<int[]> shapes;
  /** Per parameter: 'f' (f64) or 'c' (c128). */
  final List<Character> dtypes;
  final List<Stmt> stmts;
  final List<Ex> outs;

  Prog(String fn, List<String> params, List<int[]> shapes, List<Stmt> stmts, List<Ex> outs) {
    this(fn, params, shapes, java.util.Collections.nCopies(params.size(), 'f'), stmts, outs);
  }

  Prog(String fn, List<String> params, List<int[]> shapes, List<Character> dtypes,
      List<Stmt> stmts, List<Ex> outs) {
    if (outs.isEmpty()) {
      throw new IllegalArgumentException("a program needs an output");
    }
    this.fn = fn;
    this.params = List.copyOf(params);
    this.shapes = List.copyOf(shapes);
    this.dtypes = List.copyOf(dtypes);
    this.stmts = List.copyOf(stmts);
    this.outs = List.copyOf(outs);
  }

  Prog with(List<Stmt> newStmts, List<Ex> newOuts) {
    return new Prog(fn, params, shapes, dtypes, newStmts, newOuts);
  }

  /** Whether a parameter is complex or any expression is (then NumPy's oracle does not apply). */
  boolean complex() {
    if (dtypes.contains('c')) {
      return true;
    }
    for (Stmt st : stmts) {
      if (st.expr.mentionsComplex()) {
        return true;
      }
    }
    for (Ex e : outs) {
      if (e.mentionsComplex()) {
        return true;
      }
    }
    return false;
  }

  String paramList() {
    return String.join(", ", params);
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("def ").append(fn).append('(').append(paramList()).append(')');
    String ret = renderOuts();
    if (stmts.isEmpty()) {
      sb.append(" = ").append(ret).append('\n');
      return sb.toString();
    }
    sb.append(" {\n");
    for (Stmt s : stmts) {
      sb.append("  ").append(s.name).append(" = ").append(s.expr.render()).append('\n');
    }
    sb.append("  return ").append(ret).append("\n}\n");
    return sb.toString();
  }

  private String renderOuts() {
    List<String> parts = new ArrayList<>();
    for (Ex e : outs) {
      parts.add(e.render());
    }
    return String.join(", ", parts);
  }

  /** Total expression nodes: the measure the shrinker decreases. */
  int weight() {
    int w = params.size();
    for (Stmt s : stmts) {
      w += 1 + s.expr.weight();
    }
    for (Ex e : outs) {
      w += e.weight();
    }
    for (int[] s : shapes) {
      for (int d : s) {
        w += d;
      }
    }
    return w;
  }
}
