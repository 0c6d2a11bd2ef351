package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.runtime.CompileService;
import org.junit.jupiter.api.Test;

/**
 * The symbolic check's complex programs ({@link SymbolicComplexCheck}) reach every family they
 * draw and pass; the rarer ones (the complex linear algebra) by the first program of the first
 * 2000 seeds that has each, as {@link SymbolicCheckTest} does for the real ones.
 */
class SymbolicComplexCheckTest {
  @Test
  void complexProgramsAgreeWithTheInterpreter() {
    CompileService service = new CompileService(4);
    Set<String> seen = new TreeSet<>();
    long seeds = Long.getLong("symbolic.seeds", 40) / 2;
    for (long seed = 0; seed < seeds; seed++) {
      List<String> ops = new ArrayList<>();
      SymbolicComplexCheck.program(Lits.rng(seed, 41), ops);
      for (String o : ops) {
        seen.add(o.substring(0, o.indexOf(':')));
      }
      assertNull(SymbolicComplexCheck.check(seed, service), "seed " + seed + " " + ops);
    }
    for (String family : List.of("sin", "mul", "select", "complex", "reduce_sum", "dot_general",
        "transpose", "reshape", "pad", "slice", "index", "div")) {
      assertTrue(seen.contains(family), family + " not generated: " + seen);
    }
  }

  @Test
  void theFirstComplexProgramWithEachRareFamilyAgrees() {
    CompileService service = new CompileService(4);
    Set<String> wanted = new TreeSet<>(List.of("cholesky", "solve", "inv", "slogdet", "det",
        "concatenate", "eigh", "gather"));
    for (long seed = 0; seed < 2000 && !wanted.isEmpty(); seed++) {
      List<String> ops = new ArrayList<>();
      SymbolicComplexCheck.program(Lits.rng(seed, 41), ops);
      boolean fresh = false;
      for (String o : ops) {
        fresh |= wanted.remove(o.substring(0, o.indexOf(':')));
      }
      if (fresh) {
        assertNull(SymbolicComplexCheck.check(seed, service), "seed " + seed + " " + ops);
      }
    }
    assertTrue(wanted.isEmpty(), "not generated in 2000 programs: " + wanted);
  }

  /** The fraction picks complex programs on a stream of its own: 0 keeps the real ones. */
  @Test
  void theFractionChoosesComplexPrograms() {
    CompileService service = new CompileService(4);
    int complex = 0;
    for (long seed = 0; seed < 200; seed++) {
      complex += Lits.rng(seed, 37).nextDouble() < 0.2 ? 1 : 0;
    }
    assertTrue(complex > 20 && complex < 60, complex + " of 200");
    assertNull(SymbolicCheck.check(3, service, 1.0));
  }
}
