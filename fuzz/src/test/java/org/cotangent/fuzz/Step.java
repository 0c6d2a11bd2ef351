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

    Scal(long seed) {
      this.seed = seed;
    }

    @Override
    String spec() {
      return "scal(" + seed + ")";
    }

    @Override
    String kind() {
      return "scal";
    }

    @Override
    boolean isDerivative() {
      return false;
    }

    /** The weights of output {@code j}, of its type. */
    Tensor weights(int j, TensorType out) {
      TensorType t = out.withDtype(org.cotangent.symbolic.DType.F64);
      double[] d = new double[t.size()];
      for (int k = 0; k < d.length; k++) {
        d[k] = Lits.element(seed * 1000 + j, k);
      }
      return Tensor.wrap(t, d);
    }

    @Override
    Graph apply(Graph prev) {
      return Graph.trace(prev.inputNames(), prev.inputTypes(), ps -> {
        List<Node> outs = prev.call(ps);
        Node s = null;
        for (int j = 0; j < outs.size(); j++) {
          Node d = Np.vdot(Ir.constant(weights(j, outs.get(j).type())), outs.get(j));
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
      for (int j = 0; j < prev.outputs().size(); j++) {
        TensorType t = prev.output(j).type();
        String w = "w" + name.substring(1) + "_" + j;
        sb.append(w).append(" = ").append(t.rank() == 0 ? "array(" + Lits.text(weights(j, t).get(0)) + ")"
            : renderWeights(weights(j, t), t)).append('\n');
        ws.add(w);
        os.add("o" + j);
      }
      if (prevOut.isLeaf()) {
        sb.append("def ").append(name).append('(').append(String.join(", ", params)).append(") = vdot(")
            .append(ws.get(0)).append(", ").append(call(prevName, params)).append(")\n");
        return sb.toString();
      }
      sb.append("def ").append(name).append('(').append(String.join(", ", params)).append(") {\n");
      sb.append("  ").append(unpackTarget(prevOut, os)).append(" = ").append(call(prevName, params))
          .append('\n');
      sb.append("  return ");
      for (int j = 0; j < ws.size(); j++) {
        sb.append(j > 0 ? " + " : "").append("vdot(").append(ws.get(j)).append(", ").append(os.get(j))
            .append(')');
      }
      sb.append("\n}\n");
      return sb.toString();
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

  // ------------------------------------------------------------------ jvp, vjp

  static final class Jvp extends Step {
    @Override
    String spec() {
      return "jvp";
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
      return "def " + name + "(" + String.join(", ", params) + ") = jvp(" + prevName + ", "
          + tupleOf(params.subList(0, n)) + ", " + tupleOf(params.subList(n, 2 * n)) + ")\n";
    }
  }

  static final class Vjp extends Step {
    @Override
    String spec() {
      return "vjp";
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
      return "def " + name + "(" + String.join(", ", params) + ") {\n"
          + "  out, back = vjp(" + prevName + ", " + String.join(", ", prevParams) + ")\n"
          + "  return out, back(" + prevOut.render(params.subList(n, params.size())) + ")\n}\n";
    }
  }

  // ------------------------------------------------------------------ grad, value_and_grad

  static final class Grad extends Step {
    final boolean withValue;
    /** Null: argnums left at its default (0). */
    final int[] argnums;
    final boolean tupleForm;

    Grad(boolean withValue, int[] argnums, boolean tupleForm) {
      this.withValue = withValue;
      this.argnums = argnums;
      this.tupleForm = tupleForm;
    }

    int[] effective() {
      return argnums == null ? new int[] {0} : argnums;
    }

    @Override
    String spec() {
      String a = argnums == null ? "" : tupleForm ? Ex.tuple(argnums).replace(" ", "")
          : String.valueOf(argnums[0]);
      return (withValue ? "vg(" : "grad(") + a + ")";
    }

    @Override
    String kind() {
      return withValue ? "value_and_grad" : "grad";
    }

    @Override
    Graph apply(Graph prev) {
      return withValue ? Ad.valueAndGrad(prev, effective()) : Ad.grad(prev, effective());
    }

    @Override
    Struct out(Struct prev, int arity) {
      Struct g = tupleForm ? Struct.tuple(java.util.Collections.nCopies(argnums.length, Struct.LEAF))
          : Struct.LEAF;
      return withValue ? Struct.tuple(List.of(Struct.LEAF, g)) : g;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      String a = argnums == null ? "" : ", argnums=" + (tupleForm ? Ex.tuple(argnums)
          : String.valueOf(argnums[0]));
      return "def " + name + "(" + String.join(", ", params) + ") = "
          + (withValue ? "value_and_grad(" : "grad(") + prevName + a + ")("
          + String.join(", ", params) + ")\n";
    }
  }

  // ------------------------------------------------------------------ jacobians

  static final class Jac extends Step {
    /** jacfwd, jacrev or hessian. */
    final String which;
    /** -1: argnums left at its default (0). */
    final int argnum;

    Jac(String which, int argnum) {
      this.which = which;
      this.argnum = argnum;
    }

    int effective() {
      return argnum < 0 ? 0 : argnum;
    }

    @Override
    String spec() {
      return which + "(" + (argnum < 0 ? "" : String.valueOf(argnum)) + ")";
    }

    @Override
    String kind() {
      return which;
    }

    @Override
    Graph apply(Graph prev) {
      switch (which) {
        case "jacfwd":
          return Ad.jacfwd(prev, effective());
        case "jacrev":
          return Ad.jacrev(prev, effective());
        default:
          return Ad.hessian(prev, effective());
      }
    }

    @Override
    Struct out(Struct prev, int arity) {
      return prev;
    }

    @Override
    String def(String name, String prevName, List<String> prevParams, List<String> params,
        Struct prevOut, Graph prev) {
      return "def " + name + "(" + String.join(", ", params) + ") = " + which + "(" + prevName
          + (argnum < 0 ? "" : ", argnums=" + argnum) + ")(" + String.join(", ", params) + ")\n";
    }
  }

  // ------------------------------------------------------------------ vmap

  static final class VmapStep extends Step {
    /** Axes as written (negative allowed; null is None), one per input. */
    final Integer[] in;
    /** Axes as written, one per output leaf; or a single entry applying to every output. */
    final int[] out;
    final int n;

    VmapStep(Integer[] in, int[] out, int n) {
      this.in = in;
      this.out = out;
      this.n = n;
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
      return sb.append(";").append(n).append(")").toString();
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
        Integer a = in[i];
        int r = prev.inputTypes().get(i).rank() + 1;
        inAxes[i] = a == null ? Vmap.NOT_MAPPED : a < 0 ? a + r : a;
      }
      int[] outAxes = new int[prev.outputs().size()];
      for (int j = 0; j < outAxes.length; j++) {
        int a = out.length == 1 ? out[0] : out[j];
        int r = prev.output(j).rank() + 1;
        outAxes[j] = a < 0 ? a + r : a;
      }
      return Vmap.vmap(prev, inAxes, outAxes, n);
    }

    /** The non-negative batch axis of input {@code i} of {@code prev}, or -1. */
    int inAxis(Graph prev, int i) {
      Integer a = in[i];
      int r = prev.inputTypes().get(i).rank() + 1;
      return a == null ? -1 : a < 0 ? a + r : a;
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
      String inText = tupleOf(ins);
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
      return "def " + name + "(" + String.join(", ", params) + ") = vmap(" + prevName + ", in_axes="
          + inText + ", out_axes=" + outText + ")(" + String.join(", ", params) + ")\n";
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
        return new Scal(Long.parseLong(arg));
      case "jvp":
        return new Jvp();
      case "vjp":
        return new Vjp();
      case "grad":
      case "vg": {
        boolean v = head.equals("vg");
        if (arg.isEmpty()) {
          return new Grad(v, null, false);
        }
        if (arg.startsWith("(")) {
          String inner = arg.substring(1, arg.length() - 1);
          List<Integer> xs = new ArrayList<>();
          for (String t : inner.split(",")) {
            if (!t.isBlank()) {
              xs.add(Integer.parseInt(t.strip()));
            }
          }
          return new Grad(v, xs.stream().mapToInt(Integer::intValue).toArray(), true);
        }
        return new Grad(v, new int[] {Integer.parseInt(arg)}, false);
      }
      case "jacfwd":
      case "jacrev":
      case "hessian":
        return new Jac(head, arg.isEmpty() ? -1 : Integer.parseInt(arg));
      case "vmap": {
        String[] parts = arg.split(";");
        String[] ins = parts[0].split(",");
        Integer[] in = new Integer[ins.length];
        for (int i = 0; i < ins.length; i++) {
          in[i] = ins[i].strip().equals("N") ? null : Integer.valueOf(ins[i].strip());
        }
        int[] out = Arrays.stream(parts[1].split(",")).map(String::strip).mapToInt(Integer::parseInt)
            .toArray();
        return new VmapStep(in, out, Integer.parseInt(parts[2].strip()));
      }
      default:
        throw new IllegalArgumentException("unknown transformation '" + s + "'");
    }
  }

  static String specOf(List<Step> chain) {
    List<String> parts = new ArrayList<>();
    for (Step s : chain) {
      parts.add(s.spec());
    }
    return String.join(" ", parts);
  }
}
