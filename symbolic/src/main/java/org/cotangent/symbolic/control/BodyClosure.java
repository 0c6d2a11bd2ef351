package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;

/**
 * Closure conversion of a loop or branch body traced inside another trace, shared by the front
 * ends that trace bodies (the Java API's {@code Control} and the annotation processor's loops):
 * the body was traced on parameters of a scope of its own ({@code own}); the parameters of
 * enclosing traces it reaches become the closed graph's leading inputs ({@link #free}), its own
 * parameters follow.
 */
public final class BodyClosure {
  /** The outer parameters the body reaches, in topological order. */
  public final List<Node> free;
  /** The closed graph's input types: the free parameters', then the body's own. */
  public final List<TensorType> types;
  private final Map<Node, Node> subst = new IdentityHashMap<>();

  private BodyClosure(List<Node> own, List<TensorType> ownTypes, List<Node> outs) {
    Set<Node> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    mine.addAll(own);
    List<Node> f = new ArrayList<>();
    for (Node m : Graph.topoOrder(outs)) {
      if (m.op() instanceof Param && !mine.contains(m)) {
        f.add(m);
      }
    }
    this.free = List.copyOf(f);
    List<TensorType> all = new ArrayList<>();
    for (int k = 0; k < free.size(); k++) {
      subst.put(free.get(k), Param.node(k, free.get(k).type()));
      all.add(free.get(k).type());
    }
    for (int k = 0; k < own.size(); k++) {
      subst.put(own.get(k), Param.node(free.size() + k, ownTypes.get(k)));
      all.add(ownTypes.get(k));
    }
    this.types = List.copyOf(all);
  }

  /** The closure of a body whose own parameters {@code own} (of {@code ownTypes}) gave {@code outs}. */
  public static BodyClosure of(List<Node> own, List<TensorType> ownTypes, List<Node> outs) {
    return new BodyClosure(own, ownTypes, outs);
  }

  /** The substitution from the body's nodes to the closed graph's parameters. */
  public Map<Node, Node> substitution() {
    return subst;
  }
}
