package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Compiling many distinct programs keeps memory bounded: the cache keeps at most its capacity of
 * entries, and classes that nothing uses any more are unloaded.
 */
class CacheMemoryTest {
  private static final int PROGRAMS = 10_000;

  @Test
  void tenThousandDistinctProgramsAreCollected() throws Exception {
    CompileService service = new CompileService(CompileService.DEFAULT_CAPACITY);
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long unloadedBefore = classes.getUnloadedClassCount();
    WeakReference<Class<?>> first = new WeakReference<>(
        service.compileClass(HandWritten.affineSin("Mem_0", 1, 1.0, 0.0)));
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int thread = t;
        futures.add(pool.submit(() -> {
          for (int p = 1 + thread; p < PROGRAMS; p += threads) {
            CompiledFunction f = service.load(HandWritten.affineSin("Mem_" + p, 1, 1.0, p));
            assertEquals(p, f.call(Tensor.of(0.0)).get(0).get(0), 0.0);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        // A hang guard, not a speed bound: under load this takes minutes.
        f.get(600, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(PROGRAMS, service.compileCount());
    assertTrue(service.cacheSize() <= CompileService.DEFAULT_CAPACITY, "cache size "
        + service.cacheSize());
    // Evicted classes are unreachable; a full GC unloads them (a bounded number of tries).
    int expected = PROGRAMS - CompileService.DEFAULT_CAPACITY;
    int gcs = 0;
    long unloaded = 0;
    do {
      System.gc();
      gcs++;
      Thread.sleep(10);
      unloaded = classes.getUnloadedClassCount() - unloadedBefore;
    } while ((first.get() != null || unloaded < expected) && gcs < 20);
    assertNull(first.get(), "the first class is still loaded after " + gcs + " GCs");
    System.out.printf("CacheMemoryTest: %d programs compiled in %.1f s (%.2f ms each on %d"
        + " threads, %.2f ms average compile), %d GCs, %d classes unloaded, cache %d%n",
        PROGRAMS, seconds, seconds * 1e3 / PROGRAMS, threads,
        service.compileNanos() / 1e6 / service.compileCount(), gcs, unloaded,
        service.cacheSize());
    assertTrue(unloaded >= expected,
        "only " + unloaded + " classes unloaded");
  }
}
