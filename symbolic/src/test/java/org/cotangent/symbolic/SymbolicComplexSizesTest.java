package org.cotangent.symbolic;

import static org.cotangent.symbolic.SymbolicSizesTest.SYMBOLIC;
import static org.cotangent.symbolic.SymbolicSizesTest.VALUATIONS;
import static org.cotangent.symbolic.SymbolicSizesTest.assertSame;
import static org.cotangent.symbolic.SymbolicSizesTest.at;
import static org.cotangent.symbolic.SymbolicSizesTest.axpy;
import static org.cotangent.symbolic.SymbolicSizesTest.env;
import static org.cotangent.symbolic.SymbolicSizesTest.graph;
import static org.cotangent.symbolic.SymbolicSizesTest.random;
import static org.cotangent.symbolic.SymbolicSizesTest.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.SymbolicSizesTest.Case;
import org.cotangent.symbolic.SymbolicSizesTest.Sizes;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The rows of {@link SymbolicSizesTest} for complex values (c128): one case per family, built
 * once over symbolic n, m and at each valuation; the specialised graph, its jvp, vjp and vmap
 * against the static ones; jvp against central differences along complex directions, vjp by the
 * dot-product test under the pairing {@code Re(sum a b)} (JAX's, DESIGN section 3); grad of a
 * real function of complex inputs against {@code df/dx - i df/dy}.
 */
class SymbolicComplexSizesTest {
  static TensorType c128(Dim... d) {
    return TensorType.of(DType.C128, Shape.of(d));
  }

  static Node cfull(double re, double im, TensorType t) {
    TensorType r = TensorType.of(DType.F64, t.shape());
    return Ir.complex(Ir.full(re, r), Ir.full(im, r));
  }

  static Node dot(Node a, Node b, int ac, int bc) {
    return Ir.dotGeneral(a, b, new int[] {ac}, new int[] {bc}, new int[0], new int[0]);
  }

  static List<Case> cases() {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case("complex elementwise, real/imag/conj/abs/complex, convert, select", s -> {
      TensorType t = c128(s.n, s.m);
      return graph(List.of(t, t, s.f64(s.n, s.m)), p -> {
        Node z = p.get(0);
        Node w = p.get(1);
        Node e = Ir.add(Ir.mul(Ir.sin(z), w), Ir.div(Ir.exp(z), Ir.add(cfull(1.5, 0.5, t),
            Ir.square(w))));
        Node c = Ir.complex(Ir.abs(z), Ir.tanh(Ir.real(Ir.mul(z, Ir.conj(w)))));
        Node k = Ir.select(Ir.gt(p.get(2), Ir.imag(z)), Ir.integerPow(w, 3),
            Ir.convert(p.get(2), DType.C128));
        return Ir.add(Ir.add(e, c), Ir.mul(k, Ir.tanh(z)));
      });
    }));
    cs.add(new Case("complex broadcast_in_dim, reduce_sum, reduce_prod (values)", s -> {
      TensorType t = c128(s.n, s.m);
      return graph(List.of(t, c128(s.m), c128()), p -> {
        Node row = Ir.broadcastInDim(p.get(1), t.shape(), 1);
        Node scalar = Ir.broadcastInDim(p.get(2), t.shape());
        Node x = Ir.add(Ir.mul(p.get(0), row), scalar);
        return Ir.add(Ir.reduceSum(Ir.sin(x), 1), Ir.broadcastInDim(Ir.reduceSum(x, 0, 1),
            Shape.of(s.n)));
      });
    }));
    cs.add(new Case("complex dot_general (matvec, matmul, batch)", s -> graph(List.of(
        c128(s.n, s.m), c128(s.m), c128(Dim.of(2), s.n, s.m)), p -> {
          Node mv = dot(p.get(0), p.get(1), 1, 0);
          Node mm = dot(p.get(0), Ir.conj(p.get(0)), 1, 1);
          Node bt = Ir.dotGeneral(p.get(2), p.get(2), new int[] {2}, new int[] {2},
              new int[] {0}, new int[] {0});
          return Ir.add(Ir.add(Ir.reduceSum(Ir.mul(mm, Ir.reduceSum(bt, 0)), 1), Ir.sin(mv)),
              Ir.reduceSum(mm, 0));
        })));
    cs.add(new Case("complex transpose, reshape, concatenate, slice, pad, index, rev", s -> {
      return graph(List.of(c128(s.n, s.m), c128(s.n, Dim.of(2))), p -> {
        Node c = Ir.concatenate(1, Ir.sin(p.get(0)), p.get(1));
        Node sl = Ir.slice(c, new Dim[] {Dim.of(0), Dim.of(1)}, new Dim[] {s.n, s.m.plus(2)});
        Node pd = Ir.pad(Ir.mul(sl, sl), new Dim[] {Dim.of(1), Dim.of(0)},
            new Dim[] {Dim.of(0), Dim.of(1)});
        Node row = Ir.index(pd, 1, 1);
        Node flat = Ir.reshape(Ir.transpose(Ir.rev(c, 1), 1, 0), Shape.of(s.m.plus(2)
            .times(s.n)));
        Node back = Ir.reshape(flat, Shape.of(s.m.plus(2), s.n));
        Node tail = Ir.pad(Ir.reduceSum(back, 0), new Dim[] {Dim.of(1)}, new Dim[] {Dim.of(0)});
        return Ir.add(Ir.add(row, Ir.reduceSum(Ir.cos(pd), 1)), tail);
      });
    }));
    cs.add(new Case("complex linear algebra (Hermitian cholesky, triangular_solve, solve, inv,"
        + " det, slogdet)", s -> graph(List.of(c128(s.n, s.n), c128(s.n, s.m)),
            p -> linalg(p.get(0), p.get(1)))));
    return cs;
  }

  /**
   * Every complex linear-algebra primitive but eigh, over x: c128[n,n], b: c128[n,m], with
   * {@code a = x x^H + I} Hermitian positive definite: {@code [n, m]}.
   */
  static Node linalg(Node x, Node b) {
    TensorType t = x.type();
    Node eye = Ir.convert(LinalgFixtures.eye(TensorType.of(DType.F64, t.shape())), DType.C128);
    Node a = Ir.add(dot(x, Ir.conj(x), 1, 1), eye);
    Node l = Ir.cholesky(a);
    Node y1 = Ir.triangularSolve(l, b, true, true, false, false, false);
    Node y2 = Ir.triangularSolve(l, Ir.transpose(b, 1, 0), false, true, true, false, false);
    Node y3 = Ir.solve(Ir.add(x, Ir.mul(cfull(3.0, 1.0, t), eye)), b, false);
    Node y4 = dot(Ir.inv(a), b, 1, 0);
    Node ld = Ir.broadcastInDim(Ir.mul(Ir.convert(Ir.slogdetLogabsdet(x), DType.C128),
        Ir.slogdetSign(Ir.add(x, eye))), b.type().shape());
    Node det = Ir.broadcastInDim(Ir.det(a), b.type().shape());
    return Ir.add(Ir.add(Ir.add(y1, Ir.transpose(y2, 1, 0)), Ir.add(y3, y4)),
        Ir.add(Ir.mul(ld, b), Ir.div(b, det)));
  }

  /** The pairing {@code Re(sum a b)} of interleaved complex data (the dot product for reals). */
  static double pairing(Tensor a, Tensor b) {
    double[] x = a.unsafeData();
    double[] y = b.unsafeData();
    double s = 0;
    if (a.dtype().isComplex()) {
      for (int i = 0; i < x.length; i += 2) {
        s += x[i] * y[i] - x[i + 1] * y[i + 1];
      }
      return s;
    }
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  @Test
  void symbolicGraphsSpecialiseToTheStaticOnes() {
    Random rng = new Random(1411);
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      assertFalse(g.isStatic(), c.name);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        Graph st = c.build.apply(at(v));
        Graph sp = g.specialize(env(v));
        assertEquals(st.inputTypes(), sp.inputTypes(), what);
        assertEquals(st.output(0).type(), sp.output(0).type(), what);
        List<Tensor> xs = random(st.inputTypes(), rng);
        assertSame(Interpreter.eval(st, xs), Interpreter.eval(g, xs), 0.0, what);
      }
    }
  }

  @Test
  void jvpAndVjpMatchTheStaticTransformations() {
    Random rng = new Random(1412);
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph jvp = Ad.jvp(g);
      Graph vjp = Ad.vjp(g);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        Graph st = c.build.apply(at(v));
        List<Tensor> xs = random(st.inputTypes(), rng);
        List<Tensor> jvpArgs = new ArrayList<>(xs);
        jvpArgs.addAll(random(st.inputTypes(), rng));
        assertSame(Interpreter.eval(Ad.jvp(st), jvpArgs), Interpreter.eval(jvp, jvpArgs), 1e-12,
            "jvp of " + what);
        List<Tensor> vjpArgs = new ArrayList<>(xs);
        vjpArgs.add(CheckGrads.randomLike(st.output(0).type(), rng));
        assertSame(Interpreter.eval(Ad.vjp(st), vjpArgs), Interpreter.eval(vjp, vjpArgs), 1e-12,
            "vjp of " + what);
      }
    }
  }

  /** jvp along a random complex direction against central differences; vjp by the pairing. */
  @Test
  void derivativesMatchFiniteDifferencesAndTheDotProductTest() {
    Random rng = new Random(1413);
    double h = 1e-6;
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph jvp = Ad.jvp(g);
      Graph vjp = Ad.vjp(g);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        List<TensorType> types = g.specialize(env(v)).inputTypes();
        List<Tensor> xs = random(types, rng);
        List<Tensor> ts = random(types, rng);
        List<Tensor> plus = new ArrayList<>();
        List<Tensor> minus = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
          plus.add(axpy(h, ts.get(i), xs.get(i)));
          minus.add(axpy(-h, ts.get(i), xs.get(i)));
        }
        double[] fp = Interpreter.eval(g, plus).get(0).unsafeData();
        double[] fm = Interpreter.eval(g, minus).get(0).unsafeData();
        List<Tensor> jvpArgs = new ArrayList<>(xs);
        jvpArgs.addAll(ts);
        Tensor jv = Interpreter.eval(jvp, jvpArgs).get(1);
        double[] jd = jv.unsafeData();
        for (int k = 0; k < jd.length; k++) {
          assertEquals((fp[k] - fm[k]) / (2 * h), jd[k], 1e-6 * (1 + Math.abs(jd[k])),
              "jvp vs central differences, " + what + " [" + k + "]");
        }
        Tensor ct = CheckGrads.randomLike(jv.type(), rng);
        List<Tensor> vjpArgs = new ArrayList<>(xs);
        vjpArgs.add(ct);
        List<Tensor> bars = Interpreter.eval(vjp, vjpArgs);
        double lhs = pairing(ct, jv);
        double rhs = 0;
        for (int i = 0; i < xs.size(); i++) {
          rhs += pairing(bars.get(1 + i), ts.get(i));
        }
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), "dot-product test, " + what);
      }
    }
  }

  /**
   * grad of {@code sum |f|^2} (real) of each case: the symbolic gradient is {@code df/dx - i
   * df/dy} for every complex input coordinate, by central differences.
   */
  @Test
  void gradOfARealFunctionOfComplexInputsIsTheConjugateWirtingerDerivative() {
    Random rng = new Random(1414);
    double h = 1e-6;
    for (Case c : cases()) {
      Graph f = c.build.apply(SYMBOLIC);
      Graph loss = Graph.trace(f.inputNames(), f.inputTypes(), ps -> {
        Node y = f.call(ps).get(0);
        Node a = Ir.abs(y);
        int[] all = new int[y.rank()];
        for (int k = 0; k < all.length; k++) {
          all[k] = k;
        }
        return List.of(Ir.reduceSum(Ir.mul(a, a), all));
      });
      int[] argnums = new int[f.arity()];
      for (int i = 0; i < argnums.length; i++) {
        argnums[i] = i;
      }
      Graph grad = Ad.grad(loss, argnums);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        List<Tensor> xs = random(f.specialize(env(v)).inputTypes(), rng);
        for (Tensor x : xs) { // (moderate values: cos and exp of large complex numbers explode)
          double[] d = x.unsafeData();
          for (int k = 0; k < d.length; k++) {
            d[k] *= 0.5;
          }
        }
        List<Tensor> g = Interpreter.eval(grad, xs);
        for (int i = 0; i < xs.size(); i++) {
          double[] x = xs.get(i).unsafeData();
          boolean complex = xs.get(i).dtype().isComplex();
          for (int k = 0; k < x.length; k++) {
            double keep = x[k];
            x[k] = keep + h;
            double fp = Interpreter.eval(loss, xs).get(0).unsafeData()[0];
            x[k] = keep - h;
            double fm = Interpreter.eval(loss, xs).get(0).unsafeData()[0];
            x[k] = keep;
            double fd = (fp - fm) / (2 * h);
            double want = complex && k % 2 == 1 ? -fd : fd;
            assertEquals(want, g.get(i).unsafeData()[k], 1e-5 * (1 + Math.abs(fd)),
                "grad of " + what + ", input " + i + " [" + k + "]");
          }
        }
      }
    }
  }

  /** vmap over a symbolic batch b equals the function per element, and so does its vjp. */
  @Test
  void vmapOverASymbolicBatchIsTheFunctionPerElement() {
    Random rng = new Random(1415);
    Dim b = Dim.var("b");
    for (Case c : cases()) {
      Graph g = c.build.apply(SYMBOLIC);
      Graph vm = Vmap.vmap(g, new int[g.arity()], new int[] {0}, b);
      assertEquals(b, vm.output(0).type().shape().extent(0), c.name);
      Graph vjpOfVmap = Ad.vjp(vm);
      Graph vjp = Ad.vjp(g);
      for (long[] v : VALUATIONS) {
        String what = c.name + " at n=" + v[0] + ", m=" + v[1];
        List<TensorType> types = g.specialize(env(v)).inputTypes();
        int batch = 3;
        List<List<Tensor>> rows = new ArrayList<>();
        List<Tensor> per = new ArrayList<>();
        List<Tensor> cts = new ArrayList<>();
        for (int k = 0; k < batch; k++) {
          rows.add(random(types, rng));
          per.add(Interpreter.eval(g, rows.get(k)).get(0));
          cts.add(CheckGrads.randomLike(per.get(k).type(), rng));
        }
        List<Tensor> stacked = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
          List<Tensor> col = new ArrayList<>();
          for (List<Tensor> r : rows) {
            col.add(r.get(i));
          }
          stacked.add(stack(col));
        }
        assertSame(List.of(stack(per)), Interpreter.eval(vm, stacked), 0.0, "vmap of " + what);
        List<Tensor> args = new ArrayList<>(stacked);
        args.add(stack(cts));
        List<Tensor> got = Interpreter.eval(vjpOfVmap, args);
        for (int i = 0; i < types.size(); i++) {
          List<Tensor> want = new ArrayList<>();
          for (int k = 0; k < batch; k++) {
            List<Tensor> a = new ArrayList<>(rows.get(k));
            a.add(cts.get(k));
            want.add(Interpreter.eval(vjp, a).get(1 + i));
          }
          assertSame(List.of(stack(want)), List.of(got.get(1 + i)), 1e-12,
              "vjp of vmap of " + what + ", input " + i);
        }
      }
    }
  }

  /** reduce_prod's symbolic JVP needs cumprod of complex values, which has no rule: by name. */
  @Test
  void complexReduceProdOverASymbolicAxisHasNoJvpYet() {
    Graph g = graph(List.of(c128(SYMBOLIC.n)), p -> Ir.reduceProd(p.get(0), 0));
    IrException e = assertThrows(IrException.class, () -> Ad.jvp(g));
    assertEquals("jvp of reduce_prod: complex values over a symbolic axis are not supported yet"
        + " (its running products need cumprod of complex values)", e.getMessage());
  }
}
