package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ad.Vmap;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ops.Batching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batching rule of every primitive, table-driven over {@link PrimitiveTable}: the vmapped
 * graph evaluated once with the reference interpreter equals a loop of unbatched evaluations, with
 * batch axes first, last and at random positions, some operands unbatched; and the same for vmap
 * of jvp, vjp and grad graphs and for vmap of vmap.
 */
public class VmapTest {
  static Stream<Object[]> cases() {
    List<Object[]> all = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      for (PrimitiveTable.Case c : PrimitiveTable.allCases(seed)) {
        all.add(new Object[] {c, seed});
      }
    }
    return all.stream();
  }

  // ------------------------------------------------------------ tensor slicing helpers

  /** {@code t[..., i, ...]} on {@code axis}. */
  public static Tensor take(Tensor t, int axis, int i) {
    int[] d = t.shape().dims();
    int w = t.dtype().width();
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= d[a];
    }
    int inner = w;
    for (int a = axis + 1; a < d.length; a++) {
      inner *= d[a];
    }
    int n = d[axis];
    double[] src = t.unsafeData();
    double[] r = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(src, (o * n + i) * inner, r, o * inner, inner);
    }
    int[] rd = new int[d.length - 1];
    for (int a = 0, k = 0; a < d.length; a++) {
      if (a != axis) {
        rd[k++] = d[a];
      }
    }
    return Tensor.wrap(TensorType.of(t.dtype(), rd), r);
  }

  /** The tensors stacked along a new axis {@code axis}. */
  public static Tensor stack(List<Tensor> ts, int axis) {
    Tensor first = ts.get(0);
    int[] d = first.shape().dims();
    int w = first.dtype().width();
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= d[a];
    }
    int inner = w;
    for (int a = axis; a < d.length; a++) {
      inner *= d[a];
    }
    int n = ts.size();
    double[] r = new double[outer * n * inner];
    for (int i = 0; i < n; i++) {
      double[] src = ts.get(i).unsafeData();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * inner, r, (o * n + i) * inner, inner);
      }
    }
    int[] rd = new int[d.length + 1];
    for (int a = 0, k = 0; a < rd.length; a++) {
      rd[a] = a == axis ? n : d[k++];
    }
    return Tensor.wrap(TensorType.of(first.dtype(), rd), r);
  }

  static void assertClose(Tensor expected, Tensor actual, String what) {
    assertEquals(expected.type(), actual.type(), what);
    double[] e = expected.unsafeData();
    double[] a = actual.unsafeData();
    for (int k = 0; k < e.length; k++) {
      boolean ok = Double.compare(e[k], a[k]) == 0
          || Math.abs(e[k] - a[k]) <= 1e-12 * (1 + Math.abs(e[k]));
      if (!ok) {
        fail(what + ": element " + k + " is " + a[k] + ", the loop gives " + e[k]);
      }
    }
  }

  /**
   * Checks {@code vmap(g, inAxes, outAxis, n)} against a loop: {@code n} unbatched argument lists
   * from {@code draw}; unbatched arguments are taken from the first list.
   */
  static void checkAgainstLoop(Graph g, int[] inAxes, int[] outAxes, int n,
      Supplier<List<Tensor>> draw, String what) {
    Graph v = Vmap.vmap(g, inAxes, outAxes, n);
    Checker.check(v);
    List<List<Tensor>> per = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      per.add(draw.get());
    }
    List<Tensor> batchedArgs = new ArrayList<>();
    for (int i = 0; i < g.arity(); i++) {
      if (inAxes[i] == Vmap.NOT_MAPPED) {
        Tensor shared = per.get(0).get(i);
        for (List<Tensor> p : per) {
          p.set(i, shared);
        }
        batchedArgs.add(shared);
      } else {
        List<Tensor> col = new ArrayList<>();
        for (List<Tensor> p : per) {
          col.add(p.get(i));
        }
        batchedArgs.add(stack(col, inAxes[i]));
      }
    }
    List<Tensor> got = Interpreter.eval(v, batchedArgs);
    for (int b = 0; b < n; b++) {
      List<Tensor> want = Interpreter.eval(g, per.get(b));
      for (int j = 0; j < want.size(); j++) {
        assertClose(want.get(j), take(got.get(j), outAxes[j], b),
            what + " in_axes " + java.util.Arrays.toString(inAxes) + " out_axes "
                + java.util.Arrays.toString(outAxes) + ", output " + j + ", element " + b + "\n" + v);
      }
    }
  }

  /** Axis configurations: all first, all last, and random ones (some unbatched). */
  public static List<int[]> axisConfigs(List<TensorType> types, Random rng) {
    List<int[]> cfgs = new ArrayList<>();
    int n = types.size();
    int[] first = new int[n];
    int[] last = new int[n];
    for (int i = 0; i < n; i++) {
      last[i] = types.get(i).rank();
    }
    cfgs.add(first);
    cfgs.add(last);
    for (int k = 0; k < 4; k++) {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = rng.nextInt(3) == 0 ? Vmap.NOT_MAPPED : rng.nextInt(types.get(i).rank() + 1);
      }
      cfgs.add(a);
    }
    return cfgs;
  }

  static int[] outAxes(Graph g, Random rng, int mode) {
    int[] o = new int[g.outputs().size()];
    for (int j = 0; j < o.length; j++) {
      int r = g.output(j).rank();
      o[j] = mode == 0 ? 0 : mode == 1 ? r : rng.nextInt(r + 1);
    }
    return o;
  }

  static void checkAllConfigs(Graph g, Supplier<List<Tensor>> draw, Random rng, String what) {
    List<int[]> cfgs = axisConfigs(g.inputTypes(), rng);
    for (int k = 0; k < cfgs.size(); k++) {
      int n = 1 + rng.nextInt(3);
      checkAgainstLoop(g, cfgs.get(k), outAxes(g, rng, Math.min(k, 2)), n, draw, what);
    }
  }

  static Supplier<List<Tensor>> withRandom(PrimitiveTable.Case c, Random rng, List<TensorType> extra) {
    return () -> {
      List<Tensor> xs = new ArrayList<>(c.inputs(rng));
      for (TensorType t : extra) {
        xs.add(CheckGrads.randomLike(t, rng));
      }
      return xs;
    };
  }

  // ----------------------------------------------------------------------------- tests

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vmapMatchesLoop(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed);
    checkAllConfigs(c.graph(), withRandom(c, rng, List.of()), rng, c.toString());
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vmapOfJvpMatchesLoop(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 10);
    Graph f = c.graph();
    checkAllConfigs(Ad.jvp(f), withRandom(c, rng, f.inputTypes()), rng, "jvp " + c);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vmapOfVjpMatchesLoop(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 20);
    Graph f = c.graph();
    List<TensorType> outs = new ArrayList<>();
    for (Node o : f.outputs()) {
      outs.add(o.type());
    }
    checkAllConfigs(Ad.vjp(f), withRandom(c, rng, outs), rng, "vjp " + c);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vmapOfGradMatchesLoop(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 30);
    Graph f = c.graph();
    Graph h = Graph.trace(f.inputNames(), f.inputTypes(),
        ps -> {
          Node y = Ir.sin(f.call(ps).get(0));
          return List.of(Ir.reduceSum(y.dtype().isComplex() ? Ir.real(y) : y,
              Ir.allAxes(f.output(0).rank())));
        });
    checkAllConfigs(Ad.grad(h), withRandom(c, rng, List.of()), rng, "grad " + c);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void vmapOfVmapMatchesLoop(PrimitiveTable.Case c, long seed) {
    Random rng = new Random(seed + 40);
    Graph f = c.graph();
    List<int[]> cfgs = axisConfigs(f.inputTypes(), rng);
    int[] inner = cfgs.get(2 + rng.nextInt(cfgs.size() - 2));
    int[] innerOut = outAxes(f, rng, 2);
    int n = 2;
    Graph g = Vmap.vmap(f, inner, innerOut, n);
    // Unbatched arguments of the outer vmap are batches of the inner one.
    Supplier<List<Tensor>> draw = () -> {
      List<List<Tensor>> per = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        per.add(c.inputs(rng));
      }
      List<Tensor> xs = new ArrayList<>();
      for (int i = 0; i < f.arity(); i++) {
        if (inner[i] == Vmap.NOT_MAPPED) {
          xs.add(per.get(0).get(i));
        } else {
          List<Tensor> col = new ArrayList<>();
          for (List<Tensor> p : per) {
            col.add(p.get(i));
          }
          xs.add(stack(col, inner[i]));
        }
      }
      return xs;
    };
    checkAllConfigs(g, draw, rng, "vmap of vmap " + c);
  }

  /** Every op of every row has a batching rule: applying it with one input mapped succeeds. */
  @Test
  void everyPrimitiveHasABatchingRule() {
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(0)) {
      for (Node n : c.graph().topoOrder()) {
        for (int i = 0; i < n.arity(); i++) {
          List<Node> args = new ArrayList<>();
          int[] dims = new int[n.arity()];
          for (int k = 0; k < n.arity(); k++) {
            Node in = n.input(k);
            int[] keep = new int[in.rank()];
            for (int a = 0; a < keep.length; a++) {
              keep[a] = a + 1;
            }
            args.add(k == i ? Ir.broadcastInDim(in, Batching.insert(in.type().shape(), 0, 2), keep)
                : in);
            dims[k] = k == i ? 0 : Vmap.NOT_MAPPED;
          }
          Batched b = n.op().batch(args, dims);
          assertTrue(b.value.rank() == n.rank() + (b.isMapped() ? 1 : 0), n.op() + " batched wrongly");
        }
      }
    }
  }

  @Test
  void unbatchedOutputIsBroadcastAndBatchSizesMustAgree() {
    TensorType v = TensorType.f64(3);
    Graph f = Graph.trace(List.of("x", "y"), List.of(v, v),
        ps -> List.of(Ir.sin(ps.get(1)), Ir.mul(ps.get(0), ps.get(1))));
    Graph g = Vmap.vmap(f, new int[] {0, Vmap.NOT_MAPPED}, 1, 2);
    List<Tensor> r = Interpreter.eval(g, Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}),
        Tensor.of(1.0, 2.0, 3.0));
    assertEquals(TensorType.f64(3, 2), r.get(0).type());
    assertEquals(Math.sin(2.0), r.get(0).get(2));
    assertEquals(Math.sin(2.0), r.get(0).get(3));
    assertEquals(TensorType.f64(3, 2), r.get(1).type());
    assertEquals(4.0 * 1.0, r.get(1).get(1));
    assertThrows(IrException.class, () -> Vmap.vmap(f, new int[] {2, 0}, 0, 2));
    assertThrows(IrException.class, () -> Vmap.vmap(f, new int[] {0}, 0, 2));
  }

  /** A batched program is one program: its size does not grow with the batch. */
  @Test
  void batchedGraphSizeDoesNotDependOnBatchSize() {
    TensorType m = TensorType.f64(3, 3);
    Graph f = Graph.trace(List.of("a"), List.of(m), ps -> List.of(Ir.reduceSum(Ir.tanh(
        Ir.dotGeneral(ps.get(0), ps.get(0), new int[] {1}, new int[] {0}, new int[0], new int[0])),
        0, 1)));
    assertEquals(Vmap.vmap(f, new int[] {0}, 0, 2).nodeCount(),
        Vmap.vmap(f, new int[] {0}, 0, 50).nodeCount());
  }
}
