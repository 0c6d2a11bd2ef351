package org.cotangent.processor;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Provenance;

/**
 * The derivative graphs of a method's graph {@code f} (inputs: its parameters; one scalar
 * output), with respect to the inputs {@code wrt} (ascending), built by the same {@link Ad}
 * transformations as the runtime's {@code Cotangent.valueAndGrad}, {@code jvp} and {@code vjp}:
 *
 * <ul>
 *   <li>{@link #grad}: {@code (x...) -> (value, x_bar for each wrt)} ({@link Ad#valueAndGrad});
 *   <li>{@link #vjp}: {@code (x..., out_bar) -> (value, x_bar for each wrt)} (linearize and
 *       transpose with the given cotangent, {@link Ad#vjpNodes});
 *   <li>{@link #jvp}: {@code (x..., x_dot for each wrt) -> (value, value_dot)} ({@link Ad#jvp}, the
 *       other tangents zero).
 * </ul>
 */
final class Derivatives {
  private Derivatives() {}

  static Graph grad(Graph f, int[] wrt) {
    return Ad.valueAndGrad(f, wrt);
  }

  static Graph vjp(Graph f, int[] wrt, String cotangentName) {
    List<String> names = new ArrayList<>(f.inputNames());
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    names.add(cotangentName);
    types.add(f.output(0).type());
    List<Node> params = Graph.params(types);
    Provenance prov = new Provenance();
    List<Node> outs = Ad.vjpNodes(f, params.subList(0, f.arity()),
        List.of(params.get(f.arity())), prov);
    List<Node> result = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    result.add(outs.get(0));
    outNames.add(f.outputName(0));
    for (int a : wrt) {
      result.add(outs.get(1 + a));
      outNames.add(f.inputNames().get(a) + "_bar");
    }
    return new Graph(names, types, result, outNames, prov);
  }

  static Graph jvp(Graph f, int[] wrt, List<String> tangentNames) {
    Graph j = Ad.jvp(f);
    List<String> names = new ArrayList<>(f.inputNames());
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    for (int k = 0; k < wrt.length; k++) {
      names.add(tangentNames.get(k));
      types.add(Ad.tangentType(f.inputTypes().get(wrt[k])));
    }
    List<Node> params = Graph.params(types);
    List<Node> args = new ArrayList<>(params.subList(0, f.arity()));
    int next = f.arity();
    for (int i = 0; i < f.arity(); i++) {
      boolean tangent = false;
      for (int a : wrt) {
        tangent |= a == i;
      }
      args.add(tangent ? params.get(next++) : Ir.zeros(Ad.tangentType(f.inputTypes().get(i))));
    }
    Provenance prov = new Provenance();
    List<Node> outs = j.call(args, prov);
    return new Graph(names, types, outs, List.of(f.outputName(0), f.outputName(0) + "_dot"), prov);
  }
}
