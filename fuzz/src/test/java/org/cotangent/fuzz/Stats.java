package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/** Counts of a run: programs, checks by kind, skips and discards, coverage. Thread-safe. */
final class Stats {
  final AtomicLong programs = new AtomicLong();
  final AtomicLong passed = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong discardedNonFinite = new AtomicLong();
  final AtomicLong discardedTooBig = new AtomicLong();
  final AtomicLong nonSmooth = new AtomicLong();
  final AtomicLong fdResampled = new AtomicLong();
  final AtomicLong fdStopGradient = new AtomicLong();
  final AtomicLong numpyNearJump = new AtomicLong();
  /** Top-level-call mismatches at a point NumPy's evaluation found ill-conditioned. */
  final AtomicLong scriptCallIllConditioned = new AtomicLong();
  /** Dot-product tests within the rounding of the function's intermediates, not of its results. */
  final AtomicLong dotIntermediateFloor = new AtomicLong();
  final AtomicLong jacIntermediateFloor = new AtomicLong();
  /** Programs the NumPy oracle does not evaluate ({@code NumpyEval.Unsupported}). */
  final AtomicLong numpyUnsupported = new AtomicLong();
  /** Programs with complex values, with linear algebra (as generated). */
  final AtomicLong complexPrograms = new AtomicLong();
  final AtomicLong linalgPrograms = new AtomicLong();
  /** Programs with loops and branches in the traced graph. */
  final AtomicLong loopPrograms = new AtomicLong();
  /** Transformations with holomorphic=True. */
  final AtomicLong holomorphicSteps = new AtomicLong();
  final AtomicLong compiles = new AtomicLong();
  final AtomicLong combined = new AtomicLong();
  final AtomicLong graphs = new AtomicLong();
  final AtomicLong compileNanos = new AtomicLong();
  final Map<String, AtomicLong> checks = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> primitivesInF = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> primitivesTransformed = new ConcurrentHashMap<>();
  /** Primitives inside the bodies of loops, branches and calls (of every graph checked). */
  final Map<String, AtomicLong> primitivesInBodies = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> transforms = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> chains = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> views = new ConcurrentHashMap<>();
  /** Code-generation paths seen in generated sources (graphs, not lines). */
  final Map<String, AtomicLong> codegen = new ConcurrentHashMap<>();

  static void inc(Map<String, AtomicLong> m, String k) {
    m.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
  }

  void check(String kind) {
    inc(checks, kind);
  }

  private static final Set<String> VIEW_OPS = Set.of("slice", "reshape", "transpose",
      "broadcast_in_dim", "index", "pad");

  /** Counts the primitives of {@code g}, and which kinds of consumer read its views. */
  void graph(Graph g, boolean traced) {
    graphs.incrementAndGet();
    Map<String, AtomicLong> m = traced ? primitivesInF : primitivesTransformed;
    Map<Node, List<Node>> consumers = new IdentityHashMap<>();
    for (Node n : g.topoOrder()) {
      inc(m, n.op().name());
      for (Graph b : n.op().subgraphs()) {
        bodies(b);
      }
      for (Node in : n.inputs()) {
        consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(n);
      }
    }
    for (Node n : g.topoOrder()) {
      if (!VIEW_OPS.contains(n.op().name()) || n.input(0).isConstant()) {
        continue;
      }
      Set<String> kinds = new java.util.TreeSet<>();
      for (Node c : consumers.getOrDefault(n, List.of())) {
        kinds.add(consumerKind(c));
      }
      if (g.outputs().contains(n)) {
        kinds.add("output");
      }
      for (String k : kinds) {
        inc(views, n.op().name() + " -> " + k);
      }
    }
  }

  private void bodies(Graph b) {
    for (Node n : b.topoOrder()) {
      inc(primitivesInBodies, n.op().name());
      for (Graph c : n.op().subgraphs()) {
        bodies(c);
      }
    }
  }

  private static String consumerKind(Node c) {
    String name = c.op().name();
    if (name.startsWith("reduce_")) {
      return c.rank() == 0 ? "full " + name : "partial " + name;
    }
    if (c.rank() > 0 && c.op().javaExpression(dummy(c.arity())) != null) {
      return "fused loop";
    }
    if (c.op().javaExpression(dummy(c.arity())) != null) {
      return "scalar op";
    }
    return name;
  }

  private static List<String> dummy(int k) {
    List<String> a = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      a.add("x" + i);
    }
    return a;
  }

  String summary(long millis) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("fuzz: %d programs in %.1f s: %d passed, %d failed, %d discarded"
        + " (non-finite), %d discarded (too big)%n", programs.get(), millis / 1000.0, passed.get(),
        failed.get(), discardedNonFinite.get(), discardedTooBig.get()));
    sb.append(String.format("  graphs checked %d; compilations %d (%d of them combined graphs, %.1f s"
        + " emitting, compiling and running)%n", graphs.get(), compiles.get(), combined.get(),
        compileNanos.get() / 1e9));
    sb.append(String.format("  finite-difference checks skipped as non-smooth: %d (points re-sampled:"
        + " %d); skipped for stop_gradient: %d%n", nonSmooth.get(), fdResampled.get(),
        fdStopGradient.get()));
    sb.append(String.format("  NumPy-oracle mismatches within rounding of a discontinuity (not counted as"
        + " failures): %d; programs it does not evaluate (NumPy would reject them, or a real"
        + " operation met a complex value): %d; top-level-call mismatches at such a point (not"
        + " counted as failures): %d%n",
        numpyNearJump.get(), numpyUnsupported.get(), scriptCallIllConditioned.get()));
    sb.append(String.format("  dot-product tests within the rounding of the function's intermediates"
        + " (not counted as failures): %d; Jacobian and Hessian products: %d%n",
        dotIntermediateFloor.get(), jacIntermediateFloor.get()));
    sb.append(String.format("  programs with complex values: %d, with linear algebra: %d;"
        + " holomorphic=True steps: %d; with loops or branches: %d%n", complexPrograms.get(),
        linalgPrograms.get(), holomorphicSteps.get(), loopPrograms.get()));
    sb.append("  checks: ").append(line(checks)).append('\n');
    if (!failures.isEmpty()) {
      sb.append("  failures: ").append(line(failures)).append('\n');
    }
    sb.append("  transformations: ").append(line(transforms)).append('\n');
    sb.append("  chains: ").append(line(top(chains, 30))).append('\n');
    sb.append("  primitives in f: ").append(line(primitivesInF)).append('\n');
    sb.append("  primitives in transformed graphs: ").append(line(primitivesTransformed)).append('\n');
    sb.append("  primitives in loop, branch and call bodies: ").append(line(primitivesInBodies))
        .append('\n');
    sb.append("  views -> consumers: ").append(line(views)).append('\n');
    sb.append("  code generation (sources with): ").append(line(codegen)).append('\n');
    return sb.toString();
  }

  private static Map<String, AtomicLong> top(Map<String, AtomicLong> m, int n) {
    List<Map.Entry<String, AtomicLong>> es = new ArrayList<>(m.entrySet());
    es.sort((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()));
    Map<String, AtomicLong> r = new HashMap<>();
    for (int i = 0; i < Math.min(n, es.size()); i++) {
      r.put(es.get(i).getKey(), es.get(i).getValue());
    }
    return r;
  }

  private static String line(Map<String, AtomicLong> m) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, AtomicLong> e : new TreeMap<>(m).entrySet()) {
      sb.append(sb.length() > 0 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue().get());
    }
    return sb.toString();
  }
}
