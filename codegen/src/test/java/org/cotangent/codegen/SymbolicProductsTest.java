package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * reduce_prod and cumprod in code for symbolic sizes: values at many sizes bit for bit the
 * interpreter and the static program; reduce_prod's gradient (exclusive running products, for
 * symbolic sizes) against central differences of the compiled value, with factors that are zero.
 */
class SymbolicProductsTest {
  static final TensorType MN = SymbolicGraphs.f64(SymbolicGraphs.M, SymbolicGraphs.N);

  /** {@code sum(prod(f, 1)) + prod(sin(x))} with {@code f = x round(2x)} (zero where |x| < 1/4). */
  static Graph loss() {
    return Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node x = ps.get(0);
      Node f = Ir.mul(x, Ir.round(Ir.mul(x, Ir.full(2.0, MN))));
      return List.of(Ir.add(Ir.reduceSum(Ir.reduceProd(f, 1), 0),
          Ir.reduceProd(Ir.sin(x), 0, 1)));
    });
  }

  @Test
  void valuesOfBothScansAndReductionsAtManySizes() {
    Graph g = Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node x = ps.get(0);
      return List.of(Ir.reduceProd(x, 0), Ir.reduceProd(x, 0, 1), Ir.cumprod(x, 1, false),
          Ir.cumprod(Ir.transpose(x, 1, 0), 1, true));
    });
    SizedCompiled c = agrees(g, pairs("m", "n"));
    assertTrue(c.source.source().contains("acc *= "), c.source.source());
  }

  @Test
  void gradientAtManySizes() {
    agrees(Ad.valueAndGrad(loss(), 0), pairs("m", "n"));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SizedCompiled grad = SizedCompiled.of(Ad.valueAndGrad(loss(), 0));
    SizedCompiled f = SizedCompiled.of(loss());
    double h = 1e-6;
    for (Map<String, Long> e : List.of(env("m", 1, "n", 1), env("m", 2, "n", 3),
        env("m", 3, "n", 5))) {
      List<Tensor> a = args(f.graph, e, e.hashCode());
      double[] x = a.get(0).unsafeData();
      double[] g = grad.call(a).get(1).unsafeData();
      for (int k = 0; k < x.length; k++) {
        double keep = x[k];
        x[k] = keep + h;
        double fp = f.call(a).get(0).unsafeData()[0];
        x[k] = keep - h;
        double fm = f.call(a).get(0).unsafeData()[0];
        x[k] = keep;
        double fd = (fp - fm) / (2 * h);
        assertEquals(fd, g[k], 1e-6 * (1 + Math.abs(fd)), e + " [" + k + "]");
      }
    }
  }
}
