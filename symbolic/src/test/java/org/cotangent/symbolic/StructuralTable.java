package org.cotangent.symbolic;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.PrimitiveTable.Case;
import org.cotangent.symbolic.PrimitiveTable.Gen;
import org.cotangent.symbolic.ir.Node;

/**
 * The rows of {@link PrimitiveTable} for the structural primitives of issue 9 item 5: strided
 * slices and interior padding, rev, cumsum and cumprod, gather and scatter-add (constant and
 * traced indices, repeated and clamped ones), sort and argsort (on well-separated values: ties
 * are points where sort is not differentiable).
 */
final class StructuralTable {
  private StructuralTable() {}

  /**
   * Values at least 0.4 apart in random order: a random permutation of 0, 0.5, 1, ... plus noise
   * in [0, 0.1), shifted to be centred on zero.
   */
  static Gen distinct(TensorType t) {
    return rng -> {
      int n = t.size();
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        double s = d[i];
        d[i] = d[j];
        d[j] = s;
      }
      for (int i = 0; i < n; i++) {
        d[i] = 0.5 * (d[i] - n / 2.0) + 0.1 * rng.nextDouble();
      }
      return Tensor.wrap(t, d);
    };
  }

  static Node ints(long... v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return Ir.constant(Tensor.wrap(TensorType.of(DType.I64, v.length), d));
  }

  static void add(List<Case> cs, Random rng) {
    TensorType v5 = TensorType.f64(5);
    TensorType m23 = TensorType.f64(2, 3);
    TensorType m34 = TensorType.f64(3, 4);
    TensorType t234 = TensorType.f64(2, 3, 4);
    Gen n234 = PrimitiveTable.normal(t234);
    cs.add(new Case("slice strided", "slice", List.of(t234), List.of(n234),
        ps -> Ir.sin(Ir.slice(ps.get(0), new int[] {0, 0, 1}, new int[] {2, 3, 4},
            new int[] {1, 2, 2}))));
    cs.add(new Case("pad interior", "pad", List.of(m23), List.of(PrimitiveTable.normal(m23)),
        ps -> Ir.cos(Ir.pad(ps.get(0), new int[] {1, 0}, new int[] {0, 2}, new int[] {1, 2}))));
    cs.add(new Case("rev", "rev", List.of(t234), List.of(n234),
        ps -> Ir.mul(Ir.rev(ps.get(0), 0, 2), ps.get(0))));
    cs.add(new Case("cumsum", "cumsum", List.of(t234), List.of(n234),
        ps -> Ir.sin(Ir.cumsum(ps.get(0), 1, false))));
    cs.add(new Case("cumsum reverse", "cumsum", List.of(m34), List.of(PrimitiveTable.normal(m34)),
        ps -> Ir.mul(Ir.cumsum(ps.get(0), 1, true), ps.get(0))));
    TensorType v7 = TensorType.f64(7);
    cs.add(new Case("cumprod 7", "cumprod", List.of(v7),
        List.of(PrimitiveTable.awayFromZero(v7, 0.5, 1.5)), ps -> Ir.cumprod(ps.get(0), 0, false)));
    cs.add(new Case("cumprod reverse axis 1", "cumprod", List.of(m34),
        List.of(PrimitiveTable.awayFromZero(m34, 0.5, 1.5)), ps -> Ir.cumprod(ps.get(0), 1, true)));
    cs.add(new Case("gather repeated indices", "gather", List.of(v5),
        List.of(PrimitiveTable.normal(v5)),
        ps -> Ir.sin(Ir.gather(ps.get(0), ints(3, 0, 3, 4), 0))));
    Node idx22 = Ir.reshape(ints(2, 0, 2, 3), Shape.of(2, 2));
    cs.add(new Case("gather axis 1, 2-d indices", "gather", List.of(m34),
        List.of(PrimitiveTable.normal(m34)), ps -> Ir.sin(Ir.gather(ps.get(0), idx22, 1))));
    // Traced indices from floor(y): -3..3, the negative ones clamped to 0, the large ones to 4.
    TensorType v4 = TensorType.f64(4);
    cs.add(new Case("gather traced, clamped indices", "gather", List.of(v5, v4),
        List.of(PrimitiveTable.normal(v5), rng2 -> {
          double[] d = {-2.7, 1.3, 3.2, 6.3};
          for (int i = 0; i < d.length; i++) {
            d[i] += 0.1 * rng2.nextDouble();
          }
          return Tensor.wrap(v4, d);
        }),
        ps -> Ir.mul(Ir.gather(ps.get(0), Ir.convert(Ir.floor(ps.get(1)), DType.I64), 0),
            ps.get(1))));
    TensorType u4 = TensorType.f64(4);
    cs.add(new Case("scatter_add repeated indices", "scatter_add", List.of(u4),
        List.of(PrimitiveTable.normal(u4)),
        ps -> Ir.sin(Ir.scatterAdd(ps.get(0), ints(1, 3, 1, 0), 0, 5))));
    TensorType v3 = TensorType.f64(3);
    cs.add(new Case("scatter_add axis 1, traced indices", "scatter_add", List.of(m23, v3),
        List.of(PrimitiveTable.normal(m23), distinct(v3)),
        ps -> Ir.sin(Ir.scatterAdd(Ir.mul(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(2, 3), 1)),
            Ir.argsort(ps.get(1), 0), 1, 4))));
    cs.add(new Case("sort", "sort", List.of(v5), List.of(distinct(v5)),
        ps -> Ir.sin(Ir.sort(ps.get(0), 0))));
    TensorType m43 = TensorType.f64(4, 3);
    cs.add(new Case("sort axis 0", "sort", List.of(m43), List.of(distinct(m43)),
        ps -> Ir.mul(Ir.sort(ps.get(0), 0), ps.get(0))));
    TensorType m24 = TensorType.f64(2, 4);
    cs.add(new Case("argsort", "argsort", List.of(m24), List.of(distinct(m24)),
        ps -> Ir.mul(Ir.square(ps.get(0)), Ir.convert(Ir.argsort(ps.get(0), 1), DType.F64))));
    cs.add(new Case("take_along_axis", "gather", List.of(m34, m34),
        List.of(PrimitiveTable.normal(m34), distinct(m34)),
        ps -> Ir.sin(org.cotangent.symbolic.ops.Gather.alongAxis(ps.get(0),
            Ir.argsort(ps.get(1), 1), 1, false))));
  }
}
