package org.cotangent.script;

import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;

/** A function implemented in Java. */
final class Builtin implements Values.Callable {
  interface Impl {
    Object call(Evaluator ev, Args a);
  }

  private final String name;
  private final Impl impl;
  private final Object key;

  /** A per-call built-in ({@code f_jvp} of linearize): its traces are cached by its identity. */
  Builtin(String name, Impl impl) {
    this(name, null, impl);
  }

  /**
   * A built-in whose behaviour is fixed by {@code key}, so traces of it (under vmap, say) are
   * cached across calls and instances: {@code "builtin:sin"} for an installed one, a structural
   * key ({@link TraceCache#derived}) for a pullback; null keeps identity.
   */
  Builtin(String name, Object key, Impl impl) {
    this.name = name;
    this.key = key;
    this.impl = impl;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object cacheKey(TraceCache cache) {
    return key != null ? key : TraceCache.ident(cache.idOf(this));
  }

  @Override
  public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
    return impl.call(ev, new Args(name, args, kwargs, pos));
  }
}
