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
  private final String key;

  Builtin(String name, Impl impl) {
    this(name, null, impl);
  }

  /**
   * A per-call built-in (a pullback) whose behaviour is fixed by {@code key}, so traces of it
   * (under vmap, say) are cached across calls; null keeps identity.
   */
  Builtin(String name, String key, Impl impl) {
    this.name = name;
    this.key = key;
    this.impl = impl;
  }

  @Override
  public String name() {
    return name;
  }

  /** Built-ins installed once are keyed by name; per-call ones (pullbacks) keep their identity. */
  @Override
  public String cacheKey(Evaluator ev) {
    if (key != null) {
      return key;
    }
    return ev.globals.lookup(name) == this ? "builtin:" + name : "@" + ev.idOf(this);
  }

  @Override
  public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
    return impl.call(ev, new Args(name, args, kwargs, pos));
  }
}
