package org.cotangent.examples;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.examples.ArrayHelpers.allclose;
import static org.cotangent.frontend.Ops.ones;
import static org.cotangent.examples.LogisticRegression.B;
import static org.cotangent.examples.LogisticRegression.INPUTS;
import static org.cotangent.examples.LogisticRegression.W;
import static org.cotangent.examples.LogisticRegression.normal;
import static org.cotangent.examples.LogisticRegression.predict;

import java.util.List;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.Pullback;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;

/** "How it's made: two foundational autodiff functions": JVPs, VJPs and Hessian-vector products. */
final class Foundations {
  private Foundations() {}

  static void run(CookbookPrinter out) {
    out.print("== How it's made: two foundational autodiff functions ==");
    out.print();
    jacobianVectorProducts(out);
    vectorJacobianProducts(out);
    vectorValuedGradients(out);
    hessianVectorProducts(out);
  }

  private static void jacobianVectorProducts(CookbookPrinter out) {
    out.print("-- Jacobian-Vector products (JVPs, aka forward-mode autodiff) --");
    // Isolate the function from the weight matrix to the predictions
    Fn f = Fn.of(w -> predict(w, B, INPUTS));
    Sym v = normal(5, W.shape().dims());
    // Push forward the vector `v` along `f` evaluated at `W`
    Cotangent.JvpOut pushed = jvp(f, List.of(W), List.of(v));
    Sym y = pushed.out();
    Sym u = pushed.tangentOut();
    out.print("y", y);
    out.print("u", u);
    out.print();
  }

  private static void vectorJacobianProducts(CookbookPrinter out) {
    out.print("-- Vector-Jacobian products (VJPs, aka reverse-mode autodiff) --");
    Fn f = Fn.of(w -> predict(w, B, INPUTS));
    // Pull back the covector `u` along `f` evaluated at `W`
    Pullback vjpFun = vjp(f, W);
    Sym y = vjpFun.out();
    Sym u = normal(6, y.shape().dims());
    // One cotangent per primal, in a list (JAX's tuple).
    List<Sym> v = vjpFun.apply(u);
    out.print("v", v);
    out.print();
  }

  /** The VJP of {@code f} at {@code x} with the all-ones covector. */
  static Sym vgrad(Fn f, Sym x) {
    Pullback vjpFn = vjp(f, x);
    Sym y = vjpFn.out();
    List<Sym> cotangents = vjpFn.apply(ones(y.shape().dims()));
    return cotangents.get(0);
  }

  private static void vectorValuedGradients(CookbookPrinter out) {
    out.print("-- Vector-valued gradients with VJPs --");
    out.print(vgrad(Fn.of(x -> x.pow(2).mul(3)), ones(2, 2)));
    out.print();
  }

  // Forward-over-reverse
  static Sym hvp(Fn f, List<Sym> primals, List<Sym> tangents) {
    return jvp(grad(f), primals, tangents).tangentOut();
  }

  // Reverse-over-forward
  static Sym hvpRevFwd(Fn f, List<Sym> primals, List<Sym> tangents) {
    // jvp(f, primals, tangents) works on traced values too: here it is inlined into g's trace.
    Fn g = Fn.tree((List<Sym> ps) -> jvp(f, ps, tangents).<Sym>tangentOut());
    List<Sym> gradients = grad(g).apply(primals);
    return gradients.get(0);
  }

  // Reverse-over-reverse, only works for single arguments
  static Sym hvpRevRev(Fn f, List<Sym> primals, List<Sym> tangents) {
    Sym x = primals.get(0);
    Sym v = tangents.get(0);
    return grad(Fn.of(y -> Ops.vdot(grad(f).apply(y), v))).apply(x);
  }

  private static void hessianVectorProducts(CookbookPrinter out) {
    out.print("-- Hessian-vector products using both forward- and reverse-mode --");
    Fn f = Fn.of(x -> Ops.sum(Ops.tanh(x).pow(2)));

    Sym x = normal(7, 30, 40);
    Sym v = normal(8, 30, 40);
    List<Sym> primals = List.of(x);
    List<Sym> tangents = List.of(v);

    Sym ans1 = hvp(f, primals, tangents);
    out.print("forward-over-reverse == reverse-over-forward:",
        allclose(ans1, hvpRevFwd(f, primals, tangents), 1e-4, 1e-4));
    out.print("forward-over-reverse == reverse-over-reverse:",
        allclose(ans1, hvpRevRev(f, primals, tangents), 1e-4, 1e-4));
    Sym fullHessian = hessian(f).apply(x);
    out.print("forward-over-reverse == naive full Hessian:",
        allclose(ans1, Ops.tensordot(fullHessian, v, 2), 1e-4, 1e-4));

    // Arrays computed from values are evaluated when their value is asked for.
    out.timeit(() -> Ops.tensordot(hessian(f).apply(x), v, 2).value(),
        "Naive full Hessian materialization");
    out.timeit(() -> hvp(f, primals, tangents), "Forward over reverse");
    out.timeit(() -> hvpRevFwd(f, primals, tangents), "Reverse over forward");
    out.timeit(() -> hvpRevRev(f, primals, tangents), "Reverse over reverse");
    out.print();
  }
}
