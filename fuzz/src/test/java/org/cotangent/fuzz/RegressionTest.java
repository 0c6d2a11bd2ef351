package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The regression corpus: every {@code .ct} file in {@code src/test/resources/regressions/} is a
 * fuzz reproducer (its {@code # fuzz-} lines say the function, argument types, chain and point),
 * run through every check of the fuzzer; none may fail.
 */
class RegressionTest {
  static Path directory() {
    String d = System.getProperty("fuzz.regressions");
    return Path.of(d != null && !d.isBlank() && !d.startsWith("${") ? d
        : "src/test/resources/regressions");
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(directory())) {
      return s.filter(p -> p.toString().endsWith(".ct")).sorted().collect(Collectors.toList());
    }
  }

  @TestFactory
  List<DynamicTest> everyRegressionPasses() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : files()) {
      tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        Checker.Result r = checkFile(text);
        assertEquals(Checker.Status.CHECKED, r.status, p + " checks nothing: " + r.status);
        assertFalse(!r.failures.isEmpty(), () -> p + " fails:\n" + r.failures.get(0) + "\n\n"
            + r.reproducer(r.failures.get(0)));
      }));
    }
    return tests;
  }

  /** Runs every check on a reproducer's text, compiling each graph on its own. */
  static Checker.Result checkFile(String text) {
    Stats stats = new Stats();
    Compiled compiled = new Compiled(Compiled.defaultEngine(), stats, 1);
    Checker checker = new Checker(stats, compiled, null);
    Checker.Result r = checker.check(Case.parse(text), null);
    compiled.flush();
    return r;
  }

  @Test
  void theCorpusIsNotEmpty() throws IOException {
    assertFalse(files().isEmpty(), "no regression files in " + directory());
  }
}
