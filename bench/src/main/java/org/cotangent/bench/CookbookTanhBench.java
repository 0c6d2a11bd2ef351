package org.cotangent.bench;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jvp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.Fn;
import org.cotangent.codegen.Program;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.kernels.RealMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Suite problem B7 (issue 12 item 6): the Autodiff Cookbook's {@code f(X) = sum(tanh(X)**2)} on
 * X 30x40 with a direction V, its three Hessian-vector products as the cookbook writes them
 * (forward over reverse {@code jvp(grad(f))}, reverse over forward {@code grad(x -> jvp(f)(x,
 * V)[1])}, reverse over reverse {@code grad(x -> <grad(f)(x), V>)}) and {@code
 * tensordot(hessian(f)(X), V, 2)}, each compiled once (prepared), against the hand-written HVP
 * {@code h(X) * V} with {@code h = 2 (1 - t^2)(1 - 3 t^2)}, {@code t = tanh(X)} (f is a sum of
 * functions of one element each, so its Hessian is diagonal), and the dense Hessian against a
 * hand-written dense fill of that diagonal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookbookTanhBench {
  static final int ROWS = 30;
  static final int COLS = 40;
  static final int N = ROWS * COLS;

  double[] x;
  double[] v;
  double[] hv;
  double[] h;
  double[][] xIn;
  double[][] xvIn;
  double[][] fOut;
  double[][] fwdRevOut;
  double[][] oneOut;
  double[][] hessOut;
  Program f;
  Program fwdRev;
  Program revFwd;
  Program revRev;
  Program hessianV;
  Program hessianDense;

  static Fn f() {
    return Fn.of((Sym x) -> Ops.sum(Ops.tanh(x).pow(2)));
  }

  /** The three HVPs and the Hessian products, over X (and V where the cookbook passes it). */
  static Program[] programs(double[] vData) {
    Fn f = f();
    TensorType t = TensorType.f64(ROWS, COLS);
    Sym vConst = Sym.constant(org.cotangent.symbolic.Tensor.of(t, vData));
    Fn revFwd = grad(Fn.of((Sym y) -> {
      List<Sym> r = jvp(f).apply(y, vConst);
      return r.get(1);
    }));
    Fn revRev = grad(Fn.of((Sym y) -> Ops.vdot(grad(f).<Sym>apply(y), vConst)));
    Fn hessV = Fn.of((Sym y) -> Ops.tensordot(hessian(f).<Sym>apply(y), vConst, 2));
    return new Program[] {
      f.compile(List.of(t)).program(),
      jvp(grad(f)).compile(List.of(t, t)).program(),
      revFwd.compile(List.of(t)).program(),
      revRev.compile(List.of(t)).program(),
      hessV.compile(List.of(t)).program(),
      hessian(f).compile(List.of(t)).program()
    };
  }

  /** {@code hv = h(x) * v}, the diagonal Hessian of {@code sum(tanh(x)^2)} times {@code v}. */
  static void hvp(double[] x, double[] v, double[] hv) {
    for (int i = 0; i < x.length; i++) {
      double t = RealMath.tanh(x[i]);
      double s = t * t;
      hv[i] = 2 * (1 - s) * (1 - 3 * s) * v[i];
    }
  }

  /** The dense Hessian (n x n, row-major): zero, then the diagonal. */
  static void denseHessian(double[] x, double[] h) {
    int n = x.length;
    java.util.Arrays.fill(h, 0);
    for (int i = 0; i < n; i++) {
      double t = RealMath.tanh(x[i]);
      double s = t * t;
      h[i * n + i] = 2 * (1 - s) * (1 - 3 * s);
    }
  }

  @Setup
  public void setup() {
    x = SuiteData.uniform(81, N, 2);
    v = SuiteData.uniform(82, N, 1);
    hv = new double[N];
    h = new double[N * N];
    Program[] p = programs(v);
    f = p[0];
    fwdRev = p[1];
    revFwd = p[2];
    revRev = p[3];
    hessianV = p[4];
    hessianDense = p[5];
    xIn = new double[][] {x};
    xvIn = new double[][] {x, v};
    fOut = new double[][] {new double[1]};
    fwdRevOut = new double[][] {new double[N], new double[N]};
    oneOut = new double[][] {new double[N]};
    hessOut = new double[][] {new double[N * N]};
  }

  @Benchmark
  public double[] fCompiled() {
    f.call(xIn, fOut);
    return fOut[0];
  }

  @Benchmark
  public double[][] hvpFwdRevCompiled() {
    fwdRev.call(xvIn, fwdRevOut);
    return fwdRevOut;
  }

  @Benchmark
  public double[] hvpRevFwdCompiled() {
    revFwd.call(xIn, oneOut);
    return oneOut[0];
  }

  @Benchmark
  public double[] hvpRevRevCompiled() {
    revRev.call(xIn, oneOut);
    return oneOut[0];
  }

  @Benchmark
  public double[] hessianTimesVCompiled() {
    hessianV.call(xIn, oneOut);
    return oneOut[0];
  }

  @Benchmark
  public double[] hvpHandWritten() {
    hvp(x, v, hv);
    return hv;
  }

  @Benchmark
  public double[] hessianCompiled() {
    hessianDense.call(xIn, hessOut);
    return hessOut[0];
  }

  @Benchmark
  public double[] hessianHandWritten() {
    denseHessian(x, h);
    return h;
  }
}
