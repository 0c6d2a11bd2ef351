package org.cotangent.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/** Test inputs and the processor run on them. */
final class Sources {
  private Sources() {}

  static JavaFileObject resource(String path) {
    return JavaFileObjects.forResource("sources/" + path);
  }

  static JavaFileObject of(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  static Compilation compile(JavaFileObject... files) {
    return javac().withOptions("-Xlint:all", "-Werror").withProcessors(new DifferentiableProcessor())
        .compile(files);
  }

  /** The text of {@code file} in the golden directory; checks, or with update writes, it. */
  static void golden(String fileName, String actual) throws IOException {
    String dir = System.getProperty("golden.dir");
    Path file = Path.of(dir != null && !dir.isEmpty() ? dir : "src/test/resources/goldens")
        .resolve(fileName);
    if (Boolean.parseBoolean(System.getProperty("golden.update", "false"))) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("missing golden: " + file + "\nTo create it, run: mvn -B -o -pl"
          + " processor -am verify -Dgolden.update=true -Dtest='ProcessorGolden*'"
          + " -Dsurefire.failIfNoSpecifiedTests=false");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      String[] a = expected.split("\n", -1);
      String[] b = actual.split("\n", -1);
      int k = 0;
      while (k < Math.min(a.length, b.length) && a[k].equals(b[k])) {
        k++;
      }
      throw new AssertionError("generated source differs from golden " + file + " at line "
          + (k + 1) + ":\n- " + (k < a.length ? a[k] : "<end>") + "\n+ "
          + (k < b.length ? b[k] : "<end>") + "\nIf intended, rewrite with -Dgolden.update=true"
          + " and review the diff in the same commit.\n--- generated ---\n" + actual);
    }
  }
}
