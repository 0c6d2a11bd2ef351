package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.Scope;

/**
 * Transposition of linear programs (JAX's {@code backward_pass}): walks the linear nodes in
 * reverse topological order, applying each op's transpose rule to its output cotangent and summing
 * the cotangents of values used more than once. Only ops linear in the inputs being transposed are
 * ever transposed ({@code Op.isLinearIn}, {@code Op.isBilinear}); anything else is an error.
 */
public final class Transposition {
  private Transposition() {}

  /**
   * Cotangents of {@code linearInputs} given cotangents {@code cts} of {@code linearOutputs}
   * (null entries are zeros), for a program linear in those inputs. Returns null for an input
   * whose cotangent is zero. {@code prov} (or null) holds the names and origins of the linear
   * nodes and receives those of their cotangents: {@code x_bar}, in the cotangent role.
   */
  public static Node[] nodes(List<Node> linearOutputs, List<Node> linearInputs, List<Node> cts,
      Provenance prov) {
    List<Node> order = Graph.topoOrder(linearOutputs);
    Set<Node> linear = Linearize.linearNodesIn(order, linearInputs);
    Map<Node, Node> ctOf = new IdentityHashMap<>();
    for (int j = 0; j < linearOutputs.size(); j++) {
      Node o = linearOutputs.get(j);
      if (cts.get(j) != null && linear.contains(o)) {
        accumulate(ctOf, o, cts.get(j));
      }
    }
    Set<Node> isInput = Collections.newSetFromMap(new IdentityHashMap<>());
    isInput.addAll(linearInputs);
    for (int k = order.size() - 1; k >= 0; k--) {
      Node node = order.get(k);
      if (!linear.contains(node) || isInput.contains(node)) {
        continue;
      }
      Node ct = ctOf.remove(node);
      if (ct == null) {
        continue;
      }
      if (prov != null) {
        prov.derive(node, ct, "_bar", Origin.Role.COTANGENT);
      }
      boolean[] flags = new boolean[node.arity()];
      int linearCount = 0;
      for (int i = 0; i < flags.length; i++) {
        flags[i] = linear.contains(node.input(i));
        if (flags[i]) {
          linearCount++;
          if (!node.op().isLinearIn(i)) {
            throw new IrException("cannot transpose: " + node.op().name() + " is not linear in its"
                + " input " + i + ", which depends on the inputs being transposed");
          }
        }
      }
      if (linearCount > 1 && node.op().isBilinear()) {
        throw new IrException("cannot transpose: " + node.op().name() + " of two values that both"
            + " depend on the inputs being transposed is not linear in them");
      }
      Node[] inCts;
      try {
        inCts = node.op().transposeRule(ct, node, flags);
      } catch (SymbolicDimException e) {
        throw SymbolicDimException.in("transpose", node.op().name(), e);
      }
      for (int i = 0; i < flags.length; i++) {
        if (flags[i] && inCts[i] != null) {
          if (prov != null && prov.originOf(node) != null) {
            prov.claim(inCts[i], prov.originOf(node).as(Origin.Role.COTANGENT));
          }
          accumulate(ctOf, node.input(i), inCts[i]);
        }
      }
    }
    Node[] result = new Node[linearInputs.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = ctOf.get(linearInputs.get(i));
      if (result[i] != null && prov != null) {
        prov.derive(linearInputs.get(i), result[i], "_bar", Origin.Role.COTANGENT);
      }
    }
    return result;
  }

  private static void accumulate(Map<Node, Node> ctOf, Node node, Node ct) {
    if (!ct.type().equals(node.type())) {
      throw new IllegalStateException("cotangent " + ct.type() + " for a value of type " + node.type());
    }
    ctOf.merge(node, ct, Ir::add);
  }

  /**
   * Transposes a graph linear in its last {@code numLinear} inputs: the result maps {@code
   * (nonlinear inputs..., output cotangents...)} to the cotangents of the linear inputs.
   */
  public static Graph graph(Graph linearGraph, int numLinear) {
    int m = linearGraph.arity() - numLinear;
    List<TensorType> types = new ArrayList<>(linearGraph.inputTypes().subList(0, m));
    List<String> names = new ArrayList<>(linearGraph.inputNames().subList(0, m));
    for (int j = 0; j < linearGraph.outputs().size(); j++) {
      types.add(linearGraph.output(j).type());
      names.add(linearGraph.outputs().size() == 1 ? "out_bar" : "out" + j + "_bar");
    }
    List<Node> params = Graph.params(types);
    List<Node> args = new ArrayList<>(params.subList(0, m));
    List<Node> placeholders = new ArrayList<>();
    for (int i = 0; i < numLinear; i++) {
      Node p = Param.node(Scope.LINEAR, i, linearGraph.inputTypes().get(m + i));
      placeholders.add(p);
      args.add(p);
    }
    Provenance linProv = new Provenance();
    List<Node> outs = linearGraph.call(args, linProv);
    // The cotangents' names derive from these: placeholders as the linear inputs, outputs as
    // the graph's outputs where the body has no name for them.
    Map<Node, String> linearNames = new IdentityHashMap<>(linProv.names());
    for (int i = 0; i < numLinear; i++) {
      linearNames.put(placeholders.get(i), linearGraph.inputNames().get(m + i));
    }
    for (int j = 0; j < outs.size(); j++) {
      linearNames.putIfAbsent(outs.get(j), linearGraph.outputName(j));
    }
    Provenance prov = new Provenance(linearNames, linProv.origins());
    Node[] cts = nodes(outs, placeholders, params.subList(m, params.size()), prov);
    List<Node> result = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < numLinear; i++) {
      result.add(Ad.instantiate(cts[i], placeholders.get(i).type()));
      outNames.add(Provenance.derivedName(linearGraph.inputNames().get(m + i), "_bar"));
    }
    return new Graph(names, types, result, outNames, prov);
  }
}
