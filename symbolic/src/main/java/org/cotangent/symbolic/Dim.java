package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One dimension of a shape: a constant or a polynomial with integer coefficients over named
 * sizes ({@code n}, {@code 2*n+1}, {@code m*n}), as JAX's {@code _DimExpr}. Immutable and kept in
 * a normal form (a constant plus nonzero coefficients times monomials, monomials ordered by degree
 * then names), so equal polynomials are equal objects and print the same: {@code n + n} is {@code
 * 2*n} and {@code (m+1)*(m-1)} is {@code m^2-1}. Size variables range over the integers {@code >=
 * 0}; {@link Dims} decides questions about them.
 *
 * <p>{@link #equals} is structural and serves hashing; shape rules ask {@link Dims} whether two
 * dims are equal, because different normal forms can still be equal at the sizes a program runs
 * with (JAX's structural {@code ==} answers false there; we answer "cannot tell").
 */
public final class Dim implements Comparable<Dim> {
  private static final Dim[] SMALL = new Dim[65];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new Dim(i, Collections.emptyNavigableMap());
    }
  }

  private final long constant;
  /** Nonconstant monomials (sorted variable names with repetition) to nonzero coefficients. */
  private final java.util.NavigableMap<Mono, Long> terms;

  private Dim(long constant, java.util.NavigableMap<Mono, Long> terms) {
    this.constant = constant;
    this.terms = terms;
  }

  /** The constant size {@code c}. */
  public static Dim of(long c) {
    return c >= 0 && c < SMALL.length ? SMALL[(int) c] : new Dim(c, Collections.emptyNavigableMap());
  }

  /** The size variable {@code name}, a Java identifier. */
  public static Dim var(String name) {
    if (!isName(name)) {
      throw new IrException("bad size variable name '" + name + "': expected an identifier like n");
    }
    TreeMap<Mono, Long> t = new TreeMap<>();
    t.put(new Mono(List.of(name)), 1L);
    return new Dim(0, Collections.unmodifiableNavigableMap(t));
  }

  static boolean isName(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || s.charAt(0) == '$') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '$') {
        return false;
      }
    }
    return true;
  }

  private static Dim make(long c, TreeMap<Mono, Long> t) {
    t.values().removeIf(v -> v == 0L);
    return t.isEmpty() ? of(c) : new Dim(c, Collections.unmodifiableNavigableMap(t));
  }

  /** This size plus {@code d} (a polynomial in normal form). */
  public Dim plus(Dim d) {
    TreeMap<Mono, Long> t = new TreeMap<>(terms);
    d.terms.forEach((m, k) -> t.merge(m, k, Math::addExact));
    return make(Math.addExact(constant, d.constant), t);
  }

  /** This size plus the constant {@code c}. */
  public Dim plus(long c) {
    return c == 0 ? this : make(Math.addExact(constant, c), new TreeMap<>(terms));
  }

  /** This size minus {@code d}. */
  public Dim minus(Dim d) {
    return plus(d.times(-1));
  }

  /** This size minus the constant {@code c}. */
  public Dim minus(long c) {
    return plus(Math.negateExact(c));
  }

  /** This size times the constant {@code k}. */
  public Dim times(long k) {
    TreeMap<Mono, Long> t = new TreeMap<>();
    terms.forEach((m, v) -> t.put(m, Math.multiplyExact(v, k)));
    return make(Math.multiplyExact(constant, k), t);
  }

  /** This size times {@code d}. */
  public Dim times(Dim d) {
    Dim r = d.times(constant);
    for (Map.Entry<Mono, Long> e : terms.entrySet()) {
      TreeMap<Mono, Long> t = new TreeMap<>();
      if (d.constant != 0) {
        t.put(e.getKey(), Math.multiplyExact(e.getValue(), d.constant));
      }
      for (Map.Entry<Mono, Long> f : d.terms.entrySet()) {
        t.merge(e.getKey().times(f.getKey()), Math.multiplyExact(e.getValue(), f.getValue()),
            Math::addExact);
      }
      r = r.plus(make(0, t));
    }
    return r;
  }

  /** This dim divided by {@code k}; an {@link IrException} unless every coefficient divides. */
  public Dim exactDiv(long k) {
    if (k == 0) {
      throw new IrException("division of the size " + this + " by 0");
    }
    boolean exact = constant % k == 0;
    for (long v : terms.values()) {
      exact &= v % k == 0;
    }
    if (!exact) {
      throw new IrException("the size " + this + " is not divisible by " + k);
    }
    TreeMap<Mono, Long> t = new TreeMap<>();
    terms.forEach((m, v) -> t.put(m, v / k));
    return make(constant / k, t);
  }

  /** Whether this size has no variables. */
  public boolean isConstant() {
    return terms.isEmpty();
  }

  /** The value of a constant dim; throws {@link SymbolicDimException} naming this dim otherwise. */
  public long constant() {
    if (!terms.isEmpty()) {
      throw new SymbolicDimException(this);
    }
    return constant;
  }

  /** The constant term (0 for {@code n}, 1 for {@code n+1}). */
  public long constantTerm() {
    return constant;
  }

  /** True if every term has degree at most 1 ({@code 2*n-m+1}). */
  public boolean isAffine() {
    return terms.isEmpty() || terms.firstKey().vars.size() <= 1;
  }

  /** True if this is a single variable with coefficient 1 and no constant. */
  public boolean isVar() {
    return constant == 0 && terms.size() == 1 && terms.firstKey().vars.size() == 1
        && terms.firstEntry().getValue() == 1L;
  }

  /** The names of the variables this dim mentions, sorted. */
  public Set<String> vars() {
    Set<String> s = new TreeSet<>();
    for (Mono m : terms.keySet()) {
      s.addAll(m.vars);
    }
    return s;
  }

  /** The nonconstant monomials (each a sorted list of names, with repetition) and coefficients. */
  public Map<List<String>, Long> terms() {
    Map<List<String>, Long> r = new java.util.LinkedHashMap<>();
    terms.forEach((m, v) -> r.put(m.vars, v));
    return r;
  }

  /** This dim with variables replaced by dims (those not in {@code s} stay). */
  public Dim substitute(Map<String, Dim> s) {
    Dim r = of(constant);
    for (Map.Entry<Mono, Long> e : terms.entrySet()) {
      Dim p = of(e.getValue());
      for (String v : e.getKey().vars) {
        p = p.times(s.containsKey(v) ? s.get(v) : var(v));
      }
      r = r.plus(p);
    }
    return r;
  }

  /** The value at {@code env}, which must bind every variable. */
  public long eval(Map<String, Long> env) {
    long r = constant;
    for (Map.Entry<Mono, Long> e : terms.entrySet()) {
      long p = e.getValue();
      for (String v : e.getKey().vars) {
        Long x = env.get(v);
        if (x == null) {
          throw new IrException("no value for the size " + v + " in " + this);
        }
        p = Math.multiplyExact(p, x);
      }
      r = Math.addExact(r, p);
    }
    return r;
  }

  /**
   * Parses the printed form: integers and names combined with {@code + - *}, {@code ^} with an
   * integer exponent, and parentheses ({@code 2*n+1}, {@code m*(n-1)}, {@code n^2}).
   */
  public static Dim parse(String text) {
    Parser p = new Parser(text);
    Dim d = p.sum();
    p.skipSpaces();
    if (p.pos != text.length()) {
      throw p.error();
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dim && ((Dim) o).constant == constant && ((Dim) o).terms.equals(terms);
  }

  /** A constant's hash is the {@code int} hash of its value, so static shapes hash as {@code int[]}. */
  @Override
  public int hashCode() {
    int h = Long.hashCode(constant);
    for (Map.Entry<Mono, Long> e : terms.entrySet()) {
      h = h * 31 + e.getKey().vars.hashCode() * 17 + Long.hashCode(e.getValue());
    }
    return h;
  }

  /** Constants by value, then symbolic dims by their printed form. */
  @Override
  public int compareTo(Dim o) {
    if (isConstant() && o.isConstant()) {
      return Long.compare(constant, o.constant);
    }
    if (isConstant() != o.isConstant()) {
      return isConstant() ? -1 : 1;
    }
    return toString().compareTo(o.toString());
  }

  /** {@code 3}, {@code n}, {@code 2*n+1}, {@code m*n-n}, {@code n^2}: no spaces, so it fits in a type. */
  @Override
  public String toString() {
    if (terms.isEmpty()) {
      return Long.toString(constant);
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Mono, Long> e : terms.entrySet()) {
      long k = e.getValue();
      if (k < 0) {
        sb.append('-');
      } else if (sb.length() > 0) {
        sb.append('+');
      }
      long a = Math.abs(k);
      if (a != 1) {
        sb.append(a).append('*');
      }
      sb.append(e.getKey());
    }
    if (constant > 0) {
      sb.append('+').append(constant);
    } else if (constant < 0) {
      sb.append(constant);
    }
    return sb.toString();
  }

  /** A product of variables: the names sorted, with repetition; higher degree first. */
  private static final class Mono implements Comparable<Mono> {
    final List<String> vars;

    Mono(List<String> vars) {
      this.vars = vars;
    }

    Mono times(Mono o) {
      List<String> v = new ArrayList<>(vars);
      v.addAll(o.vars);
      Collections.sort(v);
      return new Mono(List.copyOf(v));
    }

    @Override
    public int compareTo(Mono o) {
      int c = Integer.compare(o.vars.size(), vars.size());
      for (int i = 0; c == 0 && i < vars.size(); i++) {
        c = vars.get(i).compareTo(o.vars.get(i));
      }
      return c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Mono && ((Mono) o).vars.equals(vars);
    }

    @Override
    public int hashCode() {
      return vars.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < vars.size(); ) {
        int j = i;
        while (j < vars.size() && vars.get(j).equals(vars.get(i))) {
          j++;
        }
        if (sb.length() > 0) {
          sb.append('*');
        }
        sb.append(vars.get(i));
        if (j - i > 1) {
          sb.append('^').append(j - i);
        }
        i = j;
      }
      return sb.toString();
    }
  }

  /** Recursive descent over sum := product (('+'|'-') product)*, product := power ('*' power)*. */
  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    IrException error() {
      return new IrException("bad dimension '" + s.strip() + "': expected an integer or a size "
          + "expression like n, 2*n+1 or m*n");
    }

    void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    boolean eat(char c) {
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    Dim sum() {
      Dim d = eat('-') ? product().times(-1) : product();
      while (true) {
        if (eat('+')) {
          d = d.plus(product());
        } else if (eat('-')) {
          d = d.minus(product());
        } else {
          return d;
        }
      }
    }

    Dim product() {
      Dim d = power();
      while (eat('*')) {
        d = d.times(power());
      }
      return d;
    }

    Dim power() {
      Dim d = atom();
      if (eat('^')) {
        skipSpaces();
        long e = number();
        Dim r = of(1);
        for (long i = 0; i < e; i++) {
          r = r.times(d);
        }
        return r;
      }
      return d;
    }

    long number() {
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error();
      }
      try {
        return Long.parseLong(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error();
      }
    }

    Dim atom() {
      skipSpaces();
      if (pos >= s.length()) {
        throw error();
      }
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Dim d = sum();
        if (!eat(')')) {
          throw error();
        }
        return d;
      }
      if (Character.isDigit(c)) {
        return of(number());
      }
      int start = pos;
      while (pos < s.length() && (Character.isJavaIdentifierPart(s.charAt(pos)))
          && s.charAt(pos) != '$') {
        pos++;
      }
      String name = s.substring(start, pos);
      if (!isName(name)) {
        throw error();
      }
      return var(name);
    }
  }
}
