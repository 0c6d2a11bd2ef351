package org.cotangent;

import static org.cotangent.Cotangent.grad;
import static org.cotangent.Cotangent.hessian;
import static org.cotangent.Cotangent.jacfwd;
import static org.cotangent.Cotangent.jacrev;
import static org.cotangent.Cotangent.valueAndGrad;
import static org.cotangent.symbolic.Np.abs;
import static org.cotangent.symbolic.Np.add;
import static org.cotangent.symbolic.Np.conj;
import static org.cotangent.symbolic.Np.exp;
import static org.cotangent.symbolic.Np.imag;
import static org.cotangent.symbolic.Np.mul;
import static org.cotangent.symbolic.Np.real;
import static org.cotangent.symbolic.Np.sin;
import static org.cotangent.symbolic.Np.square;
import static org.cotangent.symbolic.Np.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.complex.ComplexField;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.FieldMatrix;
import org.cotangent.interop.CommonsMath;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.TestBackend;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Complex numbers through the Java API, compiled: JAX's convention (DESIGN section 3) checked
 * against closed forms (Commons Math {@link Complex}) and against finite differences on the real
 * and imaginary parts.
 */
class ComplexApiTest {
  private static final Complex Z = new Complex(3, 4);
  private Backend previous;

  @BeforeEach
  void installFreshBackend() {
    previous = TestBackend.install(new CompileService());
  }

  @AfterEach
  void restoreBackend() {
    TestBackend.restore(previous);
  }

  private static void assertClose(Complex want, Tensor got, double tol) {
    Complex g = CommonsMath.complex(got);
    assertEquals(DType.C128, got.dtype(), got.toString());
    assertTrue(want.subtract(g).abs() <= tol * Math.max(1, want.abs()),
        "want " + want + ", got " + got);
  }

  @Test
  void gradOfTheSquaredModulusIsTwiceTheConjugate() {
    // f(x + iy) = x^2 + y^2: df/dx - i df/dy = 2x - 2iy, 6 - 8i at 3 + 4i.
    Fn f = Fn.of1(z -> add(square(real(z)), square(imag(z))));
    assertClose(new Complex(6, -8), grad(f).call1(Z), 1e-15);
    Fn g = Fn.of1(z -> square(abs(z)));
    assertClose(new Complex(6, -8), grad(g).call1(Z), 1e-13);
    List<Tensor> vg = valueAndGrad(f).call(Z);
    assertEquals(25.0, vg.get(0).item(), 0.0);
    assertClose(new Complex(6, -8), vg.get(1), 1e-15);
  }

  @Test
  void holomorphicGradOfSinIsCos() {
    Fn f = Fn.of1(z -> sin(z));
    assertClose(Z.cos(), grad(f, Options.holomorphic()).call1(Z), 1e-14);
    assertClose(Z.cos(), jacfwd(f, Options.holomorphic()).call1(Z), 1e-14);
    assertClose(Z.cos(), jacrev(f, Options.holomorphic()).call1(Z), 1e-14);
    assertClose(Z.sin().negate(), hessian(f, Options.holomorphic()).call1(Z), 1e-14);
  }

  @Test
  void holomorphicGradOfConjIsOneAsInJax() {
    // conj is not holomorphic; JAX's answer is the transpose of its linearization at 1 + 0i.
    assertClose(Complex.ONE, grad(Fn.of1(z -> conj(z)), Options.holomorphic()).call1(Z), 0.0);
  }

  @Test
  void holomorphicOnAFunctionThatIsNotWarnsOnTheLogger() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.cotangent");
    List<String> messages = new java.util.ArrayList<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        messages.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(h);
    try {
      Fn f = Fn.of1(z -> mul(conj(z), z));
      grad(f, Options.holomorphic()).call1(Z);
      assertEquals(1, messages.size(), messages.toString());
      assertTrue(messages.get(0).startsWith("WARNING grad(") && messages.get(0).contains(
          "is not holomorphic (the derivative of conj takes the conjugate of a tangent)"),
          messages.get(0));
      // A holomorphic function is not warned about.
      hessian(Fn.of1(z -> mul(sin(z), z)), Options.holomorphic()).call1(Z);
      assertEquals(1, messages.size(), messages.toString());
    } finally {
      log.removeHandler(h);
    }
  }

  @Test
  void holomorphicWithSeveralArgnums() {
    // f(a, b) = a b exp(a): df/da = b exp(a) (1 + a), df/db = a exp(a).
    Fn f = Fn.of2((a, b) -> mul(mul(a, b), exp(a)));
    Complex a = new Complex(0.5, -1);
    Complex b = new Complex(2, 0.25);
    List<Tensor> g = grad(f, Options.argnums(0, 1).holomorphic(true)).call(a, b);
    assertClose(b.multiply(a.exp()).multiply(a.add(1)), g.get(0), 1e-14);
    assertClose(a.multiply(a.exp()), g.get(1), 1e-14);
  }

  @Test
  void aComplexOutputWithoutHolomorphicSaysWhatToPass() {
    IrException e = assertThrows(IrException.class,
        () -> grad(Fn.of1(z -> sin(z))).call1(Z));
    assertTrue(e.getMessage().contains("holomorphic=True"), e.getMessage());
  }

  @Test
  void holomorphicRequiresComplexInputsAndOutputs() {
    IrException real = assertThrows(IrException.class,
        () -> grad(Fn.of1(z -> real(z)), Options.holomorphic()).call1(Z));
    assertTrue(real.getMessage().contains("complex"), real.getMessage());
    IrException in = assertThrows(IrException.class,
        () -> grad(Fn.of1(x -> sin(x)), Options.holomorphic()).call1(2.0));
    assertTrue(in.getMessage().contains("complex"), in.getMessage());
  }

  @Test
  void gradOfARealFunctionOfComplexNumbersMatchesFiniteDifferences() {
    // f: C^3 -> R; JAX's gradient is df/dx - i df/dy, elementwise.
    Fn f = Fn.of1(z -> sum(add(square(abs(sin(z))), real(mul(z, exp(conj(z)))))));
    Tensor z = CommonsMath.tensor(new Complex(0.3, -0.7), new Complex(-1.1, 0.4),
        new Complex(0.8, 1.3));
    Tensor g = grad(f).call1(z);
    double h = 1e-6;
    for (int k = 0; k < 3; k++) {
      double dx = (f.callDouble(shift(z, 2 * k, h)) - f.callDouble(shift(z, 2 * k, -h))) / (2 * h);
      double dy = (f.callDouble(shift(z, 2 * k + 1, h)) - f.callDouble(shift(z, 2 * k + 1, -h)))
          / (2 * h);
      assertEquals(dx, g.re(k), 1e-7, "Re grad[" + k + "]");
      assertEquals(-dy, g.im(k), 1e-7, "Im grad[" + k + "]");
    }
  }

  private static Tensor shift(Tensor z, int slot, double h) {
    double[] d = z.data();
    d[slot] += h;
    return Tensor.wrap(z.type(), d);
  }

  @Test
  void commonsMathComplexMatricesRoundTrip() {
    FieldMatrix<Complex> m = new Array2DRowFieldMatrix<>(ComplexField.getInstance(), 2, 3);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        m.setEntry(i, j, new Complex(i - j, i * j + 0.5));
      }
    }
    Tensor t = CommonsMath.tensor(m);
    assertEquals(TensorType.of(DType.C128, 2, 3), t.type());
    assertEquals(new Complex(-2, 0.5), CommonsMath.complex(Tensor.complexScalar(t.re(2), t.im(2))));
    assertEquals(m, CommonsMath.complexMatrix(t));
    Complex[] flat = CommonsMath.complexArray(t);
    assertEquals(m.getEntry(1, 2), flat[5]);
    assertArrayEquals(t.data(), CommonsMath.tensor(flat).data(), 0.0);
  }
}
