package org.cotangent.golden;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.ExpressionSizeTest;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.ScanPlan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The curated golden cases: one line each, a name and the graph whose generated source is pinned.
 * The file is {@code goldens/<PascalCaseName>.java}, holding class {@code <PascalCaseName>}.
 */
final class GoldenCases {
  private GoldenCases() {}

  static final class Case {
    final String name;
    final Supplier<Graph> graph;

    Case(String name, Supplier<Graph> graph) {
      this.name = name;
      this.graph = graph;
    }

    String className() {
      StringBuilder sb = new StringBuilder();
      for (String part : name.split("_")) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final TensorType V3 = TensorType.f64(3);
  static final TensorType M23 = TensorType.f64(2, 3);
  static final TensorType S = TensorType.f64();

  static Case c(String name, Supplier<Graph> g) {
    return new Case(name, g);
  }

  /** A one-input function, its body in terms of Np. */
  static Graph f1(TensorType t, Function<Node, Node> body) {
    return Graph.trace(List.of("x"), List.of(t), ps -> List.of(body.apply(ps.get(0))));
  }

  static Graph f2(TensorType a, TensorType b, java.util.function.BiFunction<Node, Node, Node> body) {
    return Graph.trace(List.of("x", "y"), List.of(a, b),
        ps -> List.of(body.apply(ps.get(0), ps.get(1))));
  }

  /** The sum of all elements of all terms. */
  static Node total(Node... terms) {
    Node acc = Np.sum(terms[0]);
    for (int k = 1; k < terms.length; k++) {
      acc = Np.add(acc, Np.sum(terms[k]));
    }
    return acc;
  }

  static Graph unaryChain() {
    return f1(V3, x -> total(Np.sin(x), Np.cos(x), Np.exp(x), Np.log(x), Np.tanh(x), Np.sqrt(x),
        Np.sigmoid(x), Np.arctan(x)));
  }

  static Graph unaryChain2() {
    return f1(V3, x -> total(Np.log1p(x), Np.expm1(x), Np.tan(x), Np.sinh(x), Np.cosh(x),
        Np.arcsin(x), Np.arccos(x), Np.rsqrt(x), Np.reciprocal(x), Np.abs(x), Np.sign(x),
        Np.floor(x), Np.round(x), Np.neg(x)));
  }

  static Graph binaryOps() {
    return f2(V3, V3, (x, y) -> total(Np.mul(x, y), Np.div(x, y), Np.power(x, y),
        Np.arctan2(x, y), Np.maximum(x, y), Np.minimum(x, y), Np.sub(x, y)));
  }

  static Graph selectCompare() {
    return f2(V3, V3, (x, y) -> Np.sum(Np.where(Np.greater(x, y), Np.mul(x, y), Np.sin(y))));
  }

  static Graph sharedSubexpressions() {
    // sin(x) and x*y appear twice; each is computed once in the function and in the gradient.
    return f2(V3, V3, (x, y) -> Np.sum(Np.add(Np.mul(Np.sin(x), Np.mul(x, y)),
        Np.div(Np.mul(x, y), Np.add(Np.scalar(2), Np.sin(x))))));
  }

  static Graph namedLogisticRegression() {
    Graph g = ExpressionSizeTest.logisticRegression();
    // Name an intermediate as the script front end will: the gradient then says preds_bar.
    Map<Node, String> names = new IdentityHashMap<>();
    for (Node n : g.topoOrder()) {
      if (n.op().name().equals("mul") && n.input(0).isConstant(0.5)) {
        names.put(n, "preds");
      }
    }
    return g.withNames(List.of("loss"), names);
  }

  static Graph longChain() {
    return f1(S, x -> {
      Node v = x;
      for (int k = 0; k < 70; k++) {
        v = Np.add(Np.sin(v), Np.mul(Np.scalar(0.5 + k * 1e-3), v));
      }
      return v;
    });
  }

  /** H v for Rosenbrock as grad of x -> <grad f(x), v>, v an explicit second argument. */
  static Graph hessianVectorProduct() {
    TensorType t = TensorType.f64(6);
    Graph g = Ad.grad(ExpressionSizeTest.rosenbrock(6));
    Graph gv = Graph.trace(List.of("x", "v"), List.of(t, t),
        ps -> List.of(Np.vdot(g.call(List.of(ps.get(0))).get(0), ps.get(1))));
    return Ad.grad(gv, 0);
  }

  static final List<Case> ALL = List.of(
      c("unary_math_grad", () -> Ad.grad(unaryChain())),
      c("unary_math_jvp", () -> Ad.jvp(unaryChain())),
      c("unary_special_value_and_grad", () -> Ad.valueAndGrad(unaryChain2())),
      c("binary_ops_grad", () -> Ad.grad(binaryOps())),
      c("binary_ops_vjp", () -> Ad.vjp(binaryOps())),
      c("integer_pow_grad", () -> Ad.grad(f1(V3, x -> Np.sum(Np.add(Np.power(x, Np.scalar(3)),
          Np.power(x, Np.scalar(-2))))))),
      c("select_compare_grad", () -> Ad.grad(selectCompare())),
      // Every comparison, each choosing between two branches.
      c("comparisons_select_grad", () -> Ad.grad(f2(V3, V3, (x, y) -> total(
          Np.where(Np.less(x, y), Np.sin(x), y), Np.where(Np.lessEqual(x, y), x, Np.cos(y)),
          Np.where(Np.greaterEqual(x, y), Np.mul(x, y), x), Np.where(Np.notEqual(x, y), y, x))), 0, 1)),
      c("broadcast_bias_grad", () -> Ad.grad(f2(M23, V3, (x, b) -> Np.sum(Np.tanh(Np.add(x, b)))))),
      c("reshape_transpose_grad", () -> Ad.grad(f1(M23, x -> Np.sum(Np.mul(Np.transpose(x),
          Np.reshape(x, 3, 2)))))),
      c("slice_pad_grad", () -> Ad.grad(f1(TensorType.f64(5), x -> Np.sum(Np.mul(
          Np.slice(x, 0, 1, null), Np.slice(x, 0, null, -1)))))),
      c("concatenate_grad", () -> Ad.grad(f2(V3, TensorType.f64(2), (x, y) -> Np.sum(Np.sin(
          Np.concatenate(0, x, y, x)))))),
      c("index_grad", () -> Ad.grad(f1(M23, x -> Np.mul(Np.index(Np.index(x, 0, 1), 0, 2),
          Np.sum(Np.index(x, 0, 0)))))),
      c("reduce_sum_axis_grad", () -> Ad.grad(f1(M23, x -> Np.sum(Np.sin(Np.sum(x, 0)))))),
      c("reduce_max_grad", () -> Ad.grad(f1(M23, x -> Np.sum(Np.max(x, 1))))),
      c("reduce_prod_value_and_grad", () -> Ad.valueAndGrad(f1(TensorType.f64(4), x -> Np.prod(x)))),
      c("matmul_grad", () -> Ad.grad(f2(M23, TensorType.f64(3, 4), (a, b) -> Np.sum(Np.tanh(
          Np.matmul(a, b)))))),
      c("batched_matmul_grad", () -> Ad.grad(f2(TensorType.f64(2, 2, 3), TensorType.f64(2, 3, 2),
          (a, b) -> Np.sum(Np.matmul(a, b))))),
      // Products of at least 2^13 multiply-adds: one Rt.matmul call each (the transposes in the
      // gradient as flags), batched ones with the batch count.
      c("matmul_kernel_grad", () -> Ad.grad(f2(TensorType.f64(32, 48), TensorType.f64(48, 40),
          (a, b) -> Np.sum(Np.tanh(Np.matmul(a, b)))), 0, 1)),
      c("batched_matmul_kernel_grad", () -> Ad.grad(f2(TensorType.f64(3, 24, 32),
          TensorType.f64(3, 32, 20), (a, b) -> Np.sum(Np.sin(Np.matmul(a, b)))), 0, 1)),
      c("iota_convert_grad", () -> Ad.grad(f1(V3, x -> Np.sum(Np.mul(Np.mul(x,
          Ir.iota(V3, 0)), Np.astype(Np.astype(x, DType.I64), DType.F64)))))),
      c("constant_data_jvp", () -> Ad.jvp(f1(V3, x -> Np.mul(Ir.constant(Tensor.of(1.5, -2, 0.25)),
          Np.square(x))))),
      c("logistic_regression_loss", ExpressionSizeTest::logisticRegression),
      c("logistic_regression_grad", () -> Ad.grad(namedLogisticRegression())),
      c("logistic_regression_value_and_grad", () -> Ad.valueAndGrad(ExpressionSizeTest.logisticRegression())),
      c("logistic_regression_vjp", () -> Ad.vjp(namedLogisticRegression())),
      c("mlp_grad", () -> Ad.grad(ExpressionSizeTest.mlp())),
      c("mlp_jvp", () -> Ad.jvp(ExpressionSizeTest.mlp())),
      c("sum_tanh_squared_grad", () -> Ad.grad(ExpressionSizeTest.sumTanhSquared())),
      c("rosenbrock_grad", () -> Ad.grad(ExpressionSizeTest.rosenbrock(100))),
      c("sin_grad_of_grad", () -> Ad.grad(Ad.grad(f1(S, Np::sin)))),
      c("tanh_third_derivative", () -> Ad.grad(Ad.grad(Ad.grad(f1(S, Np::tanh))))),
      c("rosenbrock_hessian_vector_product", GoldenCases::hessianVectorProduct),
      c("shared_subexpressions_grad", () -> Ad.grad(sharedSubexpressions(), 0, 1)),
      c("long_chain_split_methods", () -> Ad.grad(longChain())),
      c("broadcast_outer_jvp", () -> Ad.jvp(f2(V3, TensorType.f64(2), (a, b) -> Np.outer(Np.exp(a), b)))),
      c("reshape_scalar_vjp", () -> Ad.vjp(f1(TensorType.f64(1, 1), x -> Ir.reshape(Np.sin(x), Shape.SCALAR)))),
      c("logistic_regression_grad_from_script", ProvenanceCases::logisticRegressionGrad),
      c("remainders_ceil_grad", () -> Ad.grad(f2(V3, V3, (x, y) -> total(Np.fmod(x, y),
          Np.mul(Np.remainder(x, y), Np.ceil(x)))), 0, 1)),
      c("argmax_argmin", () -> Graph.trace(List.of("x"), List.of(M23),
          ps -> List.of(Np.argmax(ps.get(0), 1), Np.argmin(ps.get(0), null)))),
      c("logsumexp_stop_gradient_grad", () -> Ad.grad(f1(M23, x -> Np.sum(Np.logsumexp(x, 1))))),
      c("strided_slice_grad", () -> Ad.grad(f1(TensorType.f64(8), x -> Np.sum(Np.mul(
          Np.slice(x, 0, 1, 8, 3), Np.sin(Np.slice(x, 0, null, null, -3))))))),
      c("strided_matrix_slice_grad", () -> Ad.grad(f1(TensorType.f64(4, 6), x -> Np.sum(Np.sin(
          Np.slice(Np.slice(x, 0, null, null, 2), 1, 1, null, 2)))))),
      c("gather_scatter_add_grad", () -> Ad.grad(f1(TensorType.f64(5, 2), x -> Np.sum(Np.sin(
          Np.take(x, Ir.constant(Tensor.wrap(TensorType.of(DType.I64, 4), new double[] {3, 0, 3, 4})),
              0)))))),
      c("cumsum_cumprod_grad", () -> Ad.grad(f1(TensorType.f64(2, 4), x -> Np.sum(Np.mul(
          Np.cumsum(x, 1, false), Np.cumprod(x, 1, true)))))),
      c("sort_value_and_grad", () -> Ad.valueAndGrad(f1(TensorType.f64(4), x -> Np.sum(Np.mul(Np.sort(x, 0),
          Ir.iota(TensorType.f64(4), 0)))))),
      // The cookbook's function of a Cholesky factor (f64 here; its complex twin below): the
      // gradient is two triangular solves and products around one kernel call.
      c("cholesky_grad", () -> Ad.grad(f1(TensorType.f64(3, 3), x -> {
        Node l = org.cotangent.symbolic.Linalg.cholesky(x);
        Node d = Np.sub(l, Np.sin(l));
        return Np.sum(Np.mul(d, d));
      }))),
      // The cookbook's last cell: grad(f, holomorphic=True) through a complex Cholesky factor;
      // the kernels are the ...C128 ones, the elementwise work pairs of doubles.
      c("complex_cholesky_grad", () -> Ad.grad(f1(TensorType.of(DType.C128, 3, 3), x -> {
        Node l = org.cotangent.symbolic.Linalg.cholesky(x);
        Node d = Np.sub(l, Np.sin(l));
        return Np.sum(Np.mul(d, d));
      }), false, true, 0)),
      // The gradient of a real function of complex numbers (df/dx - i df/dy): conj, abs, real,
      // imag and a transcendental function through Rt's scratch pair, fused into loops of pairs.
      c("complex_elementwise_grad", () -> Ad.grad(f1(TensorType.of(DType.C128, 3), z -> Np.add(
          Np.sum(Np.square(Np.abs(Np.add(Np.mul(z, Np.exp(z)), Np.conj(z))))),
          Np.sum(Np.mul(Np.real(z), Np.sin(Np.imag(z)))))))),
      c("triangular_solve_solve_grad", () -> Ad.grad(f2(TensorType.f64(3, 3), TensorType.f64(3, 2),
          (a, b) -> total(Np.sin(org.cotangent.symbolic.Linalg.triangularSolve(a, b, true, true,
              false, false, false)), Np.square(org.cotangent.symbolic.Linalg.solve(a, b)))), 0, 1)),
      c("inv_det_slogdet_grad", () -> Ad.grad(f1(TensorType.f64(3, 3), x -> {
        Node[] sl = org.cotangent.symbolic.Linalg.slogdet(x);
        return total(org.cotangent.symbolic.Linalg.det(x), org.cotangent.symbolic.Linalg.inv(x),
            Np.mul(sl[0], sl[1]));
      }))),
      // eigh: both parts, from one kernel each; the eigenvector tangent's F matrix built without
      // a division by zero.
      c("eigh_grad", () -> Ad.grad(f1(TensorType.f64(3, 3), x -> {
        Node[] wv = org.cotangent.symbolic.Linalg.eigh(x);
        return total(Np.sin(wv[0]), Np.mul(wv[1], x));
      }))),
      // A call of a sub-graph: its JVP and transpose are calls of the body's, inlined by codegen.
      c("closed_call_grad", () -> Ad.grad(f1(V3, x -> Np.sum(Np.mul(x,
          org.cotangent.symbolic.control.ClosedCall.call(f1(V3, u -> Np.sin(Np.mul(u, u))),
              List.of(x)).get(0)))))),
      // Loops (issue 11): a scan's gradient is a forward loop that stores the per-step residuals
      // and a reverse loop over them; the source does not grow with the trip count.
      c("scan_euler_value_and_grad", GoldenCases::eulerValueAndGrad),
      c("scan_rnn_grad", GoldenCases::rnnGrad),
      // Binomial checkpointing: the forward loop stores nothing per step; the reverse sweep is
      // one loop over the action table computed at run time (Rt.revolve), the cell and its step
      // VJP inlined once each. Its forward mode is the ordinary tangent loop.
      c("scan_rnn_revolve_grad", () -> rnn(ScanPlan.revolve(2), true)),
      c("scan_rnn_revolve_jvp", () -> rnn(ScanPlan.revolve(2), false)),
      // A conditional's gradient: each branch's transpose, written as both and a select.
      c("cond_grad", GoldenCases::condGrad),
      // A while loop's JVP is one loop over the carry and its tangent, the predicate on the
      // carry; its gradient is the primal loop (for the trip count) and a reverse loop that
      // rematerialises each step's carry (no max_steps) or reads it from stacked carries.
      c("while_newton_jvp", () -> Ad.jvp(newtonSqrt(0))),
      c("while_newton_grad", () -> Ad.grad(newtonSqrt(0))),
      c("while_newton_max_steps_grad", () -> Ad.grad(newtonSqrt(50))),
      // Custom rules (issue 13): a custom_jvp's value is its primal and its gradient the
      // transpose of its rule; a custom_vjp's gradient calls bwd on the residuals fwd saved, and
      // its JVP applies the map whose transpose bwd is (bwd batched over unit cotangents).
      c("custom_jvp_value_and_grad", () -> Ad.valueAndGrad(log1pexp())),
      c("custom_vjp_value_and_grad", () -> Ad.valueAndGrad(xSinY(), 0, 1)),
      c("custom_vjp_jvp", () -> Ad.jvp(xSinY())));

  /** sum(log1pexp(x) * x), log1pexp with the stable JVP rule t * sigmoid(x). */
  static Graph log1pexp() {
    Graph f = Graph.trace(List.of("x"), List.of(V3), ps -> List.of(Np.log1p(Np.exp(ps.get(0)))));
    Graph rule = Graph.trace(List.of("x", "x_dot"), List.of(V3, V3), ps -> List.of(
        Np.log1p(Np.exp(ps.get(0))), Np.mul(ps.get(1), Np.sigmoid(ps.get(0)))));
    return f1(V3, x -> Np.sum(Np.mul(
        org.cotangent.symbolic.control.CustomJvp.call(f, rule, List.of(x)).get(0), x)));
  }

  /** sum(x sin y) with a hand VJP: fwd saves (x, sin y, cos y), bwd is (g sin y, g x cos y). */
  static Graph xSinY() {
    Graph g = Graph.trace(List.of("x", "y"), List.of(V3, V3), ps -> List.of(
        Np.mul(ps.get(0), Np.sin(ps.get(1)))));
    Graph fwd = Graph.trace(List.of("x", "y"), List.of(V3, V3), ps -> List.of(
        Np.mul(ps.get(0), Np.sin(ps.get(1))), ps.get(0), Np.sin(ps.get(1)), Np.cos(ps.get(1))));
    Graph bwd = Graph.trace(List.of("x", "s", "c", "g"), List.of(V3, V3, V3, V3), ps -> List.of(
        Np.mul(ps.get(3), ps.get(1)), Np.mul(Np.mul(ps.get(3), ps.get(0)), ps.get(2))));
    return Graph.trace(List.of("x", "y"), List.of(V3, V3), ps -> List.of(Np.sum(
        org.cotangent.symbolic.control.CustomVjp.call(g, fwd, bwd, ps).get(0))));
  }

  /** sqrt(a) by Newton from a, stopped at a relative tolerance of 1e-13. */
  static Graph newtonSqrt(int maxSteps) {
    Graph cond = Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Np.greater(
        Np.abs(Np.sub(Np.mul(ps.get(1), ps.get(1)), ps.get(0))), Np.mul(Np.scalar(1e-13),
            ps.get(0)))));
    Graph step = Graph.trace(List.of("a", "x"), List.of(S, S), ps -> List.of(Np.mul(
        Np.scalar(0.5), Np.add(ps.get(1), Np.div(ps.get(0), ps.get(1))))));
    return f1(S, a -> org.cotangent.symbolic.control.WhileLoop.build(cond, step, List.of(a),
        List.of(a), maxSteps).get(0));
  }

  /** cond(x > 0, sqrt(x) * y, x * x + y) summed, gradient in x and y. */
  static Graph condGrad() {
    Graph onFalse = Graph.trace(List.of("x", "y"), List.of(S, V3), ps -> List.of(
        Np.add(Np.mul(ps.get(0), ps.get(0)), ps.get(1))));
    Graph onTrue = Graph.trace(List.of("x", "y"), List.of(S, V3), ps -> List.of(
        Np.mul(Np.sqrt(ps.get(0)), ps.get(1))));
    return Ad.grad(Graph.trace(List.of("x", "y"), List.of(S, V3), ps -> List.of(Np.sum(
        org.cotangent.symbolic.control.Cond.cond(Np.greater(ps.get(0), Np.scalar(0.0)),
            List.of(onFalse, onTrue), ps).get(0)))));
  }

  /** Explicit Euler for y' = -k y^3 over 1000 steps, value and gradient in (y0, k). */
  static Graph eulerValueAndGrad() {
    Graph step = Graph.trace(List.of("k", "y"), List.of(S, S), ps -> List.of(Np.add(ps.get(1),
        Np.mul(Np.scalar(1e-3), Np.neg(Np.mul(ps.get(0), Np.mul(ps.get(1), Np.mul(ps.get(1),
            ps.get(1)))))))));
    return Ad.valueAndGrad(Graph.trace(List.of("y0", "k"), List.of(S, S), ps -> List.of(
        org.cotangent.symbolic.control.Scan.scan(step, List.of(ps.get(1)), List.of(ps.get(0)),
            List.of(), 1000, false).get(0))));
  }

  /** An RNN cell h <- tanh(W h + x) over 5 steps of xs [5, 3], loss sum(h_final) + sum(h * x). */
  static Graph rnnGrad() {
    TensorType m33 = TensorType.f64(3, 3);
    Graph cell = Graph.trace(List.of("W", "h", "x"), List.of(m33, V3, V3), ps -> {
      Node h = Np.tanh(Np.add(Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1}, new int[] {0},
          new int[0], new int[0]), ps.get(2)));
      return List.of(h, Np.mul(h, ps.get(2)));
    });
    return Ad.grad(Graph.trace(List.of("W", "h0", "xs"), List.of(m33, V3, TensorType.f64(5, 3)),
        ps -> {
          List<Node> r = org.cotangent.symbolic.control.Scan.scan(cell, List.of(ps.get(0)),
              List.of(ps.get(1)), List.of(ps.get(2)), 5, false);
          return List.of(total(r.get(0), r.get(1)));
        }), 0);
  }

  static Graph rnn(ScanPlan plan, boolean grad) {
    TensorType m33 = TensorType.f64(3, 3);
    Graph cell = Graph.trace(List.of("W", "h", "x"), List.of(m33, V3, V3), ps -> {
      Node h = Np.tanh(Np.add(Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1}, new int[] {0},
          new int[0], new int[0]), ps.get(2)));
      return List.of(h, Np.mul(h, ps.get(2)));
    });
    Graph f = Graph.trace(List.of("W", "h0", "xs"), List.of(m33, V3, TensorType.f64(5, 3)),
        ps -> {
          List<Node> r = org.cotangent.symbolic.control.Scan.scan(cell, List.of(ps.get(0)),
              List.of(ps.get(1)), List.of(ps.get(2)), 5, false, plan);
          return List.of(total(r.get(0), r.get(1)));
        });
    return grad ? Ad.grad(f, 0) : Ad.jvp(f);
  }
}
