package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/** Which tier runs when ({@link Tiering}), and that switching tiers never changes a result. */
class TieringTest {
  private static final Graph GRAD = Ad.valueAndGrad(TapeTest.randomDag(6, 300, 7));

  private static List<Tensor> args(double shift) {
    List<Tensor> a = new ArrayList<>();
    for (int i = 0; i < GRAD.arity(); i++) {
      a.add(Tensor.scalar(0.3 * i - 0.7 + shift));
    }
    return a;
  }

  /** The results of the compiled class, computed on a backend that never tiers. */
  private static final List<Tensor> EXPECTED = new Backend(JavaEmitter::emit,
      new CompileService(), new Tiering(Tiering.Mode.COMPILED, 0, 0)).compile(GRAD).call(args(0));

  private static void assertBits(List<Tensor> expected, List<Tensor> actual) {
    assertEquals(expected.size(), actual.size());
    for (int j = 0; j < expected.size(); j++) {
      double e = expected.get(j).unsafeData()[0];
      double a = actual.get(j).unsafeData()[0];
      assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(a), "output " + j);
    }
  }

  private static Backend backend(CompileService cs, Tiering.Mode mode, int minNodes, long after) {
    return new Backend(JavaEmitter::emit, cs, new Tiering(mode, minNodes, after));
  }

  @Test
  void compiledModeNeverUsesTheTape() {
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.COMPILED, 0, 0).compile(GRAD);
    assertEquals("compiled", f.tier());
    assertEquals(1, cs.compileCount());
    assertBits(EXPECTED, f.call(args(0)));
  }

  @Test
  void tapeModeRunsTheTapeAndNeverCompilesUntilAsked() {
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.TAPE, 1_000_000, 0).compile(GRAD);
    assertEquals("tape", f.tier(), "tape mode ignores minNodes");
    for (int k = 0; k < 50; k++) {
      assertBits(EXPECTED, f.call(args(0)));
    }
    assertEquals(0, cs.compileCount());
    assertTrue(f.awaitCompiled());
    assertEquals("compiled", f.tier());
    assertEquals(1, cs.compileCount());
    assertBits(EXPECTED, f.call(args(0)));
    assertTrue(f.source().source().contains("implements Program"));
  }

  @Test
  void autoCompilesSmallGraphsAtOnce() {
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.AUTO, GRAD.nodeCount() + 1, 0).compile(GRAD);
    assertEquals("compiled", f.tier());
    assertEquals(1, cs.compileCount());
  }

  @Test
  void autoCompilesInTheBackgroundAfterEnoughCalls() {
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.AUTO, GRAD.nodeCount(), 3).compile(GRAD);
    assertEquals("tape", f.tier());
    assertBits(EXPECTED, f.call(args(0)));
    assertBits(EXPECTED, f.call(args(0)));
    assertEquals(0, cs.compileCount(), "two calls of three: not compiled yet");
    assertBits(EXPECTED, f.call(args(0)));
    assertTrue(f.awaitCompiled());
    assertEquals(1, cs.compileCount(), "the third call started the one compilation");
    assertEquals("compiled", f.tier());
    assertBits(EXPECTED, f.call(args(0)));
    assertNull(f.compilationFailure());
  }

  @Test
  void aTapeWithArraysCompilesAHundredTimesSooner() {
    Graph rosen = Graph.trace(List.of("x"), List.of(TensorType.f64(4)), xs -> List.of(
        Ir.reduceSum(Ir.square(Ir.sub(Ir.slice(xs.get(0), new int[] {1}, new int[] {4}),
            Ir.slice(xs.get(0), new int[] {0}, new int[] {3}))), 0)));
    Graph g = Ad.valueAndGrad(rosen);
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.AUTO, 0, 300).compile(g);
    List<Tensor> x = List.of(Tensor.of(0.5, -1.0, 2.0, 0.25));
    List<Tensor> first = f.call(x);
    f.call(x);
    assertEquals(0, cs.compileCount(), "two calls of three");
    f.call(x);
    assertTrue(f.awaitCompiled());
    assertEquals(1, cs.compileCount());
    List<Tensor> compiled = f.call(x);
    for (int j = 0; j < first.size(); j++) {
      double[] a = first.get(j).unsafeData();
      double[] b = compiled.get(j).unsafeData();
      for (int k = 0; k < a.length; k++) {
        assertEquals(Double.doubleToLongBits(a[k]), Double.doubleToLongBits(b[k]));
      }
    }
  }

  @Test
  void compileAfterZeroStartsAtOnce() {
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.AUTO, 0, 0).compile(GRAD);
    assertTrue(f.awaitCompiled());
    assertEquals(1, cs.compileCount());
  }

  @Test
  void graphsTheTapeDoesNotCoverCompileAtOnce() {
    Graph dot = Graph.trace(List.of("a", "b"), List.of(TensorType.f64(3), TensorType.f64(3)),
        xs -> List.of(Ir.dotGeneral(xs.get(0), xs.get(1), new int[] {0}, new int[] {0},
            new int[0], new int[0])));
    CompileService cs = new CompileService();
    CompiledFunction f = backend(cs, Tiering.Mode.TAPE, 0, 0).compile(dot);
    assertEquals("compiled", f.tier());
    assertEquals(1, cs.compileCount());
  }

  @Test
  void aFailedBackgroundCompilationKeepsTheTapeAndIsReported() {
    CompilationFailedException boom = new CompilationFailedException(
        JavaEmitter.emit(GRAD), "failed to compile (a test)", -1, new RuntimeException("x"));
    Backend b = new Backend(g -> {
      throw boom;
    }, new CompileService(), new Tiering(Tiering.Mode.AUTO, 0, 1));
    CompiledFunction f = b.compile(GRAD);
    assertBits(EXPECTED, f.call(args(0)));
    assertFalse(f.awaitCompiled());
    assertEquals("tape", f.tier());
    assertInstanceOf(CompilationFailedException.class, f.compilationFailure());
    assertBits(EXPECTED, f.call(args(0)));
  }

  @Test
  void callsFromManyThreadsAcrossTheSwitchAllGetTheSameBits() throws Exception {
    CompiledFunction f = backend(new CompileService(), Tiering.Mode.AUTO, 0, 200).compile(GRAD);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        jobs.add(pool.submit(() -> {
          for (int k = 0; k < 500; k++) {
            assertBits(EXPECTED, f.call(args(0)));
          }
        }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(f.awaitCompiled());
    assertBits(EXPECTED, f.call(args(0)));
  }

  @Test
  void thePublicApiRunsOnTheTapeWithTheCompiledResults() {
    Fn dag = Fn.of("dag", List.of("a", "b"), xs -> List.of(Ir.add(Ir.sin(Ir.mul(xs.get(0),
        xs.get(1))), Ir.tanh(xs.get(0)))));
    Fn grad = Cotangent.grad(dag, 0, 1);
    Backend previous = Backend.install(
        backend(new CompileService(), Tiering.Mode.COMPILED, 0, 0));
    List<Tensor> compiled;
    List<Tensor> taped;
    try {
      compiled = grad.call(0.4, -1.3);
      Backend.install(backend(new CompileService(), Tiering.Mode.TAPE, 0, 0));
      Fn again = Cotangent.grad(Fn.of("dag", List.of("a", "b"), xs -> List.of(Ir.add(
          Ir.sin(Ir.mul(xs.get(0), xs.get(1))), Ir.tanh(xs.get(0))))), 0, 1);
      assertEquals("tape", again.compile(List.of(TensorType.f64(), TensorType.f64())).tier());
      taped = again.call(0.4, -1.3);
    } finally {
      Backend.install(previous);
    }
    assertBits(compiled, taped);
  }

  @Test
  void systemPropertiesActAndBadValuesAreClearErrors() {
    String[] keys = {"cotangent.tier", "cotangent.tier.minNodes", "cotangent.tier.compileAfter"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      saved[i] = System.getProperty(keys[i]);
    }
    try {
      System.setProperty("cotangent.tier", "tape");
      System.setProperty("cotangent.tier.minNodes", "12");
      System.setProperty("cotangent.tier.compileAfter", "34");
      Tiering t = Tiering.fromSystemProperties();
      assertEquals(Tiering.Mode.TAPE, t.mode());
      assertEquals(12, t.minNodes());
      assertEquals(34, t.compileAfter());
      assertEquals("tape", new Backend(JavaEmitter::emit, new CompileService())
          .compile(GRAD).tier());
      System.setProperty("cotangent.tier", "compiled");
      assertEquals("compiled", new Backend(JavaEmitter::emit, new CompileService())
          .compile(GRAD).tier());
      System.setProperty("cotangent.tier", "fast");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, Tiering::fromSystemProperties);
      assertTrue(e.getMessage().contains("cotangent.tier is 'fast': use auto, tape or compiled"),
          e.getMessage());
      System.setProperty("cotangent.tier", "auto");
      System.setProperty("cotangent.tier.compileAfter", "-1");
      e = assertThrows(IllegalArgumentException.class, Tiering::fromSystemProperties);
      assertTrue(e.getMessage().contains("cotangent.tier.compileAfter is '-1'"), e.getMessage());
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (saved[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], saved[i]);
        }
      }
    }
    assertNotNull(Tiering.fromSystemProperties());
  }
}
