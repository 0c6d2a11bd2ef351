package org.cotangent.fuzz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.script.FuzzAccess;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * The NaN-safe where against its closed form (issue 11 item 4), independently of Cotangent: a
 * random {@code g(x) = where(a x > 0, f(a x), c(x))} (or {@code where(a x <= 0, c(x), f(a x))})
 * with f among sqrt, log, 1/z and arctan2(z, z), which are infinite or undefined in the lanes
 * the where does not take, at a point with lanes exactly 0, positive and negative; its first
 * derivatives by grad, jvp, vjp, jacfwd, jacrev and vmap(grad), its second by grad of grad and
 * hessian, interpreted on the traced graph and called at the script's top level (compiled), must
 * be finite and equal the derivative of the taken branch written in Java: exactly 0 where that
 * branch is a constant (at x = 0 with {@code where(x > 0, sqrt(x), 0.0)}: 0, not NaN).
 */
final class NanSafeCheck {
  private static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());
  static final double TOL = 1e-10;

  private static final String[] F = {"sqrt", "log", "reciprocal", "arctan2"};
  private static final double[] A = {1.0, 2.0, -1.5};
  private static final String[] C = {"0.0", "1.5", "(0.5 * x)", "sin(x)"};

  final String fn;
  final double a;
  final String c;
  final boolean le;
  final int[] shape;
  final double[] x;

  /** The function the script writes ({@link #fn} but in the self-test, which makes them differ). */
  String written;

  NanSafeCheck(String fn, double a, String c, boolean le, double[] x) {
    this.fn = fn;
    this.written = fn;
    this.a = a;
    this.c = c;
    this.le = le;
    this.shape = new int[] {x.length};
    this.x = x.clone();
  }

  NanSafeCheck(Random r) {
    fn = F[r.nextInt(F.length)];
    a = A[r.nextInt(A.length)];
    c = C[r.nextInt(C.length)];
    le = r.nextBoolean();
    int rank = r.nextInt(3);
    shape = rank == 0 ? new int[0] : rank == 1 ? new int[] {1 + r.nextInt(5)} : new int[] {2, 3};
    x = new double[Generator.size(shape)];
    for (int i = 0; i < x.length; i++) {
      int k = r.nextInt(3);
      x[i] = k == 0 ? 0.0 : (k == 1 ? 1 : -1) * (0.3 + 0.9 * r.nextDouble());
    }
    x[r.nextInt(x.length)] = 0.0;
    written = fn;
  }

  /** The probe and the derivatives' defs, as a script. */
  String script() {
    String z = a == 1.0 ? "x" : "(" + a + " * x)";
    String fz = written.equals("arctan2") ? "arctan2(" + z + ", " + z + ")"
        : written.equals("reciprocal") ? "(1.0 / " + z + ")" : written + "(" + z + ")";
    String g = le ? "where(" + z + " <= 0, " + c + ", " + fz + ")"
        : "where(" + z + " > 0, " + fz + ", " + c + ")";
    StringBuilder sb = new StringBuilder();
    sb.append("def g(x) = ").append(g).append('\n');
    sb.append("def s(x) = sum(g(x))\n");
    sb.append("def d_grad(x) = grad(s)(x)\n");
    sb.append("def d_jvp(x) = jvp(g, (x,), (ones_like(x),))[1]\n");
    sb.append("def d_vjp(x) = vjp(g, x)[1](ones_like(x))[0]\n");
    sb.append("def d_vg(x) = value_and_grad(s)(x)[1]\n");
    sb.append("def dd_grad(x) = grad(lambda y: sum(grad(s)(y)))(x)\n");
    if (shape.length <= 1) {
      sb.append("def j_fwd(x) = jacfwd(g)(x)\n");
      sb.append("def j_rev(x) = jacrev(g)(x)\n");
      sb.append("def h_s(x) = hessian(s)(x)\n");
    }
    if (shape.length == 1) {
      sb.append("def d_vmap(x) = vmap(grad(g))(x)\n");
      sb.append("def dd_vmap(x) = vmap(grad(grad(g)))(x)\n");
    }
    return sb.toString();
  }

  /** The derivative of the taken branch at lane value {@code v} (order 1 or 2), and whether it is exactly 0. */
  private double[] derivative(double v, int order) {
    double z = a * v;
    boolean fBranch = z > 0;
    if (!fBranch) {
      switch (c) {
        case "(0.5 * x)":
          return new double[] {order == 1 ? 0.5 : 0, order == 1 ? 0 : 1};
        case "sin(x)":
          return new double[] {order == 1 ? Math.cos(v) : -Math.sin(v), 0};
        default:
          return new double[] {0, 1};
      }
    }
    double d;
    switch (fn) {
      case "sqrt":
        d = order == 1 ? 0.5 / Math.sqrt(z) : -0.25 * Math.pow(z, -1.5);
        break;
      case "log":
        d = order == 1 ? 1 / z : -1 / (z * z);
        break;
      case "reciprocal":
        d = order == 1 ? -1 / (z * z) : 2 / (z * z * z);
        break;
      default:
        d = 0;
        break;
    }
    return new double[] {(order == 1 ? a : a * a) * d, 0};
  }

  /** Null if every derivative matches its closed form, else what did not. */
  String check(Stats stats) {
    return check(stats, null);
  }

  /**
   * As {@link #check(Stats)}, for {@code pick} (null: all) of the derivatives: each interpreted,
   * and one of them also called at the top level (compiled), which costs most of a probe.
   */
  String check(Stats stats, Random pick) {
    String text = script();
    TensorType t = TensorType.f64(shape);
    Tensor xt = Tensor.wrap(t, x.clone());
    List<String> defs = new ArrayList<>(List.of("d_grad", "d_jvp", "d_vjp", "d_vg", "dd_grad"));
    if (shape.length <= 1) {
      defs.addAll(List.of("j_fwd", "j_rev", "h_s"));
    }
    if (shape.length == 1) {
      defs.addAll(List.of("d_vmap", "dd_vmap"));
    }
    String compiled = null;
    if (pick != null) {
      java.util.Collections.shuffle(defs, pick);
      defs = new ArrayList<>(defs.subList(0, 3));
      compiled = defs.get(0);
    }
    ScriptSession session = new ScriptSession(NULL_OUT, NULL_OUT, false);
    try {
      session.run(text, "<nan-safe>");
    } catch (RuntimeException e) {
      return "the probe does not run: " + Compiled.describe(e);
    }
    for (String d : defs) {
      stats.check("nan-safe");
      boolean jac = d.startsWith("j_") || d.startsWith("h_");
      int order = d.startsWith("dd") || d.startsWith("h_") ? 2 : 1;
      List<Tensor> got = new ArrayList<>();
      String how = "interpreted";
      try {
        Graph gr = session.trace(d, List.of(t));
        got.add(Interpreter.eval(gr, List.of(xt)).get(0));
        how = "called at the top level";
        if (compiled == null || compiled.equals(d)) {
          got.add(FuzzAccess.callTopLevel(text, d, List.of(xt)).get(0));
        }
      } catch (RuntimeException | StackOverflowError e) {
        return d + " (" + how + ") threw " + Compiled.describe(e);
      }
      for (int w = 0; w < got.size(); w++) {
        double[] v = got.get(w).toDoubleArray();
        int n = x.length;
        if (v.length != (jac ? n * n : n)) {
          return d + ": " + v.length + " values for " + n + " lanes";
        }
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < (jac ? n : 1); j++) {
            double gv = v[jac ? i * n + j : i];
            double[] e = i == j || !jac ? derivative(x[i], order) : new double[] {0, 1};
            boolean ok = e[1] == 1 ? gv == 0 : Math.abs(gv - e[0]) <= TOL * Math.max(1, Math.abs(e[0]));
            if (!ok) {
              return d + " (" + (w == 0 ? "interpreted" : "called at the top level") + ") at x = "
                  + java.util.Arrays.toString(x) + ": element " + (jac ? i + "," + j : i) + " is "
                  + gv + ", the taken branch's derivative is " + e[0]
                  + (e[1] == 1 ? " (exactly)" : "");
            }
          }
        }
      }
    }
    return null;
  }

  /** A reproducer: the probe, its point and what failed. */
  String reproducer(long seed, long index, String failure) {
    return "# Found by the differential fuzzer's NaN-safe where check (seed " + seed + ", program "
        + index + ").\n# Failing check: nan-safe\n# " + failure.replace("\n", "\n# ") + "\n# x = "
        + java.util.Arrays.toString(x) + " (shape " + java.util.Arrays.toString(shape) + ")\n"
        + script();
  }
}
