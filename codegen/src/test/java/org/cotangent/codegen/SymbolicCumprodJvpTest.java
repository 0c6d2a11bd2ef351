package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * cumprod's JVP and reduce_prod's second derivative in code for symbolic sizes: gradients and
 * hessians compiled once, bit for bit the interpreter and the static program of the specialised
 * graph at many sizes (0 and 1 included); the compiled gradient against central differences of
 * the compiled value, the compiled hessian against central differences of the compiled gradient,
 * with factors that are exactly zero.
 */
class SymbolicCumprodJvpTest {
  static final TensorType MN = SymbolicGraphs.f64(SymbolicGraphs.M, SymbolicGraphs.N);

  /**
   * {@code sum(cumprod(f, 1)) + sum(cumprod(sin x, 0, reverse) x) + sum(prod(f, 1))} with {@code
   * f = x round(2x)} (zero where |x| < 1/4).
   */
  static Graph loss() {
    return Graph.trace(List.of("x"), List.of(MN), ps -> {
      Node x = ps.get(0);
      Node f = Ir.mul(x, Ir.round(Ir.mul(x, Ir.full(2.0, MN))));
      Node a = Ir.reduceSum(Ir.cumprod(f, 1, false), 0, 1);
      Node b = Ir.reduceSum(Ir.mul(Ir.cumprod(Ir.sin(x), 0, true), x), 0, 1);
      return List.of(Ir.add(Ir.add(a, b), Ir.reduceSum(Ir.reduceProd(f, 1), 0)));
    });
  }

  /** Small sizes for the hessians ({@code (m n)^2} entries, each a cubic sum). */
  static List<Map<String, Long>> small() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {0, 3}, {2, 0}, {1, 1}, {2, 3}, {3, 2}, {1, 6}, {5, 1}};
    for (long[] p : ps) {
      envs.add(env("m", p[0], "n", p[1]));
    }
    return envs;
  }

  @Test
  void jvpAndGradientAtManySizes() {
    agrees(Ad.jvp(loss()), pairs("m", "n"));
    agrees(Ad.valueAndGrad(loss(), 0), pairs("m", "n"));
  }

  @Test
  void hessianAtManySizes() {
    agrees(Ad.hessian(loss(), 0), small());
  }

  /** The gradient batched over a symbolic {@code k} (cumprod's batch rule under its JVP). */
  @Test
  void batchedGradient() {
    Graph g = Ad.valueAndGrad(loss(), 0);
    Graph vm = Vmap.vmap(g, new int[] {0}, new int[] {0, 0}, Dim.var("k"));
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : small()) {
      for (long k : new long[] {0, 1, 3}) {
        Map<String, Long> f = new TreeMap<>(e);
        f.put("k", k);
        envs.add(f);
      }
    }
    agrees(vm, envs);
  }

  @Test
  void gradientAndHessianMatchCentralDifferences() {
    SizedCompiled f = SizedCompiled.of(loss());
    SizedCompiled grad = SizedCompiled.of(Ad.grad(loss(), 0));
    SizedCompiled hess = SizedCompiled.of(Ad.hessian(loss(), 0));
    for (Map<String, Long> e : List.of(env("m", 1, "n", 1), env("m", 2, "n", 3),
        env("m", 3, "n", 5), env("m", 1, "n", 7))) {
      List<Tensor> a = args(f.graph, e, e.hashCode());
      centralDifferences(f, grad, a, 0, e.toString());
      centralDifferences(grad, hess, a, 0, e.toString());
    }
  }

  /**
   * The derivative {@code d} (compiled, output 0) of {@code f} (compiled, output 0 flattened) against central differences in each coordinate of argument {@code i}: {@code
   * d[j * len(x) + k] = d f[j] / d x[k]}.
   */
  static void centralDifferences(SizedCompiled f, SizedCompiled d, List<Tensor> a, int i,
      String what) {
    double h = 1e-6;
    double[] x = a.get(i).unsafeData();
    double[] got = d.call(a).get(0).unsafeData();
    for (int k = 0; k < x.length; k++) {
      double keep = x[k];
      x[k] = keep + h;
      double[] fp = f.call(a).get(0).unsafeData();
      x[k] = keep - h;
      double[] fm = f.call(a).get(0).unsafeData();
      x[k] = keep;
      for (int j = 0; j < fp.length; j++) {
        double fd = (fp[j] - fm[j]) / (2 * h);
        double g = got[j * x.length + k];
        assertEquals(fd, g, 1e-6 * (1 + Math.abs(fd)), what + " d out[" + j + "] / d x[" + k
            + "]");
      }
    }
  }
}
