package org.cotangent.bench;

/**
 * The inputs of the benchmark suite (issue 12 item 6), from a generator small enough that the
 * peers in {@code bench/peers} implement it too, so both sides time identical numbers:
 * SplitMix64 ({@code bench/peers/suite_data.py} is the same five lines), each draw mapped to a
 * double in [-1, 1) from its top 53 bits.
 */
final class SuiteData {
  private long state;

  SuiteData(long seed) {
    this.state = seed;
  }

  /** The next draw in [-1, 1). */
  double next() {
    state += 0x9E3779B97F4A7C15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53 * 2 - 1;
  }

  /** {@code n} draws of the generator seeded with {@code seed}, each times {@code scale}. */
  static double[] uniform(long seed, int n, double scale) {
    SuiteData g = new SuiteData(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = g.next() * scale;
    }
    return v;
  }

  /** Labels in {0, 1}: 1 where a draw of the generator seeded with {@code seed} is positive. */
  static double[] labels(long seed, int n) {
    double[] u = uniform(seed, n, 1);
    for (int i = 0; i < n; i++) {
      u[i] = u[i] > 0 ? 1 : 0;
    }
    return u;
  }
}
