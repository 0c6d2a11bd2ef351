package org.cotangent.symbolic.kernels;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Binomial checkpointing (Griewank and Walther's revolve): the schedule that reverses a chain of
 * {@code L} steps {@code x_{k+1} = F_k(x_k)} with at most {@code s} stored states. The schedule is
 * a table of {@code (action, arg)} pairs walked at run time by whoever holds the states:
 *
 * <ul>
 *   <li>{@link #ADVANCE} {@code m}: run the forward steps from the current one up to step {@code
 *       m} (the current state becomes {@code x_m});
 *   <li>{@link #TAKESHOT} {@code slot}: store the current state (and its step) in a slot;
 *   <li>{@link #RESTORE} {@code slot}: make a stored state (and its step) the current one;
 *   <li>{@link #YOUTURN} {@code k}: the current state is {@code x_k}: reverse step {@code k} (its
 *       residuals recomputed from {@code x_k}).
 * </ul>
 *
 * The steps are reversed once each, in the order {@code L-1, ..., 0}; slot 0 holds {@code x_0}.
 * The recursion (advance to a split {@code m}, snapshot, reverse {@code [m, n)} with one slot
 * fewer, restore, reverse {@code [0, m)}) takes the split that minimizes the forward steps, so
 * their number is the optimum {@link #forwardSteps}: {@code t L - binom(s + t, s + 1)} with
 * {@code t} the least repetition number such that {@code binom(s + t, s) >= L}. It runs with an
 * explicit stack (a recursion would be {@code L} deep for {@code s >= L}) in {@code O(L log L)}.
 */
public final class Revolve {
  public static final int ADVANCE = 0;
  public static final int TAKESHOT = 1;
  public static final int RESTORE = 2;
  public static final int YOUTURN = 3;

  private Revolve() {}

  /** The least {@code t} with {@code binom(s + t, s) >= n} (n >= 1, s >= 1). */
  public static long repetitions(long n, int s) {
    long t = 0;
    long b = 1; // binom(s + t, s)
    while (b < n) {
      t++;
      b = b * (s + t) / t;
    }
    return t;
  }

  /** The forward steps (ADVANCE steps, the YOUTURN's own step not counted) of the optimum. */
  public static long forwardSteps(long n, int s) {
    if (s < 1) {
      throw new IllegalArgumentException("revolve: snapshots must be at least 1, got " + s);
    }
    if (n <= 1) {
      return 0;
    }
    if (s == 1) {
      return n * (n - 1) / 2;
    }
    long t = 0;
    long b = 1;
    if (s == 2) { // binom(t + 2, 2) >= n: start just below the root of (t + 1)(t + 2) = 2n
      t = Math.max(0, (long) Math.sqrt(2.0 * n) - 3);
      b = (t + 1) * (t + 2) / 2;
    }
    while (b < n) {
      t++;
      b = b * (s + t) / t;
    }
    // binom(s + t, s + 1) = binom(s + t, s) * t / (s + 1)
    return t * n - b * t / (s + 1);
  }

  /** The cost of reversing {@code [0, n)} with the split at {@code m}. */
  private static long split(long n, int s, long m) {
    return m + forwardSteps(n - m, s - 1) + forwardSteps(m, s);
  }

  /** The split of {@code n >= 2} steps with {@code s >= 2} slots that minimizes the cost. */
  static long bestSplit(long n, int s) {
    long lo = 1;
    long hi = n - 1; // the cost is convex in m: the first m whose next is no better
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (split(n, s, mid + 1) >= split(n, s, mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static final java.util.Map<Long, int[]> CACHE = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, int[]> e) {
          return size() > 16;
        }
      });

  /**
   * The schedule as {@code (action, arg)} pairs, flat: {@code [a0, arg0, a1, arg1, ...]}. The
   * array is shared by every caller with the same {@code (length, snapshots)} (the last 16 are
   * kept): callers read it and never write it.
   */
  public static int[] schedule(int length, int snapshots) {
    if (snapshots < 1) {
      throw new IllegalArgumentException("revolve: snapshots must be at least 1, got "
          + snapshots);
    }
    return CACHE.computeIfAbsent(((long) length << 32) | snapshots, k -> build(length, snapshots));
  }

  private static int[] build(int length, int snapshots) {
    if (snapshots < 1) {
      throw new IllegalArgumentException("revolve: snapshots must be at least 1, got "
          + snapshots);
    }
    if (length < 0) {
      throw new IllegalArgumentException("revolve: negative length " + length);
    }
    Table out = new Table();
    if (length == 0) {
      return out.toArray();
    }
    out.add(TAKESHOT, 0);
    // Frames (a, b, slot, s): the current state is x_a, stored in slot; s slots from slot on.
    ArrayDeque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {0, length, 0, snapshots});
    while (!stack.isEmpty()) {
      int[] f = stack.pop();
      int a = f[0];
      int b = f[1];
      int slot = f[2];
      int s = f[3];
      if (f.length > 4) { // a restore that precedes this frame
        out.add(RESTORE, slot);
      }
      if (b - a == 1) {
        out.add(YOUTURN, a);
      } else if (s == 1) {
        for (int k = b - 1; k >= a; k--) {
          if (k < b - 1) {
            out.add(RESTORE, slot);
          }
          if (k > a) {
            out.add(ADVANCE, k);
          }
          out.add(YOUTURN, k);
        }
      } else {
        int m = a + (int) bestSplit(b - a, s);
        out.add(ADVANCE, m);
        out.add(TAKESHOT, slot + 1);
        // reverse [m, b) with s - 1 slots, then restore x_a and reverse [a, m) with s slots
        stack.push(new int[] {a, m, slot, s, 1});
        stack.push(new int[] {m, b, slot + 1, s - 1});
      }
    }
    return out.toArray();
  }

  /** The slots a schedule stores states in (one more than the largest TAKESHOT slot). */
  public static int slotsUsed(int[] table) {
    int used = 0;
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] == TAKESHOT) {
        used = Math.max(used, table[i + 1] + 1);
      }
    }
    return used;
  }

  private static final class Table {
    private int[] data = new int[64];
    private int size;

    void add(int action, int arg) {
      if (size + 2 > data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = action;
      data[size++] = arg;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
