package org.cotangent.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.cotangent.symbolic.ir.Graph;

/**
 * A fuzz run: programs {@code 0 .. programs-1} of a seed, each generated from its own random
 * stream (so a program's index and the seed reproduce it, whatever the threads), checked, and
 * every failure shrunk and printed as a reproducer.
 */
final class FuzzRun {
  /** A failure after shrinking. */
  static final class Found {
    final Checker.Result original;
    final Checker.Result shrunk;
    final Checker.Failure failure;
    final String signature;
    final String reproducer;

    Found(Checker.Result original, Checker.Result shrunk, Checker.Failure failure, String signature,
        String reproducer) {
      this.original = original;
      this.shrunk = shrunk;
      this.failure = failure;
      this.signature = signature;
      this.reproducer = reproducer;
    }
  }

  final Options opts;
  final Stats stats = new Stats();
  final Supplier<Compiled.Engine> engines;
  final UnaryOperator<Graph> hook;
  final PrintStream log;
  final List<Found> found = Collections.synchronizedList(new ArrayList<>());
  /** Failures per signature (all of them, shrunk or not). */
  final Map<String, AtomicInteger> signatures = new ConcurrentHashMap<>();
  final List<String> combinedOnly = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger shrunk = new AtomicInteger();
  long millis;
  private long startMillis;

  FuzzRun(Options opts, Supplier<Compiled.Engine> engines, UnaryOperator<Graph> hook, PrintStream log) {
    this.opts = opts;
    // Null: the default engine, counting code-generation paths into this run's stats.
    this.engines = engines != null ? engines : () -> Compiled.defaultEngine(stats);
    this.hook = hook;
    this.log = log;
  }

  /** The case of program {@code index}, its chain still to be chosen. */
  static Case generate(long seed, long index, Options o, Random[] rngOut) {
    Random r = Lits.rng(seed, index);
    Prog p = new Generator(r, o).program();
    rngOut[0] = r;
    return Case.of(p, null, r.nextInt(1_000_000), seed, index);
  }

  void run() throws Exception {
    if (opts.matmulThreshold >= 0) {
      // Read by the code generator at every emission; this JVM runs only the fuzzer.
      System.setProperty("cotangent.matmul.threshold", Long.toString(opts.matmulThreshold));
    }
    long t0 = System.currentTimeMillis();
    startMillis = t0;
    int threads = opts.workerThreads();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int worker = w;
      fs.add(pool.submit(() -> {
        work(worker, threads);
        return null;
      }));
    }
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      millis = System.currentTimeMillis() - t0;
    }
  }

  private void work(int worker, int threads) {
    Compiled compiled = new Compiled(engines.get(), stats, 8);
    Checker checker = new Checker(stats, compiled, hook);
    checker.auxCompile = opts.auxCompile;
    checker.scriptCall = opts.auxCompile;
    checker.javaApi = opts.auxCompile / 3;
    checker.symbolic = opts.auxCompile / 20;
    checker.symbolicComplex = opts.complex;
    checker.finalChecks = Math.min(1, 2 * opts.auxCompile);
    List<Checker.Result> pending = new ArrayList<>();
    for (long i = opts.first + worker; i < opts.first + opts.programs; i += threads) {
      Random[] rr = new Random[1];
      Case c = generate(opts.seed, i, opts, rr);
      Random r = rr[0];
      long t0 = System.nanoTime();
      Checker.Result res = checker.check(c, g -> ChainGen.choose(g, r, opts));
      double secs = (System.nanoTime() - t0) / 1e9;
      if (secs > 30) {
        synchronized (log) {
          log.printf("fuzz: program %d of seed %d took %.0f s (chain %s)%n", i, opts.seed, secs,
              res.c.chain == null ? "-" : Step.specOf(res.c.chain));
        }
      }
      long done = stats.programs.incrementAndGet();
      if (opts.programs >= 5000 && done % 1000 == 0) {
        synchronized (log) {
          log.printf("fuzz progress: %d programs, %d failed, %.0f s%n", done, stats.failed.get(),
              (System.currentTimeMillis() - startMillis) / 1000.0);
        }
      }
      nanSafe(i);
      pending.add(res);
      // Graphs of one case are compiled together (or one by one, for half of the cases).
      compiled.flush();
      finish(pending, checker);
    }
    compiled.flush();
    finish(pending, checker);
    for (List<Compiled.Entry> batch : compiled.combinedOnly) {
      StringBuilder sb = new StringBuilder("a combination of graphs failed though each passed alone:");
      for (Compiled.Entry e : batch) {
        sb.append("\n  seed ").append(e.owner.c.seed).append(" program ").append(e.owner.c.index)
            .append(" (").append(e.label).append(')');
      }
      combinedOnly.add(sb.toString());
    }
  }

  private void finish(List<Checker.Result> pending, Checker checker) {
    for (Checker.Result res : pending) {
      if (res.status == Checker.Status.NON_FINITE) {
        stats.discardedNonFinite.incrementAndGet();
      } else if (res.status == Checker.Status.TOO_BIG) {
        stats.discardedTooBig.incrementAndGet();
      }
      if (res.failures.isEmpty()) {
        if (res.status == Checker.Status.CHECKED) {
          stats.passed.incrementAndGet();
        }
        continue;
      }
      stats.failed.incrementAndGet();
      java.util.Set<String> checks = new java.util.LinkedHashSet<>();
      List<Checker.Failure> fs;
      synchronized (res.failures) {
        fs = new ArrayList<>(res.failures);
      }
      for (Checker.Failure x : fs) {
        Stats.inc(stats.failures, x.check);
      }
      // Each check that failed is shrunk on its own (one bug must not hide another).
      for (Checker.Failure f : fs) {
        if (!checks.add(f.check)) {
          continue;
        }
        String sig = signature(f);
        int n = signatures.computeIfAbsent(sig, k -> new AtomicInteger()).incrementAndGet();
        if (n > opts.shrinkPerSignature) {
          continue;
        }
        Checker.Result small = res;
        if (opts.shrink && shrunk.incrementAndGet() <= opts.shrinkMax) {
          Compiled immediate = new Compiled(checker.compiled.engine, new Stats(), 1);
          Shrinker s = new Shrinker(new Checker(new Stats(), immediate, hook), opts.shrinkBudget);
          try {
            small = s.shrink(res, f.check);
          } catch (RuntimeException | StackOverflowError e) {
            log.println("fuzz: shrinking failed (reporting the original): " + Compiled.describe(e));
          }
        }
        Checker.Failure sf = null;
        synchronized (small.failures) {
          for (Checker.Failure x : small.failures) {
            if (x.check.equals(f.check)) {
              sf = x;
              break;
            }
          }
        }
        if (sf == null) {
          sf = f;
        }
        Found fd = new Found(res, small, sf, sig, small.reproducer(sf));
        found.add(fd);
        report(fd);
      }
    }
    pending.clear();
  }

  /**
   * The NaN-safe where against its closed form ({@link NanSafeCheck}) for a fraction of the
   * programs ({@code fuzz.loops / 10}; three of its derivatives each, one of them compiled: a
   * probe costs as much as a few programs), from the program's own stream.
   */
  private void nanSafe(long i) {
    Random r = Lits.rng(opts.seed, i, 7177);
    if (opts.avoid.contains("nan_safe_where") || r.nextDouble() >= opts.loops / 10) {
      return;
    }
    NanSafeCheck probe = new NanSafeCheck(r);
    String m = probe.check(stats, r);
    if (m == null) {
      return;
    }
    stats.failed.incrementAndGet();
    Stats.inc(stats.failures, "nan-safe");
    String sig = "nan-safe | " + probe.fn + " | " + m.split(" ", 2)[0];
    signatures.computeIfAbsent(sig, k -> new AtomicInteger()).incrementAndGet();
    String text = probe.reproducer(opts.seed, i, m);
    synchronized (log) {
      log.println("=== fuzz failure: nan-safe (seed " + opts.seed + ", program " + i + ")");
      log.println(text);
    }
    if (opts.out != null) {
      try {
        Path dir = Path.of(opts.out);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("failure-" + opts.seed + "-" + i + "-nan-safe.ct"), text,
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        log.println("cannot write the reproducer: " + e);
      }
    }
  }

  /** Failures alike enough to be one bug, most likely (for not shrinking every one). */
  static String signature(Checker.Failure f) {
    String where = f.where.replaceAll("[^a-z_]+", " ").replaceAll("step", "").strip();
    String m = f.message.split("\n", 2)[0]
        .replaceAll("generated class \\S+ failed to compile: ", "")
        .replaceAll("File '[^']*', Line [0-9]+, Column [0-9]+: ", "");
    int cut = m.indexOf(" is ");
    if (cut > 0) {
      m = m.substring(0, cut);
    }
    m = m.replaceAll("[0-9]+", "#").replaceAll("\\(f[0-9]*\\[[^]]*\\]\\)", "");
    m = m.length() > 90 ? m.substring(0, 90) : m;
    return f.check + " | " + where + " | " + m;
  }

  private void report(Found fd) {
    synchronized (log) {
      log.println("=== fuzz failure: " + fd.failure.check + " (seed " + fd.original.c.seed
          + ", program " + fd.original.c.index + ")");
      log.println(fd.reproducer);
    }
    if (opts.out != null) {
      try {
        Path dir = Path.of(opts.out);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("failure-" + fd.original.c.seed + "-" + fd.original.c.index
            + "-" + fd.failure.check + ".ct"), fd.reproducer, StandardCharsets.UTF_8);
      } catch (IOException e) {
        log.println("cannot write the reproducer: " + e);
      }
    }
  }

  String summary() {
    StringBuilder sb = new StringBuilder(stats.summary(millis));
    if (!signatures.isEmpty()) {
      sb.append("  failure signatures (count):\n");
      List<String> keys = new ArrayList<>(signatures.keySet());
      Collections.sort(keys);
      for (String k : keys) {
        sb.append("    ").append(signatures.get(k).get()).append("  ").append(k).append('\n');
      }
    }
    for (String c : combinedOnly) {
      sb.append("  ").append(c).append('\n');
    }
    return sb.toString();
  }
}
