package org.cotangent.symbolic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.ExpressionSizeTest;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.PrimitiveTable;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.SourcePos;
import org.junit.jupiter.api.Test;

/** Canonical IR text: written, read back, and written again, it is the same graph and text. */
class IrTextTest {
  /** Every primitive's row, its JVP, VJP and batched form, and the reference functions. */
  static List<Graph> corpus() {
    List<Graph> gs = new ArrayList<>();
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(1)) {
      Graph f = c.graph();
      gs.add(f);
      gs.add(Ad.jvp(f));
      gs.add(Ad.vjp(f));
      int[] axes = new int[f.arity()];
      gs.add(Vmap.vmap(f, axes, 0, 2));
    }
    gs.add(Ad.grad(ExpressionSizeTest.logisticRegression()));
    gs.add(Ad.hessian(ExpressionSizeTest.mlp(), 0));
    gs.add(Ad.grad(ExpressionSizeTest.rosenbrock(20)));
    return gs;
  }

  static void assertRoundTrip(Graph g) {
    String text = IrWriter.write(g);
    Graph back = IrReader.read(text);
    assertEquals(g, back, text);
    assertEquals(g.hashCode(), back.hashCode());
    assertEquals(text, IrWriter.write(back));
    assertEquals(g.inputNames(), back.inputNames());
    assertEquals(g.outputNames(), back.outputNames());
  }

  /**
   * Non-finite constants round-trip, leading minus included: "-Infinity" is a number, not a
   * symbolic size expression (fuzz seed 96, program 15784: log of [0, 1] folded to [-inf, 0]).
   */
  @Test
  void nonFiniteConstantsRoundTrip() {
    for (double[] d : new double[][] {{Double.NEGATIVE_INFINITY, 0.0}, {1.0, Double.NEGATIVE_INFINITY},
        {Double.NaN, Double.POSITIVE_INFINITY}, {-0.0, Double.NEGATIVE_INFINITY, 2.5}}) {
      org.cotangent.symbolic.ir.Node c = org.cotangent.symbolic.Ir.constant(
          org.cotangent.symbolic.Tensor.of(d));
      Graph g = Graph.trace(java.util.List.of("x"),
          java.util.List.of(org.cotangent.symbolic.TensorType.f64(d.length)),
          ps -> java.util.List.of(org.cotangent.symbolic.Np.add(ps.get(0), c)));
      assertRoundTrip(g);
    }
  }

  @Test
  void everyPrimitiveAndTransformationRoundTrips() {
    for (Graph g : corpus()) {
      assertRoundTrip(g);
    }
  }

  @Test
  void constantsOfEveryDtypeAndSpecialValuesRoundTrip() {
    TensorType v = TensorType.f64(4);
    Node x = Param.node(0, v);
    Node data = Ir.constant(Tensor.of(1.5, -0.0, Double.NaN, 1e-300));
    Node inf = Ir.full(Double.NEGATIVE_INFINITY, v);
    Node nan = Ir.full(Double.NaN, TensorType.f64());
    Node mask = Ir.constant(Tensor.of(TensorType.of(DType.BOOL, 4), new double[] {1, 0, 1, 1}));
    Node ones = Ir.full(1.0, TensorType.of(DType.BOOL, 4));
    Node ints = Ir.full(3.0, TensorType.of(DType.I64, 4));
    Node body = Ir.add(Ir.mul(x, data), Ir.max(inf, Ir.mul(x, Ir.convert(ints, DType.F64))));
    body = Ir.select(mask, body, Ir.select(ones, x, Ir.broadcastInDim(nan, v.shape())));
    Graph g = new Graph(List.of("x"), List.of(v), List.of(body, Ir.zeros(TensorType.f64(0)), nan));
    assertRoundTrip(g);
    Tensor in = Tensor.of(0.5, 2.0, -1.0, 3.0);
    assertEquals(Interpreter.eval(g, in), Interpreter.eval(IrReader.read(IrWriter.write(g)), in));
  }

  /** An empty constant has one form however it is made, so it round-trips (found by the fuzzer). */
  @Test
  void emptyConstantsAreOneNode() {
    TensorType e = TensorType.f64(0);
    Node ones = Ir.full(1.0, e);
    assertEquals(ones, Ir.zeros(e));
    assertEquals(ones, Ir.constant(Tensor.wrap(e, new double[0])));
    Graph g = new Graph(List.of("x"), List.of(TensorType.f64(1)), List.of(ones));
    assertRoundTrip(g);
  }

  @Test
  void namesAndOriginsTravelWithTheText() {
    TensorType t = TensorType.f64(3);
    Node w = Param.node(0, t);
    Node b = Param.node(1, TensorType.f64());
    Node preds = Np.tanh(Np.add(w, b));
    Node loss = Np.sum(Np.square(preds));
    Map<Node, String> names = new IdentityHashMap<>();
    names.put(preds, "preds");
    Node inputs = Ir.constant(Tensor.of(1.0, 2.0, 3.0));
    Node scaled = Np.mul(inputs, preds);
    names.put(inputs, "inputs");
    Map<Node, Origin> origins = new IdentityHashMap<>();
    origins.put(preds, Origin.primal(new SourcePos("loss.ct", 7, 3, "  preds = tanh(w + b)  # \"quoted\"")));
    origins.put(loss, new Origin(new SourcePos("loss.ct", 8, 10, "  return sum(preds ** 2)"),
        Origin.Role.COTANGENT));
    Graph g = new Graph(List.of("w", "b b"), List.of(t, TensorType.f64()), List.of(loss, scaled),
        List.of("loss", "scaled"), names, origins);
    String text = IrWriter.write(g);
    assertTrue(text.contains("@name \"preds\""), text);
    assertTrue(text.contains("@name \"b b\""), text);
    Graph back = IrReader.read(text);
    assertEquals(List.of("w", "b b"), back.inputNames());
    assertEquals("preds", back.nameOf(back.output(1).input(1)));
    assertEquals("inputs", back.nameOf(back.output(1).input(0)));
    assertEquals(origins.get(preds), back.originOf(back.output(1).input(1)));
    assertEquals(origins.get(loss), back.originOf(back.output(0)));
    assertEquals(text, IrWriter.write(back));
  }

  @Test
  void equalityIsStructuralAndIgnoresNames() {
    Graph a = Ad.grad(ExpressionSizeTest.mlp());
    Graph b = Ad.grad(ExpressionSizeTest.mlp());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a.withNames(null, Map.of()));
    assertNotEquals(a, Ad.grad(ExpressionSizeTest.logisticRegression()));
    Random rng = new Random(1);
    TensorType t = TensorType.f64(2);
    Tensor c1 = Tensor.of(rng.nextDouble(), rng.nextDouble());
    Graph g1 = Graph.trace(List.of("x"), List.of(t), ps -> List.of(Ir.mul(ps.get(0), Ir.constant(c1))));
    Graph g2 = Graph.trace(List.of("y"), List.of(t),
        ps -> List.of(Ir.mul(ps.get(0), Ir.constant(Tensor.of(c1.get(0), c1.get(1))))));
    Graph g3 = Graph.trace(List.of("x"), List.of(t),
        ps -> List.of(Ir.mul(ps.get(0), Ir.constant(Tensor.of(c1.get(0), 2.0)))));
    assertEquals(g1, g2);
    assertNotEquals(g1, g3);
  }

  @Test
  void malformedTextIsAnErrorWithAPosition() {
    IrException e = assertThrows(IrException.class,
        () -> IrReader.read("{ lambda x:f64[3] .\n  let a:f64[3] = frobnicate x\n  in ( a ) }"));
    assertEquals("IR text 2:7: unknown primitive 'frobnicate'", e.getMessage());
    e = assertThrows(IrException.class,
        () -> IrReader.read("{ lambda x:f64[3] .\n  let a:f64[2] = sin x\n  in ( a ) }"));
    assertEquals("IR text 2:7: 'a' is declared f64[2] but sin gives f64[3]", e.getMessage());
    e = assertThrows(IrException.class, () -> IrReader.read("{ lambda x:f64[3] .\n  in ( y ) }"));
    assertEquals("IR text 2:8: 'y' is not defined", e.getMessage());
    e = assertThrows(IrException.class,
        () -> IrReader.read("{ lambda x:f64[3] .\n  let a:f64[3] = reshape[shape=[2]] x\n  in ( a ) }"));
    assertTrue(e.getMessage().startsWith("IR text 2:7: reshape: cannot reshape"), e.getMessage());
    e = assertThrows(IrException.class,
        () -> IrReader.read("{ lambda x:f64[3] .\n  let a:f64[3] = slice[start=(0)] x\n  in ( a ) }"));
    assertEquals("IR text 2:7: missing parameter 'limit' (have [start])", e.getMessage());
    e = assertThrows(IrException.class, () -> IrReader.read("{ lambda x:f64[3] . in ( x ) } x"));
    assertTrue(e.getMessage().startsWith("IR text 1:32: unexpected text after the graph"), e.getMessage());
  }
}
