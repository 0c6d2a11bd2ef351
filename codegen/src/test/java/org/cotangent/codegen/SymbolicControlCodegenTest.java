package org.cotangent.codegen;

import static org.cotangent.codegen.SymbolicCodegenTest.agrees;
import static org.cotangent.codegen.SymbolicCodegenTest.args;
import static org.cotangent.codegen.SymbolicCodegenTest.env;
import static org.cotangent.codegen.SymbolicCodegenTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.ControlFixtures;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Calls, conditionals, custom rules and while loops in code for symbolic sizes: each {@link
 * ControlFixtures} family compiled once and called at 9 size pairs, bit for bit the interpreter
 * and the static program of the specialised graph (values, gradients, JVPs; a while loop's
 * gradient is the rematerialising transpose), the compiled gradient and tangent against central
 * differences of the compiled value.
 */
class SymbolicControlCodegenTest {
  static Graph sym(String family) {
    return ControlFixtures.build(family, SymbolicGraphs.M, SymbolicGraphs.N);
  }

  /** The pairs with {@code s} of both signs (the seed is the size map's hash, s's its parity). */
  static List<Map<String, Long>> envs() {
    return pairs("m", "n");
  }

  @Test
  void valuesAtManySizes() {
    // agrees draws s from each size map's hash: both branches of the conditional are taken.
    java.util.Set<Boolean> signs = new java.util.HashSet<>();
    for (Map<String, Long> e : envs()) {
      signs.add(args(sym("cond"), e, e.hashCode()).get(2).item() > 0);
    }
    assertEquals(2, signs.size());
    for (String f : ControlFixtures.FAMILIES) {
      agrees(sym(f), envs());
    }
  }

  /** A taped while loop's gradient (its transpose gathers the stacked carries) at many sizes. */
  @Test
  void tapedWhileGradientsAtManySizes() {
    agrees(Ad.valueAndGrad(org.cotangent.symbolic.ControlFixtures.whileLoop(SymbolicGraphs.M,
        SymbolicGraphs.N, 8), 0, 1, 2), envs());
  }

  @Test
  void gradientsAtManySizes() {
    for (String f : ControlFixtures.FAMILIES) {
      agrees(Ad.valueAndGrad(sym(f), 0, 1, 2), envs());
    }
  }

  @Test
  void jvpsAtManySizes() {
    for (String f : ControlFixtures.FAMILIES) {
      agrees(Ad.jvp(sym(f)), envs());
    }
  }

  @Test
  void compiledGradientsAndTangentsMatchCentralDifferences() {
    double h = 1e-6;
    for (String fam : ControlFixtures.FAMILIES) {
      SizedCompiled f = SizedCompiled.of(sym(fam));
      SizedCompiled grad = SizedCompiled.of(Ad.valueAndGrad(sym(fam), 0, 1, 2));
      SizedCompiled jvp = SizedCompiled.of(Ad.jvp(sym(fam)));
      for (Map<String, Long> e : List.of(env("m", 1, "n", 1), env("m", 2, "n", 3),
          env("m", 3, "n", 2))) {
        for (long seed = 0; seed < 2; seed++) {
          List<Tensor> a = args(f.graph, e, seed);
          if (seed == 1) {
            a.set(2, Tensor.scalar(-a.get(2).item() - 0.5));
          } else {
            a.set(2, Tensor.scalar(Math.abs(a.get(2).item()) + 0.5));
          }
          List<Tensor> g = grad.call(a);
          for (int arg = 0; arg < 3; arg++) {
            double[] d = a.get(arg).unsafeData();
            for (int k = 0; k < d.length; k++) {
              double keep = d[k];
              d[k] = keep + h;
              double fp = f.call(a).get(0).item();
              d[k] = keep - h;
              double fm = f.call(a).get(0).item();
              d[k] = keep;
              double fd = (fp - fm) / (2 * h);
              String at = fam + " " + e + " seed " + seed + " arg " + arg + "[" + k + "]";
              assertEquals(fd, g.get(1 + arg).unsafeData()[k], 1e-6 * (1 + Math.abs(fd)), at);
              List<Tensor> ja = new ArrayList<>(a);
              for (int t = 0; t < 3; t++) {
                double[] z = new double[a.get(t).unsafeData().length];
                if (t == arg) {
                  z[k] = 1;
                }
                ja.add(Tensor.wrap(a.get(t).type(), z));
              }
              assertEquals(fd, jvp.call(ja).get(1).item(), 1e-6 * (1 + Math.abs(fd)), at + " jvp");
            }
          }
        }
      }
    }
  }

  /**
   * A shift register over {@code y: f64[n]} with {@code max_steps}: {@code y = pad(y[1:n], 0, 1)
   * + v} while {@code c < s}; the final carry, the trip count and the stacked carries. The slice
   * needs {@code n >= 1}, an entry check of the compiled loop body.
   */
  static Graph shift(int maxSteps) {
    org.cotangent.symbolic.Dim n = SymbolicGraphs.N;
    org.cotangent.symbolic.TensorType vn = SymbolicGraphs.f64(n);
    org.cotangent.symbolic.TensorType sc = org.cotangent.symbolic.TensorType.f64();
    List<String> names = List.of("v", "s", "y", "c");
    List<org.cotangent.symbolic.TensorType> types = List.of(vn, sc, vn, sc);
    Graph cond = Graph.trace(names, types, ps -> List.of(org.cotangent.symbolic.Ir.lt(ps.get(3),
        ps.get(1))));
    Graph body = Graph.trace(names, types, ps -> List.of(org.cotangent.symbolic.Ir.add(
        org.cotangent.symbolic.Ir.pad(org.cotangent.symbolic.Ir.slice(ps.get(2),
            new org.cotangent.symbolic.Dim[] {org.cotangent.symbolic.Dim.of(1)},
            new org.cotangent.symbolic.Dim[] {n}), new org.cotangent.symbolic.Dim[] {
                org.cotangent.symbolic.Dim.of(0)}, new org.cotangent.symbolic.Dim[] {
                    org.cotangent.symbolic.Dim.of(1)}), ps.get(0)),
        org.cotangent.symbolic.Ir.add(ps.get(3), org.cotangent.symbolic.Ir.full(1.0, sc))));
    return Graph.trace(List.of("v", "s"), List.of(vn, sc), ps -> {
      org.cotangent.symbolic.ir.Node r0 = org.cotangent.symbolic.control.WhileLoop.build(cond,
          body, List.of(ps.get(0), ps.get(1)), List.of(org.cotangent.symbolic.Ir.sin(ps.get(0)),
              org.cotangent.symbolic.Ir.full(0.0, sc)), maxSteps).get(0);
      org.cotangent.symbolic.control.WhileLoop op =
          (org.cotangent.symbolic.control.WhileLoop) r0.op();
      List<org.cotangent.symbolic.ir.Node> r = new ArrayList<>();
      for (int j = 0; j < op.numOutputs(); j++) {
        r.add(org.cotangent.symbolic.ir.Node.make(op.withOut(j),
            r0.inputs().toArray(new org.cotangent.symbolic.ir.Node[0])));
      }
      return r;
    });
  }

  @Test
  void aBoundedLoopWithItsTripCountAndStackedCarries() {
    Graph g = shift(6);
    assertEquals(5, g.outputs().size());
    SizedCompiled c = SizedCompiled.of(g);
    assertTrue(c.source.source().contains("while (true)"), c.source.source());
    // The body's slice bound is one entry check, though five outputs share the loop.
    assertEquals(2, c.source.source().split("needs n >= 1").length, c.source.source());
    for (long n : new long[] {1, 2, 3, 7, 40}) {
      for (double s : new double[] {-1, 0, 2.5, 6}) {
        List<Tensor> a = args(g, env("n", n), n);
        a.set(1, Tensor.scalar(s));
        List<Tensor> want = org.cotangent.symbolic.Interpreter.eval(g, a);
        List<Tensor> got = c.call(a);
        List<Tensor> stat = Compiled.of(g.specialize(env("n", n))).call(a);
        for (int j = 0; j < want.size(); j++) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(j).unsafeData(),
              got.get(j).unsafeData(), "n=" + n + " s=" + s + " output " + j);
          org.junit.jupiter.api.Assertions.assertArrayEquals(stat.get(j).unsafeData(),
              got.get(j).unsafeData(), "n=" + n + " s=" + s + " output " + j);
        }
      }
    }
    List<Tensor> a = args(g, env("n", 3), 3);
    a.set(1, Tensor.scalar(7));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> c.call(a));
    assertEquals("while_loop ran past max_steps=6", e.getMessage());
    List<Tensor> empty = args(g, env("n", 0), 0);
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> c.call(empty));
    assertTrue(bad.getMessage().startsWith("slice of f64[n] on axis 0 [1:n] of size n needs n >="
        + " 1, false at n = 0"), bad.getMessage());
  }
}
