package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Complex values (c128) in code for symbolic sizes ({@link SymbolicComplex}): one class per
 * graph, called at many sizes, bit for bit the interpreter and the static program of the
 * specialised graph; gradients of real functions of complex inputs against central differences
 * in the real and the imaginary directions (grad = df/dx - i df/dy, DESIGN section 3).
 */
class SymbolicComplexTest {
  static final Dim M = SymbolicGraphs.M;
  static final Dim N = SymbolicGraphs.N;
  static final Dim K = SymbolicGraphs.K;

  static TensorType c128(Dim... d) {
    return TensorType.of(DType.C128, Shape.of(d));
  }

  static Node dot(Node a, Node b, int[] ac, int[] bc) {
    return Ir.dotGeneral(a, b, ac, bc, new int[0], new int[0]);
  }

  static Node cfull(double re, double im, TensorType t) {
    TensorType r = TensorType.of(DType.F64, t.shape());
    return Ir.complex(Ir.full(re, r), Ir.full(im, r));
  }

  /**
   * Elementwise complex arithmetic and functions, real/imag/conj/abs/complex, converts, compare,
   * select, integer powers, broadcasts of a vector and of a complex scalar, over z: c128[m,n],
   * w: c128[n], x: f64[m,n], s: c128; complex and real outputs, a complex scalar output.
   */
  static Graph elementwise() {
    return Graph.trace(List.of("z", "w", "x", "s"), List.of(c128(M, N), c128(N),
        SymbolicGraphs.f64(M, N), c128()), ps -> {
          Node z = ps.get(0);
          Node x = ps.get(2);
          Shape sh = z.type().shape();
          Node w = Ir.broadcastInDim(ps.get(1), sh, 1);
          Node s = Ir.broadcastInDim(ps.get(3), sh);
          Node a = Ir.add(Ir.mul(Ir.sin(z), w), Ir.div(Ir.exp(z), Ir.add(cfull(1.0, 0.5,
              z.type()), Ir.square(w))));
          Node b = Ir.sub(Ir.mul(Ir.conj(z), s), Ir.integerPow(z, 3));
          Node c = Ir.complex(Ir.abs(z), Ir.tanh(Ir.real(Ir.mul(z, w))));
          Node d = Ir.select(Ir.gt(x, Ir.imag(z)), Ir.integerPow(w, 2), Ir.integerPow(z, 5));
          Node e = Ir.add(Ir.convert(x, DType.C128), Ir.log(Ir.add(z, cfull(2.0, 0.0,
              z.type()))));
          Node f = Ir.convert(Ir.ne(z, w), DType.F64);
          Node g = Ir.add(Ir.convert(b, DType.F64), Ir.imag(Ir.sqrt(a)));
          Node sc = Ir.mul(Ir.exp(ps.get(3)), ps.get(3));
          return List.of(Ir.add(Ir.add(a, b), Ir.add(c, Ir.add(d, e))), Ir.mul(f, g), sc,
              Ir.abs(ps.get(3)));
        });
  }

  /**
   * The structural families on complex values: transpose, reshape, slice, concatenate, pad, rev,
   * index, iota, reduce_sum (one axis, all), reduce_prod, dot_general (matvec, matmul, batch).
   */
  static Graph structural(boolean withProd) {
    return Graph.trace(List.of("z", "w", "y"), List.of(c128(M, N), c128(N), c128(K, M, N)),
        ps -> {
          Node z = ps.get(0);
          Node w = ps.get(1);
          Node y = ps.get(2);
          Node zt = Ir.transpose(Ir.sin(z), 1, 0);
          Node flat = Ir.reshape(Ir.mul(z, z), Shape.of(M.times(N)));
          Node d = Ir.sub(Ir.slice(w, new Dim[] {Dim.of(1)}, new Dim[] {N}),
              Ir.slice(w, new Dim[] {Dim.of(0)}, new Dim[] {N.minus(1)}));
          Node padded = Ir.pad(d, new Dim[] {Dim.of(2)}, new Dim[] {Dim.of(1)});
          Node cat = Ir.concatenate(0, w, Ir.rev(w, 0), padded, Ir.convert(Ir.iota(
              SymbolicGraphs.f64(N), 0), DType.C128));
          Node mv = dot(z, w, new int[] {1}, new int[] {0});
          Node mm = dot(z, zt, new int[] {1}, new int[] {0});
          Node bt = Ir.dotGeneral(y, y, new int[] {2}, new int[] {2}, new int[] {0},
              new int[] {0});
          Node rows = Ir.reduceSum(Ir.conj(z), 1);
          Node all = Ir.reduceSum(Ir.mul(z, Ir.broadcastInDim(w, z.type().shape(), 1)), 0, 1);
          Node prod = Ir.reduceProd(Ir.add(z, cfull(0.5, -0.25, z.type())), 0);
          Node row = Ir.index(zt, 0, 0);
          List<Node> outs = new ArrayList<>(List.of(cat, flat, Ir.add(mv, rows), mm,
              Ir.reduceSum(bt, 0), all, row, Ir.iota(c128(M, N), 1)));
          if (withProd) {
            outs.add(prod);
          }
          return outs;
        });
  }

  static List<Map<String, Long>> withK(List<Map<String, Long>> envs, long... ks) {
    List<Map<String, Long>> r = new ArrayList<>();
    for (Map<String, Long> e : envs) {
      for (long k : ks) {
        Map<String, Long> f = new TreeMap<>(e);
        f.put("k", k);
        r.add(f);
      }
    }
    return r;
  }

  @Test
  void elementwiseAtManySizes() {
    SizedCompiled c = agrees(elementwise(), pairs("m", "n"));
    String src = c.source.source();
    assertTrue(src.contains("z[2 * (i0 * n + i1) + 1]"), src);
    assertTrue(src.contains("final double[] pair = new double[2];"), src);
  }

  @Test
  void structuralFamiliesAtManySizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("n") >= 1) {
        envs.add(e);
      }
    }
    agrees(structural(true), withK(envs, 0, 2));
  }

  /** {@code sum |sin(z) w + conj(z) s|^2 + Re(sum z w)} and its gradients over z, w, s. */
  static Graph realLoss() {
    return Graph.trace(List.of("z", "w", "s"), List.of(c128(M, N), c128(N), c128()), ps -> {
      Node z = ps.get(0);
      Shape sh = z.type().shape();
      Node w = Ir.broadcastInDim(ps.get(1), sh, 1);
      Node s = Ir.broadcastInDim(ps.get(2), sh);
      Node e = Ir.add(Ir.mul(Ir.sin(z), w), Ir.mul(Ir.conj(z), s));
      Node sq = Ir.abs(e);
      Node lin = Ir.real(dot(z, ps.get(1), new int[] {1}, new int[] {0}));
      return List.of(Ir.add(Ir.reduceSum(Ir.mul(sq, sq), 0, 1), Ir.reduceSum(lin, 0)));
    });
  }

  @Test
  void gradientOfARealFunctionOfComplexInputsAtManySizes() {
    agrees(Ad.valueAndGrad(realLoss(), 0, 1, 2), pairs("m", "n"));
  }

  /**
   * Central differences of the compiled real loss along the real and the imaginary direction of
   * each coordinate: the compiled gradient is {@code df/dx - i df/dy} (JAX's convention).
   */
  static void gradientsMatchCentralDifferences(Graph lossGraph, int[] argnums,
      List<Map<String, Long>> envs, double tol) {
    SizedCompiled grad = SizedCompiled.of(Ad.valueAndGrad(lossGraph, argnums));
    SizedCompiled loss = SizedCompiled.of(lossGraph);
    double h = 1e-6;
    for (Map<String, Long> e : envs) {
      List<Tensor> a = args(loss.graph, e, e.hashCode());
      List<Tensor> g = grad.call(a);
      for (int j = 0; j < argnums.length; j++) {
        int i = argnums[j];
        double[] x = a.get(i).unsafeData();
        double[] gi = g.get(1 + j).unsafeData();
        boolean complex = a.get(i).dtype().isComplex();
        for (int k = 0; k < x.length; k++) {
          double keep = x[k];
          x[k] = keep + h;
          double fp = loss.call(a).get(0).unsafeData()[0];
          x[k] = keep - h;
          double fm = loss.call(a).get(0).unsafeData()[0];
          x[k] = keep;
          double fd = (fp - fm) / (2 * h);
          // The imaginary part of the gradient is minus the derivative along the imaginary axis.
          double want = complex && k % 2 == 1 ? -fd : fd;
          assertEquals(want, gi[k], tol * (1 + Math.abs(fd)), e + " input " + i + " [" + k
              + "]");
        }
      }
    }
  }

  @Test
  void gradientsMatchCentralDifferencesInTheRealAndImaginaryDirections() {
    gradientsMatchCentralDifferences(realLoss(), new int[] {0, 1, 2}, List.of(env("m", 1, "n",
        1), env("m", 2, "n", 3), env("m", 3, "n", 2)), 1e-6);
  }

  /**
   * A complex Gaussian negative log-likelihood: {@code a = x x^H + I} (Hermitian positive
   * definite), {@code L = cholesky(a)}, {@code u = L^-1 y}, {@code sum |u|^2 + m log|det a|}
   * through slogdet, over x: c128[n,n] and y: c128[n,m].
   */
  static Graph gaussian() {
    return Graph.trace(List.of("x", "y"), List.of(c128(N, N), c128(N, M)), ps -> {
      Node x = ps.get(0);
      Node y = ps.get(1);
      Node a = Ir.add(dot(x, Ir.conj(x), new int[] {1}, new int[] {1}),
          Ir.convert(SymbolicGraphs.eye(SymbolicGraphs.f64(N, N)), DType.C128));
      Node l = Ir.cholesky(a);
      Node u = Ir.triangularSolve(l, y, true, true, false, false, false);
      Node au = Ir.abs(u);
      Node quad = Ir.reduceSum(Ir.mul(au, au), 0, 1);
      Node m = Ir.reduceSum(Ir.full(1.0, SymbolicGraphs.f64(M)), 0);
      return List.of(Ir.add(quad, Ir.mul(m, Ir.slogdetLogabsdet(a))));
    });
  }

  static List<Map<String, Long>> linalgSizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {0, 2}, {1, 0}, {1, 1}, {2, 3}, {3, 1}, {4, 2}, {6, 3}};
    for (long[] p : ps) {
      envs.add(env("n", p[0], "m", p[1]));
    }
    return envs;
  }

  @Test
  void complexGaussianLikelihoodAndItsGradientAtSeveralN() {
    SizedCompiled c = agrees(Ad.valueAndGrad(gaussian(), 0, 1), linalgSizes());
    String src = c.source.source();
    assertTrue(src.contains("Rt.choleskyC128("), src);
    assertTrue(src.contains("Rt.triangularSolveC128("), src);
    assertTrue(src.contains("Rt.slogdetLogabsdetC128("), src);
    gradientsMatchCentralDifferences(gaussian(), new int[] {0, 1}, List.of(env("n", 1, "m", 1),
        env("n", 2, "m", 3), env("n", 3, "m", 2)), 1e-5);
  }

  /** Every complex linear-algebra primitive but eigh: values (complex scalars too) and gradients. */
  static Graph linalg(boolean lossOnly) {
    return Graph.trace(List.of("x", "b"), List.of(c128(N, N), c128(N, M)), ps -> {
      Node x = ps.get(0);
      Node b = ps.get(1);
      TensorType t = x.type();
      Node eye = Ir.convert(SymbolicGraphs.eye(SymbolicGraphs.f64(N, N)), DType.C128);
      Node a = Ir.add(dot(x, Ir.conj(x), new int[] {1}, new int[] {1}), eye);
      Node l = Ir.cholesky(a);
      Node y1 = Ir.triangularSolve(l, b, true, true, false, false, false);
      Node y2 = Ir.triangularSolve(l, Ir.transpose(b, 1, 0), false, true, true, false, false);
      Node y3 = Ir.solve(Ir.add(x, Ir.mul(cfull(3.0, 1.0, t), eye)), b, false);
      Node y4 = dot(Ir.inv(a), b, new int[] {1}, new int[] {0});
      Node det = Ir.det(Ir.add(x, Ir.mul(cfull(2.0, 0.0, t), eye)));
      Node sign = Ir.slogdetSign(Ir.add(x, eye));
      Node sum = Ir.add(Ir.add(y1, Ir.transpose(y2, 1, 0)), Ir.add(y3, y4));
      Node loss = Ir.add(Ir.reduceSum(Ir.real(Ir.mul(Ir.sin(sum), b)), 0, 1),
          Ir.add(Ir.real(Ir.mul(det, sign)), Ir.slogdetLogabsdet(a)));
      return lossOnly ? List.of(loss) : List.of(sum, det, sign, loss);
    });
  }

  @Test
  void everyComplexLinalgPrimitiveAtManySizes() {
    agrees(linalg(false), linalgSizes());
    Graph loss = linalg(true);
    agrees(Ad.valueAndGrad(loss, 0, 1), linalgSizes());
    gradientsMatchCentralDifferences(loss, new int[] {0, 1}, List.of(env("n", 1, "m", 2),
        env("n", 3, "m", 2)), 1e-5);
  }

  /** Batches of symbolic size {@code k} of complex matrices. */
  @Test
  void batchesOfComplexMatrices() {
    TensorType t = c128(K, N, N);
    Graph f = Graph.trace(List.of("x", "b"), List.of(t, c128(K, N, M)), ps -> {
      Node x = ps.get(0);
      Node a = Ir.add(Ir.dotGeneral(x, Ir.conj(x), new int[] {2}, new int[] {2}, new int[] {0},
          new int[] {0}), Ir.convert(SymbolicGraphs.eye(SymbolicGraphs.f64(K, N, N)),
          DType.C128));
      Node y = Ir.triangularSolve(Ir.cholesky(a), ps.get(1), true, true, true, false, false);
      Node s = Ir.reduceSum(Ir.real(Ir.mul(Ir.sin(y), ps.get(1))), 1, 2);
      return List.of(Ir.reduceSum(Ir.add(Ir.add(s, Ir.slogdetLogabsdet(a)),
          Ir.real(Ir.det(Ir.inv(a)))), 0));
    });
    agrees(Ad.valueAndGrad(f, 0, 1), withK(linalgSizes(), 0, 1, 3));
  }

  /**
   * jvp, vjp and vmap (over a symbolic batch b) of complex programs, compiled once. (The
   * structural graph but its reduce_prod, whose symbolic JVP goes through cumprod, which has no
   * complex rule.)
   */
  @Test
  void jvpVjpAndVmapOfComplexPrograms() {
    Graph g = structural(false);
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("n") >= 1 && e.get("m") <= 5) {
        envs.add(e);
      }
    }
    agrees(Ad.jvp(g), withK(envs, 2));
    agrees(Ad.vjp(g), withK(envs, 1));
    Graph e = elementwise();
    Graph vm = Vmap.vmap(e, new int[] {0, Vmap.NOT_MAPPED, 1, 0}, new int[] {0, 0, 0, 0}, Dim.var("b"));
    List<Map<String, Long>> benvs = new ArrayList<>();
    for (Map<String, Long> p : pairs("m", "n")) {
      for (long b : new long[] {0, 1, 3}) {
        Map<String, Long> q = new TreeMap<>(p);
        q.put("b", b);
        benvs.add(q);
      }
    }
    agrees(vm, benvs);
  }

  /** Outputs that are parameters, views, literals or complex scalars are copied; a reshape of a view. */
  @Test
  void outputsThatAreParametersViewsOrLiteralsAndMaterialisedViews() {
    Graph g = Graph.trace(List.of("z", "s"), List.of(c128(M, N), c128()), ps -> {
      Node z = ps.get(0);
      Node flat = Ir.reshape(Ir.transpose(z, 1, 0), Shape.of(N.times(M)));
      return List.of(z, ps.get(1), Ir.transpose(z, 1, 0), cfull(1.5, -2.0, c128(N)),
          Ir.sin(flat), Ir.rev(z, 1), Ir.reshape(Ir.exp(flat), Shape.of(N, M)));
    });
    agrees(g, pairs("m", "n"));
  }

  /** A gradient long enough to be split into parts: complex scalars cross them as arrays. */
  @Test
  void splitMethodsPassComplexValuesBetweenParts() {
    Graph f = Graph.trace(List.of("z", "s"), List.of(c128(N), c128()), ps -> {
      Node z = ps.get(0);
      Node s = ps.get(1);
      Node acc = Ir.reduceSum(z, 0);
      for (int i = 0; i < 60; i++) {
        Node b = Ir.broadcastInDim(Ir.mul(acc, s), Shape.of(N));
        z = Ir.add(Ir.sin(Ir.mul(z, b)), z);
        acc = Ir.add(Ir.reduceSum(z, 0), Ir.mul(acc, s));
      }
      return List.of(Ir.abs(acc));
    });
    SizedCompiled c = agrees(Ad.valueAndGrad(f, 0, 1), List.of(env("n", 0), env("n", 1),
        env("n", 3), env("n", 10)));
    assertTrue(c.source.source().contains("part1("), "not split");
    assertTrue(c.source.source().matches("(?s).*final double\\[\\] \\w+ = ar\\[\\d+\\];.*"),
        "no value crosses the parts in an array slot");
  }

  /** grad with holomorphic=true of {@code sum(z sin z)} is {@code sin z + z cos z}, compiled once. */
  @Test
  void holomorphicGradient() {
    Graph f = Graph.trace(List.of("z"), List.of(c128(N)), ps -> List.of(Ir.reduceSum(Ir.mul(
        ps.get(0), Ir.sin(ps.get(0))), 0)));
    SizedCompiled c = agrees(Ad.grad(f, true, true, 0), List.of(env("n", 0), env("n", 1),
        env("n", 2), env("n", 9), env("n", 100)));
    List<Tensor> a = args(f, env("n", 5), 7);
    double[] z = a.get(0).unsafeData();
    double[] g = c.call(a).get(1).unsafeData();
    for (int i = 0; i < z.length; i += 2) {
      double x = z[i];
      double y = z[i + 1];
      // sin(x + iy) = sin x cosh y + i cos x sinh y; cos(x + iy) = cos x cosh y - i sin x sinh y.
      double sr = Math.sin(x) * Math.cosh(y);
      double si = Math.cos(x) * Math.sinh(y);
      double cr = Math.cos(x) * Math.cosh(y);
      double ci = -Math.sin(x) * Math.sinh(y);
      assertEquals(sr + x * cr - y * ci, g[i], 1e-12, "re " + i / 2);
      assertEquals(si + x * ci + y * cr, g[i + 1], 1e-12, "im " + i / 2);
    }
  }

  @Test
  void complexLengthsAreCheckedAtEntry() {
    Graph g = Graph.trace(List.of("z", "s"), List.of(c128(N), c128()),
        ps -> List.of(Ir.mul(ps.get(0), Ir.broadcastInDim(ps.get(1), Shape.of(N)))));
    SizedCompiled c = agrees(g, List.of(env("n", 0), env("n", 1), env("n", 4)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {3}, new double[][] {new double[3], new double[2]},
            new double[][] {new double[6]}));
    assertEquals("z has 3 doubles, but its type c128[n] needs 2*n = 6 (n = 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {3}, new double[][] {new double[6], new double[1]},
            new double[][] {new double[6]}));
    assertEquals("s has 1 doubles, but its type c128[] needs 2 = 2 (n = 3)", e.getMessage());
  }

  @Test
  void whatIsNotSupportedIsRejectedByName() {
    Graph g = elementwise();
    IrException e = assertThrows(IrException.class, () -> JavaEmitter.emitMember(g, "k", "H",
        List.of("a", "b", "c", "d")));
    assertEquals("code generation for symbolic sizes: the member shell with complex values is not"
        + " supported yet (specialize the graph to concrete sizes first)", e.getMessage());
    // A scan of n steps whose body has complex values (a real carry, a complex intermediate).
    TensorType r = TensorType.of(DType.F64, Shape.SCALAR);
    Graph body = Graph.trace(List.of("c", "x"), List.of(r, r), ps -> {
      Node z = Ir.complex(ps.get(0), ps.get(1));
      Node a = Ir.abs(Ir.mul(z, z));
      return List.of(a, a);
    });
    Graph s = Graph.trace(List.of("c", "xs"), List.of(r, SymbolicGraphs.f64(N)), ps -> List.of(
        org.cotangent.symbolic.control.Scan.scan(body, List.of(), List.of(ps.get(0)),
            List.of(ps.get(1)), N, false).get(0)));
    e = assertThrows(IrException.class, () -> JavaEmitter.emit(s));
    assertEquals("code generation for symbolic sizes: scan with complex values is not supported"
        + " yet (specialize the graph to concrete sizes first)", e.getMessage());
  }
}
