package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Numerical checks of derivatives, as JAX's {@code check_grads}: JVPs against central finite
 * differences in a random direction, VJPs against JVPs by the dot-product test {@code <u, J v> =
 * <J^T u, v>}, and recursively to higher orders (the JVP of the JVP function, the VJP of the VJP
 * function). Everything is evaluated with the reference {@link Interpreter}.
 */
public final class CheckGrads {
  private CheckGrads() {}

  /** Step of the central differences (inputs are assumed to be of order 1). */
  public static final double EPS = 1e-5;
  /** Tolerance of JVPs against finite differences, relative and absolute. */
  public static final double FD_TOL = 1e-6;
  /** Tolerance of the dot-product test, relative to the sum of the absolute products. */
  public static final double DOT_TOL = 1e-9;

  /** A random tangent (zero for non-floating types). */
  public static Tensor randomLike(TensorType t, Random rng) {
    double[] d = new double[t.size() * t.dtype().width()];
    if (t.dtype().isFloating()) {
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextGaussian();
      }
    }
    return Tensor.wrap(t, d);
  }

  private static Tensor axpy(Tensor x, double a, Tensor v) {
    if (!x.dtype().isFloating()) {
      return x;
    }
    double[] xd = x.unsafeData();
    double[] vd = v.unsafeData();
    double[] r = new double[xd.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = xd[i] + a * vd[i];
    }
    return Tensor.wrap(x.type(), r);
  }

  /**
   * The pairing of a cotangent with a tangent under which VJPs are transposes of JVPs: {@code
   * Re(sum a b)}, bilinear without conjugation (JAX's convention, DESIGN section 3), which for
   * real tensors is the dot product.
   */
  static double dot(Tensor a, Tensor b) {
    if (!a.dtype().isFloating()) {
      return 0;
    }
    double s = 0;
    double[] ad = a.unsafeData();
    double[] bd = b.unsafeData();
    if (a.dtype().isComplex()) {
      for (int i = 0; i < ad.length; i += 2) {
        s += ad[i] * bd[i] - ad[i + 1] * bd[i + 1];
      }
      return s;
    }
    for (int i = 0; i < ad.length; i++) {
      s += ad[i] * bd[i];
    }
    return s;
  }

  /** The sum of the absolute values of the terms of {@link #dot}: the scale of its rounding. */
  static double absDot(Tensor a, Tensor b) {
    if (!a.dtype().isFloating()) {
      return 0;
    }
    double s = 0;
    double[] ad = a.unsafeData();
    double[] bd = b.unsafeData();
    for (int i = 0; i < ad.length; i++) {
      s += Math.abs(ad[i] * bd[i]);
    }
    return s;
  }

  /** The squared Euclidean norm of a tensor's numbers (both parts of complex ones). */
  static double norm2(Tensor a) {
    if (!a.dtype().isFloating()) {
      return 0;
    }
    double s = 0;
    for (double d : a.unsafeData()) {
      s += d * d;
    }
    return s;
  }

  /**
   * JAX's {@code check_grads} tolerances: central differences of step {@code eps} must agree with
   * a JVP to {@code atol + rtol |fd|}; the dot-product test allows {@code rtol} (at least {@link
   * #DOT_TOL}) of the size of its terms.
   */
  public record Tolerance(double atol, double rtol, double eps) {
    /** Checks the values (positive and finite). */
    public Tolerance {
      if (!(atol >= 0 && rtol >= 0 && eps > 0) || Double.isInfinite(atol)
          || Double.isInfinite(rtol) || Double.isInfinite(eps)) {
        throw new IrException("check_grads: atol and rtol must be finite and non-negative and"
            + " eps positive, got atol=" + atol + ", rtol=" + rtol + ", eps=" + eps);
      }
    }
  }

  /** The defaults: {@code atol = rtol = FD_TOL}, {@code eps = EPS}. */
  public static final Tolerance DEFAULT = new Tolerance(FD_TOL, FD_TOL, EPS);

  /** JVP of {@code f} at {@code x} in a random direction against central differences. */
  public static void checkJvp(Graph f, List<Tensor> x, Random rng) {
    checkJvp(f, x, rng, DEFAULT);
  }

  /** {@link #checkJvp(Graph, List, Random)} with the given tolerances and step. */
  public static void checkJvp(Graph f, List<Tensor> x, Random rng, Tolerance tol) {
    double step = tol.eps();
    List<Tensor> v = new ArrayList<>();
    for (TensorType t : f.inputTypes()) {
      v.add(randomLike(t, rng));
    }
    List<Tensor> args = new ArrayList<>(x);
    args.addAll(v);
    List<Tensor> out = Interpreter.eval(Ad.jvp(f), args);
    int m = f.outputs().size();
    List<Tensor> plus = new ArrayList<>();
    List<Tensor> minus = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      plus.add(axpy(x.get(i), step, v.get(i)));
      minus.add(axpy(x.get(i), -step, v.get(i)));
    }
    List<Tensor> fp = Interpreter.eval(f, plus);
    List<Tensor> fm = Interpreter.eval(f, minus);
    for (int j = 0; j < m; j++) {
      Tensor tangent = out.get(m + j);
      if (!tangent.dtype().isFloating()) {
        continue;
      }
      double[] t = tangent.unsafeData();
      double[] a = fp.get(j).unsafeData();
      double[] b = fm.get(j).unsafeData();
      for (int k = 0; k < t.length; k++) {
        double fd = (a[k] - b[k]) / (2 * step);
        if (!(Math.abs(fd - t[k]) <= tol.atol() + tol.rtol() * Math.abs(fd))) {
          throw new GradientCheckFailure("JVP of output " + j + " at element " + k + " is " + t[k]
              + " but central differences give " + fd + "\n" + f);
        }
      }
    }
  }

  /** VJP of {@code f} at {@code x} against its JVP, by the dot-product test. */
  public static void checkVjp(Graph f, List<Tensor> x, Random rng) {
    checkVjp(f, x, rng, DEFAULT);
  }

  /** {@link #checkVjp(Graph, List, Random)} with the given relative tolerance. */
  public static void checkVjp(Graph f, List<Tensor> x, Random rng, Tolerance tol) {
    int n = f.arity();
    int m = f.outputs().size();
    List<Tensor> v = new ArrayList<>();
    for (TensorType t : f.inputTypes()) {
      v.add(randomLike(t, rng));
    }
    List<Tensor> jvpArgs = new ArrayList<>(x);
    jvpArgs.addAll(v);
    List<Tensor> jv = Interpreter.eval(Ad.jvp(f), jvpArgs).subList(m, 2 * m);
    List<Tensor> u = new ArrayList<>();
    for (Node o : f.outputs()) {
      u.add(randomLike(o.type(), rng));
    }
    List<Tensor> vjpArgs = new ArrayList<>(x);
    vjpArgs.addAll(u);
    List<Tensor> jtu = Interpreter.eval(Ad.vjp(f), vjpArgs).subList(m, m + n);
    double lhs = 0;
    double rhs = 0;
    double scale = 0;
    for (int j = 0; j < m; j++) {
      lhs += dot(u.get(j), jv.get(j));
      scale += absDot(u.get(j), jv.get(j));
    }
    for (int i = 0; i < n; i++) {
      rhs += dot(jtu.get(i), v.get(i));
      scale += absDot(jtu.get(i), v.get(i));
    }
    // A Jacobian that is zero in exact arithmetic comes out as rounding noise of about 1e-16
    // times the size of the terms that cancelled; the absolute floor allows for that.
    double uu = 0;
    double vv = 0;
    for (Tensor t : u) {
      uu += norm2(t);
    }
    for (Tensor t : v) {
      vv += norm2(t);
    }
    double floor = 1e-14 * Math.sqrt(uu * vv);
    if (!(Math.abs(lhs - rhs) <= Math.max(DOT_TOL, tol == DEFAULT ? 0 : tol.rtol()) * scale
        + floor)) {
      throw new GradientCheckFailure("dot-product test failed: <u, J v> = " + lhs
          + " but <J^T u, v> = " + rhs + "\n" + f);
    }
  }

  /**
   * {@link #checkJvp} and {@link #checkVjp} at {@code x}, then the same on the JVP function
   * (at {@code (x, random tangent)}) and on {@code x -> vjp(f)(x, f(x))}, down to {@code order}.
   */
  public static void checkGrads(Graph f, List<Tensor> x, int order, Random rng) {
    checkGrads(f, x, order, true, true, rng);
  }

  /**
   * JAX's {@code check_grads(f, args, order, modes)}: forward mode ({@code fwd}: the JVP against
   * central differences, and recursively the JVP of the JVP) and reverse mode ({@code rev}: the
   * VJP against the JVP by the dot-product test, and recursively the VJP of the VJP).
   */
  public static void checkGrads(Graph f, List<Tensor> x, int order, boolean fwd, boolean rev,
      Random rng) {
    checkGrads(f, x, order, fwd, rev, rng, DEFAULT);
  }

  /** {@link #checkGrads(Graph, List, int, boolean, boolean, Random)} with the given tolerances. */
  public static void checkGrads(Graph f, List<Tensor> x, int order, boolean fwd, boolean rev,
      Random rng, Tolerance tol) {
    if (fwd) {
      checkJvp(f, x, rng, tol);
    }
    if (rev) {
      checkVjp(f, x, rng, tol);
    }
    if (order <= 1) {
      return;
    }
    if (fwd) {
      Graph jvp = Ad.jvp(f);
      List<Tensor> jvpArgs = new ArrayList<>(x);
      for (TensorType t : f.inputTypes()) {
        jvpArgs.add(randomLike(t, rng));
      }
      checkGrads(jvp, jvpArgs, order - 1, fwd, rev, rng, tol);
    }
    if (!rev) {
      return;
    }
    boolean realOutputs = true;
    for (Node o : f.outputs()) {
      realOutputs &= o.dtype().isFloating();
    }
    if (realOutputs) {
      Graph vjpOfValue = Graph.trace(f.inputNames(), f.inputTypes(), params -> {
        List<Node> outs = f.call(params);
        return Ad.vjpNodes(f, params, outs, null).subList(outs.size(), outs.size() + f.arity());
      });
      checkGrads(vjpOfValue, x, order - 1, fwd, rev, rng, tol);
    }
  }
}
