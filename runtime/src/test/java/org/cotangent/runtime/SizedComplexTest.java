package org.cotangent.runtime;

import static org.cotangent.runtime.SizedFunctionTest.assertNoSizeDivision;
import static org.cotangent.runtime.SizedFunctionTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * {@link SizedFunction} with complex (c128) arguments and results, passed as {@code Fn} and
 * {@code Program} pass them (interleaved tensors; a complex scalar an array of two): compiled
 * once, called at many sizes, bit for bit the static program of the specialised graph and the
 * interpreter; gradients of real losses against central differences in the real and the
 * imaginary direction ({@code grad = df/dx - i df/dy}).
 */
class SizedComplexTest {
  static final Dim M = Dim.var("m");
  static final Dim N = Dim.var("n");

  static TensorType c128(Dim... d) {
    return TensorType.of(DType.C128, Shape.of(d));
  }

  /**
   * The complex Gaussian negative log-likelihood of the rows of x: c128[m,n] under covariance
   * {@code S = w w^H + I} (w: c128[n,n]): {@code |L^-1 x^T|^2 + m log|det S|}, L = cholesky(S).
   */
  static Graph gaussian() {
    return Graph.trace(List.of("x", "w"), List.of(c128(M, N), c128(N, N)), ps -> {
      Node x = ps.get(0);
      Node w = ps.get(1);
      Node eye = Ir.convert(Ir.convert(Ir.eq(Ir.iota(TensorType.of(DType.F64, Shape.of(N, N)), 0),
          Ir.iota(TensorType.of(DType.F64, Shape.of(N, N)), 1)), DType.F64), DType.C128);
      Node s = Ir.add(Ir.dotGeneral(w, Ir.conj(w), new int[] {1}, new int[] {1}, new int[0],
          new int[0]), eye);
      Node u = Ir.triangularSolve(Ir.cholesky(s), Ir.transpose(x, 1, 0), true, true, false, false,
          false);
      Node a = Ir.abs(u);
      Node m = Ir.reduceSum(Ir.full(1.0, TensorType.of(DType.F64, Shape.of(M))), 0);
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(a, a), 0, 1), Ir.mul(m,
          Ir.slogdetLogabsdet(s))));
    });
  }

  static List<Tensor> args(Graph g, Map<String, Long> env, long seed) {
    Random r = new Random(seed);
    List<Tensor> args = new ArrayList<>();
    for (TensorType t : g.inputTypes()) {
      TensorType c = SizedFunction.at(t, env);
      double[] data = new double[c.size() * c.dtype().width()];
      for (int i = 0; i < data.length; i++) {
        data[i] = r.nextDouble() * 2 - 1;
      }
      args.add(Tensor.wrap(c, data));
    }
    return args;
  }

  /** Compiled once; at every env the static program's and the interpreter's bits. */
  static SizedFunction agrees(Graph g, List<Map<String, Long>> envs) {
    CompileService service = new CompileService();
    SizedFunction f = SizedFunction.compile(g, service);
    for (Map<String, Long> e : envs) {
      List<Tensor> a = args(g, e, e.hashCode());
      List<Tensor> got = f.call(a);
      List<Tensor> interp = Interpreter.eval(g, a);
      List<Tensor> st = new CompileService().load(JavaEmitter.emit(g.specialize(e))).call(a);
      for (int j = 0; j < got.size(); j++) {
        assertEquals(interp.get(j).type(), got.get(j).type());
        double[] o = got.get(j).unsafeData();
        assertEquals(interp.get(j).unsafeData().length, o.length);
        for (int i = 0; i < o.length; i++) {
          String where = e + " output " + j + " [" + i + "]";
          assertEquals(st.get(j).unsafeData()[i], o[i], where + " (static program)");
          assertEquals(interp.get(j).unsafeData()[i], o[i], where + " (interpreter)");
        }
      }
    }
    assertEquals(1, service.compileCount(), "one class for all sizes");
    assertNoSizeDivision(f.source().source(), g);
    return f;
  }

  @Test
  void complexGaussianLikelihoodAndGradientAtManySizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 3}, {5, 2}, {3, 4}, {40, 6}};
    for (long[] p : ps) {
      envs.add(env("m", p[0], "n", p[1]));
    }
    Graph loss = gaussian();
    SizedFunction vg = agrees(Ad.valueAndGrad(loss, 0, 1), envs);
    double h = 1e-6;
    for (Map<String, Long> e : List.of(env("m", 2, "n", 3), env("m", 3, "n", 1))) {
      List<Tensor> a = args(loss, e, e.hashCode());
      List<Tensor> g = vg.call(a);
      for (int w = 0; w < 2; w++) {
        double[] x = a.get(w).unsafeData();
        for (int i = 0; i < x.length; i++) {
          double keep = x[i];
          x[i] = keep + h;
          double fp = Interpreter.eval(loss, a).get(0).unsafeData()[0];
          x[i] = keep - h;
          double fm = Interpreter.eval(loss, a).get(0).unsafeData()[0];
          x[i] = keep;
          double fd = (fp - fm) / (2 * h);
          double want = i % 2 == 1 ? -fd : fd; // the imaginary part: minus d/dy
          assertEquals(want, g.get(1 + w).unsafeData()[i], 1e-5 * (1 + Math.abs(fd)),
              e + " d/d" + loss.inputNames().get(w) + "[" + i + "]");
        }
      }
    }
  }

  /** A complex scalar argument and complex scalar and array results. */
  @Test
  void complexScalarsInAndOut() {
    Graph g = Graph.trace(List.of("z", "s"), List.of(c128(N), c128()), ps -> {
      Node z = ps.get(0);
      Node s = ps.get(1);
      return List.of(Ir.reduceSum(Ir.mul(z, Ir.broadcastInDim(s, Shape.of(N))), 0), Ir.exp(s),
          Ir.div(z, Ir.broadcastInDim(Ir.add(s, Ir.exp(s)), Shape.of(N))));
    });
    List<Map<String, Long>> envs = new ArrayList<>();
    for (long n : new long[] {0, 1, 2, 7, 100}) {
      envs.add(env("n", n));
    }
    SizedFunction f = agrees(g, envs);
    List<Tensor> r = f.call(Tensor.wrap(c128(Dim.of(2)), new double[] {1,
        2, 3, -1}), Tensor.complexScalar(0.0, 1.0));
    // sum(z) i = (4 + i) i = -1 + 4i; exp(i) = cos 1 + i sin 1.
    assertEquals(List.of(-1.0, 4.0), List.of(r.get(0).unsafeData()[0], r.get(0).unsafeData()[1]));
    assertEquals(Math.cos(1.0), r.get(1).unsafeData()[0]);
    assertEquals(Math.sin(1.0), r.get(1).unsafeData()[1]);
    IrException e = assertThrows(IrException.class, () -> f.call(Tensor.of(1, 2),
        Tensor.complexScalar(0.0, 1.0)));
    assertEquals("argument 0 (z) must be c128[n], got f64[2]", e.getMessage());
  }
}
