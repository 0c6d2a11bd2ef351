package org.cotangent.script;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Parser;
import org.cotangent.frontend.script.Pos;
import org.cotangent.frontend.script.Source;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Node;

/**
 * For the fuzzer (a test helper in the script package): calls a script function at the top
 * level on concrete arrays, as {@code print(f(x))} does, so the eager path (constant folding,
 * transformations compiled through the runtime's backend, pytrees rebuilt) is checked too.
 */
public final class FuzzAccess {
  private FuzzAccess() {}

  private static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());

  /** The leaves of {@code fn(args...)} evaluated at the top level of a fresh session running {@code text}. */
  public static List<Tensor> callTopLevel(String text, String fn, List<Tensor> args) {
    Evaluator ev = new Evaluator(NULL_OUT, NULL_OUT, false);
    ev.execTop(Parser.parseProgram(text, "<fuzz>").statements());
    Object f = ev.globals.lookup(fn);
    if (!(f instanceof Values.Callable)) {
      throw new IllegalArgumentException("no function " + fn);
    }
    Pos pos = new Source("<fuzz-call>", fn).pos(1, 1);
    List<Object> a = new ArrayList<>();
    for (Tensor t : args) {
      a.add(Ir.constant(t));
    }
    Object out = ((Values.Callable) f).call(ev, a, Map.of(), pos);
    List<Tensor> r = new ArrayList<>();
    for (Node n : Pytree.leaves(out)) {
      r.add(ev.runner.concrete(n, pos));
    }
    return r;
  }
}
