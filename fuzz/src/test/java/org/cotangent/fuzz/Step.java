package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * One transformation of a chain applied to the function before it: at the IR level ({@link
 * #apply}, with {@code Ad} and {@code Vmap} on the graph) and as script text ({@link #def}, a
 * {@code def} that uses the script's own built-in), so the printed reproducer says exactly what
 * was checked. {@link #spec} is the compact form kept in a reproducer's {@code # chain:} line.
 */
abstract class Step {
  /** Written in the {@code # chain:} directive; {@link #parse} reads it back. */
  abstract String spec();

  /** The transformation on the graph of the previous function. */
  abstract Graph apply(Graph prev);

  /** The structure of the result given that of the previous function's result. */
  abstract Struct out(Struct prev, int arity);

  /** Like {@link #out(Struct, int)}, for steps whose structure depends on parameter names. */
  Struct out(Struct prev, List<String> params) {
    return out(prev, params.size());
  }

  /** The parameter names of the new function. */
  List<String> params(List<String> prev, Struct prevOut, Set<String> taken) {
    return prev;
  }

  /**
   * The script text defining {@code name} from {@code prevName}: global lines (weights) first,
   * then the def.
   */
  abstract String def(String name, String prevName, List<String> prevParams, List<String> params,
      Struct prevOut, Graph prev);

  /** The short name of the transformation, for coverage counts. */
  abstract String kind();

  /** Whether the transformation is a derivative (checked against the JVP of its argument). */
  boolean isDerivative() {
    return true;
  }

  static String call(String f, List<String> params) {
    return f + "(" + String.join(", ", params) + ")";
  }

  static String tupleOf(List<String> xs) {
    return xs.size() == 1 ? "(" + xs.get(0) + ",)" : "(" + String.join(", ", xs) + ")";
  }

  static String fresh(String base, Set<String> taken) {
    String n = base;
    int k = 2;
    while (taken.contains(n)) {
      n = base + k++;
    }
    taken.add(n);
    return n;
  }

  // ------------------------------------------------------------------ scalarise

  /** {@code vdot(w_0, o_0) + vdot(w_1, o_1) + ...}: a fixed random weighting of every output. */
  static final class Scal extends Step {
    final long seed;
    /**
     * Complex outputs: holomorphic, the sum stays complex ({@code vdot(w, o)} with complex weights
     * is holomorphic in {@code o}); otherwise its real part is taken, a real scalar for grad.
     */
    final boolean holo;

    Scal(long seed) {
      this(seed, false);
    }

    Scal(long seed, boolean holo) {
      this.seed = seed;
      this.holo = holo;
    }

    @Override
    String spec() {
      return "scal(" + seed + (holo ? ";h" : "") + ")";
    }

    @Override
    String kind() {
      return "scal";
    }

    @Override
    boolean isDerivative() {
      return false;
    }

    /** Outputs up to this size get literal weights; larger ones {@code uniform(k, shape) - 0.5}. */
    static final int LITERAL_WEIGHTS = 24;

    /** The weights of output {@code j}, of its type (complex weights for complex outputs). */
    Tensor weights(int j, TensorType out) {
      if (out.dtype().isComplex()) {
        Tensor re = weights(j, out.withDtype(org.cotangent.symbolic.DType.F64));
        Tensor im = new Scal(seed + 7919, holo).weights(j, out.withDtype(
            org.cotangent.symbolic.DType.F64));
        double[] d = new double[2 * out.size()];
        for (int k = 0; k < out.size(); k++) {
          d[2 * k] = re.unsafeData()[k];
          d[2 * k + 1] = im.unsafeData()[k];
        }
        return Tensor.wrap(out.withDtype(org.cotangent.symbolic.DType.C128), d);
      }
      TensorType t = out.withDtype(org.cotangent.symbolic.DType.F64);
      double[] d = new double[t.size()];
      if (d.length > LITERAL_WEIGHTS) {
        // As the script's uniform(seed, shape) draws them, minus 0.5.
        java.util.Random r = new java.util.Random(uniformSeed(j));
        for (int k = 0; k < d.length; k++) {
          d[k] = r.nextDouble() - 0.5;
        }
        return Tensor.wrap(t, d);
      }
      for (int k = 0; k < d.length; k++) {
        d[k] = Lits.element(seed * 1000 + j, k);
      }
      return Tensor.wrap(t, d);
    }

    private int uniformSeed(int j) {
      return (int) (seed * 10 + j);
    }

    @Override
    Graph apply(Graph prev) {
      return Graph.trace(prev.inputNames(), prev.inputTypes(), ps -> {
        List<Node> outs = prev.call(ps);
        Node s = null;
        for (int j = 0; j < outs.size(); j++) {
          Node d = Np.vdot(Ir.constant(weights(j, outs.get(j).type())), outs.get(j));
          if (d.type().dtype().isComplex() && !holo) {
            d = Np.real(d);
          }
          s = s == null ? d : Np.add(s, d);
        }
        return List.of(s);
      });
    }

    @Override
    Struct out(Struct prev, int arity) {
      return Struct.LEAF;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      StringBuilder sb = new StringBuilder();
      List<String> ws = new ArrayList<>();
      List<String> os = new ArrayList<>();
      List<Boolean> parts = new ArrayList<>();
      for (int j = 0; j < prev.outputs().size(); j++) {
        TensorType t = prev.output(j).type();
        String w = "w" + name.substring(1) + "_" + j;
        String text = weightText(j, t.withDtype(org.cotangent.symbolic.DType.F64));
        if (t.dtype().isComplex()) {
          text = "complex(" + text + ", " + new Scal(seed + 7919, holo).weightText(j,
              t.withDtype(org.cotangent.symbolic.DType.F64)) + ")";
        }
        sb.append(w).append(" = ").append(text).append('\n');
        ws.add(w);
        os.add("o" + j);
        parts.add(t.dtype().isComplex() && !holo);
      }
      if (prevOut.isLeaf()) {
        String v = "vdot(" + ws.get(0) + ", " + call(prevName, params) + ")";
        sb.append("def ").append(name).append('(').append(String.join(", ", params)).append(") = ")
            .append(parts.get(0) ? "real(" + v + ")" : v).append("\n");
        return sb.toString();
      }
      sb.append("def ").append(name).append('(').append(String.join(", ", params)).append(") {\n");
      List<String> leaves;
      if (prevOut.isFlatTuple()) {
        sb.append("  ").append(unpackTarget(prevOut, os)).append(" = ").append(call(prevName, params))
            .append('\n');
        leaves = os;
      } else {
        // Nested, list or dict results: each leaf by its path.
        sb.append("  tree = ").append(call(prevName, params)).append('\n');
        leaves = prevOut.paths("tree");
      }
      sb.append("  return ");
      for (int j = 0; j < ws.size(); j++) {
        String v = "vdot(" + ws.get(j) + ", " + leaves.get(j) + ")";
        sb.append(j > 0 ? " + " : "").append(parts.get(j) ? "real(" + v + ")" : v);
      }
      sb.append("\n}\n");
      return sb.toString();
    }

    /** The script text of the (real) weights of output {@code j}, of the f64 type {@code t}. */
    private String weightText(int j, TensorType t) {
      return t.rank() == 0 ? "array(" + Lits.text(weights(j, t).get(0)) + ")"
          : t.size() > LITERAL_WEIGHTS ? "uniform(" + uniformSeed(j) + ", "
              + Ex.tuple(t.shape().dims()) + ") - 0.5"
          : renderWeights(weights(j, t), t);
    }

    private static String renderWeights(Tensor w, TensorType t) {
      StringBuilder sb = new StringBuilder("array(");
      nested(sb, w.unsafeData(), t.shape().dims(), 0, 0);
      return sb.append(')').toString();
    }

    private static void nested(StringBuilder sb, double[] d, int[] shape, int axis, int off) {
      int stride = 1;
      for (int a = axis + 1; a < shape.length; a++) {
        stride *= shape[a];
      }
      sb.append('[');
      for (int i = 0; i < shape[axis]; i++) {
        sb.append(i > 0 ? ", " : "");
        if (axis == shape.length - 1) {
          sb.append(Lits.text(d[off + i]));
        } else {
          nested(sb, d, shape, axis + 1, off + i * stride);
        }
      }
      sb.append(']');
    }
  }

  /** A target that unpacks a result of this structure into names: {@code o0, (o1, o2)}. */
  static String unpackTarget(Struct s, List<String> names) {
    String r = s.render(names);
    return r.startsWith("(") ? r.substring(1, r.length() - 1) : r;
  }

  // ------------------------------------------------------------------ closed calls

  /**
   * The previous function as a {@code closed_call} (a primitive holding the graph as its body),
   * so the steps after it go through the call's own rules (JVP, transpose and batching recurse
   * into the body); in the script, a plain call.
   */
  static final class Call extends Step {
    @Override
    String spec() {
      return "call";
    }

    @Override
    String kind() {
      return "call";
    }

    @Override
    boolean isDerivative() {
      return false;
    }

    @Override
    Graph apply(Graph prev) {
      return Graph.trace(prev.inputNames(), prev.inputTypes(),
          ps -> org.cotangent.symbolic.control.ClosedCall.call(prev, ps));
    }

    @Override
    Struct out(Struct prev, int arity) {
      return prev;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      return "def " + name + "(" + String.join(", ", params) + ") = " + call(prevName, params) + "\n";
    }
  }

  /**
   * The function so far under {@code custom_jvp} with its own JVP as the rule: the same function
   * and the same derivatives, through the custom rule's paths (its JVP is the rule's, its
   * transpose the rule's linearization).
   */
  static final class CustomJvpStep extends Step {
    @Override
    String spec() {
      return "cjvp";
    }

    @Override
    String kind() {
      return "cjvp";
    }

    @Override
    boolean isDerivative() {
      return false;
    }

    /** Whether {@code g} takes and returns real floating values only (a rule needs tangents). */
    static boolean applies(Graph g) {
      for (org.cotangent.symbolic.TensorType t : g.inputTypes()) {
        if (t.dtype() != org.cotangent.symbolic.DType.F64) {
          return false;
        }
      }
      for (org.cotangent.symbolic.ir.Node o : g.outputs()) {
        if (o.dtype() != org.cotangent.symbolic.DType.F64) {
          return false;
        }
      }
      return g.arity() > 0;
    }

    @Override
    Graph apply(Graph prev) {
      Graph rule = org.cotangent.symbolic.ad.Ad.jvp(prev);
      return Graph.trace(prev.inputNames(), prev.inputTypes(),
          ps -> org.cotangent.symbolic.control.CustomJvp.call(prev, rule, ps));
    }

    @Override
    Struct out(Struct prev, int arity) {
      return prev;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      return "def " + name + "(" + String.join(", ", params) + ") = custom_jvp(" + prevName
          + ", lambda _p_, _d_: jvp(" + prevName + ", _p_, _d_))(" + String.join(", ", params) + ")\n";
    }
  }

  // ------------------------------------------------------------------ jvp, vjp

  /** jvp; written with {@code jvp(f, primals, tangents)} or with {@code linearize}. */
  static final class Jvp extends Step {
    final boolean linearize;

    Jvp(boolean linearize) {
      this.linearize = linearize;
    }

    @Override
    String spec() {
      return linearize ? "jvp(lin)" : "jvp";
    }

    @Override
    String kind() {
      return "jvp";
    }

    @Override
    Graph apply(Graph prev) {
      return Ad.jvp(prev);
    }

    @Override
    Struct out(Struct prev, int arity) {
      return Struct.tuple(List.of(prev, prev));
    }

    @Override
    List<String> params(List<String> prev, Struct prevOut, Set<String> taken) {
      List<String> p = new ArrayList<>(prev);
      for (String x : prev) {
        p.add(fresh(x + "_t", taken));
      }
      return p;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      int n = prevParams.size();
      if (linearize) {
        return "def " + name + "(" + String.join(", ", params) + ") {\n"
            + "  primal_out, f_jvp = linearize(" + prevName + ", " + String.join(", ", prevParams)
            + ")\n  return primal_out, f_jvp(" + String.join(", ", params.subList(n, 2 * n)) + ")\n}\n";
      }
      return "def " + name + "(" + String.join(", ", params) + ") = jvp(" + prevName + ", "
          + tupleOf(params.subList(0, n)) + ", " + tupleOf(params.subList(n, 2 * n)) + ")\n";
    }
  }

  /** vjp; the pullback applied by name or straight from the pair ({@code vjp(f, x)[1](ct)}). */
  static final class Vjp extends Step {
    final boolean indexed;

    Vjp(boolean indexed) {
      this.indexed = indexed;
    }

    @Override
    String spec() {
      return indexed ? "vjp(idx)" : "vjp";
    }

    @Override
    String kind() {
      return "vjp";
    }

    @Override
    Graph apply(Graph prev) {
      return Ad.vjp(prev);
    }

    @Override
    Struct out(Struct prev, int arity) {
      List<Struct> cts = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        cts.add(Struct.LEAF);
      }
      return Struct.tuple(List.of(prev, Struct.tuple(cts)));
    }

    @Override
    List<String> params(List<String> prev, Struct prevOut, Set<String> taken) {
      List<String> p = new ArrayList<>(prev);
      for (int j = 0; j < prevOut.count(); j++) {
        p.add(fresh("ct" + j, taken));
      }
      return p;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      int n = prevParams.size();
      String ct = prevOut.render(params.subList(n, params.size()));
      String call = "vjp(" + prevName + ", " + String.join(", ", prevParams) + ")";
      if (indexed) {
        return "def " + name + "(" + String.join(", ", params) + ") = " + call + "[0], " + call
            + "[1](" + ct + ")\n";
      }
      return "def " + name + "(" + String.join(", ", params) + ") {\n"
          + "  out, back = " + call + "\n"
          + "  return out, back(" + ct + ")\n}\n";
    }
  }

  // ------------------------------------------------------------------ grad, value_and_grad

  /**
   * grad or value_and_grad over {@code argnums}; optionally the differentiated arguments packed
   * into one tuple, list or dict argument of a lambda (the others captured by the closure), and
   * optionally {@code has_aux=True} with the first argument as the auxiliary value.
   */
  static final class Grad extends Step {
    final boolean withValue;
    /** Null: argnums left at its default (0). */
    final int[] argnums;
    final boolean tupleForm;
    /** 0: as arguments; 't', 'l', 'd': packed into a tuple, list or dict. */
    final char pack;
    final boolean aux;
    /** holomorphic=True. */
    final boolean holo;

    Grad(boolean withValue, int[] argnums, boolean tupleForm) {
      this(withValue, argnums, tupleForm, (char) 0, false);
    }

    Grad(boolean withValue, int[] argnums, boolean tupleForm, char pack, boolean aux) {
      this(withValue, argnums, tupleForm, pack, aux, false);
    }

    Grad(boolean withValue, int[] argnums, boolean tupleForm, char pack, boolean aux,
        boolean holo) {
      this.withValue = withValue;
      this.argnums = argnums;
      this.tupleForm = tupleForm;
      this.pack = pack;
      this.aux = aux;
      this.holo = holo;
    }

    int[] effective() {
      return argnums == null ? new int[] {0} : argnums;
    }

    @Override
    String spec() {
      String a = argnums == null ? "" : tupleForm ? Ex.tuple(argnums).replace(" ", "")
          : String.valueOf(argnums[0]);
      if (pack != 0) {
        a += ";" + pack;
      }
      if (aux) {
        a += ";aux";
      }
      if (holo) {
        a += ";h";
      }
      return (withValue ? "vg(" : "grad(") + a + ")";
    }

    @Override
    String kind() {
      return withValue ? "value_and_grad" : "grad";
    }

    @Override
    Graph apply(Graph prev) {
      Graph g = Ad.grad(prev, withValue, holo, effective());
      if (!aux) {
        return g;
      }
      // The auxiliary value (the first argument) after the value, or after the gradients.
      return Graph.trace(prev.inputNames(), prev.inputTypes(), ps -> {
        List<Node> outs = new ArrayList<>(g.call(ps));
        outs.add(withValue ? 1 : outs.size(), ps.get(0));
        return outs;
      });
    }

    private Struct gradStruct(List<String> keys) {
      int k = effective().length;
      List<Struct> leaves = java.util.Collections.nCopies(k, Struct.LEAF);
      switch (pack) {
        case 't':
          return Struct.tuple(leaves);
        case 'l':
          return Struct.list(leaves);
        case 'd':
          return Struct.dict(keys, leaves);
        default:
          return tupleForm ? Struct.tuple(leaves) : Struct.LEAF;
      }
    }

    /**
     * The keys of a dict-packed call: the names of the differentiated arguments after a letter
     * for their position ({@code a_x}, {@code b_alpha}), so that sorted key order, in which the
     * script flattens a dict (as JAX), is the argnums order of the IR-level gradient.
     */
    private List<String> keys(List<String> params) {
      List<String> keys = new ArrayList<>();
      int[] a = effective();
      for (int k = 0; k < a.length; k++) {
        keys.add((char) ('a' + k) + "_" + params.get(a[k]));
      }
      return keys;
    }

    @Override
    Struct out(Struct prev, int arity) {
      throw new UnsupportedOperationException("use out(prev, params)");
    }

    @Override
    Struct out(Struct prev, List<String> params) {
      Struct g = gradStruct(keys(params));
      if (withValue) {
        Struct v = aux ? Struct.tuple(List.of(Struct.LEAF, Struct.LEAF)) : Struct.LEAF;
        return Struct.tuple(List.of(v, g));
      }
      return aux ? Struct.tuple(List.of(g, Struct.LEAF)) : g;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      String fn = withValue ? "value_and_grad(" : "grad(";
      String auxArg = (aux ? ", has_aux=True" : "") + (holo ? ", holomorphic=True" : "");
      String head = "def " + name + "(" + String.join(", ", params) + ") = ";
      if (pack == 0) {
        String a = argnums == null ? "" : ", argnums=" + (tupleForm ? Ex.tuple(argnums)
            : String.valueOf(argnums[0]));
        String f = aux ? "lambda " + String.join(", ", params) + ": (" + call(prevName, params) + ", "
            + params.get(0) + ")" : prevName;
        return head + fn + f + a + auxArg + ")(" + String.join(", ", params) + ")\n";
      }
      Set<String> taken = new java.util.HashSet<>(params);
      taken.add(name);
      taken.add(prevName);
      String p = fresh("pk", taken);
      int[] a = effective();
      List<String> args = new ArrayList<>(params);
      List<String> members = new ArrayList<>();
      List<String> keys = keys(params);
      for (int k = 0; k < a.length; k++) {
        args.set(a[k], pack == 'd' ? p + "[\"" + keys.get(k) + "\"]" : p + "[" + k + "]");
        members.add(params.get(a[k]));
      }
      String container = gradStruct(keys).render(members);
      if (pack == 'd') {
        // Written in reverse key order: the dict still flattens (and its gradient comes back)
        // in sorted key order.
        List<String> rk = new ArrayList<>(keys);
        List<String> rm = new ArrayList<>(members);
        java.util.Collections.reverse(rk);
        java.util.Collections.reverse(rm);
        container = Struct.dict(rk, java.util.Collections.nCopies(rk.size(), Struct.LEAF))
            .render(rm);
      }
      String body = call(prevName, args);
      if (aux) {
        body = "(" + body + ", " + params.get(0) + ")";
      }
      return head + fn + "lambda " + p + ": " + body + auxArg + ")(" + container + ")\n";
    }
  }

  // ------------------------------------------------------------------ jacobians

  /** jacfwd, jacrev or hessian over one argnum, or a tuple of them (blocks nest as in JAX). */
  static final class Jac extends Step {
    /** jacfwd, jacrev or hessian. */
    final String which;
    /** -1: argnums left at its default (0). */
    final int argnum;
    /** Non-null: argnums as a tuple (then {@link #argnum} is its first entry). */
    final int[] tuple;
    /** holomorphic=True. */
    final boolean holo;

    Jac(String which, int argnum) {
      this(which, argnum, null);
    }

    Jac(String which, int argnum, int[] tuple) {
      this(which, argnum, tuple, false);
    }

    Jac(String which, int argnum, int[] tuple, boolean holo) {
      this.which = which;
      this.argnum = tuple != null ? tuple[0] : argnum;
      this.tuple = tuple;
      this.holo = holo;
    }

    int effective() {
      return argnum < 0 ? 0 : argnum;
    }

    int[] all() {
      return tuple != null ? tuple : new int[] {effective()};
    }

    @Override
    String spec() {
      String a = tuple != null ? Ex.tuple(tuple).replace(" ", "") : argnum < 0 ? ""
          : String.valueOf(argnum);
      return which + "(" + a + (holo ? ";h" : "") + ")";
    }

    @Override
    String kind() {
      return which;
    }

    private Graph one(String which, Graph prev, int a) {
      switch (which) {
        case "jacfwd":
          return Ad.jacfwd(prev, a, holo);
        case "jacrev":
          return Ad.jacrev(prev, a, holo);
        default:
          return Ad.hessian(prev, a, holo);
      }
    }

    @Override
    Graph apply(Graph prev) {
      if (tuple == null) {
        return one(which, prev, effective());
      }
      // Blocks output j, argument k (and l for the Hessian), in that order.
      List<Graph> parts = new ArrayList<>();
      for (int k : tuple) {
        if (which.equals("hessian")) {
          Graph rev = Ad.jacrev(prev, k, holo);
          for (int l : tuple) {
            parts.add(Ad.jacfwd(rev, l, holo));
          }
        } else {
          parts.add(one(which, prev, k));
        }
      }
      int m = prev.outputs().size();
      return Graph.trace(prev.inputNames(), prev.inputTypes(), ps -> {
        List<List<Node>> blocks = new ArrayList<>();
        for (Graph g : parts) {
          blocks.add(g.call(ps));
        }
        List<Node> outs = new ArrayList<>();
        for (int j = 0; j < m; j++) {
          for (List<Node> b : blocks) {
            outs.add(b.get(j));
          }
        }
        return outs;
      });
    }

    @Override
    Struct out(Struct prev, int arity) {
      if (tuple == null) {
        return prev;
      }
      Struct per = Struct.leaves(tuple.length);
      if (tuple.length == 1) {
        per = Struct.tuple(List.of(Struct.LEAF));
      }
      if (which.equals("hessian")) {
        List<Struct> rows = new ArrayList<>();
        for (int k = 0; k < tuple.length; k++) {
          rows.add(per);
        }
        per = Struct.tuple(rows);
      }
      return replaceLeaves(prev, per);
    }

    private static Struct replaceLeaves(Struct s, Struct by) {
      if (s.isLeaf()) {
        return by;
      }
      List<Struct> items = new ArrayList<>();
      for (Struct x : s.items) {
        items.add(replaceLeaves(x, by));
      }
      switch (s.kind) {
        case LIST:
          return Struct.list(items);
        case DICT:
          return Struct.dict(s.keys, items);
        default:
          return Struct.tuple(items);
      }
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      String a = tuple != null ? ", argnums=" + Ex.tuple(tuple) : argnum < 0 ? ""
          : ", argnums=" + argnum;
      return "def " + name + "(" + String.join(", ", params) + ") = " + which + "(" + prevName + a
          + (holo ? ", holomorphic=True" : "") + ")(" + String.join(", ", params) + ")\n";
    }
  }

  // ------------------------------------------------------------------ vmap

  /**
   * vmap with in_axes (None allowed) and out_axes as written (negative allowed); optionally every
   * argument packed into one dict whose in_axes is a dict prefix.
   */
  static final class VmapStep extends Step {
    /** Axes as written (negative allowed; null is None), one per input. */
    final Integer[] in;
    /** Axes as written, one per output leaf; or a single entry applying to every output. */
    final int[] out;
    final int n;
    final boolean dict;

    VmapStep(Integer[] in, int[] out, int n) {
      this(in, out, n, false);
    }

    VmapStep(Integer[] in, int[] out, int n, boolean dict) {
      this.in = in;
      this.out = out;
      this.n = n;
      this.dict = dict;
    }

    @Override
    String spec() {
      StringBuilder sb = new StringBuilder("vmap(");
      for (int i = 0; i < in.length; i++) {
        sb.append(i > 0 ? "," : "").append(in[i] == null ? "N" : String.valueOf(in[i]));
      }
      sb.append(";");
      for (int j = 0; j < out.length; j++) {
        sb.append(j > 0 ? "," : "").append(out[j]);
      }
      sb.append(";").append(n);
      return sb.append(dict ? ";d)" : ")").toString();
    }

    @Override
    String kind() {
      return "vmap";
    }

    @Override
    boolean isDerivative() {
      return false;
    }

    @Override
    Graph apply(Graph prev) {
      int[] inAxes = new int[prev.arity()];
      for (int i = 0; i < inAxes.length; i++) {
        inAxes[i] = inAxis(prev, i);
      }
      int[] outAxes = new int[prev.outputs().size()];
      for (int j = 0; j < outAxes.length; j++) {
        outAxes[j] = outAxis(prev, j);
      }
      return Vmap.vmap(prev, inAxes, outAxes, n);
    }

    /** The non-negative batch axis of input {@code i} of {@code prev}, or -1 (None). */
    int inAxis(Graph prev, int i) {
      Integer a = in[i];
      int r = prev.inputTypes().get(i).rank() + 1;
      return a == null ? Vmap.NOT_MAPPED : a < 0 ? a + r : a;
    }

    int outAxis(Graph prev, int j) {
      int a = out.length == 1 ? out[0] : out[j];
      int r = prev.output(j).rank() + 1;
      return a < 0 ? a + r : a;
    }

    @Override
    Struct out(Struct prev, int arity) {
      return prev;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      List<String> ins = new ArrayList<>();
      for (Integer a : in) {
        ins.add(a == null ? "None" : String.valueOf(a));
      }
      String outText;
      if (out.length == 1) {
        outText = String.valueOf(out[0]);
      } else {
        List<String> os = new ArrayList<>();
        for (int a : out) {
          os.add(String.valueOf(a));
        }
        outText = prevOut.render(os);
      }
      String head = "def " + name + "(" + String.join(", ", params) + ") = ";
      if (!dict) {
        return head + "vmap(" + prevName + ", in_axes=" + tupleOf(ins) + ", out_axes=" + outText + ")("
            + String.join(", ", params) + ")\n";
      }
      Set<String> taken = new java.util.HashSet<>(params);
      taken.add(name);
      taken.add(prevName);
      String d = fresh("args_d", taken);
      Struct keys = Struct.dict(params, java.util.Collections.nCopies(params.size(), Struct.LEAF));
      List<String> access = keys.paths(d);
      return head + "vmap(lambda " + d + ": " + call(prevName, access) + ", in_axes=("
          + keys.render(ins) + ",), out_axes=" + outText + ")(" + keys.render(params) + ")\n";
    }
  }

  // ------------------------------------------------------------------ parsing specs

  /** Reads a {@code # chain:} directive (specs separated by blanks). */
  static List<Step> parseChain(String text) {
    List<Step> steps = new ArrayList<>();
    for (String s : splitSpecs(text.strip())) {
      steps.add(parse(s));
    }
    return steps;
  }

  private static List<String> splitSpecs(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ' ' && depth == 0) {
        if (cur.length() > 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        }
        continue;
      }
      cur.append(c);
    }
    if (cur.length() > 0) {
      parts.add(cur.toString());
    }
    return parts;
  }

  static Step parse(String s) {
    int p = s.indexOf('(');
    String head = p < 0 ? s : s.substring(0, p);
    String arg = p < 0 ? "" : s.substring(p + 1, s.length() - 1).strip();
    switch (head) {
      case "scal":
        return arg.endsWith(";h") ? new Scal(Long.parseLong(arg.substring(0, arg.length() - 2)), true)
            : new Scal(Long.parseLong(arg));
      case "call":
        return new Call();
      case "cjvp":
        return new CustomJvpStep();
      case "jvp":
        return new Jvp(arg.equals("lin"));
      case "vjp":
        return new Vjp(arg.equals("idx"));
      case "grad":
      case "vg": {
        boolean v = head.equals("vg");
        String[] parts = arg.split(";", -1);
        char pack = 0;
        boolean aux = false;
        boolean holo = false;
        for (int i = 1; i < parts.length; i++) {
          if (parts[i].equals("aux")) {
            aux = true;
          } else if (parts[i].equals("h")) {
            holo = true;
          } else {
            pack = parts[i].charAt(0);
          }
        }
        String a = parts[0].strip();
        if (a.isEmpty()) {
          return new Grad(v, null, false, pack, aux, holo);
        }
        if (a.startsWith("(")) {
          return new Grad(v, ints(a), true, pack, aux, holo);
        }
        return new Grad(v, new int[] {Integer.parseInt(a)}, false, pack, aux, holo);
      }
      case "jacfwd":
      case "jacrev":
      case "hessian": {
        boolean holo = arg.endsWith(";h");
        if (holo) {
          arg = arg.substring(0, arg.length() - 2).strip();
        }
        if (arg.startsWith("(")) {
          return new Jac(head, 0, ints(arg), holo);
        }
        return new Jac(head, arg.isEmpty() ? -1 : Integer.parseInt(arg), null, holo);
      }
      case "vmap": {
        String[] parts = arg.split(";");
        String[] ins = parts[0].split(",");
        Integer[] in = new Integer[ins.length];
        for (int i = 0; i < ins.length; i++) {
          in[i] = ins[i].strip().equals("N") ? null : Integer.valueOf(ins[i].strip());
        }
        int[] out = Arrays.stream(parts[1].split(",")).map(String::strip).mapToInt(Integer::parseInt)
            .toArray();
        return new VmapStep(in, out, Integer.parseInt(parts[2].strip()),
            parts.length > 3 && parts[3].strip().equals("d"));
      }
      default:
        throw new IllegalArgumentException("unknown transformation '" + s + "'");
    }
  }

  /** {@code (0,2)} to {0, 2}. */
  private static int[] ints(String tuple) {
    String inner = tuple.strip().substring(1, tuple.strip().length() - 1);
    List<Integer> xs = new ArrayList<>();
    for (String t : inner.split(",")) {
      if (!t.isBlank()) {
        xs.add(Integer.parseInt(t.strip()));
      }
    }
    return xs.stream().mapToInt(Integer::intValue).toArray();
  }

  static String specOf(List<Step> chain) {
    List<String> parts = new ArrayList<>();
    for (Step s : chain) {
      parts.add(s.spec());
    }
    return String.join(" ", parts);
  }
}
