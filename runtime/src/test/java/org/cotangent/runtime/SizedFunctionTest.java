package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
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
 * One compiled class for all sizes (issue 14 P2, the design note's test (c)4): each graph is
 * compiled once and called at many sizes, equal bit for bit to the static program of the graph
 * specialised to those sizes and to the interpreter; gradients also against central differences.
 */
class SizedFunctionTest {
  static final Dim M = Dim.var("m");
  static final Dim N = Dim.var("n");
  static final Dim K = Dim.var("k");
  static final TensorType SCALAR = TensorType.of(DType.F64, Shape.SCALAR);

  static TensorType f64(Dim... d) {
    return TensorType.of(DType.F64, Shape.of(d));
  }

  static Graph sumOfSquares() {
    return Graph.trace(List.of("w"), List.of(f64(N)),
        ps -> List.of(Ir.reduceSum(Ir.mul(ps.get(0), ps.get(0)), 0)));
  }

  static Graph logisticLoss() {
    return Graph.trace(List.of("w", "b", "x", "y"), List.of(f64(N), SCALAR, f64(M, N), f64(M)),
        ps -> {
          Node z = Ir.add(Ir.dotGeneral(ps.get(2), ps.get(0), new int[] {1}, new int[] {0},
              new int[0], new int[0]), Ir.broadcastInDim(ps.get(1), Shape.of(M)));
          Node p = Ir.logistic(z);
          Node y = ps.get(3);
          Node one = Ir.full(1.0, f64(M));
          Node ll = Ir.add(Ir.mul(y, Ir.log(p)), Ir.mul(Ir.sub(one, y), Ir.log(Ir.sub(one, p))));
          return List.of(Ir.neg(Ir.reduceSum(ll, 0)));
        });
  }

  static Graph matmulLoss() {
    return Graph.trace(List.of("a", "b"), List.of(f64(M, K), f64(K, N)),
        ps -> List.of(Ir.reduceSum(Ir.tanh(Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1},
            new int[] {0}, new int[0], new int[0])), 0, 1)));
  }

  static Graph biasLoss() {
    return Graph.trace(List.of("x", "b"), List.of(f64(M, N), f64(N)),
        ps -> List.of(Ir.reduceSum(Ir.sin(Ir.add(ps.get(0),
            Ir.broadcastInDim(ps.get(1), Shape.of(M, N), 1))), 0, 1)));
  }

  static Map<String, Long> env(Object... kv) {
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
    }
    return m;
  }

  static List<Tensor> args(Graph g, Map<String, Long> env, long seed) {
    Random r = new Random(seed);
    List<Tensor> args = new ArrayList<>();
    for (TensorType t : g.inputTypes()) {
      TensorType c = SizedFunction.at(t, env);
      double[] data = new double[c.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = r.nextDouble() * 2 - 1;
      }
      args.add(Tensor.wrap(c, data));
    }
    return args;
  }

  /** {@code loss}'s value and gradients, compiled once and checked at every {@code env}. */
  static void check(Graph loss, int[] wrt, List<Map<String, Long>> envs) {
    Graph vg = Ad.valueAndGrad(loss, wrt);
    CompileService service = new CompileService();
    SizedFunction f = SizedFunction.compile(vg, service);
    assertEquals(1, service.compileCount());
    for (Map<String, Long> e : envs) {
      List<Tensor> a = args(vg, e, e.hashCode());
      List<Tensor> got = f.call(a);
      List<Tensor> interp = Interpreter.eval(vg, a);
      CompiledFunction stat = new CompileService().load(JavaEmitter.emit(vg.specialize(e)));
      List<Tensor> st = stat.call(a);
      for (int j = 0; j < got.size(); j++) {
        assertEquals(interp.get(j).type(), got.get(j).type());
        double[] o = got.get(j).unsafeData();
        for (int i = 0; i < o.length; i++) {
          String where = e + " output " + j + " [" + i + "]";
          assertEquals(st.get(j).unsafeData()[i], o[i], where + " (static program)");
          assertEquals(interp.get(j).unsafeData()[i], o[i], where + " (interpreter)");
        }
      }
      centralDifferences(loss, wrt, a, got, e);
    }
    assertEquals(1, service.compileCount(), "one class for all sizes");
    assertNoSizeDivision(f.source().source(), vg);
  }

  /** Up to 6 coordinates of each gradient against {@code (f(x + h) - f(x - h)) / 2h}. */
  static void centralDifferences(Graph loss, int[] wrt, List<Tensor> a, List<Tensor> got,
      Map<String, Long> e) {
    Function<List<Tensor>, Double> f = xs -> Interpreter.eval(loss, xs).get(0).unsafeData()[0];
    for (int w = 0; w < wrt.length; w++) {
      double[] x = a.get(wrt[w]).unsafeData();
      double[] g = got.get(1 + w).unsafeData();
      for (int i = 0; i < x.length; i += Math.max(1, x.length / 6)) {
        double h = 1e-5;
        List<Tensor> plus = new ArrayList<>(a);
        List<Tensor> minus = new ArrayList<>(a);
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[i] += h;
        xm[i] -= h;
        plus.set(wrt[w], Tensor.wrap(a.get(wrt[w]).type(), xp));
        minus.set(wrt[w], Tensor.wrap(a.get(wrt[w]).type(), xm));
        double fd = (f.apply(plus) - f.apply(minus)) / (2 * h);
        assertEquals(fd, g[i], 1e-6 * (1 + Math.abs(fd)), e + " d/d" + loss.inputNames()
            .get(wrt[w]) + "[" + i + "]");
      }
    }
  }

  /** No {@code /} or {@code %} of a size variable (or a monomial of them) in code lines. */
  static void assertNoSizeDivision(String source, Graph g) {
    for (String line : source.split("\n")) {
      String code = line.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("//.*", "");
      if (code.trim().startsWith("*") || code.trim().startsWith("/*")) {
        continue;
      }
      for (String v : g.sizeVars()) {
        assertFalse(code.matches(".*[/%]\\s*\\(?\\s*" + v + "(\\b|_).*"), line);
      }
    }
  }

  static List<Map<String, Long>> pairs() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 3}, {3, 17}, {17, 2}, {3, 1000}};
    for (long[] p : ps) {
      envs.add(env("m", p[0], "n", p[1]));
    }
    return envs;
  }

  @Test
  void sumOfSquaresAtSixSizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (long n : new long[] {0, 1, 2, 3, 17, 1000}) {
      envs.add(env("n", n));
    }
    check(sumOfSquares(), new int[] {0}, envs);
  }

  @Test
  void logisticRegressionLossGradient() {
    check(logisticLoss(), new int[] {0, 1, 2}, pairs());
  }

  @Test
  void matmulGradient() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0, 0}, {1, 1, 1}, {2, 3, 0}, {2, 3, 4}, {1, 17, 3}, {17, 2, 5}, {5, 9, 40}};
    for (long[] p : ps) {
      envs.add(env("m", p[0], "n", p[1], "k", p[2]));
    }
    check(matmulLoss(), new int[] {0, 1}, envs);
  }

  @Test
  void rowBroadcastBiasGradient() {
    check(biasLoss(), new int[] {0, 1}, pairs());
  }

  /**
   * The negative log-likelihood of the rows of x: f64[m,n] under N(mu, S), S = w w^T + I with w:
   * f64[n,n], up to the factor m of its log-determinant term: {@code |L^-1 (x - mu)^T|^2 / 2 +
   * logdet(S) / 2}, L the Cholesky factor of S (cholesky, triangular_solve, slogdet at symbolic
   * sizes). (m logdet as a sum of m copies would not be bit for bit the static program's: at
   * static sizes sum(broadcast(x)) simplifies to m * x.)
   */
  static Graph gaussianLoss() {
    return Graph.trace(List.of("x", "mu", "w"), List.of(f64(M, N), f64(N), f64(N, N)), ps -> {
      TensorType sq = f64(N, N);
      Node eye = Ir.convert(Ir.eq(Ir.iota(sq, 0), Ir.iota(sq, 1)), DType.F64);
      Node w = ps.get(2);
      Node s = Ir.add(Ir.dotGeneral(w, w, new int[] {1}, new int[] {1}, new int[0], new int[0]),
          eye);
      Node d = Ir.sub(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(M, N), 1));
      Node z = Ir.triangularSolve(Ir.cholesky(s), Ir.transpose(d, 1, 0), true, true, false,
          false, false);
      Node quad = Ir.reduceSum(Ir.mul(z, z), 0, 1);
      return List.of(Ir.mul(Ir.full(0.5, SCALAR), Ir.add(quad, Ir.slogdetLogabsdet(s))));
    });
  }

  @Test
  void gaussianLikelihoodThroughCholeskyGradient() {
    // n stays small: w w^T, the factorisation and the solves are cubic in n.
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 3}, {17, 2}, {1000, 3}, {5, 17}};
    for (long[] p : ps) {
      envs.add(env("m", p[0], "n", p[1]));
    }
    check(gaussianLoss(), new int[] {0, 1, 2}, envs);
  }

  @Test
  void badShapesAreRefusedBeforeTheCall() {
    SizedFunction f = SizedFunction.compile(Ad.valueAndGrad(biasLoss(), 0, 1),
        new CompileService());
    IrException e = assertThrows(IrException.class, () -> f.call(
        Tensor.wrap(TensorType.f64(2, 4), new double[8]),
        Tensor.wrap(TensorType.f64(3), new double[3])));
    assertEquals("argument 1 (b) axis 0 has size 3, expected n = 4 (m = 2, n = 4)",
        e.getMessage());
    assertEquals(List.of("m", "n"), f.sizeVars());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> f.program().call(new int[] {2, 4}, new double[][] {new double[8], new double[3]},
            new double[][] {new double[1], new double[8], new double[4]}));
    assertTrue(bad.getMessage().startsWith("b has 3 elements, but its type f64[n] needs n = 4"),
        bad.getMessage());
  }
}
