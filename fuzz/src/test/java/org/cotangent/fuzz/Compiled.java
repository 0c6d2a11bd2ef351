package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompilationFailedException;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.runtime.Tape;
import org.cotangent.runtime.Tiering;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;

/**
 * Check (a): generated code against the reference interpreter. Janino compiles cost a few
 * milliseconds each, so graphs are queued and several are compiled as one: their inputs and
 * outputs side by side in one graph (each graph's parameters renumbered), one class, one call;
 * only on a mismatch or a failure is each graph compiled and compared on its own, which is what a
 * reported failure rests on.
 */
final class Compiled {
  /** Tolerance of compiled against interpreted, relative to max(1, |value|). */
  static final double TOL = 1e-12;

  /** Graph to running code. The default emits Java, compiles it with Janino and calls it. */
  interface Engine {
    List<Tensor> run(Graph g, List<Tensor> args);
  }

  static Engine defaultEngine() {
    return defaultEngine(null);
  }

  /**
   * The default engine; if {@code stats} is not null, it counts what the emitter did. It always
   * runs the compiled class (tier {@code compiled}); where the tape covers the graph it also runs
   * the tape and requires the compiled bits ({@link #checkTape}).
   */
  static Engine defaultEngine(Stats stats) {
    Backend backend = new Backend(JavaEmitter::emit, new CompileService(64),
        new Tiering(Tiering.Mode.COMPILED, 0, 0));
    return (g, args) -> {
      CompiledFunction cf = backend.compile(g);
      if (stats != null) {
        codegenFeatures(cf.source().source(), stats);
      }
      List<Tensor> out = cf.call(args);
      checkContract(cf, args, out);
      if (Tape.covers(g)) {
        checkTape(g, args, out);
        if (stats != null) {
          Stats.inc(stats.codegen, "tape vs compiled (bit for bit)");
        }
      }
      return out;
    };
  }

  /** Copies of the arguments' data, so a call that writes its inputs shows. */
  private static double[][] copies(List<Tensor> args) {
    double[][] in = new double[args.size()][];
    for (int i = 0; i < in.length; i++) {
      in[i] = args.get(i).data();
    }
    return in;
  }

  /** Output arrays of the expected sizes full of garbage, so an unwritten element shows. */
  private static double[][] garbage(List<Tensor> expected) {
    double[][] out = new double[expected.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[expected.get(j).unsafeData().length];
      java.util.Arrays.fill(out[j], -7.25e99);
    }
    return out;
  }

  /** The tape computed other bits than the compiled code (NaNs count as one value). */
  static final class TapeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TapeMismatch(String message) {
      super(message);
    }
  }

  /**
   * The tape tier (runtime {@code Tape}) against the compiled class's results {@code expected}:
   * the same bits, every NaN counting as one value (Java does not fix NaN payloads).
   */
  static void checkTape(Graph g, List<Tensor> args, List<Tensor> expected) {
    double[][] in = copies(args);
    double[][] out = garbage(expected);
    Tape.lower(g).call(in, out);
    for (int j = 0; j < out.length; j++) {
      double[] e = expected.get(j).unsafeData();
      for (int k = 0; k < e.length; k++) {
        if (Double.doubleToLongBits(e[k]) != Double.doubleToLongBits(out[j][k])) {
          throw new TapeMismatch("tape vs compiled: output " + j + " element " + k + " is "
              + out[j][k] + " on the tape, " + e[k] + " compiled");
        }
      }
    }
    for (int i = 0; i < in.length; i++) {
      if (!java.util.Arrays.equals(in[i], args.get(i).unsafeData())) {
        throw new TapeMismatch("the tape wrote into its input " + i);
      }
    }
  }

  private static final Pattern VIEW_IN_COMMENT =
      Pattern.compile("// .*\\b(pad|reshape|broadcast_in_dim|slice)\\(|// .*\\[\\d+:\\d+\\]");

  /** Counts code-generation paths seen in a generated source (coverage of the emitter). */
  static void codegenFeatures(String src, Stats stats) {
    int fused = 0;
    for (String line : src.split("\n")) {
      String l = line.strip();
      if (l.startsWith("// fused loop over")) {
        fused++;
        if (l.contains("reduce_sum") || l.contains("reduce_max")) {
          Stats.inc(stats.codegen, "full reduction accumulated in a fused loop");
        }
      } else if (l.contains("(sum of pads), accumulated in the loop")) {
        Stats.inc(stats.codegen, "scattered sum of pads");
      } else if (l.startsWith("for (int kb = 0")) {
        Stats.inc(stats.codegen, "tiled dot_general");
      } else if (l.startsWith("Rt.matmul(")) {
        Stats.inc(stats.codegen, "dot_general as Rt.matmul");
      } else if (l.startsWith("private void part")) {
        Stats.inc(stats.codegen, "split method");
      } else if (l.startsWith("// ") && VIEW_IN_COMMENT.matcher(l).find()) {
        Stats.inc(stats.codegen, "view read in place");
      } else if (l.equals("{")) {
        Stats.inc(stats.codegen, "scoped dot_general helpers");
      }
    }
    if (fused > 0) {
      Stats.inc(stats.codegen, "fused loop");
    }
    if (fused >= 2) {
      Stats.inc(stats.codegen, "several fused loops");
    }
    if (src.contains("private final double[] c0")) {
      Stats.inc(stats.codegen, "constant arrays");
    }
  }

  /** Generated code broke the {@code Program} contract (DESIGN, code generation). */
  static final class ContractViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContractViolation(String message) {
      super(message);
    }
  }

  /**
   * The Program contract: generated code writes every element of every output (a caller may
   * pass arrays that hold anything) and never writes its inputs. Calls again with copies of the
   * inputs and outputs full of garbage, and compares.
   */
  static void checkContract(CompiledFunction cf, List<Tensor> args, List<Tensor> expected) {
    double[][] in = copies(args);
    double[][] out = garbage(expected);
    cf.program().call(in, out);
    for (int i = 0; i < in.length; i++) {
      if (!java.util.Arrays.equals(in[i], args.get(i).unsafeData())) {
        throw new ContractViolation("generated code wrote into its input " + i);
      }
    }
    for (int j = 0; j < out.length; j++) {
      double[] e = expected.get(j).unsafeData();
      for (int k = 0; k < e.length; k++) {
        if (Double.compare(e[k], out[j][k]) != 0) {
          throw new ContractViolation("output " + j + " element " + k + " is " + out[j][k]
              + " when the output array held -7.25e99 before the call, " + e[k]
              + " when it held 0: generated code does not write every element of its outputs");
        }
      }
    }
  }

  /** Something to compare, and whom to tell about a failure. */
  static final class Entry {
    final Graph graph;
    final List<Tensor> args;
    final List<Tensor> expected;
    final Checker.Result owner;
    final String label;

    Entry(Graph graph, List<Tensor> args, List<Tensor> expected, Checker.Result owner, String label) {
      this.graph = graph;
      this.args = args;
      this.expected = expected;
      this.owner = owner;
      this.label = label;
    }
  }

  final Engine engine;
  private final Stats stats;
  private final List<Entry> queue = new ArrayList<>();
  /** Entries whose combination failed though each passed alone (never expected). */
  final List<List<Entry>> combinedOnly = new ArrayList<>();
  /** 1: every graph is compiled alone, at once; otherwise queued until {@link #flush}. */
  final int batchSize;

  Compiled(Engine engine, Stats stats, int batchSize) {
    this.engine = engine;
    this.stats = stats;
    this.batchSize = batchSize;
  }

  /** Queues a comparison (or runs it now if not batching). */
  void submit(Entry e) {
    if (batchSize == 1 || e.owner.alone) {
      runOne(e);
      return;
    }
    queue.add(e);
  }

  int queued() {
    return queue.size();
  }

  void flush() {
    if (queue.isEmpty()) {
      return;
    }
    List<Entry> batch = new ArrayList<>(queue);
    queue.clear();
    if (batch.size() == 1) {
      runOne(batch.get(0));
      return;
    }
    if (batch.size() > 40) {
      // Keep combined classes moderate: split in halves.
      queue.addAll(batch.subList(batch.size() / 2, batch.size()));
      List<Entry> first = new ArrayList<>(batch.subList(0, batch.size() / 2));
      List<Entry> rest = new ArrayList<>(queue);
      queue.clear();
      queue.addAll(first);
      flush();
      queue.addAll(rest);
      flush();
      return;
    }
    boolean ok;
    try {
      ok = runCombined(batch);
    } catch (RuntimeException | StackOverflowError e) {
      ok = false;
    }
    if (ok) {
      return;
    }
    boolean anyAlone = false;
    for (Entry e : batch) {
      anyAlone |= !runOne(e);
    }
    if (!anyAlone) {
      combinedOnly.add(batch);
    }
  }

  /** Compiles and compares one entry; records a failure on its owner. Returns true if it passed. */
  boolean runOne(Entry e) {
    stats.compiles.incrementAndGet();
    List<Tensor> actual;
    long t0 = System.nanoTime();
    try {
      actual = engine.run(e.graph, e.args);
    } catch (ContractViolation ex) {
      e.owner.fail("compiled-contract", e.label, ex.getMessage());
      return false;
    } catch (TapeMismatch ex) {
      e.owner.fail("tape", e.label, ex.getMessage());
      return false;
    } catch (RuntimeException | StackOverflowError | LinkageError ex) {
      e.owner.fail("compile-error", e.label, describe(ex));
      return false;
    } finally {
      stats.compileNanos.addAndGet(System.nanoTime() - t0);
    }
    String m = Num.compare(e.expected, actual, TOL, false, "compiled vs interpreted, " + e.label);
    if (m != null) {
      e.owner.fail("compiled", e.label, m);
      return false;
    }
    return true;
  }

  private boolean runCombined(List<Entry> batch) {
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Node> outs = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    org.cotangent.symbolic.ir.Provenance prov = new org.cotangent.symbolic.ir.Provenance();
    List<Tensor> args = new ArrayList<>();
    for (Entry e : batch) {
      Graph g = e.graph;
      int off = types.size();
      Map<Node, Node> subst = new IdentityHashMap<>();
      for (int i = 0; i < g.arity(); i++) {
        TensorType t = g.inputTypes().get(i);
        subst.put(Param.node(i, t), Param.node(off + i, t));
        types.add(t);
        names.add(g.inputNames().get(i));
      }
      outs.addAll(Graph.substitute(g.outputs(), subst, g.provenance(), prov));
      for (int j = 0; j < g.outputs().size(); j++) {
        outNames.add(g.outputName(j));
      }
      args.addAll(e.args);
    }
    Graph combined = new Graph(names, types, outs, outNames, prov);
    stats.compiles.incrementAndGet();
    stats.combined.incrementAndGet();
    long t0 = System.nanoTime();
    List<Tensor> actual;
    try {
      actual = engine.run(combined, args);
    } finally {
      stats.compileNanos.addAndGet(System.nanoTime() - t0);
    }
    int k = 0;
    for (Entry e : batch) {
      int m = e.expected.size();
      if (Num.compare(e.expected, actual.subList(k, k + m), TOL, false, "") != null) {
        return false;
      }
      k += m;
    }
    return true;
  }

  private static final Pattern LINE = Pattern.compile("Line (\\d+)");

  /** A failure as text: the first line (class name elided), and the source line it points at. */
  static String describe(Throwable ex) {
    String msg = String.valueOf(ex.getMessage());
    String first = msg.split("\n", 2)[0].replaceAll("Cotangent_[0-9a-f]{16}", "<class>");
    StringBuilder sb = new StringBuilder(ex.getClass().getSimpleName()).append(": ").append(first);
    if (ex instanceof CompilationFailedException) {
      Matcher m = LINE.matcher(first);
      if (m.find()) {
        int line = Integer.parseInt(m.group(1));
        String[] src = ((CompilationFailedException) ex).numberedSource().split("\n");
        if (line - 1 < src.length && line >= 1) {
          sb.append("\n  at: ").append(src[line - 1].strip());
        }
      }
    } else {
      for (StackTraceElement el : ex.getStackTrace()) {
        if (el.getClassName().startsWith("org.cotangent") && !el.getClassName().startsWith(
            "org.cotangent.fuzz")) {
          sb.append("\n  at ").append(el);
          break;
        }
      }
    }
    return sb.toString();
  }
}
