package org.cotangent.script;

import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Param;
import org.cotangent.frontend.script.Pos;
import org.cotangent.frontend.script.Stmt;

/** A user function ({@code def} or {@code lambda}) with the scope it closes over. */
final class Closure implements Values.Callable {
  final String name;
  final List<Param> params;
  final List<Stmt> body;
  final Env env;
  /** The def statement or lambda expression this closure comes from. */
  final Object ast;

  Closure(String name, List<Param> params, List<Stmt> body, Env env, Object ast) {
    this.name = name;
    this.params = params;
    this.body = body;
    this.env = env;
    this.ast = ast;
  }

  /**
   * The same code closing over the same values is the same function, however often the {@code
   * lambda} or {@code def} is evaluated: the key is the AST node and the identities of the values
   * its names resolve to.
   */
  @Override
  public Object cacheKey(TraceCache cache) {
    long code = cache.idOf(ast);
    if (!cache.beginKey(this)) {
      // A recursive def reads its own name: the key being built around this one describes it.
      return TraceCache.derived("recursive", code);
    }
    try {
      List<Object> captured = new java.util.ArrayList<>();
      for (String n : FreeNames.of(ast, body)) {
        Object v = env.lookup(n);
        if (v != null) {
          captured.add(n);
          captured.add(cache.valueKey(v));
        }
      }
      captured.add(0, code);
      return TraceCache.derived("fn", captured.toArray());
    } finally {
      cache.endKey(this);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
    Object[] bound = new Object[params.size()];
    if (args.size() > params.size()) {
      throw pos.error(name + "() takes " + params.size() + " argument" + (params.size() == 1 ? "" : "s")
          + " but " + args.size() + " were given");
    }
    for (int i = 0; i < args.size(); i++) {
      bound[i] = args.get(i);
    }
    for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
      int i = indexOf(kw.getKey());
      if (i < 0) {
        throw pos.error(name + "() got an unexpected keyword argument '" + kw.getKey() + "'");
      }
      if (bound[i] != null) {
        throw pos.error(name + "() got multiple values for argument '" + kw.getKey() + "'");
      }
      bound[i] = kw.getValue();
    }
    for (int i = 0; i < bound.length; i++) {
      if (bound[i] == null) {
        throw pos.error(name + "() missing argument '" + params.get(i).name() + "' (takes "
            + params.size() + ", got " + (args.size() + kwargs.size()) + ")");
      }
    }
    Env local = new Env(env);
    for (int i = 0; i < bound.length; i++) {
      local.define(params.get(i).name(), bound[i]);
    }
    // Inside a trace, the arguments come from the caller's statement: record that before the
    // body's statements record theirs.
    ev.traces.recordInProgress(bound);
    return ev.execBody(body, local);
  }

  private int indexOf(String n) {
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).name().equals(n)) {
        return i;
      }
    }
    return -1;
  }

  List<String> paramNames() {
    List<String> n = new java.util.ArrayList<>();
    for (Param p : params) {
      n.add(p.name());
    }
    return n;
  }
}
