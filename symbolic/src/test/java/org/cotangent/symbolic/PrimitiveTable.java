package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BinaryOp;
import org.cotangent.symbolic.ops.Compare;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.UnaryOp;

/**
 * One row per primitive (several for some): a small function that applies it, with inputs drawn
 * from its domain at random shapes. The rows drive the derivative tests in {@link
 * PrimitiveRulesTest}; {@link #covered} is checked against every primitive in the registry.
 */
public final class PrimitiveTable {
  private PrimitiveTable() {}

  /** Draws one input: a type and a random tensor of it within the primitive's domain. */
  interface Gen {
    Tensor draw(Random rng);
  }

  public static final class Case {
    public final String name;
    /** The primitive this row is for, by its name in the registry ({@code ops.Primitives}). */
    public final String primitive;
    public final List<TensorType> types;
    final List<Gen> gens;
    final Function<List<Node>, Node> body;

    Case(String name, String primitive, List<TensorType> types, List<Gen> gens,
        Function<List<Node>, Node> body) {
      this.name = name;
      this.primitive = primitive;
      this.types = types;
      this.gens = gens;
      this.body = body;
    }

    public Graph graph() {
      return Graph.trace(Graph.defaultNames(types.size(), "x"), types,
          ps -> List.of(body.apply(ps)));
    }

    public List<Tensor> inputs(Random rng) {
      List<Tensor> xs = new ArrayList<>();
      for (Gen g : gens) {
        xs.add(g.draw(rng));
      }
      return xs;
    }

    @Override
    public String toString() {
      return name + types;
    }
  }

  /** Uniform in [lo, hi). */
  static Gen uniform(TensorType t, double lo, double hi) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = lo + (hi - lo) * rng.nextDouble();
      }
      return Tensor.wrap(t, d);
    };
  }

  /** Magnitude in [lo, hi) with a random sign. */
  static Gen awayFromZero(TensorType t, double lo, double hi) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = (lo + (hi - lo) * rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1);
      }
      return Tensor.wrap(t, d);
    };
  }

  /** Integers plus a fractional part in [0.2, 0.4]: away from floor and round's jumps. */
  static Gen offGrid(TensorType t) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextInt(7) - 3 + 0.2 + 0.2 * rng.nextDouble();
      }
      return Tensor.wrap(t, d);
    };
  }

  static Gen normal(TensorType t) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextGaussian();
      }
      return Tensor.wrap(t, d);
    };
  }

  /** A random shape of rank 0..2 with small dimensions, drawn from {@code rng}. */
  static Shape randomShape(Random rng) {
    int rank = rng.nextInt(3);
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) {
      d[i] = 1 + rng.nextInt(4);
    }
    return Shape.of(d);
  }

  private static Gen domainOf(UnaryOp op, TensorType t) {
    switch (op.name()) {
      case "log":
      case "sqrt":
      case "rsqrt":
        return uniform(t, 0.5, 2.0);
      case "log1p":
        return uniform(t, -0.5, 1.0);
      case "asin":
      case "acos":
        return uniform(t, -0.8, 0.8);
      case "tan":
        return uniform(t, -1.2, 1.2);
      case "reciprocal":
      case "abs":
      case "sign":
        return awayFromZero(t, 0.3, 2.0);
      case "floor":
      case "ceil":
      case "round":
        return offGrid(t);
      default:
        return uniform(t, -2.0, 2.0);
    }
  }

  private static Gen domainOf(BinaryOp op, TensorType t, int arg) {
    switch (op.name()) {
      case "pow":
        return arg == 0 ? uniform(t, 0.5, 2.0) : uniform(t, -1.0, 2.0);
      case "div":
        return arg == 0 ? normal(t) : awayFromZero(t, 0.5, 2.0);
      case "atan2":
        return awayFromZero(t, 0.5, 2.0);
      case "rem":
      case "remainder":
        // |x / y| in [2.09, 2.8]: away from the jumps where x / y is an integer, with a quotient
        // of 2 (or -3 when flooring a negative one), so the derivative in y is not trivial.
        return arg == 0 ? awayFromZero(t, 2.2, 2.8) : awayFromZero(t, 1.0, 1.05);
      default:
        return normal(t);
    }
  }

  /** Uniform in [lo, hi) but at least 0.1 from each of {@code points} (clip's bounds). */
  static Gen avoiding(TensorType t, double lo, double hi, double... points) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        boolean near;
        do {
          d[i] = lo + (hi - lo) * rng.nextDouble();
          near = false;
          for (double p : points) {
            near |= Math.abs(d[i] - p) < 0.1;
          }
        } while (near);
      }
      return Tensor.wrap(t, d);
    };
  }

  /** Normal with a spread of 3, so that exp of it ranges over several orders of magnitude. */
  static Gen wide(TensorType t) {
    return rng -> {
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = 3 * rng.nextGaussian();
      }
      return Tensor.wrap(t, d);
    };
  }

  public static List<Case> cases(long seed) {
    Random rng = new Random(seed);
    List<Case> cs = new ArrayList<>();
    for (UnaryOp op : Unary.ALL) {
      if (op == Unary.STOP_GRADIENT) {
        // Its derivative is zero by decree, not the function's: its rows are below, where the
        // result does not depend on the stopped value (a shift that cancels).
        continue;
      }
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      if (!op.domainAccepts(DType.F64)) {
        continue; // real, imag, conj: rows of ComplexTable
      }
      cs.add(new Case(op.name(), op.name(), List.of(t), List.of(domainOf(op, t)),
          ps -> Node.make(op, ps.get(0))));
    }
    for (BinaryOp op : Binary.ALL) {
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case(op.name(), op.name(), List.of(t, t),
          List.of(domainOf(op, t, 0), domainOf(op, t, 1)), ps -> Node.make(op, ps.get(0), ps.get(1))));
      // The same primitive with one operand held constant (a residual), as in most real programs.
      Tensor c = domainOf(op, t, 1).draw(rng);
      cs.add(new Case(op.name() + "(x, const)", op.name(), List.of(t),
          List.of(domainOf(op, t, 0)), ps -> Node.make(op, ps.get(0), Ir.constant(c))));
    }
    for (int n : new int[] {3, -2, 2, 0}) {
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case("integer_pow " + n, "integer_pow", List.of(t),
          List.of(awayFromZero(t, 0.5, 1.5)), ps -> Ir.integerPow(ps.get(0), n)));
    }
    for (Compare cmp : Compare.ALL) {
      // A comparison has no derivative; it reaches derivatives only through select.
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case(cmp.name(), cmp.name(), List.of(t, t), List.of(normal(t), normal(t)),
          ps -> Ir.select(Node.make(cmp, ps.get(0), ps.get(1)), Ir.mul(ps.get(0), ps.get(1)),
              Ir.sin(ps.get(1)))));
    }
    {
      TensorType t = TensorType.f64(2, 3);
      cs.add(new Case("select", "select", List.of(t, t, t),
          List.of(normal(t), normal(t), normal(t)),
          ps -> Ir.select(Ir.gt(ps.get(0), Ir.zeros(t)), Ir.exp(ps.get(1)), Ir.mul(ps.get(1), ps.get(2)))));
    }
    TensorType v3 = TensorType.f64(3);
    TensorType m23 = TensorType.f64(2, 3);
    TensorType m34 = TensorType.f64(3, 4);
    TensorType t234 = TensorType.f64(2, 3, 4);
    String bcast = "broadcast_in_dim";
    cs.add(new Case("broadcast_in_dim new axis", bcast, List.of(v3), List.of(normal(v3)),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 3), 1))));
    cs.add(new Case("broadcast_in_dim size-1 axis", bcast, List.of(TensorType.f64(3, 1)),
        List.of(normal(TensorType.f64(3, 1))),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 3, 4), 1, 2))));
    cs.add(new Case("broadcast_in_dim scalar", bcast, List.of(TensorType.f64()),
        List.of(normal(TensorType.f64())),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 2)))));
    cs.add(new Case("reshape", "reshape", List.of(m23),
        List.of(normal(m23)), ps -> Ir.sin(Ir.reshape(ps.get(0), Shape.of(3, 2)))));
    cs.add(new Case("transpose", "transpose", List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.transpose(ps.get(0), 2, 0, 1))));
    cs.add(new Case("slice", "slice", List.of(t234),
        List.of(normal(t234)),
        ps -> Ir.sin(Ir.slice(ps.get(0), new int[] {1, 0, 1}, new int[] {2, 2, 4}))));
    cs.add(new Case("pad", "pad", List.of(m23), List.of(normal(m23)),
        ps -> Ir.cos(Ir.pad(ps.get(0), new int[] {1, 0}, new int[] {0, 2}))));
    cs.add(new Case("concatenate", "concatenate",
        List.of(m23, TensorType.f64(2, 1)), List.of(normal(m23), normal(TensorType.f64(2, 1))),
        ps -> Ir.sin(Ir.concatenate(1, ps.get(0), ps.get(1), ps.get(0)))));
    cs.add(new Case("index", "index", List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.index(ps.get(0), 1, 2))));
    cs.add(new Case("reduce_sum", "reduce_sum", List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.reduceSum(ps.get(0), 0, 2))));
    cs.add(new Case("reduce_sum all", "reduce_sum", List.of(m23),
        List.of(normal(m23)), ps -> Ir.reduceSum(Ir.sin(ps.get(0)), 0, 1)));
    cs.add(new Case("reduce_max", "reduce_max", List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.reduceMax(ps.get(0), 1))));
    cs.add(new Case("reduce_prod", "reduce_prod", List.of(t234),
        List.of(awayFromZero(t234, 0.5, 1.5)), ps -> Ir.reduceProd(ps.get(0), 0, 2)));
    cs.add(new Case("reduce_prod 5", "reduce_prod",
        List.of(TensorType.f64(5)), List.of(awayFromZero(TensorType.f64(5), 0.5, 1.5)),
        ps -> Ir.reduceProd(ps.get(0), 0)));
    String dot = "dot_general";
    cs.add(new Case("dot_general matmul", dot, List.of(m23, m34), List.of(normal(m23), normal(m34)),
        ps -> Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1}, new int[] {0}, new int[0], new int[0])));
    cs.add(new Case("dot_general batch", dot, List.of(t234, TensorType.f64(2, 4, 3)),
        List.of(normal(t234), normal(TensorType.f64(2, 4, 3))),
        ps -> Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {2}, new int[] {1}, new int[] {0},
            new int[] {0})));
    cs.add(new Case("dot_general two axes, swapped order", dot,
        List.of(t234, TensorType.f64(4, 5, 3)),
        List.of(normal(t234), normal(TensorType.f64(4, 5, 3))),
        ps -> Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {2, 1}, new int[] {0, 2}, new int[0],
            new int[0])));
    cs.add(new Case("dot_general outer", dot, List.of(v3, TensorType.f64(2)),
        List.of(normal(v3), normal(TensorType.f64(2))),
        ps -> Ir.dotGeneral(ps.get(0), ps.get(1), new int[0], new int[0], new int[0], new int[0])));
    {
      // A call of a sub-graph with two outputs, one of them used twice, inside the calling graph.
      Graph body = Graph.trace(List.of("u", "v"), List.of(m23, m23), ps -> List.of(
          Ir.mul(Ir.sin(ps.get(0)), ps.get(1)), Ir.exp(Ir.mul(ps.get(0), Ir.full(0.5, m23)))));
      cs.add(new Case("closed_call", "closed_call", List.of(m23, m23),
          List.of(normal(m23), normal(m23)), ps -> {
            List<Node> r = org.cotangent.symbolic.control.ClosedCall.call(body,
                List.of(ps.get(0), Ir.tanh(ps.get(1))));
            return Ir.add(Ir.mul(r.get(0), r.get(1)), r.get(1));
          }));
    }
    // At static sizes dim_value is the constant it folds to (its symbolic rules: the
    // dim_value case of SymbolicSizesTest and codegen's SymbolicDimValueTest).
    cs.add(new Case("dim_value", "dim_value", List.of(m23), List.of(normal(m23)),
        ps -> Ir.mul(Ir.sin(ps.get(0)), Ir.broadcastInDim(org.cotangent.symbolic.ops.SizeValue.of(
            Dim.of(3), TensorType.f64()), m23.shape()))));
    cs.add(new Case("iota", "iota", List.of(m23), List.of(normal(m23)),
        ps -> Ir.mul(Ir.sin(ps.get(0)), Ir.iota(m23, 1))));
    cs.add(new Case("const", "const", List.of(v3),
        List.of(normal(v3)),
        ps -> Ir.mul(Ir.constant(Tensor.of(1.5, -2.0, 0.25)), Ir.square(ps.get(0)))));
    cs.add(new Case("convert_element_type", "convert_element_type",
        List.of(m23), List.of(offGrid(m23)),
        ps -> Ir.mul(ps.get(0), Ir.convert(Ir.convert(ps.get(0), DType.I64), DType.F64))));
    addReductionsAndCompositions(cs);
    StructuralTable.add(cs, rng);
    LinalgTable.add(cs, rng);
    LoopTable.add(cs, rng);
    LoopTable.addCond(cs);
    LoopTable.addWhile(cs);
    CustomTable.add(cs);
    return cs;
  }

  /**
   * argmax/argmin, stop_gradient, and the compositions of {@code Np} whose derivatives matter
   * (clip, logsumexp, softmax, log_softmax, var, std, norm), each under the primitive it is
   * mostly about.
   */
  private static void addReductionsAndCompositions(List<Case> cs) {
    TensorType m23 = TensorType.f64(2, 3);
    TensorType t234 = TensorType.f64(2, 3, 4);
    TensorType v5 = TensorType.f64(5);
    // An index reaches derivatives only as a (constant) factor: sin(x) * argmax along axis 1.
    cs.add(new Case("argmax axis 1", "argmax", List.of(t234), List.of(normal(t234)),
        ps -> Np.mul(Np.sin(ps.get(0)), Np.reshape(Np.astype(Ir.argmax(ps.get(0), 1), DType.F64),
            2, 1, 4))));
    cs.add(new Case("argmax all", "argmax", List.of(m23), List.of(normal(m23)),
        ps -> Np.mul(ps.get(0), Np.argmax(Np.square(ps.get(0)), null))));
    cs.add(new Case("argmin axis 0", "argmin", List.of(m23), List.of(normal(m23)),
        ps -> Np.mul(Np.exp(ps.get(0)), Np.argmin(ps.get(0), 0))));
    cs.add(new Case("argmin all", "argmin", List.of(v5), List.of(normal(v5)),
        ps -> Np.mul(Np.cos(ps.get(0)), Np.argmin(ps.get(0), null))));
    cs.add(new Case("stop_gradient in logsumexp axis 1", "stop_gradient", List.of(t234),
        List.of(wide(t234)), ps -> Np.logsumexp(ps.get(0), 1)));
    cs.add(new Case("stop_gradient in logsumexp all", "stop_gradient", List.of(m23),
        List.of(wide(m23)), ps -> Np.logsumexp(ps.get(0))));
    cs.add(new Case("stop_gradient in softmax", "stop_gradient", List.of(t234),
        List.of(wide(t234)), ps -> Np.softmax(ps.get(0), -1)));
    cs.add(new Case("stop_gradient in log_softmax axes 0 2", "stop_gradient", List.of(t234),
        List.of(wide(t234)), ps -> Np.logSoftmax(ps.get(0), 0, 2)));
    cs.add(new Case("clip", "max", List.of(m23), List.of(avoiding(m23, -1.5, 1.5, -0.5, 0.7)),
        ps -> Np.sin(Np.clip(ps.get(0), Np.scalar(-0.5), Np.scalar(0.7)))));
    cs.add(new Case("clip upper only", "min", List.of(v5), List.of(avoiding(v5, -1.5, 1.5, 0.2)),
        ps -> Np.square(Np.clip(ps.get(0), null, Np.scalar(0.2)))));
    cs.add(new Case("var axis 0 ddof 1", "reduce_sum", List.of(m23), List.of(normal(m23)),
        ps -> Np.var(ps.get(0), 1, 0)));
    cs.add(new Case("var all", "reduce_sum", List.of(t234), List.of(normal(t234)),
        ps -> Np.var(ps.get(0), 0)));
    cs.add(new Case("std axis 2", "sqrt", List.of(t234), List.of(normal(t234)),
        ps -> Np.std(ps.get(0), 0, 2)));
    cs.add(new Case("norm vector", "sqrt", List.of(v5), List.of(normal(v5)),
        ps -> Np.norm(ps.get(0), null)));
    cs.add(new Case("norm Frobenius", "sqrt", List.of(m23), List.of(normal(m23)),
        ps -> Np.norm(ps.get(0), "fro")));
    cs.add(new Case("norm along axis 1", "sqrt", List.of(t234), List.of(normal(t234)),
        ps -> Np.norm(ps.get(0), 2, 1)));
  }

  /**
   * The real rows ({@link #cases}) and the complex ones ({@link ComplexTable}, and the complex
   * linear-algebra rows of {@link LinalgTable}).
   */
  public static List<Case> allCases(long seed) {
    List<Case> all = new ArrayList<>(cases(seed));
    all.addAll(ComplexTable.cases(seed));
    LinalgTable.addComplex(all, new Random(seed));
    LoopTable.addComplex(all);
    return all;
  }

  /** The primitives (registry names) that the cases are rows for. */
  static java.util.Set<String> covered() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Case c : allCases(0)) {
      names.add(c.primitive);
    }
    return names;
  }
}
