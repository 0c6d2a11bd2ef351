package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jacfwd;
import static org.cotangent.Cotangent.jacrev;
import static org.cotangent.Cotangent.valueAndGrad;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.Cotangent.vmap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Java API over pytrees (issue 13 item 1): records, maps, lists and registered containers in
 * and out of every transformation, checked against central differences of the function itself.
 */
class PytreeApiTest {
  /** Parameters of a one-layer model, as a user declares them. */
  record Params(Sym w, Sym b) {}

  /** A registered container that is not a record. */
  static final class Pair {
    final Sym first;
    final Sym second;

    Pair(Sym first, Sym second) {
      this.first = first;
      this.second = second;
    }
  }

  static {
    Pytrees.register(Pair.class, p -> List.of(p.first, p.second),
        cs -> new Pair((Sym) cs.get(0), (Sym) cs.get(1)));
  }

  private static final Fn LOSS = Fn.tree((Params p, Sym x) ->
      Ops.sum(Ops.tanh(x.matmul(p.w()).add(p.b()))));

  private static final Random RNG = new Random(13);

  private static double[][] randn(int r, int c) {
    double[][] m = new double[r][c];
    for (double[] row : m) {
      for (int j = 0; j < c; j++) {
        row[j] = RNG.nextGaussian();
      }
    }
    return m;
  }

  private static double[] randn(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = RNG.nextGaussian();
    }
    return v;
  }

  private static Params params() {
    return new Params(Sym.array(randn(3, 2)), Sym.array(randn(2)));
  }

  /** Central difference of {@code f} in element {@code k} of leaf {@code leaf} of {@code tree}. */
  private static double fd(ToDoubleFunction<Object> f, Object tree, int leaf, int k) {
    double h = 1e-6;
    return (f.applyAsDouble(perturb(tree, leaf, k, h)) - f.applyAsDouble(perturb(tree, leaf, k,
        -h))) / (2 * h);
  }

  private static Object perturb(Object tree, int leaf, int k, double h) {
    Pytrees.Flat flat = Pytrees.flatten(tree);
    List<Object> leaves = new ArrayList<>(flat.leaves());
    Tensor t = Fn.leafTensor(leaves.get(leaf), "test");
    double[] d = t.data();
    d[k] += h;
    Object moved = Specialized.asKind(Tensor.of(t.type(), d), flat.treedef().children().isEmpty()
        ? flat.treedef().leafKind() : kindOf(leaves.get(leaf)));
    leaves.set(leaf, moved);
    return Pytrees.unflatten(flat.treedef(), leaves);
  }

  private static Treedef.Leaf kindOf(Object leaf) {
    return Pytrees.structure(leaf).leafKind();
  }

  private static void assertGradient(ToDoubleFunction<Object> f, Object at, Object gradient) {
    List<Object> g = Pytrees.leaves(gradient);
    List<Object> x = Pytrees.leaves(at);
    assertEquals(x.size(), g.size());
    assertEquals(Pytrees.structure(at).withLeaves(Treedef.Leaf.ANY),
        Pytrees.structure(gradient).withLeaves(Treedef.Leaf.ANY));
    for (int leaf = 0; leaf < x.size(); leaf++) {
      double[] gd = Fn.leafTensor(g.get(leaf), "g").data();
      for (int k = 0; k < gd.length; k++) {
        assertEquals(fd(f, at, leaf, k), gd[k], 1e-7, "leaf " + leaf + " element " + k);
      }
    }
  }

  @Test
  void gradientOfARecordIsThatRecord() {
    Params p = params();
    Sym x = Sym.array(randn(4, 3));
    Params g = grad(LOSS).apply(p, x);
    assertInstanceOf(Params.class, g);
    assertArrayEquals(new int[] {3, 2}, g.w().value().shape().dims());
    assertGradient(q -> LOSS.<Sym>apply(q, x).item(), p, g);
  }

  @Test
  void valueAndGradOfTwoArgnumsGivesAPairOfStructures() {
    Params p = params();
    double[][] x = randn(4, 3);
    List<Object> vg = valueAndGrad(LOSS, 0, 1).apply(p, x);
    assertEquals(LOSS.<Sym>apply(p, x).item(), ((Sym) vg.get(0)).item(), 0);
    List<Object> grads = (List<Object>) vg.get(1);
    assertInstanceOf(Params.class, grads.get(0));
    // x was a double[][]: its gradient is one too.
    double[][] gx = (double[][]) grads.get(1);
    assertEquals(4, gx.length);
    assertGradient(xx -> LOSS.<Sym>apply(p, xx).item(), x, gx);
  }

  @Test
  void mapsFlattenInSortedKeyOrderAndComeBackAsMaps() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("w", new double[] {0.5, -1.0, 2.0});
    m.put("b", 0.25);
    assertEquals(List.of("b", "w"), List.copyOf(((Map<?, ?>) Pytrees.unflatten(
        Pytrees.structure(m), Pytrees.leaves(m))).keySet()));
    assertEquals(0.25, Pytrees.leaves(m).get(0));
    Fn f = Fn.tree((Map<String, Sym> q) ->
        Ops.sum(Ops.sin(q.get("w")).mul(q.get("b"))));
    Map<String, Object> g = grad(f).apply(m);
    assertInstanceOf(Double.class, g.get("b"));
    assertInstanceOf(double[].class, g.get("w"));
    assertGradient(q -> f.<Sym>apply(q).item(), m, g);
  }

  @Test
  void listsArraysAndRegisteredContainers() {
    Fn f = Fn.tree((List<Sym> xs, Pair pr) ->
        Ops.sum(xs.get(0).mul(xs.get(1))).add(Ops.sum(Ops.exp(pr.first).mul(pr.second))));
    List<Object> xs = List.of(randn(3), randn(3));
    Pair pr = new Pair(Sym.array(randn(2)), Sym.array(randn(2)));
    List<Object> g = grad(f, 0, 1).apply(xs, pr);
    assertInstanceOf(Pair.class, g.get(1));
    assertGradient(q -> f.<Sym>apply(q, pr).item(), xs, g.get(0));
    assertGradient(q -> f.<Sym>apply(xs, q).item(), pr, g.get(1));
    Fn h = Fn.tree((Sym[] a) -> Ops.sum(a[0].mul(a[1])));
    Sym[] arr = {Sym.array(1, 2), Sym.array(3, 4)};
    Sym[] ga = grad(h).apply((Object) arr);
    assertArrayEquals(new double[] {3, 4}, ga[0].toDoubles());
    assertArrayEquals(new double[] {1, 2}, ga[1].toDoubles());
  }

  @Test
  void jacobiansHaveOutputStructureOutsideAndArgumentStructureInside() {
    Fn f = Fn.tree((Params p, Sym x) -> Map.of(
        "y", Ops.tanh(x.matmul(p.w()).add(p.b())), "s", Ops.sum(p.b().mul(p.b()))));
    Params p = params();
    Sym x = Sym.array(randn(4, 3));
    for (Fn jac : List.of(jacfwd(f), jacrev(f))) {
      Map<String, Params> j = jac.apply(p, x);
      assertArrayEquals(new int[] {4, 2, 3, 2}, j.get("y").w().value().shape().dims());
      assertArrayEquals(new int[] {4, 2, 2}, j.get("y").b().value().shape().dims());
      assertArrayEquals(new int[] {2}, j.get("s").b().value().shape().dims());
      double[] jw = j.get("y").w().toDoubles();
      for (int k = 0; k < 6; k++) {
        int kk = k;
        for (int out = 0; out < 8; out++) {
          int o = out;
          double want = fd(q -> ((Map<String, Sym>) f.apply(q, x)).get("y").toDoubles()[o], p,
              0, kk);
          assertEquals(want, jw[out * 6 + k], 1e-7);
        }
      }
    }
  }

  @Test
  void hessianOverARecordNestsTheRecordAsMaps() {
    Fn f = Fn.tree((Params p) -> Ops.sum(Ops.sin(p.w()).mul(p.b()).mul(p.w())));
    Params p = new Params(Sym.array(randn(2)), Sym.array(randn(2)));
    // JAX nests the argument's structure twice; a record of Syms cannot hold records, so the
    // outer level comes back as a map from component name, in component order.
    Map<String, Params> h = hessian(f).apply(p);
    assertEquals(List.of("w", "b"), List.copyOf(h.keySet()));
    for (int first = 0; first < 2; first++) {
      for (int second = 0; second < 2; second++) {
        Params row = h.get(first == 0 ? "w" : "b");
        double[] hij = (second == 0 ? row.w() : row.b()).toDoubles();
        for (int i = 0; i < 2; i++) {
          for (int k = 0; k < 2; k++) {
            int ii = i;
            int f0 = first;
            double want = fd(q -> {
              Params gq = grad(f).apply(q);
              return (f0 == 0 ? gq.w() : gq.b()).toDoubles()[ii];
            }, p, second, k);
            assertEquals(want, hij[i * 2 + k], 1e-6, first + "," + second);
          }
        }
      }
    }
  }

  @Test
  void vmapOverARecordPrefixAndNoneOutAxes() {
    Fn f = Fn.tree((Params p, Sym x) -> List.of(Ops.sum(Ops.tanh(x.matmul(p.w()).add(p.b()))),
        Ops.sum(p.b())));
    Params p = params();
    double[][] xs = randn(5, 3);
    // x mapped over its rows, the parameters not mapped; the second output does not depend on x.
    List<Sym> r = vmap(f, Arrays.asList(null, 0), Arrays.asList(0, null)).apply(p, xs);
    double[] per = r.get(0).toDoubles();
    for (int i = 0; i < 5; i++) {
      Sym one = ((List<Sym>) f.apply(p, Sym.array(xs[i]))).get(0);
      assertEquals(one.item(), per[i], 1e-14);
    }
    assertEquals(0, r.get(1).value().rank());
    // A record prefix: w mapped over axis 0 (a batch of 2 weight matrices), b not.
    Params pb = new Params(Sym.array(new double[][] {{1, 2}, {3, 4}}), Sym.array(0.5, 0.5));
    Fn g = Fn.tree((Params q) -> Ops.sum(q.w().mul(q.b())));
    Sym batched = vmap(g, List.of(Arrays.asList(0, null)), 0).apply(pb);
    assertArrayEquals(new double[] {1.5, 3.5}, batched.toDoubles(), 1e-15);
    IrException e = assertThrows(IrException.class,
        () -> vmap(f, Arrays.asList(null, 0), (Object) null).apply(p, xs));
    assertTrue(e.getMessage().contains("out_axes is None"), e.getMessage());
  }

  @Test
  void hasAuxWithGradValueAndGradAndVjp() {
    Fn f = Fn.tree((Params p, Sym x) -> {
      Sym pred = Ops.tanh(x.matmul(p.w()).add(p.b()));
      return List.of(Ops.sum(pred.mul(pred)), Map.of("pred", pred));
    });
    Params p = params();
    Sym x = Sym.array(randn(4, 3));
    List<Object> ga = grad(f, Options.hasAux()).apply(p, x);
    Params g = (Params) ga.get(0);
    Map<String, Sym> aux = (Map<String, Sym>) ga.get(1);
    assertArrayEquals(new int[] {4, 2}, aux.get("pred").value().shape().dims());
    assertGradient(q -> ((Sym) ((List<?>) f.apply(q, x)).get(0)).item(), p, g);
    List<Object> vga = valueAndGrad(f, Options.hasAux()).apply(p, x);
    List<Object> valueAux = (List<Object>) vga.get(0);
    assertEquals(((Sym) ((List<?>) f.apply(p, x)).get(0)).item(), ((Sym) valueAux.get(0)).item(),
        0);
    assertArrayEquals(g.w().toDoubles(), ((Params) vga.get(1)).w().toDoubles(), 0);
    Pullback pb = vjp(f, Options.hasAux(), p, x);
    Map<String, Sym> vaux = pb.aux();
    assertArrayEquals(aux.get("pred").toDoubles(), vaux.get("pred").toDoubles(), 0);
    List<Object> cts = pb.apply(1.0);
    assertArrayEquals(g.w().toDoubles(), ((Params) cts.get(0)).w().toDoubles(), 1e-14);
  }

  @Test
  void vjpAndJvpOverPytrees() {
    Params p = params();
    Sym x = Sym.array(randn(4, 3));
    Pullback pb = vjp(LOSS, p, x);
    assertEquals(LOSS.<Sym>apply(p, x).item(), pb.<Sym>out().item(), 0);
    List<Object> cts = pb.apply(2.0);
    Params g = grad(LOSS).apply(p, x);
    assertArrayEquals(g.w().mul(2.0).toDoubles(),
        ((Params) cts.get(0)).w().toDoubles(), 1e-14);
    Params t = params();
    Cotangent.JvpOut r = Cotangent.jvp(LOSS, List.of(p, x), List.of(t, Sym.array(new double[4][3])));
    double want = 0;
    double[] gw = g.w().toDoubles();
    double[] tw = t.w().toDoubles();
    for (int i = 0; i < gw.length; i++) {
      want += gw[i] * tw[i];
    }
    double[] gb = g.b().toDoubles();
    double[] tb = t.b().toDoubles();
    for (int i = 0; i < gb.length; i++) {
      want += gb[i] * tb[i];
    }
    assertEquals(want, r.<Sym>tangentOut().item(), 1e-12);
    Cotangent.checkGrads(LOSS, List.of(p, x), 2);
  }

  @Test
  void transformedFunctionsComposeInsideLambdas() {
    Fn f = Fn.of(x -> Ops.sum(Ops.sin(x).mul(x)));
    // grad applied to a traced Sym inside another lambda is inlined there.
    Fn g = Fn.of(x -> Ops.sum(grad(f).<Sym>apply(x)));
    double[] x = {0.3, 1.1};
    double[] got = grad(g).<double[]>apply(x);
    for (int i = 0; i < 2; i++) {
      // d/dx (sin x + x cos x) = 2 cos x - x sin x
      assertEquals(2 * Math.cos(x[i]) - x[i] * Math.sin(x[i]), got[i], 1e-14);
    }
  }

  @Test
  void aMatrixIsOneArgument() {
    Fn f = Fn.of(a -> Ops.sum(a.mul(a)));
    Sym s = f.apply(new double[][] {{1, 2}, {3, 4}});
    assertEquals(30, s.item(), 0);
    double[][] g = grad(f).apply(new double[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new double[] {6, 8}, g[1], 0);
  }

  @Test
  void wrongStructuresAreClearErrors() {
    Fn f = Fn.of(x -> Ops.sum(x));
    IrException e = assertThrows(IrException.class, () -> f.apply(params()));
    assertTrue(e.getMessage().contains("Fn.tree"), e.getMessage());
    record Bad(double[] w) {}
    Fn h = Fn.tree((Bad b) -> Ops.sum(Sym.scalar(1)));
    e = assertThrows(IrException.class, () -> h.apply(new Bad(new double[] {1})));
    assertTrue(e.getMessage().contains("needs Sym components"), e.getMessage());
    e = assertThrows(IrException.class, () -> f.apply(new Object()));
    assertTrue(e.getMessage().contains("neither an array nor a container"), e.getMessage());
    e = assertThrows(IrException.class, () -> grad(LOSS, 3));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void jvpAndVjpComposeInsideTracedFunctions() {
    Fn f = Fn.of(x -> Ops.sum(Ops.tanh(x).mul(x)));
    // The cookbook's hvp: the JVP of grad(f), taken inside a function that vmap traces.
    Fn hvp = Fn.of((x, v) -> Cotangent.jvp(grad(f), List.of(x), List.of(v)).<Sym>tangentOut());
    double[] x = randn(3);
    double[][] vs = randn(4, 3);
    Sym hv = vmap(hvp, Arrays.asList(null, 0), 0).apply(x, vs);
    double[] h = hessian(f).<Sym>apply(x).toDoubles();
    double[] got = hv.toDoubles();
    for (int i = 0; i < 4; i++) {
      for (int r = 0; r < 3; r++) {
        double want = 0;
        for (int c = 0; c < 3; c++) {
          want += h[r * 3 + c] * vs[i][c];
        }
        assertEquals(want, got[i * 3 + r], 1e-13);
      }
    }
    // A VJP inside a traced function: J^T u, checked against the Jacobian.
    Fn g = Fn.of(v -> Ops.sin(v).mul(v));
    Fn vjpFn = Fn.of((v, u) -> {
      Pullback pb = vjp(g, v);
      return ((List<?>) pb.apply(u)).get(0);
    });
    double[] u = randn(3);
    double[] jtu = grad(Fn.of((v, w) -> Ops.sum(vjpFn.<Sym>apply(v, w).mul(Sym.scalar(1)))), 1)
        .<double[]>apply(x, u);
    double[] direct = vjpFn.<Sym>apply(x, u).toDoubles();
    double[] j = jacrev(g).<Sym>apply(x).toDoubles();
    for (int c = 0; c < 3; c++) {
      double want = 0;
      for (int r = 0; r < 3; r++) {
        want += j[r * 3 + c] * u[r];
      }
      assertEquals(want, direct[c], 1e-14);
      // d/du of sum(J^T u) is J 1: the row sums of J.
      assertEquals(j[c * 3] + j[c * 3 + 1] + j[c * 3 + 2], jtu[c], 1e-14);
    }
    // The flat results of a JVP taken inside a trace are not values: a clear error says so.
    Fn bad = Fn.of(v -> Cotangent.jvp(f, List.of(v), List.of(v)).outputs().get(0).item());
    IrException e = assertThrows(IrException.class, () -> bad.apply(x));
    assertTrue(e.getMessage().contains("inside a trace"), e.getMessage());
  }
}
