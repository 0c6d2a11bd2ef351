package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * A function traced from a Java lambda over pytrees of {@link Sym}s ({@link Fn#of}, {@link
 * Fn#tree}). For each structure of its arguments it is a flat function of their leaves: the
 * lambda is called with the arguments rebuilt around traced leaves, and whatever pytree it returns
 * is flattened into the outputs; its structure is kept per signature.
 */
final class TreeLambda extends Fn {
  private final boolean symParams;
  private final Function<Object[], Object> body;

  TreeLambda(String name, List<String> argNames, boolean symParams,
      Function<Object[], Object> body) {
    super(name, argNames);
    this.symParams = symParams;
    this.body = body;
  }

  @Override
  protected Graph traceUncached(List<TensorType> argTypes) {
    return specialize(Specialized.leafArgs(arity())).flat().trace(argTypes);
  }

  @Override
  Specialized specializeUncached(List<Treedef> defs) {
    checkArity(defs.size());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      Treedef d = defs.get(i);
      if (symParams && !d.isLeaf()) {
        throw new IrException("argument " + i + " (" + argNames().get(i) + ") of " + name()
            + " is a pytree " + d + ", but the function's lambda takes a Sym; make it with"
            + " Fn.tree and declare the parameter's type, e.g. Fn.tree((Params p) -> ...)");
      }
      leafNames(argNames().get(i), d, names);
    }
    Map<List<TensorType>, Treedef> outs = new ConcurrentHashMap<>();
    Fn flat = Fn.of(name(), names, leaves -> {
      Object[] args = new Object[defs.size()];
      int k = 0;
      List<TensorType> types = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        int n = defs.get(i).numLeaves();
        List<Sym> syms = new ArrayList<>(n);
        for (Node leaf : leaves.subList(k, k + n)) {
          syms.add(Sym.of(leaf));
          types.add(leaf.type());
        }
        args[i] = Pytrees.unflatten(defs.get(i), syms);
        k += n;
      }
      Pytrees.Flat result = Pytrees.flatten(body.apply(args));
      List<Node> nodes = new ArrayList<>();
      for (Object leaf : result.leaves()) {
        nodes.add(node(leaf));
      }
      outs.put(types, result.treedef().withLeaves(Treedef.Leaf.SYM));
      return nodes;
    });
    return new Specialized(flat, (types, argDefs) -> {
      flat.trace(types);
      Treedef d = outs.get(types);
      if (d == null) {
        throw new IllegalStateException(name() + " traced for " + types + " kept no structure");
      }
      return d;
    });
  }

  /** A result leaf as a node: a traced {@code Sym}, or a constant array. */
  private Node node(Object leaf) {
    if (leaf instanceof Sym s) {
      return s.node();
    }
    Tensor t = Fn.leafTensor(leaf, "a result of " + name());
    return org.cotangent.symbolic.Ir.constant(t);
  }

  /** Input names for an argument's leaves: {@code p_w}, {@code p_b} for {@code Params(w, b)}. */
  static void leafNames(String prefix, Treedef d, List<String> out) {
    if (d.isLeaf()) {
      out.add(prefix);
      return;
    }
    List<String> childNames = new ArrayList<>();
    switch (d.kind) {
      case MAP -> {
        for (Object k : d.keys) {
          childNames.add(prefix + "_" + identifier(k.toString()));
        }
      }
      case RECORD -> {
        for (String c : Pytrees.leafComponentNames(d.type)) {
          childNames.add(prefix + "_" + c);
        }
      }
      default -> {
        for (int i = 0; i < d.children.size(); i++) {
          childNames.add(prefix + i);
        }
      }
    }
    for (int i = 0; i < d.children.size(); i++) {
      leafNames(childNames.get(i), d.children.get(i), out);
    }
  }

  private static String identifier(String key) {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
    }
    return sb.length() == 0 ? "k" : sb.toString();
  }
}
