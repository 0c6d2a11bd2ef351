package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cotangent.fuzz.Ex.Kind;

/**
 * Shrinks a failing case to a small one that fails the same check: greedily, it tries simpler
 * candidates (shorter chains and simpler steps, fewer outputs, statements and parameters,
 * subexpressions replaced by same-shaped operands, parameters or constants, simpler constants,
 * smaller sizes) and keeps the first that still fails, until none does or the budget is spent.
 * Candidates that are not well typed simply fail to trace, which is a different check.
 */
final class Shrinker {
  private final Checker checker;
  private final int budget;
  int evaluations;

  Shrinker(Checker checker, int budget) {
    this.checker = checker;
    this.budget = budget;
  }

  /** The smallest failing case found (its result), starting from {@code failing}. */
  Checker.Result shrink(Checker.Result failing, String check) {
    Checker.Result best = failing;
    Set<String> tried = new java.util.HashSet<>();
    boolean improved = true;
    while (improved && evaluations < budget) {
      improved = false;
      for (Case cand : candidates(best.c)) {
        if (evaluations >= budget) {
          break;
        }
        String key = cand.programText + "\n" + cand.directives();
        if (!tried.add(key)) {
          continue;
        }
        evaluations++;
        Checker.Result r = checker.check(cand, null);
        checker.compiled.flush();
        if (r.failed(check)) {
          best = r;
          improved = true;
          break;
        }
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ candidates

  static List<Case> candidates(Case c) {
    List<Case> out = new ArrayList<>();
    List<Step> chain = c.chain;
    // Shorter chains.
    for (int k = chain.size() - 1; k >= 0; k--) {
      List<Step> ch = new ArrayList<>(chain);
      ch.remove(k);
      out.add(c.withChain(ch));
      if (k > 0 && chain.get(k - 1) instanceof Step.Scal) {
        List<Step> ch2 = new ArrayList<>(chain);
        ch2.remove(k);
        ch2.remove(k - 1);
        out.add(c.withChain(ch2));
      }
    }
    if (c.prog != null) {
      programCandidates(c, out);
    }
    // Simpler steps.
    for (int k = 0; k < chain.size(); k++) {
      for (Step s : simpler(chain.get(k))) {
        List<Step> ch = new ArrayList<>(chain);
        ch.set(k, s);
        out.add(c.withChain(ch));
      }
    }
    return out;
  }

  private static List<Step> simpler(Step s) {
    List<Step> r = new ArrayList<>();
    if (s instanceof Step.Scal && ((Step.Scal) s).seed != 0) {
      r.add(new Step.Scal(0, ((Step.Scal) s).holo));
    }
    if (s instanceof Step.Grad) {
      Step.Grad g = (Step.Grad) s;
      int[] a = g.effective();
      if (a.length > 1) {
        for (int i = 0; i < a.length; i++) {
          int[] b = new int[a.length - 1];
          for (int j = 0, k = 0; j < a.length; j++) {
            if (j != i) {
              b[k++] = a[j];
            }
          }
          r.add(new Step.Grad(g.withValue, b, true, g.pack, g.aux, g.holo));
        }
      }
      if (g.pack != 0 || g.aux) {
        r.add(new Step.Grad(g.withValue, g.argnums, g.tupleForm, (char) 0, false, g.holo));
      }
      if (g.tupleForm && a.length == 1 && g.pack == 0) {
        r.add(new Step.Grad(g.withValue, a, false, g.pack, g.aux, g.holo));
      }
      if (g.withValue) {
        r.add(new Step.Grad(false, g.argnums, g.tupleForm, g.pack, g.aux, g.holo));
      }
    }
    if (s instanceof Step.Jac) {
      Step.Jac j = (Step.Jac) s;
      if (j.which.equals("hessian")) {
        r.add(new Step.Jac("jacfwd", j.argnum, j.tuple, j.holo));
        r.add(new Step.Jac("jacrev", j.argnum, j.tuple, j.holo));
      }
      if (j.tuple != null) {
        for (int a : j.tuple) {
          r.add(new Step.Jac(j.which, a, null, j.holo));
        }
      }
    }
    if (s instanceof Step.VmapStep) {
      Step.VmapStep v = (Step.VmapStep) s;
      if (v.dict) {
        r.add(new Step.VmapStep(v.in, v.out, v.n));
      }
      if (v.n > 1) {
        r.add(new Step.VmapStep(v.in, v.out, 1, v.dict));
        r.add(new Step.VmapStep(v.in, v.out, v.n - 1, v.dict));
      }
      for (int i = 0; i < v.in.length; i++) {
        if (v.in[i] != null) {
          Integer[] in = v.in.clone();
          in[i] = null;
          r.add(new Step.VmapStep(in, v.out, v.n, v.dict));
          if (v.in[i] != 0) {
            Integer[] in2 = v.in.clone();
            in2[i] = 0;
            r.add(new Step.VmapStep(in2, v.out, v.n, v.dict));
          }
        }
      }
      boolean nonZeroOut = false;
      for (int a : v.out) {
        nonZeroOut |= a != 0;
      }
      if (nonZeroOut || v.out.length > 1) {
        r.add(new Step.VmapStep(v.in, new int[] {0}, v.n, v.dict));
      }
    }
    return r;
  }

  private static void programCandidates(Case c, List<Case> out) {
    Prog p = c.prog;
    // Fewer outputs.
    if (p.outs.size() > 1) {
      for (int j = 0; j < p.outs.size(); j++) {
        List<Ex> outs = new ArrayList<>(p.outs);
        outs.remove(j);
        out.add(c.withProg(p.with(p.stmts, outs)));
      }
    }
    // Fewer statements: dropped if unused, else inlined.
    for (int i = p.stmts.size() - 1; i >= 0; i--) {
      out.add(c.withProg(inline(p, i)));
    }
    // Fewer parameters: references replaced by ones.
    for (int i = 0; i < p.params.size(); i++) {
      if (p.params.size() > 1) {
        Case d = dropParam(c, i);
        if (d != null) {
          out.add(d);
        }
      }
    }
    // Subexpressions replaced by simpler ones, biggest first.
    List<int[]> sites = new ArrayList<>();
    int nroots = p.stmts.size() + p.outs.size();
    for (int root = 0; root < nroots; root++) {
      List<Ex> subs = root(p, root).subexpressions();
      for (int k = 0; k < subs.size(); k++) {
        sites.add(new int[] {root, k, subs.get(k).weight()});
      }
    }
    sites.sort(Comparator.comparingInt((int[] s) -> -s[2]));
    for (int[] site : sites) {
      Ex e = root(p, site[0]).subexpressions().get(site[1]);
      for (Ex rep : replacements(e, p)) {
        out.add(c.withProg(replaceAt(p, site[0], site[1], rep)));
      }
    }
    // Smaller sizes.
    Set<Integer> dims = new LinkedHashSet<>();
    for (int[] s : p.shapes) {
      for (int d : s) {
        if (d > 1) {
          dims.add(d);
        }
      }
    }
    List<Integer> ds = new ArrayList<>(dims);
    ds.sort(Comparator.reverseOrder());
    for (int d : ds) {
      Set<Integer> to = new LinkedHashSet<>(List.of(1, 2, d / 2, d - 1));
      for (int d2 : to) {
        if (d2 >= 1 && d2 < d) {
          out.add(c.withProg(mapDims(p, d, d2)));
        }
      }
    }
    // Fewer dimensions: a rank-r parameter as rank r-1 is left to the subexpression edits.
  }

  private static Ex root(Prog p, int root) {
    return root < p.stmts.size() ? p.stmts.get(root).expr : p.outs.get(root - p.stmts.size());
  }

  private static Prog withRoot(Prog p, int root, Ex e) {
    List<Prog.Stmt> stmts = new ArrayList<>(p.stmts);
    List<Ex> outs = new ArrayList<>(p.outs);
    if (root < stmts.size()) {
      stmts.set(root, new Prog.Stmt(stmts.get(root).name, e));
    } else {
      outs.set(root - stmts.size(), e);
    }
    return p.with(stmts, outs);
  }

  private static Prog replaceAt(Prog p, int root, int index, Ex rep) {
    int[] counter = {0};
    return withRoot(p, root, replace(root(p, root), index, rep, counter));
  }

  private static Ex replace(Ex e, int index, Ex rep, int[] counter) {
    if (counter[0] == index) {
      counter[0] += e.subexpressions().size();
      return rep;
    }
    counter[0]++;
    List<Ex> args = new ArrayList<>();
    boolean changed = false;
    for (Ex a : e.args) {
      Ex b = replace(a, index, rep, counter);
      changed |= b != a;
      args.add(b);
    }
    return changed ? e.withArgs(args) : e;
  }

  /** Simpler expressions of {@code e}'s shape and dtype. */
  private static List<Ex> replacements(Ex e, Prog p) {
    List<Ex> r = new ArrayList<>();
    if (e.kind == Kind.LOOP) {
      // A loop with fewer steps or its body once, a cond as one branch.
      r.addAll(Loops.shrinks(e));
    }
    // Any descendant of the same shape and dtype (biggest first: the pre-order visits parents
    // before their children), not only the operands.
    Set<String> seen = new java.util.HashSet<>();
    List<Ex> subs = e.subexpressions();
    // (Not one that reads a lambda's parameter bound inside e: out of its scope it is unbound.)
    Set<String> bound = Loops.boundNames(e);
    for (int k = 1; k < subs.size(); k++) {
      Ex a = subs.get(k);
      if (Arrays.equals(a.shape, e.shape) && a.dtype == e.dtype
          && (bound.isEmpty() || !Loops.mentions(a, bound)) && seen.add(a.render())) {
        r.add(a);
      }
    }
    if (e.dtype != 'f') {
      return r;
    }
    if (!e.isLeaf() || e.kind == Kind.NAME) {
      for (int i = 0; i < p.params.size(); i++) {
        if (Arrays.equals(p.shapes.get(i), e.shape) && !(e.kind == Kind.NAME
            && e.text.equals(p.params.get(i)))) {
          r.add(Ex.name(p.params.get(i), e.shape, 'f'));
          break;
        }
      }
    }
    if (e.kind != Kind.ONES && !(e.kind == Kind.NUM && e.text.equals("1.0"))) {
      r.add(e.shape.length == 0 ? Ex.num("1.0", 'f') : Ex.of(Kind.ONES, "", e.shape, 'f', null));
    }
    if (e.kind == Kind.NUM && !e.text.equals("2.0") && !e.text.equals("1.0")) {
      r.add(Ex.num("2.0", 'f'));
    }
    return r;
  }

  /** Statement {@code i} removed, its variable's later uses replaced by its expression. */
  private static Prog inline(Prog p, int i) {
    Prog.Stmt s = p.stmts.get(i);
    List<Prog.Stmt> stmts = new ArrayList<>();
    boolean shadowed = false;
    for (int k = 0; k < p.stmts.size(); k++) {
      if (k == i) {
        continue;
      }
      Prog.Stmt t = p.stmts.get(k);
      if (k > i && !shadowed) {
        t = new Prog.Stmt(t.name, substitute(t.expr, s.name, s.expr));
      }
      if (k > i && t.name.equals(s.name)) {
        shadowed = true;
      }
      stmts.add(t);
    }
    List<Ex> outs = new ArrayList<>();
    for (Ex e : p.outs) {
      outs.add(shadowed ? e : substitute(e, s.name, s.expr));
    }
    return p.with(stmts, outs);
  }

  private static Ex substitute(Ex e, String name, Ex by) {
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

  /** Parameter {@code i} removed (its uses become ones), the chain's argument indices adjusted. */
  private static Case dropParam(Case c, int i) {
    Prog p = c.prog;
    String name = p.params.get(i);
    int[] shape = p.shapes.get(i);
    Ex ones = shape.length == 0 ? Ex.num("1.0", 'f') : Ex.of(Kind.ONES, "", shape, 'f', null);
    List<Prog.Stmt> stmts = new ArrayList<>();
    boolean shadowed = false;
    for (Prog.Stmt s : p.stmts) {
      stmts.add(shadowed ? s : new Prog.Stmt(s.name, substitute(s.expr, name, ones)));
      shadowed |= s.name.equals(name);
    }
    List<Ex> outs = new ArrayList<>();
    for (Ex e : p.outs) {
      outs.add(shadowed ? e : substitute(e, name, ones));
    }
    List<String> params = new ArrayList<>(p.params);
    List<int[]> shapes = new ArrayList<>(p.shapes);
    List<Character> dtypes = new ArrayList<>(p.dtypes);
    params.remove(i);
    shapes.remove(i);
    dtypes.remove(i);
    Prog q = new Prog(p.fn, params, shapes, dtypes, stmts, outs);
    List<Step> chain = new ArrayList<>();
    int arity = p.params.size();
    int removed = i;
    for (Step s : c.chain) {
      Step t = withoutArg(s, removed, arity);
      if (t == null) {
        return null;
      }
      chain.add(t);
      // After jvp the removed argument's tangent is argument arity + i; we stop adjusting there.
      if (s instanceof Step.Jvp || s instanceof Step.Vjp) {
        List<Step> rest = c.chain.subList(chain.size(), c.chain.size());
        if (!rest.isEmpty()) {
          return null;
        }
      }
    }
    Case d = Case.of(q, chain, c.pointSeed, c.seed, c.index);
    return d;
  }

  private static Step withoutArg(Step s, int i, int arity) {
    if (s instanceof Step.Grad) {
      Step.Grad g = (Step.Grad) s;
      List<Integer> a = new ArrayList<>();
      for (int x : g.effective()) {
        if (x != i) {
          a.add(x > i ? x - 1 : x);
        }
      }
      if (a.isEmpty()) {
        return null;
      }
      int[] b = a.stream().mapToInt(Integer::intValue).toArray();
      return g.argnums == null ? g : new Step.Grad(g.withValue, b, g.tupleForm || b.length > 1, g.pack,
          g.aux, g.holo);
    }
    if (s instanceof Step.Jac) {
      Step.Jac j = (Step.Jac) s;
      if (j.tuple != null) {
        List<Integer> a = new ArrayList<>();
        for (int x : j.tuple) {
          if (x != i) {
            a.add(x > i ? x - 1 : x);
          }
        }
        return a.isEmpty() ? null
            : new Step.Jac(j.which, 0, a.stream().mapToInt(Integer::intValue).toArray(), j.holo);
      }
      int a = j.effective();
      if (a == i) {
        return null;
      }
      return a > i ? new Step.Jac(j.which, a - 1, null, j.holo) : j;
    }
    if (s instanceof Step.VmapStep) {
      Step.VmapStep v = (Step.VmapStep) s;
      if (v.in.length != arity) {
        return null;
      }
      List<Integer> in = new ArrayList<>(Arrays.asList(v.in));
      in.remove(i);
      boolean any = false;
      for (Integer x : in) {
        any |= x != null;
      }
      return any ? new Step.VmapStep(in.toArray(new Integer[0]), v.out, v.n, v.dict) : null;
    }
    return s;
  }

  /** Every dimension {@code d} of shapes in the program made {@code d2}. */
  private static Prog mapDims(Prog p, int d, int d2) {
    List<int[]> shapes = new ArrayList<>();
    for (int[] s : p.shapes) {
      shapes.add(map(s, d, d2));
    }
    List<Prog.Stmt> stmts = new ArrayList<>();
    for (Prog.Stmt s : p.stmts) {
      stmts.add(new Prog.Stmt(s.name, mapDims(s.expr, d, d2)));
    }
    List<Ex> outs = new ArrayList<>();
    for (Ex e : p.outs) {
      outs.add(mapDims(e, d, d2));
    }
    return new Prog(p.fn, p.params, shapes, p.dtypes, stmts, outs);
  }

  private static Ex mapDims(Ex e, int d, int d2) {
    List<Ex> args = new ArrayList<>();
    for (Ex a : e.args) {
      args.add(mapDims(a, d, d2));
    }
    int[] ints = e.kind == Kind.RESHAPE ? map(e.ints, d, d2) : Loops.mapInts(e, d, d2);
    return new Ex(e.kind, e.text, args, map(e.shape, d, d2), e.dtype, ints, e.pair);
  }

  private static int[] map(int[] s, int d, int d2) {
    if (s == null) {
      return null;
    }
    int[] t = s.clone();
    for (int i = 0; i < t.length; i++) {
      if (t[i] == d) {
        t[i] = d2;
      }
    }
    return t;
  }
}
