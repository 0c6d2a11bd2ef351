package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ir.Graph;

/**
 * Chooses a random chain of transformations for a traced program: jvp, vjp, grad and
 * value_and_grad (random argnums, a scalarising {@code scal} step first when the function is not
 * scalar), jacfwd, jacrev, hessian (random argnum, where the Jacobian stays small) and vmap
 * (random in_axes with None, out_axes, negative axes, batch sizes 1-3), composed up to three deep:
 * vmap of grad, jacfwd of grad, grad of grad, vjp of jvp, ...
 */
final class ChainGen {
  private ChainGen() {}

  static List<Step> choose(Graph f, Random r, Options o) {
    int c = r.nextInt(100);
    int len = c < 18 ? 0 : c < 58 ? 1 : c < 86 ? 2 : 3;
    List<Step> chain = new ArrayList<>();
    Graph t = f;
    Struct st = Struct.leaves(f.outputs().size());
    List<String> names = new ArrayList<>(f.inputNames());
    java.util.Set<String> taken = new java.util.HashSet<>(names);
    for (int i = 0; i < len; i++) {
      List<Step> next = pick(t, st, r, o);
      if (next == null) {
        break;
      }
      if (r.nextInt(6) == 0) {
        // The function so far as a closed_call, which the next step transforms through.
        next = new ArrayList<>(next);
        next.add(0, new Step.Call());
      } else if (r.nextInt(8) == 0 && Step.CustomJvpStep.applies(t)) {
        // Or under custom_jvp with its own JVP as the rule.
        next = new ArrayList<>(next);
        next.add(0, new Step.CustomJvpStep());
      }
      try {
        for (Step s : next) {
          List<String> ps = s.params(names, st, taken);
          st = s.out(st, names);
          names = ps;
          t = s.apply(t);
          chain.add(s);
        }
      } catch (RuntimeException e) {
        // The checker applies the chain again and reports this as a transform-error.
        return chain;
      }
      if (t.nodeCount() > 2500) {
        break;
      }
    }
    return chain;
  }

  private static long outSize(Graph t) {
    long n = 0;
    for (int j = 0; j < t.outputs().size(); j++) {
      n += t.output(j).type().size();
    }
    return n;
  }

  private static List<Step> pick(Graph t, Struct st, Random r, Options o) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int c = r.nextInt(100);
      int n = t.arity();
      if (c < 12) {
        if (o.allows("jvp") && n <= 4) {
          return List.of(new Step.Jvp(r.nextInt(4) == 0));
        }
      } else if (c < 24) {
        if (o.allows("vjp") && n + t.outputs().size() <= 8) {
          return List.of(new Step.Vjp(r.nextInt(4) == 0));
        }
      } else if (c < 44) {
        if (o.allows("grad")) {
          return withScal(t, st, r, grad(t, r, false));
        }
      } else if (c < 52) {
        if (o.allows("value_and_grad")) {
          return withScal(t, st, r, grad(t, r, true));
        }
      } else if (c < 72) {
        String which = c < 61 ? "jacfwd" : c < 68 ? "jacrev" : "hessian";
        if (!o.allows(which)) {
          continue;
        }
        int a = r.nextInt(n);
        int[] tuple = null;
        long in = t.inputTypes().get(a).size();
        if (n > 1 && r.nextInt(4) == 0) {
          // A tuple of argnums: blocks per argument.
          int b = r.nextInt(n);
          tuple = b == a ? new int[] {a} : new int[] {a, b};
          in = 0;
          for (int x : tuple) {
            in += t.inputTypes().get(x).size();
          }
        }
        long out = outSize(t);
        boolean ok = which.equals("hessian") ? in <= 10 && out <= 12 && in * in * out <= 600
            : in <= 30 && out <= 60 && in * out <= 600;
        int[] args = tuple != null ? tuple : new int[] {a};
        // JAX's dtype rules: holomorphic=True for complex inputs and outputs of a function that
        // may be holomorphic; otherwise jacfwd needs real inputs, jacrev real outputs.
        boolean holo = holomorphic(t, args) && r.nextInt(4) > 0;
        boolean legal = holo || ((which.equals("jacrev") || realInputs(t, args))
            && (which.equals("jacfwd") || realOutputs(t)));
        if (ok && legal) {
          return List.of(tuple != null ? new Step.Jac(which, 0, tuple, holo)
              : new Step.Jac(which, a == 0 && r.nextBoolean() ? -1 : a, null, holo));
        }
      } else {
        if (o.allows("vmap")) {
          return List.of(vmap(t, r));
        }
      }
    }
    return null;
  }

  /**
   * grad needs one scalar (not a tuple holding one), real unless holomorphic: a scalarising step
   * first otherwise.
   */
  private static List<Step> withScal(Graph t, Struct st, Random r, Step.Grad g) {
    boolean scalar = st.isLeaf() && t.output(0).type().shape().isScalar()
        && t.output(0).type().dtype().isComplex() == g.holo;
    if (scalar && r.nextInt(4) > 0) {
      return List.of(g);
    }
    return List.of(new Step.Scal(r.nextInt(1000), g.holo), g);
  }

  private static boolean realInputs(Graph t, int[] args) {
    for (int a : args) {
      if (t.inputTypes().get(a).dtype().isComplex()) {
        return false;
      }
    }
    return true;
  }

  private static boolean realOutputs(Graph t) {
    for (int j = 0; j < t.outputs().size(); j++) {
      if (t.output(j).type().dtype().isComplex()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether holomorphic=True fits: the inputs {@code args} and every output complex, and no
   * primitive of the function provably not holomorphic in them ({@code ad.Holomorphy}).
   */
  static boolean holomorphic(Graph t, int[] args) {
    if (args.length == 0) {
      return false;
    }
    for (int a : args) {
      if (!t.inputTypes().get(a).dtype().isComplex()) {
        return false;
      }
    }
    for (int j = 0; j < t.outputs().size(); j++) {
      if (!t.output(j).type().dtype().isComplex()) {
        return false;
      }
    }
    return !hasOpaqueBodies(t) && org.cotangent.symbolic.ad.Holomorphy.nonHolomorphic(t, args) == null;
  }

  /**
   * Whether {@code g} has bodies ad.Holomorphy does not analyse (it looks inside calls, scans,
   * while loops, conditionals and custom JVP rules; not inside a custom VJP's rules), so it
   * cannot vouch for holomorphy.
   */
  static boolean hasOpaqueBodies(Graph g) {
    for (org.cotangent.symbolic.ir.Node n : g.topoOrder()) {
      org.cotangent.symbolic.ir.Op op = n.op();
      if (op instanceof org.cotangent.symbolic.control.ClosedCall
          || op instanceof org.cotangent.symbolic.control.Scan
          || op instanceof org.cotangent.symbolic.control.WhileLoop
          || op instanceof org.cotangent.symbolic.control.Cond
          || op instanceof org.cotangent.symbolic.control.CustomJvp) {
        for (Graph b : op.subgraphs()) {
          if (hasOpaqueBodies(b)) {
            return true;
          }
        }
      } else if (!op.subgraphs().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static Step.Grad grad(Graph t, Random r, boolean withValue) {
    int n = t.arity();
    List<Integer> idx = new ArrayList<>();
    List<Integer> cidx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
      if (t.inputTypes().get(i).dtype().isComplex()) {
        cidx.add(i);
      }
    }
    boolean holo = false;
    if (!cidx.isEmpty() && r.nextBoolean()
        && holomorphic(t, cidx.stream().mapToInt(Integer::intValue).toArray())) {
      // holomorphic=True over complex arguments only.
      holo = true;
      idx = cidx;
      n = cidx.size();
    }
    Collections.shuffle(idx, r);
    int k = 1 + r.nextInt(Math.min(3, n));
    if (r.nextBoolean()) {
      Collections.sort(idx.subList(0, k));
    }
    int[] argnums = idx.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
    boolean tuple = k > 1 || r.nextInt(3) == 0;
    boolean aux = r.nextInt(6) == 0;
    if (r.nextInt(4) == 0) {
      // The differentiated arguments packed into one tuple, list or dict argument.
      char pack = "tld".charAt(r.nextInt(3));
      return new Step.Grad(withValue, argnums, true, pack, aux, holo);
    }
    if (!tuple && argnums[0] == 0 && r.nextBoolean()) {
      return new Step.Grad(withValue, null, false, (char) 0, aux, holo);
    }
    return new Step.Grad(withValue, argnums, tuple, (char) 0, aux, holo);
  }

  private static Step vmap(Graph t, Random r) {
    int n = t.arity();
    Integer[] in = new Integer[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      int rank = t.inputTypes().get(i).rank();
      if (r.nextInt(10) < 3) {
        in[i] = null;
      } else {
        int a = r.nextInt(rank + 1);
        in[i] = r.nextInt(4) == 0 ? a - (rank + 1) : a;
        any = true;
      }
    }
    if (!any) {
      int i = r.nextInt(n);
      in[i] = r.nextInt(t.inputTypes().get(i).rank() + 1);
    }
    int m = t.outputs().size();
    int[] out;
    int minRank = Integer.MAX_VALUE;
    for (int j = 0; j < m; j++) {
      minRank = Math.min(minRank, t.output(j).rank());
    }
    if (m == 1 || r.nextInt(3) == 0) {
      int a = r.nextInt(minRank + 1);
      out = new int[] {r.nextInt(4) == 0 && m == 1 ? a - (t.output(0).rank() + 1) : a};
    } else {
      out = new int[m];
      for (int j = 0; j < m; j++) {
        int rank = t.output(j).rank();
        int a = r.nextInt(rank + 1);
        out[j] = r.nextInt(4) == 0 ? a - (rank + 1) : a;
      }
    }
    return new Step.VmapStep(in, out, 1 + r.nextInt(3), r.nextInt(5) == 0);
  }
}
