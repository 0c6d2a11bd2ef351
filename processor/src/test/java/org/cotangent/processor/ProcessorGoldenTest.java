package org.cotangent.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The generated source for the sample inputs, byte for byte against checked-in goldens
 * (processor/src/test/resources/goldens; rewrite with {@code -Dgolden.update=true}). The
 * compilation runs with {@code -Xlint:all -Werror}, so the generated code is warning-free.
 */
class ProcessorGoldenTest {
  static String generated(Compilation c, String qualifiedName) throws IOException {
    JavaFileObject f = c.generatedFile(StandardLocation.SOURCE_OUTPUT,
        qualifiedName.replace('.', '/') + ".java").orElseThrow(
            () -> new AssertionError("no generated " + qualifiedName + ": " + c.diagnostics()));
    return f.getCharContent(true).toString();
  }

  @Test
  void model() throws IOException {
    Compilation c = Sources.compile(Sources.resource("test/Model.java"));
    assertThat(c).succeededWithoutWarnings();
    Sources.golden("ModelDerivatives.java", generated(c, "test.ModelDerivatives"));
  }

  /** Arrays and symbolic sizes: entry reads and checks, flattening, the sized kernels. */
  @Test
  void logisticOverArrays() throws IOException {
    Compilation c = Sources.compile(Sources.of("test.Logit", ArrayDerivativesTest.SOURCE));
    assertThat(c).succeededWithoutWarnings();
    Sources.golden("LogitDerivatives.java", generated(c, "test.LogitDerivatives"));
  }
}
