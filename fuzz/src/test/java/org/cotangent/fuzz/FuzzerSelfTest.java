package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Batching;
import org.cotangent.symbolic.ir.Param;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer can fail: with a deliberately wrong derivative rule, and with a backend that
 * corrupts one element of compiled output, it finds the fault and shrinks it to a small program.
 * Also: reproducers read back as what they say, and the generator's programs trace.
 */
class FuzzerSelfTest {
  /** Unary ops whose JVP rule the self-test makes wrong. */
  static final java.util.Set<String> WRONG = java.util.Set.of("sin", "cos", "tanh", "exp");

  /** An elementwise op with its own evaluation and code but a JVP rule 1% too large. */
  static class BadRule extends Op {
    final Op orig;

    BadRule(Op orig) {
      super("bad_" + orig.name());
      this.orig = orig;
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      return orig.inferType(inputs);
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      return orig.eval(inputs);
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node t = orig.jvp(Node.make(orig, primals.toArray(new Node[0])), primals, tangents);
      return t == null ? null : Ir.mul(Ir.full(1.01, t.type()), t);
    }

    @Override
    public Batched batchRule(List<Node> args, int[] dims) {
      return Batching.vectorized(this, args, dims);
    }

    @Override
    public String javaExpression(List<String> args) {
      return orig.javaExpression(args);
    }

    @Override
    protected List<Object> params() {
      return List.of(orig.name());
    }
  }

  /**
   * A complex-convention fault: the JVP rule of a complex elementwise op gives the conjugate of
   * the right tangent (right on the real axis, wrong along every complex direction).
   */
  static final class ConjugatedRule extends BadRule {
    ConjugatedRule(Op orig) {
      super(orig);
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      Node t = orig.jvp(Node.make(orig, primals.toArray(new Node[0])), primals, tangents);
      return t == null ? null : org.cotangent.symbolic.Np.conj(t);
    }
  }

  /** Every complex sin, cos, tanh, exp, log and sqrt replaced by its {@link ConjugatedRule}. */
  static Graph withConjugatedRules(Graph g) {
    java.util.Set<String> ops = java.util.Set.of("sin", "cos", "tanh", "exp", "log", "sqrt");
    return rewrite(g, n -> ops.contains(n.op().name()) && n.dtype().isComplex()
        ? new ConjugatedRule(n.op()) : null);
  }

  /** Every sin, cos, tanh and exp of a traced graph replaced by its {@link BadRule}. */
  static Graph withBadRules(Graph g) {
    return rewrite(g, n -> WRONG.contains(n.op().name()) ? new BadRule(n.op()) : null);
  }

  /** {@code g} with the ops {@code bad} gives (null: the node's own) in place of the originals. */
  static Graph rewrite(Graph g, java.util.function.Function<Node, Op> bad) {
    Map<Node, Node> env = new IdentityHashMap<>();
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Param) {
        env.put(n, n);
        continue;
      }
      Node[] ins = new Node[n.arity()];
      for (int i = 0; i < ins.length; i++) {
        ins[i] = env.get(n.input(i));
      }
      Op b = bad.apply(n);
      env.put(n, Node.make(b != null ? b : n.op(), ins));
    }
    List<Node> outs = new ArrayList<>();
    for (Node o : g.outputs()) {
      outs.add(env.get(o));
    }
    return new Graph(g.inputNames(), g.inputTypes(), outs);
  }

  /** A backend that adds 1e-6 to the first element of the first output of graphs with a cos. */
  static Compiled.Engine corrupting() {
    Compiled.Engine real = Compiled.defaultEngine();
    return (g, args) -> {
      List<Tensor> out = new ArrayList<>(real.run(g, args));
      boolean cos = false;
      for (Node n : g.topoOrder()) {
        cos |= n.op().name().equals("cos");
      }
      if (cos && !out.isEmpty() && out.get(0).size() > 0) {
        out.set(0, Num.perturb(out.get(0), 0, 1e-6));
      }
      return out;
    };
  }

  private static Options small(long seed, int programs) {
    Options o = new Options();
    o.seed = seed;
    o.programs = programs;
    o.threads = 1;
    o.shrinkPerSignature = 1;
    o.shrinkMax = 3;
    o.shrinkBudget = 300;
    // (Loops have their own self-tests, LoopSelfTest; these keep the programs they were written for.)
    o.loops = 0;
    return o;
  }

  private static FuzzRun.Found firstOf(FuzzRun run, String check) {
    for (FuzzRun.Found f : run.found) {
      if (f.failure.check.equals(check)) {
        return f;
      }
    }
    return null;
  }

  @Test
  void wrongDerivativeRulesAreFoundAndShrunk() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    FuzzRun run = new FuzzRun(small(11, 40), Compiled::defaultEngine, FuzzerSelfTest::withBadRules,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    run.run();
    FuzzRun.Found f = firstOf(run, "jvp-fd");
    assertTrue(f != null, "the wrong rules were not found:\n" + run.summary() + log);
    Prog p = f.shrunk.c.prog;
    assertTrue(p.weight() < f.original.c.prog.weight() || p.weight() <= 6,
        "not shrunk:\n" + f.reproducer);
    String text = f.shrunk.c.programText;
    assertTrue(text.contains("sin(") || text.contains("cos(") || text.contains("tanh(")
        || text.contains("exp(") || text.contains("sigmoid(") || text.contains("positive"), f.reproducer);
    assertTrue(p.stmts.size() <= 1 && p.weight() <= 12, "not small:\n" + f.reproducer);
    // The reproducer, read back, still fails the same check.
    Stats stats = new Stats();
    Compiled compiled = new Compiled(Compiled.defaultEngine(), stats, 1);
    Checker.Result again = new Checker(stats, compiled, FuzzerSelfTest::withBadRules)
        .check(Case.parse(f.reproducer), null);
    assertTrue(again.failed("jvp-fd"), f.reproducer);
  }

  @Test
  void aConjugatedComplexDerivativeIsFound() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Options o = small(14, 30);
    o.complex = 1.0;
    o.shrinkMax = 1;
    FuzzRun run = new FuzzRun(o, Compiled::defaultEngine, FuzzerSelfTest::withConjugatedRules,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    run.run();
    FuzzRun.Found f = firstOf(run, "jvp-fd");
    assertTrue(f != null, "the conjugated rules were not found:\n" + run.summary() + log);
    assertTrue(f.shrunk.c.argTypes.stream().anyMatch(t -> t.dtype().isComplex())
        || f.shrunk.c.programText.contains("j)") || f.shrunk.c.programText.contains("complex("),
        f.reproducer);
  }

  @Test
  void aCorruptedCompiledResultIsFoundAndShrunk() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    FuzzRun run = new FuzzRun(small(12, 40), FuzzerSelfTest::corrupting, null,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    run.run();
    FuzzRun.Found f = firstOf(run, "compiled");
    assertTrue(f != null, "the corrupted output was not found:\n" + run.summary() + log);
    Prog p = f.shrunk.c.prog;
    assertTrue(p.weight() < f.original.c.prog.weight(), "not shrunk:\n" + f.reproducer);
    assertTrue(p.stmts.size() <= 1 && p.weight() <= 20, "not small:\n" + f.reproducer);
    Stats stats = new Stats();
    Compiled compiled = new Compiled(corrupting(), stats, 1);
    Checker.Result again = new Checker(stats, compiled, null).check(Case.parse(f.reproducer), null);
    compiled.flush();
    assertTrue(again.failed("compiled"), f.reproducer);
  }

  /** The tape check fails on a result one ulp off, passes on the right one, NaNs as one. */
  @Test
  void theTapeCheckFindsAnUlp() {
    TensorType t = TensorType.f64();
    Graph g = Graph.trace(List.of("x"), List.of(t), xs -> List.of(Ir.sin(Ir.tanh(xs.get(0))),
        Ir.div(xs.get(0), xs.get(0))));
    List<Tensor> args = List.of(Tensor.scalar(0.7));
    double y = Math.sin(org.cotangent.symbolic.kernels.RealMath.tanh(0.7));
    Compiled.checkTape(g, args, List.of(Tensor.scalar(y), Tensor.scalar(1.0)));
    Compiled.TapeMismatch m = org.junit.jupiter.api.Assertions.assertThrows(
        Compiled.TapeMismatch.class, () -> Compiled.checkTape(g, args,
            List.of(Tensor.scalar(Math.nextUp(y)), Tensor.scalar(1.0))));
    assertTrue(m.getMessage().contains("output 0 element 0"), m.getMessage());
    Compiled.checkTape(g, List.of(Tensor.scalar(0.0)),
        List.of(Tensor.scalar(0.0), Tensor.scalar(Double.NaN)));
  }

  /** Every traced function's first output scaled by 1 + 1e-6: what only the NumPy oracle can see. */
  static Graph scaled(Graph g) {
    List<Node> outs = new ArrayList<>(g.outputs());
    Node o = outs.get(0);
    if (o.dtype() == org.cotangent.symbolic.DType.F64 && o.type().size() > 0) {
      outs.set(0, Ir.mul(Ir.full(1 + 1e-6, o.type()), o));
    }
    return new Graph(g.inputNames(), g.inputTypes(), outs);
  }

  @Test
  void aWrongTraceIsFoundByTheNumpyOracle() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    FuzzRun run = new FuzzRun(small(13, 25), null, FuzzerSelfTest::scaled,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    run.run();
    FuzzRun.Found f = firstOf(run, "numpy");
    assertTrue(f != null, "the scaled output was not found:\n" + run.summary() + log);
    assertTrue(f.shrunk.c.prog.weight() <= 6, "not small:\n" + f.reproducer);
  }

  @Test
  void reproducersReadBackAsWritten() {
    Options o = small(5, 0);
    for (long i = 0; i < 30; i++) {
      java.util.Random[] r = new java.util.Random[1];
      Case c = FuzzRun.generate(5, i, o, r);
      Case withChain = c.withChain(List.of(new Step.Scal(3),
          new Step.Grad(true, new int[] {0}, true, 'd', true), new Step.Jvp(true),
          new Step.VmapStep(new Integer[] {0, null}, new int[] {-1, 0}, 2, true),
          new Step.Jac("hessian", 0, new int[] {1, 0}), new Step.Vjp(true),
          new Step.Grad(false, new int[] {2, 0}, true, 'l', false), new Step.Jac("jacrev", -1)));
      Case back = Case.parse(withChain.reproducer("header\nmore", "# chain text\n"));
      assertEquals(withChain.directives(), back.directives());
      assertEquals(withChain.fn, back.fn);
    }
  }

  @Test
  void generatedProgramsTrace() {
    Stats stats = new Stats();
    // Only tracing matters here: the interpreter stands in for compiled code.
    Compiled compiled = new Compiled((g, args) -> org.cotangent.symbolic.Interpreter.eval(g, args),
        stats, 1);
    Checker checker = new Checker(stats, compiled, null);
    Options o = small(9, 0);
    int errors = 0;
    StringBuilder sb = new StringBuilder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (long i = 0; i < Long.getLong("fuzz.traceScan", 300); i++) {
      java.util.Random[] r = new java.util.Random[1];
      Case c = FuzzRun.generate(9, i, o, r).withChain(List.of());
      long t0 = System.nanoTime();
      Checker.Result res = checker.check(c, null);
      if (System.nanoTime() - t0 > 3e9) {
        System.out.println("slow program " + i + ": " + (System.nanoTime() - t0) / 1e9 + " s\n"
            + c.programText);
      }
      if (res.failed("script-error")) {
        errors++;
        String msg = res.first().message.replaceAll("[0-9]+", "#");
        msg = msg.substring(msg.indexOf(' ') + 1);
        if (seen.add(msg) && sb.length() < 20000) {
          sb.append(res.first()).append('\n').append(c.programText).append('\n');
        }
      }
    }
    assertEquals(0, errors, "generated programs that do not trace:\n" + sb);
    assertFalse(stats.primitivesInF.isEmpty());
  }
}
