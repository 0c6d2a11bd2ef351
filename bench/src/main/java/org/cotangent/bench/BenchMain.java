package org.cotangent.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH command-line options are accepted, e.g. {@code -f 1 -wi 2}, and a
 * regular expression selects classes: {@code TanhBench}; none runs them all) and prints the ratios
 * that matter, computed from results of the same run, so they are fair on a noisy machine.
 */
public final class BenchMain {
  private BenchMain() {}

  /** A ratio: benchmark method {@code num} over {@code den}, in class {@code bench}. */
  private record Ratio(String bench, String label, String num, String den) {}

  private static final List<Ratio> RATIOS = List.of(
      new Ratio("RosenbrockBench", "grad / hand grad", "compiledGradient", "handWrittenGradient"),
      new Ratio("RosenbrockBench", "grad / f", "compiledGradient", "compiledFunction"),
      new Ratio("TanhBench", "f: Rt.tanh / Math.tanh", "compiledFunction",
          "compiledFunctionMathTanh"),
      new Ratio("TanhBench", "grad: Rt.tanh / Math.tanh", "compiledGradient",
          "compiledGradientMathTanh"),
      new Ratio("TanhBench", "grad / hand grad (Math.tanh)", "compiledGradient",
          "handWrittenGradient"),
      new Ratio("TanhBench", "grad (Math.tanh) / hand grad (Math.tanh)",
          "compiledGradientMathTanh", "handWrittenGradient"),
      new Ratio("HessianBench", "sum(tanh(X)**2) 30x40: compiled / hand dense fill",
          "tanhCompiled", "tanhHandWritten"),
      new Ratio("HessianBench", "Rosenbrock n=1000: compiled / hand dense fill",
          "rosenbrockCompiled", "rosenbrockHandWritten"),
      new Ratio("HessianBench", "cookbook 4x3x3: compiled / hand-written",
          "predictCompiled", "predictHandWritten"),
      new Ratio("CallBench", "Rosenbrock 1000 grad: Fn.call / prepared", "rosenbrockApi",
          "rosenbrockPrepared"),
      new Ratio("CallBench", "logistic 4x3 grad: Fn.call / prepared", "logisticApi",
          "logisticPrepared"),
      new Ratio("CallBench", "Rosenbrock 1000 grad: Fn.callInto / prepared", "rosenbrockApiInto",
          "rosenbrockPrepared"),
      new Ratio("CallBench", "logistic 4x3 grad: Fn.callInto / prepared", "logisticApiInto",
          "logisticPrepared"),
      new Ratio("ScriptBench", "HVP jvp(grad(f)) rebuilt per call / prepared", "hvpScript",
          "hvpPrepared"),
      new Ratio("ScriptBench", "vmap(vjp_fun) MJP rebuilt per call / prepared", "mjpScript",
          "mjpPrepared"),
      new Ratio("ScriptBench", "vmap(jvp) JMP rebuilt per call / prepared", "jmpScript",
          "jmpPrepared"),
      new Ratio("GemmBench", "loop nest / Rt.matmul", "loopNest", "kernel"),
      new Ratio("MlpBench", "MLP grad: compiled / hand-written", "mlpCompiled", "mlpHandWritten"),
      new Ratio("MlpBench", "MLP grad: loop nests / compiled", "mlpLoopNests", "mlpCompiled"),
      new Ratio("MlpBench", "logistic grad: compiled / hand-written", "logisticCompiled",
          "logisticHandWritten"),
      new Ratio("MlpBench", "logistic grad: loop nests / compiled", "logisticLoopNests",
          "logisticCompiled"),
      new Ratio("RematBench", "10^5-step Euler grad: carries / all", "gradCarries", "gradAll"),
      new Ratio("RematBench", "10^5-step Euler grad: segments(100) / all", "gradSegments",
          "gradAll"));

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder opts = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      opts.include(BenchMain.class.getPackageName() + ".*Bench");
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    // class -> params -> method -> score
    Map<String, Map<String, Map<String, Double>>> score = new TreeMap<>();
    Map<String, String> unit = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String method = name.substring(name.lastIndexOf('.') + 1);
      String cls = name.substring(0, name.lastIndexOf('.'));
      cls = cls.substring(cls.lastIndexOf('.') + 1);
      List<String> ps = new ArrayList<>();
      for (String k : r.getParams().getParamsKeys()) {
        ps.add(k + "=" + r.getParams().getParam(k));
      }
      score.computeIfAbsent(cls, k -> new TreeMap<>())
          .computeIfAbsent(String.join(",", ps), k -> new TreeMap<>())
          .put(method, r.getPrimaryResult().getScore());
      unit.put(cls, r.getPrimaryResult().getScoreUnit());
    }
    System.out.println();
    System.out.println("Ratios of average times, all from this run:");
    for (var byClass : score.entrySet()) {
      for (var byParams : byClass.getValue().entrySet()) {
        Map<String, Double> m = byParams.getValue();
        String where = byClass.getKey() + (byParams.getKey().isEmpty() ? "" : " [" + byParams.getKey() + "]");
        for (var e : m.entrySet()) {
          System.out.printf("  %-44s %-34s %12.3f %s%n", where, e.getKey(), e.getValue(),
              unit.get(byClass.getKey()));
          if (byClass.getKey().equals("GemmBench")) {
            // us per call -> GFLOP/s
            String shape = byParams.getKey().substring("shape=".length());
            System.out.printf("  %-44s %-34s %12.2f GFLOP/s%n", where, e.getKey(),
                GemmBench.flops(shape) / (e.getValue() * 1e3));
          }
        }
        for (Ratio q : RATIOS) {
          if (q.bench().equals(byClass.getKey()) && m.containsKey(q.num()) && m.containsKey(q.den())) {
            System.out.printf("  %-44s %-34s %12.2f x%n", where, q.label(),
                m.get(q.num()) / m.get(q.den()));
          }
        }
      }
    }
    if (score.containsKey("RematBench")) {
      RematBench.report();
    }
  }
}
