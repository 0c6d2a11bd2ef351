package org.cotangent.fuzz;

import java.util.Arrays;
import java.util.List;
import org.cotangent.fuzz.Ex.Kind;

/**
 * Generates the loop and branch constructs of a program with loops ({@link Generator#lp}): a
 * table of rows, one per construct, each a production of an expression of a requested shape and
 * kind ('f' or 'c'). A construct's body is a lambda with its own small random expression over its
 * parameters and whatever the enclosing scope binds (closure conversion is a code path too);
 * bodies may hold loops again, two levels deep. Adding a construct (while_loop) is one more row
 * here, its rendering and shrinking in {@link Loops} and its evaluation in {@link NumpyLoops}.
 */
final class LoopGen {
  /** A construct: its weight among the rows and its production (null: does not apply here). */
  private interface Production {
    Ex make(LoopGen l, int[] s, int depth, char k);
  }

  private static final class Row {
    final String name;
    final int weight;
    final Production production;

    Row(String name, int weight, Production production) {
      this.name = name;
      this.weight = weight;
      this.production = production;
    }
  }

  private static final List<Row> ROWS = List.of(
      new Row("scan", 5, LoopGen::scan),
      new Row("fori_loop", 3, LoopGen::fori),
      new Row("cond", 3, LoopGen::cond),
      new Row("nan_safe_where", 2, LoopGen::nanSafeWhere));

  /** At most this many steps (the design's bound: squashed values, cheap differences). */
  static final int MAX_STEPS = 8;
  /** Loops inside loop bodies, at most. */
  private static final int MAX_NEST = 2;

  private final Generator g;
  private int nest;

  LoopGen(Generator g) {
    this.g = g;
  }

  /** A loop or branch of shape {@code s} as a program's statement (never null for 'f'). */
  Ex statement(int[] s, int depth, char k) {
    for (int attempt = 0; attempt < 6; attempt++) {
      Ex e = production(s, depth, k);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** A construct of shape {@code s} and kind {@code k}, or null. */
  Ex production(int[] s, int depth, char k) {
    if (nest >= MAX_NEST || g.opts.avoid.contains("loops")) {
      return null;
    }
    int total = 0;
    for (Row row : ROWS) {
      total += g.opts.avoid.contains(row.name) ? 0 : row.weight;
    }
    if (total == 0) {
      return null;
    }
    int c = g.r.nextInt(total);
    for (Row row : ROWS) {
      if (g.opts.avoid.contains(row.name)) {
        continue;
      }
      c -= row.weight;
      if (c < 0) {
        nest++;
        try {
          return row.production.make(this, s, Math.max(2, depth), k);
        } catch (Generator.TooBig e) {
          return null;
        } finally {
          nest--;
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ the rows

  private static Ex scan(LoopGen l, int[] s, int depth, char k) {
    Generator g = l.g;
    boolean ysOut = s.length >= 1 && s[0] <= MAX_STEPS && g.r.nextInt(3) == 0;
    int length = ysOut ? s[0] : l.steps();
    int[] sc = ysOut ? l.smallShape() : s;
    int[] ty = ysOut ? Arrays.copyOfRange(s, 1, s.length) : l.smallShape();
    // The carry is of the requested kind unless the ys are the result (then it is free).
    char kc = !ysOut ? k : g.cx && g.r.nextInt(3) == 0 ? 'c' : 'f';
    char ky = ysOut ? k : kc;
    boolean hasXs = g.r.nextInt(3) > 0;
    int[] tx = g.r.nextInt(3) == 0 ? new int[0] : g.r.nextBoolean() && sc.length < 3 ? sc
        : l.smallShape();
    Ex xs = hasXs ? l.gen(Generator.insertAxis(tx, 0, length), depth - 1, 'f') : null;
    Ex init = l.complexIf(l.gen(sc, depth - 1, kc), kc);
    String cn = g.freshName();
    String xn = g.freshName();
    g.bind(cn, sc, false, kc);
    if (hasXs) {
      g.bind(xn, tx, false, 'f');
    }
    Ex next;
    Ex y;
    try {
      Ex body = l.gen(sc, l.bodyDepth(depth), kc);
      Ex mixed = l.mix(Ex.name(cn, sc, kc), body, sc);
      if (hasXs && Generator.broadcasts(tx, sc)) {
        mixed = l.bin(g.r.nextBoolean() ? "+" : "*", mixed, Ex.name(xn, tx, 'f'), sc);
      }
      next = l.complexIf(l.squash(mixed), kc);
      y = l.gen(ty, l.bodyDepth(depth), ky);
      if (Arrays.equals(ty, sc) && kc == ky && g.r.nextBoolean()) {
        y = l.bin(g.r.nextBoolean() ? "+" : "*", y, Ex.name(cn, sc, kc), sc);
      }
      y = l.complexIf(y, ky);
    } finally {
      g.unbind(cn);
      g.unbind(xn);
    }
    int reverse = g.r.nextInt(3) == 0 ? 1 : 0;
    // ints: length, reverse, which output (0 the carry, 1 the ys), xs given, length= written.
    // plan: 0 the default, 1 carries, 2 segments, 3 revolve (the same function: the oracle
    // ignores it), with snapshots from 1 to beyond the length; or 4, a checkpointed body.
    int plan = g.r.nextInt(3) == 0 ? 1 + g.r.nextInt(hasXs ? 4 : 3) : 0;
    int snapshots = 1 + g.r.nextInt(length + 2);
    int[] ints = {length, reverse, ysOut ? 1 : 0, hasXs ? 1 : 0,
        !hasXs || g.r.nextInt(3) == 0 ? 1 : 0, plan, snapshots};
    int[] shape = ysOut ? s : sc;
    Ex[] args = hasXs ? new Ex[] {init, xs, next, y} : new Ex[] {init, next, y};
    return Ex.of(Kind.LOOP, "scan " + cn + " " + xn, shape, ysOut ? ky : kc, ints, args);
  }

  private static Ex fori(LoopGen l, int[] s, int depth, char k) {
    Generator g = l.g;
    int lo = g.r.nextInt(3) == 0 ? g.r.nextInt(3) : 0;
    int hi = g.r.nextInt(12) == 0 ? lo - 1 - g.r.nextInt(2) : lo + l.steps();
    Ex init = l.complexIf(l.gen(s, depth - 1, k), k);
    String in = g.freshName();
    String cn = g.freshName();
    g.bind(cn, s, false, k);
    Ex next;
    try {
      Ex body = l.mix(Ex.name(cn, s, k), l.gen(s, l.bodyDepth(depth), k), s);
      if (g.r.nextBoolean()) {
        // The index (an i64 scalar) in the body.
        Ex i = Generator.bin("*", Ex.name(in, new int[0], 'i'), Ex.num("0.25", 'f'), new int[0]);
        body = l.bin(g.r.nextBoolean() ? "+" : "-", body, i, s);
      }
      next = l.complexIf(l.squash(body), k);
    } finally {
      g.unbind(cn);
    }
    // variant: 0 fori_loop, 1 its body checkpointed, 2 the same loop as a while_loop over
    // (i, carry) while i < upper (so its trip count is locally constant), 3 that with max_steps
    // at or above the trip count (reverse mode then reads stored carries, else it recomputes).
    int variant = g.r.nextInt(2) == 0 ? 0 : 1 + g.r.nextInt(3);
    int extra = g.r.nextInt(3);
    return Ex.of(Kind.LOOP, "fori_loop " + in + " " + cn, s, k,
        new int[] {lo, hi, variant, extra}, init, next);
  }

  private static Ex cond(LoopGen l, int[] s, int depth, char k) {
    Generator g = l.g;
    Ex pred = l.predicate(depth);
    int[] so = g.r.nextBoolean() ? s : l.smallShape();
    char ko = k == 'c' && g.r.nextBoolean() ? 'c' : 'f';
    Ex operand = l.gen(so, depth - 1, ko);
    String un = g.freshName();
    g.bind(un, so, false, ko);
    Ex onTrue;
    Ex onFalse;
    try {
      onTrue = l.complexIf(l.branch(un, so, ko, s, depth, k), k);
      onFalse = l.complexIf(l.branch(un, so, ko, s, depth, k), k);
    } finally {
      g.unbind(un);
    }
    return Ex.of(Kind.LOOP, "cond " + un, s, k, null, pred, operand, onTrue, onFalse);
  }

  /**
   * {@code where(z > 0, f(z), c)} with f among sqrt, log, 1/z, arctan2(z, z), which is not
   * finite (or not defined) in the lanes it does not take; z sometimes exactly 0 in some lanes
   * ({@code maximum(e, 0.0)}, {@code floor(e)}). The derivative must be finite and the untaken
   * lanes must contribute nothing (issue 11's NaN-safe select); {@link NanSafeCheck} checks the
   * value against the closed form.
   */
  private static Ex nanSafeWhere(LoopGen l, int[] s, int depth, char k) {
    Generator g = l.g;
    if (k != 'f') {
      return null;
    }
    Ex e = g.gen(s, depth - 1);
    Ex z;
    switch (g.r.nextInt(4)) {
      case 0:
        z = Ex.of(Kind.CALL2, "maximum", s, 'f', null, e, Ex.num("0.0", 'f'));
        break;
      case 1:
        z = Generator.call1("floor", e);
        break;
      default:
        z = e;
        break;
    }
    Ex fz;
    switch (g.r.nextInt(4)) {
      case 0:
        fz = Generator.call1("sqrt", z);
        break;
      case 1:
        fz = Generator.call1("log", z);
        break;
      case 2:
        fz = Generator.bin("/", Ex.num("1.0", 'f'), z, s);
        break;
      default:
        fz = Ex.of(Kind.CALL2, "arctan2", s, 'f', null, z, z);
        break;
    }
    Ex c = g.r.nextBoolean() ? Ex.num(g.r.nextBoolean() ? "0.0" : "1.5", 'f') : g.gen(s, depth - 2);
    if (g.r.nextBoolean()) {
      Ex m = Generator.bin(">", z, Ex.num("0.0", 'f'), s);
      return Ex.of(Kind.WHERE, "", s, 'f', null, m, fz, c);
    }
    Ex m = Generator.bin("<=", z, Ex.num("0.0", 'f'), s);
    return Ex.of(Kind.WHERE, "", s, 'f', null, m, c, fz);
  }

  // ------------------------------------------------------------------ pieces

  /**
   * A scalar predicate: a comparison (bool), floor of a value (f64, tested against 0), or a count
   * of a mask (i64). Points within the finite differences' step of a switch are re-sampled by the
   * checker (the steps disagree there), as for every comparison.
   */
  private Ex predicate(int depth) {
    int[] none = new int[0];
    switch (g.r.nextInt(4)) {
      case 0:
        return Generator.call1("floor", g.gen(none, depth - 1));
      case 1: {
        int n = 1 + g.r.nextInt(4);
        int[] t = {n};
        Ex m = Generator.bin(g.pick(new String[] {"<", ">", ">=", "<="}), g.gen(t, depth - 1),
            g.gen(g.r.nextBoolean() ? t : none, depth - 2), t);
        return new Ex(Kind.REDUCE, "sum", List.of(m), none, 'i', null, null);
      }
      default:
        return Generator.bin(g.pick(new String[] {"<", ">", ">=", "<="}), g.gen(none, depth - 1),
            Ex.num(g.r.nextBoolean() ? "0.0" : "0.3", 'f'), none);
    }
  }

  /** A branch of cond: shape {@code s} from its parameter {@code un} and the enclosing scope. */
  private Ex branch(String un, int[] so, char ko, int[] s, int depth, char k) {
    Ex e = gen(s, bodyDepth(depth), k);
    if (Generator.broadcasts(so, s) && (ko == 'f' || k == 'c') && g.r.nextInt(3) > 0) {
      e = bin(g.pick(new String[] {"+", "*", "-"}), e, Ex.name(un, so, ko), s);
    }
    return e;
  }

  /** The carry combined with the body's own expression. */
  private Ex mix(Ex carry, Ex body, int[] s) {
    switch (g.r.nextInt(4)) {
      case 0:
        return body;
      case 1:
        return bin("*", carry, body, s);
      case 2:
        return bin("-", body, carry, s);
      default:
        return bin("+", carry, body, s);
    }
  }

  /** Bounded whatever the steps: tanh or sin (complex: {@link Generator#cdisc}). */
  private Ex squash(Ex e) {
    if (e.dtype == 'c') {
      return g.cdisc(e);
    }
    switch (g.r.nextInt(3)) {
      case 0:
        return Generator.call1("sin", e);
      case 1:
        return Generator.bin("*", Ex.num("0.9", 'f'), Generator.call1("tanh", e), e.shape);
      default:
        return Generator.call1("tanh", e);
    }
  }

  /**
   * {@code e + 0j} for a complex {@code k}: a complex production may compute a real value (a
   * real leaf), and a carry or branch result must be exactly of the promised dtype.
   */
  private Ex complexIf(Ex e, char k) {
    return k == 'c' ? Ex.of(Kind.BIN, "+", e.shape, 'c', null, e, Ex.num("0j", 'c')) : e;
  }

  private Ex bin(String op, Ex a, Ex b, int[] s) {
    Ex e = Generator.bin(op, a, b, s);
    return a.dtype == 'c' || b.dtype == 'c' ? e.withDtype('c') : e;
  }

  private Ex gen(int[] s, int depth, char k) {
    return k == 'c' ? g.genC(s, depth) : g.gen(s, depth);
  }

  private int bodyDepth(int depth) {
    return Math.min(2, Math.max(1, depth - 1));
  }

  /** 0 and 1 often, else 2 to {@link #MAX_STEPS}. */
  private int steps() {
    int c = g.r.nextInt(10);
    return c == 0 ? 0 : c < 3 ? 1 : 2 + g.r.nextInt(MAX_STEPS - 1);
  }

  private int[] smallShape() {
    int rank = g.r.nextInt(3);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = Math.max(1, Math.min(4, g.smallDim()));
    }
    return s;
  }
}
