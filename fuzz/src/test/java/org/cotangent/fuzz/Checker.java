package org.cotangent.fuzz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.script.FuzzAccess;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;

/**
 * Runs every check on one {@link Case}: the program is run and traced through a {@link
 * ScriptSession} (as a user's script is), the chain is applied to the traced graph with {@code
 * Ad}/{@code Vmap}, and then
 *
 * <ul>
 *   <li>(a) every graph of the chain (and the JVP and VJP of the last) is compiled and compared
 *       with the interpreter ({@code compiled}, {@code compile-error});
 *   <li>(b) JVPs against central differences with Richardson extrapolation ({@code jvp-fd}), at
 *       the last graph and at the argument of every derivative step;
 *   <li>(c) VJPs against JVPs by the dot-product test ({@code vjp-dot}), and grad, Jacobians and
 *       Hessians against JVPs and each other ({@code grad-dot}, {@code jac-jvp}, {@code
 *       jacfwd-jacrev}, {@code hessian-sym}, {@code hessian-jvp}, {@code hessian-grad});
 *   <li>(d) vmap against a loop of unbatched evaluations ({@code vmap-loop});
 * </ul>
 *
 * plus the primal outputs of jvp, vjp and value_and_grad against the function ({@code
 * jvp-primal}, {@code vjp-primal}, {@code vg-value}) and the chain written with the script's own
 * transformations against the IR-level chain ({@code script-transform}).
 */
final class Checker {
  /** One failed check. */
  static final class Failure {
    final String check;
    final String where;
    final String message;

    Failure(String check, String where, String message) {
      this.check = check;
      this.where = where;
      this.message = message;
    }

    @Override
    public String toString() {
      return check + " (" + where + "): " + message;
    }
  }

  enum Status {
    CHECKED,
    NON_FINITE,
    TOO_BIG
  }

  /** The outcome of one case; compiled checks may add failures later (when their batch runs). */
  static final class Result {
    Case c;
    String chainText = "";
    Status status = Status.CHECKED;
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

    /** Per case: whether its graphs are compiled one by one or as one combined class. */
    boolean alone;
    /** Decides which auxiliary graphs are compiled. */
    Random compileRng;
    /** stop_gradient in the program: its derivatives differ from the differences by design. */
    boolean noFd;
    /**
     * NumPy's evaluation of f at its point came within rounding of a jump or took a periodic
     * function of a huge argument ({@link NumpyEval#nearDiscontinuity}): two correct evaluation
     * orders of f may then differ by more than any tolerance.
     */
    boolean illConditioned;

    Result(Case c) {
      this.c = c;
    }

    void fail(String check, String where, String message) {
      failures.add(new Failure(check, where, message));
    }

    boolean failed(String check) {
      synchronized (failures) {
        for (Failure f : failures) {
          if (f.check.equals(check)) {
            return true;
          }
        }
      }
      return false;
    }

    Failure first() {
      return failures.isEmpty() ? null : failures.get(0);
    }

    /** The reproducer of this case for the failure {@code f}. */
    String reproducer(Failure f) {
      String prov = c.seed >= 0 ? "seed " + c.seed + ", program " + c.index : "a regression file";
      String header = "Found by the differential fuzzer (" + prov + ").\n"
          + "Failing check: " + f.check + " (" + f.where + ")\n" + f.message;
      return c.reproducer(header, chainText);
    }
  }

  /** A check threw: the kind of failure to record. */
  private static final class CheckFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String check;

    CheckFailed(String check, String message) {
      super(message);
      this.check = check;
    }
  }

  private static final java.util.regex.Pattern LINALG = java.util.regex.Pattern.compile(
      "\\b(cholesky|triangular_solve|solve|inv|det|slogdet|eigh)\\(");
  private static final java.util.regex.Pattern LOOPS = java.util.regex.Pattern.compile(
      "\\b(scan|fori_loop|cond)\\(");

  static final int MAX_NODES = 15000;
  static final long MAX_ELEMENTS = 400_000;
  /** Values beyond this are "non-finite" for our purposes: the checks' tolerances mean nothing there. */
  static final double HUGE = 1e12;

  static final double FD_STEP = 1e-4;
  static final double FD_TOL = 1e-6;
  /** Beyond this (relative) disagreement between step sizes a point is not smooth enough. */
  static final double SMOOTH_TOL = 1e-5;
  static final double DOT_TOL = 1e-9;
  static final double CONSISTENCY_TOL = 1e-9;
  static final double SAME_TOL = 1e-10;
  /** The independent NumPy-semantics evaluation: other summation orders, pow vs integer powers. */
  static final double NUMPY_TOL = 1e-9;

  private static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());

  final Stats stats;
  final Compiled compiled;
  final UnaryOperator<Graph> hook;
  /** The fraction of auxiliary graphs compiled (the chain's own graphs always are). */
  double auxCompile = 1.0;
  /** The fraction of cases whose last function is also called at the script's top level. */
  double scriptCall = 1.0;
  /** The fraction of cases with a chain whose last graph's JVP and VJP are checked too. */
  double finalChecks = 1.0;
  /** The fraction of cases whose function also goes through the Java API ({@link JavaApiCheck}). */
  double javaApi = 1.0;
  /**
   * The fraction of cases that also run a symbolic-size program of their own ({@link
   * SymbolicCheck}, compiled once for all sizes); the fuzz run sets it, self-tests leave it 0.
   */
  double symbolic = 0.0;
  /** The fraction of the symbolic check's programs that are complex ({@code fuzz.complex}). */
  double symbolicComplex = 0.0;
  private final org.cotangent.runtime.CompileService symbolicService =
      new org.cotangent.runtime.CompileService(16);

  /** Whether graphs are rewritten after tracing (the self-tests' injected faults). */
  private final boolean hooked;

  Checker(Stats stats, Compiled compiled, UnaryOperator<Graph> hook) {
    this.stats = stats;
    this.compiled = compiled;
    this.hooked = hook != null;
    this.hook = hook == null ? g -> g : hook;
  }

  /**
   * Checks {@code c}; if its chain is null, {@code chooser} picks one for the traced program.
   * Compiled checks go to {@link #compiled} (which may run them later, in a batch).
   */
  Result check(Case c, Function<Graph, List<Step>> chooser) {
    // A failure before the chain is chosen does not depend on it: no chain.
    Result res = new Result(c.chain == null ? c.withChain(List.of()) : c);
    try {
      run(c, chooser, res);
    } catch (CheckFailed e) {
      res.fail(e.check, "", e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of the fuzzer itself (or an exception no check expected): reported, not fatal.
      res.fail("fuzzer-error", "", Compiled.describe(e));
    }
    return res;
  }

  private void run(Case c, Function<Graph, List<Step>> chooser, Result res) {
    ScriptSession session = new ScriptSession(NULL_OUT, NULL_OUT, false);
    Graph f;
    try {
      session.run(c.programText, "<fuzz>");
      f = session.trace(c.fn, c.argTypes);
    } catch (ScriptError e) {
      res.fail("script-error", "f", e.getMessage());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      res.fail("script-error", "f", Compiled.describe(e));
      return;
    }
    f = hook.apply(f);
    List<Step> chain = c.chain != null ? c.chain : chooser.apply(f);
    res.c = c.withChain(chain);
    res.noFd = c.programText.contains("stop_gradient(");
    res.compileRng = Lits.rng(c.pointSeed, 23);
    int L = chain.size();
    List<Graph> t = new ArrayList<>();
    t.add(f);
    for (int k = 0; k < L; k++) {
      String pre = holomorphicPrecondition(chain.get(k), t.get(k));
      if (pre != null) {
        // Only a shrunk or edited case can get here (the chooser checks it): holomorphic=True on
        // a function that is provably not holomorphic is not a bug, and not this case's failure.
        res.fail("not-holomorphic", where(chain, k + 1), pre);
        return;
      }
      try {
        t.add(chain.get(k).apply(t.get(k)));
      } catch (RuntimeException | StackOverflowError e) {
        res.fail("transform-error", where(chain, k + 1), Compiled.describe(e));
        return;
      }
    }
    for (Graph g : t) {
      if (work(g) > MAX_NODES || elements(g) > MAX_ELEMENTS) {
        res.status = Status.TOO_BIG;
        return;
      }
    }
    for (int k = 0; k <= L; k++) {
      stats.graph(t.get(k), k == 0);
      if (!hooked) {
        // (A hook may bring ops of its own, which the IR reader's registry does not know.)
        irText(t.get(k), where(chain, k), res);
      }
    }
    for (Step s : chain) {
      Stats.inc(stats.transforms, s.kind());
      if ((s instanceof Step.Grad && ((Step.Grad) s).holo)
          || (s instanceof Step.Jac && ((Step.Jac) s).holo)) {
        stats.holomorphicSteps.incrementAndGet();
      }
    }
    if (c.prog != null ? c.prog.complex()
        : c.argTypes.stream().anyMatch(tt -> tt.dtype().isComplex())) {
      stats.complexPrograms.incrementAndGet();
    }
    if (LINALG.matcher(c.programText).find()) {
      stats.linalgPrograms.incrementAndGet();
    }
    if (LOOPS.matcher(c.programText).find()) {
      stats.loopPrograms.incrementAndGet();
    }
    Stats.inc(stats.chains, chainKinds(chain));
    res.chainText = renderChain(t, chain, c.fn);

    List<List<Tensor>> x = new ArrayList<>();
    List<List<Tensor>> y = new ArrayList<>();
    for (int k = 0; k <= L; k++) {
      x.add(points(t.get(k), c.pointSeed, k));
      y.add(eval(t.get(k), x.get(k), where(chain, k)));
      if (!Num.finite(y.get(k)) || Num.maxAbs(y.get(k)) > HUGE) {
        res.status = Status.NON_FINITE;
        return;
      }
    }
    res.alone = res.compileRng.nextBoolean();
    if (c.prog != null) {
      numpyCheck(c.prog, x.get(0), y.get(0), res);
    }
    for (int k = 0; k <= L; k++) {
      stats.check("compiled");
      compiled.submit(new Compiled.Entry(t.get(k), x.get(k), y.get(k), res, where(chain, k)));
    }
    Random rng = Lits.rng(c.pointSeed, 17);
    for (int k = 1; k <= L; k++) {
      checkStep(chain.get(k - 1), t.get(k - 1), t.get(k), x.get(k), y.get(k), where(chain, k), rng,
          c.pointSeed + k, res);
    }
    Graph last = t.get(L);
    // The last graph's own derivatives (one order higher than the chain): always for f alone,
    // otherwise for the fraction auxCompile of the cases (all of them in long runs).
    if (L == 0 || res.compileRng.nextDouble() < finalChecks) {
      finalChecks(last, x.get(L), y.get(L), where(chain, L), rng, c.pointSeed, res);
    }
    if (L > 0) {
      stats.check("script-transform");
      try {
        session.run(res.chainText, "<chain>");
        Graph s = session.trace("t" + L, last.inputTypes());
        List<Tensor> ys = Interpreter.eval(s, x.get(L));
        String m = Num.compare(y.get(L), ys, SAME_TOL, true,
            "script " + chain.get(L - 1).kind() + " vs IR-level");
        if (m != null) {
          res.fail("script-transform", where(chain, L), m);
        }
      } catch (ScriptError e) {
        res.fail("script-transform", where(chain, L), e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        res.fail("script-transform", where(chain, L), Compiled.describe(e));
      }
    }
    if (JavaApiCheck.applies(t.get(0)) && res.compileRng.nextDouble() < javaApi) {
      stats.check("java-api");
      try {
        String m = JavaApiCheck.check(t.get(0), x.get(0));
        if (m != null) {
          res.fail("java-api", "f", m);
        }
      } catch (RuntimeException | StackOverflowError e) {
        res.fail("java-api", "f", Compiled.describe(e));
      }
    }
    // Its own random stream, so that adding the check changed no other check's choices.
    if (Lits.rng(c.pointSeed, 31).nextDouble() < symbolic) {
      stats.check("symbolic");
      try {
        String m = SymbolicCheck.check(c.pointSeed, symbolicService, symbolicComplex);
        if (m != null) {
          res.fail("symbolic", "f", m);
        }
      } catch (RuntimeException | StackOverflowError e) {
        res.fail("symbolic", "f", Compiled.describe(e));
      }
    }
    if (res.compileRng.nextDouble() < scriptCall) {
      // The last function called at the top level on the point, as print(t(x)) would.
      stats.check("script-call");
      String fn = L > 0 ? "t" + L : c.fn;
      try {
        List<Tensor> ys = FuzzAccess.callTopLevel(c.programText + "\n" + res.chainText, fn, x.get(L));
        String m = Num.compare(y.get(L), ys, Compiled.TOL, false, "top-level call of " + fn
            + " vs the interpreter");
        if (m != null && L == 0 && res.illConditioned) {
          // The top-level call and the traced interpreter are two evaluation orders of f at an
          // ill-conditioned point (fuzz/findings/script-call-cos-of-a-huge-power.ct).
          stats.scriptCallIllConditioned.incrementAndGet();
        } else if (m != null) {
          res.fail("script-call", where(chain, L), m);
        }
      } catch (ScriptError e) {
        res.fail("script-call", where(chain, L), e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        res.fail("script-call", where(chain, L), Compiled.describe(e));
      }
    }
  }

  /** Why a holomorphic=True step does not apply to {@code g} (a witness of ad.Holomorphy), or null. */
  private static String holomorphicPrecondition(Step s, Graph g) {
    int[] args;
    if (s instanceof Step.Grad && ((Step.Grad) s).holo) {
      args = ((Step.Grad) s).effective();
    } else if (s instanceof Step.Jac && ((Step.Jac) s).holo) {
      args = ((Step.Jac) s).all();
    } else {
      return null;
    }
    for (int a : args) {
      if (a < 0 || a >= g.arity()) {
        return null;
      }
    }
    if (ChainGen.hasOpaqueBodies(g)) {
      return "a custom_vjp body, which ad.Holomorphy does not analyse";
    }
    org.cotangent.symbolic.ad.Holomorphy.Witness w =
        org.cotangent.symbolic.ad.Holomorphy.nonHolomorphic(g, args);
    return w == null ? null : "holomorphic=True, but " + w;
  }

  /**
   * The canonical IR text (how a transformed function travels, DESIGN section 6): written, read
   * back, it must give an equal graph and the same text.
   */
  private void irText(Graph g, String where, Result res) {
    // The text holds every number of every constant: bounded, or it can take gigabytes.
    long numbers = 0;
    for (org.cotangent.symbolic.ir.Node n : g.topoOrder()) {
      if (n.op() instanceof org.cotangent.symbolic.ir.Constant
          && !((org.cotangent.symbolic.ir.Constant) n.op()).isUniform()) {
        numbers += n.type().size();
      }
    }
    if (numbers > 200_000 || g.nodeCount() > 5000) {
      return;
    }
    stats.check("ir-text");
    try {
      String text = IrWriter.write(g);
      Graph back = IrReader.read(text);
      if (!back.equals(g)) {
        res.fail("ir-text", where, "the graph read back from its canonical text differs from it");
      } else if (!IrWriter.write(back).equals(text)) {
        res.fail("ir-text", where, "the graph read back from its canonical text writes other text");
      }
    } catch (RuntimeException | StackOverflowError e) {
      res.fail("ir-text", where, Compiled.describe(e));
    }
  }

  /**
   * The program evaluated independently with NumPy's semantics ({@link NumpyEval}, from the AST,
   * sharing no code with Cotangent) against the interpreter on the traced graph: what the script
   * language and the primitives compute.
   */
  private void numpyCheck(Prog p, List<Tensor> x, List<Tensor> y, Result res) {
    List<double[]> params = new ArrayList<>();
    for (Tensor t : x) {
      params.add(t.unsafeData());
    }
    List<NumpyEval.Arr> expected;
    try {
      expected = NumpyEval.run(p, params);
      res.illConditioned = NumpyEval.nearDiscontinuity();
    } catch (NumpyEval.Unsupported e) {
      stats.numpyUnsupported.incrementAndGet();
      return;
    }
    stats.check("numpy");
    if (expected.size() != y.size()) {
      res.fail("numpy", "f", "the traced function has " + y.size() + " outputs, NumPy's semantics "
          + expected.size());
      return;
    }
    for (int j = 0; j < y.size(); j++) {
      NumpyEval.Arr e = expected.get(j);
      Tensor a = y.get(j);
      if (!java.util.Arrays.equals(e.shape, a.shape().dims())) {
        res.fail("numpy", "f", "output " + j + " has shape " + a.shape() + ", NumPy's semantics give "
            + java.util.Arrays.toString(e.shape));
        return;
      }
      double[] ad = a.unsafeData();
      if (e.complex() != a.dtype().isComplex()) {
        res.fail("numpy", "f", "output " + j + " is " + a.type() + ", NumPy's semantics give a "
            + (e.complex() ? "complex" : "real") + " array");
        return;
      }
      // Complex values interleaved (re, im), as the interpreter's.
      double[] ed = e.d;
      if (e.complex()) {
        ed = new double[2 * e.d.length];
        for (int k = 0; k < e.d.length; k++) {
          ed[2 * k] = e.d[k];
          ed[2 * k + 1] = e.im[k];
        }
      }
      for (int k = 0; k < ad.length; k++) {
        double ev = ed[k];
        if (Double.compare(ev, ad[k]) == 0 || (!Double.isFinite(ev) && !Double.isFinite(ad[k]))) {
          continue;
        }
        if (!(Math.abs(ev - ad[k]) <= NUMPY_TOL * Math.max(1, Math.abs(ev)))) {
          if (NumpyEval.nearDiscontinuity()) {
            // Within rounding of a jump (x == y of two ways to compute one value): proves nothing.
            stats.numpyNearJump.incrementAndGet();
            return;
          }
          res.fail("numpy", "f", "output " + j + " (" + a.type() + ") element " + k + " is " + ad[k]
              + ", NumPy's semantics give " + ev);
          return;
        }
      }
    }
  }

  static String where(List<Step> chain, int k) {
    return k == 0 ? "f" : "step " + k + ": " + chain.get(k - 1).spec();
  }

  private static String chainKinds(List<Step> chain) {
    if (chain.isEmpty()) {
      return "f";
    }
    StringBuilder sb = new StringBuilder();
    for (int k = chain.size() - 1; k >= 0; k--) {
      if (chain.get(k).kind().equals("scal") || chain.get(k).kind().equals("call")
          || chain.get(k).kind().equals("cjvp")) {
        continue;
      }
      sb.append(chain.get(k).kind()).append('(');
    }
    sb.append('f');
    for (Step s : chain) {
      if (!s.kind().equals("scal") && !s.kind().equals("call") && !s.kind().equals("cjvp")) {
        sb.append(')');
      }
    }
    return sb.toString();
  }

  /**
   * The nodes of {@code g}, those of loop, branch and call bodies counted {@link LoopGen#MAX_STEPS}
   * times (a body runs once per step; transformed nests of loops grow fast).
   */
  static long work(Graph g) {
    long n = g.nodeCount();
    for (org.cotangent.symbolic.ir.Node x : g.topoOrder()) {
      for (Graph b : x.op().subgraphs()) {
        n += LoopGen.MAX_STEPS * work(b);
        if (n > MAX_NODES) {
          return n;
        }
      }
    }
    return n;
  }

  private static long elements(Graph g) {
    long n = 0;
    for (TensorType tt : g.inputTypes()) {
      n += tt.size();
    }
    for (int j = 0; j < g.outputs().size(); j++) {
      n += g.output(j).type().size();
    }
    return n;
  }

  // ------------------------------------------------------------------ the chain as script

  static String renderChain(List<Graph> t, List<Step> chain, String fn) {
    StringBuilder sb = new StringBuilder();
    List<String> params = new ArrayList<>(t.get(0).inputNames());
    Set<String> taken = new HashSet<>(params);
    taken.add(fn);
    for (int k = 1; k <= chain.size(); k++) {
      taken.add("t" + k);
    }
    Struct out = Struct.leaves(t.get(0).outputs().size());
    String prevName = null;
    for (int k = 1; k <= chain.size(); k++) {
      Step s = chain.get(k - 1);
      String name = "t" + k;
      String prev = k == 1 ? fn : prevName;
      List<String> ps = s.params(params, out, taken);
      sb.append(s.def(name, prev, params, ps, out, t.get(k - 1)));
      out = s.out(out, params);
      params = ps;
      prevName = name;
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ points and evaluation

  /** The point a graph is checked at: each input from its name, so shrinking keeps the values. */
  static List<Tensor> points(Graph g, long seed, int k) {
    List<Tensor> x = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < g.arity(); i++) {
      String n = g.inputNames().get(i);
      int occ = seen.merge(n, 1, Integer::sum);
      x.add(Num.point(g.inputTypes().get(i), Lits.rng(seed, k, n.hashCode(), occ,
          g.inputTypes().get(i).size())));
    }
    return x;
  }

  static List<Tensor> eval(Graph g, List<Tensor> x, String where) {
    try {
      return Interpreter.eval(g, x);
    } catch (RuntimeException | StackOverflowError e) {
      throw new CheckFailed("interp-error", where + ": " + Compiled.describe(e));
    }
  }

  /** An auxiliary graph (a JVP or VJP made for a check): compiled with probability {@link #auxCompile}. */
  private void submit(Graph g, List<Tensor> x, List<Tensor> y, Result res, String label) {
    if (res.compileRng.nextDouble() < auxCompile && Num.finite(y) && Num.maxAbs(y) <= HUGE) {
      stats.check("compiled");
      compiled.submit(new Compiled.Entry(g, x, y, res, label));
    }
  }

  private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
    List<Tensor> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  private static List<Tensor> directions(List<TensorType> types, Random rng) {
    List<Tensor> v = new ArrayList<>();
    for (TensorType tt : types) {
      v.add(Num.direction(tt, rng));
    }
    return v;
  }

  private static List<TensorType> outTypes(Graph g) {
    List<TensorType> ts = new ArrayList<>();
    for (int j = 0; j < g.outputs().size(); j++) {
      ts.add(g.output(j).type());
    }
    return ts;
  }

  // ------------------------------------------------------------------ (b) finite differences

  private enum Fd {
    PASS,
    FAIL,
    NONSMOOTH
  }

  /**
   * JVP of {@code b} against central differences at {@code x0} along {@code v0} (either null:
   * random); on a point where the differences disagree with themselves (a kink, a switch of a
   * comparison, a jump of floor) the point is re-sampled, and after four such points the check is
   * skipped and counted.
   */
  private void fdCheck(Graph b, Graph jvpB, List<Tensor> x0, List<Tensor> v0, boolean[] mask,
      String where, long seed, Result res) {
    if (res.noFd) {
      stats.fdStopGradient.incrementAndGet();
      return;
    }
    stats.check("jvp-fd");
    for (int attempt = 0; attempt < 4; attempt++) {
      Random rng = Lits.rng(seed, attempt, 99);
      List<Tensor> x = attempt == 0 && x0 != null ? x0 : points(b, seed * 31 + attempt, 1000);
      List<Tensor> v = attempt == 0 && v0 != null ? v0 : directions(b.inputTypes(), rng);
      if (mask != null) {
        v = new ArrayList<>(v);
        for (int i = 0; i < mask.length; i++) {
          if (!mask[i]) {
            v.set(i, Num.zerosLike(v.get(i).type()));
          }
        }
      }
      List<Tensor> jy = eval(jvpB, concat(x, v), where + " (jvp)");
      int m = b.outputs().size();
      if (hasFloatEquality(b) && offBranch(b, x, v, jy.subList(0, m), where)) {
        // An == or != of computed floats that is exactly false in real arithmetic is decided by
        // rounding, which the JVP program's association of a sum, the point itself and its
        // neighbours need not share (jvp-fd-float-equality-after-reassociation): a
        // discontinuity of rounding at this point.
        stats.fdResampled.incrementAndGet();
        continue;
      }
      // A non-finite JVP is not skipped: the function is finite here, so unless the differences
      // find a kink (or are not finite either) it is compared, and fails.
      String[] msg = new String[1];
      Fd r = fdOnce(b, x, v, jy.subList(m, 2 * m), where, msg);
      if (r == Fd.NONSMOOTH) {
        stats.fdResampled.incrementAndGet();
        continue;
      }
      if (r == Fd.FAIL) {
        res.fail("jvp-fd", where, msg[0]);
      }
      return;
    }
    stats.nonSmooth.incrementAndGet();
  }

  private Fd fdOnce(Graph b, List<Tensor> x, List<Tensor> v, List<Tensor> tangent, String where,
      String[] msg) {
    double h = FD_STEP;
    double h3 = FD_STEP / 100;
    double h4 = 1e-12;
    List<Tensor> p1 = eval(b, Num.axpy(x, h, v), where);
    List<Tensor> m1 = eval(b, Num.axpy(x, -h, v), where);
    List<Tensor> p2 = eval(b, Num.axpy(x, h / 2, v), where);
    List<Tensor> m2 = eval(b, Num.axpy(x, -h / 2, v), where);
    // Where the function has steps (floor, round, a remainder of a fast-moving value) it may be
    // a staircase that looks linear at both steps: much smaller ones, down to where rounding
    // dominates, see its flat treads.
    boolean steps = hasSteps(b);
    List<Tensor> p3 = steps ? eval(b, Num.axpy(x, h3, v), where) : p2;
    List<Tensor> m3 = steps ? eval(b, Num.axpy(x, -h3, v), where) : m2;
    List<Tensor> p4 = steps ? eval(b, Num.axpy(x, h4, v), where) : p2;
    List<Tensor> m4 = steps ? eval(b, Num.axpy(x, -h4, v), where) : m2;
    double s3 = steps ? h3 : h / 2;
    double s4 = steps ? h4 : h / 2;
    if (!Num.finite(p1) || !Num.finite(m1) || !Num.finite(p2) || !Num.finite(m2)
        || !Num.finite(p3) || !Num.finite(m3) || !Num.finite(p4) || !Num.finite(m4)) {
      return Fd.NONSMOOTH;
    }
    String failure = null;
    for (int j = 0; j < tangent.size(); j++) {
      if (!tangent.get(j).dtype().isFloating()) {
        continue;
      }
      double[] t = tangent.get(j).unsafeData();
      double[] a1 = p1.get(j).unsafeData();
      double[] b1 = m1.get(j).unsafeData();
      double[] a2 = p2.get(j).unsafeData();
      double[] b2 = m2.get(j).unsafeData();
      double[] a3 = p3.get(j).unsafeData();
      double[] b3 = m3.get(j).unsafeData();
      double[] a4 = p4.get(j).unsafeData();
      double[] b4 = m4.get(j).unsafeData();
      for (int k = 0; k < t.length; k++) {
        double d1 = (a1[k] - b1[k]) / (2 * h);
        double d2 = (a2[k] - b2[k]) / h;
        double d3 = (a3[k] - b3[k]) / (2 * s3);
        double d4 = (a4[k] - b4[k]) / (2 * s4);
        double rich = (4 * d2 - d1) / 3;
        double mag = Math.max(Math.max(Math.abs(a1[k]), Math.abs(b1[k])),
            Math.max(Math.abs(a2[k]), Math.abs(b2[k])));
        double noise = 50 * Math.ulp(1.0) * mag / h;
        double noise3 = 50 * Math.ulp(1.0) * Math.max(mag, Math.max(Math.abs(a3[k]), Math.abs(b3[k])))
            / s3;
        double noise4 = 50 * Math.ulp(1.0) * Math.max(mag, Math.max(Math.abs(a4[k]), Math.abs(b4[k])))
            / s4;
        // Smooth: d1 - d2 is about h^2 f'''/8 (1e-9 f'''), d3 - d2 smaller still. A kink inside
        // one interval but not the others (one of thousands of elements of a sum crossing it)
        // shows as a difference far above that.
        if (Math.abs(d1 - d2) > SMOOTH_TOL * (1 + Math.abs(rich)) + 10 * noise
            || Math.abs(d3 - d2) > SMOOTH_TOL * (1 + Math.abs(rich)) + 10 * noise3
            || Math.abs(d4 - d2) > SMOOTH_TOL * (1 + Math.abs(rich)) + 10 * noise4) {
          return Fd.NONSMOOTH;
        }
        // The differences' own error (|d1 - d2| estimates it) is allowed for, on top of FD_TOL.
        double tol = FD_TOL * (1 + Math.abs(rich)) + noise + Math.abs(d1 - d2);
        if (failure == null && !(Math.abs(t[k] - rich) <= tol)) {
          failure = "JVP of output " + j + " (" + tangent.get(j).type() + ") element " + k + " is "
              + t[k] + " but central differences give " + rich + " (steps " + h + " and " + h / 2
              + ": " + d1 + ", " + d2 + ")";
        }
      }
    }
    if (failure != null) {
      msg[0] = failure;
      return Fd.FAIL;
    }
    return Fd.PASS;
  }

  private static final java.util.Set<String> STEP_OPS = java.util.Set.of("floor", "ceil", "round",
      "sign", "rem", "remainder", "argmax", "argmin", "argsort", "gather", "scatter_add", "cond");

  /**
   * Whether {@code b} at {@code x} is off the branch its JVP program or its neighbours {@code x
   * +- h v} are on: the JVP's primal outputs differ from b(x), or b(x) is off the midpoint of its
   * neighbours by far more than a smooth function's h^2 f'' / 2.
   */
  private boolean offBranch(Graph b, List<Tensor> x, List<Tensor> v, List<Tensor> jvpPrimal,
      String where) {
    List<Tensor> f0 = eval(b, x, where);
    if (Num.compare(f0, jvpPrimal, SAME_TOL, false, "primal") != null) {
      return true;
    }
    List<Tensor> p = eval(b, Num.axpy(x, FD_STEP, v), where);
    List<Tensor> q = eval(b, Num.axpy(x, -FD_STEP, v), where);
    for (int j = 0; j < f0.size(); j++) {
      if (!f0.get(j).dtype().isFloating()) {
        continue;
      }
      double[] c = f0.get(j).unsafeData();
      double[] a = p.get(j).unsafeData();
      double[] d = q.get(j).unsafeData();
      for (int k = 0; k < c.length; k++) {
        if (Math.abs((a[k] + d[k]) / 2 - c[k]) > 1e-4 * (1 + Math.abs(c[k]))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code g} compares floating-point values for equality, also inside bodies. */
  private static boolean hasFloatEquality(Graph g) {
    for (org.cotangent.symbolic.ir.Node n : g.topoOrder()) {
      if ((n.op() == org.cotangent.symbolic.ops.Compare.EQ
          || n.op() == org.cotangent.symbolic.ops.Compare.NE) && n.input(0).dtype().isFloating()) {
        return true;
      }
      for (Graph b : n.op().subgraphs()) {
        if (hasFloatEquality(b)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code g} holds a primitive with jumps (which can make a staircase), also inside the
   * bodies of loops, branches and calls.
   */
  private static boolean hasSteps(Graph g) {
    for (org.cotangent.symbolic.ir.Node n : g.topoOrder()) {
      if (STEP_OPS.contains(n.op().name())) {
        return true;
      }
      for (Graph b : n.op().subgraphs()) {
        if (hasSteps(b)) {
          return true;
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ (c) dot-product test

  /** {@code <u, J v> = <J^T u, v>} with the VJP graph {@code vjpB} at {@code x} and cotangent {@code u}. */
  private void dotTest(Graph b, Graph jvpB, Graph vjpB, List<Tensor> x, List<Tensor> u,
      List<Tensor> vjpOut, String where, Random rng, Result res) {
    stats.check("vjp-dot");
    int n = b.arity();
    int m = b.outputs().size();
    List<Tensor> v = directions(b.inputTypes(), rng);
    List<Tensor> jv = eval(jvpB, concat(x, v), where + " (jvp)").subList(m, 2 * m);
    List<Tensor> ju = vjpOut != null ? vjpOut : eval(vjpB, concat(x, u), where + " (vjp)")
        .subList(m, m + n);
    if (!Num.finite(jv) || !Num.finite(ju)) {
      return;
    }
    double lhs = 0;
    double rhs = 0;
    double scale = 0;
    double uu = 0;
    double vv = 0;
    for (int j = 0; j < m; j++) {
      // Complex values: the pairing Re(sum a b), i.e. the real inner product with u conjugated.
      lhs += Num.pair(u.get(j), jv.get(j));
      scale += Num.absDot(u.get(j), jv.get(j));
      uu += Num.norm2(u.get(j));
    }
    for (int i = 0; i < n; i++) {
      rhs += Num.pair(ju.get(i), v.get(i));
      scale += Num.absDot(ju.get(i), v.get(i));
      vv += Num.norm2(v.get(i));
    }
    double floor = 1e-13 * Math.sqrt(uu * vv) * (1 + Num.maxAbs(jv) + Num.maxAbs(ju));
    if (!(Math.abs(lhs - rhs) <= DOT_TOL * scale + floor)) {
      // Rounding of b's own intermediates (x - mean(x) at 1e2, a saturated softmax at 1e15) moves
      // both products by about eps times their size, even where J is 0 (the vjp-dot-*-rounding
      // findings): below that floor the test cannot tell; it is counted, not failed.
      double p = maxIntermediate(b, x);
      if (Math.abs(lhs - rhs) <= DOT_TOL * scale + 1e-13 * Math.sqrt(uu * vv) * (1 + p)) {
        stats.dotIntermediateFloor.incrementAndGet();
        return;
      }
      res.fail("vjp-dot", where, "dot-product test: <u, J v> = " + lhs + " (JVP) but <J^T u, v> = "
          + rhs + " (VJP); the largest intermediate of the function is " + p);
    }
  }

  /**
   * The largest finite magnitude among the floating-point values {@code b} computes at {@code x}
   * outside loop and branch bodies (every node made an output of one graph, evaluated once).
   */
  private static double maxIntermediate(Graph b, List<Tensor> x) {
    List<org.cotangent.symbolic.ir.Node> nodes = new ArrayList<>();
    for (org.cotangent.symbolic.ir.Node n : b.topoOrder()) {
      if (n.dtype().isFloating()) {
        nodes.add(n);
      }
    }
    double m = 0;
    for (Tensor t : Interpreter.eval(new Graph(b.inputNames(), b.inputTypes(), nodes), x)) {
      for (double d : t.unsafeData()) {
        if (Double.isFinite(d)) {
          m = Math.max(m, Math.abs(d));
        }
      }
    }
    return m;
  }

  // ------------------------------------------------------------------ the final graph

  /** The last graph of the chain: its JVP against differences, its VJP against its JVP. */
  private void finalChecks(Graph g, List<Tensor> x, List<Tensor> y, String where, Random rng,
      long seed, Result res) {
    Graph jvp;
    Graph vjp;
    try {
      jvp = Ad.jvp(g);
      vjp = Ad.vjp(g);
    } catch (RuntimeException | StackOverflowError e) {
      // A transformation that throws is its own failure, not the fuzzer's.
      res.fail("transform-error", "jvp or vjp of " + where, Compiled.describe(e));
      return;
    }
    stats.graph(jvp, false);
    stats.graph(vjp, false);
    List<Tensor> v = directions(g.inputTypes(), rng);
    List<Tensor> jx = concat(x, v);
    List<Tensor> jy = eval(jvp, jx, "jvp of " + where);
    submit(jvp, jx, jy, res, "jvp of " + where);
    fdCheck(g, jvp, x, v, null, "jvp of " + where, seed * 7 + 3, res);
    List<Tensor> u = directions(outTypes(g), rng);
    List<Tensor> vx = concat(x, u);
    List<Tensor> vy = eval(vjp, vx, "vjp of " + where);
    submit(vjp, vx, vy, res, "vjp of " + where);
    String m = Num.compare(y, vy.subList(0, y.size()), SAME_TOL, false, "vjp primal outputs");
    stats.check("vjp-primal");
    if (m != null) {
      res.fail("vjp-primal", "vjp of " + where, m);
    }
    dotTest(g, jvp, vjp, x, u, vy.subList(y.size(), vy.size()), "vjp of " + where, rng, res);
  }

  // ------------------------------------------------------------------ one step of the chain

  private void checkStep(Step s, Graph b, Graph g, List<Tensor> x, List<Tensor> y, String where,
      Random rng, long seed, Result res) {
    int n = b.arity();
    int m = b.outputs().size();
    if (s instanceof Step.Scal) {
      return;
    }
    if (s instanceof Step.Call) {
      stats.check("call-same");
      String msg = Num.compare(eval(b, x, where), y, SAME_TOL, false, "closed_call vs its body");
      if (msg != null) {
        res.fail("call-same", where, msg);
      }
      return;
    }
    if (s instanceof Step.CustomJvpStep) {
      stats.check("cjvp-same");
      String msg = Num.compare(eval(b, x, where), y, SAME_TOL, false, "custom_jvp vs its primal");
      if (msg != null) {
        res.fail("cjvp-same", where, msg);
      }
      return;
    }
    if (s instanceof Step.VmapStep) {
      vmapCheck((Step.VmapStep) s, b, x, y, where, res);
      return;
    }
    if (s instanceof Step.Jvp) {
      List<Tensor> xb = x.subList(0, n);
      stats.check("jvp-primal");
      String msg = Num.compare(eval(b, xb, where), y.subList(0, m), SAME_TOL, false, "jvp primal outputs");
      if (msg != null) {
        res.fail("jvp-primal", where, msg);
      }
      fdCheck(b, g, xb, x.subList(n, 2 * n), null, where, seed, res);
      return;
    }
    Graph jvpB = Ad.jvp(b);
    stats.graph(jvpB, false);
    if (s instanceof Step.Vjp) {
      List<Tensor> xb = x.subList(0, n);
      stats.check("vjp-primal");
      String msg = Num.compare(eval(b, xb, where), y.subList(0, m), SAME_TOL, false, "vjp primal outputs");
      if (msg != null) {
        res.fail("vjp-primal", where, msg);
      }
      dotTest(b, jvpB, g, xb, x.subList(n, n + m), y.subList(m, m + n), where, rng, res);
      fdCheck(b, jvpB, xb, null, null, where + " (its argument)", seed, res);
      return;
    }
    if (s instanceof Step.Grad) {
      Step.Grad gs = (Step.Grad) s;
      int[] argnums = gs.effective();
      boolean[] mask = new boolean[n];
      for (int a : argnums) {
        mask[a] = true;
      }
      List<Tensor> v = masked(directions(b.inputTypes(), rng), mask);
      List<Tensor> jy = eval(jvpB, concat(x, v), where + " (jvp)");
      submit(jvpB, concat(x, v), jy, res, "jvp of the argument of " + where);
      int k0 = gs.withValue ? (gs.aux ? 2 : 1) : 0;
      if (gs.withValue) {
        stats.check("vg-value");
        String msg = Num.compare(eval(b, x, where), y.subList(0, 1), SAME_TOL, false, "value");
        if (msg != null) {
          res.fail("vg-value", where, msg);
        }
      }
      stats.check("grad-dot");
      // Real f: the JVP along v is Re(sum grad v) (grad = df/dx - i df/dy for complex inputs);
      // holomorphic f: it is the complex number sum f'(z) v.
      double[] jv = jy.get(1).unsafeData();
      double[] lhs = {jv[0], jv.length > 1 ? jv[1] : 0};
      double[] rhs = new double[2];
      double scale = Math.hypot(lhs[0], lhs[1]);
      double vv = 0;
      for (int i = 0; i < argnums.length; i++) {
        Tensor gi = y.get(k0 + i);
        Tensor vi = v.get(argnums[i]);
        double[] d = Num.cdot(gi, vi);
        rhs[0] += d[0];
        rhs[1] += d[1];
        scale += Num.absDot(gi, vi);
        vv += Num.norm2(vi);
      }
      if (!gs.holo) {
        rhs[1] = 0;
      }
      double tol = DOT_TOL * scale + 1e-13 * Math.sqrt(vv);
      if (!(Math.abs(lhs[0] - rhs[0]) <= tol) || !(Math.abs(lhs[1] - rhs[1]) <= tol)) {
        res.fail("grad-dot", where, (gs.holo ? "sum grad v = " + rhs[0] + (rhs[1] < 0 ? "" : "+")
            + rhs[1] + "j but the JVP along v is " + lhs[0] + (lhs[1] < 0 ? "" : "+") + lhs[1] + "j"
            : "Re <grad, v> = " + rhs[0] + " but the JVP along v is " + lhs[0]));
      }
      fdCheck(b, jvpB, x, v, null, where + " (its argument)", seed, res);
      return;
    }
    Step.Jac js = (Step.Jac) s;
    int[] ks = js.all();
    int nk = ks.length;
    boolean hess = js.which.equals("hessian");
    int per = hess ? nk * nk : nk;
    for (int ki = 0; ki < nk; ki++) {
      int a = ks[ki];
      boolean[] mask = new boolean[n];
      mask[a] = true;
      List<Tensor> v = masked(directions(b.inputTypes(), rng), mask);
      if (!hess) {
        // Output j's Jacobian block for argument a.
        List<Tensor> ja = new ArrayList<>();
        for (int j = 0; j < m; j++) {
          ja.add(y.get(j * per + ki));
        }
        List<Tensor> jy = eval(jvpB, concat(x, v), where + " (jvp)");
        stats.check("jac-jvp");
        for (int j = 0; j < m; j++) {
          String msg = contract(b, x, ja.get(j), v.get(a), jy.get(m + j),
              "Jacobian " + j + " (argument " + a + ") times v vs JVP");
          if (msg != null) {
            res.fail("jac-jvp", where, msg);
            break;
          }
        }
        Graph other = null;
        try {
          other = js.which.equals("jacfwd") ? Ad.jacrev(b, a, js.holo) : Ad.jacfwd(b, a, js.holo);
        } catch (org.cotangent.symbolic.IrException e) {
          // Without holomorphic=True, jacfwd needs real inputs and jacrev real outputs: a complex
          // function has only one of them.
        }
        if (other != null) {
          stats.graph(other, false);
          List<Tensor> oy = eval(other, x, where + " (the other Jacobian)");
          submit(other, x, oy, res, (js.which.equals("jacfwd") ? "jacrev" : "jacfwd") + " for "
              + where);
          stats.check("jacfwd-jacrev");
          String msg = Num.compare(ja, oy, CONSISTENCY_TOL, true, "jacfwd vs jacrev");
          if (msg != null) {
            res.fail("jacfwd-jacrev", where, msg);
          }
        }
        fdCheck(b, jvpB, x, v, null, where + " (its argument)", seed + ki, res);
        continue;
      }
      // Hessian blocks H[j][k][l] (k = ks[ki] here): symmetric (H[j][k][l] = H[j][l][k]^T),
      // H v = the JVP of jacrev along v, and = jacfwd(grad) for one scalar output.
      for (int li = 0; li < nk; li++) {
        int l = ks[li];
        int nkSize = b.inputTypes().get(a).size();
        int nlSize = b.inputTypes().get(l).size();
        stats.check("hessian-sym");
        int w = y.get(0).dtype().width();
        for (int j = 0; j < m; j++) {
          double[] h = y.get(j * per + ki * nk + li).unsafeData();
          double[] ht = y.get(j * per + li * nk + ki).unsafeData();
          double scale = Math.max(1, Math.max(Num.maxAbs(y.get(j * per + ki * nk + li)),
              Num.maxAbs(y.get(j * per + li * nk + ki))));
          int blocks = nkSize * nlSize == 0 ? 0
              : y.get(j * per + ki * nk + li).type().size() / (nkSize * nlSize);
          String msg = null;
          for (int o = 0; o < blocks && msg == null; o++) {
            for (int p = 0; p < nkSize && msg == null; p++) {
              for (int q = 0; q < nlSize * w; q++) {
                // (A complex Hessian's real and imaginary parts alike.)
                double hpq = h[(o * nkSize * nlSize + p * nlSize) * w + q];
                double hqp = ht[(o * nkSize * nlSize + (q / w) * nkSize + p) * w + q % w];
                if (!(Math.abs(hpq - hqp) <= CONSISTENCY_TOL * scale)) {
                  msg = "Hessian " + j + " is not symmetric: H[" + a + "," + l + "][" + o + "][" + p
                      + "][" + q + "] = " + hpq + " but H[" + l + "," + a + "][" + o + "][" + q + "]["
                      + p + "] = " + hqp;
                  break;
                }
              }
            }
          }
          if (msg != null) {
            res.fail("hessian-sym", where, msg);
            break;
          }
        }
      }
      Graph rev = Ad.jacrev(b, a, js.holo);
      Graph jvpRev = Ad.jvp(rev);
      stats.graph(jvpRev, false);
      for (int li = 0; li < nk; li++) {
        int l = ks[li];
        boolean[] ml = new boolean[n];
        ml[l] = true;
        List<Tensor> vl = masked(directions(b.inputTypes(), rng), ml);
        List<Tensor> jy = eval(jvpRev, concat(x, vl), where + " (jvp of jacrev)");
        submit(jvpRev, concat(x, vl), jy, res, "jvp of jacrev for " + where);
        stats.check("hessian-jvp");
        for (int j = 0; j < m; j++) {
          String msg = contract(b, x, y.get(j * per + ki * nk + li), vl.get(l), jy.get(m + j),
              "Hessian " + j + " (arguments " + a + ", " + l + ") times v vs JVP of jacrev");
          if (msg != null) {
            res.fail("hessian-jvp", where, msg);
            break;
          }
        }
        if (m == 1 && b.output(0).type().shape().isScalar()) {
          Graph hg = Ad.jacfwd(Ad.grad(b, false, js.holo, a), l, js.holo);
          stats.graph(hg, false);
          List<Tensor> hy = eval(hg, x, where + " (jacfwd of grad)");
          submit(hg, x, hy, res, "jacfwd of grad for " + where);
          stats.check("hessian-grad");
          String msg = Num.compare(List.of(y.get(ki * nk + li)), hy, CONSISTENCY_TOL, true,
              "hessian vs jacfwd(grad)");
          if (msg != null) {
            res.fail("hessian-grad", where, msg);
          }
        }
        fdCheck(rev, jvpRev, x, vl, null, where + " (jacrev of its argument)", seed + ki * 7 + li, res);
      }
    }
  }

  private static List<Tensor> masked(List<Tensor> v, boolean[] mask) {
    List<Tensor> r = new ArrayList<>(v);
    for (int i = 0; i < mask.length; i++) {
      if (!mask[i]) {
        r.set(i, Num.zerosLike(v.get(i).type()));
      }
    }
    return r;
  }

  /**
   * {@code J} (shape {@code out + in}) contracted with {@code v} (shape {@code in}) against {@code
   * expected} (shape {@code out}), relative to the magnitude of the terms.
   */
  /**
   * {@link #contractCheck} with the floor of the dot-product test: a mismatch within 1e-13 |v|
   * (1 + the largest intermediate of {@code b} at {@code x}) is rounding of b's own values (a
   * Jacobian that is 0 computed as -4e-14 one way and -2e-13 the other:
   * jac-jvp-constant-logsumexp-rounding), counted and not failed.
   */
  private String contract(Graph b, List<Tensor> x, Tensor jac, Tensor v, Tensor expected,
      String what) {
    String msg = contractCheck(jac, v, expected, what, 1);
    if (msg == null || contractCheck(jac, v, expected, what, 1 + maxIntermediate(b, x)) != null) {
      return msg;
    }
    stats.jacIntermediateFloor.incrementAndGet();
    return null;
  }

  private static String contractCheck(Tensor jac, Tensor v, Tensor expected, String what,
      double floor) {
    // Complex entries multiply as complex numbers; a real JVP (a real function of complex
    // inputs, whose Jacobian rows are df/dx - i df/dy) is the real part of the sum.
    double[] jd = jac.unsafeData();
    double[] vd = v.unsafeData();
    double[] e = expected.unsafeData();
    int wj = jac.dtype().width();
    int wv = v.dtype().width();
    int we = expected.dtype().width();
    int n = v.type().size();
    int outs = expected.type().size();
    if (jac.type().size() != outs * n) {
      return what + ": shapes " + jac.type() + ", " + v.type() + ", " + expected.type() + " do not fit";
    }
    double vmax = 0;
    for (double d : vd) {
      vmax = Math.max(vmax, Math.abs(d));
    }
    for (int o = 0; o < outs; o++) {
      double sr = 0;
      double si = 0;
      double er = e[o * we];
      double ei = we == 2 ? e[o * 2 + 1] : 0;
      double scale = Math.hypot(er, ei);
      for (int i = 0; i < n; i++) {
        int k = o * n + i;
        double jr = jd[k * wj];
        double ji = wj == 2 ? jd[k * 2 + 1] : 0;
        double vr = vd[i * wv];
        double vi = wv == 2 ? vd[i * 2 + 1] : 0;
        sr += jr * vr - ji * vi;
        si += jr * vi + ji * vr;
        scale += Math.hypot(jr, ji) * Math.hypot(vr, vi);
      }
      if (we == 1) {
        si = 0;
      }
      double tol = CONSISTENCY_TOL * scale + 1e-13 * vmax * floor;
      if (!(Math.abs(sr - er) <= tol) || !(Math.abs(si - ei) <= tol)) {
        return what + ": element " + o + " is " + sr + (we == 2 ? " + " + si + "j" : "")
            + ", the JVP gives " + er + (we == 2 ? " + " + ei + "j" : "");
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ (d) vmap

  private void vmapCheck(Step.VmapStep s, Graph b, List<Tensor> x, List<Tensor> y, String where,
      Result res) {
    stats.check("vmap-loop");
    for (int e = 0; e < s.n; e++) {
      List<Tensor> xe = new ArrayList<>();
      for (int i = 0; i < b.arity(); i++) {
        int ax = s.inAxis(b, i);
        xe.add(ax < 0 ? x.get(i) : Num.take(x.get(i), ax, e));
      }
      List<Tensor> ye = eval(b, xe, where + " (one element)");
      List<Tensor> got = new ArrayList<>();
      for (int j = 0; j < y.size(); j++) {
        got.add(Num.take(y.get(j), s.outAxis(b, j), e));
      }
      String msg = Num.compare(ye, got, SAME_TOL, false, "vmap element " + e + " vs unbatched");
      if (msg != null) {
        res.fail("vmap-loop", where, msg);
        return;
      }
    }
  }
}
