package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;

/**
 * The reference interpreter: evaluates a graph on concrete tensors with each op's {@code eval}.
 * Slow and simple on purpose; it is the oracle that generated code is tested against.
 */
public final class Interpreter {
  private Interpreter() {}

  public static List<Tensor> eval(Graph g, List<Tensor> args) {
    return eval(g, Map.of(), args);
  }

  /**
   * {@link #eval(Graph, List)} with the values of the size variables that no argument's shape
   * gives ({@link Graph#freeSizeVars}: an {@code int} count such as {@code steps}).
   */
  public static List<Tensor> eval(Graph g, Map<String, Long> given, List<Tensor> args) {
    if (args.size() != g.arity()) {
      throw new IrException("function takes " + g.arity() + " arguments, got " + args.size());
    }
    if (!g.isStatic()) {
      Map<String, Long> env = new java.util.TreeMap<>(sizes(g, args));
      for (String v : g.freeSizeVars()) {
        Long value = given.get(v);
        if (value == null) {
          throw new IrException("the size " + v + " is no argument's size; give its value"
              + " (Interpreter.eval(graph, Map.of(\"" + v + "\", value), args))");
        }
        if (value < 0) {
          throw new IrException("the size " + v + " is " + value + ", must be >= 0");
        }
        env.put(v, value);
      }
      g = g.specialize(env);
    }
    for (int i = 0; i < args.size(); i++) {
      if (!args.get(i).type().equals(g.inputTypes().get(i))) {
        throw new IrException("argument " + i + " (" + g.inputNames().get(i) + ") must be "
            + g.inputTypes().get(i) + ", got " + args.get(i).type());
      }
    }
    Map<Node, Tensor> values = new IdentityHashMap<>();
    // All outputs of a multi-output op, evaluated once per op family and inputs.
    Map<List<Object>, List<Tensor>> families = new java.util.HashMap<>();
    for (Node n : g.topoOrder()) {
      Tensor v;
      if (n.op() instanceof Param) {
        v = args.get(((Param) n.op()).index());
      } else {
        List<Tensor> ins = new ArrayList<>(n.arity());
        for (Node in : n.inputs()) {
          ins.add(values.get(in));
        }
        Op family = n.op().outputFamily();
        if (family == null) {
          v = n.op().eval(ins);
        } else {
          List<Tensor> all = families.computeIfAbsent(List.of(family, n.inputs()),
              k -> family.evalOutputs(ins));
          v = all.get(n.op().outputIndex());
        }
        if (!v.type().equals(n.type())) {
          throw new IllegalStateException(n.op() + " evaluated to " + v.type() + ", expected " + n.type());
        }
      }
      values.put(n, v);
    }
    List<Tensor> outs = new ArrayList<>();
    for (Node o : g.outputs()) {
      outs.add(values.get(o));
    }
    return outs;
  }

  /**
   * The values of a symbolic graph's size variables, solved from the shapes of {@code args} (JAX's
   * {@code compute_dim_vars_from_arg_shapes}): each variable must appear alone, or affine and
   * alone among unknowns, in some argument dim, and every dim must then agree.
   */
  public static Map<String, Long> sizes(Graph g, List<Tensor> args) {
    List<Dim> dims = new ArrayList<>();
    List<Long> actual = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      TensorType want = g.inputTypes().get(i);
      TensorType got = args.get(i).type();
      if (want.dtype() != got.dtype() || want.rank() != got.rank()) {
        throw new IrException("argument " + i + " (" + g.inputNames().get(i) + ") must be "
            + want + ", got " + got);
      }
      for (int a = 0; a < want.rank(); a++) {
        dims.add(want.shape().extent(a));
        actual.add((long) got.shape().dim(a));
        where.add("argument " + i + " (" + g.inputNames().get(i) + ") axis " + a);
      }
    }
    return Dims.solve(dims, actual, where);
  }

  public static List<Tensor> eval(Graph g, Tensor... args) {
    return eval(g, List.of(args));
  }
}
