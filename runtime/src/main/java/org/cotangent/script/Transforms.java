package org.cotangent.script;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.GradientCheckFailure;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/** The transformations of the script language: grad, value_and_grad, jvp, vjp, linearize, check_grads. */
final class Transforms {
  private Transforms() {}

  /** Argument names of a callable, for naming graph inputs. */
  static List<String> argNames(Values.Callable f, int n) {
    List<String> names = new ArrayList<>();
    if (f instanceof Closure) {
      names.addAll(((Closure) f).paramNames());
    }
    while (names.size() < n) {
      names.add("x" + names.size());
    }
    return names;
  }

  /** Leaf index ranges [start, end) of each argument of a call. */
  static int[][] leafRanges(List<Object> args) {
    int[][] r = new int[args.size()][2];
    int k = 0;
    for (int i = 0; i < args.size(); i++) {
      r[i][0] = k;
      k += Pytree.leaves(args.get(i)).size();
      r[i][1] = k;
    }
    return r;
  }

  /** The graph's inputs: the argument leaves followed by the captured values. */
  static List<Node> inputs(List<Object> args, Evaluator.Traced t) {
    List<Node> in = new ArrayList<>(Pytree.leaves(new Values.Tuple(args)));
    in.addAll(t.free);
    return in;
  }

  // ------------------------------------------------------------------ grad

  /** {@code grad(f, argnums, has_aux, holomorphic)} and {@code value_and_grad(...)}. */
  static final class Grad implements Values.Callable {
    final Values.Callable f;
    final int[] argnums;
    final boolean tupleArgnums;
    final boolean withValue;
    final boolean hasAux;

    Grad(Values.Callable f, int[] argnums, boolean tupleArgnums, boolean withValue, boolean hasAux) {
      this.f = f;
      this.argnums = argnums;
      this.tupleArgnums = tupleArgnums;
      this.withValue = withValue;
      this.hasAux = hasAux;
    }

    @Override
    public String name() {
      return (withValue ? "value_and_grad(" : "grad(") + f.name() + ")";
    }

    @Override
    public String cacheKey(Evaluator ev) {
      return name() + java.util.Arrays.toString(argnums) + tupleArgnums + hasAux + "("
          + f.cacheKey(ev) + ")";
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(name() + " takes positional arguments only");
      }
      for (int a : argnums) {
        if (a < 0 || a >= args.size()) {
          throw pos.error("argnums " + a + " is out of range: " + f.name() + " was called with "
              + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
        }
      }
      Evaluator.Traced t = ev.trace(f, args, argNames(f, args.size()), pos);
      int[][] ranges = leafRanges(args);
      List<Integer> wrt = new ArrayList<>();
      for (int a : argnums) {
        for (int k = ranges[a][0]; k < ranges[a][1]; k++) {
          wrt.add(k);
        }
      }
      Object valueTemplate = t.outTemplate;
      Object auxTemplate = null;
      if (hasAux) {
        if (!(t.outTemplate instanceof Values.Tuple) || ((Values.Tuple) t.outTemplate).items.size() != 2) {
          throw pos.error("with has_aux=True, " + f.name() + " must return a pair (value, aux), got "
              + Values.typeName(t.outTemplate));
        }
        valueTemplate = ((Values.Tuple) t.outTemplate).items.get(0);
        auxTemplate = ((Values.Tuple) t.outTemplate).items.get(1);
      }
      if (!(valueTemplate instanceof Node)) {
        throw pos.error("grad requires " + f.name() + " to return a scalar array, got "
            + Values.typeName(valueTemplate) + (hasAux ? "" : " (if it returns (value, aux), pass has_aux=True)"));
      }
      int[] wrtArr = wrt.stream().mapToInt(Integer::intValue).toArray();
      String key = (withValue ? "vg" : "g") + Arrays.toString(wrtArr);
      Graph main = t.graph;
      Graph gradGraph = t.derive(key, () -> {
        Graph valueOnly = new Graph(main.inputNames(), main.inputTypes(),
            List.of(main.output(0)), main.outputNames() == null ? null : List.of(main.outputName(0)),
            main.nodeNames());
        return withValue ? Ad.valueAndGrad(valueOnly, wrtArr) : Ad.grad(valueOnly, wrtArr);
      });
      List<Node> in = inputs(args, t);
      List<Node> outs = ev.apply(gradGraph, in, pos);
      int k = withValue ? 1 : 0;
      List<Object> grads = new ArrayList<>();
      for (int a : argnums) {
        int n = ranges[a][1] - ranges[a][0];
        grads.add(Pytree.rebuild(args.get(a), outs.subList(k, k + n)));
        k += n;
      }
      Object g = tupleArgnums ? new Values.Tuple(grads) : grads.get(0);
      Object value = withValue ? outs.get(0) : null;
      if (hasAux) {
        Graph auxGraph = t.derive("aux", () -> new Graph(main.inputNames(), main.inputTypes(),
            main.outputs().subList(1, main.outputs().size())));
        Object aux = Pytree.rebuild(auxTemplate, ev.apply(auxGraph, in, pos));
        if (withValue) {
          return new Values.Tuple(List.of(new Values.Tuple(List.of(value, aux)), g));
        }
        return new Values.Tuple(List.of(g, aux));
      }
      return withValue ? new Values.Tuple(List.of(value, g)) : g;
    }
  }

  static Object makeGrad(Evaluator ev, Args a, boolean withValue) {
    a.expect(1, 2, "argnums", "has_aux", "holomorphic");
    Object f = a.get(0, "fun");
    if (!(f instanceof Values.Callable)) {
      throw a.pos.error(a.fn + "() needs a function as its first argument, got " + Values.typeName(f));
    }
    Object an = a.opt(1, "argnums", Evaluator.intConst(0));
    int[] argnums;
    boolean tuple;
    if (an instanceof Values.Tuple || an instanceof Values.ListValue) {
      List<Object> items = an instanceof Values.Tuple ? ((Values.Tuple) an).items : ((Values.ListValue) an).items;
      argnums = new int[items.size()];
      for (int i = 0; i < argnums.length; i++) {
        argnums[i] = ev.intOf(items.get(i), a.pos);
      }
      tuple = true;
    } else {
      argnums = new int[] {ev.intOf(an, a.pos)};
      tuple = false;
    }
    boolean holomorphic = ev.truth(a.opt(-1, "holomorphic", Evaluator.bool(false)), a.pos);
    if (holomorphic) {
      throw a.pos.error("holomorphic=True needs complex differentiation, which has not landed yet");
    }
    boolean hasAux = ev.truth(a.opt(-1, "has_aux", Evaluator.bool(false)), a.pos);
    return new Grad((Values.Callable) f, argnums, tuple, withValue, hasAux);
  }

  // ------------------------------------------------------------------ jvp, vjp, linearize

  static List<Object> items(Object v, Pos pos, String what) {
    if (v instanceof Values.Tuple) {
      return ((Values.Tuple) v).items;
    }
    if (v instanceof Values.ListValue) {
      return ((Values.ListValue) v).items;
    }
    throw pos.error(what + " must be a tuple or list (one entry per argument), got " + Values.typeName(v));
  }

  static Values.Callable callable(Object f, Args a) {
    if (!(f instanceof Values.Callable)) {
      throw a.pos.error(a.fn + "() needs a function as its first argument, got " + Values.typeName(f));
    }
    return (Values.Callable) f;
  }

  /** {@code jvp(f, primals, tangents)} returns {@code (f(*primals), tangent out)}. */
  static Object jvp(Evaluator ev, Args a) {
    a.expect(3, 3);
    Values.Callable f = callable(a.get(0, "fun"), a);
    List<Object> primals = items(a.get(1, "primals"), a.pos, "primals");
    List<Object> tangents = items(a.get(2, "tangents"), a.pos, "tangents");
    return jvpAt(ev, f, primals, tangents, a.pos);
  }

  static Values.Tuple jvpAt(Evaluator ev, Values.Callable f, List<Object> primals, List<Object> tangents,
      Pos pos) {
    if (!Pytree.signature(new Values.Tuple(primals)).equals(Pytree.signature(new Values.Tuple(tangents)))) {
      throw pos.error("tangents must have the structure, shapes and dtypes of the primals: "
          + Pytree.signature(new Values.Tuple(primals)) + " vs " + Pytree.signature(new Values.Tuple(tangents)));
    }
    Evaluator.Traced t = ev.trace(f, primals, argNames(f, primals.size()), pos);
    Graph jg = t.derive("jvp", () -> Ad.jvp(t.graph));
    List<Node> in = inputs(primals, t);
    in.addAll(Pytree.leaves(new Values.Tuple(tangents)));
    for (Node c : t.free) {
      in.add(Ir.zeros(c.type()));
    }
    List<Node> outs = ev.apply(jg, in, pos);
    int m = t.graph.outputs().size();
    return new Values.Tuple(List.of(Pytree.rebuild(t.outTemplate, outs.subList(0, m)),
        Pytree.rebuild(t.outTemplate, outs.subList(m, 2 * m))));
  }

  /** {@code vjp(f, *primals)} returns {@code (f(*primals), pullback)}. */
  static Object vjp(Evaluator ev, Args a) {
    a.expect(1, Integer.MAX_VALUE);
    Values.Callable f = callable(a.get(0, "fun"), a);
    List<Object> primals = new ArrayList<>(a.positional.subList(1, a.positional.size()));
    Evaluator.Traced t = ev.trace(f, primals, argNames(f, primals.size()), a.pos);
    List<Node> in = inputs(primals, t);
    List<Node> value = ev.apply(t.graph, in, a.pos);
    Graph vg = t.derive("vjp", () -> Ad.vjp(t.graph));
    int[][] ranges = leafRanges(primals);
    Object outTemplate = t.outTemplate;
    Values.Callable pullback = new Builtin("vjp_fun(" + f.name() + ")", (ev2, b) -> {
      b.expect(1, 1);
      Object ct = b.get(0, "cotangent");
      String want = Pytree.signature(outTemplate);
      String got;
      try {
        got = Pytree.signature(ct);
      } catch (IrException e) {
        got = Values.typeName(ct);
      }
      if (!want.equals(got)) {
        throw b.pos.error("the cotangent must have the structure and types of the output " + want
            + ", got " + got);
      }
      List<Node> args = new ArrayList<>(in);
      args.addAll(Pytree.leaves(ct));
      List<Node> outs = ev2.apply(vg, args, b.pos);
      int m = t.graph.outputs().size();
      List<Object> cts = new ArrayList<>();
      for (int i = 0; i < primals.size(); i++) {
        cts.add(Pytree.rebuild(primals.get(i), outs.subList(m + ranges[i][0], m + ranges[i][1])));
      }
      return new Values.Tuple(cts);
    });
    return new Values.Tuple(List.of(Pytree.rebuild(outTemplate, value), pullback));
  }

  /** {@code linearize(f, *primals)} returns {@code (f(*primals), f_jvp)}. */
  static Object linearize(Evaluator ev, Args a) {
    a.expect(1, Integer.MAX_VALUE);
    Values.Callable f = callable(a.get(0, "fun"), a);
    List<Object> primals = new ArrayList<>(a.positional.subList(1, a.positional.size()));
    Evaluator.Traced t = ev.trace(f, primals, argNames(f, primals.size()), a.pos);
    List<Node> value = ev.apply(t.graph, inputs(primals, t), a.pos);
    Values.Callable fJvp = new Builtin("f_jvp(" + f.name() + ")", (ev2, b) -> {
      b.expect(primals.size(), primals.size());
      return ((Values.Tuple) jvpAt(ev2, f, primals, b.positional, b.pos)).items.get(1);
    });
    return new Values.Tuple(List.of(Pytree.rebuild(t.outTemplate, value), fJvp));
  }

  /** {@code check_grads(f, args, order=1)}: raises if a derivative disagrees with numerics. */
  static Object checkGrads(Evaluator ev, Args a) {
    a.expect(2, 3, "order", "modes", "seed");
    Values.Callable f = callable(a.get(0, "fun"), a);
    List<Object> args = items(a.get(1, "args"), a.pos, "args");
    int order = ev.intOf(a.opt(2, "order", Evaluator.intConst(1)), a.pos);
    int seed = ev.intOf(a.opt(-1, "seed", Evaluator.intConst(0)), a.pos);
    if (order < 1) {
      throw a.pos.error("check_grads: order must be at least 1, got " + order);
    }
    Evaluator.Traced t = ev.trace(f, args, argNames(f, args.size()), a.pos);
    List<Tensor> x = new ArrayList<>();
    for (Node n : inputs(args, t)) {
      x.add(ev.concrete(n, a.pos));
    }
    for (TensorType type : t.graph.inputTypes()) {
      if (type.dtype().isComplex()) {
        throw a.pos.error("check_grads on complex arguments is not supported yet");
      }
    }
    try {
      CheckGrads.checkGrads(t.graph, x, order, new Random(seed));
    } catch (GradientCheckFailure e) {
      String msg = e.getMessage();
      int nl = msg.indexOf('\n');
      throw a.pos.error("check_grads failed: " + (nl < 0 ? msg : msg.substring(0, nl)));
    }
    return Values.NONE;
  }
}
