package org.cotangent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cotangent.Fn;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.Tape;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Linearize;
import org.cotangent.symbolic.ad.Transposition;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Provenance;

/**
 * Build time of the gradient of a random scalar DAG (issue 12 item 5, B8), by phase: tracing the
 * function, linearize, transpose, inlining the two into one graph (the three AD phases; the
 * simplifications and the CSE run inside them, at every node built), emission of the Java source,
 * Janino, and instantiating and calling the program once; and the tape tier's way (lowering to a
 * {@link Tape} and its first call, whose sum with trace and AD is "ready": the time until the
 * gradient can be called; the tape's results are checked against the compiled program's bits).
 * {@code -Dbuildtime.compile=false} skips emission and Janino (for 10^5 ops). Not JMH (one build
 * is one measurement); run it as {@code java -cp bench/target/benchmarks.jar org.cotangent.bench.BuildTimeBench
 * [rounds] [ops...]}, e.g. {@code 5 100 1000 10000}. Every round uses new seeds, so no node of an
 * earlier round is found interned and no class is found cached; a warm-up of small DAGs runs first.
 * Prints one line per build and the median of the rounds per size.
 */
public final class BuildTimeBench {
  private BuildTimeBench() {}

  /** Scalar inputs of every DAG. */
  static final int INPUTS = 10;

  /**
   * Timed phases, then two sums: {@code total}, the build through Janino (trace, AD, emit,
   * Janino, call: what the tables before the tape measured), and {@code ready}, the time until
   * the gradient is ready to call on the tape (trace, AD, lowering to a tape and its first call).
   */
  static final String[] PHASES = {"trace", "linearize", "transpose", "inline", "tape",
      "tape call", "emit", "janino", "call", "total", "ready"};

  /** {@code -Dbuildtime.compile=false}: stop after the tape (no emission, Janino or call). */
  static final boolean COMPILE = Boolean.parseBoolean(System.getProperty("buildtime.compile",
      "true"));

  /**
   * A random DAG of {@code ops} scalar operations (add, sub, mul, sin, cos, tanh; operands mostly
   * among the last 20 values, sometimes any earlier one) over {@link #INPUTS} scalars, whose
   * output is the sum of every value nothing else reads.
   */
  public static Fn randomDag(int ops, long seed) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      names.add("x" + i);
    }
    return Fn.of("dag" + ops, names, xs -> List.of(dagBody(xs, ops, seed)));
  }

  static Node dagBody(List<Node> xs, int ops, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Node> vals = new ArrayList<>(xs);
    List<Boolean> read = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      read.add(false);
    }
    for (int k = 0; k < ops; k++) {
      int a = pick(r, vals.size());
      int kind = r.nextInt(6);
      Node n;
      if (kind < 3) {
        int b = pick(r, vals.size());
        Node x = vals.get(a);
        Node y = vals.get(b);
        n = kind == 0 ? Ir.add(x, y) : kind == 1 ? Ir.sub(x, y) : Ir.mul(x, y);
        read.set(b, true);
      } else {
        Node x = vals.get(a);
        n = kind == 3 ? Ir.sin(x) : kind == 4 ? Ir.cos(x) : Ir.tanh(x);
      }
      read.set(a, true);
      vals.add(n);
      read.add(false);
    }
    Node out = null;
    for (int i = xs.size(); i < vals.size(); i++) {
      if (!read.get(i)) {
        out = out == null ? vals.get(i) : Ir.add(out, vals.get(i));
      }
    }
    return out;
  }

  private static int pick(SplittableRandom r, int size) {
    if (size <= 20 || r.nextInt(4) != 0) {
      return size - 1 - r.nextInt(Math.min(size, 20));
    }
    return r.nextInt(size);
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Wall-clock and this thread's CPU nanoseconds at the end of each phase. */
  private static long[][] stamps;

  private static void stamp(int k) {
    stamps[0][k] = System.nanoTime();
    stamps[1][k] = THREADS.getCurrentThreadCpuTime();
  }

  /**
   * One build of the gradient of {@code randomDag(ops, seed)}: milliseconds per phase, wall clock
   * then (from index {@code PHASES.length}) the building thread's CPU time, which the other
   * processes of a loaded machine disturb less (garbage collection runs on other threads and is
   * only in the wall clock).
   */
  public static double[] build(int ops, long seed) {
    int n = PHASES.length;
    int timed = n - 2;
    double[] ms = new double[2 * n];
    stamps = new long[2][timed + 1];
    stamp(0);
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      types.add(TensorType.f64());
    }
    Graph f = randomDag(ops, seed).trace(types);
    stamp(1);
    // Ad.grad(f), phase by phase (Ad.vjpNodes and Ad.gradGraph).
    Provenance prov = new Provenance();
    Linearize.Linearized lin = Linearize.of(f);
    stamp(2);
    Graph back = Transposition.graph(lin.linear, f.arity());
    stamp(3);
    List<Node> primalOuts = lin.primal.call(f.params(), prov);
    List<Node> backArgs = new ArrayList<>(primalOuts.subList(lin.numOutputs, primalOuts.size()));
    backArgs.add(Ir.full(1.0, f.output(0).type()));
    List<Node> grads = back.call(backArgs, prov);
    List<String> outNames = new ArrayList<>();
    for (String x : f.inputNames()) {
      outNames.add(x + "_bar");
    }
    Graph g = new Graph(f.inputNames(), f.inputTypes(), grads, outNames, prov);
    stamp(4);
    double[][] in = new double[INPUTS][];
    for (int i = 0; i < INPUTS; i++) {
      in[i] = new double[] {0.1 * (i + 1)};
    }
    double[][] tapeOut = outputs();
    Tape tape = Tape.lower(g);
    stamp(5);
    tape.call(in, tapeOut);
    stamp(6);
    GeneratedSource src = null;
    if (COMPILE) {
      src = JavaEmitter.emit(g);
      stamp(7);
      CompileService cs = new CompileService();
      cs.compileClass(src);
      stamp(8);
      Program p = cs.instantiate(src);
      double[][] out = outputs();
      p.call(in, out);
      stamp(9);
      for (int j = 0; j < out.length; j++) {
        if (Double.doubleToLongBits(out[j][0]) != Double.doubleToLongBits(tapeOut[j][0])) {
          throw new AssertionError("tape and compiled code differ at output " + j + ": "
              + tapeOut[j][0] + " and " + out[j][0]);
        }
      }
    } else {
      for (int c = 0; c < 2; c++) {
        for (int k = 7; k <= 9; k++) {
          stamps[c][k] = stamps[c][6];
        }
      }
    }
    for (int c = 0; c < 2; c++) {
      long[] t = stamps[c];
      for (int k = 0; k < timed; k++) {
        ms[c * n + k] = (t[k + 1] - t[k]) / 1e6;
      }
      double ad = (t[4] - t[0]) / 1e6;
      ms[c * n + timed] = ad + (t[9] - t[6]) / 1e6;
      ms[c * n + timed + 1] = ad + (t[6] - t[4]) / 1e6;
    }
    System.out.printf("  ops %6d seed %3d: nodes %7d -> grad %7d, tape %7d instructions, source"
        + " %8d chars:", ops, seed, f.nodeCount(), g.nodeCount(), tape.length(),
        src == null ? 0 : src.source().length());
    for (int k = 0; k < n; k++) {
      System.out.printf(" %s %.1f", PHASES[k], ms[k]);
    }
    System.out.printf(" ms (cpu: total %.1f, ready %.1f ms)%n", ms[2 * n - 2], ms[2 * n - 1]);
    return ms;
  }

  private static double[][] outputs() {
    double[][] out = new double[INPUTS][];
    for (int i = 0; i < INPUTS; i++) {
      out[i] = new double[1];
    }
    return out;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int[] sizes = args.length > 1
        ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {100, 1000, 10000};
    System.out.println("warm-up");
    for (int k = 0; k < 10; k++) {
      build(100, 1000 + k);
      build(1000, 2000 + k);
    }
    double[][] medians = new double[sizes.length][];
    for (int s = 0; s < sizes.length; s++) {
      double[][] runs = new double[rounds][];
      for (int k = 0; k < rounds; k++) {
        runs[k] = build(sizes[s], k + 1);
      }
      medians[s] = new double[runs[0].length];
      for (int ph = 0; ph < medians[s].length; ph++) {
        double[] v = new double[rounds];
        for (int k = 0; k < rounds; k++) {
          v[k] = runs[k][ph];
        }
        Arrays.sort(v);
        medians[s][ph] = rounds % 2 == 1 ? v[rounds / 2] : (v[rounds / 2 - 1] + v[rounds / 2]) / 2;
      }
    }
    for (int c = 0; c < 2; c++) {
      System.out.printf("%nmedians of %d rounds, ms of %s%n| ops |", rounds,
          c == 0 ? "wall clock" : "the building thread's CPU time");
      for (String ph : PHASES) {
        System.out.print(" " + ph + " |");
      }
      System.out.println();
      for (int s = 0; s < sizes.length; s++) {
        System.out.print("| " + sizes[s] + " |");
        for (int ph = 0; ph < PHASES.length; ph++) {
          System.out.printf(" %.1f |", medians[s][c * PHASES.length + ph]);
        }
        System.out.println();
      }
    }
  }
}
