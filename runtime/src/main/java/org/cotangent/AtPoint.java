package org.cotangent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The transformations that are evaluated at a point ({@link Cotangent#jvp(Fn, List, List)},
 * {@link Cotangent#vjp}, {@link Cotangent#linearize}, {@link Cotangent#checkGrads}) over pytree
 * arguments, in and out of traces; {@link Cotangent} holds their documented entry points.
 */
final class AtPoint {
  private AtPoint() {}

  /** Pytree arguments as the leaves of their flat function, with their structures. */
  private record Flattened(Specialized spec, List<Treedef> defs, List<Tensor> leaves) {}

  static Cotangent.JvpOut jvp(Fn f, List<?> primals, List<?> tangents) {
    if (primals.size() != f.arity() || tangents.size() != primals.size()) {
      throw new IrException("jvp(" + f.name() + "): takes " + f.arity() + " primal"
          + (f.arity() == 1 ? "" : "s") + " and as many tangents, got " + primals.size()
          + " primals and " + tangents.size() + " tangents");
    }
    List<Treedef> defs = new ArrayList<>();
    List<Object> leaves = new ArrayList<>();
    List<Object> tleaves = new ArrayList<>();
    for (int i = 0; i < primals.size(); i++) {
      Treedef d = Pytrees.flatten(primals.get(i), leaves, "primal " + i);
      Treedef t = Pytrees.flatten(tangents.get(i), tleaves, "tangent " + i);
      if (!t.withLeaves(Treedef.Leaf.ANY).equals(d.withLeaves(Treedef.Leaf.ANY))) {
        throw new IrException("jvp(" + f.name() + "): tangent " + i + " must have the structure"
            + " of its primal " + d + ", got " + t);
      }
      defs.add(d);
    }
    Specialized s = f.specialize(defs);
    List<Object> all = new ArrayList<>(leaves);
    all.addAll(tleaves);
    if (anyTraced(all)) {
      // Inside another function's trace: the JVP is inlined there (JAX's jvp under jit or vmap).
      List<org.cotangent.symbolic.ir.Node> nodes = nodes(all, "jvp(" + f.name() + ")");
      List<org.cotangent.symbolic.ir.Node> r = s.flat().jvpFunction().inline(nodes);
      int m = r.size() / 2;
      List<TensorType> types = new ArrayList<>();
      for (org.cotangent.symbolic.ir.Node n : nodes.subList(0, leaves.size())) {
        types.add(n.type());
      }
      Treedef od = s.out().of(types, defs);
      return new Cotangent.JvpOut(Pytrees.unflatten(od, syms(r.subList(0, m))),
          Pytrees.unflatten(od, syms(r.subList(m, r.size()))), null, null);
    }
    List<Tensor> ts = new ArrayList<>();
    for (Object leaf : all) {
      ts.add(Fn.leafTensor(leaf, "jvp(" + f.name() + ")"));
    }
    List<Tensor> r = s.flat().jvpFunction().call(ts);
    int m = r.size() / 2;
    Treedef od = s.out().of(Fn.typesOf(ts.subList(0, leaves.size())), defs);
    return new Cotangent.JvpOut(Pytrees.unflatten(od, Fn.asKinds(r.subList(0, m), od)),
        Pytrees.unflatten(od, Fn.asKinds(r.subList(m, r.size()), od)), r.subList(0, m),
        r.subList(m, r.size()));
  }

  static Cotangent.Linearization linearize(Fn f, Object... primals) {
    Flattened fl = flattened(f, Arrays.asList(primals), "linearize");
    List<Tensor> args = fl.leaves;
    Graph g = fl.spec.flat().trace(Fn.typesOf(args));
    org.cotangent.symbolic.ad.Linearize.Linearized lin = Ad.linearize(g);
    List<Tensor> outs = org.cotangent.runtime.Backend.current().compile(lin.primal).call(args);
    List<Tensor> residuals = outs.subList(lin.numOutputs, outs.size());
    Graph linear = lin.linear;
    int nr = lin.numResiduals;
    List<TensorType> tangentTypes = linear.inputTypes().subList(nr, linear.arity());
    List<String> names = linear.inputNames().subList(nr, linear.arity());
    Graph bound = Graph.trace(names, tangentTypes, ps -> {
      List<Node> in = new ArrayList<>();
      for (Tensor r : residuals) {
        in.add(org.cotangent.symbolic.Ir.constant(r));
      }
      in.addAll(ps);
      return linear.call(in);
    });
    return new Cotangent.Linearization(outs.subList(0, lin.numOutputs),
        Fn.fromGraph("linearize(" + f.name() + ")", bound));
  }

  static Pullback vjpArgs(Fn f, List<?> primals) {
    if (anyTraced(primals)) {
      return tracedVjp(f, primals);
    }
    Flattened fl = flattened(f, primals, "vjp");
    List<Treedef> defs = fl.defs;
    Specialized s = fl.spec;
    List<Tensor> args = fl.leaves;
    VjpPlan plan = s.flat().vjpPlan(Fn.typesOf(args));
    List<Tensor> outs = plan.forward.call(args);
    Treedef od = s.out().of(Fn.typesOf(args), defs);
    return new Pullback(plan, outs.subList(0, plan.numOutputs),
        outs.subList(plan.numOutputs, outs.size()), od, defs, null);
  }

  static Pullback vjp(Fn f, Options options, Object... primals) {
    if (options.argnumList().length > 0 || options.isHolomorphic()) {
      throw new IrException("vjp(" + f.name() + "): only hasAux applies to vjp, got " + options);
    }
    if (!options.isHasAux()) {
      return vjpArgs(f, Arrays.asList(primals));
    }
    Flattened fl = flattened(f, Arrays.asList(primals), "vjp");
    Specialized s = fl.spec;
    List<TensorType> types = Fn.typesOf(fl.leaves);
    Treedef od = s.out().of(types, fl.defs);
    if (od.kind != Treedef.Kind.LIST || od.children().size() != 2) {
      throw new IrException("vjp(" + f.name() + ", hasAux): the function must return a pair (out,"
          + " aux), got the structure " + od);
    }
    Treedef outDef = od.children().get(0);
    Treedef auxDef = od.children().get(1);
    int n = outDef.numLeaves();
    Fn flat = s.flat();
    Fn valueOnly = Fn.derived(f.name(), flat.argNames(), ts -> {
      Graph g = flat.trace(ts);
      return new Graph(g.inputNames(), g.inputTypes(), g.outputs().subList(0, n), null,
          g.nodeNames(), g.origins());
    });
    Fn auxOnly = Fn.derived(f.name() + "_aux", flat.argNames(), ts -> {
      Graph g = flat.trace(ts);
      return new Graph(g.inputNames(), g.inputTypes(), g.outputs().subList(n, g.outputs().size()),
          null, g.nodeNames(), g.origins());
    });
    Object aux = Pytrees.unflatten(auxDef, Fn.asKinds(auxOnly.call(fl.leaves), auxDef));
    VjpPlan plan = valueOnly.vjpPlan(types);
    List<Tensor> outs = plan.forward.call(fl.leaves);
    return new Pullback(plan, outs.subList(0, plan.numOutputs),
        outs.subList(plan.numOutputs, outs.size()), outDef, fl.defs, aux);
  }

  static void checkGrads(Fn f, List<?> args, int order, List<String> modes, double atol,
      double rtol, double eps) {
    if (order < 1) {
      throw new IrException("checkGrads: order must be at least 1, got " + order);
    }
    boolean fwd = false;
    boolean rev = false;
    for (String m : modes) {
      if ("fwd".equals(m)) {
        fwd = true;
      } else if ("rev".equals(m)) {
        rev = true;
      } else {
        throw new IrException("checkGrads: unknown mode '" + m + "'; modes are \"fwd\" and"
            + " \"rev\"");
      }
    }
    if (!fwd && !rev) {
      throw new IrException("checkGrads: no mode given; pass \"fwd\", \"rev\" or both");
    }
    Flattened fl = flattened(f, args, "checkGrads");
    List<Tensor> x = fl.leaves;
    CheckGrads.checkGrads(fl.spec.flat().trace(Fn.typesOf(x)), x, order, fwd, rev,
        new java.util.Random(0), new CheckGrads.Tolerance(atol, rtol, eps));
  }

  /** Whether any leaf of these pytrees is a traced {@link Sym}. */
  private static boolean anyTraced(List<?> trees) {
    for (Object t : trees) {
      for (Object leaf : Pytrees.leaves(t)) {
        if (leaf instanceof Sym s && !s.isConcrete()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Leaves as nodes: traced {@code Sym}s as they are, values as constants. */
  private static List<org.cotangent.symbolic.ir.Node> nodes(List<Object> leaves, String where) {
    List<org.cotangent.symbolic.ir.Node> nodes = new ArrayList<>();
    for (Object leaf : leaves) {
      nodes.add(leaf instanceof Sym s ? s.node()
          : org.cotangent.symbolic.Ir.constant(Fn.leafTensor(leaf, where)));
    }
    return nodes;
  }

  private static List<Sym> syms(List<org.cotangent.symbolic.ir.Node> nodes) {
    List<Sym> r = new ArrayList<>(nodes.size());
    for (org.cotangent.symbolic.ir.Node n : nodes) {
      r.add(Sym.of(n));
    }
    return r;
  }

  /**
   * {@code vjp} inside another function's trace: the outputs are traced, and the pullback inlines
   * the VJP of the function's graph at the traced primals when it is applied.
   */
  private static Pullback tracedVjp(Fn f, List<?> primals) {
    List<Treedef> defs = new ArrayList<>();
    List<Object> leaves = new ArrayList<>();
    for (int i = 0; i < primals.size(); i++) {
      defs.add(Pytrees.flatten(primals.get(i), leaves, "primal " + i + " of vjp(" + f.name()
          + ")"));
    }
    Specialized s = f.specialize(defs);
    List<org.cotangent.symbolic.ir.Node> nodes = nodes(leaves, "vjp(" + f.name() + ")");
    List<TensorType> types = new ArrayList<>();
    for (org.cotangent.symbolic.ir.Node n : nodes) {
      types.add(n.type());
    }
    Graph g = s.flat().trace(types);
    return new Pullback(f.name(), g, syms(nodes), s.out().of(types, defs), defs);
  }

  private static Flattened flattened(Fn f, List<?> args, String what) {
    List<Treedef> defs = new ArrayList<>();
    List<Object> leaves = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      defs.add(Pytrees.flatten(args.get(i), leaves, "argument " + i + " of " + what + "("
          + f.name() + ")"));
    }
    Specialized s = f.specialize(defs);
    List<Tensor> ts = new ArrayList<>();
    for (Object leaf : leaves) {
      ts.add(Fn.leafTensor(leaf, what + "(" + f.name() + ")"));
    }
    return new Flattened(s, defs, ts);
  }
}
