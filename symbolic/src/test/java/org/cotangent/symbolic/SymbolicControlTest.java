package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * Calls, conditionals, custom rules and while loops over symbolic sizes (issue 14): each
 * {@link ControlFixtures} family built at {@code (m, n)} symbolic keeps its op, specialises to the
 * graph built at constant sizes, and its values, gradient (a while loop's: the rematerialising
 * transpose), JVP and vmap over a symbolic batch equal the static graph's bit for bit at every
 * size pair; gradients against central differences; a callee's own size names bind to its
 * arguments'.
 */
class SymbolicControlTest {
  static final Dim M = Dim.var("m");
  static final Dim N = Dim.var("n");
  static final long[][] SIZES = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {2, 3}, {3, 2}, {1, 7}, {5, 4}};

  static Map<String, Long> env(long m, long n) {
    Map<String, Long> e = new TreeMap<>();
    e.put("m", m);
    e.put("n", n);
    return e;
  }

  /** Arguments x: f64[m,n], v: f64[n], s at these sizes (s alternating in sign by seed). */
  static List<Tensor> args(long m, long n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[(int) (m * n)];
    double[] v = new double[(int) n];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    double s = (seed % 2 == 0 ? 1 : -1) * (0.25 + r.nextDouble());
    return List.of(Tensor.wrap(TensorType.f64((int) m, (int) n), x),
        Tensor.wrap(TensorType.f64((int) n), v), Tensor.scalar(s));
  }

  static void equalBits(List<Tensor> want, List<Tensor> got, String at) {
    assertEquals(want.size(), got.size(), at);
    for (int j = 0; j < want.size(); j++) {
      assertEquals(want.get(j).type(), got.get(j).type(), at + " output " + j);
      assertArrayEquals(want.get(j).unsafeData(), got.get(j).unsafeData(), at + " output " + j);
    }
  }

  static boolean hasOp(Graph g, String name) {
    for (Node n : g.topoOrder()) {
      if (n.op().name().equals(name) || n.op().name().startsWith(name + "_")) {
        return true;
      }
    }
    return false;
  }

  static String opName(String family) {
    return family.equals("call") || family.equals("checkpoint") ? "closed_call" : family;
  }

  @Test
  void theOpsKeepSymbolicTypesAndSpecialiseToTheStaticGraph() {
    for (String f : ControlFixtures.FAMILIES) {
      Graph g = ControlFixtures.build(f, M, N);
      assertEquals(List.of("m", "n"), new ArrayList<>(g.sizeVars()), f);
      assertTrue(hasOp(g, opName(f)), f + ": " + g);
      Graph spec = g.specialize(env(2, 3));
      assertTrue(spec.isStatic(), f);
      assertSame(ControlFixtures.build(f, Dim.of(2), Dim.of(3)).output(0), spec.output(0), f);
    }
  }

  @Test
  void valuesGradientsJvpsAndVmapsEqualTheStaticGraphs() {
    Dim b = Dim.var("b");
    for (String f : ControlFixtures.FAMILIES) {
      Graph sym = ControlFixtures.build(f, M, N);
      Graph symGrad = Ad.valueAndGrad(sym, 0, 1, 2);
      Graph symJvp = Ad.jvp(sym);
      Graph symVmap = Vmap.vmap(sym, new int[] {0, -1, -1}, new int[] {0}, b);
      for (long[] mn : SIZES) {
        for (long seed = 0; seed < 2; seed++) {
          String at = f + " m=" + mn[0] + " n=" + mn[1] + " seed=" + seed;
          Graph stat = ControlFixtures.build(f, Dim.of(mn[0]), Dim.of(mn[1]));
          List<Tensor> a = args(mn[0], mn[1], seed);
          equalBits(Interpreter.eval(stat, a), Interpreter.eval(sym, a), at);
          equalBits(Interpreter.eval(Ad.valueAndGrad(stat, 0, 1, 2), a),
              Interpreter.eval(symGrad, a), at + " grad");
          List<Tensor> ja = new ArrayList<>(a);
          ja.addAll(args(mn[0], mn[1], seed + 10));
          equalBits(Interpreter.eval(Ad.jvp(stat), ja), Interpreter.eval(symJvp, ja), at + " jvp");
          List<Tensor> va = new ArrayList<>(args(mn[0] * 3, mn[1], seed));
          va.set(0, Tensor.wrap(TensorType.f64(3, (int) mn[0], (int) mn[1]),
              va.get(0).unsafeData()));
          equalBits(Interpreter.eval(Vmap.vmap(stat, new int[] {0, -1, -1}, 0, 3), va),
              Interpreter.eval(symVmap, va), at + " vmap");
        }
      }
    }
  }

  @Test
  void gradientsAndTangentsMatchCentralDifferences() {
    double h = 1e-6;
    for (String f : ControlFixtures.FAMILIES) {
      Graph sym = ControlFixtures.build(f, M, N);
      Graph grad = Ad.valueAndGrad(sym, 0, 1, 2);
      Graph jvp = Ad.jvp(sym);
      for (long[] mn : new long[][] {{1, 1}, {2, 3}, {3, 2}}) {
        for (long seed = 0; seed < 2; seed++) {
          List<Tensor> a = args(mn[0], mn[1], seed);
          List<Tensor> g = Interpreter.eval(grad, a);
          for (int arg = 0; arg < 3; arg++) {
            double[] d = a.get(arg).unsafeData();
            for (int k = 0; k < d.length; k++) {
              double keep = d[k];
              d[k] = keep + h;
              double fp = Interpreter.eval(sym, a).get(0).item();
              d[k] = keep - h;
              double fm = Interpreter.eval(sym, a).get(0).item();
              d[k] = keep;
              double fd = (fp - fm) / (2 * h);
              String at = f + " " + mn[0] + "x" + mn[1] + " seed " + seed + " arg " + arg + "[" + k
                  + "]";
              assertEquals(fd, g.get(1 + arg).unsafeData()[k], 1e-6 * (1 + Math.abs(fd)), at);
              // The JVP along the unit vector of this element.
              List<Tensor> ja = new ArrayList<>(a);
              for (int t = 0; t < 3; t++) {
                double[] z = new double[a.get(t).unsafeData().length];
                if (t == arg) {
                  z[k] = 1;
                }
                ja.add(Tensor.wrap(a.get(t).type(), z));
              }
              assertEquals(fd, Interpreter.eval(jvp, ja).get(1).item(), 1e-6 * (1 + Math.abs(fd)),
                  at + " jvp");
            }
          }
        }
      }
    }
  }

  @Test
  void aCalleesOwnSizeNamesBindToTheArguments() {
    Graph score = ControlFixtures.score();
    TensorType vn = ControlFixtures.f64(N);
    List<Node> r = ClosedCall.call(score, Graph.params(List.of(vn, vn)));
    assertEquals(vn, r.get(1).type());
    assertEquals(List.of("n"), new ArrayList<>(((ClosedCall) r.get(0).op()).body().sizeVars()));
    // Graph.call binds too: k = 2*n, and the two arguments of size k must agree.
    Graph twice = Graph.trace(List.of("a", "b"), List.of(ControlFixtures.f64(N.times(2)),
        ControlFixtures.f64(N.times(2))), ps -> score.call(ps));
    assertEquals(ControlFixtures.f64(N.times(2)), twice.output(1).type());
    IrException e = assertThrows(IrException.class, () -> Graph.trace(List.of("a", "b"),
        List.of(vn, ControlFixtures.f64(M)), ps -> score.call(ps)));
    assertEquals("argument 0 (y) must be f64[k], got f64[n]", e.getMessage());
    e = assertThrows(IrException.class, () -> Graph.trace(List.of("a", "b"),
        List.of(vn, ControlFixtures.f64(M)), ps -> ClosedCall.call(score, ps)));
    assertTrue(e.getMessage().startsWith("closed_call: the body takes [f64[k], f64[k]], got"
        + " [f64[n], f64[m]]"), e.getMessage());
  }

  /**
   * Reverse mode of a taped while loop (max_steps: the carries entering each step are stacked,
   * and the transpose reads row k - 1 with a gather) at symbolic sizes: bit for bit the static
   * graph's gradient at every size pair, and against central differences.
   */
  @Test
  void reverseModeOfATapedWhileLoopAtSymbolicSizes() {
    Graph sym = Ad.valueAndGrad(ControlFixtures.whileLoop(M, N, 8), 0, 1);
    for (long[] mn : SIZES) {
      for (long seed = 0; seed < 2; seed++) {
        List<Tensor> a = args(mn[0], mn[1], seed);
        Graph stat = Ad.valueAndGrad(ControlFixtures.whileLoop(Dim.of(mn[0]), Dim.of(mn[1]), 8),
            0, 1);
        equalBits(Interpreter.eval(stat, a), Interpreter.eval(sym, a),
            "taped while m=" + mn[0] + " n=" + mn[1] + " seed=" + seed);
      }
    }
    // The gradient of x[0] against central differences of the value at (2, 3).
    Graph f = ControlFixtures.whileLoop(M, N, 8);
    List<Tensor> a = args(2, 3, 0);
    double h = 1e-6;
    double[] x = a.get(0).unsafeData();
    for (int i = 0; i < x.length; i++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[i] += h;
      xm[i] -= h;
      double fp = Interpreter.eval(f, List.of(Tensor.wrap(a.get(0).type(), xp), a.get(1), a.get(2)))
          .get(0).item();
      double fm = Interpreter.eval(f, List.of(Tensor.wrap(a.get(0).type(), xm), a.get(1), a.get(2)))
          .get(0).item();
      double g = Interpreter.eval(sym, a).get(1).unsafeData()[i];
      assertEquals((fp - fm) / (2 * h), g, 1e-6 * (1 + Math.abs(g)), "d/dx[" + i + "]");
    }
  }

  @Test
  void theIrTextReadsBackWithTheSymbolicSubgraphs() {
    for (String f : ControlFixtures.FAMILIES) {
      for (Graph g : List.of(ControlFixtures.build(f, M, N), Ad.jvp(ControlFixtures.build(f, M,
          N)))) {
        String text = org.cotangent.symbolic.text.IrWriter.write(g);
        Graph back = org.cotangent.symbolic.text.IrReader.read(text);
        assertEquals(g, back, f + "\n" + text);
        assertEquals(text, org.cotangent.symbolic.text.IrWriter.write(back), f);
      }
    }
  }
}
