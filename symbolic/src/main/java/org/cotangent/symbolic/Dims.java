package org.cotangent.symbolic;

import java.util.List;
import java.util.Map;

/**
 * Decisions about {@link Dim}s, sound or loud: an answer is {@link Answer#TRUE}, {@link
 * Answer#FALSE} or {@link Answer#UNKNOWN}, and no rule turns unknown into either. Size variables
 * range over the integers {@code >= 0}; a polynomial is bounded below by its constant term when
 * every other coefficient is positive (above, when every one is negative). Facts beyond {@code >=
 * 0} (the note's {@code Facts}) are not implemented yet.
 */
public final class Dims {
  private Dims() {}

  /** A three-valued answer. */
  public enum Answer { TRUE, FALSE, UNKNOWN }

  /** Whether {@code a == b} at every valuation (TRUE), at none (FALSE), or it depends. */
  public static Answer equal(Dim a, Dim b) {
    Dim d = a.minus(b);
    if (d.isConstant()) {
      return d.constantTerm() == 0 ? Answer.TRUE : Answer.FALSE;
    }
    return Answer.UNKNOWN;
  }

  /** Whether {@code a >= b} at every valuation of sizes {@code >= 0}. */
  public static Answer geq(Dim a, Dim b) {
    Dim d = a.minus(b);
    boolean allPos = true;
    boolean allNeg = true;
    for (long k : d.terms().values()) {
      allPos &= k > 0;
      allNeg &= k < 0;
    }
    if (allPos && d.constantTerm() >= 0) {
      return Answer.TRUE;
    }
    if (allNeg && d.constantTerm() < 0) {
      return Answer.FALSE;
    }
    return Answer.UNKNOWN;
  }

  /**
   * Requires {@code a == b}, where {@code what} names the two sides ("add: operand 0 axis 1 (n)
   * and operand 1 axis 1 (m)"): an error "cannot tell whether n == m" when it is unknown, and one
   * that says they differ when they cannot be equal. Equality is never assumed.
   */
  public static void requireEqual(Dim a, Dim b, String op, String what) {
    Answer r = equal(a, b);
    if (r == Answer.TRUE) {
      return;
    }
    if (r == Answer.FALSE) {
      throw new IrException(op + ": " + what + " differ (" + a + " != " + b + ")");
    }
    throw new IrException(op + ": cannot tell whether " + a + " == " + b + ": " + what
        + " must be equal; give them the same size name");
  }

  /** Whether two shapes have the same rank and provably equal dims. */
  public static boolean sameShape(Shape a, Shape b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int i = 0; i < a.rank(); i++) {
      if (equal(a.extent(i), b.extent(i)) != Answer.TRUE) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first axis where two shapes of equal rank are not provably equal, as the text "cannot tell
   * whether n == m (axis 1)", or null if they are equal, have different ranks or a pair is
   * provably different.
   */
  public static String undecided(Shape a, Shape b) {
    if (a.rank() != b.rank()) {
      return null;
    }
    String first = null;
    for (int i = 0; i < a.rank(); i++) {
      Answer r = equal(a.extent(i), b.extent(i));
      if (r == Answer.FALSE) {
        return null;
      }
      if (r == Answer.UNKNOWN && first == null) {
        first = "cannot tell whether " + a.extent(i) + " == " + b.extent(i) + " (axis " + i + ")";
      }
    }
    return first;
  }

  /**
   * For two types of one dtype whose shapes differ only where equality is unknown, the text
   * "cannot tell whether n == m (axis 0): " to put before a rule's mismatch message; otherwise
   * "" (so static messages are unchanged).
   */
  public static String undecidedPrefix(TensorType a, TensorType b) {
    if (a.dtype() != b.dtype()) {
      return "";
    }
    String u = undecided(a.shape(), b.shape());
    return u == null ? "" : u + ": ";
  }

  /** The product of {@code dims}. */
  public static Dim product(List<Dim> dims) {
    Dim p = Dim.of(1);
    for (Dim d : dims) {
      p = p.times(d);
    }
    return p;
  }

  /**
   * Solves size variables from dims and the sizes they must have: a dim that is one variable binds
   * it, then an affine dim in one unbound variable ({@code 2*n+1}) is solved if the division is
   * exact; every dim is checked against its size at the end. {@code where.get(k)} names the k-th
   * dim for errors ("x axis 0").
   */
  public static Map<String, Long> solve(List<Dim> dims, List<Long> sizes, List<String> where) {
    Map<String, Long> env = new java.util.TreeMap<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int k = 0; k < dims.size(); k++) {
        Dim d = dims.get(k);
        java.util.Set<String> free = new java.util.TreeSet<>(d.vars());
        free.removeAll(env.keySet());
        if (free.size() != 1) {
          continue;
        }
        String v = free.iterator().next();
        Map<String, Dim> s = new java.util.HashMap<>();
        env.forEach((name, val) -> s.put(name, Dim.of(val)));
        Dim e = d.substitute(s);
        if (!e.isAffine()) {
          continue;
        }
        long coeff = e.terms().values().iterator().next();
        long rest = sizes.get(k) - e.constantTerm();
        if (rest % coeff != 0 || rest / coeff < 0) {
          throw new IrException(where.get(k) + " has size " + sizes.get(k) + ", which is not "
              + d + " for any size " + v + " >= 0");
        }
        env.put(v, rest / coeff);
        progress = true;
      }
    }
    for (int k = 0; k < dims.size(); k++) {
      Dim d = dims.get(k);
      for (String v : d.vars()) {
        if (!env.containsKey(v)) {
          throw new IrException("cannot solve the size " + v + " from the argument shapes (it "
              + "appears only in " + d + ", " + where.get(k) + ")");
        }
      }
      long val = d.eval(env);
      if (val != sizes.get(k)) {
        throw new IrException(where.get(k) + " has size " + sizes.get(k) + ", expected " + d
            + " = " + val + " (" + describe(env) + ")");
      }
    }
    return env;
  }

  /** {@code m = 3, n = 4}. */
  public static String describe(Map<String, Long> env) {
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
    return sb.toString();
  }
}
