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
import org.cotangent.symbolic.ir.Origin;

/**
 * The transformations of the script language: grad, value_and_grad, vmap, jacfwd, jacrev, hessian,
 * jvp, vjp, linearize, check_grads.
 */
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

  /** {@code a} as an immutable list, for cache keys (arrays compare by identity). */
  static List<Integer> ints(int[] a) {
    Integer[] boxed = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      boxed[i] = a[i];
    }
    return List.of(boxed);
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

  /** Checks {@code argnums} against a call and returns the leaf indices of those arguments. */
  static List<Integer> wrtLeaves(Values.Callable f, int[] argnums, List<Object> args,
      int[][] ranges, Pos pos) {
    List<Integer> wrt = new ArrayList<>();
    for (int a : argnums) {
      if (a < 0 || a >= args.size()) {
        throw pos.error(Ad.argnumOutOfRange(f.name(), a, args.size()));
      }
      for (int k = ranges[a][0]; k < ranges[a][1]; k++) {
        wrt.add(k);
      }
    }
    return wrt;
  }

  /** The graph's inputs: the argument leaves followed by the captured values. */
  static List<Node> inputs(List<Object> args, Traced t) {
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
    final boolean holomorphic;

    Grad(Values.Callable f, int[] argnums, boolean tupleArgnums, boolean withValue, boolean hasAux,
        boolean holomorphic) {
      this.f = f;
      this.argnums = argnums;
      this.tupleArgnums = tupleArgnums;
      this.withValue = withValue;
      this.hasAux = hasAux;
      this.holomorphic = holomorphic;
    }

    @Override
    public String name() {
      return (withValue ? "value_and_grad(" : "grad(") + f.name() + ")";
    }

    @Override
    public Object cacheKey(TraceCache cache) {
      return TraceCache.derived(withValue ? "value_and_grad" : "grad", ints(argnums),
          tupleArgnums, hasAux, holomorphic, f.cacheKey(cache));
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(name() + " takes positional arguments only");
      }
      int[][] ranges = leafRanges(args);
      List<Integer> wrt = wrtLeaves(f, argnums, args, ranges, pos);
      Traced t = ev.trace(f, args, argNames(f, args.size()), pos);
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
      Graph main = t.graph;
      Graph gradGraph = t.derive(List.of("grad", withValue, ints(wrtArr), holomorphic, hasAux),
          () -> hasAux
          ? Ad.gradWithAux(main, withValue, holomorphic, wrtArr)
          : Ad.grad(main, withValue, holomorphic, wrtArr));
      if (holomorphic) {
        warnIfNotHolomorphic(ev, main, wrtArr, f, pos);
      }
      List<Node> in = inputs(args, t);
      List<Node> outs = ev.apply(gradGraph, in, pos);
      int k = withValue ? 1 : 0;
      int numAux = hasAux ? main.outputs().size() - 1 : 0;
      int auxAt = k;
      if (hasAux && withValue) {
        k += numAux;
      }
      List<Object> grads = new ArrayList<>();
      for (int a : argnums) {
        int n = ranges[a][1] - ranges[a][0];
        grads.add(Pytree.rebuild(args.get(a), outs.subList(k, k + n)));
        k += n;
      }
      Object g = tupleArgnums ? new Values.Tuple(grads) : grads.get(0);
      Object value = withValue ? outs.get(0) : null;
      if (hasAux) {
        int from = withValue ? auxAt : k;
        Object aux = Pytree.rebuild(auxTemplate, outs.subList(from, from + numAux));
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
    Object an = a.opt(1, "argnums", Values.intConst(0));
    int[] argnums;
    boolean tuple;
    if (an instanceof Values.Tuple || an instanceof Values.ListValue) {
      List<Object> items = Values.items(an);
      argnums = new int[items.size()];
      for (int i = 0; i < argnums.length; i++) {
        argnums[i] = Values.intOf(items.get(i), a.pos);
      }
      tuple = true;
    } else {
      argnums = new int[] {Values.intOf(an, a.pos)};
      tuple = false;
    }
    boolean holomorphic = ev.truth(a.opt(-1, "holomorphic", Values.bool(false)), a.pos);
    boolean hasAux = ev.truth(a.opt(-1, "has_aux", Values.bool(false)), a.pos);
    return new Grad((Values.Callable) f, argnums, tuple, withValue, hasAux, holomorphic);
  }

  // ------------------------------------------------------------------ vmap

  /** {@code vmap(f, in_axes=0, out_axes=0)}: {@code f} mapped over an axis of its arguments. */
  static final class VmapFn implements Values.Callable {
    final Values.Callable f;
    final Object inAxes;
    final Object outAxes;

    VmapFn(Values.Callable f, Object inAxes, Object outAxes) {
      this.f = f;
      this.inAxes = inAxes;
      this.outAxes = outAxes;
    }

    @Override
    public String name() {
      return "vmap(" + f.name() + ")";
    }

    @Override
    public Object cacheKey(TraceCache cache) {
      return TraceCache.derived("vmap", cache.valueKey(inAxes), cache.valueKey(outAxes),
          f.cacheKey(cache));
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(name() + " takes positional arguments only");
      }
      List<Integer> axes = new ArrayList<>();
      if (inAxes instanceof Values.Tuple || inAxes instanceof Values.ListValue) {
        List<Object> specs = items(inAxes, pos, "in_axes");
        if (specs.size() != args.size()) {
          throw pos.error("vmap in_axes has " + specs.size() + " entr" + (specs.size() == 1 ? "y" : "ies")
              + " but " + f.name() + " was called with " + args.size() + " argument"
              + (args.size() == 1 ? "" : "s"));
        }
        for (int i = 0; i < args.size(); i++) {
          expandAxes(specs.get(i), args.get(i), axes, pos, "in_axes of argument " + i);
        }
      } else {
        expandAxes(inAxes, new Values.Tuple(args), axes, pos, "in_axes");
      }
      List<Node> leaves = Pytree.leaves(new Values.Tuple(args));
      // Normalise axes, find the batch size (one implementation and one set of messages with the
      // Java API: Vmap.batchSize), and slice the arguments' types for tracing.
      List<TensorType> leafTypes = new ArrayList<>();
      for (int k = 0; k < leaves.size(); k++) {
        leafTypes.add(leaves.get(k).type());
      }
      // Names for messages only: made when a message asks for one, not on every call.
      List<String> names = new java.util.AbstractList<String>() {
        @Override
        public String get(int k) {
          return leafName(args, k);
        }

        @Override
        public int size() {
          return leafTypes.size();
        }
      };
      int[] ax = new int[leaves.size()];
      int size;
      try {
        size = org.cotangent.symbolic.ad.Vmap.batchSize(f.name(), leafTypes, names,
            axes.toArray(new Integer[0]), ax);
      } catch (org.cotangent.symbolic.IrException e) {
        throw pos.error(e.getMessage());
      }
      List<Node> unbatched = new ArrayList<>();
      for (int k = 0; k < leaves.size(); k++) {
        Node leaf = leaves.get(k);
        unbatched.add(ax[k] == org.cotangent.symbolic.ad.Vmap.NOT_MAPPED ? leaf
            : Ir.zeros(leaf.type().withShape(removeAxis(leaf.type().shape(), ax[k]))));
      }
      List<Object> symArgs = items(Pytree.rebuild(new Values.Tuple(args), unbatched), pos, "args");
      Traced t = ev.trace(f, symArgs, argNames(f, args.size()), pos);
      List<Integer> outs = new ArrayList<>();
      expandAxes(outAxes, t.outTemplate, outs, pos, "out_axes");
      int[] outAx = new int[outs.size()];
      for (int j = 0; j < outAx.length; j++) {
        Integer a = outs.get(j);
        int r = t.graph.output(j).rank() + 1;
        if (a == null) {
          throw pos.error("vmap out_axes=None is not supported; give every output an axis");
        }
        outAx[j] = a < 0 ? a + r : a;
        if (outAx[j] < 0 || outAx[j] >= r) {
          throw pos.error("vmap out_axes " + a + " is out of range for an output of rank " + r
              + " (batch axis included)");
        }
      }
      int[] allIn = Arrays.copyOf(ax, t.graph.arity());
      Arrays.fill(allIn, ax.length, allIn.length, org.cotangent.symbolic.ad.Vmap.NOT_MAPPED);
      int n = size;
      Graph vg = t.derive(List.of("vmap", ints(allIn), ints(outAx), n),
          () -> org.cotangent.symbolic.ad.Vmap.vmap(t.graph, allIn, outAx, n));
      List<Node> in = new ArrayList<>(leaves);
      in.addAll(t.free);
      return Pytree.rebuild(t.outTemplate, ev.apply(vg, in, pos));
    }
  }

  private static org.cotangent.symbolic.Shape removeAxis(org.cotangent.symbolic.Shape s, int axis) {
    int[] d = new int[s.rank() - 1];
    for (int a = 0, k = 0; a < s.rank(); a++) {
      if (a != axis) {
        d[k++] = s.dim(a);
      }
    }
    return org.cotangent.symbolic.Shape.of(d);
  }

  /** "argument i" (or "argument i, leaf j" inside a pytree argument), for messages. */
  private static String leafName(List<Object> args, int leaf) {
    int[][] r = leafRanges(args);
    for (int i = 0; i < r.length; i++) {
      if (leaf >= r[i][0] && leaf < r[i][1]) {
        return "argument " + i + (r[i][1] - r[i][0] == 1 && args.get(i) instanceof Node ? ""
            : " (leaf " + (leaf - r[i][0]) + ")");
      }
    }
    return "leaf " + leaf;
  }

  /**
   * The axis of every leaf of {@code tree} under an axes spec that is a prefix of it: an int or
   * None applies to every leaf below; a tuple, list or dict matches the structure one level down.
   * The spec is matched against the tree's {@link org.cotangent.Treedef}, so the axes come out in
   * the order the leaves flatten (a dict's sorted keys), whatever order either dict was written in.
   */
  static void expandAxes(Object spec, Object tree, List<Integer> out, Pos pos,
      String what) {
    if ((spec == Values.NONE || spec instanceof Node) && (tree instanceof Node
        || tree instanceof Values.Tuple && TraceCache.allArrays(((Values.Tuple) tree).items))) {
      // One axis for every leaf of an array or a tuple of arrays: no structure to match.
      Integer a = spec == Values.NONE ? null : Values.intOf(spec, pos);
      for (int k = Pytree.leaves(tree).size(); k > 0; k--) {
        out.add(a);
      }
      return;
    }
    expandAxes(spec, Pytree.structure(tree), out, pos, what);
  }

  private static void expandAxes(Object spec, org.cotangent.Treedef def, List<Integer> out,
      Pos pos, String what) {
    if (spec == Values.NONE || spec instanceof Node) {
      Integer a = spec == Values.NONE ? null : Values.intOf(spec, pos);
      for (int k = def.numLeaves(); k > 0; k--) {
        out.add(a);
      }
      return;
    }
    List<org.cotangent.Treedef> cs = def.children();
    if ((spec instanceof Values.Tuple || spec instanceof Values.ListValue)
        && Pytree.isSequence(def)) {
      List<Object> ss = items(spec, pos, what);
      if (ss.size() == cs.size()) {
        for (int i = 0; i < ss.size(); i++) {
          expandAxes(ss.get(i), cs.get(i), out, pos, what);
        }
        return;
      }
    }
    if (spec instanceof Values.Dict && Pytree.isDict(def)
        && new java.util.TreeSet<Object>(((Values.Dict) spec).entries.keySet())
            .equals(new java.util.TreeSet<>(def.nodeKeys()))) {
      for (int i = 0; i < cs.size(); i++) {
        expandAxes(((Values.Dict) spec).entries.get((String) def.nodeKeys().get(i)), cs.get(i),
            out, pos, what);
      }
      return;
    }
    throw pos.error("vmap " + what + " must be an int, None, or a tuple/list/dict matching the"
        + " structure " + Pytree.describe(def, java.util.Collections.nCopies(def.numLeaves(), "*"))
        + ", got " + Values.typeName(spec));
  }

  static Object makeVmap(Evaluator ev, Args a) {
    a.expect(1, 3, "in_axes", "out_axes");
    Values.Callable f = callable(a.get(0, "fun"), a);
    Object in = a.opt(1, "in_axes", Values.intConst(0));
    Object out = a.opt(2, "out_axes", Values.intConst(0));
    return new VmapFn(f, in, out);
  }

  // ------------------------------------------------------- jacfwd, jacrev, hessian

  /** {@code jacfwd}, {@code jacrev} and {@code hessian} with {@code argnums} (an int or a tuple). */
  static final class Jacobian implements Values.Callable {
    final String kind;
    final Values.Callable f;
    final int[] argnums;
    final boolean tupleArgnums;
    final boolean holomorphic;

    Jacobian(String kind, Values.Callable f, int[] argnums, boolean tupleArgnums,
        boolean holomorphic) {
      this.kind = kind;
      this.f = f;
      this.argnums = argnums;
      this.tupleArgnums = tupleArgnums;
      this.holomorphic = holomorphic;
    }

    @Override
    public String name() {
      return kind + "(" + f.name() + ")";
    }

    @Override
    public Object cacheKey(TraceCache cache) {
      return TraceCache.derived(kind, ints(argnums), tupleArgnums, holomorphic,
          f.cacheKey(cache));
    }

    @Override
    public Object call(Evaluator ev, List<Object> args, Map<String, Object> kwargs, Pos pos) {
      if (!kwargs.isEmpty()) {
        throw pos.error(name() + " takes positional arguments only");
      }
      int[][] ranges = leafRanges(args);
      List<Integer> wrt = wrtLeaves(f, argnums, args, ranges, pos);
      Traced t = ev.trace(f, args, argNames(f, args.size()), pos);
      Graph main = t.graph;
      int m = main.outputs().size();
      boolean second = kind.equals("hessian");
      // One graph with every block: output j, leaf k (and leaf l for the Hessian), in that order.
      if (holomorphic) {
        warnIfNotHolomorphic(ev, main, wrt.stream().mapToInt(Integer::intValue).toArray(), f, pos);
      }
      int[] wrtArr = wrt.stream().mapToInt(Integer::intValue).toArray();
      Graph all = t.derive(List.of(kind, List.copyOf(wrt), holomorphic),
          () -> Ad.jacobians(main, kind, wrtArr, holomorphic));
      List<Node> values = ev.apply(all, inputs(args, t), pos);
      int per = second ? wrt.size() * wrt.size() : wrt.size();
      List<Object> perOutput = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        List<Node> block = values.subList(j * per, (j + 1) * per);
        if (!second) {
          perOutput.add(structured(args, block));
        } else {
          List<Object> rows = new ArrayList<>();
          for (int k = 0; k < wrt.size(); k++) {
            rows.add(structured(args, block.subList(k * wrt.size(), (k + 1) * wrt.size())));
          }
          perOutput.add(structured(args, rows));
        }
      }
      return Pytree.rebuildAny(t.outTemplate, perOutput);
    }

    /** Values for the leaves of the argnums arguments, in their structure (a tuple for tuples). */
    private Object structured(List<Object> args, List<?> values) {
      List<Object> parts = new ArrayList<>();
      int k = 0;
      for (int a : argnums) {
        int n = Pytree.leaves(args.get(a)).size();
        parts.add(Pytree.rebuildAny(args.get(a), values.subList(k, k + n)));
        k += n;
      }
      return tupleArgnums ? new Values.Tuple(parts) : parts.get(0);
    }
  }

  static Object makeJacobian(Evaluator ev, Args a, String kind) {
    a.expect(1, 2, "argnums", "has_aux", "holomorphic");
    Values.Callable f = callable(a.get(0, "fun"), a);
    boolean holomorphic = ev.truth(a.opt(-1, "holomorphic", Values.bool(false)), a.pos);
    if (ev.truth(a.opt(-1, "has_aux", Values.bool(false)), a.pos)) {
      throw a.pos.error(kind + "() with has_aux=True is not supported yet");
    }
    Object an = a.opt(1, "argnums", Values.intConst(0));
    if (an instanceof Values.Tuple || an instanceof Values.ListValue) {
      List<Object> its = items(an, a.pos, "argnums");
      int[] argnums = new int[its.size()];
      for (int i = 0; i < argnums.length; i++) {
        argnums[i] = Values.intOf(its.get(i), a.pos);
      }
      return new Jacobian(kind, f, argnums, true, holomorphic);
    }
    return new Jacobian(kind, f, new int[] {Values.intOf(an, a.pos)}, false, holomorphic);
  }

  // ------------------------------------------------------------------ jvp, vjp, linearize

  static List<Object> items(Object v, Pos pos, String what) {
    List<Object> items = Values.items(v);
    if (items != null) {
      return items;
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
    if (!TraceCache.signature(new Values.Tuple(primals))
        .equals(TraceCache.signature(new Values.Tuple(tangents)))) {
      throw pos.error("tangents must have the structure, shapes and dtypes of the primals: "
          + Pytree.signature(new Values.Tuple(primals)) + " vs " + Pytree.signature(new Values.Tuple(tangents)));
    }
    Traced t = ev.trace(f, primals, argNames(f, primals.size()), pos);
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
    // The function's key, computed once for the trace and the pullback's key (at the top level;
    // inside a trace nothing is cached and the pullback keeps its identity).
    Object fnKey = ev.traces.depth() == 0 ? f.cacheKey(ev.cache) : null;
    Traced t = ev.trace(f, fnKey, primals, argNames(f, primals.size()), a.pos);
    List<Node> in = inputs(primals, t);
    List<Node> value = ev.apply(t.graph, in, a.pos);
    Graph vg = t.derive("vjp", () -> Ad.vjp(t.graph));
    int[][] ranges = leafRanges(primals);
    Object outTemplate = t.outTemplate;
    Object key = fnKey == null ? null : TraceCache.derived("vjp_fun", fnKey,
        ev.cache.valueKey(new Values.Tuple(primals)));
    Values.Callable pullback = new Builtin("vjp_fun(" + f.name() + ")", key, (ev2, b) -> {
      b.expect(1, 1);
      Object ct = b.get(0, "cotangent");
      TraceCache.Key got;
      try {
        got = TraceCache.signature(ct);
      } catch (IrException e) {
        got = null;
      }
      if (got == null || !got.equals(TraceCache.signature(outTemplate))) {
        throw b.pos.error("the cotangent must have the structure and types of the output "
            + Pytree.signature(outTemplate) + ", got "
            + (got == null ? Values.typeName(ct) : Pytree.signature(ct)));
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
    Traced t = ev.trace(f, primals, argNames(f, primals.size()), a.pos);
    List<Node> value = ev.apply(t.graph, inputs(primals, t), a.pos);
    Values.Callable fJvp = new Builtin("f_jvp(" + f.name() + ")", (ev2, b) -> {
      b.expect(primals.size(), primals.size());
      return ((Values.Tuple) jvpAt(ev2, f, primals, b.positional, b.pos)).items.get(1);
    });
    return new Values.Tuple(List.of(Pytree.rebuild(t.outTemplate, value), fJvp));
  }

  /**
   * With holomorphic=True the result is JAX's whatever f is (the transpose of its linearization);
   * when f is provably not holomorphic (a primitive's derivative uses a tangent's conjugate or
   * parts) the user is told once, with the primitive and where it comes from.
   */
  private static void warnIfNotHolomorphic(Evaluator ev, Graph g, int[] wrt, Values.Callable f,
      Pos pos) {
    org.cotangent.symbolic.ad.Holomorphy.Witness w =
        org.cotangent.symbolic.ad.Holomorphy.nonHolomorphic(g, wrt);
    if (w != null) {
      ev.warn(pos, "holomorphic=True, but " + f.name() + " is not holomorphic (" + w
          + "); the result is the transpose of its linearization, as in JAX");
    }
  }

  /**
   * {@code check_grads(f, args, order=1, modes=None, atol=None, rtol=None, eps=None, seed=0)}:
   * raises if a derivative disagrees with numerics (JAX's keywords).
   */
  static Object checkGrads(Evaluator ev, Args a) {
    a.expect(2, 3, "order", "modes", "seed", "atol", "rtol", "eps");
    Values.Callable f = callable(a.get(0, "fun"), a);
    List<Object> args = items(a.get(1, "args"), a.pos, "args");
    int order = Values.intOf(a.opt(2, "order", Values.intConst(1)), a.pos);
    int seed = Values.intOf(a.opt(-1, "seed", Values.intConst(0)), a.pos);
    if (order < 1) {
      throw a.pos.error("check_grads: order must be at least 1, got " + order);
    }
    Traced t = ev.trace(f, args, argNames(f, args.size()), a.pos);
    List<Tensor> x = new ArrayList<>();
    for (Node n : inputs(args, t)) {
      x.add(ev.runner.concrete(n, a.pos));
    }
    boolean fwd = true;
    boolean rev = true;
    Object modes = a.opt(-1, "modes", Values.NONE);
    if (modes != Values.NONE) {
      fwd = false;
      rev = false;
      for (Object m : items(modes, a.pos, "modes")) {
        if ("fwd".equals(m)) {
          fwd = true;
        } else if ("rev".equals(m)) {
          rev = true;
        } else {
          throw a.pos.error("check_grads: unknown mode " + Printing.repr(ev.runner, m, a.pos)
              + "; modes are \"fwd\" and \"rev\", e.g. modes=[\"fwd\", \"rev\"]");
        }
      }
      if (!fwd && !rev) {
        throw a.pos.error("check_grads: modes is empty; give \"fwd\", \"rev\" or both");
      }
    }
    CheckGrads.Tolerance tol = CheckGrads.DEFAULT;
    Object atol = a.opt(-1, "atol", Values.NONE);
    Object rtol = a.opt(-1, "rtol", Values.NONE);
    Object eps = a.opt(-1, "eps", Values.NONE);
    if (atol != Values.NONE || rtol != Values.NONE || eps != Values.NONE) {
      try {
        tol = new CheckGrads.Tolerance(
            atol == Values.NONE ? tol.atol() : ev.doubleOf(atol, a.pos),
            rtol == Values.NONE ? tol.rtol() : ev.doubleOf(rtol, a.pos),
            eps == Values.NONE ? tol.eps() : ev.doubleOf(eps, a.pos));
      } catch (org.cotangent.symbolic.IrException e) {
        throw a.pos.error(e.getMessage());
      }
    }
    try {
      CheckGrads.checkGrads(t.graph, x, order, fwd, rev, new Random(seed), tol);
    } catch (GradientCheckFailure e) {
      String msg = e.getMessage();
      int nl = msg.indexOf('\n');
      throw a.pos.error("check_grads failed: " + (nl < 0 ? msg : msg.substring(0, nl)));
    }
    return Values.NONE;
  }
}
