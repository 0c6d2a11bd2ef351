package org.cotangent.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A tool, not part of the build: with {@code -Dfuzz.check=FILE_OR_DIR} it runs every check of
 * the fuzzer on reproducer files (for example the open findings in {@code fuzz/findings/}) and
 * prints which fail and how; it reports, and fails only without the property. Its name matches
 * none of surefire's default patterns, so {@code mvn verify} never runs (or skips) it; run it
 * with {@code -Dtest=CheckFiles}.
 */
class CheckFiles {
  @Test
  void checkReproducerFiles() throws Exception {
    String where = System.getProperty("fuzz.check", "");
    assertFalse(where.isBlank() || where.startsWith("${"), "set -Dfuzz.check=FILE_OR_DIR");
    Path p = Path.of(where);
    if (!Files.exists(p) && Files.exists(Path.of("..").resolve(where))) {
      p = Path.of("..").resolve(where); // relative to the repository, not to fuzz/
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.list(p)) {
        files.addAll(s.filter(f -> f.toString().endsWith(".ct")).sorted().collect(Collectors.toList()));
      }
    } else {
      files.add(p);
    }
    for (Path f : files) {
      Checker.Result r = RegressionTest.checkFile(Files.readString(f, StandardCharsets.UTF_8));
      if (r.failures.isEmpty()) {
        System.out.println("PASS " + f.getFileName() + (r.status == Checker.Status.CHECKED ? ""
            : " (" + r.status + ": nothing checked)"));
      } else {
        System.out.println("FAIL " + f.getFileName());
        for (Checker.Failure x : r.failures) {
          System.out.println("  " + x.toString().replace("\n", "\n    "));
        }
      }
    }
  }
}
