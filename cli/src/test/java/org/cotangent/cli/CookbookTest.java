package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cotangent cookbook}: the bundled script is the repository's root cookbook.ct, and runs. */
class CookbookTest {
  /** The root cookbook.ct (tests run in the cli module's directory). */
  static String rootCookbook() throws IOException {
    return Files.readString(Path.of("..", "cookbook.ct"), StandardCharsets.UTF_8);
  }

  @Test
  void theBundledCookbookIsTheRootFile() throws IOException {
    Cli.Result r = Cli.run("cookbook", "--source");
    assertEquals(0, r.code(), r.toString());
    assertEquals(rootCookbook(), r.out());
  }

  @Test
  void theCookbookRunsAndEveryJsonLineParses() {
    Cli.Result r = Cli.run("cookbook", "--json");
    assertEquals(0, r.code(), r.toString());
    // The complex section passes holomorphic=True to conj and to a function of a Cholesky factor
    // on purpose: those two warnings, and nothing else, go to stderr.
    String[] warnings = r.err().split("\n");
    assertEquals(2, warnings.length, r.err());
    assertTrue(warnings[0].matches("cookbook\\.ct:\\d+:\\d+: warning: holomorphic=True, but conj is not"
        + " holomorphic .*"), warnings[0]);
    assertTrue(warnings[1].matches("cookbook\\.ct:\\d+:\\d+: warning: holomorphic=True, but f is not"
        + " holomorphic \\(the derivative of cholesky .*"), warnings[1]);
    assertTrue(!r.out().isEmpty(), r.toString());
    boolean gradOfModulus = false;
    for (String line : r.out().split("\n")) {
      Json.parse(line);
      // Every check the cookbook prints (allclose, the random linear u, v checks) holds.
      assertTrue(!line.contains("false"), line);
      if (line.startsWith("[\"grad(f)(3+4j) =\"")) {
        // d/dx - i d/dy of x^2 + y^2 at (3, 4): 6 - 8i.
        assertTrue(line.contains("[6.0, -8.0]"), line);
        gradOfModulus = true;
      }
    }
    assertTrue(gradOfModulus, "the cookbook prints grad(f)(3+4j)");
  }
}
