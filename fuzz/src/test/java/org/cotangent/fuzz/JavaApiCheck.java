package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.Pytrees;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;

/**
 * The {@code java-api} check: the program's function through the Java API over a pytree (a map
 * of its arguments, inlined into a lambda by {@code Fn.apply}), its gradient (a real scalar first
 * output) or its reverse-mode Jacobian compiled by {@code Cotangent}, against the IR-level
 * transformation of the graph evaluated by the interpreter. It covers what the script checks do
 * not: pytree flattening and rebuilding, lambdas traced over maps, composition by inlining, and
 * the Java API's compile path.
 */
final class JavaApiCheck {
  private JavaApiCheck() {}

  /**
   * Whether the check applies: floating inputs and a real first output, a scalar (grad) or of at
   * most 64 elements with real inputs (jacrev).
   */
  static boolean applies(Graph g) {
    for (TensorType t : g.inputTypes()) {
      if (!t.dtype().isFloating()) {
        return false;
      }
    }
    TensorType out = g.output(0).type();
    if (g.arity() == 0 || out.dtype().isComplex() || !out.dtype().isFloating()) {
      return false;
    }
    // jacrev (a non-scalar output) takes real inputs only; grad takes complex ones too.
    boolean complexIn = g.inputTypes().stream().anyMatch(t -> t.dtype().isComplex());
    return out.rank() == 0 || (out.size() <= 64 && !complexIn);
  }

  /** Null if the Java API agrees with the interpreter, else what differs. */
  static String check(Graph g, List<Tensor> x) {
    List<String> keys = new ArrayList<>();
    Map<String, Object> args = new TreeMap<>();
    for (int i = 0; i < g.arity(); i++) {
      String k = String.format("a%03d", i);
      keys.add(k);
      args.put(k, x.get(i));
    }
    Fn base = Fn.fromGraph("f", g);
    Fn tree = Fn.tree((Map<String, Sym> m) -> {
      List<Object> a = new ArrayList<>();
      for (String k : keys) {
        a.add(m.get(k));
      }
      Object r = base.applyArgs(a);
      return r instanceof List<?> l ? l.get(0) : r;
    });
    Graph first = new Graph(g.inputNames(), g.inputTypes(), List.of(g.output(0)));
    int[] all = new int[g.arity()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    TensorType out = first.output(0).type();
    boolean scalar = out.rank() == 0 && !out.dtype().isComplex();
    Map<String, Object> got = scalar ? Cotangent.grad(tree).apply(args)
        : Cotangent.jacrev(tree).apply(args);
    List<Tensor> want = Interpreter.eval(scalar ? Ad.grad(first, all)
        : Ad.jacobians(first, "jacrev", all, false), x);
    List<Tensor> have = new ArrayList<>();
    for (String k : keys) {
      Object leaf = got.get(k);
      have.add(leaf instanceof Sym s ? s.value() : (Tensor) leaf);
    }
    if (Pytrees.leaves(got).size() != want.size()) {
      return "the Java API's " + (scalar ? "gradient" : "Jacobian") + " has "
          + Pytrees.leaves(got).size() + " leaves, the IR-level one " + want.size();
    }
    return Num.compare(want, have, Checker.SAME_TOL, true,
        "Java API " + (scalar ? "grad" : "jacrev") + " over a map vs IR-level");
  }
}
