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

  @Override
  public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
    return impl.call(ev, new Args(name, args, kwargs, pos));
  }
}
