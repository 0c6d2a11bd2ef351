package org.cotangent.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cotangent.symbolic.Dims.Answer;
import org.junit.jupiter.api.Test;

/** The size polynomials: normal forms, printing and parsing, decisions (checked for soundness), shapes. */
class DimTest {
  static final Dim N = Dim.var("n");
  static final Dim M = Dim.var("m");

  @Test
  void equalPolynomialsHaveOneNormalForm() {
    assertEquals(N.times(2), N.plus(N));
    assertEquals(M.times(M).minus(1), M.plus(1).times(M.minus(1)));
    assertEquals(M.times(N), N.times(M));
    assertEquals(Dim.of(0), N.minus(N));
    assertTrue(N.minus(N).isConstant());
    assertEquals(N.plus(M).hashCode(), M.plus(N).hashCode());
    assertEquals(N.times(6).exactDiv(3), N.times(2));
    assertEquals(3, Dim.of(3).hashCode());
    assertNotEquals(N, M);
    assertNotEquals(N.plus(1), N);
  }

  @Test
  void printsWithoutSpacesAndParsesBack() {
    assertEquals("2*n+1", N.times(2).plus(1).toString());
    assertEquals("m^2-1", M.plus(1).times(M.minus(1)).toString());
    assertEquals("m*n-n", M.times(N).minus(N).toString());
    assertEquals("-n+3", Dim.of(3).minus(N).toString());
    assertEquals("7", Dim.of(7).toString());
    assertEquals(M.times(N.minus(1)), Dim.parse("m*(n - 1)"));
    assertEquals(N.times(N), Dim.parse("n^2"));
    Random r = new Random(14);
    for (int k = 0; k < 200; k++) {
      Dim d = random(r, 3);
      assertEquals(d, Dim.parse(d.toString()), d.toString());
    }
  }

  @Test
  void badTextAndInexactDivisionAreErrors() {
    assertThrows(IrException.class, () -> Dim.parse("n/2"));
    assertThrows(IrException.class, () -> Dim.parse("2n"));
    assertThrows(IrException.class, () -> Dim.parse(""));
    IrException e = assertThrows(IrException.class, () -> N.times(2).plus(1).exactDiv(2));
    assertEquals("the size 2*n+1 is not divisible by 2", e.getMessage());
    assertThrows(IrException.class, () -> Dim.var("a.b"));
  }

  @Test
  void substituteAndEval() {
    Dim d = M.times(N).plus(N.times(2)).minus(3);
    assertEquals(4 * 5 + 10 - 3, d.eval(Map.of("m", 4L, "n", 5L)));
    assertEquals(N.times(N).plus(N.times(2)).minus(3), d.substitute(Map.of("m", N)));
    assertThrows(IrException.class, () -> d.eval(Map.of("m", 1L)));
    assertThrows(SymbolicDimException.class, N::constant);
  }

  @Test
  void decisions() {
    assertEquals(Answer.TRUE, Dims.geq(N, Dim.of(0)));
    assertEquals(Answer.TRUE, Dims.geq(N.plus(1), Dim.of(1)));
    assertEquals(Answer.TRUE, Dims.geq(M.times(N), Dim.of(0)));
    assertEquals(Answer.FALSE, Dims.geq(Dim.of(-1), N));
    assertEquals(Answer.UNKNOWN, Dims.geq(M, N));
    assertEquals(Answer.TRUE, Dims.equal(N.plus(N), N.times(2)));
    assertEquals(Answer.FALSE, Dims.equal(N.plus(1), N));
    assertEquals(Answer.UNKNOWN, Dims.equal(M, N));
  }

  /** Every TRUE or FALSE answer holds at 10^4 random valuations with sizes in 0..9. */
  @Test
  void decisionsAreSound() {
    Random r = new Random(1414);
    int decided = 0;
    for (int k = 0; k < 300; k++) {
      Dim a = random(r, 2);
      Dim b = random(r, 2);
      Answer ge = Dims.geq(a, b);
      Answer eq = Dims.equal(a, b);
      decided += ge != Answer.UNKNOWN ? 1 : 0;
      for (int v = 0; v < 34; v++) {
        Map<String, Long> env = new TreeMap<>();
        env.put("m", (long) r.nextInt(10));
        env.put("n", (long) r.nextInt(10));
        long x = a.eval(env);
        long y = b.eval(env);
        if (ge != Answer.UNKNOWN) {
          assertEquals(ge == Answer.TRUE, x >= y, a + " >= " + b + " at " + env);
        }
        if (eq != Answer.UNKNOWN) {
          assertEquals(eq == Answer.TRUE, x == y, a + " == " + b + " at " + env);
        }
      }
    }
    assertTrue(decided > 30, "too few decided comparisons to test: " + decided);
  }

  @Test
  void requireEqualSaysWhatItCannotDecide() {
    IrException e = assertThrows(IrException.class,
        () -> Dims.requireEqual(M, N, "dot_general", "contracting axes 1 of lhs and 0 of rhs"));
    assertEquals("dot_general: cannot tell whether m == n: contracting axes 1 of lhs and 0 of rhs"
        + " must be equal; give them the same size name", e.getMessage());
    e = assertThrows(IrException.class, () -> Dims.requireEqual(N.plus(1), N, "add", "axes 0"));
    assertEquals("add: axes 0 differ (n+1 != n)", e.getMessage());
    Dims.requireEqual(N.plus(N), N.times(2), "add", "axes 0");
  }

  @Test
  void shapesOverDims() {
    Shape s = Shape.of(N, Dim.of(3));
    assertFalse(s.isStatic());
    assertEquals("[n,3]", s.toString());
    assertEquals(3, s.dim(1));
    SymbolicDimException e = assertThrows(SymbolicDimException.class, () -> s.dim(0));
    assertEquals("symbolic dimension 'n' where a constant is required", e.getMessage());
    assertThrows(SymbolicDimException.class, s::size);
    assertThrows(SymbolicDimException.class, s::dims);
    assertThrows(SymbolicDimException.class, s::strides);
    assertEquals(N.times(3), s.numel());
    assertEquals(Shape.of(4, 3), s.substitute(Map.of("n", Dim.of(4))));
    assertEquals(Shape.of(4, 3), Shape.of(Dim.of(4), Dim.of(3)));
    assertTrue(Shape.of(Dim.of(4), Dim.of(3)).isStatic());
    assertEquals(Shape.of(4, 3).hashCode(), java.util.Arrays.hashCode(new int[] {4, 3}));
    assertThrows(IrException.class, () -> Shape.of(Dim.of(-1).minus(N)));
    TensorType t = TensorType.parse("f64[n, 2*m+1]");
    assertEquals("f64[n,2*m+1]", t.toString());
    assertEquals(t, TensorType.parse(t.toString()));
    assertEquals(TensorType.f64(2, 3), TensorType.parse("f64[2,3]"));
    assertThrows(IllegalArgumentException.class, () -> TensorType.parse("f64[n/2]"));
  }

  @Test
  void solvesSizesFromShapes() {
    Map<String, Long> env = Dims.solve(List.of(N, N.times(2).plus(1), M.times(N)),
        List.of(3L, 7L, 12L), List.of("x axis 0", "y axis 0", "z axis 0"));
    assertEquals(Map.of("n", 3L, "m", 4L), env);
    IrException e = assertThrows(IrException.class, () -> Dims.solve(List.of(N, N),
        List.of(3L, 4L), List.of("x axis 0", "w axis 0")));
    assertEquals("w axis 0 has size 4, expected n = 3 (n = 3)", e.getMessage());
    e = assertThrows(IrException.class, () -> Dims.solve(List.of(N.times(2)),
        List.of(3L), List.of("x axis 0")));
    assertEquals("x axis 0 has size 3, which is not 2*n for any size n >= 0", e.getMessage());
  }

  /** A random polynomial in m and n with small coefficients. */
  static Dim random(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      int c = r.nextInt(4);
      return c == 0 ? M : c == 1 ? N : Dim.of(r.nextInt(7) - 3);
    }
    Dim a = random(r, depth - 1);
    Dim b = random(r, depth - 1);
    switch (r.nextInt(3)) {
      case 0:
        return a.plus(b);
      case 1:
        return a.minus(b);
      default:
        return a.times(b);
    }
  }
}
