package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCumprodJvpTest.centralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.LinalgFixtures;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * eigh (real) in code for symbolic sizes: the Jacobi kernel through {@code Rt} with the sizes as
 * ints, bit for bit the interpreter and the static program at many sizes (0 and 1 included) and
 * for batches of symbolic size; gradients of {@code sum_k w_k (v_k . b_j)^2 + ...} and the hessian
 * of {@code sum_k w_k (v_k . u)^2} (invariant under the eigenvectors' signs) against central
 * differences.
 */
class SymbolicEighTest {
  static List<Map<String, Long>> sizes() {
    return SymbolicLinalgTest.sizes();
  }

  /** {@code sum(LinalgFixtures.eigh(x, b))}. */
  static Graph loss() {
    return Graph.trace(List.of("x", "b"), List.of(SymbolicGraphs.f64(SymbolicGraphs.N,
        SymbolicGraphs.N), SymbolicGraphs.f64(SymbolicGraphs.N, SymbolicGraphs.M)),
        ps -> List.of(Ir.reduceSum(LinalgFixtures.eigh(ps.get(0), ps.get(1)), 0, 1)));
  }

  /** {@code sum_k w_k (v_k . u)^2} of {@code x + x^T} (sign-invariant), for the hessians. */
  static Graph quadratic() {
    return Graph.trace(List.of("x", "u"), List.of(SymbolicGraphs.f64(SymbolicGraphs.N,
        SymbolicGraphs.N), SymbolicGraphs.f64(SymbolicGraphs.N)), ps -> {
          Node s = Ir.add(ps.get(0), Ir.transpose(ps.get(0), 1, 0));
          Node vu = Ir.dotGeneral(Ir.eighVectors(s), ps.get(1), new int[] {0}, new int[] {0},
              new int[0], new int[0]);
          return List.of(Ir.reduceSum(Ir.mul(Ir.eighValues(s), Ir.mul(vu, vu)), 0));
        });
  }

  @Test
  void valuesAndVectorsAtManySizes() {
    Graph g = Graph.trace(List.of("x"), List.of(SymbolicGraphs.f64(SymbolicGraphs.N,
        SymbolicGraphs.N)), ps -> List.of(Ir.eighValues(ps.get(0)), Ir.eighVectors(ps.get(0)),
        Ir.eighVectors(Ir.transpose(ps.get(0), 1, 0))));
    SizedCompiled c = agrees(g, sizes());
    String src = c.source.source();
    assertTrue(src.contains("Rt.eighValues(x, "), src);
    assertTrue(src.contains("Rt.eighVectors("), src);
  }

  @Test
  void gradientAndHessianAtManySizes() {
    agrees(Ad.valueAndGrad(loss(), 0, 1), sizes());
    // The hessian at the smaller sizes (n^4 entries, each through the n^3 kernel's tangents).
    List<Map<String, Long>> small = new ArrayList<>();
    for (Map<String, Long> e : sizes()) {
      if (e.get("n") <= 3) {
        small.add(e);
      }
    }
    agrees(Ad.hessian(quadratic(), 0), small);
  }

  @Test
  void batchesOfSymbolicSize() {
    TensorType t = SymbolicGraphs.f64(SymbolicGraphs.K, SymbolicGraphs.N, SymbolicGraphs.N);
    Graph f = Graph.trace(List.of("x"), List.of(t), ps -> {
      Node x = ps.get(0);
      Node v = Ir.eighVectors(x);
      return List.of(Ir.reduceSum(Ir.add(Ir.reduceSum(Ir.mul(Ir.eighValues(x), Ir.sin(
          Ir.reduceSum(Ir.mul(v, v), 2))), 1), Ir.reduceSum(Ir.mul(Ir.mul(v, v), x), 1, 2)), 0));
    });
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : sizes()) {
      for (long k : new long[] {0, 1, 3}) {
        Map<String, Long> f2 = new TreeMap<>(e);
        f2.put("k", k);
        envs.add(f2);
      }
    }
    agrees(Ad.valueAndGrad(f, 0), envs);
  }

  @Test
  void gradientAndHessianMatchCentralDifferences() {
    SizedCompiled f = SizedCompiled.of(loss());
    SizedCompiled gx = SizedCompiled.of(Ad.grad(loss(), 0));
    SizedCompiled gb = SizedCompiled.of(Ad.grad(loss(), 1));
    SizedCompiled q = SizedCompiled.of(quadratic());
    SizedCompiled qx = SizedCompiled.of(Ad.grad(quadratic(), 0));
    SizedCompiled hess = SizedCompiled.of(Ad.hessian(quadratic(), 0));
    for (Map<String, Long> e : List.of(env("n", 1, "m", 1), env("n", 2, "m", 3),
        env("n", 4, "m", 2))) {
      List<Tensor> a = args(f.graph, e, e.hashCode());
      centralDifferences(f, gx, a, 0, e + " grad x");
      centralDifferences(f, gb, a, 1, e + " grad b");
      List<Tensor> qa = args(q.graph, e, e.hashCode());
      centralDifferences(q, qx, qa, 0, e + " quadratic, grad x");
      centralDifferences(qx, hess, qa, 0, e + " quadratic, hessian x");
    }
  }

  /**
   * A matrix that is not provably square is refused by name, with what to do; complex eigenvalues
   * lower.
   */
  @Test
  void aMatrixMustBeProvablySquare() {
    IrException e = assertThrows(IrException.class, () -> Graph.trace(List.of("x"),
        List.of(SymbolicGraphs.f64(SymbolicGraphs.N, SymbolicGraphs.M)),
        ps -> List.of(Ir.eighValues(ps.get(0)))));
    assertEquals("eigh: cannot tell whether n == m: the operand f64[n,m] axes 0 and 1 (a matrix"
        + " must be square) must be equal; give them the same size name", e.getMessage());
    TensorType c = TensorType.of(DType.C128, Shape.of(SymbolicGraphs.N, SymbolicGraphs.N));
    Graph g = Graph.trace(List.of("x"), List.of(c), ps -> List.of(Ir.eighValues(ps.get(0))));
    // Complex values lower (the C128 kernel, as the static path): the interpreter's bits.
    agrees(g, sizes());
  }

  /**
   * Complex eigenvectors' JVP (with its phase correction, built from Dims) and the gradient of a
   * phase-invariant loss, sum |V|^2 C with C real, at every size: the interpreter's bits.
   */
  @Test
  void complexEigenvectorDerivativesAtEverySize() {
    TensorType c = TensorType.of(DType.C128, Shape.of(SymbolicGraphs.N, SymbolicGraphs.N));
    TensorType r = TensorType.of(DType.F64, Shape.of(SymbolicGraphs.N, SymbolicGraphs.N));
    Graph v = Graph.trace(List.of("x"), List.of(c), ps -> List.of(Ir.eighVectors(ps.get(0))));
    // n >= 1: the phase pivot is an argmax over the rows, which the IR refuses on an empty
    // axis (at static n = 0 the rule returns zeros before reaching it).
    List<Map<String, Long>> nonEmpty = new ArrayList<>();
    for (Map<String, Long> e : sizes()) {
      if (e.get("n") > 0) {
        nonEmpty.add(e);
      }
    }
    agrees(Ad.jvp(v), nonEmpty);
    Graph loss = Graph.trace(List.of("x", "w"), List.of(c, r), ps -> {
      Node a = Ir.abs(Ir.eighVectors(ps.get(0)));
      return List.of(Ir.reduceSum(Ir.mul(Ir.mul(a, a), ps.get(1)), 0, 1));
    });
    agrees(Ad.valueAndGrad(loss, 0), nonEmpty);
  }
}
