package org.cotangent.symbolic.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The revolve schedule on its own, walked by a simulator that checks every action. */
class RevolveTest {
  /** Walks the schedule; returns {forward steps, slots used}; fails on any wrong action. */
  static long[] walk(int n, int s) {
    int[] table = Revolve.schedule(n, s);
    int[] slotStep = new int[s];
    java.util.Arrays.fill(slotStep, -1);
    int cur = 0;
    int next = n - 1; // the step to be reversed next
    long advances = 0;
    int maxSlot = -1;
    for (int i = 0; i < table.length; i += 2) {
      int a = table[i];
      int arg = table[i + 1];
      switch (a) {
        case Revolve.ADVANCE:
          assertTrue(arg > cur && arg <= next, "advance from " + cur + " to " + arg);
          advances += arg - cur;
          cur = arg;
          break;
        case Revolve.TAKESHOT:
          assertTrue(arg >= 0 && arg < s, "slot " + arg + " of " + s);
          slotStep[arg] = cur;
          maxSlot = Math.max(maxSlot, arg);
          break;
        case Revolve.RESTORE:
          assertTrue(slotStep[arg] >= 0, "restore of an empty slot " + arg);
          cur = slotStep[arg];
          break;
        case Revolve.YOUTURN:
          assertEquals(next, arg, "reversed out of order");
          assertEquals(cur, arg, "the state is not the step's");
          next--;
          break;
        default:
          throw new AssertionError("action " + a);
      }
    }
    assertEquals(-1, next, "not every step reversed");
    return new long[] {advances, maxSlot + 1};
  }

  /** The optimum by dynamic programming over every split (small n). */
  static long dp(int n, int s, long[][] memo) {
    if (n <= 1) {
      return 0;
    }
    if (s == 1) {
      return (long) n * (n - 1) / 2;
    }
    if (memo[n][s] >= 0) {
      return memo[n][s];
    }
    long best = Long.MAX_VALUE;
    for (int m = 1; m < n; m++) {
      best = Math.min(best, m + dp(n - m, s - 1, memo) + dp(m, s, memo));
    }
    return memo[n][s] = best;
  }

  @Test
  void reversesEveryStepOnceWithinTheSnapshotsAtTheFormulasCost() {
    long[][] memo = new long[61][9];
    for (long[] r : memo) {
      java.util.Arrays.fill(r, -1);
    }
    for (int n = 0; n <= 60; n++) {
      for (int s = 1; s <= 8; s++) {
        long[] w = walk(n, s);
        assertEquals(Revolve.forwardSteps(n, s), w[0], "forward steps at L=" + n + " s=" + s);
        assertEquals(dp(n, s, memo), w[0], "optimum at L=" + n + " s=" + s);
        assertTrue(w[1] <= s, "slots at L=" + n + " s=" + s);
      }
    }
  }

  @Test
  void largeTripCounts() {
    int[][] cases = {{1000, 3}, {1000, 10}, {100000, 4}, {100000, 200000}, {5000, 1}};
    for (int[] c : cases) {
      long[] w = walk(c[0], c[1]);
      assertEquals(Revolve.forwardSteps(c[0], c[1]), w[0], "L=" + c[0] + " s=" + c[1]);
      assertTrue(w[1] <= c[1]);
      assertEquals(w[1], Revolve.slotsUsed(Revolve.schedule(c[0], c[1])));
    }
    // the textbook values: t = 2 repetitions of 10 steps with 3 snapshots (binom(5,3) = 10)
    assertEquals(2, Revolve.repetitions(10, 3));
    assertEquals(2 * 10 - 5, Revolve.forwardSteps(10, 3)); // t L - binom(5, 4)
    assertEquals(9, Revolve.forwardSteps(10, 10)); // s >= L: one forward sweep, L - 1 steps
    assertEquals(45, Revolve.forwardSteps(10, 1)); // one snapshot: L (L - 1) / 2
  }
}
