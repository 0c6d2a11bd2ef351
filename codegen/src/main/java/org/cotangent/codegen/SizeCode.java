package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.cotangent.symbolic.Dim;

/**
 * Sizes in generated code for a symbolic graph (DESIGN, "Symbolic sizes", P2): each size variable
 * is a {@code final int} local or parameter named after it; a {@link Dim} is rendered as a Java
 * {@code int} expression over them ({@code n}, {@code 2 * n + 1}, {@code m_n - n}), where every
 * monomial of degree two or more ({@code m*n}, {@code n^2}) is a local computed once at entry
 * with {@code Math.multiplyExact}, so that an overflow fails there, not inside a loop. No
 * division or remainder is ever rendered.
 */
final class SizeCode {
  private final Map<String, String> varNames = new LinkedHashMap<>();
  /** Monomial (sorted names with repetition) to its local, in the order first needed. */
  private final Map<List<String>, String> monomials = new LinkedHashMap<>();
  private final NameAllocator names;

  /** Allocates the size variables' names first in {@code names} (they keep their own names). */
  SizeCode(SortedSet<String> vars, NameAllocator names) {
    this.names = names;
    for (String v : vars) {
      String name = names.newName(v);
      if (!name.equals(v)) {
        throw new IllegalArgumentException("the size variable '" + v + "' cannot be a Java local"
            + " of that name in generated code (it is reserved); rename it");
      }
      varNames.put(v, name);
    }
  }

  /** The size variables, sorted, as they are named in code. */
  List<String> vars() {
    return new ArrayList<>(varNames.values());
  }

  /** The derived locals ({@code m_n}) in the order of first use, and their monomials. */
  Map<List<String>, String> monomials() {
    return monomials;
  }

  /** {@code d} as an int expression ({@code 0}, {@code n}, {@code 2 * n + 1}, {@code m_n - n}). */
  Code of(Dim d) {
    if (d.isConstant()) {
      return Code.of("$L", checkedInt(d.constant()));
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<List<String>, Long> t : d.terms().entrySet()) {
      long c = t.getValue();
      String term = monomial(t.getKey());
      long abs = Math.abs(c);
      String part = abs == 1 ? term : checkedInt(abs) + " * " + term;
      if (sb.length() == 0) {
        sb.append(c < 0 ? "-" + part : part);
      } else {
        sb.append(c < 0 ? " - " : " + ").append(part);
      }
    }
    long k = d.constantTerm();
    if (k != 0) {
      sb.append(k < 0 ? " - " : " + ").append(checkedInt(Math.abs(k)));
    }
    return Code.of("$L", sb.toString());
  }

  /** {@code d} as an operand of {@code *} or {@code -}: parenthesised unless one token. */
  Code factor(Dim d) {
    Code c = of(d);
    return isAtom(c) ? c : Code.of("($L)", c);
  }

  /** True if {@code c} is a name or a nonnegative literal. */
  static boolean isAtom(Code c) {
    return c.toString().matches("[A-Za-z_][A-Za-z0-9_]*|\\d+");
  }

  private String monomial(List<String> vars) {
    if (vars.size() == 1) {
      return varNames.get(vars.get(0));
    }
    String name = monomials.get(vars);
    if (name == null) {
      name = names.newName(String.join("_", vars));
      monomials.put(vars, name);
    }
    return name;
  }

  /**
   * The entry statements of the derived locals: {@code final int m_n = Math.multiplyExact(m, n);}
   * (a cubic one multiplies twice).
   */
  void declare(JavaWriter w) {
    for (Map.Entry<List<String>, String> e : monomials.entrySet()) {
      List<String> vs = e.getKey();
      String expr = varNames.get(vs.get(0));
      for (int k = 1; k < vs.size(); k++) {
        expr = "Math.multiplyExact(" + expr + ", " + varNames.get(vs.get(k)) + ")";
      }
      w.statement("final int $N = $L", e.getValue(), expr);
    }
  }

  private static String checkedInt(long v) {
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("size constant " + v + " does not fit in an int");
    }
    return Long.toString(v);
  }
}
