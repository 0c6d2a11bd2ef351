package org.cotangent.fuzz;

/**
 * The fuzzer without JUnit, for long runs from a plain {@code java} command (the same system
 * properties as the test: {@code fuzz.programs}, {@code fuzz.seed}, ...). Exits 1 if anything
 * failed.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.fromSystemProperties();
    System.out.println("fuzz: " + o);
    FuzzRun run = new FuzzRun(o, null, null, System.out);
    run.run();
    System.out.println(run.summary());
    System.exit(run.stats.failed.get() > 0 || !run.combinedOnly.isEmpty() ? 1 : 0);
  }
}
