package org.cotangent.symbolic.ad;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Cond;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Scope;
import org.cotangent.symbolic.ops.ConvertElementType;
import org.cotangent.symbolic.ops.MakeComplex;
import org.cotangent.symbolic.ops.Unary;

/**
 * Whether a function is provably not holomorphic: its linearization uses the conjugate (or the
 * real or imaginary part) of a tangent of its complex inputs, so its derivative is not
 * multiplication by a complex number. {@code grad(f, holomorphic=True)} of such a function is
 * still JAX's answer (the transpose of the linearization, for parity), but front ends warn.
 * The check pushes placeholder tangents through each primitive's JVP rule, as linearize does, and
 * looks at what each rule builds: the first primitive whose rule takes a tangent's conjugate,
 * real or imaginary part, or builds a complex number from real tangents, is named.
 */
public final class Holomorphy {
  private Holomorphy() {}

  /** What makes a function not holomorphic: the primitive and where it comes from. */
  public static final class Witness {
    /** The primitive whose JVP rule is not complex-linear in its tangent. */
    public final String primitive;
    /** The op of that rule that uses the tangent's conjugate or parts ({@code conj}, {@code real}, ...). */
    public final String use;
    /** Where the primitive comes from in the source, or null. */
    public final Origin origin;

    Witness(String primitive, String use, Origin origin) {
      this.primitive = primitive;
      this.use = use;
      this.origin = origin;
    }

    @Override
    public String toString() {
      return "the derivative of " + primitive + (origin == null ? "" : " at " + origin.pos())
          + " takes the " + describe(use) + " of a tangent";
    }

    private static String describe(String op) {
      switch (op) {
        case "conj":
          return "conjugate";
        case "real":
          return "real part";
        case "imag":
          return "imaginary part";
        case "complex":
          return "real and imaginary parts apart";
        default:
          return "real part";
      }
    }
  }

  /**
   * The first primitive of {@code f} whose JVP rule is not complex-linear in the tangents of the
   * complex inputs {@code argnums}, or null if none is (the function may then be holomorphic).
   */
  public static Witness nonHolomorphic(Graph f, int... argnums) {
    boolean[] tangent = new boolean[f.arity()];
    for (int a : argnums) {
      tangent[a] = f.params().get(a).dtype().isComplex();
    }
    return search(f, tangent, new boolean[f.outputs().size()]);
  }

  /**
   * The search over {@code f} whose parameters {@code tangent[i]} carry complex tangents; sets
   * {@code outTangent[j]} when output j carries one (what a loop's carries need).
   */
  private static Witness search(Graph f, boolean[] tangent, boolean[] outTangent) {
    Map<Node, Node> env = new IdentityHashMap<>();
    Map<Node, Node> tan = new IdentityHashMap<>();
    Set<Node> linear = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int a = 0; a < tangent.length; a++) {
      if (tangent[a]) {
        Node p = f.params().get(a);
        Node t = Param.node(Scope.LINEAR, a, p.type());
        tan.put(p, t);
        linear.add(t);
      }
    }
    for (Node n : f.topoOrder()) {
      if (n.op() instanceof Param) {
        env.put(n, n);
        continue;
      }
      Node[] ins = new Node[n.arity()];
      Node[] ts = new Node[n.arity()];
      boolean any = false;
      for (int i = 0; i < ins.length; i++) {
        ins[i] = env.get(n.input(i));
        ts[i] = tan.get(n.input(i));
        any |= ts[i] != null;
      }
      Node out = n;
      env.put(n, out);
      if (!any) {
        continue;
      }
      // A body's primitives are not nodes of f (and a rule's JVP of a call, loop or branch is
      // another call, loop or branch): look inside, with the inputs that carry complex tangents.
      Witness inner = insideBodies(n, ts);
      if (inner != null) {
        return inner;
      }
      Node t = n.op().jvp(out, Collections.unmodifiableList(Arrays.asList(ins)), ts);
      if (t == null) {
        continue;
      }
      String use = firstAntiLinearUse(t, linear, seen);
      if (use != null) {
        return new Witness(n.op().name(), use, f.originOf(n));
      }
      tan.put(n, t);
    }
    List<Node> outs = f.outputs();
    for (int j = 0; j < outs.size(); j++) {
      outTangent[j] |= tan.containsKey(outs.get(j)) && outs.get(j).dtype().isComplex();
    }
    return null;
  }

  /**
   * The witness inside the body of a call, scan, while loop, conditional or custom JVP rule
   * {@code n}, whose
   * inputs {@code ts[i] != null} carry tangents; null for other ops. A body's parameter i is the
   * node's input i (a conditional's: input i + 1, after the index); a loop's carries that pick up
   * a tangent in the body are followed to the fixed point.
   */
  private static Witness insideBodies(Node n, Node[] ts) {
    Op op = n.op();
    if (op instanceof ClosedCall c) {
      return search(c.body(), complexTangents(n, ts, 0, c.body().arity()),
          new boolean[c.body().outputs().size()]);
    }
    if (op instanceof Scan s) {
      return loopBody(s.body(), complexTangents(n, ts, 0, s.body().arity()), s.numConsts(),
          s.numCarry());
    }
    if (op instanceof WhileLoop w) {
      return loopBody(w.body(), complexTangents(n, ts, 0, w.body().arity()), w.numConsts(),
          w.numCarry());
    }
    if (op instanceof CustomJvp c) {
      // The rule is the derivative: (primals..., tangents...) -> (outputs..., tangents out...).
      int k = c.primal().arity();
      boolean[] tangent = new boolean[c.rule().arity()];
      for (int i = 0; i < k; i++) {
        tangent[k + i] = ts[i] != null && n.input(i).dtype().isComplex();
      }
      return search(c.rule(), tangent, new boolean[c.rule().outputs().size()]);
    }
    if (op instanceof Cond c) {
      for (Graph b : c.branches()) {
        Witness found = search(b, complexTangents(n, ts, 1, b.arity()), new boolean[b.outputs().size()]);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Witness loopBody(Graph body, boolean[] tangent, int numConsts, int numCarry) {
    while (true) {
      boolean[] outTangent = new boolean[body.outputs().size()];
      Witness w = search(body, tangent, outTangent);
      if (w != null) {
        return w;
      }
      boolean grew = false;
      for (int k = 0; k < numCarry; k++) {
        if (outTangent[k] && !tangent[numConsts + k]) {
          tangent[numConsts + k] = true;
          grew = true;
        }
      }
      if (!grew) {
        return null;
      }
    }
  }

  /** Body parameter i carries a complex tangent when node input {@code i + offset} does. */
  private static boolean[] complexTangents(Node n, Node[] ts, int offset, int arity) {
    boolean[] tangent = new boolean[arity];
    for (int i = 0; i < arity && i + offset < ts.length; i++) {
      tangent[i] = ts[i + offset] != null && n.input(i + offset).dtype().isComplex();
    }
    return tangent;
  }

  /**
   * Classifies the nodes below {@code t} not seen before (so the whole check is linear in the size
   * of the JVP): those that depend on a tangent join {@code linear}; returns the first of them
   * that is not complex-linear in its input ({@code conj}, {@code real}, {@code imag}, a complex
   * number built from real tangents, a complex value converted to real), or null.
   */
  private static String firstAntiLinearUse(Node t, Set<Node> linear, Set<Node> seen) {
    // An iterative post-order over the unseen part of t's graph: inputs before users.
    Deque<Node> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    String found = null;
    if (!seen.add(t)) {
      return null;
    }
    stack.push(t);
    next.push(0);
    while (!stack.isEmpty()) {
      Node n = stack.peek();
      int i = next.pop();
      if (i < n.arity()) {
        next.push(i + 1);
        Node in = n.input(i);
        if (seen.add(in)) {
          stack.push(in);
          next.push(0);
        }
        continue;
      }
      stack.pop();
      boolean dependsOnTangent = linear.contains(n);
      for (Node in : n.inputs()) {
        dependsOnTangent |= linear.contains(in);
      }
      if (dependsOnTangent) {
        linear.add(n);
        if (found == null && isAntiLinear(n)) {
          found = n.op().name();
        }
      }
    }
    return found;
  }

  private static boolean isAntiLinear(Node n) {
    return n.op() == Unary.CONJ || n.op() == Unary.REAL || n.op() == Unary.IMAG
        || n.op() == MakeComplex.COMPLEX
        || (n.op() instanceof ConvertElementType && n.input(0).dtype().isComplex()
            && n.dtype() != DType.C128);
  }
}
