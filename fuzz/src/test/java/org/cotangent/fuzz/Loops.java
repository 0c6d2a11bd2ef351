package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cotangent.fuzz.Ex.Kind;

/**
 * The loop and branch expressions ({@link Kind#LOOP}) of generated programs: their layout,
 * rendering as script text with lambda bodies, and the shrinker's simpler forms of them. Layout
 * by construct ({@code text} starts with its name, then the lambda's parameter names):
 * <ul>
 *   <li>{@code "scan c x"}: args {@code init, [xs,] next, y}; ints {@code length, reverse, out (0
 *       the final carry, 1 the stacked ys), xs given, length= written};
 *   <li>{@code "fori_loop i c"}: args {@code init, next}; ints {@code lower, upper};
 *   <li>{@code "cond u"}: args {@code pred, operand, true body, false body}.
 * </ul>
 */
final class Loops {
  private Loops() {}

  static String construct(Ex e) {
    return e.text.split(" ")[0];
  }

  static String param(Ex e, int i) {
    return e.text.split(" ")[1 + i];
  }

  static boolean hasXs(Ex e) {
    return e.ints[3] == 1;
  }

  /** The scan's body expressions: its next carry and its y. */
  static Ex scanNext(Ex e) {
    return e.args.get(hasXs(e) ? 2 : 1);
  }

  static Ex scanY(Ex e) {
    return e.args.get(hasXs(e) ? 3 : 2);
  }

  // ------------------------------------------------------------------ rendering

  static void render(Ex e, StringBuilder sb) {
    switch (construct(e)) {
      case "scan": {
        int plan = e.ints.length > 5 ? e.ints[5] : 0;
        sb.append(plan == 4 ? "scan(checkpoint(lambda " : "scan(lambda ").append(param(e, 0))
            .append(", ").append(param(e, 1)).append(": (");
        scanNext(e).render(sb);
        sb.append(", ");
        scanY(e).render(sb);
        sb.append(plan == 4 ? ")), " : "), ");
        e.args.get(0).render(sb);
        sb.append(", ");
        if (hasXs(e)) {
          e.args.get(1).render(sb);
        } else {
          sb.append("None");
        }
        if (e.ints[4] == 1) {
          sb.append(", length=").append(e.ints[0]);
        }
        if (e.ints[1] == 1) {
          sb.append(", reverse=True");
        }
        if (plan >= 1 && plan <= 3) {
          sb.append(", plan=\"").append(plan == 1 ? "carries" : plan == 2 ? "segments" : "revolve")
              .append('"');
          if (plan >= 2) {
            sb.append(", snapshots=").append(e.ints[6]);
          }
        }
        sb.append(")[").append(e.ints[2]).append(']');
        return;
      }
      case "fori_loop": {
        int variant = e.ints.length > 2 ? e.ints[2] : 0;
        if (variant >= 2) {
          // while_loop(lambda t: t[0] < hi, lambda t: (lambda i, c: (i + 1, next))(t[0], t[1]),
          //   (lo, init))[1]: the fori loop as a while over (i, carry).
          sb.append("while_loop(lambda _t_: _t_[0] < ").append(e.ints[1])
              .append(", lambda _t_: (lambda ").append(param(e, 0)).append(", ").append(param(e, 1))
              .append(": (").append(param(e, 0)).append(" + 1, ");
          e.args.get(1).render(sb);
          sb.append("))(_t_[0], _t_[1]), (").append(e.ints[0]).append(", ");
          e.args.get(0).render(sb);
          sb.append(')');
          if (variant == 3) {
            sb.append(", max_steps=").append(Math.max(1, e.ints[1] - e.ints[0]) + e.ints[3]);
          }
          sb.append(")[1]");
          return;
        }
        sb.append("fori_loop(").append(e.ints[0]).append(", ").append(e.ints[1])
            .append(variant == 1 ? ", checkpoint(lambda " : ", lambda ").append(param(e, 0))
            .append(", ").append(param(e, 1)).append(": ");
        e.args.get(1).render(sb);
        sb.append(variant == 1 ? "), " : ", ");
        e.args.get(0).render(sb);
        sb.append(')');
        return;
      }
      case "cond":
        sb.append("cond(");
        e.args.get(0).render(sb);
        sb.append(", lambda ").append(param(e, 0)).append(": ");
        e.args.get(2).render(sb);
        sb.append(", lambda ").append(param(e, 0)).append(": ");
        e.args.get(3).render(sb);
        sb.append(", ");
        e.args.get(1).render(sb);
        sb.append(')');
        return;
      default:
        throw new IllegalStateException("unknown construct " + e.text);
    }
  }

  // ------------------------------------------------------------------ shrinking

  /**
   * Simpler forms of a loop or branch: a loop with fewer steps, forwards, or its body once (the
   * carry and the step's x or index substituted); a cond as one of its branches.
   */
  static List<Ex> shrinks(Ex e) {
    List<Ex> out = new ArrayList<>();
    switch (construct(e)) {
      case "scan": {
        int n = e.ints[0];
        boolean xs = hasXs(e);
        if (e.ints[2] == 0 && n >= 1) {
          Ex next = substitute(scanNext(e), param(e, 0), e.args.get(0));
          if (xs) {
            Ex x = e.args.get(1);
            Ex step = new Ex(Kind.INDEX, "", List.of(x), Arrays.copyOfRange(x.shape, 1,
                x.shape.length), x.dtype, null, new int[][] {{0, e.ints[1] == 1 ? n - 1 : 0}});
            next = substitute(next, param(e, 1), step);
          }
          out.add(next);
        }
        for (int m : fewer(n)) {
          int[] ints = e.ints.clone();
          ints[0] = m;
          List<Ex> args = new ArrayList<>(e.args);
          if (xs) {
            Ex x = e.args.get(1);
            int[] t = x.shape.clone();
            t[0] = m;
            args.set(1, new Ex(Kind.INDEX, "", List.of(x), t, x.dtype, null,
                new int[][] {{1, Ex.NONE, m}}));
          }
          int[] shape = e.shape.clone();
          if (e.ints[2] == 1) {
            shape[0] = m;
          }
          out.add(new Ex(Kind.LOOP, e.text, args, shape, e.dtype, ints, null));
        }
        if (e.ints[1] == 1) {
          int[] ints = e.ints.clone();
          ints[1] = 0;
          out.add(e.withInts(ints));
        }
        return out;
      }
      case "fori_loop": {
        int lo = e.ints[0];
        int hi = e.ints[1];
        if (hi > lo) {
          Ex next = substitute(e.args.get(1), param(e, 1), e.args.get(0));
          out.add(substitute(next, param(e, 0), Ex.num(String.valueOf(lo), 'i')));
        }
        for (int m : fewer(Math.max(0, hi - lo))) {
          out.add(e.withInts(new int[] {lo, lo + m}));
        }
        if (lo != 0) {
          out.add(e.withInts(new int[] {0, hi - lo}));
        }
        return out;
      }
      case "cond":
        out.add(substitute(e.args.get(2), param(e, 0), e.args.get(1)));
        out.add(substitute(e.args.get(3), param(e, 0), e.args.get(1)));
        return out;
      default:
        return out;
    }
  }

  /** Smaller step counts than {@code n}: 0, 1, n / 2, n - 1. */
  private static List<Integer> fewer(int n) {
    Set<Integer> s = new LinkedHashSet<>(List.of(0, 1, n / 2, n - 1));
    List<Integer> out = new ArrayList<>();
    for (int m : s) {
      if (m >= 0 && m < n) {
        out.add(m);
      }
    }
    return out;
  }

  /** {@code e}'s static integers after the shrinker made every dimension {@code d} one of {@code d2}. */
  static int[] mapInts(Ex e, int d, int d2) {
    if (e.kind != Kind.LOOP || !construct(e).equals("scan") || e.ints[0] != d) {
      return e.ints;
    }
    int[] t = e.ints.clone();
    t[0] = d2;
    return t;
  }

  /** The lambda parameters bound by the loops and branches inside {@code e}. */
  static Set<String> boundNames(Ex e) {
    Set<String> out = new java.util.HashSet<>();
    for (Ex a : e.subexpressions()) {
      if (a.kind == Kind.LOOP) {
        String[] t = a.text.split(" ");
        out.addAll(Arrays.asList(t).subList(1, t.length));
      }
    }
    return out;
  }

  static boolean mentions(Ex e, Set<String> names) {
    for (Ex a : e.subexpressions()) {
      if (a.kind == Kind.NAME && names.contains(a.text)) {
        return true;
      }
    }
    return false;
  }

  static Ex substitute(Ex e, String name, Ex by) {
    if (e.kind == Kind.NAME && e.text.equals(name)) {
      return by;
    }
    List<Ex> args = new ArrayList<>();
    boolean changed = false;
    for (Ex a : e.args) {
      Ex b = substitute(a, name, by);
      changed |= b != a;
      args.add(b);
    }
    return changed ? e.withArgs(args) : e;
  }
}
