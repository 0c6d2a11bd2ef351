package org.cotangent.bench;

import java.lang.management.ManagementFactory;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import java.util.List;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.Tensor;

/**
 * The first gradient in a fresh JVM (issue 12 item 5): from the start of {@code main} to the
 * value of {@code grad(rosenbrock)} at a point of 10 (tracing, AD, emission, Janino's first
 * compilation, the call), and, for reference, the JVM's own start-up before {@code main}. Run it
 * as {@code java -cp bench/target/benchmarks.jar org.cotangent.bench.FirstCall}, a new JVM each
 * time. Prints the time Janino took in it (the compile service's counter) and the process's CPU
 * time (JIT compiler threads included).
 */
public final class FirstCall {
  private FirstCall() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    long sinceStart = System.currentTimeMillis()
        - ManagementFactory.getRuntimeMXBean().getStartTime();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    Fn g = Cotangent.grad(Rosenbrock.traced());
    double[] x = new double[10];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1 * i;
    }
    // Trace, AD and the tier's preparation (a tape, or emission and Janino), then the call.
    CompiledFunction cf = g.compile(List.of(TensorType.f64(x.length)));
    long t05 = System.nanoTime();
    long c05 = threads.getCurrentThreadCpuTime();
    Tensor r = g.call1(x);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    double compile = CompileService.shared().stats().compileNanos / 1e6;
    double cpu = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    System.out.printf("first gradient %.1f ms (ready %.1f ms, call %.1f ms; main thread CPU %.1f"
        + " ms, ready %.1f ms), on the %s, of which Janino %.1f ms (JVM start to main %d ms,"
        + " process CPU %.0f ms), g[0] = %s%n", (t1 - t0) / 1e6, (t05 - t0) / 1e6,
        (t1 - t05) / 1e6, (c1 - c0) / 1e6, (c05 - c0) / 1e6, cf.tier(), compile, sinceStart, cpu,
        r.get(0));
  }
}
