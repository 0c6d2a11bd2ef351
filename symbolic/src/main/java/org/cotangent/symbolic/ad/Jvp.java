package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;

/**
 * Forward mode (JAX's {@code jvp} interpreter): every node of a graph rebuilt on new primals,
 * with its tangent from the op's JVP rule. Tangents that are known to be zero are {@code null}
 * (JAX's symbolic {@code Zero}): rules never see all-null tangents and cost nothing for them.
 */
public final class Jvp {
  private Jvp() {}

  /** Primal and tangent outputs of applying a graph; a null tangent is a symbolic zero. */
  public static final class Result {
    public final List<Node> primals;
    public final Node[] tangents;

    Result(List<Node> primals, Node[] tangents) {
      this.primals = primals;
      this.tangents = tangents;
    }
  }

  /**
   * Applies {@code f} to {@code primals}, pushing {@code tangents} (null for zero) forward; the
   * tangent of a non-floating input is always zero. The nodes made are annotated in {@code into}
   * (null: nowhere): primals with their names and origins in {@code f}, tangents as {@code x_dot}
   * with the origin of their primal in the tangent role.
   */
  public static Result nodes(Graph f, List<Node> primals, Node[] tangents, Provenance into) {
    Map<Node, Node> env = new IdentityHashMap<>();
    Map<Node, Node> tan = new IdentityHashMap<>();
    for (Node n : f.topoOrder()) {
      if (n.op() instanceof Param) {
        int i = ((Param) n.op()).index();
        env.put(n, primals.get(i));
        if (tangents[i] != null && n.dtype().isFloating()) {
          tan.put(n, tangents[i]);
        }
        continue;
      }
      Node[] ins = new Node[n.arity()];
      Node[] ts = new Node[n.arity()];
      boolean same = true;
      boolean anyTangent = false;
      for (int i = 0; i < ins.length; i++) {
        ins[i] = env.get(n.input(i));
        same &= ins[i] == n.input(i);
        ts[i] = tan.get(n.input(i));
        anyTangent |= ts[i] != null;
      }
      Node out = same ? n : Node.make(n.op(), ins);
      if (anyTangent) {
        out = n.op().jvpPrimal(out, Collections.unmodifiableList(Arrays.asList(ins)), ts);
      }
      env.put(n, out);
      if (into != null) {
        into.carry(f, n, out);
      }
      if (anyTangent) {
        Node t;
        try {
          t = n.op().jvp(out, Collections.unmodifiableList(Arrays.asList(ins)), ts);
        } catch (SymbolicDimException e) {
          throw SymbolicDimException.in("jvp", n.op().name(), e);
        }
        if (t != null) {
          if (!t.type().equals(tangentType(out.type()))) {
            throw new IllegalStateException("JVP rule of " + n.op() + " gave " + t.type()
                + " for output " + out.type());
          }
          tan.put(n, t);
          if (into != null) {
            into.derive(f, n, t, "_dot", Origin.Role.TANGENT);
          }
        }
      }
    }
    List<Node> outs = new ArrayList<>();
    Node[] touts = new Node[f.outputs().size()];
    for (int j = 0; j < touts.length; j++) {
      outs.add(env.get(f.output(j)));
      touts[j] = tan.get(f.output(j));
    }
    return new Result(outs, touts);
  }

  /** The type of a tangent of a value of type {@code t}. */
  public static TensorType tangentType(TensorType t) {
    return t;
  }

  /**
   * Forward mode as a graph from {@code (x..., x_dot...)} to {@code (y..., y_dot...)}. Zero output
   * tangents are materialised as zero constants here, at the boundary.
   */
  public static Graph graph(Graph f) {
    int n = f.arity();
    List<TensorType> types = new ArrayList<>(f.inputTypes());
    List<String> names = new ArrayList<>(f.inputNames());
    for (int i = 0; i < n; i++) {
      types.add(tangentType(f.inputTypes().get(i)));
      names.add(f.inputNames().get(i) + "_dot");
    }
    List<Node> params = Graph.params(types);
    Node[] tangents = params.subList(n, 2 * n).toArray(new Node[0]);
    Provenance prov = new Provenance();
    Result r = nodes(f, params.subList(0, n), tangents, prov);
    List<Node> outs = new ArrayList<>(r.primals);
    List<String> outNames = new ArrayList<>();
    for (int j = 0; j < r.tangents.length; j++) {
      outs.add(Ad.instantiate(r.tangents[j], r.primals.get(j).type()));
      outNames.add(f.outputName(j));
    }
    for (int j = 0; j < r.tangents.length; j++) {
      outNames.add(f.outputName(j) + "_dot");
    }
    return new Graph(names, types, outs, outNames, prov);
  }
}
