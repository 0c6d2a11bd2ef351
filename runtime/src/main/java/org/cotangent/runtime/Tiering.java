package org.cotangent.runtime;

/**
 * When a compiled function runs on the {@link Tape} and when on its Janino class (issue 12 item 5;
 * DESIGN, "Runtime and the Java API", tiers). Read once from system properties by {@link
 * #fromSystemProperties()}, or made explicitly for a {@link Backend}:
 *
 * <ul>
 *   <li>{@code cotangent.tier}: {@code auto} (default), {@code tape} (the tape whenever it covers
 *       the graph, never compiled), or {@code compiled} (always Janino at once, as before tiers);
 *   <li>{@code cotangent.tier.minNodes} (default {@value #DEFAULT_MIN_NODES}): in {@code auto},
 *       graphs of fewer nodes are compiled at once;
 *   <li>{@code cotangent.tier.compileAfter} (default {@value #DEFAULT_COMPILE_AFTER}): in {@code
 *       auto}, the number of calls on the tape after which the class is compiled on a background
 *       thread (0: at once, in the background); a tape with arrays divides it by {@value
 *       #ARRAY_TAPE_FACTOR}.
 * </ul>
 *
 * A bad value is an {@link IllegalArgumentException} naming the property and what it accepts.
 */
public final class Tiering {
  /** Which tiers a function may run on. */
  public enum Mode {
    /** The tape first for large graphs it covers, then the compiled class. */
    AUTO,
    /** The tape whenever it covers the graph; never compiled (other graphs compile at once). */
    TAPE,
    /** Always the compiled class, compiled at once (no tape). */
    COMPILED
  }

  /** Default of {@code cotangent.tier.minNodes}. */
  public static final int DEFAULT_MIN_NODES = 400;
  /** Default of {@code cotangent.tier.compileAfter}. */
  public static final long DEFAULT_COMPILE_AFTER = 20_000;

  /**
   * A tape with arrays compiles after {@code compileAfter / ARRAY_TAPE_FACTOR} calls (at least
   * one): its nodes go through the reference evaluation, 100-200 times slower per call than the
   * compiled class where a scalar tape is 1.4 times slower (TapeBench), so compiling pays sooner.
   */
  public static final long ARRAY_TAPE_FACTOR = 100;

  private final Mode mode;
  private final int minNodes;
  private final long compileAfter;

  /** A policy; {@code minNodes} and {@code compileAfter} must not be negative. */
  public Tiering(Mode mode, int minNodes, long compileAfter) {
    if (mode == null || minNodes < 0 || compileAfter < 0) {
      throw new IllegalArgumentException("tiering needs a mode and non-negative minNodes and "
          + "compileAfter, got " + mode + ", " + minNodes + ", " + compileAfter);
    }
    this.mode = mode;
    this.minNodes = minNodes;
    this.compileAfter = compileAfter;
  }

  /** The policy of the system properties {@code cotangent.tier*} (defaults where unset). */
  public static Tiering fromSystemProperties() {
    String m = System.getProperty("cotangent.tier", "auto").trim();
    Mode mode;
    switch (m) {
      case "auto": mode = Mode.AUTO; break;
      case "tape": mode = Mode.TAPE; break;
      case "compiled": mode = Mode.COMPILED; break;
      default:
        throw new IllegalArgumentException("system property cotangent.tier is '" + m
            + "': use auto, tape or compiled");
    }
    return new Tiering(mode, (int) number("cotangent.tier.minNodes", DEFAULT_MIN_NODES),
        number("cotangent.tier.compileAfter", DEFAULT_COMPILE_AFTER));
  }

  private static long number(String property, long otherwise) {
    String v = System.getProperty(property);
    if (v == null) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("system property " + property + " is '" + v
        + "': use a whole number from 0 to " + Integer.MAX_VALUE);
  }

  public Mode mode() {
    return mode;
  }

  public int minNodes() {
    return minNodes;
  }

  public long compileAfter() {
    return compileAfter;
  }

  /** The number of tape calls after which {@code tape}'s class is compiled (in {@code auto}). */
  long compileAfter(Tape tape) {
    return tape.hasArrays() && compileAfter > 0 ? Math.max(1, compileAfter / ARRAY_TAPE_FACTOR)
        : compileAfter;
  }

  /** Whether a graph of {@code nodes} nodes that the tape covers starts on the tape. */
  boolean startsOnTape(int nodes) {
    return mode == Mode.TAPE || (mode == Mode.AUTO && nodes >= minNodes);
  }

  @Override
  public String toString() {
    return "Tiering[" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", minNodes " + minNodes
        + ", compileAfter " + compileAfter + "]";
  }
}
