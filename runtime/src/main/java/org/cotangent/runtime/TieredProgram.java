package org.cotangent.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.cotangent.codegen.Program;

/**
 * A program that runs on its {@link Tape} until its Janino class is ready, then on the class
 * (HotSpot's tiers): after {@code compileAfter} calls on the tape the class is emitted and
 * compiled on one background daemon thread shared by every tiered program, and the next call
 * after that runs it. Both tiers compute the same bits, so a caller never sees the switch. A
 * failed background compilation leaves the program on the tape (its results are right), is
 * logged as a warning with the numbered source, and is kept for {@link #failure()}.
 */
final class TieredProgram implements Program {
  private static final System.Logger LOG = System.getLogger(TieredProgram.class.getName());

  /** One thread: background compilations never take both cores of a small machine. */
  private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cotangent-tier-compiler");
    t.setDaemon(true);
    return t;
  });

  private final Tape tape;
  private final long compileAfter;
  private final Supplier<Program> compile;
  private volatile Program current;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Program> done = new CompletableFuture<>();
  private volatile Throwable failure;

  /**
   * Starts on {@code tape}; {@code compile} gives the compiled program (on the background thread)
   * after {@code compileAfter} calls ({@code Long.MAX_VALUE}: only when {@link #awaitCompiled}
   * asks).
   */
  TieredProgram(Tape tape, long compileAfter, Supplier<Program> compile) {
    this.tape = tape;
    this.compileAfter = compileAfter;
    this.compile = compile;
    this.current = tape;
  }

  /** Starts the background compilation now if {@code compileAfter} is 0. */
  void compileIfEager() {
    if (compileAfter == 0) {
      startCompiling();
    }
  }

  @Override
  public void call(double[][] inputs, double[][] outputs) {
    Program p = current;
    if (p == tape && !started.get() && calls.incrementAndGet() >= compileAfter) {
      startCompiling();
    }
    p.call(inputs, outputs);
  }

  /** True once the compiled class runs. */
  boolean isCompiled() {
    return current != tape;
  }

  Tape tape() {
    return tape;
  }

  /** The background compilation's failure, or null. */
  Throwable failure() {
    return failure;
  }

  /** Starts the compilation if it has not started, waits for it; true if the class runs now. */
  boolean awaitCompiled() {
    startCompiling();
    return done.join() != null;
  }

  private void startCompiling() {
    if (started.compareAndSet(false, true)) {
      COMPILER.execute(this::compileNow);
    }
  }

  private void compileNow() {
    try {
      Program c = compile.get();
      current = c;
      done.complete(c);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      failure = e;
      LOG.log(System.Logger.Level.WARNING, "background compilation failed; the function stays "
          + "on the tape (its results are unaffected): " + e.getMessage(), e);
      done.complete(null);
    }
  }
}
