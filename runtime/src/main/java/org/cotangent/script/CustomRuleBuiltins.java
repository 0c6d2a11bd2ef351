package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.CustomVjp;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * {@code custom_jvp(f, jvp)} and {@code custom_vjp(f, fwd, bwd)}, with JAX's signatures: {@code
 * jvp(primals, tangents)} returns {@code (primal_out, tangent_out)}; {@code fwd(*args)} returns
 * {@code (out, residuals)} and {@code bwd(residuals, g)} a tuple of one cotangent per argument.
 * The result is a function that is {@code f} outside differentiation and differentiates by the
 * rule. The functions are traced at each call's argument types; they may not read values traced
 * outside them (pass those as arguments).
 */
final class CustomRuleBuiltins {
  private CustomRuleBuiltins() {}

  static void install(Env g) {
    g.define("custom_jvp", new Builtin("custom_jvp", "builtin:custom_jvp", (ev, a) -> {
      a.expect(2, 2);
      return new Custom(a.fn, Transforms.callable(a.get(0, "f"), a), callable(a, 1, "jvp"), null,
          null);
    }));
    g.define("custom_vjp", new Builtin("custom_vjp", "builtin:custom_vjp", (ev, a) -> {
      a.expect(3, 3);
      return new Custom(a.fn, Transforms.callable(a.get(0, "f"), a), null, callable(a, 1, "fwd"),
          callable(a, 2, "bwd"));
    }));
  }

  private static Values.Callable callable(Args a, int i, String name) {
    Object f = a.get(i, name);
    if (!(f instanceof Values.Callable)) {
      throw a.pos.error(a.fn + "() " + name + " must be a function, got " + Values.typeName(f));
    }
    return (Values.Callable) f;
  }

  /** A function with a custom rule: {@code jvp} for custom_jvp, {@code fwd}/{@code bwd} else. */
  private static final class Custom implements Values.Callable {
    private final String kind;
    private final Values.Callable f;
    private final Values.Callable jvp;
    private final Values.Callable fwd;
    private final Values.Callable bwd;

    Custom(String kind, Values.Callable f, Values.Callable jvp, Values.Callable fwd,
        Values.Callable bwd) {
      this.kind = kind;
      this.f = f;
      this.jvp = jvp;
      this.fwd = fwd;
      this.bwd = bwd;
    }

    @Override
    public String name() {
      return f.name();
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(kind + "(" + f.name() + ") takes positional arguments only");
      }
      Values.Tuple argTuple = new Values.Tuple(args);
      List<Node> leaves;
      try {
        leaves = Pytree.leaves(argTuple);
      } catch (IrException e) {
        throw pos.error(kind + "(" + f.name() + ") takes arrays (or tuples, lists, dicts of"
            + " arrays): " + e.getMessage());
      }
      Traced tf = closed(ev, f, args, "f", pos);
      List<Node> outs;
      if (jvp != null) {
        Traced tr = closed(ev, jvp, List.of(argTuple, zerosLike(argTuple)), "jvp", pos);
        List<Object> pair = Values.items(tr.outTemplate);
        String want = Pytree.signature(tf.outTemplate);
        if (!(tr.outTemplate instanceof Values.Tuple) || pair.size() != 2
            || !Pytree.signature(pair.get(0)).equals(want)
            || !Pytree.signature(pair.get(1)).equals(want)) {
          throw pos.error("custom_jvp(" + f.name() + "): jvp(primals, tangents) must return a pair"
              + " (primal_out, tangent_out), each like f's result " + want + "; it returned "
              + safeSignature(tr.outTemplate));
        }
        outs = apply(ev, leaves, ps -> CustomJvp.call(tf.graph, tr.graph, ps), pos);
      } else {
        Traced tw = closed(ev, fwd, args, "fwd", pos);
        List<Object> pair = Values.items(tw.outTemplate);
        String want = Pytree.signature(tf.outTemplate);
        if (!(tw.outTemplate instanceof Values.Tuple) || pair.size() != 2
            || !Pytree.signature(pair.get(0)).equals(want)) {
          throw pos.error("custom_vjp(" + f.name() + "): fwd must return a pair (out, residuals),"
              + " out like f's result " + want + "; it returned " + safeSignature(tw.outTemplate));
        }
        Traced tb = closed(ev, bwd, List.of(zerosLike(pair.get(1)), zerosLike(tf.outTemplate)),
            "bwd", pos);
        if (!Pytree.signature(tb.outTemplate).equals(Pytree.signature(argTuple))) {
          throw pos.error("custom_vjp(" + f.name() + "): bwd(residuals, g) must return a tuple of"
              + " one cotangent per argument, like the arguments " + Pytree.signature(argTuple)
              + "; it returned " + safeSignature(tb.outTemplate));
        }
        outs = apply(ev, leaves, ps -> CustomVjp.call(tf.graph, tw.graph, tb.graph, ps), pos);
      }
      return Pytree.rebuild(tf.outTemplate, outs);
    }

    private List<Node> apply(Evaluator ev, List<Node> leaves,
        java.util.function.Function<List<Node>, List<Node>> body, Pos pos) {
      List<TensorType> types = Pytree.types(leaves);
      Graph g = Graph.trace(Graph.defaultNames(types.size(), "x"), types, body);
      try {
        return ev.apply(g, leaves, pos);
      } catch (IrException e) {
        throw pos.error(e.getMessage());
      }
    }

    private Traced closed(Evaluator ev, Values.Callable fn, List<Object> args, String what,
        Pos pos) {
      Traced t = ev.trace(fn, args, Transforms.argNames(fn, args.size()), pos);
      if (!t.free.isEmpty()) {
        throw pos.error(kind + "(" + f.name() + "): " + what + " reads a value traced outside it"
            + " (" + t.graph.inputNames().get(t.graph.arity() - t.free.size()) + "); pass it as an"
            + " argument instead");
      }
      return t;
    }
  }

  private static Object zerosLike(Object template) {
    List<Node> zs = new ArrayList<>();
    for (Node n : Pytree.leaves(template)) {
      zs.add(Ir.zeros(n.type()));
    }
    return Pytree.rebuild(template, zs);
  }

  private static String safeSignature(Object v) {
    try {
      return Pytree.signature(v);
    } catch (RuntimeException e) {
      return Values.typeName(v);
    }
  }
}
