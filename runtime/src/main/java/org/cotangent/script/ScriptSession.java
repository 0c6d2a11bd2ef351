package org.cotangent.script;

import java.io.PrintStream;
import java.util.List;
import org.cotangent.frontend.script.Parser;
import org.cotangent.frontend.script.Program;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * A script-language session: one global scope, in which scripts run and REPL inputs are
 * evaluated. User mistakes surface as {@link ScriptError} ({@code format()} gives {@code
 * file:line:col: message}, the line and a caret); nothing else a script does should throw.
 */
public final class ScriptSession {
  private final Evaluator ev;
  /** The position {@link #callFunction} reports errors at, per name (made once). */
  private final java.util.Map<String, org.cotangent.frontend.script.Pos> callSites =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code out} receives print output; with {@code json}, one JSON line per print call. */
  public ScriptSession(PrintStream out, boolean json) {
    this(out, System.err, json);
  }

  /** Warnings ({@code file:line:col: warning: ...}) go to {@code err}. */
  public ScriptSession(PrintStream out, PrintStream err, boolean json) {
    this.ev = new Evaluator(out, err, json);
  }

  /** Runs a whole script. */
  public void run(String source, String fileName) {
    Program p = Parser.parseProgram(source, fileName);
    ev.execTop(p.statements());
  }

  /**
   * REPL: runs the statements of {@code source} in this session's global scope; returns the
   * printed form of the value of a final expression statement, or null (None or not an
   * expression).
   */
  public String evalInteractive(String source, String fileName) {
    Program p = Parser.parseProgram(source, fileName);
    Object v = ev.execTop(p.statements());
    if (v == null || v == Values.NONE) {
      return null;
    }
    org.cotangent.frontend.script.Pos pos = p.source().pos(1, 1);
    return ev.json ? Printing.json(ev.runner, v, pos) : Printing.repr(ev.runner, v, pos);
  }

  /**
   * Calls the global function {@code name} with no arguments, as {@code timeit} calls a thunk
   * (for benchmarks and for programs that embed a script). Its value is discarded.
   */
  public void callFunction(String name) {
    Object f = ev.globals.lookup(name);
    if (!(f instanceof Values.Callable)) {
      throw new IrException(f == null ? "no function named '" + name + "' in the script"
          : "'" + name + "' is " + Values.typeName(f) + ", not a function");
    }
    org.cotangent.frontend.script.Pos pos = callSites.computeIfAbsent(name,
        n -> new org.cotangent.frontend.script.Source("<call>", n).pos(1, 1));
    ((Values.Callable) f).call(ev, List.of(), java.util.Map.of(), pos);
  }

  /** The global function {@code name} traced at {@code argTypes} (for gen and graph). */
  public Graph trace(String name, List<TensorType> argTypes) {
    Object f = ev.globals.lookup(name);
    if (!(f instanceof Values.Callable)) {
      throw new IrException(f == null ? "no function named '" + name + "' in the script"
          : "'" + name + "' is " + Values.typeName(f) + ", not a function");
    }
    List<Object> args = new java.util.ArrayList<>();
    for (TensorType t : argTypes) {
      args.add(org.cotangent.symbolic.Ir.zeros(t));
    }
    org.cotangent.frontend.script.Pos pos = new org.cotangent.frontend.script.Source("<gen>", name)
        .pos(1, 1);
    Graph g = ev.trace((Values.Callable) f, args,
        Transforms.argNames((Values.Callable) f, args.size()), pos).graph;
    return g;
  }
}
