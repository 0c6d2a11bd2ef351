package org.cotangent.runtime;

import org.cotangent.codegen.JavaEmitter;

/** Lets tests outside this package run the public API on a compile service of their own. */
public final class TestBackend {
  private TestBackend() {}

  /** Installs the Java emitter with {@code service}; returns the previous backend. */
  public static Backend install(CompileService service) {
    return Backend.install(new Backend(JavaEmitter::emit, service));
  }

  /** Restores a backend returned by {@link #install}. */
  public static void restore(Backend previous) {
    Backend.install(previous);
  }
}
