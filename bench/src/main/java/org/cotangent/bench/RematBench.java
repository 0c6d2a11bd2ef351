package org.cotangent.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompiledFunction;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.kernels.Revolve;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11 item 3: a 10^5-step explicit Euler integration of a Van der Pol oscillator (state x, v;
 * parameters mu, omega), differentiated in reverse with each residual plan of its scan: "all"
 * (every step's residuals), "carries" (the carries of every step, each step's body recomputed)
 * "segments(100)" (two-level: a carry every 1,000 steps, each segment recomputed once) and
 * "revolve(100)" (binomial checkpointing: 100 carries, t = 3 repetitions). The
 * compiled value-and-gradient programs run in the same JVM; {@link #report} gives the residual
 * memory of each plan and the size of the generated source (in {@link BenchMain}, after the run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RematBench {
  static final int STEPS = 100_000;
  static final double H = 1e-4;
  static final int SNAPSHOTS = 100;
  static final TensorType S = TensorType.f64();
  static final ScanPlan[] PLANS = {ScanPlan.ALL, ScanPlan.CARRIES, ScanPlan.segments(SNAPSHOTS),
      ScanPlan.revolve(SNAPSHOTS)};

  /** One Euler step: {@code (mu, omega | x, v) -> (x + h v, v + h (mu (1 - x^2) v - omega^2 x))}. */
  static Graph step() {
    return Graph.trace(List.of("mu", "omega", "x", "v"), List.of(S, S, S, S), ps -> {
      Node mu = ps.get(0);
      Node om = ps.get(1);
      Node x = ps.get(2);
      Node v = ps.get(3);
      Node h = Ir.constant(H);
      Node acc = Ir.sub(Ir.mul(Ir.mul(mu, Ir.sub(Ir.constant(1.0), Ir.mul(x, x))), v),
          Ir.mul(Ir.mul(om, om), x));
      return List.of(Ir.add(x, Ir.mul(h, v)), Ir.add(v, Ir.mul(h, acc)));
    });
  }

  /** {@code (mu, omega, x0, v0) -> x_L^2 + v_L} after {@code steps} steps under {@code plan}. */
  static Graph loss(int steps, ScanPlan plan) {
    Graph body = step();
    return Graph.trace(List.of("mu", "omega", "x0", "v0"), List.of(S, S, S, S), ps -> {
      List<Node> r = Scan.scan(body, ps.subList(0, 2), ps.subList(2, 4), List.of(), steps, false,
          plan);
      return List.of(Ir.add(Ir.mul(r.get(0), r.get(0)), r.get(1)));
    });
  }

  /** The compiled value and gradient with respect to all four inputs. */
  static CompiledFunction gradient(int steps, ScanPlan plan) {
    return Backend.current().compile(Ad.valueAndGrad(loss(steps, plan), 0, 1, 2, 3));
  }

  /**
   * The stacked residual elements that the plan's reverse mode keeps, measured on its graph; for
   * revolve, whose snapshots live inside its reverse-sweep op, plus the carries in the slots its
   * schedule fills and one step's residuals (those of store-all at one step).
   */
  static long residuals(int steps, ScanPlan plan) {
    long stacked = ScanPlan.measuredResiduals(Ad.linearize(loss(steps, plan)));
    if (!plan.isRevolve() || steps == 0) {
      return stacked;
    }
    int slots = Revolve.slotsUsed(Revolve.schedule(steps, plan.snapshots()));
    return stacked + slots * 2L + residuals(1, ScanPlan.ALL);
  }

  static final double[][] POINT = {{1.0}, {1.5}, {0.5}, {-0.3}};

  double[][] out;
  Program all;
  Program carries;
  Program segments;
  Program revolve;

  @Setup
  public void setup() {
    out = new double[5][1];
    all = gradient(STEPS, PLANS[0]).program();
    carries = gradient(STEPS, PLANS[1]).program();
    segments = gradient(STEPS, PLANS[2]).program();
    revolve = gradient(STEPS, PLANS[3]).program();
  }

  @Benchmark
  public double[][] gradAll() {
    all.call(POINT, out);
    return out;
  }

  @Benchmark
  public double[][] gradCarries() {
    carries.call(POINT, out);
    return out;
  }

  @Benchmark
  public double[][] gradSegments() {
    segments.call(POINT, out);
    return out;
  }

  @Benchmark
  public double[][] gradRevolve() {
    revolve.call(POINT, out);
    return out;
  }

  /** Residual memory of each plan against "all", and the source sizes at 10^3 and 10^5 steps. */
  static void report() {
    System.out.println();
    System.out.println("RematBench: residual memory (stacked elements) at " + STEPS + " steps,"
        + " and generated source (characters) at 1000 and " + STEPS + " steps:");
    long base = residuals(STEPS, ScanPlan.ALL);
    for (ScanPlan plan : PLANS) {
      long m = residuals(STEPS, plan);
      int small = gradient(1000, plan).source().source().length();
      int large = gradient(STEPS, plan).source().source().length();
      System.out.printf("  %-14s %10d elements  %8.4f x all   source %6d / %6d chars%n", plan, m,
          (double) m / base, small, large);
    }
  }
}
