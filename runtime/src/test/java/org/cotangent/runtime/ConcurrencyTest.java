package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.Test;

/** Many threads compiling and calling the same and different programs at once. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PROGRAMS = 12;
  private static final int ROUNDS = 25;

  @Test
  void eightThreadsCompileEachProgramOnceAndAllResultsAreRight() throws Exception {
    CompileService service = new CompileService();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Class<?>>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          Random rnd = new Random(thread);
          Class<?>[] seen = new Class<?>[PROGRAMS];
          for (int round = 0; round < ROUNDS; round++) {
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < PROGRAMS; p++) {
              order.add(p);
            }
            Collections.shuffle(order, rnd);
            for (int p : order) {
              // A new GeneratedSource object each time, as tracing the same function again gives.
              double c = 1.0 + thread;
              GeneratedSource s = HandWritten.affineSin("Conc_" + p, 4, c, p);
              CompiledFunction f = service.load(s);
              double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), 0.25};
              Tensor y = f.call(Tensor.of(x)).get(0);
              for (int i = 0; i < 4; i++) {
                assertEquals(HandWritten.affineSin(x[i], c, p), y.get(i), 0.0);
              }
              if (seen[p] == null) {
                seen[p] = f.program().getClass();
              }
              assertSame(seen[p], f.program().getClass());
            }
          }
          return List.of(seen);
        }));
      }
      start.countDown();
      List<List<Class<?>>> classes = new ArrayList<>();
      for (Future<List<Class<?>>> f : futures) {
        classes.add(f.get(60, TimeUnit.SECONDS));
      }
      // Every thread got the same class per program: each was compiled exactly once.
      for (List<Class<?>> c : classes) {
        assertEquals(classes.get(0), c);
      }
      assertEquals(PROGRAMS, service.compileCount());
      assertEquals((long) THREADS * ROUNDS * PROGRAMS, service.requestCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneCompiledFunctionCalledFromEightThreadsAtOnce() throws Exception {
    CompiledFunction f = new CompileService().load(HandWritten.affineSin("Shared_a", 64, 0.5, 2.0));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final long seed = t;
        futures.add(pool.submit(() -> {
          start.await();
          Random rnd = new Random(seed);
          for (int k = 0; k < 2000; k++) {
            double[] x = new double[64];
            for (int i = 0; i < x.length; i++) {
              x[i] = rnd.nextGaussian();
            }
            Tensor y = f.call(Tensor.of(x)).get(0);
            for (int i = 0; i < x.length; i++) {
              assertEquals(HandWritten.affineSin(x[i], 0.5, 2.0), y.get(i), 0.0);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> fu : futures) {
        fu.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
