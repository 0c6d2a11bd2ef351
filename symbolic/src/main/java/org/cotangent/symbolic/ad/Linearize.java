package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.Scope;

/**
 * Linearize (JAX's partial evaluation of a JVP): jvp with placeholder tangents, split into a
 * primal graph {@code x -> (y, residuals)} and a linear graph {@code (residuals, x_dot) -> y_dot}.
 * The linear nodes are those that depend on the placeholders; residuals are the non-linear values
 * they read. {@code jvp(f)(x, t) = linear(residuals(x), t)}.
 */
public final class Linearize {
  private Linearize() {}

  /** The two graphs of a linearization. */
  public static final class Linearized {
    public final Graph primal;
    public final Graph linear;
    public final int numOutputs;
    public final int numResiduals;

    Linearized(Graph primal, Graph linear, int numOutputs, int numResiduals) {
      this.primal = primal;
      this.linear = linear;
      this.numOutputs = numOutputs;
      this.numResiduals = numResiduals;
    }
  }

  public static Linearized of(Graph f) {
    int n = f.arity();
    List<Node> primals = f.params();
    Node[] placeholders = new Node[n];
    for (int i = 0; i < n; i++) {
      placeholders[i] = Param.node(Scope.LINEAR, i, Jvp.tangentType(f.inputTypes().get(i)));
    }
    Provenance prov = new Provenance();
    Jvp.Result r = Jvp.nodes(f, primals, placeholders, prov);
    List<Node> tangentOuts = new ArrayList<>();
    for (int j = 0; j < r.tangents.length; j++) {
      tangentOuts.add(Ad.instantiate(r.tangents[j], r.primals.get(j).type()));
    }
    List<Node> order = Graph.topoOrder(tangentOuts);
    Set<Node> linear = linearNodesIn(order, Arrays.asList(placeholders));
    // Residuals: non-constant primal values that linear nodes read.
    List<Node> residuals = new ArrayList<>();
    Set<Node> isResidual = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Node> isOutput = Collections.newSetFromMap(new IdentityHashMap<>());
    isOutput.addAll(tangentOuts);
    for (Node node : order) {
      for (Node in : linear.contains(node) ? node.inputs() : List.<Node>of()) {
        if (!linear.contains(in) && !in.isConstant() && isResidual.add(in)) {
          residuals.add(in);
        }
      }
      if (!linear.contains(node) && !node.isConstant() && isOutput.contains(node)
          && isResidual.add(node)) {
        residuals.add(node);
      }
    }
    List<Node> primalOuts = new ArrayList<>(r.primals);
    primalOuts.addAll(residuals);
    Graph primal = new Graph(f.inputNames(), f.inputTypes(), primalOuts, null, prov);

    List<TensorType> linTypes = new ArrayList<>();
    List<String> linNames = new ArrayList<>();
    for (int k = 0; k < residuals.size(); k++) {
      linTypes.add(residuals.get(k).type());
      String name = prov.nameOf(residuals.get(k));
      linNames.add(name != null ? name : "r" + k);
    }
    for (int i = 0; i < n; i++) {
      linTypes.add(Jvp.tangentType(f.inputTypes().get(i)));
      linNames.add(f.inputNames().get(i) + "_dot");
    }
    List<Node> linParams = Graph.params(linTypes);
    Map<Node, Node> subst = new IdentityHashMap<>();
    for (int k = 0; k < residuals.size(); k++) {
      subst.put(residuals.get(k), linParams.get(k));
    }
    for (int i = 0; i < n; i++) {
      subst.put(placeholders[i], linParams.get(residuals.size() + i));
    }
    Provenance linProv = new Provenance();
    List<Node> linOuts = Graph.substitute(tangentOuts, subst, prov, linProv);
    List<String> linOutNames = new ArrayList<>();
    for (int j = 0; j < linOuts.size(); j++) {
      linOutNames.add(f.outputName(j) + "_dot");
    }
    return new Linearized(primal, new Graph(linNames, linTypes, linOuts, linOutNames, linProv),
        r.primals.size(), residuals.size());
  }

  /** The nodes among everything {@code roots} depend on that depend on some of {@code inputs}. */
  static Set<Node> linearNodes(List<Node> roots, List<Node> inputs) {
    return linearNodesIn(Graph.topoOrder(roots), inputs);
  }

  /** {@link #linearNodes} given the roots' topological order (callers that need it too). */
  static Set<Node> linearNodesIn(List<Node> order, List<Node> inputs) {
    Set<Node> linear = Collections.newSetFromMap(new IdentityHashMap<>());
    linear.addAll(inputs);
    for (Node node : order) {
      for (Node in : node.inputs()) {
        if (linear.contains(in)) {
          linear.add(node);
          break;
        }
      }
    }
    return linear;
  }
}
