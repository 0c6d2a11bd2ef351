package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.valueAndGrad;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.symbolic.Np.add;
import static org.cotangent.symbolic.Np.div;
import static org.cotangent.symbolic.Np.exp;
import static org.cotangent.symbolic.Np.log;
import static org.cotangent.symbolic.Np.mul;
import static org.cotangent.symbolic.Np.power;
import static org.cotangent.symbolic.Np.scalar;
import static org.cotangent.symbolic.Np.sin;
import static org.cotangent.symbolic.Np.square;
import static org.cotangent.symbolic.Np.sub;
import static org.cotangent.symbolic.Np.sum;
import static org.cotangent.symbolic.Np.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cotangent.runtime.Backend;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.runtime.FreshBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public API against the reference interpreter: compiled transformed functions must agree
 * with {@link Interpreter} on the symbolically transformed graphs, and with closed forms.
 */
class CotangentTest {
  @RegisterExtension
  final FreshBackend backend = new FreshBackend();

  private static final double REL = 1e-12;


  static void assertClose(Tensor expected, Tensor actual) {
    assertEquals(expected.type(), actual.type());
    for (int k = 0; k < expected.size(); k++) {
      double e = expected.get(k);
      double a = actual.get(k);
      assertTrue(Math.abs(a - e) <= REL * Math.max(1.0, Math.abs(e)),
          "element " + k + ": expected " + e + ", got " + a);
    }
  }

  static void assertClose(List<Tensor> expected, List<Tensor> actual) {
    assertEquals(expected.size(), actual.size());
    for (int j = 0; j < expected.size(); j++) {
      assertClose(expected.get(j), actual.get(j));
    }
  }

  static Tensor randn(long seed, int... dims) {
    return Tensor.normal(seed, TensorType.f64(dims));
  }

  // ---------------------------------------------------------------- grad

  /** f(x) = (sum(sin(x) * x), [x^2, cos x]): a value and two aux outputs. */
  private static Fn withAux() {
    return Fn.of(List.of("x"), ps -> List.of(sum(mul(sin(ps.get(0)), ps.get(0))),
        square(ps.get(0)), org.cotangent.symbolic.Np.cos(ps.get(0))));
  }

  @Test
  void hasAuxReturnsTheAuxOutputsAfterTheGradients() {
    double[] x = {0.5, -1.0, 2.0};
    List<Tensor> g = grad(withAux(), Options.hasAux()).call((Object) x);
    assertEquals(3, g.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.cos(x[i]) * x[i] + Math.sin(x[i]), g.get(0).get(i), 1e-15);
      assertEquals(x[i] * x[i], g.get(1).get(i), 0.0);
      assertEquals(Math.cos(x[i]), g.get(2).get(i), 0.0);
    }
    // value_and_grad: ((value, aux), grads), flattened.
    List<Tensor> vg = valueAndGrad(withAux(), Options.hasAux()).call((Object) x);
    assertEquals(4, vg.size());
    double value = 0;
    for (int i = 0; i < 3; i++) {
      value += Math.sin(x[i]) * x[i];
      assertEquals(x[i] * x[i], vg.get(1).get(i), 0.0);
      assertEquals(Math.cos(x[i]), vg.get(2).get(i), 0.0);
      assertEquals(g.get(0).get(i), vg.get(3).get(i), 0.0);
    }
    assertEquals(value, vg.get(0).get(0), 1e-15);
    IrException e = assertThrows(IrException.class, () -> grad(Fn.of1(v -> sum(sin(v))),
        Options.hasAux()).call((Object) x));
    assertTrue(e.getMessage().contains("must return the value and then its aux outputs"),
        e.getMessage());
    e = assertThrows(IrException.class, () -> Cotangent.jacfwd(withAux(), Options.hasAux()));
    assertTrue(e.getMessage().contains("hasAux is not supported yet"), e.getMessage());
  }

  @Test
  void gradMatchesTheInterpreterOnTheSymbolicGradient() {
    Fn sinTimesX = Fn.of1(x -> sum(mul(sin(x), x)));
    Fn softplusSum = Fn.of1(x -> sum(log(add(scalar(1.0), exp(x)))));
    Fn rational = Fn.of1(x -> sum(div(square(x), add(scalar(1.0), power(x, scalar(4.0))))));
    Fn twoArgs = Fn.of2((w, b) -> sum(square(sub(tanh(add(mul(w, scalar(0.7)), b)),
        scalar(0.25)))));
    Tensor x = randn(1, 5);
    for (Fn f : List.of(sinTimesX, softplusSum, rational)) {
      Graph g = f.trace(x.type());
      assertClose(Interpreter.eval(Ad.grad(g, 0), x), grad(f).call(x));
    }
    Tensor w = randn(2, 4);
    Tensor b = Tensor.scalar(0.3);
    Graph g = twoArgs.trace(w.type(), b.type());
    assertClose(Interpreter.eval(Ad.grad(g, 0, 1), w, b), grad(twoArgs, 0, 1).call(w, b));
    assertClose(Interpreter.eval(Ad.grad(g, 1), w, b), grad(twoArgs, 1).call(w, b));
  }

  @Test
  void gradMatchesTheClosedForm() {
    Fn f = Fn.of1(x -> sum(mul(sin(x), x)));
    double[] x = {0.5, -1.25, 2.0};
    Tensor g = grad(f).call1(x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.sin(x[i]) + x[i] * Math.cos(x[i]), g.get(i), 1e-15);
    }
  }

  @Test
  void gradDefaultsToTheFirstArgumentAsInJax() {
    Fn f = Fn.of2((x, y) -> mul(x, square(y)));
    List<Tensor> g = grad(f).call(3.0, 2.0);
    assertEquals(1, g.size());
    assertEquals(4.0, g.get(0).item(), 0.0);
    assertEquals(12.0, grad(f, 1).callDouble(3.0, 2.0), 0.0);
  }

  @Test
  void gradOfGradAndBeyond() {
    Fn f = Fn.of1(x -> mul(sin(x), x));
    double x = 0.8;
    double s = Math.sin(x);
    double c = Math.cos(x);
    assertEquals(s + x * c, grad(f).callDouble(x), 1e-15);
    assertEquals(2 * c - x * s, grad(grad(f)).callDouble(x), 1e-15);
    assertEquals(-3 * s - x * c, grad(grad(grad(f))).callDouble(x), 1e-15);
    Graph g2 = Ad.grad(Ad.grad(f.trace(TensorType.f64())));
    assertClose(Interpreter.eval(g2, Tensor.scalar(x)), grad(grad(f)).call(x));
  }

  @Test
  void valueAndGradReturnsTheValueThenTheGradients() {
    Fn f = Fn.of2((x, y) -> sum(mul(exp(x), y)));
    Tensor x = randn(3, 3);
    Tensor y = randn(4, 3);
    List<Tensor> r = valueAndGrad(f, 0, 1).call(x, y);
    assertEquals(3, r.size());
    assertClose(Interpreter.eval(f.trace(x.type(), y.type()), x, y).get(0), r.get(0));
    assertClose(Interpreter.eval(Ad.valueAndGrad(f.trace(x.type(), y.type()), 0, 1), x, y), r);
  }

  // ---------------------------------------------------------------- jvp, vjp

  @Test
  void jvpReturnsOutputsThenTangents() {
    Fn f = Fn.of1(x -> mul(sin(x), x));
    Tensor x = randn(5, 4);
    Tensor t = randn(6, 4);
    List<Tensor> r = jvp(f).call(x, t);
    assertEquals(2, r.size());
    for (int i = 0; i < 4; i++) {
      double xi = x.get(i);
      assertEquals(Math.sin(xi) * xi, r.get(0).get(i), 1e-15);
      assertEquals((Math.cos(xi) * xi + Math.sin(xi)) * t.get(i), r.get(1).get(i), 1e-14);
    }
    assertClose(Interpreter.eval(Ad.jvp(f.trace(x.type())), x, t), r);
    assertEquals(List.of("x", "x_dot"), jvp(f).argNames());
  }

  @Test
  void jvpOfGradIsAHessianVectorProduct() {
    Fn f = Fn.of1(x -> sum(mul(sin(x), x)));
    Tensor x = randn(7, 3);
    Tensor v = randn(8, 3);
    List<Tensor> r = jvp(grad(f)).call(x, v);
    for (int i = 0; i < 3; i++) {
      double xi = x.get(i);
      assertEquals((2 * Math.cos(xi) - xi * Math.sin(xi)) * v.get(i), r.get(1).get(i), 1e-14);
    }
  }

  @Test
  void vjpReturnsOutputsAndACompiledPullback() {
    Fn f = Fn.of1(x -> mul(sin(x), x));
    Tensor x = randn(9, 4);
    Pullback pb = vjp(f, x);
    Graph vjpGraph = Ad.vjp(f.trace(x.type()));
    for (long seed = 10; seed < 13; seed++) {
      Tensor ct = randn(seed, 4);
      List<Tensor> expected = Interpreter.eval(vjpGraph, x, ct);
      assertClose(expected.get(0), pb.output());
      assertClose(expected.subList(1, 2), pb.call(ct));
      for (int i = 0; i < 4; i++) {
        double xi = x.get(i);
        assertEquals((Math.cos(xi) * xi + Math.sin(xi)) * ct.get(i), pb.call(ct).get(0).get(i),
            1e-14);
      }
    }
    long compiled = backend.service().compileCount();
    assertEquals(2, compiled, "a forward and a backward program");
    vjp(f, randn(14, 4)).call(randn(15, 4));
    assertEquals(compiled, backend.service().compileCount(), "the plan is cached per signature");
  }

  @Test
  void vjpOfAFunctionOfTwoArgumentsWithTwoOutputs() {
    Fn f = Fn.of(List.of("a", "b"), v -> List.of(mul(v.get(0), v.get(1)), sum(exp(v.get(0)))));
    Tensor a = randn(16, 3);
    Tensor b = randn(17, 3);
    Pullback pb = vjp(f, a, b);
    assertEquals(2, pb.outputs().size());
    Tensor ct0 = randn(18, 3);
    Tensor ct1 = Tensor.scalar(0.5);
    List<Tensor> expected = Interpreter.eval(Ad.vjp(f.trace(a.type(), b.type())), a, b, ct0, ct1);
    assertClose(expected.subList(0, 2), pb.outputs());
    assertClose(expected.subList(2, 4), pb.call(ct0, ct1));
    IrException e = assertThrows(IrException.class, () -> pb.call(ct0, ct0));
    assertEquals("vjp(f): cotangent 1 (out1_bar) must be f64[] like the output, got f64[3]",
        e.getMessage());
  }

  @Test
  void aPullbackIsAFunctionThatCanBeDifferentiated() {
    Fn f = Fn.of1(x -> mul(sin(x), x));
    Tensor x = randn(19, 3);
    Pullback pb = vjp(f, x);
    // h(ct) = sum(pullback(ct)) is linear in ct with gradient f'(x).
    Fn h = Fn.of1(ct -> sum(pb.inline1(ct)));
    Tensor g = grad(h).call1(randn(20, 3));
    for (int i = 0; i < 3; i++) {
      double xi = x.get(i);
      assertEquals(Math.cos(xi) * xi + Math.sin(xi), g.get(i), 1e-14);
    }
    // Called through Fn.call, a pullback runs its compiled backward program.
    Tensor ct = randn(21, 3);
    assertClose(pb.call(ct), pb.call(ct));
  }

  // ---------------------------------------------------------------- caching and arguments

  @Test
  void compilesOncePerSignature() {
    Fn f = Fn.of1(x -> sum(square(x)));
    Fn df = grad(f);
    df.call(new double[] {1, 2, 3});
    df.call(new double[] {4, 5, 6});
    assertEquals(1, backend.service().compileCount());
    df.call(new double[] {1, 2});
    assertEquals(2, backend.service().compileCount());
    assertSame(df.compile(List.of(TensorType.f64(3))), df.compile(List.of(TensorType.f64(3))));
    assertSame(df.trace(TensorType.f64(2)), df.trace(TensorType.f64(2)));
    // Another function object with the same graph hits the compile cache.
    grad(Fn.of1(x -> sum(square(x)))).call(new double[] {1, 2, 3});
    assertEquals(2, backend.service().compileCount());
  }

  @Test
  void argumentsMayBeTensorsNumbersAndArrays() {
    Fn f = Fn.of1(x -> sum(mul(x, x)));
    assertEquals(4.0, f.callDouble(2.0), 0.0);
    assertEquals(4.0, f.callDouble(2), 0.0);
    assertEquals(5.0, f.callDouble(new double[] {1, 2}), 0.0);
    assertEquals(30.0, f.callDouble((Object) new double[][] {{1, 2}, {3, 4}}), 0.0);
    assertEquals(5.0, f.callDouble(Tensor.of(1, 2)), 0.0);
    assertEquals(5.0, f.call(List.of(Tensor.of(1, 2))).get(0).item(), 0.0);
  }

  @Test
  void badArgumentsAreReportedClearly() {
    Fn f = Fn.of2((x, y) -> sum(mul(x, y)));
    IrException arity = assertThrows(IrException.class, () -> f.call(1.0));
    assertEquals("f takes 2 arguments [x, y], got 1", arity.getMessage());
    IrException kind = assertThrows(IrException.class, () -> f.call(1.0, "two"));
    assertEquals("argument 1 (y) of f: cannot make a tensor of java.lang.String; pass a Tensor,"
        + " a double, a boolean, a double[], a double[][] or a Commons Math Complex"
        + " (CommonsMath.tensor converts complex arrays and matrices)", kind.getMessage());
    IrException ragged = assertThrows(IrException.class,
        () -> f.call(1.0, new double[][] {{1, 2}, {3}}));
    assertTrue(ragged.getMessage().startsWith("argument 1 (y) of f: ragged matrix"),
        ragged.getMessage());
    IrException argnums = assertThrows(IrException.class, () -> grad(f, 2));
    assertEquals("argnums 2 is out of range for f, which takes 2 arguments",
        argnums.getMessage());
    Fn vector = Fn.of1(x -> mul(x, x));
    IrException scalarOut = assertThrows(IrException.class,
        () -> grad(vector).call(new double[] {1, 2}));
    assertTrue(scalarOut.getMessage().startsWith("grad requires a scalar output, got f64[2]"),
        scalarOut.getMessage());
    IrException tangent = assertThrows(IrException.class,
        () -> jvp(vector).call(new double[] {1, 2}, new double[] {1, 2, 3}));
    assertEquals("jvp(f): tangent 0 (x_dot) must be f64[2] like its primal, got f64[3]",
        tangent.getMessage());
    Fn fixed = Fn.fromGraph(vector.trace(TensorType.f64(2)));
    IrException sig = assertThrows(IrException.class, () -> fixed.call(new double[] {1, 2, 3}));
    assertEquals("f is defined for arguments [f64[2]], got [f64[3]]", sig.getMessage());
  }

  @Test
  void transformedFunctionsAreSafeToCallFromManyThreads() throws Exception {
    Fn f = Fn.of1(x -> sum(mul(sin(x), x)));
    Fn df = grad(f);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final long seed = t;
        futures.add(pool.submit(() -> {
          start.await();
          Random rnd = new Random(seed);
          for (int k = 0; k < 200; k++) {
            double[] x = new double[1 + rnd.nextInt(4)];
            for (int i = 0; i < x.length; i++) {
              x[i] = rnd.nextGaussian();
            }
            Tensor g = df.call1(x);
            for (int i = 0; i < x.length; i++) {
              assertEquals(Math.sin(x[i]) + x[i] * Math.cos(x[i]), g.get(i), 1e-15);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> fu : futures) {
        fu.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(4, backend.service().compileCount(), "one program per signature f64[1..4]");
  }
}
