package org.cotangent.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The products of {@link ScriptBench} and {@link CallBench} timed in the calling thread's CPU time
 * and allocated bytes per call (issue 12 item 2), for a shared machine where wall-clock JMH runs
 * disagree by 2x: another process's load adds little to a thread's own CPU time, and nothing to
 * what it allocates. Not a replacement for the JMH runs; the best of seven 0.2 s rounds after a
 * warm-up, ratios against the prepared program of the same run. Run with {@code java -cp
 * bench/target/benchmarks.jar org.cotangent.bench.CallCpuTime}.
 */
public final class CallCpuTime {
  private CallCpuTime() {}

  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Best-of-seven CPU microseconds per call, and bytes allocated per call. */
  static double[] time(Runnable r) {
    for (int i = 0; i < 20_000; i++) {
      r.run();
    }
    double best = Double.MAX_VALUE;
    double bytes = 0;
    for (int round = 0; round < 7; round++) {
      long t0 = MX.getCurrentThreadCpuTime();
      long b0 = MX.getCurrentThreadAllocatedBytes();
      int n = 0;
      while (MX.getCurrentThreadCpuTime() - t0 < 200_000_000L) {
        for (int k = 0; k < 20; k++) {
          r.run();
        }
        n += 20;
      }
      best = Math.min(best, (MX.getCurrentThreadCpuTime() - t0) / 1e3 / n);
      bytes = (MX.getCurrentThreadAllocatedBytes() - b0) / (double) n;
    }
    return new double[] {best, bytes};
  }

  public static void main(String[] args) {
    ScriptBench s = new ScriptBench();
    s.setup();
    CallBench c = new CallBench();
    c.setup();
    Map<String, Runnable> rows = new LinkedHashMap<>();
    rows.put("hvp script", s::hvpScript);
    rows.put("hvp prepared", s::hvpPrepared);
    rows.put("mjp script", s::mjpScript);
    rows.put("mjp prepared", s::mjpPrepared);
    rows.put("jmp script", s::jmpScript);
    rows.put("jmp prepared", s::jmpPrepared);
    rows.put("rosenbrock call", c::rosenbrockApi);
    rows.put("rosenbrock callInto", c::rosenbrockApiInto);
    rows.put("rosenbrock prepared", c::rosenbrockPrepared);
    rows.put("logistic call", c::logisticApi);
    rows.put("logistic callInto", c::logisticApiInto);
    rows.put("logistic prepared", c::logisticPrepared);
    Map<String, double[]> res = new LinkedHashMap<>();
    for (Map.Entry<String, Runnable> r : rows.entrySet()) {
      double[] t = time(r.getValue());
      res.put(r.getKey(), t);
      System.out.printf("%-20s %9.3f us cpu %9.0f B/call%n", r.getKey(), t[0], t[1]);
    }
    for (String p : new String[] {"hvp", "mjp", "jmp"}) {
      System.out.printf("%s: script / prepared = %.2fx%n", p,
          res.get(p + " script")[0] / res.get(p + " prepared")[0]);
    }
    for (String p : new String[] {"rosenbrock", "logistic"}) {
      double prepared = res.get(p + " prepared")[0];
      System.out.printf("%s: call / prepared = %.2fx, callInto / prepared = %.2fx%n", p,
          res.get(p + " call")[0] / prepared, res.get(p + " callInto")[0] / prepared);
    }
  }
}
