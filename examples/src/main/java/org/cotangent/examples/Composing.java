package org.cotangent.examples;

import static org.cotangent.Cotangent.jacfwd;
import static org.cotangent.Cotangent.jacrev;
import static org.cotangent.Cotangent.jvp;
import static org.cotangent.Cotangent.vjp;
import static org.cotangent.Cotangent.vmap;
import static org.cotangent.examples.ArrayHelpers.allclose;
import static org.cotangent.frontend.Ops.eye;
import static org.cotangent.frontend.Ops.vstack;
import static org.cotangent.examples.LogisticRegression.B;
import static org.cotangent.examples.LogisticRegression.INPUTS;
import static org.cotangent.examples.LogisticRegression.W;
import static org.cotangent.examples.LogisticRegression.normal;
import static org.cotangent.examples.LogisticRegression.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cotangent.Fn;
import org.cotangent.Pullback;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;

/** "Composing VJPs, JVPs, and vmap": matrix-Jacobian products and jacfwd/jacrev from scratch. */
final class Composing {
  private Composing() {}

  static void run(CookbookPrinter out) {
    out.print("== Composing VJPs, JVPs, and vmap ==");
    out.print();
    matrixJacobianProducts(out);
    implementingJacobians(out);
  }

  /** The length of axis 0 (Python's {@code len}). */
  private static int len(Sym x) {
    return x.shape().dim(0);
  }

  // Pull back the covectors `m_i` along `f`, evaluated at `W`, for all `i`.
  // First, loop over the rows of the matrix M.
  static Sym loopMjp(Fn f, Sym x, Sym m) {
    Pullback vjpFun = vjp(f, x);
    List<Sym> rows = new ArrayList<>();
    for (int i = 0; i < len(m); i++) {
      List<Sym> cotangents = vjpFun.apply(m.get(i));
      rows.add(cotangents.get(0));
    }
    return vstack(rows.toArray(new Sym[0]));
  }

  // Now, use vmap to build a computation that does a single fast matrix-matrix
  // multiply, rather than an outer loop over vector-matrix multiplies.
  static Sym vmapMjp(Fn f, Sym x, Sym m) {
    Pullback vjpFun = vjp(f, x);
    List<Sym> outs = vmap(vjpFun).apply(m);
    return outs.get(0);
  }

  static Sym loopJmp(Fn f, Sym w, Sym m) {
    List<Sym> rows = new ArrayList<>();
    for (int i = 0; i < len(m); i++) {
      rows.add(jvp(f, List.of(w), List.of(m.get(i))).tangentOut());
    }
    return vstack(rows.toArray(new Sym[0]));
  }

  /** The pushforward {@code s -> jvp(f, (w,), (s,))[1]}, a function vmap can trace. */
  static Fn pushforward(Fn f, Sym w) {
    return Fn.of(s -> jvp(f, List.of(w), List.of(s)).<Sym>tangentOut());
  }

  static Sym vmapJmp(Fn f, Sym w, Sym m) {
    return vmap(pushforward(f, w)).apply(m);
  }

  private static void matrixJacobianProducts(CookbookPrinter out) {
    out.print("-- Jacobian-Matrix and Matrix-Jacobian products --");
    // Isolate the function from the weight matrix to the predictions
    Fn f = Fn.of(w -> predict(w, B, INPUTS));
    Sym y = f.apply(W);

    int numCovecs = 128;
    Sym u = normal(9, numCovecs, len(y));

    Sym loopVs = loopMjp(f, W, u);
    out.timeit(() -> loopMjp(f, W, u).value(), "Non-vmapped Matrix-Jacobian product");
    Sym vmapVs = vmapMjp(f, W, u);
    out.timeit(() -> vmapMjp(f, W, u).value(), "Vmapped Matrix-Jacobian product");
    out.print("Vmap and non-vmapped Matrix-Jacobian Products are identical:",
        allclose(loopVs, vmapVs));

    int numVecs = 128;
    Sym s = normal(10, numVecs, len(W));

    loopVs = loopJmp(f, W, s);
    out.timeit(() -> loopJmp(f, W, s).value(), "Non-vmapped Jacobian-Matrix product");
    vmapVs = vmapJmp(f, W, s);
    out.timeit(() -> vmapJmp(f, W, s).value(), "Vmapped Jacobian-Matrix product");
    out.print("Vmap and non-vmapped Jacobian-Matrix products are identical:",
        allclose(loopVs, vmapVs));
    out.print();
  }

  static UnaryOperator<Sym> ourJacrev(Fn f) {
    return x -> {
      Pullback vjpFun = vjp(f, x);
      Sym y = vjpFun.out();
      // Use vmap to do a matrix-Jacobian product.
      // Here, the matrix is the Euclidean basis, so we get all
      // entries in the Jacobian at once.
      List<Sym> j = vmap(vjpFun, 0, 0).apply(eye(len(y)));
      return j.get(0);
    };
  }

  static UnaryOperator<Sym> ourJacfwd(Fn f) {
    return x -> {
      Sym jt = vmap(pushforward(f, x), 1, 0).apply(eye(len(x)));
      return Ops.transpose(jt);
    };
  }

  private static void implementingJacobians(CookbookPrinter out) {
    out.print("-- Implementing jacfwd and jacrev --");
    Fn f = Fn.of(w -> predict(w, B, INPUTS));
    out.print("our_jacrev(f)(W) == jacrev(f)(W):",
        allclose(ourJacrev(f).apply(W), jacrev(f).apply(W)));
    out.print("our_jacfwd(f)(W) == jacfwd(f)(W):",
        allclose(ourJacfwd(f).apply(W), jacfwd(f).apply(W)));
    out.print();
  }
}
