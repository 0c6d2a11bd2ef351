package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Pad;

/**
 * What each value of a symbolic graph is in generated code (DESIGN, "Symbolic sizes", P2), decided
 * without reading any size: a parameter, a literal (a uniform constant, at any size), a view read
 * in place through index arithmetic (broadcast_in_dim, transpose, slice, rev, index, iota,
 * reshape), an elementwise value inlined into the loop of its only consumer (an elementwise value
 * of the same shape), or a value computed by a statement of its own (a loop nest into an array,
 * or a scalar). The primitives outside the supported families are refused here by name.
 */
final class SymbolicPlan {
  /** Read in place through their operand. */
  static final Set<String> VIEWS = Set.of("broadcast_in_dim", "transpose", "slice", "rev",
      "index", "iota", "dim_value", "reshape", "concatenate");
  /** Computed by a loop nest of their own. */
  static final Set<String> STRUCTURAL = Set.of("reduce_sum", "reduce_max", "reduce_prod",
      "dot_general", "pad", "cumsum", "cumprod");

  enum Kind { PARAM, LITERAL, CONSTANT, VIEW, INLINED, STATEMENT }

  final Graph graph;
  final List<Node> order;
  final List<Node> constants = new ArrayList<>();
  private final Map<Node, Kind> kinds = new IdentityHashMap<>();
  private final Map<Node, List<Node>> consumers = new IdentityHashMap<>();
  /** Views that get an array of their own (outputs are copied instead; a reshape's operand). */
  private final Set<Node> materialised = Collections.newSetFromMap(new IdentityHashMap<>());

  SymbolicPlan(Graph graph) {
    this.graph = graph;
    this.order = graph.topoOrder();
    for (Node n : order) {
      for (Node in : n.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
    for (Node p : graph.params()) {
      kinds.put(p, Kind.PARAM);
    }
    for (Node n : order) {
      if (kinds.containsKey(n)) {
        continue;
      }
      kinds.put(n, classify(n));
    }
    // A reshape reads its operand's array: an operand that is a view or inlined gets one.
    for (Node n : order) {
      if (n.op().name().equals("reshape") && !scalarLike(n.input(0))) {
        Node x = n.input(0);
        if (kinds.get(x) == Kind.VIEW && !x.op().name().equals("reshape")) {
          materialised.add(x);
        }
      }
    }
  }

  private Kind classify(Node n) {
    String p = n.op().name();
    if (n.isConstant()) {
      if (((Constant) n.op()).isUniform()) {
        return Kind.LITERAL;
      }
      reject(n, !n.type().isStatic(), "a non-uniform constant of symbolic type");
      constants.add(n);
      return Kind.CONSTANT;
    }
    if (VIEWS.contains(p)) {
      return Kind.VIEW;
    }
    if (n.op() instanceof org.cotangent.symbolic.control.WhileLoop) {
      SymbolicWhile.check(n);
      return Kind.STATEMENT;
    }
    if (n.op() instanceof org.cotangent.symbolic.control.Scan) {
      reject(n, SymbolicComplex.anyComplex(n), "complex values");
      SymbolicScan.check(n);
      return Kind.STATEMENT;
    }
    if (STRUCTURAL.contains(p) || SymbolicLinalg.PRIMITIVES.contains(p)
        || SymbolicArgReduce.PRIMITIVES.contains(p) || SymbolicSort.PRIMITIVES.contains(p)
        || SymbolicGather.PRIMITIVES.contains(p)) {
      if (p.equals("pad")) {
        Pad op = (Pad) n.op();
        reject(n, !op.noInterior(), "interior padding");
        for (org.cotangent.symbolic.Dim d : op.lowDims()) {
          reject(n, d.isConstant() && d.constant() < 0, "negative padding");
        }
        for (org.cotangent.symbolic.Dim d : op.highDims()) {
          reject(n, d.isConstant() && d.constant() < 0, "negative padding");
        }
      }
      return Kind.STATEMENT;
    }
    Lowering l;
    try {
      l = Lowerings.standard().of(n);
    } catch (UnsupportedOperationException e) {
      l = null;
    }
    if (!(l instanceof ElementwiseLowering) || !l.isElementwise(n)) {
      throw unsupported(p, SymbolicComplex.isComplex(n) ? "complex values" : null);
    }
    if (n.rank() == 0) {
      return Kind.STATEMENT;
    }
    List<Node> cs = consumers.getOrDefault(n, List.of());
    if (cs.size() == 1 && !isOutput(n)) {
      Node c = cs.get(0);
      if (c.rank() > 0 && isElementwise(c) && c.type().shape().equals(n.type().shape())) {
        return Kind.INLINED;
      }
    }
    return Kind.STATEMENT;
  }

  /** True if {@code n} is computed element by element from its inputs' same elements. */
  static boolean isElementwise(Node n) {
    if (n.isConstant() || VIEWS.contains(n.op().name()) || STRUCTURAL.contains(n.op().name())
        || n.op().name().equals("scan")) {
      return false;
    }
    try {
      Lowering l = Lowerings.standard().of(n);
      return l instanceof ElementwiseLowering && l.isElementwise(n);
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  private static void reject(Node n, boolean bad, String what) {
    if (bad) {
      throw unsupported(n.op().name(), what);
    }
  }

  /** The refusal of everything outside the supported families, by name. */
  static IrException unsupported(String primitive, String what) {
    return new IrException("code generation for symbolic sizes: " + primitive
        + (what == null ? "" : " with " + what) + " is not supported yet (specialize the graph to"
        + " concrete sizes first)");
  }

  Kind kind(Node n) {
    return kinds.get(n);
  }

  /** True if {@code n} gets an array or a local written by a statement of its own. */
  boolean hasStatement(Node n) {
    return kinds.get(n) == Kind.STATEMENT || materialised.contains(n);
  }

  /** A view that is copied into an array of its own. */
  boolean isMaterialisedView(Node n) {
    return materialised.contains(n);
  }

  /**
   * Held in an array (parameters, constants, statements and materialised views of rank > 0, and
   * complex scalars, an array of two).
   */
  boolean isArray(Node n) {
    Kind k = kinds.get(n);
    return (n.rank() > 0 || n.dtype().isComplex())
        && (k == Kind.PARAM || k == Kind.CONSTANT || hasStatement(n));
  }

  /** A value read the same at every index: a scalar local or a literal. */
  boolean scalarLike(Node n) {
    return n.rank() == 0 || kinds.get(n) == Kind.LITERAL;
  }

  boolean isOutput(Node n) {
    return graph.outputs().contains(n);
  }

  /** The first output slot of {@code n}, or -1. */
  int firstSlot(Node n) {
    for (int j = 0; j < graph.outputs().size(); j++) {
      if (graph.output(j) == n) {
        return j;
      }
    }
    return -1;
  }

  /** The inlined elementwise values that {@code root}'s loop computes first, in order. */
  List<Node> inlinedInto(Node root) {
    List<Node> r = new ArrayList<>();
    collect(root, r);
    r.remove(r.size() - 1);
    return r;
  }

  private void collect(Node n, List<Node> into) {
    for (Node in : n.inputs()) {
      if (kinds.get(in) == Kind.INLINED && !into.contains(in)) {
        collect(in, into);
      }
    }
    into.add(n);
  }
}
