package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The real linear-algebra primitives in code for symbolic sizes ({@link SymbolicLinalg}): one
 * class per graph, called at many sizes, bit for bit the interpreter and the static program of
 * the specialised graph; gradients against central differences of the compiled value.
 */
class SymbolicLinalgTest {
  static final Dim N = SymbolicGraphs.N;
  static final Dim M = SymbolicGraphs.M;
  static final Dim K = SymbolicGraphs.K;

  static List<Map<String, Long>> sizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {0, 2}, {1, 0}, {1, 1}, {2, 3}, {3, 1}, {4, 2}, {7, 3}};
    for (long[] p : ps) {
      envs.add(env("n", p[0], "m", p[1]));
    }
    return envs;
  }

  @Test
  void everyRealPrimitiveAndItsGradientAtManySizes() {
    agrees(SymbolicGraphs.linalgGrad(), sizes());
  }

  @Test
  void valuesAtManySizes() {
    SizedCompiled c = agrees(SymbolicGraphs.linalg(), sizes());
    String src = c.source.source();
    assertTrue(src.contains("Rt.cholesky("), src);
    assertTrue(src.contains("Rt.triangularSolve("), src);
    assertTrue(src.contains(", 1, n, m, Rt.LEFT_SIDE | Rt.LOWER)"), src);
  }

  /** Central differences of the compiled loss along each coordinate against the compiled gradient. */
  @Test
  void gradientsMatchCentralDifferences() {
    SizedCompiled grad = SizedCompiled.of(SymbolicGraphs.linalgGrad());
    SizedCompiled loss = SizedCompiled.of(SymbolicGraphs.linalgLoss());
    double h = 1e-6;
    for (Map<String, Long> e : List.of(env("n", 1, "m", 1), env("n", 2, "m", 3),
        env("n", 4, "m", 2))) {
      List<Tensor> a = args(loss.graph, e, e.hashCode());
      List<Tensor> g = grad.call(a);
      for (int i = 0; i < a.size(); i++) {
        double[] x = a.get(i).unsafeData();
        double[] gi = g.get(1 + i).unsafeData();
        for (int k = 0; k < x.length; k++) {
          double keep = x[k];
          x[k] = keep + h;
          double fp = loss.call(a).get(0).unsafeData()[0];
          x[k] = keep - h;
          double fm = loss.call(a).get(0).unsafeData()[0];
          x[k] = keep;
          double fd = (fp - fm) / (2 * h);
          assertEquals(fd, gi[k], 1e-6 * (1 + Math.abs(fd)), e + " input " + i + " [" + k + "]");
        }
      }
    }
  }

  /** Batch dimensions of symbolic size: {@code k} matrices at once. */
  @Test
  void batchesOfSymbolicSize() {
    TensorType t = SymbolicGraphs.f64(K, N, N);
    Graph f = Graph.trace(List.of("x", "b"), List.of(t, SymbolicGraphs.f64(K, N, M)), ps -> {
      Node x = ps.get(0);
      Node a = Ir.add(Ir.dotGeneral(x, x, new int[] {2}, new int[] {2}, new int[] {0},
          new int[] {0}), SymbolicGraphs.eye(t));
      Node l = Ir.cholesky(a);
      Node y = Ir.triangularSolve(l, ps.get(1), true, true, true, false, false);
      Node s = Ir.reduceSum(Ir.mul(Ir.sin(y), ps.get(1)), 1, 2);
      return List.of(Ir.reduceSum(Ir.add(Ir.add(s, Ir.slogdetLogabsdet(a)),
          Ir.det(Ir.inv(a))), 0));
    });
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : sizes()) {
      for (long k : new long[] {0, 1, 3}) {
        Map<String, Long> f2 = new java.util.TreeMap<>(e);
        f2.put("k", k);
        envs.add(f2);
      }
    }
    agrees(Ad.valueAndGrad(f, 0, 1), envs);
  }

  /** An operand that is a view or a literal is copied into an array for the kernel. */
  @Test
  void operandsHeldInNoArrayAreCopied() {
    TensorType t = SymbolicGraphs.f64(N, N);
    Graph g = Graph.trace(List.of("x"), List.of(t), ps -> List.of(
        Ir.inv(Ir.transpose(ps.get(0), 1, 0)),
        Ir.det(Ir.full(2.0, t)),
        Ir.solve(SymbolicGraphs.eye(t), Ir.broadcastInDim(ps.get(0), Shape.of(N, N), 0, 1), true)));
    SizedCompiled c = agrees(g, List.of(env("n", 0), env("n", 1), env("n", 3), env("n", 6)));
    assertTrue(c.source.source().contains("operand"), c.source.source());
  }

}
