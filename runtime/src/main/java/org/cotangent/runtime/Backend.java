package org.cotangent.runtime;

import java.util.Objects;
import java.util.function.Function;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.symbolic.ir.Graph;

/**
 * How graphs become running code: an emitter (graph to Java source, by default {@link
 * JavaEmitter#emit}) and a {@link CompileService} (by default {@link CompileService#shared()}).
 * The public API compiles every traced function through {@link #current()}; tests install another
 * backend (for example a fresh compile service, to count compilations) with {@link #install}.
 */
public final class Backend {
  private static volatile Backend current =
      new Backend(JavaEmitter::emit, CompileService.shared());

  private final Function<Graph, GeneratedSource> emitter;
  private final CompileService compileService;
  private final Tiering tiering;

  /** A backend with the tiering of the system properties ({@link Tiering#fromSystemProperties}). */
  public Backend(Function<Graph, GeneratedSource> emitter, CompileService compileService) {
    this(emitter, compileService, Tiering.fromSystemProperties());
  }

  /** A backend whose functions run on the tiers {@code tiering} chooses. */
  public Backend(Function<Graph, GeneratedSource> emitter, CompileService compileService,
      Tiering tiering) {
    this.emitter = Objects.requireNonNull(emitter);
    this.compileService = Objects.requireNonNull(compileService);
    this.tiering = Objects.requireNonNull(tiering);
  }

  public Tiering tiering() {
    return tiering;
  }

  /** The backend the public API uses. */
  public static Backend current() {
    return current;
  }

  /** Makes {@code b} the backend of the public API; returns the previous one (for tests). */
  static Backend install(Backend b) {
    Backend previous = current;
    current = Objects.requireNonNull(b);
    return previous;
  }

  public CompileService compileService() {
    return compileService;
  }

  /** The Java source of {@code g}. */
  public GeneratedSource emit(Graph g) {
    return emitter.apply(g);
  }

  /**
   * {@code g} ready to call: emitted, compiled (or found in the cache) and instantiated, or, when
   * the {@link Tiering} says so and the {@link Tape} covers the graph, lowered to a tape at once
   * and compiled later (after {@link Tiering#compileAfter()} calls, in the background).
   */
  public CompiledFunction compile(Graph g) {
    Tape tape = tiering.mode() != Tiering.Mode.COMPILED && tiering.startsOnTape(g.nodeCount())
        ? Tape.lowerIfCovered(g) : null;
    if (tape != null) {
      long after = tiering.mode() == Tiering.Mode.TAPE ? Long.MAX_VALUE
          : tiering.compileAfter(tape);
      CompiledFunction[] self = new CompiledFunction[1];
      TieredProgram p = new TieredProgram(tape, after,
          () -> compileService.instantiate(self[0].source()));
      self[0] = new CompiledFunction(g, p, () -> emit(g));
      p.compileIfEager();
      return self[0];
    }
    return compileService.load(emit(g), g.inputNames());
  }
}
