package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.Compare;
import org.cotangent.symbolic.ops.Unary;

/**
 * One row per primitive (several for some): a small function that applies it, with inputs drawn
 * from its domain at random shapes. The rows drive the derivative tests in {@link
 * PrimitiveRulesTest}; {@link #covered} is checked against every {@code Op} class in the build.
 */
public final class PrimitiveTable {
  private PrimitiveTable() {}

  /** Draws one input: a type and a random tensor of it within the primitive's domain. */
  interface Gen {
    Tensor draw(Random rng);
  }

  public static final class Case {
    public final String name;
    public final Class<? extends Op> op;
    public final List<TensorType> types;
    final List<Gen> gens;
    final Function<List<Node>, Node> body;

    Case(String name, Class<? extends Op> op, List<TensorType> types, List<Gen> gens,
        Function<List<Node>, Node> body) {
      this.name = name;
      this.op = op;
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

  private static Gen domainOf(Unary.UnaryOp op, TensorType t) {
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
      case "round":
        return offGrid(t);
      default:
        return uniform(t, -2.0, 2.0);
    }
  }

  private static Gen domainOf(Binary.BinaryOp op, TensorType t, int arg) {
    switch (op.name()) {
      case "pow":
        return arg == 0 ? uniform(t, 0.5, 2.0) : uniform(t, -1.0, 2.0);
      case "div":
        return arg == 0 ? normal(t) : awayFromZero(t, 0.5, 2.0);
      case "atan2":
        return awayFromZero(t, 0.5, 2.0);
      default:
        return normal(t);
    }
  }

  public static List<Case> cases(long seed) {
    Random rng = new Random(seed);
    List<Case> cs = new ArrayList<>();
    for (Unary.UnaryOp op : Unary.ALL) {
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case(op.name(), op.getClass(), List.of(t), List.of(domainOf(op, t)),
          ps -> Node.make(op, ps.get(0))));
    }
    for (Binary.BinaryOp op : Binary.ALL) {
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case(op.name(), op.getClass(), List.of(t, t),
          List.of(domainOf(op, t, 0), domainOf(op, t, 1)), ps -> Node.make(op, ps.get(0), ps.get(1))));
      // The same primitive with one operand held constant (a residual), as in most real programs.
      Tensor c = domainOf(op, t, 1).draw(rng);
      cs.add(new Case(op.name() + "(x, const)", op.getClass(), List.of(t),
          List.of(domainOf(op, t, 0)), ps -> Node.make(op, ps.get(0), Ir.constant(c))));
    }
    for (int n : new int[] {3, -2, 2, 0}) {
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case("integer_pow " + n, org.cotangent.symbolic.ops.IntegerPow.class, List.of(t),
          List.of(awayFromZero(t, 0.5, 1.5)), ps -> Ir.integerPow(ps.get(0), n)));
    }
    for (Compare cmp : Compare.ALL) {
      // A comparison has no derivative; it reaches derivatives only through select.
      TensorType t = TensorType.of(DType.F64, randomShape(rng));
      cs.add(new Case(cmp.name(), Compare.class, List.of(t, t), List.of(normal(t), normal(t)),
          ps -> Ir.select(Node.make(cmp, ps.get(0), ps.get(1)), Ir.mul(ps.get(0), ps.get(1)),
              Ir.sin(ps.get(1)))));
    }
    {
      TensorType t = TensorType.f64(2, 3);
      cs.add(new Case("select", org.cotangent.symbolic.ops.Select.class, List.of(t, t, t),
          List.of(normal(t), normal(t), normal(t)),
          ps -> Ir.select(Ir.gt(ps.get(0), Ir.zeros(t)), Ir.exp(ps.get(1)), Ir.mul(ps.get(1), ps.get(2)))));
    }
    TensorType v3 = TensorType.f64(3);
    TensorType m23 = TensorType.f64(2, 3);
    TensorType m34 = TensorType.f64(3, 4);
    TensorType t234 = TensorType.f64(2, 3, 4);
    Class<? extends Op> bcast = org.cotangent.symbolic.ops.BroadcastInDim.class;
    cs.add(new Case("broadcast_in_dim new axis", bcast, List.of(v3), List.of(normal(v3)),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 3), 1))));
    cs.add(new Case("broadcast_in_dim size-1 axis", bcast, List.of(TensorType.f64(3, 1)),
        List.of(normal(TensorType.f64(3, 1))),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 3, 4), 1, 2))));
    cs.add(new Case("broadcast_in_dim scalar", bcast, List.of(TensorType.f64()),
        List.of(normal(TensorType.f64())),
        ps -> Ir.sin(Ir.broadcastInDim(ps.get(0), Shape.of(2, 2)))));
    cs.add(new Case("reshape", org.cotangent.symbolic.ops.Reshape.class, List.of(m23),
        List.of(normal(m23)), ps -> Ir.sin(Ir.reshape(ps.get(0), Shape.of(3, 2)))));
    cs.add(new Case("transpose", org.cotangent.symbolic.ops.Transpose.class, List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.transpose(ps.get(0), 2, 0, 1))));
    cs.add(new Case("slice", org.cotangent.symbolic.ops.Slice.class, List.of(t234),
        List.of(normal(t234)),
        ps -> Ir.sin(Ir.slice(ps.get(0), new int[] {1, 0, 1}, new int[] {2, 2, 4}))));
    cs.add(new Case("pad", org.cotangent.symbolic.ops.Pad.class, List.of(m23), List.of(normal(m23)),
        ps -> Ir.cos(Ir.pad(ps.get(0), new int[] {1, 0}, new int[] {0, 2}))));
    cs.add(new Case("concatenate", org.cotangent.symbolic.ops.Concatenate.class,
        List.of(m23, TensorType.f64(2, 1)), List.of(normal(m23), normal(TensorType.f64(2, 1))),
        ps -> Ir.sin(Ir.concatenate(1, ps.get(0), ps.get(1), ps.get(0)))));
    cs.add(new Case("index", org.cotangent.symbolic.ops.Index.class, List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.index(ps.get(0), 1, 2))));
    cs.add(new Case("reduce_sum", org.cotangent.symbolic.ops.Reduce.Sum.class, List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.reduceSum(ps.get(0), 0, 2))));
    cs.add(new Case("reduce_sum all", org.cotangent.symbolic.ops.Reduce.Sum.class, List.of(m23),
        List.of(normal(m23)), ps -> Ir.reduceSum(Ir.sin(ps.get(0)), 0, 1)));
    cs.add(new Case("reduce_max", org.cotangent.symbolic.ops.Reduce.Max.class, List.of(t234),
        List.of(normal(t234)), ps -> Ir.sin(Ir.reduceMax(ps.get(0), 1))));
    cs.add(new Case("reduce_prod", org.cotangent.symbolic.ops.Reduce.Prod.class, List.of(t234),
        List.of(awayFromZero(t234, 0.5, 1.5)), ps -> Ir.reduceProd(ps.get(0), 0, 2)));
    cs.add(new Case("reduce_prod 5", org.cotangent.symbolic.ops.Reduce.Prod.class,
        List.of(TensorType.f64(5)), List.of(awayFromZero(TensorType.f64(5), 0.5, 1.5)),
        ps -> Ir.reduceProd(ps.get(0), 0)));
    Class<? extends Op> dot = org.cotangent.symbolic.ops.DotGeneral.class;
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
    cs.add(new Case("iota", org.cotangent.symbolic.ops.Iota.class, List.of(m23), List.of(normal(m23)),
        ps -> Ir.mul(Ir.sin(ps.get(0)), Ir.iota(m23, 1))));
    cs.add(new Case("const", org.cotangent.symbolic.ir.Constant.class, List.of(v3),
        List.of(normal(v3)),
        ps -> Ir.mul(Ir.constant(Tensor.of(1.5, -2.0, 0.25)), Ir.square(ps.get(0)))));
    cs.add(new Case("convert_element_type", org.cotangent.symbolic.ops.ConvertElementType.class,
        List.of(m23), List.of(offGrid(m23)),
        ps -> Ir.mul(ps.get(0), Ir.convert(Ir.convert(ps.get(0), DType.I64), DType.F64))));
    return cs;
  }

  /** Op classes that the cases exercise. */
  static List<Class<? extends Op>> covered() {
    List<Class<? extends Op>> cl = new ArrayList<>();
    for (Case c : cases(0)) {
      cl.add(c.op);
    }
    cl.add(org.cotangent.symbolic.ir.Param.class); // every case has parameters
    return cl;
  }
}
