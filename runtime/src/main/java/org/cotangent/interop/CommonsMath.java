package org.cotangent.interop;

import java.util.List;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateMatrixFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.complex.ComplexField;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.util.Pair;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.Pullback;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * Cotangent functions as Apache Commons Math functions, so its optimisers and least-squares
 * solvers run on compiled code and exact derivatives:
 *
 * <pre>{@code
 * Fn f = Fn.of(x -> ...);                    // R^n -> R
 * optimizer.optimize(CommonsMath.objective(f, n), CommonsMath.objectiveGradient(f, n), ...);
 * LeastSquaresBuilder b = new LeastSquaresBuilder().model(CommonsMath.model(r, n)) ...;
 * }</pre>
 *
 * Each adapter compiles once (on first use, for the signature {@code f64[n]}) and is safe to call
 * from many threads. Functions take one argument, a vector of length {@code n}.
 */
public final class CommonsMath {
  private CommonsMath() {}

  /** {@code f: R^n -> R} as a {@link MultivariateFunction}. */
  public static MultivariateFunction function(Fn f, int n) {
    checkScalar(f, n);
    return x -> f.callDouble(vector(x, n));
  }

  /** The gradient of {@code f: R^n -> R} as a {@link MultivariateVectorFunction}. */
  public static MultivariateVectorFunction gradient(Fn f, int n) {
    checkScalar(f, n);
    Fn g = Cotangent.grad(f);
    return x -> g.call1(vector(x, n)).toDoubleArray();
  }

  /** {@code f} as the objective of Commons Math's {@code optim} optimisers. */
  public static ObjectiveFunction objective(Fn f, int n) {
    return new ObjectiveFunction(function(f, n));
  }

  /** The gradient of {@code f} for gradient-based {@code optim} optimisers. */
  public static ObjectiveFunctionGradient objectiveGradient(Fn f, int n) {
    return new ObjectiveFunctionGradient(gradient(f, n));
  }

  /** {@code r: R^n -> R^m} as a {@link MultivariateVectorFunction}. */
  public static MultivariateVectorFunction vectorFunction(Fn r, int n) {
    checkVector(r, n);
    return x -> r.call1(vector(x, n)).toDoubleArray();
  }

  /**
   * The Jacobian of {@code r: R^n -> R^m} ({@code m x n}), one reverse pass per row through a
   * compiled pullback.
   */
  public static MultivariateMatrixFunction jacobian(Fn r, int n) {
    checkVector(r, n);
    return x -> jacobianAt(r, x, n).getData();
  }

  /**
   * {@code r} and its Jacobian together, as Commons Math's least-squares model (the forward pass
   * is shared between the value and the rows of the Jacobian).
   */
  public static MultivariateJacobianFunction model(Fn r, int n) {
    checkVector(r, n);
    return point -> {
      double[] x = point.toArray();
      Pullback pb = Cotangent.vjp(r, vector(x, n));
      double[] value = pb.output().toDoubleArray();
      return new Pair<RealVector, RealMatrix>(new ArrayRealVector(value, false), rows(pb, value.length, n));
    };
  }

  private static RealMatrix jacobianAt(Fn r, double[] x, int n) {
    Pullback pb = Cotangent.vjp(r, vector(x, n));
    return rows(pb, pb.output().size(), n);
  }

  private static RealMatrix rows(Pullback pb, int m, int n) {
    double[][] jac = new double[m][];
    for (int i = 0; i < m; i++) {
      double[] e = new double[m];
      e[i] = 1;
      jac[i] = pb.pull(List.of(Tensor.of(e))).get(0).toDoubleArray();
    }
    return new Array2DRowRealMatrix(jac, false);
  }

  private static Tensor vector(double[] x, int n) {
    if (x.length != n) {
      throw new IrException("expected a point of dimension " + n + ", got " + x.length);
    }
    return Tensor.of(x);
  }

  private static void checkScalar(Fn f, int n) {
    TensorType out = outputType(f, n);
    if (!out.shape().isScalar()) {
      throw new IrException(f.name() + " must return a scalar to be an objective, returns " + out);
    }
  }

  private static void checkVector(Fn f, int n) {
    TensorType out = outputType(f, n);
    if (out.rank() != 1) {
      throw new IrException(f.name() + " must return a vector, returns " + out);
    }
  }

  private static TensorType outputType(Fn f, int n) {
    if (f.arity() != 1) {
      throw new IrException(f.name() + " must take one vector argument to be used with Commons Math,"
          + " it takes " + f.arity());
    }
    List<org.cotangent.symbolic.ir.Node> outs = f.trace(TensorType.f64(n)).outputs();
    if (outs.size() != 1) {
      throw new IrException(f.name() + " must have one output, has " + outs.size());
    }
    return outs.get(0).type();
  }

  /** A matrix as an {@code f64[rows, cols]} tensor. */
  public static Tensor tensor(RealMatrix m) {
    return Tensor.of(m.getData());
  }

  /** A vector as an {@code f64[n]} tensor. */
  public static Tensor tensor(RealVector v) {
    return Tensor.of(v.toArray());
  }

  /** A complex number as a {@code c128} scalar. */
  public static Tensor tensor(Complex z) {
    return Tensor.complexScalar(z.getReal(), z.getImaginary());
  }

  /** Complex numbers as a {@code c128[n]} tensor. */
  public static Tensor tensor(Complex... z) {
    double[] d = new double[2 * z.length];
    for (int k = 0; k < z.length; k++) {
      d[2 * k] = z[k].getReal();
      d[2 * k + 1] = z[k].getImaginary();
    }
    return Tensor.wrap(TensorType.of(DType.C128, z.length), d);
  }

  /** A complex matrix as a {@code c128[rows, cols]} tensor. */
  public static Tensor tensor(FieldMatrix<Complex> m) {
    int rows = m.getRowDimension();
    int cols = m.getColumnDimension();
    double[] d = new double[2 * rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        Complex z = m.getEntry(i, j);
        d[2 * (i * cols + j)] = z.getReal();
        d[2 * (i * cols + j) + 1] = z.getImaginary();
      }
    }
    return Tensor.wrap(TensorType.of(DType.C128, rows, cols), d);
  }

  /** A scalar tensor (real or complex) as a complex number. */
  public static Complex complex(Tensor t) {
    if (t.rank() != 0) {
      throw new IrException("expected a scalar, got " + t.type());
    }
    return new Complex(t.re(0), t.im(0));
  }

  /** The elements of a tensor (real or complex, any shape, row-major) as complex numbers. */
  public static Complex[] complexArray(Tensor t) {
    Complex[] z = new Complex[t.size()];
    for (int k = 0; k < z.length; k++) {
      z[k] = new Complex(t.re(k), t.im(k));
    }
    return z;
  }

  /** A rank-2 tensor (real or complex) as a complex matrix. */
  public static FieldMatrix<Complex> complexMatrix(Tensor t) {
    if (t.rank() != 2) {
      throw new IrException("expected a matrix, got " + t.type());
    }
    int rows = t.shape().dim(0);
    int cols = t.shape().dim(1);
    FieldMatrix<Complex> m = new Array2DRowFieldMatrix<>(ComplexField.getInstance(), rows, cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m.setEntry(i, j, new Complex(t.re(i * cols + j), t.im(i * cols + j)));
      }
    }
    return m;
  }

  /** An {@code f64[n, m]} tensor as a matrix. */
  public static RealMatrix matrix(Tensor t) {
    if (t.rank() != 2 || t.dtype().isComplex()) {
      throw new IrException("expected a real matrix, got " + t.type());
    }
    double[] d = t.toDoubleArray();
    int rows = t.shape().dim(0);
    int cols = t.shape().dim(1);
    double[][] a = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(d, i * cols, a[i], 0, cols);
    }
    return new Array2DRowRealMatrix(a, false);
  }
}
