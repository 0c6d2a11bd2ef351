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

  public Backend(Function<Graph, GeneratedSource> emitter, CompileService compileService) {
    this.emitter = Objects.requireNonNull(emitter);
    this.compileService = Objects.requireNonNull(compileService);
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

  /** {@code g} emitted, compiled (or found in the cache) and instantiated. */
  public CompiledFunction compile(Graph g) {
    return compileService.load(emit(g), g.inputNames());
  }
}
