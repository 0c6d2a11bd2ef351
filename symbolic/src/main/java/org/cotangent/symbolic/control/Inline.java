package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;

/**
 * Inlines every {@link ClosedCall} (recursively), so that what remains is one flat graph: how code
 * generation lowers calls. Loop bodies are flattened the same way and closure-converted (their
 * non-uniform constants become inputs of the loop, {@link Scan#closureConverted}, {@link
 * WhileLoop#closureConverted}). A conditional
 * becomes all its branches and a select of the picked one's values ({@link Cond#inlined}). The outputs of one body called on the same arguments share its work,
 * because inlined nodes are hash-consed. Names and origins of the outer graph carry over.
 *
 * <p>A checkpoint ({@link ClosedCall#remat}) is not merged with the nodes around it: it becomes a
 * loop of one step ({@link #block}), which code generation writes as a block of its own, so
 * the reverse sweep's recomputation stays a recomputation. Inside a loop body (where each step
 * runs whole anyway, and a forward and a reverse body are different loops) it is inlined.
 */
public final class Inline {
  private Inline() {}

  public static Graph calls(Graph g) {
    return calls(g, true);
  }

  /** {@code blocks}: checkpoints become blocks of their own; otherwise they are inlined. */
  static Graph calls(Graph g, boolean blocks) {
    boolean any = false;
    for (Node n : g.topoOrder()) {
      any |= n.op() instanceof ClosedCall || n.op() instanceof Scan || n.op() instanceof Cond
          || n.op() instanceof CustomJvp || n.op() instanceof CustomVjp
          || n.op() instanceof CustomVjp.Tangent || n.op() instanceof WhileLoop
          || n.op() instanceof RevolveScan || n.op() instanceof RevolveScan.Tangent
          || n.op() instanceof RevolveReverse;
    }
    if (!any) {
      return g;
    }
    Map<Node, Node> env = new IdentityHashMap<>();
    Map<Node, String> names = new IdentityHashMap<>();
    Map<Node, Origin> origins = new IdentityHashMap<>();
    for (Node n : g.topoOrder()) {
      Node r;
      if (n.op() instanceof Param) {
        r = n;
      } else {
        Node[] ins = new Node[n.arity()];
        for (int i = 0; i < ins.length; i++) {
          ins[i] = env.get(n.input(i));
        }
        if (n.op() instanceof ClosedCall) {
          ClosedCall c = (ClosedCall) n.op();
          if (c.remat() && blocks) {
            r = block(c.body(), ins, c.out());
          } else {
            Graph body = calls(c.body(), blocks);
            r = body.call(List.of(ins)).get(c.out());
          }
        } else if (n.op() instanceof CustomJvp c) {
          // Outside differentiation a function with a custom rule is its primal.
          r = calls(c.primal(), blocks).call(List.of(ins)).get(c.out());
        } else if (n.op() instanceof CustomVjp c) {
          r = calls(c.primal(), blocks).call(List.of(ins)).get(c.out());
        } else if (n.op() instanceof CustomVjp.Tangent t) {
          r = calls(t.forward(), blocks).call(List.of(ins)).get(0);
        } else if (n.op() instanceof Cond) {
          r = ((Cond) n.op()).inlined(ins);
        } else if (n.op() instanceof Scan) {
          r = ((Scan) n.op()).closureConverted(ins);
        } else if (n.op() instanceof RevolveScan rs) {
          r = rs.plain().closureConverted(ins);
        } else if (n.op() instanceof RevolveScan.Tangent rt) {
          r = calls(rt.equivalent(), blocks).call(List.of(ins)).get(0);
        } else if (n.op() instanceof RevolveReverse rr) {
          r = rr.closureConverted(ins);
        } else if (n.op() instanceof WhileLoop) {
          r = ((WhileLoop) n.op()).closureConverted(ins);
        } else {
          r = Node.make(n.op(), ins);
        }
      }
      env.put(n, r);
      String name = g.nodeNames().get(n);
      if (name != null) {
        names.putIfAbsent(r, name);
      }
      Origin origin = g.originOf(n);
      if (origin != null) {
        origins.putIfAbsent(r, origin);
      }
    }
    List<Node> outs = new java.util.ArrayList<>();
    for (Node o : g.outputs()) {
      outs.add(env.get(o));
    }
    return new Graph(g.inputNames(), g.inputTypes(), outs, g.outputNames(), names, origins);
  }

  /**
   * Output {@code out} of {@code body} on {@code ins} as a loop of one step, every input a const
   * and every output a {@code y}: how code generation keeps a checkpoint apart (a body over
   * symbolic sizes is a scan body over them, in the caller's size names).
   */
  private static Node block(Graph body, Node[] ins, int out) {
    Scan one = new Scan(body, body.arity(), 0, 1, false, out, List.of());
    return Ir.reshape(one.closureConverted(ins), body.output(out).type().shape());
  }

  /**
   * Closure conversion of a loop body: {@code flat} with the nodes {@code lifted} (constants of its
   * own) turned into leading inputs, named after the nodes where {@code flat} names them.
   */
  static Graph lift(Graph flat, List<Node> lifted) {
    if (lifted.isEmpty()) {
      return flat;
    }
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < lifted.size(); k++) {
      types.add(lifted.get(k).type());
      String name = flat.nameOf(lifted.get(k));
      names.add(name != null ? name : "c" + k);
    }
    types.addAll(flat.inputTypes());
    names.addAll(flat.inputNames());
    List<Node> ps = Graph.params(types);
    java.util.Map<Node, Node> subst = new IdentityHashMap<>();
    for (int k = 0; k < lifted.size(); k++) {
      subst.put(lifted.get(k), ps.get(k));
    }
    for (Node m : flat.topoOrder()) {
      if (m.op() instanceof Param) {
        subst.put(m, ps.get(lifted.size() + ((Param) m.op()).index()));
      }
    }
    org.cotangent.symbolic.ir.Provenance prov = new org.cotangent.symbolic.ir.Provenance();
    List<Node> outs = Graph.substitute(flat.outputs(), subst, flat.provenance(), prov);
    return new Graph(names, types, outs, flat.outputNames(), prov);
  }

  /**
   * The non-uniform constants of {@code graphs}, each once, in order: what closure conversion
   * lifts out of loop bodies into inputs ({@link #lift}).
   */
  static List<Node> ownConstants(List<Graph> graphs) {
    java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> out = new ArrayList<>();
    for (Graph g : graphs) {
      for (Node m : g.topoOrder()) {
        if (m.isConstant() && !((org.cotangent.symbolic.ir.Constant) m.op()).isUniform()
            && seen.add(m)) {
          out.add(m);
        }
      }
    }
    return out;
  }
}
