package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.runtime.CompileService;
import org.junit.jupiter.api.Test;

/** The symbolic check's own generator reaches every supported family, and its programs pass. */
class SymbolicCheckTest {
  @Test
  void programsOverEveryFamilyAgreeWithTheInterpreter() {
    CompileService service = new CompileService(4);
    Set<String> seen = new TreeSet<>();
    long seeds = Long.getLong("symbolic.seeds", 40);
    for (long seed = 0; seed < seeds; seed++) {
      List<String> ops = new ArrayList<>();
      SymbolicCheck.program(Lits.rng(seed, 29), ops);
      for (String o : ops) {
        seen.add(o.substring(0, o.indexOf(':')));
      }
      long before = service.compileCount();
      assertNull(SymbolicCheck.check(seed, service), "seed " + seed);
      // One class per program, for all its sizes (none when an identical program generated a
      // few seeds earlier is still in the cache: thousands of seeds repeat some small ones).
      assertTrue(service.compileCount() - before <= 1, "seed " + seed + " compiled "
          + (service.compileCount() - before) + " classes");
    }
    assertTrue(service.compileCount() >= seeds * 9 / 10, "only " + service.compileCount()
        + " classes for " + seeds + " programs");
    for (String family : List.of("sin", "mul", "select", "max", "reduce_sum", "reduce_max",
        "dot_general", "transpose", "reshape", "pad", "slice", "cumsum", "index", "mul", "scan")) {
      assertTrue(seen.contains(family), family + " not generated: " + seen);
    }
  }

  /**
   * The families that are rare in 40 programs (linear algebra, argmax/argmin/argsort,
   * reduce_prod, gather/scatter_add/sort, scans carrying arrays): the first program
   * of the first 2000 seeds that has each, checked (programs are generated without compiling
   * until then, so this stays a few compilations).
   */
  @Test
  void theFirstProgramWithEachRareFamilyAgrees() {
    CompileService service = new CompileService(4);
    Set<String> wanted = new TreeSet<>(List.of("cholesky", "triangular_solve", "solve", "inv",
        "slogdet", "det", "argmax", "argmin", "argsort", "reduce_prod", "cumprod", "eigh",
        "gather", "scatter_add", "sort", "scan_array_carry", "closed_call", "cond", "custom_jvp",
        "custom_vjp", "while", "checkpoint", "while_taped"));
    for (long seed = 0; seed < 2000 && !wanted.isEmpty(); seed++) {
      List<String> ops = new ArrayList<>();
      SymbolicCheck.program(Lits.rng(seed, 29), ops);
      boolean fresh = false;
      for (String o : ops) {
        fresh |= wanted.remove(o.substring(0, o.indexOf(':')));
      }
      if (fresh) {
        assertNull(SymbolicCheck.check(seed, service), "seed " + seed + " " + ops);
      }
    }
    assertTrue(wanted.isEmpty(), "not generated in 2000 programs: " + wanted);
  }
}
