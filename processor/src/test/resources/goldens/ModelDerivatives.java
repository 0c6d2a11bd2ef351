package test;

import org.cotangent.codegen.Rt;

/**
 * Derivatives of the {@code @Differentiable} methods of {@link Model}, written by Cotangent's
 * annotation processor from Model.java. Do not edit: change Model and rebuild.
 */
public final class ModelDerivatives {
  private ModelDerivatives() {
  }

  /**
   * The value of {@link Model#f(double, double)} and its derivatives with respect to x, y:
   * what {@code fGrad} and {@code fVjp} return. A holder passed to them is overwritten.
   */
  public static final class FGrad {
    /** The value of {@code f}. */
    public double value;
    /** df/dx (times the cotangent, for a vjp). */
    public double x;
    /** df/dy (times the cotangent, for a vjp). */
    public double y;

    @Override
    public String toString() {
      return "FGrad{value=" + value + ", x=" + x + ", y=" + y + "}";
    }
  }

  /** The value of {@link Model#f(double, double)} and its derivative along a tangent: what {@code fJvp} returns. */
  public static final class FJvp {
    /** The value of {@code f}. */
    public double value;
    /** The directional derivative: the sum over the parameters p of df/dp * pDot. */
    public double tangent;

    @Override
    public String toString() {
      return "FJvp{value=" + value + ", tangent=" + tangent + "}";
    }
  }

  /**
   * The value of {@link Model#g(double, double)} and its derivatives with respect to a:
   * what {@code gGrad} and {@code gVjp} return. A holder passed to them is overwritten.
   */
  public static final class GGrad {
    /** The value of {@code g}. */
    public double value;
    /** dg/da (times the cotangent, for a vjp). */
    public double a;

    @Override
    public String toString() {
      return "GGrad{value=" + value + ", a=" + a + "}";
    }
  }

  /** The value of {@link Model#h(double)} and its derivative along a tangent: what {@code hJvp} returns. */
  public static final class HJvp {
    /** The value of {@code h}. */
    public double value;
    /** The directional derivative: the sum over the parameters p of dh/dp * pDot. */
    public double tangent;

    @Override
    public String toString() {
      return "HJvp{value=" + value + ", tangent=" + tangent + "}";
    }
  }

  /**
   * The value of {@link Model#loop(double, double)} and its derivatives with respect to x, y:
   * what {@code loopGrad} and {@code loopVjp} return. A holder passed to them is overwritten.
   */
  public static final class LoopGrad {
    /** The value of {@code loop}. */
    public double value;
    /** dloop/dx (times the cotangent, for a vjp). */
    public double x;
    /** dloop/dy (times the cotangent, for a vjp). */
    public double y;

    @Override
    public String toString() {
      return "LoopGrad{value=" + value + ", x=" + x + ", y=" + y + "}";
    }
  }

  /** The value of {@link Model#loop(double, double)} and its derivative along a tangent: what {@code loopJvp} returns. */
  public static final class LoopJvp {
    /** The value of {@code loop}. */
    public double value;
    /** The directional derivative: the sum over the parameters p of dloop/dp * pDot. */
    public double tangent;

    @Override
    public String toString() {
      return "LoopJvp{value=" + value + ", tangent=" + tangent + "}";
    }
  }

  /**
   * The value and gradient of {@link Model#f(double, double)} with respect to x, y (reverse mode).
   *
   * @return a new {@link FGrad}
   */
  public static FGrad fGrad(double x, double y) {
    return fGrad(x, y, new FGrad());
  }

  /**
   * The value and gradient of {@link Model#f(double, double)} with respect to x, y, written into {@code into}
   * (overwritten), which is returned: a loop that reuses one holder allocates nothing.
   */
  public static FGrad fGrad(double x, double y, FGrad into) {
    fGradKernel(x, y, into);
    return into;
  }

  /**
   * The value of {@link Model#f(double, double)} and the vector-Jacobian product with the cotangent {@code fBar}:
   * each field is {@code fBar} times the derivative with respect to x, y.
   *
   * @return a new {@link FGrad}
   */
  public static FGrad fVjp(double x, double y, double fBar) {
    return fVjp(x, y, fBar, new FGrad());
  }

  /**
   * Like {@link #fVjp(double, double, double)}, written into {@code into} (overwritten), which is returned:
   * a loop that reuses one holder allocates nothing.
   */
  public static FGrad fVjp(double x, double y, double fBar, FGrad into) {
    fVjpKernel(x, y, fBar, into);
    return into;
  }

  /**
   * The value of {@link Model#f(double, double)} and its directional derivative along the tangents {@code xDot, yDot}
   * of x, y (forward mode).
   *
   * @return a new {@link FJvp}
   */
  public static FJvp fJvp(double x, double y, double xDot, double yDot) {
    return fJvp(x, y, xDot, yDot, new FJvp());
  }

  /**
   * Like {@link #fJvp(double, double, double, double)}, written into {@code into} (overwritten), which is returned:
   * a loop that reuses one holder allocates nothing.
   */
  public static FJvp fJvp(double x, double y, double xDot, double yDot, FJvp into) {
    fJvpKernel(x, y, xDot, yDot, into);
    return into;
  }

  /**
   * The value and gradient of {@link Model#g(double, double)} with respect to a (reverse mode).
   *
   * @return a new {@link GGrad}
   */
  public static GGrad gGrad(double a, double b) {
    return gGrad(a, b, new GGrad());
  }

  /**
   * The value and gradient of {@link Model#g(double, double)} with respect to a, written into {@code into}
   * (overwritten), which is returned: a loop that reuses one holder allocates nothing.
   */
  public static GGrad gGrad(double a, double b, GGrad into) {
    gGradKernel(a, b, into);
    return into;
  }

  /**
   * The value of {@link Model#g(double, double)} and the vector-Jacobian product with the cotangent {@code gBar}:
   * each field is {@code gBar} times the derivative with respect to a.
   *
   * @return a new {@link GGrad}
   */
  public static GGrad gVjp(double a, double b, double gBar) {
    return gVjp(a, b, gBar, new GGrad());
  }

  /**
   * Like {@link #gVjp(double, double, double)}, written into {@code into} (overwritten), which is returned:
   * a loop that reuses one holder allocates nothing.
   */
  public static GGrad gVjp(double a, double b, double gBar, GGrad into) {
    gVjpKernel(a, b, gBar, into);
    return into;
  }

  /**
   * The value of {@link Model#h(double)} and its directional derivative along the tangents {@code uDot}
   * of u (forward mode).
   *
   * @return a new {@link HJvp}
   */
  public static HJvp hJvp(double u, double uDot) {
    return hJvp(u, uDot, new HJvp());
  }

  /**
   * Like {@link #hJvp(double, double)}, written into {@code into} (overwritten), which is returned:
   * a loop that reuses one holder allocates nothing.
   */
  public static HJvp hJvp(double u, double uDot, HJvp into) {
    hJvpKernel(u, uDot, into);
    return into;
  }

  /**
   * The value and gradient of {@link Model#loop(double, double)} with respect to x, y (reverse mode).
   *
   * @return a new {@link LoopGrad}
   */
  public static LoopGrad loopGrad(double x, double y) {
    return loopGrad(x, y, new LoopGrad());
  }

  /**
   * The value and gradient of {@link Model#loop(double, double)} with respect to x, y, written into {@code into}
   * (overwritten), which is returned: it allocates only its for loops' buffers (per-step values kept for the reverse sweep).
   */
  public static LoopGrad loopGrad(double x, double y, LoopGrad into) {
    loopGradKernel(x, y, into);
    return into;
  }

  /**
   * The value of {@link Model#loop(double, double)} and the vector-Jacobian product with the cotangent {@code loopBar}:
   * each field is {@code loopBar} times the derivative with respect to x, y.
   *
   * @return a new {@link LoopGrad}
   */
  public static LoopGrad loopVjp(double x, double y, double loopBar) {
    return loopVjp(x, y, loopBar, new LoopGrad());
  }

  /**
   * Like {@link #loopVjp(double, double, double)}, written into {@code into} (overwritten), which is returned:
   * it allocates only its for loops' buffers (per-step values kept for the reverse sweep).
   */
  public static LoopGrad loopVjp(double x, double y, double loopBar, LoopGrad into) {
    loopVjpKernel(x, y, loopBar, into);
    return into;
  }

  /**
   * The value of {@link Model#loop(double, double)} and its directional derivative along the tangents {@code xDot, yDot}
   * of x, y (forward mode).
   *
   * @return a new {@link LoopJvp}
   */
  public static LoopJvp loopJvp(double x, double y, double xDot, double yDot) {
    return loopJvp(x, y, xDot, yDot, new LoopJvp());
  }

  /**
   * Like {@link #loopJvp(double, double, double, double)}, written into {@code into} (overwritten), which is returned:
   * it allocates only its for loops' buffers (per-step values kept for the reverse sweep).
   */
  public static LoopJvp loopJvp(double x, double y, double xDot, double yDot, LoopJvp into) {
    loopJvpKernel(x, y, xDot, yDot, into);
    return into;
  }

  private static void fGradKernel(final double x, final double y, final FGrad out) {
    // from: double z = x * y;  (Model.java:12)
    // z = mul x y
    final double z = x * y;
    // from: z += Math.sin(x);  (Model.java:13)
    // sin0 = sin x
    final double sin0 = Math.sin(x);
    // z_2 = add z sin0
    final double z_2 = z + sin0;
    // from: final double w = z / (1 + y * y);  (Model.java:14)
    // mul1 = mul y y
    final double mul1 = y * y;
    // add2 = add mul1 1.0
    final double add2 = mul1 + 1.0;
    // w = div z_2 add2
    final double w = z_2 / add2;
    // from: return w - Math.exp(-x);  (Model.java:15)
    // neg3 = neg x
    final double neg3 = -x;
    // exp4 = exp neg3
    final double exp4 = Math.exp(neg3);
    // f = sub w exp4
    final double f = w - exp4;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // z_bar = div 1.0 add2
    final double z_bar = 1.0 / add2;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // cos5 = cos x
    final double cos5 = Math.cos(x);
    // grad of: z += Math.sin(x);  (Model.java:13)
    // mul6 = mul z_bar cos5
    final double mul6 = z_bar * cos5;
    // add7 = add mul6 exp4
    final double add7 = mul6 + exp4;
    // grad of: double z = x * y;  (Model.java:12)
    // mul8 = mul z_bar y
    final double mul8 = z_bar * y;
    // x_bar = add add7 mul8
    final double x_bar = add7 + mul8;
    // grad of: double z = x * y;  (Model.java:12)
    // mul9 = mul z_bar x
    final double mul9 = z_bar * x;
    // tangent of: final double w = z / (1 + y * y);  (Model.java:14)
    // div10 = div w add2
    final double div10 = w / add2;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // add11 = add div10 div10
    final double add11 = div10 + div10;
    // mul12 = mul add11 y
    final double mul12 = add11 * y;
    // y_bar = sub mul9 mul12
    final double y_bar = mul9 - mul12;
    out.value = f;
    out.x = x_bar;
    out.y = y_bar;
  }

  private static void fVjpKernel(final double x, final double y, final double fBar, final FGrad out) {
    // from: double z = x * y;  (Model.java:12)
    // z = mul x y
    final double z = x * y;
    // from: z += Math.sin(x);  (Model.java:13)
    // sin0 = sin x
    final double sin0 = Math.sin(x);
    // z_2 = add z sin0
    final double z_2 = z + sin0;
    // from: final double w = z / (1 + y * y);  (Model.java:14)
    // mul1 = mul y y
    final double mul1 = y * y;
    // add2 = add mul1 1.0
    final double add2 = mul1 + 1.0;
    // w = div z_2 add2
    final double w = z_2 / add2;
    // from: return w - Math.exp(-x);  (Model.java:15)
    // neg3 = neg x
    final double neg3 = -x;
    // exp4 = exp neg3
    final double exp4 = Math.exp(neg3);
    // f = sub w exp4
    final double f = w - exp4;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // z_bar = div fBar add2
    final double z_bar = fBar / add2;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // cos5 = cos x
    final double cos5 = Math.cos(x);
    // grad of: z += Math.sin(x);  (Model.java:13)
    // mul6 = mul z_bar cos5
    final double mul6 = z_bar * cos5;
    // grad of: return w - Math.exp(-x);  (Model.java:15)
    // mul7 = mul exp4 fBar
    final double mul7 = exp4 * fBar;
    // add8 = add mul6 mul7
    final double add8 = mul6 + mul7;
    // grad of: double z = x * y;  (Model.java:12)
    // mul9 = mul z_bar y
    final double mul9 = z_bar * y;
    // x_bar = add add8 mul9
    final double x_bar = add8 + mul9;
    // grad of: double z = x * y;  (Model.java:12)
    // mul10 = mul z_bar x
    final double mul10 = z_bar * x;
    // tangent of: final double w = z / (1 + y * y);  (Model.java:14)
    // div11 = div w add2
    final double div11 = w / add2;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // mul12 = mul div11 fBar
    final double mul12 = div11 * fBar;
    // add13 = add mul12 mul12
    final double add13 = mul12 + mul12;
    // mul14 = mul add13 y
    final double mul14 = add13 * y;
    // y_bar = sub mul10 mul14
    final double y_bar = mul10 - mul14;
    out.value = f;
    out.x = x_bar;
    out.y = y_bar;
  }

  private static void fJvpKernel(final double x, final double y, final double xDot, final double yDot, final FJvp out) {
    // from: double z = x * y;  (Model.java:12)
    // z = mul x y
    final double z = x * y;
    // from: z += Math.sin(x);  (Model.java:13)
    // sin0 = sin x
    final double sin0 = Math.sin(x);
    // z_2 = add z sin0
    final double z_2 = z + sin0;
    // from: final double w = z / (1 + y * y);  (Model.java:14)
    // mul1 = mul y y
    final double mul1 = y * y;
    // add2 = add mul1 1.0
    final double add2 = mul1 + 1.0;
    // w = div z_2 add2
    final double w = z_2 / add2;
    // from: return w - Math.exp(-x);  (Model.java:15)
    // neg3 = neg x
    final double neg3 = -x;
    // exp4 = exp neg3
    final double exp4 = Math.exp(neg3);
    // f = sub w exp4
    final double f = w - exp4;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // cos5 = cos x
    final double cos5 = Math.cos(x);
    // mul6 = mul cos5 xDot
    final double mul6 = cos5 * xDot;
    // tangent of: double z = x * y;  (Model.java:12)
    // mul7 = mul y xDot
    final double mul7 = y * xDot;
    // mul8 = mul x yDot
    final double mul8 = x * yDot;
    // z_dot = add mul7 mul8
    final double z_dot = mul7 + mul8;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // z_dot_2 = add mul6 z_dot
    final double z_dot_2 = mul6 + z_dot;
    // tangent of: final double w = z / (1 + y * y);  (Model.java:14)
    // div9 = div z_dot_2 add2
    final double div9 = z_dot_2 / add2;
    // div10 = div w add2
    final double div10 = w / add2;
    // mul11 = mul y yDot
    final double mul11 = y * yDot;
    // add12 = add mul11 mul11
    final double add12 = mul11 + mul11;
    // mul13 = mul div10 add12
    final double mul13 = div10 * add12;
    // w_dot = sub div9 mul13
    final double w_dot = div9 - mul13;
    // tangent of: return w - Math.exp(-x);  (Model.java:15)
    // mul14 = mul exp4 xDot
    final double mul14 = exp4 * xDot;
    // f_dot = add w_dot mul14
    final double f_dot = w_dot + mul14;
    out.value = f;
    out.tangent = f_dot;
  }

  private static void gGradKernel(final double a, final double b, final GGrad out) {
    // from: if (a < 0) {  (Model.java:21)
    // lt0 = lt a 0.0
    final double lt0 = a < 0.0 ? 1.0 : 0.0;
    // from: return -a * b;  (Model.java:22)
    // s = mul a b
    final double s = a * b;
    // neg1 = neg s
    final double neg1 = -s;
    // from: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // gt2 = gt a 2.0
    final double gt2 = a > 2.0 ? 1.0 : 0.0;
    // from: if (a > 1) {  (Model.java:25)
    // gt3 = gt a 1.0
    final double gt3 = a > 1.0 ? 1.0 : 0.0;
    // from: s -= a;  (Model.java:28)
    // s_2 = sub b a
    final double s_2 = b - a;
    // from: if (a > 1) {  (Model.java:25)
    // s_3 = select gt3 s s_2
    final double s_3 = gt3 != 0.0 ? s : s_2;
    // from: double z = x * y;  (Model.java:12)
    // z = mul s_3 a
    final double z = s_3 * a;
    // from: z += Math.sin(x);  (Model.java:13)
    // sin4 = sin a
    final double sin4 = Math.sin(a);
    // z_2 = add z sin4
    final double z_2 = z + sin4;
    // from: final double w = z / (1 + y * y);  (Model.java:14)
    // mul5 = mul s_3 s_3
    final double mul5 = s_3 * s_3;
    // add6 = add mul5 1.0
    final double add6 = mul5 + 1.0;
    // w = div z_2 add6
    final double w = z_2 / add6;
    // from: return w - Math.exp(-x);  (Model.java:15)
    // neg7 = neg a
    final double neg7 = -a;
    // exp8 = exp neg7
    final double exp8 = Math.exp(neg7);
    // sub9 = sub w exp8
    final double sub9 = w - exp8;
    // from: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // add10 = add mul5 a
    final double add10 = mul5 + a;
    // sqrt11 = sqrt add10
    final double sqrt11 = Math.sqrt(add10);
    // sel12 = select gt2 sub9 sqrt11
    final double sel12 = gt2 != 0.0 ? sub9 : sqrt11;
    // from: if (a < 0) {  (Model.java:21)
    // g = select lt0 neg1 sel12
    final double g = lt0 != 0.0 ? neg1 : sel12;
    // tangent of: final double w = z / (1 + y * y);  (Model.java:14)
    // div13 = div w add6
    final double div13 = w / add6;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // neg14 = neg div13
    final double neg14 = -div13;
    // sel15 = select lt0 0.0 neg14
    final double sel15 = lt0 != 0.0 ? 0.0 : neg14;
    // sel16 = select gt2 sel15 0.0
    final double sel16 = gt2 != 0.0 ? sel15 : 0.0;
    // tangent of: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // mul17 = mul 2.0 sqrt11
    final double mul17 = 2.0 * sqrt11;
    // grad of: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // div18 = div 1.0 mul17
    final double div18 = 1.0 / mul17;
    // sel19 = select lt0 0.0 div18
    final double sel19 = lt0 != 0.0 ? 0.0 : div18;
    // sel20 = select gt2 0.0 sel19
    final double sel20 = gt2 != 0.0 ? 0.0 : sel19;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // add21 = add sel16 sel20
    final double add21 = sel16 + sel20;
    // add22 = add add21 add21
    final double add22 = add21 + add21;
    // mul23 = mul add22 s_3
    final double mul23 = add22 * s_3;
    // div24 = div 1.0 add6
    final double div24 = 1.0 / add6;
    // grad of: double z = x * y;  (Model.java:12)
    // mul25 = mul div24 a
    final double mul25 = div24 * a;
    // sel26 = select lt0 0.0 mul25
    final double sel26 = lt0 != 0.0 ? 0.0 : mul25;
    // sel27 = select gt2 sel26 0.0
    final double sel27 = gt2 != 0.0 ? sel26 : 0.0;
    // grad of: if (a > 1) {  (Model.java:25)
    // s_bar = add mul23 sel27
    final double s_bar = mul23 + sel27;
    // sel28 = select gt3 s_bar 0.0
    final double sel28 = gt3 != 0.0 ? s_bar : 0.0;
    // grad of: return -a * b;  (Model.java:22)
    // sel29 = select lt0 (-1.0) 0.0
    final double sel29 = lt0 != 0.0 ? (-1.0) : 0.0;
    // s_bar_2 = add sel28 sel29
    final double s_bar_2 = sel28 + sel29;
    // mul30 = mul s_bar_2 b
    final double mul30 = s_bar_2 * b;
    // grad of: s -= a;  (Model.java:28)
    // neg31 = neg s_bar
    final double neg31 = -s_bar;
    // sel32 = select gt3 0.0 neg31
    final double sel32 = gt3 != 0.0 ? 0.0 : neg31;
    // grad of: return w - Math.exp(-x);  (Model.java:15)
    // sel33 = select lt0 0.0 exp8
    final double sel33 = lt0 != 0.0 ? 0.0 : exp8;
    // sel34 = select gt2 sel33 0.0
    final double sel34 = gt2 != 0.0 ? sel33 : 0.0;
    // add35 = add sel20 sel34
    final double add35 = sel20 + sel34;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // cos36 = cos a
    final double cos36 = Math.cos(a);
    // grad of: z += Math.sin(x);  (Model.java:13)
    // mul37 = mul div24 cos36
    final double mul37 = div24 * cos36;
    // sel38 = select lt0 0.0 mul37
    final double sel38 = lt0 != 0.0 ? 0.0 : mul37;
    // sel39 = select gt2 sel38 0.0
    final double sel39 = gt2 != 0.0 ? sel38 : 0.0;
    // add40 = add add35 sel39
    final double add40 = add35 + sel39;
    // grad of: double z = x * y;  (Model.java:12)
    // mul41 = mul div24 s_3
    final double mul41 = div24 * s_3;
    // sel42 = select lt0 0.0 mul41
    final double sel42 = lt0 != 0.0 ? 0.0 : mul41;
    // sel43 = select gt2 sel42 0.0
    final double sel43 = gt2 != 0.0 ? sel42 : 0.0;
    // add44 = add add40 sel43
    final double add44 = add40 + sel43;
    // add45 = add sel32 add44
    final double add45 = sel32 + add44;
    // a_bar = add mul30 add45
    final double a_bar = mul30 + add45;
    out.value = g;
    out.a = a_bar;
  }

  private static void gVjpKernel(final double a, final double b, final double gBar, final GGrad out) {
    // from: if (a < 0) {  (Model.java:21)
    // lt0 = lt a 0.0
    final double lt0 = a < 0.0 ? 1.0 : 0.0;
    // from: return -a * b;  (Model.java:22)
    // s = mul a b
    final double s = a * b;
    // neg1 = neg s
    final double neg1 = -s;
    // from: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // gt2 = gt a 2.0
    final double gt2 = a > 2.0 ? 1.0 : 0.0;
    // from: if (a > 1) {  (Model.java:25)
    // gt3 = gt a 1.0
    final double gt3 = a > 1.0 ? 1.0 : 0.0;
    // from: s -= a;  (Model.java:28)
    // s_2 = sub b a
    final double s_2 = b - a;
    // from: if (a > 1) {  (Model.java:25)
    // s_3 = select gt3 s s_2
    final double s_3 = gt3 != 0.0 ? s : s_2;
    // from: double z = x * y;  (Model.java:12)
    // z = mul s_3 a
    final double z = s_3 * a;
    // from: z += Math.sin(x);  (Model.java:13)
    // sin4 = sin a
    final double sin4 = Math.sin(a);
    // z_2 = add z sin4
    final double z_2 = z + sin4;
    // from: final double w = z / (1 + y * y);  (Model.java:14)
    // mul5 = mul s_3 s_3
    final double mul5 = s_3 * s_3;
    // add6 = add mul5 1.0
    final double add6 = mul5 + 1.0;
    // w = div z_2 add6
    final double w = z_2 / add6;
    // from: return w - Math.exp(-x);  (Model.java:15)
    // neg7 = neg a
    final double neg7 = -a;
    // exp8 = exp neg7
    final double exp8 = Math.exp(neg7);
    // sub9 = sub w exp8
    final double sub9 = w - exp8;
    // from: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // add10 = add mul5 a
    final double add10 = mul5 + a;
    // sqrt11 = sqrt add10
    final double sqrt11 = Math.sqrt(add10);
    // sel12 = select gt2 sub9 sqrt11
    final double sel12 = gt2 != 0.0 ? sub9 : sqrt11;
    // from: if (a < 0) {  (Model.java:21)
    // g = select lt0 neg1 sel12
    final double g = lt0 != 0.0 ? neg1 : sel12;
    // tangent of: final double w = z / (1 + y * y);  (Model.java:14)
    // div13 = div w add6
    final double div13 = w / add6;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // mul14 = mul div13 gBar
    final double mul14 = div13 * gBar;
    // neg15 = neg mul14
    final double neg15 = -mul14;
    // sel16 = select lt0 0.0 neg15
    final double sel16 = lt0 != 0.0 ? 0.0 : neg15;
    // sel17 = select gt2 sel16 0.0
    final double sel17 = gt2 != 0.0 ? sel16 : 0.0;
    // tangent of: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // mul18 = mul 2.0 sqrt11
    final double mul18 = 2.0 * sqrt11;
    // grad of: return a > 2 ? f(a, s) : Math.sqrt(a + s * s);  (Model.java:30)
    // div19 = div gBar mul18
    final double div19 = gBar / mul18;
    // sel20 = select lt0 0.0 div19
    final double sel20 = lt0 != 0.0 ? 0.0 : div19;
    // sel21 = select gt2 0.0 sel20
    final double sel21 = gt2 != 0.0 ? 0.0 : sel20;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // add22 = add sel17 sel21
    final double add22 = sel17 + sel21;
    // add23 = add add22 add22
    final double add23 = add22 + add22;
    // mul24 = mul add23 s_3
    final double mul24 = add23 * s_3;
    // div25 = div gBar add6
    final double div25 = gBar / add6;
    // grad of: double z = x * y;  (Model.java:12)
    // mul26 = mul div25 a
    final double mul26 = div25 * a;
    // sel27 = select lt0 0.0 mul26
    final double sel27 = lt0 != 0.0 ? 0.0 : mul26;
    // sel28 = select gt2 sel27 0.0
    final double sel28 = gt2 != 0.0 ? sel27 : 0.0;
    // grad of: if (a > 1) {  (Model.java:25)
    // s_bar = add mul24 sel28
    final double s_bar = mul24 + sel28;
    // grad of: s -= a;  (Model.java:28)
    // neg29 = neg s_bar
    final double neg29 = -s_bar;
    // sel30 = select gt3 0.0 neg29
    final double sel30 = gt3 != 0.0 ? 0.0 : neg29;
    // grad of: return w - Math.exp(-x);  (Model.java:15)
    // mul31 = mul exp8 gBar
    final double mul31 = exp8 * gBar;
    // sel32 = select lt0 0.0 mul31
    final double sel32 = lt0 != 0.0 ? 0.0 : mul31;
    // sel33 = select gt2 sel32 0.0
    final double sel33 = gt2 != 0.0 ? sel32 : 0.0;
    // add34 = add sel21 sel33
    final double add34 = sel21 + sel33;
    // tangent of: z += Math.sin(x);  (Model.java:13)
    // cos35 = cos a
    final double cos35 = Math.cos(a);
    // grad of: z += Math.sin(x);  (Model.java:13)
    // mul36 = mul div25 cos35
    final double mul36 = div25 * cos35;
    // sel37 = select lt0 0.0 mul36
    final double sel37 = lt0 != 0.0 ? 0.0 : mul36;
    // sel38 = select gt2 sel37 0.0
    final double sel38 = gt2 != 0.0 ? sel37 : 0.0;
    // add39 = add add34 sel38
    final double add39 = add34 + sel38;
    // grad of: double z = x * y;  (Model.java:12)
    // mul40 = mul div25 s_3
    final double mul40 = div25 * s_3;
    // sel41 = select lt0 0.0 mul40
    final double sel41 = lt0 != 0.0 ? 0.0 : mul40;
    // sel42 = select gt2 sel41 0.0
    final double sel42 = gt2 != 0.0 ? sel41 : 0.0;
    // add43 = add add39 sel42
    final double add43 = add39 + sel42;
    // add44 = add sel30 add43
    final double add44 = sel30 + add43;
    // grad of: if (a > 1) {  (Model.java:25)
    // sel45 = select gt3 s_bar 0.0
    final double sel45 = gt3 != 0.0 ? s_bar : 0.0;
    // grad of: final double w = z / (1 + y * y);  (Model.java:14)
    // neg46 = neg gBar
    final double neg46 = -gBar;
    // grad of: return -a * b;  (Model.java:22)
    // sel47 = select lt0 neg46 0.0
    final double sel47 = lt0 != 0.0 ? neg46 : 0.0;
    // s_bar_2 = add sel45 sel47
    final double s_bar_2 = sel45 + sel47;
    // mul48 = mul s_bar_2 b
    final double mul48 = s_bar_2 * b;
    // a_bar = add add44 mul48
    final double a_bar = add44 + mul48;
    out.value = g;
    out.a = a_bar;
  }

  private static void hJvpKernel(final double u, final double uDot, final HJvp out) {
    // from: t++;  (Model.java:37)
    // t = add u 1.0
    final double t = u + 1.0;
    // from: double q = t * t;  (Model.java:39)
    // q = mul t t
    final double q = t * t;
    // from: if (q > 4 && u < 3 || u < -5) {  (Model.java:40)
    // gt0 = gt q 4.0
    final double gt0 = q > 4.0 ? 1.0 : 0.0;
    // lt1 = lt u 3.0
    final double lt1 = u < 3.0 ? 1.0 : 0.0;
    // sel2 = select gt0 lt1 0.0
    final double sel2 = gt0 != 0.0 ? lt1 : 0.0;
    // lt3 = lt u (-5.0)
    final double lt3 = u < (-5.0) ? 1.0 : 0.0;
    // sel4 = select sel2 1.0 lt3
    final double sel4 = sel2 != 0.0 ? 1.0 : lt3;
    // from: return Math.tanh(q) * u;  (Model.java:41)
    // tanh5 = tanh q
    final double tanh5 = Rt.tanh(q);
    // mul6 = mul tanh5 u
    final double mul6 = tanh5 * u;
    // from: t *= Math.log1p(q);  (Model.java:43)
    // log1p7 = log1p q
    final double log1p7 = Math.log1p(q);
    // t_2 = mul log1p7 t
    final double t_2 = log1p7 * t;
    // from: return t / 2 + Math.max(u, 0.5) + Math.pow(u, 3) + Math.atan2(u, 2.0);  (Model.java:45)
    // div8 = div t_2 2.0
    final double div8 = t_2 / 2.0;
    // max9 = max u 0.5
    final double max9 = Math.max(u, 0.5);
    // add10 = add div8 max9
    final double add10 = div8 + max9;
    // pow11 = integer_pow[y=3] u
    final double pow11 = u * u * u;
    // add12 = add add10 pow11
    final double add12 = add10 + pow11;
    // atan213 = atan2 u 2.0
    final double atan213 = Math.atan2(u, 2.0);
    // add14 = add add12 atan213
    final double add14 = add12 + atan213;
    // from: if (q > 4 && u < 3 || u < -5) {  (Model.java:40)
    // h = select sel4 mul6 add14
    final double h = sel4 != 0.0 ? mul6 : add14;
    // tangent of: return Math.tanh(q) * u;  (Model.java:41)
    // square15 = square tanh5
    final double square15 = tanh5 * tanh5;
    // sub16 = sub 1.0 square15
    final double sub16 = 1.0 - square15;
    // tangent of: double q = t * t;  (Model.java:39)
    // mul17 = mul t uDot
    final double mul17 = t * uDot;
    // q_dot = add mul17 mul17
    final double q_dot = mul17 + mul17;
    // tangent of: return Math.tanh(q) * u;  (Model.java:41)
    // mul18 = mul sub16 q_dot
    final double mul18 = sub16 * q_dot;
    // mul19 = mul mul18 u
    final double mul19 = mul18 * u;
    // mul20 = mul tanh5 uDot
    final double mul20 = tanh5 * uDot;
    // add21 = add mul19 mul20
    final double add21 = mul19 + mul20;
    // tangent of: t *= Math.log1p(q);  (Model.java:43)
    // add22 = add q 1.0
    final double add22 = q + 1.0;
    // div23 = div q_dot add22
    final double div23 = q_dot / add22;
    // mul24 = mul div23 t
    final double mul24 = div23 * t;
    // mul25 = mul log1p7 uDot
    final double mul25 = log1p7 * uDot;
    // t_dot = add mul24 mul25
    final double t_dot = mul24 + mul25;
    // tangent of: return t / 2 + Math.max(u, 0.5) + Math.pow(u, 3) + Math.atan2(u, 2.0);  (Model.java:45)
    // div26 = div t_dot 2.0
    final double div26 = t_dot / 2.0;
    // eq27 = eq u max9
    final double eq27 = u == max9 ? 1.0 : 0.0;
    // eq28 = eq 0.5 max9
    final double eq28 = 0.5 == max9 ? 1.0 : 0.0;
    // sel29 = select eq28 0.5 1.0
    final double sel29 = eq28 != 0.0 ? 0.5 : 1.0;
    // sel30 = select eq27 sel29 0.0
    final double sel30 = eq27 != 0.0 ? sel29 : 0.0;
    // mul31 = mul sel30 uDot
    final double mul31 = sel30 * uDot;
    // add32 = add div26 mul31
    final double add32 = div26 + mul31;
    // pow33 = integer_pow[y=2] u
    final double pow33 = u * u;
    // mul34 = mul 3.0 pow33
    final double mul34 = 3.0 * pow33;
    // mul35 = mul mul34 uDot
    final double mul35 = mul34 * uDot;
    // add36 = add add32 mul35
    final double add36 = add32 + mul35;
    // square37 = square u
    final double square37 = u * u;
    // add38 = add square37 4.0
    final double add38 = square37 + 4.0;
    // div39 = div 2.0 add38
    final double div39 = 2.0 / add38;
    // mul40 = mul div39 uDot
    final double mul40 = div39 * uDot;
    // add41 = add add36 mul40
    final double add41 = add36 + mul40;
    // tangent of: if (q > 4 && u < 3 || u < -5) {  (Model.java:40)
    // h_dot = select sel4 add21 add41
    final double h_dot = sel4 != 0.0 ? add21 : add41;
    out.value = h;
    out.tangent = h_dot;
  }

  private static void loopGradKernel(final double x, final double y, final LoopGrad out) {
    // from: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // s = scan[consts=1,carry=3,length=5,reverse=False,out=1,body=17 nodes] y 0.0 0.0 x
    final double[] s = new double[1];
    final double[] p = new double[1];
    final double[] ys0 = new double[5];
    final double[] ys1 = new double[5];
    {
      // scan of 5 steps: 3 carries, 0 xs, 2 ys
      final double c0 = y;
      double i = 0.0;
      double s_2 = 0.0;
      double p_2 = x;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      final double[] out4_next = new double[1];
      for (int t = 0; t < 5; t++) {
        // add0 = add i 1.0
        final double add0 = i + 1.0;
        // conv1 = convert_element_type[f64] i
        final double conv1 = i;
        // mul2 = mul 2.0 c0
        final double mul2 = 2.0 * c0;
        // mul3 = mul conv1 mul2
        final double mul3 = conv1 * mul2;
        // add4 = add mul3 p_2
        final double add4 = mul3 + p_2;
        // sin5 = sin add4
        final double sin5 = Math.sin(add4);
        // add6 = add sin5 s_2
        final double add6 = sin5 + s_2;
        // mul7 = mul 0.9 p_2
        final double mul7 = 0.9 * p_2;
        // add8 = add mul7 c0
        final double add8 = mul7 + c0;
        // cos9 = cos add4
        final double cos9 = Math.cos(add4);
        out0_next[0] = add0;
        out1_next[0] = add6;
        out2_next[0] = add8;
        out3_next[0] = conv1;
        out4_next[0] = cos9;
        i = out0_next[0];
        s_2 = out1_next[0];
        p_2 = out2_next[0];
        ys0[t] = out3_next[0];
        ys1[t] = out4_next[0];
      }
      s[0] = s_2;
      p[0] = p_2;
    }
    // from: return s + p;  (Model.java:59)
    // loop = add s p
    final double loop = s[0] + p[0];
    // grad of: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // carry2 = scan[consts=0,carry=4,length=5,reverse=True,out=2,linear=(0,1,2,3),body=15 nodes] 0.0 1.0 0.0 0.0 ys0 ys1
    final double[] carry2 = new double[1];
    final double[] carry3 = new double[1];
    {
      // scan of 5 steps, in reverse: 4 carries, 2 xs, 0 ys
      double out0_dot_bar = 0.0;
      double out1_dot_bar = 1.0;
      double out2_dot_bar = 0.0;
      double c0_dot_bar = 0.0;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      for (int t = 4; t >= 0; t--) {
        final double r0 = ys0[t];
        final double r1 = ys1[t];
        // mul0 = mul 0.9 out2_dot_bar
        final double mul0 = 0.9 * out2_dot_bar;
        // mul1 = mul out1_dot_bar r1
        final double mul1 = out1_dot_bar * r1;
        // add2 = add mul0 mul1
        final double add2 = mul0 + mul1;
        // mul3 = mul mul1 r0
        final double mul3 = mul1 * r0;
        // mul4 = mul 2.0 mul3
        final double mul4 = 2.0 * mul3;
        // add5 = add mul4 out2_dot_bar
        final double add5 = mul4 + out2_dot_bar;
        // add6 = add add5 c0_dot_bar
        final double add6 = add5 + c0_dot_bar;
        java.util.Arrays.fill(out0_next, 0.0);
        out1_next[0] = out1_dot_bar;
        out2_next[0] = add2;
        out3_next[0] = add6;
        out0_dot_bar = out0_next[0];
        out1_dot_bar = out1_next[0];
        out2_dot_bar = out2_next[0];
        c0_dot_bar = out3_next[0];
      }
      carry2[0] = out2_dot_bar;
      carry3[0] = c0_dot_bar;
    }
    // carry4 = scan[consts=0,carry=4,length=5,reverse=True,out=2,linear=(0,1,2,3),body=15 nodes] 0.0 0.0 1.0 0.0 ys0 ys1
    final double[] carry4 = new double[1];
    final double[] carry5 = new double[1];
    {
      // scan of 5 steps, in reverse: 4 carries, 2 xs, 0 ys
      double out0_dot_bar = 0.0;
      double out1_dot_bar = 0.0;
      double out2_dot_bar = 1.0;
      double c0_dot_bar = 0.0;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      for (int t = 4; t >= 0; t--) {
        final double r0 = ys0[t];
        final double r1 = ys1[t];
        // mul0 = mul 0.9 out2_dot_bar
        final double mul0 = 0.9 * out2_dot_bar;
        // mul1 = mul out1_dot_bar r1
        final double mul1 = out1_dot_bar * r1;
        // add2 = add mul0 mul1
        final double add2 = mul0 + mul1;
        // mul3 = mul mul1 r0
        final double mul3 = mul1 * r0;
        // mul4 = mul 2.0 mul3
        final double mul4 = 2.0 * mul3;
        // add5 = add mul4 out2_dot_bar
        final double add5 = mul4 + out2_dot_bar;
        // add6 = add add5 c0_dot_bar
        final double add6 = add5 + c0_dot_bar;
        java.util.Arrays.fill(out0_next, 0.0);
        out1_next[0] = out1_dot_bar;
        out2_next[0] = add2;
        out3_next[0] = add6;
        out0_dot_bar = out0_next[0];
        out1_dot_bar = out1_next[0];
        out2_dot_bar = out2_next[0];
        c0_dot_bar = out3_next[0];
      }
      carry4[0] = out2_dot_bar;
      carry5[0] = c0_dot_bar;
    }
    // x_bar = add carry2 carry4
    final double x_bar = carry2[0] + carry4[0];
    // y_bar = add carry5 carry3
    final double y_bar = carry5[0] + carry3[0];
    out.value = loop;
    out.x = x_bar;
    out.y = y_bar;
  }

  private static void loopVjpKernel(final double x, final double y, final double loopBar, final LoopGrad out) {
    // from: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // s = scan[consts=1,carry=3,length=5,reverse=False,out=1,body=17 nodes] y 0.0 0.0 x
    final double[] s = new double[1];
    final double[] p = new double[1];
    final double[] ys0 = new double[5];
    final double[] ys1 = new double[5];
    {
      // scan of 5 steps: 3 carries, 0 xs, 2 ys
      final double c0 = y;
      double i = 0.0;
      double s_2 = 0.0;
      double p_2 = x;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      final double[] out4_next = new double[1];
      for (int t = 0; t < 5; t++) {
        // add0 = add i 1.0
        final double add0 = i + 1.0;
        // conv1 = convert_element_type[f64] i
        final double conv1 = i;
        // mul2 = mul 2.0 c0
        final double mul2 = 2.0 * c0;
        // mul3 = mul conv1 mul2
        final double mul3 = conv1 * mul2;
        // add4 = add mul3 p_2
        final double add4 = mul3 + p_2;
        // sin5 = sin add4
        final double sin5 = Math.sin(add4);
        // add6 = add sin5 s_2
        final double add6 = sin5 + s_2;
        // mul7 = mul 0.9 p_2
        final double mul7 = 0.9 * p_2;
        // add8 = add mul7 c0
        final double add8 = mul7 + c0;
        // cos9 = cos add4
        final double cos9 = Math.cos(add4);
        out0_next[0] = add0;
        out1_next[0] = add6;
        out2_next[0] = add8;
        out3_next[0] = conv1;
        out4_next[0] = cos9;
        i = out0_next[0];
        s_2 = out1_next[0];
        p_2 = out2_next[0];
        ys0[t] = out3_next[0];
        ys1[t] = out4_next[0];
      }
      s[0] = s_2;
      p[0] = p_2;
    }
    // from: return s + p;  (Model.java:59)
    // loop = add s p
    final double loop = s[0] + p[0];
    // grad of: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // carry2 = scan[consts=0,carry=4,length=5,reverse=True,out=2,linear=(0,1,2,3),body=15 nodes] 0.0 loopBar 0.0 0.0 ys0 ys1
    final double[] carry2 = new double[1];
    final double[] carry3 = new double[1];
    {
      // scan of 5 steps, in reverse: 4 carries, 2 xs, 0 ys
      double out0_dot_bar = 0.0;
      double out1_dot_bar = loopBar;
      double out2_dot_bar = 0.0;
      double c0_dot_bar = 0.0;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      for (int t = 4; t >= 0; t--) {
        final double r0 = ys0[t];
        final double r1 = ys1[t];
        // mul0 = mul 0.9 out2_dot_bar
        final double mul0 = 0.9 * out2_dot_bar;
        // mul1 = mul out1_dot_bar r1
        final double mul1 = out1_dot_bar * r1;
        // add2 = add mul0 mul1
        final double add2 = mul0 + mul1;
        // mul3 = mul mul1 r0
        final double mul3 = mul1 * r0;
        // mul4 = mul 2.0 mul3
        final double mul4 = 2.0 * mul3;
        // add5 = add mul4 out2_dot_bar
        final double add5 = mul4 + out2_dot_bar;
        // add6 = add add5 c0_dot_bar
        final double add6 = add5 + c0_dot_bar;
        java.util.Arrays.fill(out0_next, 0.0);
        out1_next[0] = out1_dot_bar;
        out2_next[0] = add2;
        out3_next[0] = add6;
        out0_dot_bar = out0_next[0];
        out1_dot_bar = out1_next[0];
        out2_dot_bar = out2_next[0];
        c0_dot_bar = out3_next[0];
      }
      carry2[0] = out2_dot_bar;
      carry3[0] = c0_dot_bar;
    }
    // carry4 = scan[consts=0,carry=4,length=5,reverse=True,out=2,linear=(0,1,2,3),body=15 nodes] 0.0 0.0 loopBar 0.0 ys0 ys1
    final double[] carry4 = new double[1];
    final double[] carry5 = new double[1];
    {
      // scan of 5 steps, in reverse: 4 carries, 2 xs, 0 ys
      double out0_dot_bar = 0.0;
      double out1_dot_bar = 0.0;
      double out2_dot_bar = loopBar;
      double c0_dot_bar = 0.0;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      for (int t = 4; t >= 0; t--) {
        final double r0 = ys0[t];
        final double r1 = ys1[t];
        // mul0 = mul 0.9 out2_dot_bar
        final double mul0 = 0.9 * out2_dot_bar;
        // mul1 = mul out1_dot_bar r1
        final double mul1 = out1_dot_bar * r1;
        // add2 = add mul0 mul1
        final double add2 = mul0 + mul1;
        // mul3 = mul mul1 r0
        final double mul3 = mul1 * r0;
        // mul4 = mul 2.0 mul3
        final double mul4 = 2.0 * mul3;
        // add5 = add mul4 out2_dot_bar
        final double add5 = mul4 + out2_dot_bar;
        // add6 = add add5 c0_dot_bar
        final double add6 = add5 + c0_dot_bar;
        java.util.Arrays.fill(out0_next, 0.0);
        out1_next[0] = out1_dot_bar;
        out2_next[0] = add2;
        out3_next[0] = add6;
        out0_dot_bar = out0_next[0];
        out1_dot_bar = out1_next[0];
        out2_dot_bar = out2_next[0];
        c0_dot_bar = out3_next[0];
      }
      carry4[0] = out2_dot_bar;
      carry5[0] = c0_dot_bar;
    }
    // x_bar = add carry2 carry4
    final double x_bar = carry2[0] + carry4[0];
    // y_bar = add carry3 carry5
    final double y_bar = carry3[0] + carry5[0];
    out.value = loop;
    out.x = x_bar;
    out.y = y_bar;
  }

  private static void loopJvpKernel(final double x, final double y, final double xDot, final double yDot, final LoopJvp out) {
    // from: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // s = scan[consts=1,carry=3,length=5,reverse=False,out=1,body=17 nodes] y 0.0 0.0 x
    final double[] s = new double[1];
    final double[] p = new double[1];
    final double[] ys0 = new double[5];
    final double[] ys1 = new double[5];
    {
      // scan of 5 steps: 3 carries, 0 xs, 2 ys
      final double c0 = y;
      double i = 0.0;
      double s_2 = 0.0;
      double p_2 = x;
      final double[] out0_next = new double[1];
      final double[] out1_next = new double[1];
      final double[] out2_next = new double[1];
      final double[] out3_next = new double[1];
      final double[] out4_next = new double[1];
      for (int t = 0; t < 5; t++) {
        // add0 = add i 1.0
        final double add0 = i + 1.0;
        // conv1 = convert_element_type[f64] i
        final double conv1 = i;
        // mul2 = mul 2.0 c0
        final double mul2 = 2.0 * c0;
        // mul3 = mul conv1 mul2
        final double mul3 = conv1 * mul2;
        // add4 = add mul3 p_2
        final double add4 = mul3 + p_2;
        // sin5 = sin add4
        final double sin5 = Math.sin(add4);
        // add6 = add sin5 s_2
        final double add6 = sin5 + s_2;
        // mul7 = mul 0.9 p_2
        final double mul7 = 0.9 * p_2;
        // add8 = add mul7 c0
        final double add8 = mul7 + c0;
        // cos9 = cos add4
        final double cos9 = Math.cos(add4);
        out0_next[0] = add0;
        out1_next[0] = add6;
        out2_next[0] = add8;
        out3_next[0] = conv1;
        out4_next[0] = cos9;
        i = out0_next[0];
        s_2 = out1_next[0];
        p_2 = out2_next[0];
        ys0[t] = out3_next[0];
        ys1[t] = out4_next[0];
      }
      s[0] = s_2;
      p[0] = p_2;
    }
    // from: return s + p;  (Model.java:59)
    // loop = add s p
    final double loop = s[0] + p[0];
    // tangent of: for (int i = 0; i < 5; i++) {  (Model.java:54)
    // s_dot = scan[consts=1,carry=3,length=5,reverse=False,out=1,linear=(0,1,2,3),body=15 nodes] yDot 0.0 0.0 xDot ys0 ys1
    final double[] s_dot = new double[1];
    final double[] p_dot = new double[1];
    {
      // scan of 5 steps: 3 carries, 2 xs, 0 ys
      final double c0_dot = yDot;
      double i_dot = 0.0;
      double s_dot_2 = 0.0;
      double p_dot_2 = xDot;
      final double[] out0_dot_next = new double[1];
      final double[] out1_dot_next = new double[1];
      final double[] out2_dot_next = new double[1];
      for (int t = 0; t < 5; t++) {
        final double r0 = ys0[t];
        final double r1 = ys1[t];
        // mul0 = mul 2.0 c0_dot
        final double mul0 = 2.0 * c0_dot;
        // mul1 = mul mul0 r0
        final double mul1 = mul0 * r0;
        // add2 = add mul1 p_dot_2
        final double add2 = mul1 + p_dot_2;
        // mul3 = mul add2 r1
        final double mul3 = add2 * r1;
        // out1_dot = add mul3 s_dot_2
        final double out1_dot = mul3 + s_dot_2;
        // mul4 = mul 0.9 p_dot_2
        final double mul4 = 0.9 * p_dot_2;
        // out2_dot = add mul4 c0_dot
        final double out2_dot = mul4 + c0_dot;
        java.util.Arrays.fill(out0_dot_next, 0.0);
        out1_dot_next[0] = out1_dot;
        out2_dot_next[0] = out2_dot;
        i_dot = out0_dot_next[0];
        s_dot_2 = out1_dot_next[0];
        p_dot_2 = out2_dot_next[0];
      }
      s_dot[0] = s_dot_2;
      p_dot[0] = p_dot_2;
    }
    // tangent of: return s + p;  (Model.java:59)
    // loop_dot = add s_dot p_dot
    final double loop_dot = s_dot[0] + p_dot[0];
    out.value = loop;
    out.tangent = loop_dot;
  }
}
