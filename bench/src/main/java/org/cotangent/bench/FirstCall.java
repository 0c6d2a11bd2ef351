package org.cotangent.bench;

import java.lang.management.ManagementFactory;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.runtime.CompileService;
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
    Fn g = Cotangent.grad(Rosenbrock.traced());
    double[] x = new double[10];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1 * i;
    }
    Tensor r = g.call1(x);
    long t1 = System.nanoTime();
    double compile = CompileService.shared().stats().compileNanos / 1e6;
    double cpu = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    System.out.printf("first gradient %.1f ms, of which Janino %.1f ms (JVM start to main %d ms,"
        + " process CPU %.0f ms), g[0] = %s%n", (t1 - t0) / 1e6, compile, sinceStart, cpu,
        r.get(0));
  }
}
