package org.cotangent.fuzz;

import java.util.Random;

/** Deterministic literal values: short decimals, so the script text is exactly the value. */
final class Lits {
  private Lits() {}

  /** Element {@code k} of the literal array with seed {@code seed}: a two-decimal value in [-1, 1], not 0. */
  static double element(long seed, int k) {
    long h = mix(seed * 0x9E3779B97F4A7C15L + k);
    int v = (int) Math.floorMod(h, 200L) - 100;
    if (v == 0) {
      v = 37;
    }
    return v / 100.0;
  }

  /** The script text of a literal element (parsed back to the same double). */
  static String text(double v) {
    return String.valueOf(v);
  }

  /** A number as an expression: negative numbers in parentheses. */
  static String num(double v) {
    String s = String.valueOf(v);
    return v < 0 ? "(" + s + ")" : s;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A generator seeded from a mix of values (stable: the same values give the same stream). */
  static Random rng(long... parts) {
    long h = 0x243F6A8885A308D3L;
    for (long p : parts) {
      h = mix(h * 31 + p);
    }
    return new Random(h);
  }
}
