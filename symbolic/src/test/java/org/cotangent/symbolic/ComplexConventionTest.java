package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Holomorphy;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The consequences of the complex convention that DESIGN section 3 lists (JAX's, which is
 * Wirtinger-consistent), each against an independent value: closed forms, or finite differences
 * on the real and imaginary parts.
 */
class ComplexConventionTest {
  static final TensorType C = TensorType.of(DType.C128);

  static Graph f1(TensorType t, Function<Node, Node> body) {
    return Graph.trace(List.of("z"), List.of(t), ps -> List.of(body.apply(ps.get(0))));
  }

  static Tensor z(double re, double im) {
    return Tensor.complexScalar(re, im);
  }

  static void assertComplex(double re, double im, Tensor t, double tol) {
    assertEquals(re, t.re(0), tol, "real part of " + t);
    assertEquals(im, t.im(0), tol, "imaginary part of " + t);
  }

  /** For f: C -> R, grad f = df/dx - i df/dy: grad(|z|^2) at 3+4i is 6-8i. */
  @Test
  void gradOfAbsSquaredIsTwoConjZ() {
    Graph f = f1(C, z -> Np.add(Np.square(Np.real(z)), Np.square(Np.imag(z))));
    assertComplex(6, -8, Interpreter.eval(Ad.grad(f), z(3, 4)).get(0), 1e-15);
    Graph g = f1(C, z -> Np.square(Np.abs(z)));
    assertComplex(6, -8, Interpreter.eval(Ad.grad(g), z(3, 4)).get(0), 1e-12);
  }

  /** With holomorphic=True, grad of a holomorphic f is f'(z): grad(sin)(z) = cos(z). */
  @Test
  void holomorphicGradOfSinIsCos() {
    Graph f = f1(C, Np::sin);
    Tensor g = Interpreter.eval(Ad.grad(f, false, true), z(3, 4)).get(0);
    // cos(3 + 4i) = cos 3 cosh 4 - i sin 3 sinh 4
    assertComplex(Math.cos(3) * Math.cosh(4), -Math.sin(3) * Math.sinh(4), g, 1e-12);
    assertNull(Holomorphy.nonHolomorphic(f, 0));
  }

  /** grad(conj, holomorphic=True)(z) = 1, as in JAX (the transpose of t -> conj t is w -> conj w). */
  @Test
  void holomorphicGradOfConjIsOne() {
    Graph f = f1(C, Np::conj);
    assertComplex(1, 0, Interpreter.eval(Ad.grad(f, false, true), z(3, 4)).get(0), 0);
    Holomorphy.Witness w = Holomorphy.nonHolomorphic(f, 0);
    assertNotNull(w);
    assertEquals("conj", w.primitive);
  }

  /** Random real functions of complex numbers: grad = df/dx - i df/dy, by central differences. */
  @Test
  void gradOfRealFunctionsIsDfDxMinusIDfDy() {
    Random rng = new Random(7);
    TensorType t = TensorType.of(DType.C128, 3);
    List<Function<Node, Node>> fs = List.of(
        z -> Np.sum(Np.abs(Np.sin(z))),
        z -> Np.sum(Np.real(Np.mul(Np.exp(z), Np.conj(z)))),
        z -> Np.sum(Np.imag(Np.mul(z, z))),
        z -> Np.sum(Np.angle(Np.add(z, Np.complex(Np.scalar(3), Np.scalar(0))))),
        z -> Np.real(Np.vdot(z, Np.mul(z, Np.log(Np.add(z, Np.complex(Np.scalar(4), Np.scalar(1))))))));
    for (Function<Node, Node> body : fs) {
      Graph f = f1(t, body);
      Tensor x = ComplexTable.anywhere(t).draw(rng);
      Tensor g = Interpreter.eval(Ad.grad(f), x).get(0);
      double h = 1e-6;
      for (int k = 0; k < 3; k++) {
        double dx = (eval(f, bump(x, 2 * k, h)) - eval(f, bump(x, 2 * k, -h))) / (2 * h);
        double dy = (eval(f, bump(x, 2 * k + 1, h)) - eval(f, bump(x, 2 * k + 1, -h))) / (2 * h);
        assertEquals(dx, g.re(k), 1e-6 * (1 + Math.abs(dx)), f + " d/dx at " + k);
        assertEquals(-dy, g.im(k), 1e-6 * (1 + Math.abs(dy)), f + " d/dy at " + k);
      }
    }
  }

  /** Complex Hessians (holomorphic second derivatives): of sum(z^3), diag(6 z). */
  @Test
  void holomorphicHessian() {
    TensorType t = TensorType.of(DType.C128, 2);
    Graph f = f1(t, z -> Np.sum(Ir.integerPow(z, 3)));
    Tensor x = Tensor.wrap(t, new double[] {1, 2, -0.5, 0.25});
    Tensor h = Interpreter.eval(Ad.hessian(f, 0, true), x).get(0);
    assertEquals(TensorType.of(DType.C128, 2, 2), h.type());
    assertComplex(6, 12, slice(h, 0), 1e-12);
    assertComplex(0, 0, slice(h, 1), 0);
    assertComplex(0, 0, slice(h, 2), 0);
    assertComplex(-3, 1.5, slice(h, 3), 1e-12);
    // jacfwd and jacrev agree on the holomorphic Jacobian of an elementwise map: diag(cos z).
    Graph g = f1(t, Np::sin);
    Tensor jf = Interpreter.eval(Ad.jacfwd(g, 0, true), x).get(0);
    Tensor jr = Interpreter.eval(Ad.jacrev(g, 0, true), x).get(0);
    assertEquals(jf, jr);
    assertComplex(Math.cos(1) * Math.cosh(2), -Math.sin(1) * Math.sinh(2), slice(jf, 0), 1e-12);
  }

  @Test
  void theHolomorphicOptionIsCheckedLikeJax() {
    Graph complexOut = f1(C, Np::sin);
    IrException e = assertThrows(IrException.class, () -> Ad.grad(complexOut));
    assertTrue(e.getMessage().contains("pass holomorphic=True"), e.getMessage());
    Graph realOut = f1(C, Np::abs);
    e = assertThrows(IrException.class, () -> Ad.grad(realOut, false, true));
    assertTrue(e.getMessage().startsWith("grad with holomorphic=True requires a complex output"),
        e.getMessage());
    Graph realIn = f1(TensorType.f64(), x -> Np.complex(x, x));
    e = assertThrows(IrException.class, () -> Ad.jacfwd(realIn, 0, true));
    assertTrue(e.getMessage().contains("requires complex inputs"), e.getMessage());
    e = assertThrows(IrException.class, () -> Ad.jacfwd(complexOut, 0));
    assertTrue(e.getMessage().contains("for holomorphic differentiation pass holomorphic=True"),
        e.getMessage());
    // jacrev of a real function of complex numbers is allowed (rows are conjugate gradients).
    Ad.jacrev(realOut, 0);
  }

  /** Found by the fuzzer (seed 101): a closed_call hid the conj in its body. */
  @Test
  void nonHolomorphicPrimitivesInsideAClosedCallAreFound() {
    Graph inner = f1(C, z -> Np.mul(Np.conj(z), z));
    Graph outer = Graph.trace(List.of("z"), List.of(C), ps -> List.of(Np.sin(
        org.cotangent.symbolic.control.ClosedCall.call(inner, ps).get(0))));
    Holomorphy.Witness w = Holomorphy.nonHolomorphic(outer, 0);
    assertNotNull(w);
    assertEquals("conj", w.primitive);
    // A holomorphic body stays unflagged.
    Graph holo = f1(C, z -> Np.mul(Np.exp(z), z));
    assertNull(Holomorphy.nonHolomorphic(Graph.trace(List.of("z"), List.of(C),
        ps -> org.cotangent.symbolic.control.ClosedCall.call(holo, ps)), 0));
  }

  /**
   * Found by the fuzzer (loops generator, seed 7): scan, while and cond bodies hid x / abs(x).
   * A carry that only picks up a tangent inside the loop (its initial value is a constant) is
   * followed to the fixed point; a body that never touches a tangent stays unflagged.
   */
  @Test
  void nonHolomorphicPrimitivesInsideLoopAndBranchBodiesAreFound() {
    // scan: carry c' = c + z / |z| from c = 0, with z a const of the body.
    Graph step = Graph.trace(List.of("z", "c"), List.of(C, C), ps -> List.of(
        Np.add(ps.get(1), Np.div(ps.get(0), Np.astype(Np.abs(ps.get(0)), DType.C128)))));
    Graph viaScan = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.Scan.scan(step, List.of(ps.get(0)), List.of(Ir.zeros(C)),
            List.of(), 3, false).get(0)));
    Holomorphy.Witness w = Holomorphy.nonHolomorphic(viaScan, 0);
    assertNotNull(w, "scan body");
    assertEquals("abs", w.primitive);
    // The tangent reaches conj only through the carry, on the second step: c' = conj(c) + z.
    Graph late = Graph.trace(List.of("c", "z"), List.of(C, C), ps -> List.of(
        Np.add(Np.conj(ps.get(0)), ps.get(1))));
    Graph viaCarry = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.Scan.scan(swap(late), List.of(ps.get(0)),
            List.of(Ir.zeros(C)), List.of(), 3, false).get(0)));
    w = Holomorphy.nonHolomorphic(viaCarry, 0);
    assertNotNull(w, "carry fixed point");
    assertEquals("conj", w.primitive);
    // A conj of a carry that never depends on z is not a witness.
    Graph free = Graph.trace(List.of("z", "c", "d"), List.of(C, C, C), ps -> List.of(
        Np.conj(ps.get(1)), Np.mul(ps.get(2), Np.exp(ps.get(0)))));
    Graph clean = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.Scan.scan(free, List.of(ps.get(0)),
            List.of(Ir.zeros(C), Ir.full(1, C)), List.of(), 3, false).get(1)));
    assertNull(Holomorphy.nonHolomorphic(clean, 0), "a conj away from the tangent");
    // while: the same body, under a predicate on an integer counter.
    TensorType i64 = TensorType.of(DType.I64);
    Graph cond = Graph.trace(List.of("z", "k", "c"), List.of(C, i64, C), ps -> List.of(
        Np.less(ps.get(1), Np.astype(Np.scalar(3), DType.I64))));
    Graph body = Graph.trace(List.of("z", "k", "c"), List.of(C, i64, C), ps -> List.of(
        Np.add(ps.get(1), Np.astype(Np.scalar(1), DType.I64)),
        Np.add(ps.get(2), Np.div(ps.get(0), Np.astype(Np.abs(ps.get(0)), DType.C128)))));
    Graph viaWhile = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.WhileLoop.build(cond, body, List.of(ps.get(0)),
            List.of(Np.astype(Np.scalar(0), DType.I64), Ir.zeros(C)), 0).get(1)));
    w = Holomorphy.nonHolomorphic(viaWhile, 0);
    assertNotNull(w, "while body");
    assertEquals("abs", w.primitive);
    // cond: the second branch takes the real part.
    Graph b0 = f1(C, Np::sin);
    Graph b1 = f1(C, z -> Np.astype(Np.real(z), DType.C128));
    Graph viaCond = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.Cond.cond(Np.astype(Np.scalar(1), DType.I64),
            List.of(b0, b1), List.of(ps.get(0))).get(0)));
    w = Holomorphy.nonHolomorphic(viaCond, 0);
    assertNotNull(w, "cond branch");
    assertEquals("real", w.primitive);
    Graph holoCond = Graph.trace(List.of("z"), List.of(C), ps -> List.of(
        org.cotangent.symbolic.control.Cond.cond(Np.astype(Np.scalar(1), DType.I64),
            List.of(b0, f1(C, Np::exp)), List.of(ps.get(0))).get(0)));
    assertNull(Holomorphy.nonHolomorphic(holoCond, 0), "holomorphic branches");
    // custom_jvp: the rule is the derivative, and this one conjugates the tangent.
    Graph primal = f1(C, Np::sin);
    Graph rule = Graph.trace(List.of("z", "t"), List.of(C, C), ps -> List.of(Np.sin(ps.get(0)),
        Np.mul(Np.cos(ps.get(0)), Np.conj(ps.get(1)))));
    w = Holomorphy.nonHolomorphic(Graph.trace(List.of("z"), List.of(C), ps ->
        org.cotangent.symbolic.control.CustomJvp.call(primal, rule, ps)), 0);
    assertNotNull(w, "custom_jvp rule");
    assertEquals("conj", w.primitive);
    Graph holoRule = Graph.trace(List.of("z", "t"), List.of(C, C), ps -> List.of(Np.sin(ps.get(0)),
        Np.mul(Np.cos(ps.get(0)), ps.get(1))));
    assertNull(Holomorphy.nonHolomorphic(Graph.trace(List.of("z"), List.of(C), ps ->
        org.cotangent.symbolic.control.CustomJvp.call(primal, holoRule, ps)), 0), "holomorphic rule");
  }

  /** A body (c, z) -> c' as the scan's (consts = z, carry = c) order. */
  private static Graph swap(Graph g) {
    return Graph.trace(List.of("z", "c"), List.of(C, C), ps -> g.call(List.of(ps.get(1), ps.get(0))));
  }

  @Test
  void nonHolomorphicPrimitivesAreNamed() {
    assertEquals("abs", Holomorphy.nonHolomorphic(f1(C, z -> Np.mul(Np.abs(z), z)), 0).primitive);
    assertEquals("real", Holomorphy.nonHolomorphic(f1(C, z -> Np.exp(Np.astype(Np.real(z),
        DType.C128))), 0).primitive);
    assertNull(Holomorphy.nonHolomorphic(f1(C, z -> Np.div(Np.exp(Np.mul(z, z)), Np.add(z,
        Np.complex(Np.scalar(2), Np.scalar(0))))), 0));
  }

  private static double eval(Graph f, Tensor x) {
    return Interpreter.eval(f, x).get(0).get(0);
  }

  private static Tensor bump(Tensor x, int at, double h) {
    double[] d = x.data();
    d[at] += h;
    return Tensor.wrap(x.type(), d);
  }

  private static Tensor slice(Tensor t, int k) {
    return z(t.re(k), t.im(k));
  }
}
