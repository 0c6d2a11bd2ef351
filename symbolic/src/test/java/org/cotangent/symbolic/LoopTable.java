package org.cotangent.symbolic;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.PrimitiveTable.Case;
import org.cotangent.symbolic.PrimitiveTable.Gen;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The rows of {@link PrimitiveTable} for the loop primitives (issue 11): scans with and without
 * xs and ys, a carry of shape [3], reverse, lengths 0 and 1, a carry whose update reads a const
 * only through a const-only residual, a scan in a scan, and a complex carry. They run under every
 * table-driven test: JVP against central differences, VJP by the dot-product test, second order,
 * vmap against a loop of calls, the canonical text round trip, compiled against the interpreter.
 */
final class LoopTable {
  private LoopTable() {}

  static final TensorType S = TensorType.f64();

  /** {@code (w | c | x) -> (c * cos(x) + w * x | sin(c) * x)}: a scalar carry, xs and ys. */
  static Graph scalarBody() {
    return Graph.trace(List.of("w", "c", "x"), List.of(S, S, S), ps -> {
      Node w = ps.get(0);
      Node c = ps.get(1);
      Node x = ps.get(2);
      return List.of(Ir.add(Ir.mul(c, Ir.cos(x)), Ir.mul(w, x)), Ir.mul(Ir.sin(c), x));
    });
  }

  /** sum of squares of the final carry and the ys of a scan of {@link #scalarBody}. */
  static Node scalarScan(Node w, Node c0, Node xs, int length, boolean reverse) {
    List<Node> r = Scan.scan(scalarBody(), List.of(w), List.of(c0), List.of(xs), length, reverse);
    return Ir.add(Ir.mul(r.get(0), r.get(0)), Ir.reduceSum(Ir.mul(r.get(1), r.get(1)), 0));
  }

  /** {@link #scalarScan} under revolve(snapshots), as a graph of {@code (w, c0, xs)}. */
  static Graph revolveLoss(int length, boolean reverse, int snapshots) {
    TensorType xs = TensorType.f64(length);
    return Graph.trace(List.of("w", "c0", "xs"), List.of(S, S, xs), ps -> {
      List<Node> r = Scan.scan(scalarBody(), List.of(ps.get(0)), List.of(ps.get(1)),
          List.of(ps.get(2)), length, reverse, ScanPlan.revolve(snapshots));
      return List.of(Ir.add(Ir.mul(r.get(0), r.get(0)), Ir.reduceSum(Ir.mul(r.get(1), r.get(1)),
          0)));
    });
  }

  static void add(List<Case> cs, Random rng) {
    TensorType v5 = TensorType.f64(5);
    Gen n = PrimitiveTable.normal(S);
    // Binomial checkpointing: the primal, its tangent (forward mode) and its reverse sweep.
    cs.add(new Case("revolve(2) scan", "revolve_scan", List.of(S, S, v5),
        List.of(n, n, PrimitiveTable.normal(v5)),
        ps -> revolveLoss(5, false, 2).call(ps).get(0)));
    cs.add(new Case("revolve(1) scan tangent, reverse", "revolve_scan_tangent",
        List.of(S, S, v5, S, S, v5), List.of(n, n, PrimitiveTable.normal(v5), n, n,
            PrimitiveTable.normal(v5)),
        ps -> org.cotangent.symbolic.ad.Ad.jvp(revolveLoss(5, true, 1)).call(ps).get(1)));
    cs.add(new Case("revolve(2) reverse sweep", "revolve_reverse", List.of(S, S, v5, S),
        List.of(n, n, PrimitiveTable.normal(v5), n), ps -> {
          List<Node> v = org.cotangent.symbolic.ad.Ad.vjp(revolveLoss(5, false, 2)).call(ps);
          return Ir.add(Ir.add(v.get(1), v.get(2)), Ir.reduceSum(v.get(3), 0));
        }));
    cs.add(new Case("scan scalar carry, xs and ys", "scan", List.of(S, S, v5),
        List.of(n, n, PrimitiveTable.normal(v5)),
        ps -> scalarScan(ps.get(0), ps.get(1), ps.get(2), 5, false)));
    cs.add(new Case("scan reverse", "scan", List.of(S, S, v5),
        List.of(n, n, PrimitiveTable.normal(v5)),
        ps -> scalarScan(ps.get(0), ps.get(1), ps.get(2), 5, true)));
    TensorType v1 = TensorType.f64(1);
    cs.add(new Case("scan length 1", "scan", List.of(S, S, v1),
        List.of(n, n, PrimitiveTable.normal(v1)),
        ps -> scalarScan(ps.get(0), ps.get(1), ps.get(2), 1, false)));
    TensorType v0 = TensorType.f64(0);
    cs.add(new Case("scan length 0", "scan", List.of(S, S),
        List.of(n, n),
        ps -> Ir.mul(ps.get(0), scalarScan(ps.get(0), ps.get(1), Ir.zeros(v0), 0, false))));
    {
      // A carry of shape [3] and a matrix of xs, an array of ys, reverse; the update mixes the
      // carry through a dot with a const matrix.
      TensorType v3 = TensorType.f64(3);
      TensorType m33 = TensorType.f64(3, 3);
      TensorType x43 = TensorType.f64(4, 3);
      Graph body = Graph.trace(List.of("a", "h", "x"), List.of(m33, v3, v3), ps -> {
        Node h = Ir.tanh(Ir.add(Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1},
            new int[] {0}, new int[0], new int[0]), ps.get(2)));
        return List.of(h, Ir.mul(h, ps.get(2)));
      });
      cs.add(new Case("scan carry [3], reverse (an RNN)", "scan", List.of(m33, v3, x43),
          List.of(PrimitiveTable.normal(m33), PrimitiveTable.normal(v3), PrimitiveTable.normal(x43)),
          ps -> {
            List<Node> r = Scan.scan(body, List.of(ps.get(0)), List.of(ps.get(1)),
                List.of(ps.get(2)), 4, true);
            return Ir.add(Ir.reduceSum(Ir.sin(r.get(0)), 0), Ir.reduceSum(r.get(1), 0, 1));
          }));
    }
    {
      // No xs (fori_loop's shape): the update reads the const a only through sin(a), a residual
      // that depends on the const alone (computed once, outside the loop).
      Graph body = Graph.trace(List.of("a", "c"), List.of(S, S), ps -> List.of(
          Ir.add(Ir.mul(ps.get(1), Ir.sin(ps.get(0))), Ir.mul(Ir.full(0.5, S), Ir.tanh(ps.get(1))))));
      cs.add(new Case("scan without xs", "scan", List.of(S, S), List.of(n, n),
          ps -> Scan.scan(body, List.of(ps.get(0)), List.of(ps.get(1)), List.of(), 6, false)
              .get(0)));
    }
    {
      // Two carries, one with a constant start that the other makes depend on the inputs
      // (the fixpoint cases: a zero initial tangent that becomes non-zero, a carry batched only
      // after one step), and a scan nested in the body of another.
      Graph inner = Graph.trace(List.of("p", "q"), List.of(S, S), ps -> List.of(
          Ir.add(ps.get(0), Ir.mul(ps.get(1), ps.get(1)))));
      TensorType v3 = TensorType.f64(3);
      Graph outer = Graph.trace(List.of("u", "s", "x"), List.of(S, S, S), ps -> {
        Node u = ps.get(0);
        Node s = ps.get(1);
        Node x = ps.get(2);
        Node acc = Scan.scan(inner, List.of(Ir.sin(x)), List.of(s), List.of(), 2, false).get(0);
        return List.of(Ir.add(Ir.mul(Ir.full(0.5, S), u), Ir.mul(x, Ir.cos(s))), Ir.mul(Ir.full(0.3, S), acc));
      });
      cs.add(new Case("scan two carries, nested scan", "scan", List.of(S, v3),
          List.of(n, PrimitiveTable.normal(v3)),
          ps -> {
            List<Node> r = Scan.scan(outer, List.of(), List.of(ps.get(0), Ir.constant(0.25)),
                List.of(ps.get(1)), 3, false);
            return Ir.mul(r.get(0), Ir.exp(r.get(1)));
          }));
    }
  }

  /** The rows of cond: a bool index and two branches, an i64 index clamped to three branches. */
  static void addCond(List<Case> cs) {
    TensorType v3 = TensorType.f64(3);
    Graph b0 = Graph.trace(List.of("x", "y"), List.of(S, v3), ps -> List.of(
        Ir.mul(Ir.broadcastInDim(Ir.sin(ps.get(0)), Shape.of(3)), ps.get(1))));
    Graph b1 = Graph.trace(List.of("x", "y"), List.of(S, v3), ps -> List.of(
        Ir.add(Ir.broadcastInDim(Ir.exp(ps.get(0)), Shape.of(3)), Ir.mul(ps.get(1), ps.get(1)))));
    Graph b2 = Graph.trace(List.of("x", "y"), List.of(S, v3), ps -> List.of(
        Ir.tanh(Ir.mul(ps.get(1), Ir.broadcastInDim(ps.get(0), Shape.of(3))))));
    cs.add(new Case("cond bool index", "cond", List.of(S, v3),
        List.of(PrimitiveTable.awayFromZero(S, 0.3, 2.0), PrimitiveTable.normal(v3)),
        ps -> org.cotangent.symbolic.control.Cond.cond(Ir.gt(ps.get(0), Ir.constant(0.0)),
            List.of(b0, b1), List.of(ps.get(0), ps.get(1))).get(0)));
    cs.add(new Case("cond i64 index, three branches", "cond", List.of(S, v3),
        List.of(PrimitiveTable.offGrid(S), PrimitiveTable.normal(v3)),
        ps -> org.cotangent.symbolic.control.Cond.cond(
            Ir.convert(Ir.floor(ps.get(0)), DType.I64), List.of(b0, b1, b2),
            List.of(ps.get(0), ps.get(1))).get(0)));
  }

  /**
   * The rows of while_loop: Newton's square root stopped by a tolerance (the trip count depends on
   * the input), reversed by rematerialisation and, with max_steps, from the stacked carries; a
   * vector carry with a threshold stop; an i64 counter carry; a loop that does not run.
   */
  static void addWhile(List<Case> cs) {
    Gen a = PrimitiveTable.uniform(S, 0.5, 4.0);
    Gen x0 = PrimitiveTable.uniform(S, 1.0, 3.0);
    // Newton runs on 0.5 + a^2 from 1 + x0^2, so that it ends for any input (other tests run the
    // rows on normal draws).
    for (int maxSteps : new int[] {0, 30}) {
      cs.add(new Case("while Newton sqrt" + (maxSteps > 0 ? ", max_steps" : ""), "while",
          List.of(S, S), List.of(a, x0), ps -> {
            Node pa = Ir.add(Ir.full(0.5, S), Ir.mul(ps.get(0), ps.get(0)));
            Node px = Ir.add(Ir.full(1.0, S), Ir.mul(ps.get(1), ps.get(1)));
            return Ir.mul(WhileLoop.build(WhileLoopTest.newtonCond(), WhileLoopTest.newtonStep(),
                List.of(pa), List.of(px), maxSteps).get(0), Ir.sin(ps.get(1)));
          }));
    }
    TensorType v2 = TensorType.f64(2);
    {
      // (w | z) -> (x + 0.2 + 0.1 sin(w y), 0.8 y + 0.1 w x) while x < 2.5: 0.1 at least per step.
      Graph cond = Graph.trace(List.of("w", "z"), List.of(S, v2), ps -> List.of(Ir.lt(
          Ir.index(ps.get(1), 0, 0), Ir.constant(2.5))));
      Graph body = Graph.trace(List.of("w", "z"), List.of(S, v2), ps -> {
        Node x = Ir.index(ps.get(1), 0, 0);
        Node y = Ir.index(ps.get(1), 0, 1);
        Node w = ps.get(0);
        Node x1 = Ir.add(x, Ir.add(Ir.full(0.2, S), Ir.mul(Ir.full(0.1, S), Ir.sin(Ir.mul(w, y)))));
        Node y1 = Ir.add(Ir.mul(Ir.full(0.8, S), y), Ir.mul(Ir.full(0.1, S), Ir.mul(w, x)));
        return List.of(Ir.concatenate(0, Ir.reshape(x1, Shape.of(1)), Ir.reshape(y1, Shape.of(1))));
      });
      cs.add(new Case("while carry [2], threshold stop", "while", List.of(S, v2),
          List.of(PrimitiveTable.normal(S), PrimitiveTable.normal(v2)), ps -> {
            Node z = WhileLoop.build(cond, body, List.of(ps.get(0)), List.of(ps.get(1)), 100)
                .get(0);
            return Ir.reduceSum(Ir.mul(z, Ir.cos(z)), 0);
          }));
    }
    {
      // An i64 counter carry next to a real one: c <- c * w + 0.1 i while i < 4.
      TensorType i64 = TensorType.of(DType.I64);
      List<TensorType> types = List.of(S, i64, S);
      Graph cond = Graph.trace(List.of("w", "i", "c"), types, ps -> List.of(Ir.lt(ps.get(1),
          Ir.convert(Ir.constant(4.0), DType.I64))));
      Graph body = Graph.trace(List.of("w", "i", "c"), types, ps -> List.of(
          Ir.add(ps.get(1), Ir.convert(Ir.constant(1.0), DType.I64)),
          Ir.add(Ir.mul(ps.get(2), Ir.tanh(ps.get(0))),
              Ir.mul(Ir.full(0.1, S), Ir.convert(ps.get(1), DType.F64)))));
      cs.add(new Case("while i64 counter carry", "while", List.of(S, S), List.of(
          PrimitiveTable.normal(S), PrimitiveTable.normal(S)), ps -> WhileLoop.build(cond, body,
              List.of(ps.get(0)), List.of(Ir.convert(Ir.constant(0.0), DType.I64), ps.get(1)), 0)
              .get(1)));
      cs.add(new Case("while that does not run", "while", List.of(S, S), List.of(
          PrimitiveTable.normal(S), PrimitiveTable.normal(S)), ps -> Ir.mul(ps.get(0),
              WhileLoop.build(cond, body, List.of(ps.get(0)), List.of(Ir.convert(
                  Ir.constant(7.0), DType.I64), ps.get(1)), 5).get(1))));
    }
  }

  /** The complex row: a c128 carry (part of {@link PrimitiveTable#allCases}). */
  static void addComplex(List<Case> cs) {
    {
      // A complex carry: z <- z * exp(i x) + w, with a complex const w.
      TensorType c = TensorType.of(DType.C128);
      Graph body = Graph.trace(List.of("w", "z", "x"), List.of(c, c, S), ps -> {
        Node rot = Ir.exp(Ir.complex(Ir.zeros(S), ps.get(2)));
        return List.of(Ir.add(Ir.mul(ps.get(1), rot), ps.get(0)), Ir.mul(ps.get(1), ps.get(1)));
      });
      TensorType v4 = TensorType.f64(4);
      cs.add(new Case("scan complex carry", "scan", List.of(c, c, v4),
          List.of(ComplexTable.anywhere(c), ComplexTable.anywhere(c), PrimitiveTable.normal(v4)),
          ps -> {
            List<Node> r = Scan.scan(body, List.of(ps.get(0)), List.of(ps.get(1)),
                List.of(ps.get(2)), 4, false);
            return Ir.add(Ir.mul(r.get(0), r.get(0)), Ir.reduceSum(r.get(1), 0));
          }));
    }
  }
}
