package org.cotangent.runtime;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh compile service behind the public API for each test, restored after it, so a test can
 * count compilations: {@code @RegisterExtension final FreshBackend backend = new FreshBackend();}
 * then {@code backend.service().stats()}.
 */
public final class FreshBackend implements BeforeEachCallback, AfterEachCallback {
  private CompileService service;
  private Backend previous;

  @Override
  public void beforeEach(ExtensionContext context) {
    service = new CompileService();
    previous = TestBackend.install(service);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestBackend.restore(previous);
  }

  /** The service of the running test. */
  public CompileService service() {
    return service;
  }
}
