package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Code generation for symbolic sizes (issue 14, P2): one class per graph, called at many sizes,
 * equal bit for bit to the interpreter; entry checks; no division of a size in the source.
 */
class SymbolicCodegenTest {
  /** Arguments of {@code g}'s input types at {@code env}, seeded. */
  static List<Tensor> args(Graph g, Map<String, Long> env, long seed) {
    Random r = new Random(seed);
    List<Tensor> args = new ArrayList<>();
    for (TensorType t : g.inputTypes()) {
      Dim[] d = t.shape().extents();
      int[] dims = new int[d.length];
      for (int a = 0; a < d.length; a++) {
        dims[a] = (int) d[a].eval(env);
      }
      TensorType c = TensorType.of(t.dtype(), Shape.of(dims));
      double[] data = new double[c.size() * c.dtype().width()];
      for (int i = 0; i < data.length; i++) {
        // Indices are integers, some out of range at small sizes (gathers clamp them).
        data[i] = t.dtype() == DType.I64 ? r.nextInt(10) - 2
            : Math.round((r.nextDouble() * 2 - 1) * 1000) / 997.0;
      }
      args.add(Tensor.wrap(c, data));
    }
    return args;
  }

  static Map<String, Long> env(Object... kv) {
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
    }
    return m;
  }

  /** Compiled once, then equal to the interpreter bit for bit at every {@code env}. */
  static SizedCompiled agrees(Graph g, List<Map<String, Long>> envs) {
    SizedCompiled c = SizedCompiled.of(g);
    for (Map<String, Long> e : envs) {
      List<Tensor> a = args(g, e, e.hashCode());
      List<Tensor> want = Interpreter.eval(g, a);
      List<Tensor> got = c.call(a);
      List<Tensor> specialised = Compiled.of(g.specialize(e)).call(a);
      assertEquals(want.size(), got.size());
      for (int j = 0; j < want.size(); j++) {
        assertEquals(want.get(j).type(), got.get(j).type(), e + " output " + j);
        double[] w = want.get(j).unsafeData();
        double[] s = specialised.get(j).unsafeData();
        double[] o = got.get(j).unsafeData();
        for (int i = 0; i < w.length; i++) {
          String where = e + " output " + j + " [" + i + "]\n" + c.source.numberedSource();
          // Bit for bit the static program of the specialised graph; the interpreter too, but
          // for the sign of a zero (its f64 -> i64 conversion keeps -0.0, Java's cast does not).
          assertEquals(s[i], o[i], where);
          assertTrue(Double.compare(w[i], o[i]) == 0 || w[i] == o[i], w[i] + " != " + o[i]
              + " " + where);
        }
      }
    }
    assertNoSizeDivision(c.source.source(), g);
    return c;
  }

  /** No {@code /} or {@code %} of a size variable or monomial anywhere in the code. */
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

  @Test
  void sumOfSquaresAtManySizes() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (long n : new long[] {0, 1, 2, 3, 17, 1000}) {
      envs.add(env("n", n));
    }
    agrees(SymbolicGraphs.sumOfSquares(), envs);
  }

  static List<Map<String, Long>> pairs(String a, String b) {
    List<Map<String, Long>> envs = new ArrayList<>();
    long[][] ps = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {2, 3}, {3, 2}, {1, 17}, {17, 1}, {5, 40}};
    for (long[] p : ps) {
      envs.add(env(a, p[0], b, p[1]));
    }
    return envs;
  }

  @Test
  void logisticRegressionGradient() {
    agrees(SymbolicGraphs.logisticGrad(), pairs("m", "n"));
  }

  @Test
  void matmulGradient() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      for (long k : new long[] {0, 1, 4}) {
        Map<String, Long> f = new TreeMap<>(e);
        f.put("k", k);
        envs.add(f);
      }
    }
    agrees(SymbolicGraphs.matmulGrad(), envs);
  }

  @Test
  void rowBroadcastBiasReadsTheBiasByColumnIndex() {
    SizedCompiled c = agrees(SymbolicGraphs.biasGrad(), pairs("m", "n"));
    assertTrue(c.source.source().contains("b[i1]"), c.source.source());
  }

  @Test
  void structuralFamilies() {
    List<Map<String, Long>> envs = new ArrayList<>();
    for (Map<String, Long> e : pairs("m", "n")) {
      if (e.get("n") >= 1) {
        envs.add(e);
      }
    }
    agrees(SymbolicGraphs.structural(), envs);
  }

  @Test
  void monomialsAreComputedOnceAtEntryWithMultiplyExact() {
    String src = SizedCompiled.of(SymbolicGraphs.structural()).source.source();
    assertTrue(src.contains("final int m_n = Math.multiplyExact(m, n);"), src);
  }

  @Test
  void deferredRequirementsAreEntryChecks() {
    Dim n = Dim.var("n");
    Dim k = Dim.var("k");
    Graph g = Graph.trace(List.of("x", "y"), List.of(SymbolicGraphs.f64(n), SymbolicGraphs.f64(k)),
        ps -> List.of(Ir.mul(Ir.slice(ps.get(0), new Dim[] {Dim.of(0)}, new Dim[] {k}),
            ps.get(1))));
    SizedCompiled c = agrees(g, List.of(env("n", 5, "k", 3), env("n", 3, "k", 3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {4, 3}, new double[][] {new double[3], new double[4]},
            new double[][] {new double[4]}));
    assertEquals("slice of f64[n] on axis 0 [0:k] of size n needs n >= k, false at k = 4, n = 3",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {2, 3}, new double[][] {new double[4], new double[2]},
            new double[][] {new double[2]}));
    assertEquals("x has 4 elements, but its type f64[n] needs n = 3 (k = 2, n = 3)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {-1, 3}, new double[][] {new double[3], new double[0]},
            new double[][] {new double[0]}));
    assertEquals("size k is -1, must be >= 0", e.getMessage());
  }

  @Test
  void reduceMaxOverAPossiblyEmptyAxisIsCheckedAtEntry() {
    Graph g = Graph.trace(List.of("x"), List.of(SymbolicGraphs.f64(SymbolicGraphs.M,
        SymbolicGraphs.N)), ps -> List.of(Ir.reduceMax(ps.get(0), 1)));
    SizedCompiled c = agrees(g, List.of(env("m", 2, "n", 3), env("m", 0, "n", 0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.program.call(new int[] {2, 0}, new double[][] {new double[0]},
            new double[][] {new double[2]}));
    assertEquals("reduce_max of f64[m,n] has no value: axis 1 (size n) is empty (m = 2, n = 0)",
        e.getMessage());
  }

  @Test
  void outputsThatAreParametersViewsLiteralsOrRepeatedAreCopied() {
    Dim n = SymbolicGraphs.N;
    Graph g = Graph.trace(List.of("v", "x"), List.of(SymbolicGraphs.f64(n),
        SymbolicGraphs.f64(SymbolicGraphs.M, n)), ps -> {
          org.cotangent.symbolic.ir.Node s = Ir.sin(ps.get(0));
          return List.of(ps.get(0), s, s, Ir.full(2.0, SymbolicGraphs.f64(n)),
              Ir.reduceSum(s, 0), Ir.transpose(ps.get(1), 1, 0), Ir.rev(s, 0));
        });
    agrees(g, pairs("m", "n"));
  }

  /**
   * A helper local outside every loop (a rank-1 cumsum's accumulator) after one inside a loop (a
   * product's): Janino refused the same name in both ("Redefinition of local variable").
   */
  @Test
  void helperLocalsOutsideEveryLoopDoNotClashWithLoopLocals() {
    Graph g = Graph.trace(List.of("x", "v"), List.of(SymbolicGraphs.f64(SymbolicGraphs.M,
        SymbolicGraphs.N), SymbolicGraphs.f64(SymbolicGraphs.N)), ps -> List.of(Ir.cumsum(
            Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1}, new int[] {0}, new int[0],
                new int[0]), 0, false)));
    agrees(g, pairs("m", "n"));
  }

  @Test
  void theSameGraphGivesTheSameText() {
    assertEquals(JavaEmitter.emit(SymbolicGraphs.logisticGrad()).source(),
        JavaEmitter.emit(SymbolicGraphs.logisticGrad()).source());
    assertEquals(JavaEmitter.emitMember(SymbolicGraphs.structural(), "k", "H",
        List.of("a", "b", "c", "d", "e", "f", "g")).text(), JavaEmitter.emitMember(
        SymbolicGraphs.structural(), "k", "H", List.of("a", "b", "c", "d", "e", "f", "g")).text());
  }

  @Test
  void unsupportedPrimitivesAreRejectedByName() {
    // Interior padding of a static slice of a symbolic array (the static rule builds it).
    Graph g = Graph.trace(List.of("x"), List.of(SymbolicGraphs.f64(SymbolicGraphs.N)),
        ps -> List.of(Ir.pad(Ir.slice(ps.get(0), new Dim[] {Dim.of(0)}, new Dim[] {Dim.of(3)}),
            new int[] {0}, new int[] {0}, new int[] {1})));
    IrException e = assertThrows(IrException.class, () -> JavaEmitter.emit(g));
    assertEquals("code generation for symbolic sizes: pad with interior padding is not supported"
        + " yet (specialize the graph to concrete sizes first)", e.getMessage());
  }
}
