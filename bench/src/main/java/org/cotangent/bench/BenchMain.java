package org.cotangent.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH command-line options are accepted, e.g. {@code -f 1 -wi 2}) and prints
 * the ratios that matter, computed from results of the same run: compiled gradient over
 * hand-written gradient, and compiled gradient over compiled function.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    Options opts = new OptionsBuilder().parent(cli).include(RosenbrockBench.class.getSimpleName())
        .build();
    Collection<RunResult> results = new Runner(opts).run();
    Map<String, Double> score = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String method = name.substring(name.lastIndexOf('.') + 1);
      score.put(method + "/" + r.getParams().getParam("n"), r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("Rosenbrock, same JVM, average time per call (us) and ratios:");
    System.out.printf("%8s %12s %12s %12s %12s %14s %14s%n", "n", "hand grad", "compiled grad",
        "hand f", "compiled f", "grad/hand", "grad/f");
    for (String n : new String[] {"1000", "100000"}) {
      Double cg = score.get("compiledGradient/" + n);
      Double hg = score.get("handWrittenGradient/" + n);
      Double hf = score.get("handWrittenFunction/" + n);
      Double cf = score.get("compiledFunction/" + n);
      if (cg == null || hg == null || cf == null || hf == null) {
        continue;
      }
      System.out.printf("%8s %12.3f %12.3f %12.3f %12.3f %14.2f %14.2f%n", n, hg, cg, hf, cf,
          cg / hg, cg / cf);
    }
  }
}
