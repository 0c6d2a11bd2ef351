package org.cotangent.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden mechanism itself, on a temporary copy (never on the real files). */
class GoldenMechanismTest {
  @TempDir
  Path dir;

  @Test
  void aOneCharacterChangeInACommentFailsWithAReadableDiff() throws Exception {
    GoldenCases.Case c = GoldenCases.ALL.get(0);
    String generated = GoldenTest.generate(c).source();
    String file = c.className() + ".java";
    Golden.check(dir, file, generated, true);
    Golden.check(dir, file, generated, false);
    // Change one character of a comment in the copy, as a codegen change would.
    String changed = generated.replaceFirst("// ", "//  ");
    Files.writeString(dir.resolve(file), changed);
    AssertionError e = assertThrows(AssertionError.class,
        () -> Golden.check(dir, file, generated, false));
    String msg = e.getMessage();
    assertTrue(msg.contains("--- golden/" + file), msg);
    assertTrue(msg.contains("+++ generated/" + file), msg);
    assertTrue(msg.contains("\n-    //  "), msg);
    assertTrue(msg.contains("\n+    // "), msg);
    assertTrue(msg.contains("@@ -"), msg);
    assertTrue(msg.contains("mvn -pl golden -am verify -Dgolden.update=true"), msg);
  }

  @Test
  void aRenamedVariableFailsToo() throws Exception {
    String generated = GoldenTest.generate(GoldenCases.ALL.get(3)).source();
    Golden.check(dir, "G.java", generated.replace("x_bar", "x_bar2"), true);
    AssertionError e = assertThrows(AssertionError.class,
        () -> Golden.check(dir, "G.java", generated, false));
    assertTrue(e.getMessage().contains("x_bar2"), e.getMessage());
  }

  @Test
  void aMissingGoldenFailsWithItsPath() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Golden.check(dir, "Nope.java", "class Nope {}", false));
    assertTrue(e.getMessage().startsWith("missing golden: " + dir.resolve("Nope.java")), e.getMessage());
  }

  @Test
  void updateWritesAndThenPasses() throws Exception {
    Golden.check(dir, "A.java", "a\nb\n", true);
    assertEquals("a\nb\n", Files.readString(dir.resolve("A.java")));
    Golden.check(dir, "A.java", "a\nb\n", false);
  }

  @Test
  void unifiedDiffShowsContextAndChanges() {
    String d = Golden.unifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "a", "b");
    assertEquals("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", d);
  }
}
