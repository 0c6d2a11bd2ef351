package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Gather;
import org.cotangent.symbolic.ops.ScatterAdd;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * gather and scatter_add with symbolic sizes beyond the shared cases of {@link
 * SymbolicSizesTest}: the size parameter of scatter_add as a dim (static ops unchanged),
 * requirements deferred to specialisation, and second derivatives through sort.
 */
class SymbolicGatherTest {
  static final Dim N = Dim.var("n");
  static final Dim K = Dim.var("k");

  static TensorType t(DType d, Dim... dims) {
    return TensorType.of(d, Shape.of(dims));
  }

  @Test
  void aStaticScatterAddBuiltFromADimIsTheIntOne() {
    ScatterAdd a = new ScatterAdd(1, 3);
    ScatterAdd b = new ScatterAdd(1, Dim.of(3));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a.toString(), b.toString());
    assertEquals("[axis=1,size=3]", b.paramsText());
    assertEquals(3, b.size());
    ScatterAdd s = new ScatterAdd(0, N.times(2));
    assertEquals("[axis=0,size=2*n]", s.paramsText());
    SymbolicDimException e = assertThrows(SymbolicDimException.class, s::size);
    assertTrue(e.getMessage().contains("'2*n'") || e.getMessage().contains("2*n"), e.getMessage());
    assertEquals(new ScatterAdd(0, 6), s.specialize(Map.of("n", Dim.of(3))));
  }

  /** u: f64[k] into n rows at idx: i64[k]; out-of-range indices clamp, repeated ones add. */
  static Graph scatter() {
    return Graph.trace(List.of("u", "idx"), List.of(t(DType.F64, K), t(DType.I64, K)),
        ps -> List.of(Ir.scatterAdd(ps.get(0), ps.get(1), 0, N)));
  }

  @Test
  void scatterAddIntoASymbolicSizeClampsAndAccumulates() {
    Graph g = scatter();
    assertEquals("f64[n]", g.output(0).type().toString());
    List<Tensor> args = List.of(Tensor.of(1, 2, 4, 8),
        Tensor.wrap(TensorType.of(DType.I64, Shape.of(4)), new double[] {-5, 2, 2, 7}));
    // By the definition: -5 -> row 0, 2 and 2 -> row 2, 7 -> row 2 (n = 3).
    assertArrayEquals(new double[] {1, 0, 14},
        Interpreter.eval(g, Map.of("n", 3L), args).get(0).unsafeData());
    String text = IrWriter.write(g);
    assertTrue(text.contains("scatter_add[axis=0,size=n]"), text);
    assertEquals(text, IrWriter.write(IrReader.read(text)));
    // Zero rows under indices that are there: refused at the sizes, by the static rule.
    IrException e = assertThrows(IrException.class,
        () -> g.specialize(Map.of("n", 0L, "k", 2L)));
    assertTrue(e.getMessage().contains("scatter_add[axis=0,size=0]: updates f64[2] do not fit"
        + " indices i64[2]"), e.getMessage());
    // Provably so at build time: refused there.
    Node u = Graph.params(List.of(t(DType.F64, Dim.of(2)), t(DType.I64, Dim.of(2)))).get(0);
    Node i = Graph.params(List.of(t(DType.F64, Dim.of(2)), t(DType.I64, Dim.of(2)))).get(1);
    assertThrows(IrException.class, () -> Ir.scatterAdd(u, i, 0, N.times(-1).minus(1)));
    // Indices whose length may differ from the updates': named.
    Node uk = Graph.params(List.of(t(DType.F64, K), t(DType.I64, N))).get(0);
    Node in = Graph.params(List.of(t(DType.F64, K), t(DType.I64, N))).get(1);
    e = assertThrows(IrException.class, () -> Ir.scatterAdd(uk, in, 0, N));
    assertTrue(e.getMessage().startsWith("scatter_add: cannot tell whether k == n"),
        e.getMessage());
  }

  @Test
  void gatherFromAnAxisThatMayBeEmptyIsRefusedAtTheSizes() {
    Graph g = Graph.trace(List.of("x", "idx"), List.of(t(DType.F64, N), t(DType.I64, K)),
        ps -> List.of(Ir.gather(ps.get(0), ps.get(1), 0)));
    assertEquals("f64[k]", g.output(0).type().toString());
    IrException e = assertThrows(IrException.class,
        () -> g.specialize(Map.of("n", 0L, "k", 1L)));
    assertTrue(e.getMessage().contains("gather: cannot take elements from axis 0 of size 0"),
        e.getMessage());
    // Its transpose scatters into the symbolic length n.
    Graph vjp = Ad.vjp(g);
    assertEquals("f64[n]", vjp.output(1).type().toString());
    assertTrue(IrWriter.write(vjp).contains("scatter_add[axis=0,size=n]"), IrWriter.write(vjp));
  }

  /** take_along_axis over symbolic sizes: its flat positions use the sizes as values. */
  @Test
  void takeAlongAxisAtSymbolicSizes() {
    Dim m = Dim.var("m");
    Graph g = Graph.trace(List.of("x", "idx"), List.of(t(DType.F64, m, N), t(DType.I64, m, K)),
        ps -> List.of(Gather.alongAxis(ps.get(0), ps.get(1), 1, false)));
    assertEquals("f64[m,k]", g.output(0).type().toString());
    List<Tensor> args = List.of(Tensor.wrap(TensorType.f64(2, 3), new double[] {1, 2, 3, 4, 5, 6}),
        Tensor.wrap(TensorType.of(DType.I64, Shape.of(2, 2)), new double[] {2, -1, 9, 1}));
    // Row 0 takes columns 2 and 0 (clamped), row 1 columns 2 (clamped) and 1.
    assertArrayEquals(new double[] {3, 1, 6, 5}, Interpreter.eval(g, args).get(0).unsafeData());
  }

  /** The Hessian of {@code sum(w * sin(sort(x)))} at symbolic n against the static one. */
  @Test
  void hessianThroughSortAtSymbolicSizes() {
    Graph h = Ad.hessian(sortLoss(N), 0);
    assertEquals("f64[n,n]", h.output(0).type().toString());
    for (int n : new int[] {1, 2, 5}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.sin(3.1 * i + 0.3);
      }
      List<Tensor> args = List.of(Tensor.wrap(TensorType.f64(n), x));
      double[] want = Interpreter.eval(Ad.hessian(sortLoss(Dim.of(n)), 0), args).get(0)
          .unsafeData();
      double[] got = Interpreter.eval(h, args).get(0).unsafeData();
      assertArrayEquals(want, got, 1e-12, "n=" + n);
      // And by the definition: element i sits at rank r(i), so d2/dx_i2 = -(r(i)+1) sin(x_i).
      int[] rank = new int[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          rank[i] += x[j] < x[i] ? 1 : 0;
        }
      }
      for (int i = 0; i < n; i++) {
        assertEquals(-(rank[i] + 1) * Math.sin(x[i]), got[i * n + i], 1e-12, "n=" + n);
      }
    }
  }

  static Graph sortLoss(Dim n) {
    TensorType t = TensorType.of(DType.F64, Shape.of(n));
    return Graph.trace(List.of("x"), List.of(t), ps -> {
      Node w = Ir.add(Ir.iota(t, 0), Ir.full(1.0, t));
      return List.of(Ir.reduceSum(Ir.mul(w, Ir.sin(Ir.sort(ps.get(0), 0))), 0));
    });
  }
}
