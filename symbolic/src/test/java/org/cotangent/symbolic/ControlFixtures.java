package org.cotangent.symbolic;

import java.util.List;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Cond;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.CustomVjp;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Functions of {@code x: f64[m,n], v: f64[n], s: f64} through each op with sub-graphs (calls,
 * conditionals, custom rules, while loops), built at symbolic sizes ({@code Dim.var}) or at
 * constant ones ({@code Dim.of}) from the same code, so a symbolic graph can be checked against
 * the static graph at every size (shared by the symbolic, codegen and fuzz tests).
 */
public final class ControlFixtures {
  private ControlFixtures() {}

  public static final TensorType S = TensorType.f64();

  public static TensorType f64(Dim... d) {
    return TensorType.of(DType.F64, Shape.of(d));
  }

  /** The families, by name: each a function of {@code (m, n)} sizes to a graph. */
  public static final List<String> FAMILIES = List.of("call", "checkpoint", "cond", "custom_jvp",
      "custom_vjp", "while");

  public static Graph build(String family, Dim m, Dim n) {
    switch (family) {
      case "call": return call(m, n);
      case "checkpoint": return checkpoint(m, n);
      case "cond": return cond(m, n);
      case "custom_jvp": return customJvp(m, n);
      case "custom_vjp": return customVjp(m, n);
      case "while": return whileLoop(m, n);
      default: throw new IllegalArgumentException(family);
    }
  }

  static Graph trace(Dim m, Dim n, java.util.function.Function<List<Node>, List<Node>> f) {
    return Graph.trace(List.of("x", "v", "s"), List.of(f64(m, n), f64(n), S), f);
  }

  /** {@code (y: f64[k], w: f64[k]) -> (sum(sin(y) * w), tanh(y))}: its own size name k. */
  public static Graph score() {
    Dim k = Dim.var("k");
    return Graph.trace(List.of("y", "w"), List.of(f64(k), f64(k)), ps -> List.of(
        Ir.reduceSum(Ir.mul(Ir.sin(ps.get(0)), ps.get(1)), 0), Ir.tanh(ps.get(0))));
  }

  /**
   * A call of {@code inner(x: f64[m,n], v: f64[n]) = x * v + s} typed in the caller's names, and
   * one of {@link #score} (k bound to n).
   */
  public static Graph call(Dim m, Dim n) {
    Graph inner = Graph.trace(List.of("x", "v", "s"), List.of(f64(m, n), f64(n), S), ps ->
        List.of(Ir.add(Ir.mul(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(m, n), 1)),
            Ir.broadcastInDim(Ir.sin(ps.get(2)), Shape.of(m, n)))));
    return trace(m, n, ps -> {
      Node z = ClosedCall.call(inner, ps).get(0);
      List<Node> sc = ClosedCall.call(score(), List.of(Ir.reduceSum(z, 0), ps.get(1)));
      return List.of(Ir.add(Ir.add(Ir.reduceSum(Ir.mul(z, z), 0, 1), sc.get(0)),
          Ir.reduceSum(Ir.mul(sc.get(1), ps.get(1)), 0)));
    });
  }

  /**
   * A checkpoint (a call flagged remat: reverse mode recomputes its body) of {@code tanh(x * v +
   * s)} typed in the caller's names, and one of {@link #score} (k bound to n).
   */
  public static Graph checkpoint(Dim m, Dim n) {
    Graph inner = Graph.trace(List.of("x", "v", "s"), List.of(f64(m, n), f64(n), S), ps ->
        List.of(Ir.tanh(Ir.add(Ir.mul(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(m, n), 1)),
            Ir.broadcastInDim(ps.get(2), Shape.of(m, n))))));
    return trace(m, n, ps -> {
      Node z = ClosedCall.checkpoint(inner, ps).get(0);
      List<Node> sc = ClosedCall.checkpoint(score(), List.of(Ir.reduceSum(z, 0), ps.get(1)));
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(z, Ir.sin(z)), 0, 1), sc.get(0)));
    });
  }

  /** {@code s > 0 ? (x * v, sum(v)) : (sin(x), s * sum(v * v))}, then a scalar of both. */
  public static Graph cond(Dim m, Dim n) {
    List<TensorType> types = List.of(f64(m, n), f64(n), S);
    List<String> names = List.of("x", "v", "s");
    Graph neg = Graph.trace(names, types, ps -> List.of(Ir.sin(ps.get(0)),
        Ir.mul(ps.get(2), Ir.reduceSum(Ir.mul(ps.get(1), ps.get(1)), 0))));
    Graph pos = Graph.trace(names, types, ps -> List.of(
        Ir.mul(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(m, n), 1)),
        Ir.reduceSum(ps.get(1), 0)));
    return trace(m, n, ps -> {
      Node index = Ir.convert(Ir.gt(ps.get(2), Ir.full(0.0, S)), DType.I64);
      List<Node> r = Cond.cond(index, List.of(neg, pos), ps);
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(r.get(0), ps.get(0)), 0, 1),
          Ir.mul(r.get(1), r.get(1))));
    });
  }

  /** softplus with its derivative logistic as a custom JVP rule. */
  public static Graph customJvp(Dim m, Dim n) {
    TensorType t = f64(m, n);
    Graph primal = Graph.trace(List.of("x"), List.of(t), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0)))));
    Graph rule = Graph.trace(List.of("x", "t"), List.of(t, t), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0))), Ir.mul(ps.get(1), Ir.logistic(ps.get(0)))));
    return trace(m, n, ps -> {
      Node y = CustomJvp.call(primal, rule, List.of(ps.get(0))).get(0);
      Node w = Ir.broadcastInDim(ps.get(1), Shape.of(m, n), 1);
      return List.of(Ir.reduceSum(Ir.mul(Ir.mul(y, y), w), 0, 1));
    });
  }

  /** softplus over v with fwd keeping logistic(v) as the residual and bwd {@code r * ybar}. */
  public static Graph customVjp(Dim m, Dim n) {
    TensorType t = f64(n);
    Graph primal = Graph.trace(List.of("v"), List.of(t), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0)))));
    Graph fwd = Graph.trace(List.of("v"), List.of(t), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0))), Ir.logistic(ps.get(0))));
    Graph bwd = Graph.trace(List.of("r", "ybar"), List.of(t, t), ps -> List.of(
        Ir.mul(ps.get(0), ps.get(1))));
    return trace(m, n, ps -> {
      Node y = CustomVjp.call(primal, fwd, bwd, List.of(Ir.mul(ps.get(1),
          Ir.broadcastInDim(ps.get(2), Shape.of(n))))).get(0);
      Node xy = Ir.dotGeneral(ps.get(0), Ir.sin(y), new int[] {1}, new int[] {0}, new int[0],
          new int[0]);
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(xy, xy), 0), Ir.reduceSum(Ir.mul(y, y), 0)));
    });
  }

  /**
   * A while loop with a data-dependent trip count (at most 4): consts {@code v, x}, carries
   * {@code y: f64[n]} and a counter {@code c}; while {@code c < 1 + 3 * tanh(sum(y * y))},
   * {@code y = 0.7 * y + 0.25 * sin(v) * colsum(x)}, {@code c = c + 1}.
   */
  public static Graph whileLoop(Dim m, Dim n) {
    return whileLoop(m, n, 0);
  }

  /** {@link #whileLoop(Dim, Dim)} with a bound on the trip count (0: none). */
  public static Graph whileLoop(Dim m, Dim n, int maxSteps) {
    List<TensorType> types = List.of(f64(n), f64(m, n), f64(n), S);
    List<String> names = List.of("v", "x", "y", "c");
    Graph cond = Graph.trace(names, types, ps -> List.of(Ir.lt(ps.get(3), Ir.add(
        Ir.full(1.0, S), Ir.mul(Ir.full(3.0, S), Ir.tanh(Ir.reduceSum(Ir.mul(ps.get(2),
            ps.get(2)), 0)))))));
    Graph body = Graph.trace(names, types, ps -> List.of(
        Ir.add(Ir.mul(Ir.full(0.7, f64(n)), ps.get(2)), Ir.mul(Ir.mul(Ir.full(0.25, f64(n)),
            Ir.sin(ps.get(0))), Ir.reduceSum(ps.get(1), 0))),
        Ir.add(ps.get(3), Ir.full(1.0, S))));
    return trace(m, n, ps -> {
      Node y0 = Ir.add(ps.get(1), Ir.broadcastInDim(ps.get(2), Shape.of(n)));
      List<Node> r = WhileLoop.build(cond, body, List.of(ps.get(1), ps.get(0)),
          List.of(y0, Ir.full(0.0, S)), maxSteps);
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(r.get(0), ps.get(1)), 0), r.get(1)));
    });
  }
}
