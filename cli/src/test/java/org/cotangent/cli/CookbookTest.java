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
    assertEquals("", r.err());
    assertTrue(!r.out().isEmpty(), r.toString());
    for (String line : r.out().split("\n")) {
      Json.parse(line);
    }
  }
}
