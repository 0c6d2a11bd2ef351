package org.cotangent.runtime;

import java.util.Arrays;

/**
 * The measurement behind the script language's {@code timeit} (and the Java cookbook's), as
 * Python's {@code timeit} does it: three warm-up calls, a loop count that makes one run take about
 * 0.2 s, five runs, the median time per call.
 */
public final class Timing {
  private Timing() {}

  /**
   * What {@link #perCall} measured.
   *
   * @param seconds the median time per call
   * @param calls the calls in each of the five runs
   */
  public record PerCall(double seconds, long calls) {
    /** {@code label: 1.23 ms per call (median of 5 runs of 170)}. */
    public String describe(String label) {
      return (label == null ? "" : label + ": ") + Timing.seconds(seconds) + " per call (median of 5 runs"
          + " of " + calls + ")";
    }
  }

  /** Times {@code thunk}. */
  public static PerCall perCall(Runnable thunk) {
    for (int i = 0; i < 3; i++) {
      thunk.run();
    }
    long n = 1;
    while (true) {
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        thunk.run();
      }
      long dt = System.nanoTime() - t0;
      if (dt > 50_000_000L || n >= 1L << 24) {
        n = Math.max(1, (long) (n * 200_000_000.0 / Math.max(dt, 1)));
        break;
      }
      n *= 4;
    }
    double[] perCall = new double[5];
    for (int run = 0; run < perCall.length; run++) {
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        thunk.run();
      }
      perCall[run] = (System.nanoTime() - t0) / 1e9 / n;
    }
    Arrays.sort(perCall);
    return new PerCall(perCall[2], n);
  }

  /** {@code 1.23 s}, {@code 4.56 ms}, {@code 7.89 us}, {@code 12.3 ns}. */
  public static String seconds(double s) {
    if (s >= 1) {
      return String.format("%.3g s", s);
    }
    if (s >= 1e-3) {
      return String.format("%.3g ms", s * 1e3);
    }
    if (s >= 1e-6) {
      return String.format("%.3g us", s * 1e6);
    }
    return String.format("%.3g ns", s * 1e9);
  }
}
