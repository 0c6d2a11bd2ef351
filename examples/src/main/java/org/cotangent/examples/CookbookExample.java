package org.cotangent.examples;

import static org.cotangent.Cotangent.checkGrads;
import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jacfwd;
import static org.cotangent.Cotangent.jacrev;
import static org.cotangent.Cotangent.valueAndGrad;
import static org.cotangent.examples.ArrayHelpers.allclose;
import static org.cotangent.examples.LogisticRegression.B;
import static org.cotangent.examples.LogisticRegression.INPUTS;
import static org.cotangent.examples.LogisticRegression.LOSS;
import static org.cotangent.examples.LogisticRegression.LOSS2;
import static org.cotangent.examples.LogisticRegression.W;
import static org.cotangent.examples.LogisticRegression.normal;
import static org.cotangent.examples.LogisticRegression.predict;

import java.util.List;
import java.util.Map;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;

/**
 * JAX's Autodiff Cookbook (Alex Wiltschko and Matthew Johnson) written with Cotangent's Java API:
 * the sections of the repository's {@code cookbook.ct}, in its order, printing what it prints.
 * This class holds the first part, "Gradients"; {@link Foundations} ("How it's made"), {@link
 * Composing} (VJPs, JVPs and vmap) and {@link ComplexNumbers} follow.
 *
 * <p>Run it with {@code --json} to print one JSON line per {@code print}, as {@code cotangent
 * cookbook --json} does, and with {@code --quick} to call each timed thunk once instead of timing
 * it.
 *
 * <p>Random numbers: JAX splits PRNG keys; here, as in the script, {@code normal(seed, shape)}
 * takes an explicit seed ({@link LogisticRegression#normal}).
 */
public final class CookbookExample {
  private CookbookExample() {}

  /** Prints the cookbook; arguments {@code --json} and {@code --quick} (see the class comment). */
  public static void main(String... args) {
    boolean json = false;
    boolean quick = false;
    for (String a : args) {
      switch (a) {
        case "--json" -> json = true;
        case "--quick" -> quick = true;
        default -> {
          System.err.println("CookbookExample: unknown argument '" + a + "'; usage: CookbookExample"
              + " [--json] [--quick]");
          System.exit(2);
        }
      }
    }
    CookbookPrinter out = new CookbookPrinter(System.out, json, quick);
    gradients(out);
    Foundations.run(out);
    Composing.run(out);
    ComplexNumbers.run(out);
    out.print("That's the whole cookbook.");
  }

  /** "Gradients": grad, argnums, pytrees, value_and_grad, finite differences, Jacobians. */
  static void gradients(CookbookPrinter out) {
    out.print("== Gradients ==");
    out.print();
    startingWithGrad(out);
    logisticRegression(out);
    nestedContainers(out);
    valueAndGradient(out);
    numericalDifferences(out);
    hessianVectorProducts(out);
    jacobiansAndHessians(out);
  }

  private static void startingWithGrad(CookbookPrinter out) {
    out.print("-- Starting with grad --");
    Fn tanh = Fn.of(Ops::tanh);
    Fn gradTanh = grad(tanh);
    // A gradient comes back as its argument's kind: a double for a double.
    double d1 = gradTanh.apply(2.0);
    double d2 = grad(grad(tanh)).apply(2.0);
    double d3 = grad(grad(grad(tanh))).apply(2.0);
    out.print(d1);
    out.print(d2);
    out.print(d3);
    out.print();
  }

  private static void logisticRegression(CookbookPrinter out) {
    out.print("-- Logistic regression --");
    // Differentiate the loss with respect to the first positional argument:
    Sym wGrad = grad(LOSS, 0).apply(W, B);
    out.print("W_grad", wGrad);

    // Since argnums=0 is the default, this does the same thing:
    wGrad = grad(LOSS).apply(W, B);
    out.print("W_grad", wGrad);

    // But we can choose different values too:
    Sym bGrad = grad(LOSS, 1).apply(W, B);
    out.print("b_grad", bGrad);

    // Including several argnums: a list of gradients.
    List<Sym> grads = grad(LOSS, 0, 1).apply(W, B);
    out.print("W_grad", grads.get(0));
    out.print("b_grad", grads.get(1));
    out.print();
  }

  private static void nestedContainers(CookbookPrinter out) {
    out.print("-- Differentiating with respect to nested lists, tuples, and dicts --");
    // The gradient of a function of a map is a map with the same keys.
    Map<String, Sym> g = grad(LOSS2).apply(Map.of("W", W, "b", B));
    out.print(g);
    out.print();
  }

  private static void valueAndGradient(CookbookPrinter out) {
    out.print("-- Evaluating a function and its gradient using value_and_grad --");
    List<Object> valueAndGrads = valueAndGrad(LOSS, 0, 1).apply(W, B);
    Sym lossValue = (Sym) valueAndGrads.get(0);
    out.print("loss value", lossValue);
    Sym direct = LOSS.apply(W, B);
    out.print("loss value", direct);
    out.print();
  }

  private static void numericalDifferences(CookbookPrinter out) {
    out.print("-- Checking against numerical differences --");
    // Step size for finite differences
    double eps = 1e-4;

    // Check b_grad with scalar finite differences
    Sym lossUp = LOSS.apply(W, B.add(eps / 2));
    Sym lossDown = LOSS.apply(W, B.sub(eps / 2));
    out.print("b_grad_numerical", lossUp.sub(lossDown).div(eps));
    Sym bGrad = grad(LOSS, 1).apply(W, B);
    out.print("b_grad_autodiff", bGrad);

    // Check W_grad with finite differences in a random direction
    Sym vec = normal(3, W.shape().dims());
    Sym unitvec = vec.div(Ops.sqrt(Ops.vdot(vec, vec)));
    Sym wUp = LOSS.apply(W.add(unitvec.mul(eps / 2)), B);
    Sym wDown = LOSS.apply(W.sub(unitvec.mul(eps / 2)), B);
    out.print("W_dirderiv_numerical", wUp.sub(wDown).div(eps));
    Sym wGrad = grad(LOSS).apply(W, B);
    out.print("W_dirderiv_autodiff", Ops.vdot(wGrad, unitvec));

    // checkGrads does this for you, here up to second order (it throws if anything disagrees).
    checkGrads(LOSS, List.of(W, B), 2);
    out.print("check_grads(loss, (W, b), order=2) passed");
    out.print();
  }

  /** A Hessian-vector product by reverse over reverse: the gradient of {@code <grad f(x), v>}. */
  static Sym hvp(Fn f, Sym x, Sym v) {
    // grad(f) applied to the traced x inside the lambda is inlined there.
    return grad(Fn.of(y -> Ops.vdot(grad(f).apply(y), v))).apply(x);
  }

  private static void hessianVectorProducts(CookbookPrinter out) {
    out.print("-- Hessian-vector products with grad-of-grad --");
    Sym v = normal(4, 3);
    Fn lossOfW = Fn.of(w -> LOSS.apply(w, B));
    out.print("hvp of loss in W along v:", hvp(lossOfW, W, v));
    out.print();
  }

  private static void jacobiansAndHessians(CookbookPrinter out) {
    out.print("-- Jacobians and Hessians using jacfwd and jacrev --");
    // Isolate the function from the weight matrix to the predictions
    Fn f = Fn.of(w -> predict(w, B, INPUTS));

    Sym j = jacfwd(f).apply(W);
    out.print("jacfwd result, with shape", j.shape());
    out.print(j);

    j = jacrev(f).apply(W);
    out.print("jacrev result, with shape", j.shape());
    out.print(j);

    Fn predictDict = Fn.tree((Map<String, Sym> params, Sym inputs) ->
        predict(params.get("W"), params.get("b"), inputs));
    // The Jacobian of an array output with respect to a map is a map of Jacobians.
    Map<String, Sym> jDict = jacrev(predictDict).apply(Map.of("W", W, "b", B), INPUTS);
    out.print("Jacobian from W to logits is");
    out.print(jDict.get("W"));
    out.print("Jacobian from b to logits is");
    out.print(jDict.get("b"));

    Fn hessianOfF = jacfwd(jacrev(f));
    Sym h = hessianOfF.apply(W);
    out.print("hessian, with shape", h.shape());
    out.print(h);
    Sym builtIn = hessian(f).apply(W);
    out.print("the built-in hessian agrees:", allclose(h, builtIn));
    out.print();
  }
}
