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

  Builtin(String name, Impl impl) {
    this.name = name;
    this.impl = impl;
  }

  @Override
  public String name() {
    return name;
  }

  /** Built-ins installed once are keyed by name; per-call ones (pullbacks) keep their identity. */
  @Override
  public String cacheKey(Evaluator ev) {
    return ev.globals.lookup(name) == this ? "builtin:" + name : "@" + ev.idOf(this);
  }

  @Override
  public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
    return impl.call(ev, new Args(name, args, kwargs, pos));
  }
}
