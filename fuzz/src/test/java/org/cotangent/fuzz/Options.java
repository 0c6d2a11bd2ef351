package org.cotangent.fuzz;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The fuzzer's knobs, from system properties (the module POM passes them to the test JVM). */
final class Options {
  /** Programs to generate. */
  int programs = 2000;
  long seed = 1;
  /** The index of the first program (to rerun program i of a seed: first=i, programs=1). */
  long first = 0;
  /** Transformations the chains may use (empty: all). */
  Set<String> transforms = new HashSet<>();
  /** Names the generator must not use (for long runs past a known, open bug). */
  Set<String> avoid = new HashSet<>();
  /** Worker threads (0: one per available processor). */
  int threads = 0;
  boolean shrink = true;
  /** The fraction of auxiliary graphs (JVPs and VJPs made for the checks) that are compiled too. */
  double auxCompile = 0.35;
  /** Where failures are written (one reproducer file each), or null. */
  String out;
  /** Candidate evaluations the shrinker may spend on one failure. */
  int shrinkBudget = 400;
  /** Failures with the same signature shrunk at most this often (the rest are counted). */
  int shrinkPerSignature = 2;
  /** Failures shrunk in one run at most (the rest are reported as found). */
  int shrinkMax = 12;
  /** The fraction of programs with complex (c128) values. */
  double complex = 0.2;
  /** The fraction of programs with linear algebra (cholesky, solves, inv, det, slogdet). */
  double linalg = 0.12;
  /** The fraction of programs with loops and branches (scan, fori_loop, cond, NaN-safe where). */
  double loops = 0.1;
  /**
   * The code generator's matrix-product threshold for the run ({@code cotangent.matmul.threshold}:
   * products of at least this many multiply-adds call {@code Rt.matmul}), or -1 for its default,
   * under which the fuzzer's small matrices always take the loop nests.
   */
  long matmulThreshold = -1;

  static final Set<String> ALL_TRANSFORMS = Set.of("jvp", "vjp", "grad", "value_and_grad",
      "jacfwd", "jacrev", "hessian", "vmap");

  static Options fromSystemProperties() {
    Options o = new Options();
    o.programs = Integer.parseInt(prop("fuzz.programs", "2000"));
    o.seed = Long.parseLong(prop("fuzz.seed", "1"));
    o.first = Long.parseLong(prop("fuzz.first", "0"));
    o.transforms = set(prop("fuzz.transforms", ""));
    for (String t : o.transforms) {
      if (!ALL_TRANSFORMS.contains(t)) {
        throw new IllegalArgumentException("fuzz.transforms: unknown transformation '" + t
            + "' (known: " + ALL_TRANSFORMS + ")");
      }
    }
    o.avoid = set(prop("fuzz.avoid", ""));
    o.threads = Integer.parseInt(prop("fuzz.threads", "0"));
    o.shrink = Boolean.parseBoolean(prop("fuzz.shrink", "true"));
    o.auxCompile = Double.parseDouble(prop("fuzz.auxCompile", "0.35"));
    o.shrinkMax = Integer.parseInt(prop("fuzz.shrinkMax", "12"));
    o.complex = Double.parseDouble(prop("fuzz.complex", "0.2"));
    o.linalg = Double.parseDouble(prop("fuzz.linalg", "0.12"));
    o.loops = Double.parseDouble(prop("fuzz.loops", "0.1"));
    for (double f : new double[] {o.complex, o.linalg, o.loops}) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("fuzz.complex, fuzz.linalg and fuzz.loops"
            + " are fractions between 0 and 1, got " + f);
      }
    }
    o.matmulThreshold = Long.parseLong(prop("fuzz.matmulThreshold", "-1"));
    String out = prop("fuzz.out", "");
    o.out = out.isEmpty() ? null : out;
    return o;
  }

  boolean allows(String transform) {
    return transforms.isEmpty() || transforms.contains(transform);
  }

  int workerThreads() {
    return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static String prop(String k, String def) {
    String v = System.getProperty(k);
    return v == null || v.isBlank() || v.startsWith("${") ? def : v.strip();
  }

  private static Set<String> set(String v) {
    Set<String> s = new HashSet<>();
    for (String t : v.split("[,\\s]+")) {
      if (!t.isBlank()) {
        s.add(t.strip());
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return "programs=" + programs + " seed=" + seed + " transforms="
        + (transforms.isEmpty() ? "all" : Arrays.toString(transforms.toArray())) + " avoid=" + avoid
        + " threads=" + workerThreads() + " complex=" + complex + " linalg=" + linalg + " loops=" + loops
        + (matmulThreshold >= 0 ? " matmulThreshold=" + matmulThreshold : "");
  }
}
