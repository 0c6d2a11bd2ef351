package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.InternalCompilerException;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Test;

class CompileServiceTest {
  /**
   * The Janino actually on the class path: the one the build declares, or, in CI's second run
   * ({@code -Djanino.version=3.1.9 -Dexpect.janino=3.1.9}), Spark's pinned 3.1.9.
   */
  @Test
  void reportsTheJaninoInUse() {
    String expected = System.getProperty("expect.janino", System.getProperty("janino.version"));
    String v = CompileService.janinoVersion();
    assertTrue(v.matches("\\d+\\.\\d+\\.\\d+"), v);
    if (expected != null) {
      assertEquals(expected, v);
    }
    assertEquals(v, new CompileService().stats().janinoVersion);
  }

  @Test
  void compilesAndRunsAHandWrittenProgram() {
    CompileService service = new CompileService();
    CompiledFunction f = service.load(HandWritten.affineSin("Affine_a", 3, 2.0, 0.5));
    List<Tensor> out = f.call(Tensor.of(0.0, 1.0, -2.0));
    assertEquals(1, out.size());
    assertEquals(TensorType.f64(3), out.get(0).type());
    double[] x = {0.0, 1.0, -2.0};
    for (int i = 0; i < 3; i++) {
      assertEquals(HandWritten.affineSin(x[i], 2.0, 0.5), out.get(0).get(i), 0.0);
    }
    assertEquals(1, service.compileCount());
    assertTrue(service.compileNanos() > 0);
  }

  @Test
  void theSameSourceCompilesOnce() {
    CompileService service = new CompileService();
    GeneratedSource s = HandWritten.affineSin("Affine_b", 2, 1.0, 0.0);
    Class<? extends Program> c1 = service.compileClass(s);
    Class<? extends Program> c2 = service.compileClass(HandWritten.affineSin("Affine_b", 2, 1.0, 0.0));
    assertSame(c1, c2);
    assertEquals(1, service.compileCount());
    assertEquals(2, service.requestCount());
    // Different constants are constructor arguments: the same class serves both.
    CompiledFunction g = service.load(HandWritten.affineSin("Affine_b", 2, 3.0, 0.0));
    assertSame(c1, g.program().getClass());
    assertEquals(3.0 * Math.sin(1.0), g.call(Tensor.of(1.0, 0.0)).get(0).get(0), 0.0);
    assertEquals(1, service.compileCount());
  }

  @Test
  void aDifferentSourceUnderTheSameNameIsADifferentClass() {
    CompileService service = new CompileService();
    CompiledFunction f = service.load(HandWritten.affineSin("Affine_c", 1, 1.0, 1.0));
    CompiledFunction g = service.load(HandWritten.affineSin("Affine_c", 1, 1.0, 2.0));
    assertNotSame(f.program().getClass(), g.program().getClass());
    assertEquals(2, service.compileCount());
    assertEquals(1.0, f.call(Tensor.of(0.0)).get(0).get(0), 0.0);
    assertEquals(2.0, g.call(Tensor.of(0.0)).get(0).get(0), 0.0);
  }

  @Test
  void manyInstancesOfOneClass() {
    // JDK 17's reflection spins an accessor class after ~15 constructions; it must load.
    CompileService service = new CompileService();
    for (int i = 0; i < 50; i++) {
      CompiledFunction f = service.load(HandWritten.affineSin("Affine_h", 1, i, 0.0));
      assertEquals(i * Math.sin(1.0), f.call(Tensor.of(1.0)).get(0).get(0), 0.0);
    }
    assertEquals(1, service.compileCount());
  }

  @Test
  void eachClassHasItsOwnLoaderWhoseParentHidesTheApplication() {
    CompileService service = new CompileService();
    Class<?> a = service.compileClass(HandWritten.affineSin("Affine_d", 1, 1.0, 1.0));
    Class<?> b = service.compileClass(HandWritten.affineSin("Affine_e", 1, 1.0, 1.0));
    assertNotSame(a.getClassLoader(), b.getClassLoader());
    assertSame(GeneratedCodeClassLoader.INSTANCE, a.getClassLoader().getParent());
    assertTrue(GeneratedCodeClassLoader.isVisible("java.lang.Math"));
    assertTrue(GeneratedCodeClassLoader.isVisible("org.cotangent.codegen.Program"));
    assertTrue(GeneratedCodeClassLoader.isVisible("org.cotangent.codegen.Rt$Complex"));
    assertTrue(!GeneratedCodeClassLoader.isVisible("org.cotangent.runtime.CompileService"));
    assertTrue(!GeneratedCodeClassLoader.isVisible("jdk.internal.misc.Unsafe"));
    assertTrue(!GeneratedCodeClassLoader.isVisible("sun.misc.Unsafe"));
    assertTrue(!GeneratedCodeClassLoader.isVisible("org.cotangent.codegen.sub.X"));
    assertTrue(!GeneratedCodeClassLoader.isVisible("org.codehaus.janino.SimpleCompiler"));
  }

  @Test
  void generatedCodeCannotSeeApplicationClasses() {
    CompileService service = new CompileService();
    GeneratedSource s = HandWritten.scalarBody("Sneaky_a",
        "    outputs[0][0] = org.cotangent.runtime.CompileService.shared().compileCount();\n");
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> service.load(s));
    assertInstanceOf(CompileException.class, e.getCause());
    assertTrue(e.getMessage().contains("org.cotangent.runtime"), e.getMessage());
  }

  @Test
  void aSyntaxErrorBecomesCompilationFailedExceptionWithTheNumberedSource() {
    CompileService service = new CompileService();
    GeneratedSource s = HandWritten.scalarBody("Broken_a",
        "    outputs[0][0] = inputs[0][0] +;\n");
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> service.load(s));
    assertInstanceOf(CompileException.class, e.getCause());
    String m = e.getMessage();
    assertTrue(m.startsWith("generated class org.cotangent.generated.Broken_a failed to compile:"),
        m);
    assertTrue(m.contains("File 'Broken_a.java', Line 8"), m);
    assertTrue(m.contains("This is a bug in Cotangent"), m);
    assertTrue(m.contains("   8      outputs[0][0] = inputs[0][0] +;"), m);
    assertTrue(m.contains("   1  package org.cotangent.generated;"), m);
    assertEquals(s.numberedSource(), e.numberedSource());
    assertEquals("org.cotangent.generated.Broken_a", e.className());
    // A failure is not cached: asking again compiles (and fails) again.
    assertThrows(CompilationFailedException.class, () -> service.load(s));
    assertEquals(2, service.compileCount());
  }

  @Test
  void codeBeyond64KbBecomesCompilationFailedExceptionShowingTheLinesAround() {
    StringBuilder body = new StringBuilder("    double a = inputs[0][0];\n");
    for (int i = 0; i < 8000; i++) {
      body.append("    a = a * 1.0000001 + ").append(i).append(".5;\n");
    }
    body.append("    outputs[0][0] = a;\n");
    GeneratedSource s = HandWritten.scalarBody("Huge_a", body.toString());
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> new CompileService().load(s));
    assertInstanceOf(InternalCompilerException.class, e.getCause(), e.getMessage());
    String m = e.getMessage();
    assertTrue(m.contains("This is a bug in Cotangent"), m);
    assertTrue(m.contains("numberedSource() has all of them"), m);
    assertTrue(m.length() < 10_000, "message of " + m.length() + " chars");
    assertTrue(e.numberedSource().contains("8009      outputs[0][0] = a;"));
  }

  @Test
  void aClassThatIsNotAProgramIsRejected() {
    String text = "package org.cotangent.generated;\npublic final class NotProgram_a {\n}\n";
    GeneratedSource s = HandWritten.source("NotProgram_a", text, List.of(),
        List.of(), List.of());
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> new CompileService().load(s));
    assertTrue(e.getMessage().contains("does not implement org.cotangent.codegen.Program"),
        e.getMessage());
  }

  @Test
  void aMissingClassNameIsReported() {
    GeneratedSource s = HandWritten.source("Other_a",
        HandWritten.unit("Other_b", "  public void call(double[][] i, double[][] o) {}\n"),
        List.of(), List.of(), List.of());
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> new CompileService().load(s));
    assertInstanceOf(ClassNotFoundException.class, e.getCause());
  }

  @Test
  void aFailingConstructorIsReported() {
    String body = "  public Ctor_a(double[][] constants) {\n"
        + "    throw new IllegalStateException(\"boom\");\n"
        + "  }\n"
        + "  public void call(double[][] i, double[][] o) {}\n";
    GeneratedSource s = HandWritten.source("Ctor_a", HandWritten.unit("Ctor_a", body),
        List.of(), List.of(), List.of());
    CompilationFailedException e = assertThrows(CompilationFailedException.class,
        () -> new CompileService().load(s));
    assertTrue(e.getMessage().contains("failed in its constructor: IllegalStateException: boom"),
        e.getMessage());
  }

  @Test
  void argumentsAreCheckedAgainstTheInputTypes() {
    CompiledFunction f = new CompileService().load(HandWritten.affineSin("Affine_f", 3, 1.0, 0.0),
        List.of("w"));
    IrException e = assertThrows(IrException.class, () -> f.call(Tensor.of(1.0, 2.0)));
    assertEquals("argument 0 (w) must be f64[3], got f64[2]", e.getMessage());
    IrException e2 = assertThrows(IrException.class, () -> f.call(List.of()));
    assertEquals("compiled function takes 1 argument [f64[3]], got 0", e2.getMessage());
    IrException e3 = assertThrows(IrException.class,
        () -> f.call(Tensor.full(TensorType.of(DType.C128, 3), 1.0)));
    assertEquals("argument 0 (w) must be f64[3], got c128[3]", e3.getMessage());
  }

  @Test
  void complexOutputsAreInterleaved() {
    // conj over c128[2]: (re, im) pairs in one array.
    String body = "  public Conj_a(double[][] constants) {\n  }\n"
        + "  public void call(double[][] inputs, double[][] outputs) {\n"
        + "    for (int k = 0; k < 2; k++) {\n"
        + "      outputs[0][2 * k] = inputs[0][2 * k];\n"
        + "      outputs[0][2 * k + 1] = -inputs[0][2 * k + 1];\n"
        + "    }\n"
        + "  }\n";
    TensorType c2 = TensorType.of(DType.C128, 2);
    GeneratedSource s = HandWritten.source("Conj_a", HandWritten.unit("Conj_a", body), List.of(),
        List.of(c2), List.of(c2));
    Tensor z = Tensor.of(c2, new double[] {1, 2, 3, -4});
    Tensor out = new CompileService().load(s).call(z).get(0);
    assertEquals(Tensor.of(c2, new double[] {1, -2, 3, 4}), out);
  }

  @Test
  void theContextClassLoaderDoesNotMatter() throws Exception {
    ClassLoader saved = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(new ClassLoader(null) {});
    try {
      CompiledFunction f = new CompileService().load(HandWritten.affineSin("Affine_g", 1, 1.0, 1.0));
      assertEquals(1.0, f.call(Tensor.of(0.0)).get(0).get(0), 0.0);
    } finally {
      Thread.currentThread().setContextClassLoader(saved);
    }
  }
}
