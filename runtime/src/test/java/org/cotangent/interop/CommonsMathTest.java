package org.cotangent.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.Test;

/** Commons Math's optimisers and solvers run on Cotangent functions; DerivativeStructure is the oracle. */
class CommonsMathTest {
  static Fn rosenbrock() {
    return Fn.of((Sym x) -> {
      Sym head = x.slice(null, -1);
      Sym tail = x.slice(1, null);
      return Ops.sum(tail.sub(head.pow(2)).pow(2).mul(100).add(head.rsub(1).pow(2)));
    });
  }

  @Test
  void gradientAgreesWithDerivativeStructure() {
    int n = 5;
    Random r = new Random(4);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    // Commons Math's own forward-mode AD, one derivative per variable.
    DerivativeStructure[] v = new DerivativeStructure[n];
    for (int i = 0; i < n; i++) {
      v[i] = new DerivativeStructure(n, 1, i, x[i]);
    }
    DerivativeStructure f = new DerivativeStructure(n, 1, 0.0);
    for (int i = 0; i < n - 1; i++) {
      DerivativeStructure d = v[i + 1].subtract(v[i].multiply(v[i]));
      DerivativeStructure e = v[i].negate().add(1);
      f = f.add(d.multiply(d).multiply(100)).add(e.multiply(e));
    }
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      int[] orders = new int[n];
      orders[i] = 1;
      expected[i] = f.getPartialDerivative(orders);
    }
    assertEquals(f.getValue(), CommonsMath.function(rosenbrock(), n).value(x), 1e-12);
    assertArrayEquals(expected, CommonsMath.gradient(rosenbrock(), n).value(x), 1e-11);
  }

  @Test
  void conjugateGradientMinimisesRosenbrock() {
    int n = 4;
    Fn f = rosenbrock();
    NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
        NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-14, 1e-14));
    PointValuePair best = opt.optimize(new MaxEval(100_000), CommonsMath.objective(f, n),
        CommonsMath.objectiveGradient(f, n), GoalType.MINIMIZE,
        new InitialGuess(new double[] {-1.2, 1.0, -0.5, 0.8}));
    assertArrayEquals(new double[] {1, 1, 1, 1}, best.getPoint(), 1e-4);
  }

  @Test
  void levenbergMarquardtFitsAnExponential() {
    // Data from y = 2.5 exp(-1.3 t) exactly; residuals r(p) = p0 exp(p1 t) - y.
    int m = 12;
    double[] t = new double[m];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      t[i] = i * 0.25;
      y[i] = 2.5 * Math.exp(-1.3 * t[i]);
    }
    Sym ts = Sym.constant(t);
    Sym ys = Sym.constant(y);
    Fn residuals = Fn.of((Sym p) -> p.get(0).mul(Ops.exp(p.get(1).mul(ts))).sub(ys));
    LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(
        new LeastSquaresBuilder().model(CommonsMath.model(residuals, 2)).target(new double[m])
            .start(new double[] {1, -0.5}).maxEvaluations(1000).maxIterations(1000).build());
    assertArrayEquals(new double[] {2.5, -1.3}, opt.getPoint().toArray(), 1e-9);
  }

  @Test
  void jacobianMatchesAClosedForm() {
    Fn r = Fn.of((Sym p) -> Ops.sin(p).mul(p.get(0)));
    double[] x = {0.4, -1.1, 2.0};
    double[][] j = CommonsMath.jacobian(r, 3).value(x);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        double expected = (i == k ? Math.cos(x[i]) * x[0] : 0) + (k == 0 ? Math.sin(x[i]) : 0);
        assertEquals(expected, j[i][k], 1e-15);
      }
    }
  }

  @Test
  void tensorsConvertBothWays() {
    Array2DRowRealMatrix m = new Array2DRowRealMatrix(new double[][] {{1, 2}, {3, 4}});
    assertEquals(Tensor.of(new double[][] {{1, 2}, {3, 4}}), CommonsMath.tensor(m));
    assertEquals(m, CommonsMath.matrix(CommonsMath.tensor(m)));
    assertEquals(Tensor.of(5.0, 6.0), CommonsMath.tensor(new ArrayRealVector(new double[] {5, 6})));
    assertEquals(Tensor.complexScalar(3, 4), CommonsMath.tensor(new Complex(3, 4)));
  }

  @Test
  void misuseIsReportedClearly() {
    IrException e = assertThrows(IrException.class,
        () -> CommonsMath.function(Fn.of((Sym p) -> p.mul(2)), 3));
    assertEquals("f must return a scalar to be an objective, returns f64[3]", e.getMessage());
    e = assertThrows(IrException.class, () -> CommonsMath.function(rosenbrock(), 3).value(new double[2]));
    assertEquals("expected a point of dimension 3, got 2", e.getMessage());
  }
}
