package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer as a test: {@code fuzz.programs} random programs of seed {@code
 * fuzz.seed} (the module POM sets the defaults), every failure shrunk and printed as a reproducer
 * ready for {@code src/test/resources/regressions/}. Long runs: {@code mvn -pl fuzz -am verify
 * -Dfuzz.programs=100000 -Dfuzz.seed=7} (see fuzz/README.md).
 */
class FuzzTest {
  @Test
  void randomProgramsPassEveryCheck() throws Exception {
    Options o = Options.fromSystemProperties();
    System.out.println("fuzz: " + o);
    FuzzRun run = new FuzzRun(o, null, null, System.out);
    run.run();
    String summary = run.summary();
    System.out.println(summary);
    if (run.stats.failed.get() > 0 || !run.combinedOnly.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      sb.append(run.stats.failed.get()).append(" of ").append(run.stats.programs.get())
          .append(" programs failed a check; the shrunk reproducers are printed above");
      if (o.out != null) {
        sb.append(" and written to ").append(o.out);
      }
      sb.append(".\n").append(summary);
      fail(sb.toString());
    }
  }
}
