package org.cotangent.symbolic;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.PrimitiveTable.Case;
import org.cotangent.symbolic.PrimitiveTable.Gen;
import org.cotangent.symbolic.ir.Node;

/**
 * The rows of the linear-algebra primitives, real ({@link #add}, part of {@link
 * PrimitiveTable#cases}) and complex ({@link #addComplex}, part of {@link
 * PrimitiveTable#allCases}): cholesky, triangular_solve in several flag combinations, solve
 * (plain and transposed), inv, det and both parts of slogdet, single matrices and batches of
 * them. Inputs are well conditioned: Cholesky's operands have a positive definite Hermitian part
 * (and a non-Hermitian rest, whose directions its derivatives must ignore), triangular operands
 * a diagonal away from zero (and garbage in the triangle that is not read), general matrices a
 * dominant diagonal of random signs, so that determinants of both signs occur.
 */
public final class LinalgTable {
  private LinalgTable() {}

  /**
   * Batches of {@code n x n} matrices with entries of both parts drawn by {@code entry}, then
   * {@code diag} added on the diagonal (for complex ones, to the real part).
   */
  private interface Entry {
    double draw(Random rng, int i, int j);
  }

  private static Gen matrices(TensorType t, Entry entry) {
    return rng -> {
      int n = t.shape().dim(t.rank() - 1);
      int w = t.dtype().width();
      double[] d = new double[t.size() * w];
      for (int k = 0; k < t.size(); k++) {
        int i = (k / n) % n;
        int j = k % n;
        d[w * k] = entry.draw(rng, i, j);
        if (w == 2) {
          d[w * k + 1] = i == j ? 0.3 * rng.nextGaussian() : entry.draw(rng, i, j);
        }
      }
      return Tensor.wrap(t, d);
    };
  }

  /** A positive definite Hermitian part: a diagonal of n + 1 and small entries elsewhere. */
  static Gen definite(TensorType t) {
    int n = t.shape().dim(t.rank() - 1);
    return matrices(t, (rng, i, j) -> i == j ? n + 1 + rng.nextDouble() : 0.6 * rng.nextGaussian());
  }

  /** A dominant diagonal of random signs: well conditioned, determinants of either sign. */
  static Gen general(TensorType t) {
    int n = t.shape().dim(t.rank() - 1);
    return matrices(t, (rng, i, j) -> i == j ? (rng.nextBoolean() ? 1 : -1) * (n + rng.nextDouble())
        : 0.6 * rng.nextGaussian());
  }

  /** A diagonal of modulus in [1.5, 2.5) with random signs; the rest normal. */
  static Gen triangular(TensorType t) {
    return matrices(t, (rng, i, j) -> i == j ? (rng.nextBoolean() ? 1 : -1) * (1.5 + rng.nextDouble())
        : 0.5 * rng.nextGaussian());
  }

  public static void add(List<Case> cs, Random rng) {
    addRows(cs, DType.F64, "");
  }

  public static void addComplex(List<Case> cs, Random rng) {
    addRows(cs, DType.C128, " c128");
  }

  private static void addRows(List<Case> cs, DType dt, String suffix) {
    TensorType m3 = TensorType.of(dt, 3, 3);
    TensorType b233 = TensorType.of(dt, 2, 3, 3);
    TensorType m32 = TensorType.of(dt, 3, 2);
    TensorType m23 = TensorType.of(dt, 2, 3);
    TensorType b232 = TensorType.of(dt, 2, 3, 2);
    Gen gb = dt.isComplex() ? ComplexTable.anywhere(m32) : PrimitiveTable.normal(m32);
    Gen gr = dt.isComplex() ? ComplexTable.anywhere(m23) : PrimitiveTable.normal(m23);
    Gen gbb = dt.isComplex() ? ComplexTable.anywhere(b232) : PrimitiveTable.normal(b232);
    cs.add(new Case("cholesky" + suffix, "cholesky", List.of(m3), List.of(definite(m3)),
        ps -> Ir.cholesky(ps.get(0))));
    cs.add(new Case("cholesky batch" + suffix, "cholesky", List.of(b233), List.of(definite(b233)),
        ps -> Ir.cholesky(ps.get(0))));
    cs.add(new Case("cholesky cookbook" + suffix, "cholesky", List.of(m3), List.of(definite(m3)),
        ps -> {
          Node l = Ir.cholesky(ps.get(0));
          Node d = Ir.sub(l, Ir.sin(l));
          return Ir.reduceSum(Ir.mul(d, d), 0, 1);
        }));
    String ts = "triangular_solve";
    boolean c = dt.isComplex();
    cs.add(new Case(ts + " left lower" + suffix, ts, List.of(m3, m32), List.of(triangular(m3), gb),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), true, true, false, false, false)));
    cs.add(new Case(ts + " left upper transposed unit" + suffix, ts, List.of(m3, m32),
        List.of(triangular(m3), gb),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), true, false, true, false, true)));
    cs.add(new Case(ts + " left lower conjugate transposed" + suffix, ts, List.of(m3, m32),
        List.of(triangular(m3), gb),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), true, true, true, c, false)));
    cs.add(new Case(ts + " right lower conjugated" + suffix, ts, List.of(m3, m23),
        List.of(triangular(m3), gr),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), false, true, false, c, false)));
    cs.add(new Case(ts + " right upper transposed" + suffix, ts, List.of(m3, m23),
        List.of(triangular(m3), gr),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), false, false, true, false, false)));
    cs.add(new Case(ts + " batch" + suffix, ts, List.of(b233, b232),
        List.of(triangular(b233), gbb),
        ps -> Ir.triangularSolve(ps.get(0), ps.get(1), true, false, false, false, false)));
    cs.add(new Case("solve" + suffix, "solve", List.of(m3, m32), List.of(general(m3), gb),
        ps -> Ir.solve(ps.get(0), ps.get(1), false)));
    // Operands that are not arrays of their own (a uniform constant, a broadcast scalar, a slice
    // view): generated code copies them into one before the kernel call.
    TensorType s0 = TensorType.of(dt);
    cs.add(new Case("solve uniform rhs" + suffix, "solve", List.of(m3), List.of(general(m3)),
        ps -> Ir.solve(ps.get(0), Ir.full(1.5, m32), false)));
    cs.add(new Case("triangular_solve broadcast rhs" + suffix, ts, List.of(m3, s0),
        List.of(triangular(m3), dt.isComplex() ? ComplexTable.anywhere(s0) : PrimitiveTable.normal(s0)),
        ps -> Ir.triangularSolve(ps.get(0), Ir.broadcastInDim(ps.get(1), m32.shape()), true, true,
            false, false, false)));
    cs.add(new Case("cholesky of a slice" + suffix, "cholesky", List.of(b233), List.of(definite(b233)),
        ps -> Ir.cholesky(Ir.reshape(Ir.slice(ps.get(0), new int[] {1, 0, 0}, new int[] {2, 3, 3}),
            m3.shape()))));
    cs.add(new Case("solve transposed" + suffix, "solve", List.of(m3, m32),
        List.of(general(m3), gb), ps -> Ir.solve(ps.get(0), ps.get(1), true)));
    cs.add(new Case("solve batch" + suffix, "solve", List.of(b233, b232),
        List.of(general(b233), gbb), ps -> Ir.solve(ps.get(0), ps.get(1), false)));
    cs.add(new Case("inv" + suffix, "inv", List.of(m3), List.of(general(m3)),
        ps -> Ir.inv(ps.get(0))));
    cs.add(new Case("inv batch" + suffix, "inv", List.of(b233), List.of(general(b233)),
        ps -> Ir.inv(ps.get(0))));
    cs.add(new Case("det" + suffix, "det", List.of(m3), List.of(general(m3)),
        ps -> Ir.det(ps.get(0))));
    cs.add(new Case("det batch" + suffix, "det", List.of(b233), List.of(general(b233)),
        ps -> Ir.det(ps.get(0))));
    cs.add(new Case("slogdet logabsdet" + suffix, "slogdet", List.of(b233),
        List.of(general(b233)), ps -> Ir.slogdetLogabsdet(ps.get(0))));
    // The sign is piecewise constant for real matrices (derivative zero) and moves on the unit
    // circle for complex ones; times logabsdet, both parts reach the derivatives.
    cs.add(new Case("slogdet sign" + suffix, "slogdet", List.of(m3), List.of(general(m3)),
        ps -> {
          Node s = Ir.slogdetSign(ps.get(0));
          Node l = Ir.slogdetLogabsdet(ps.get(0));
          return Ir.mul(s, c ? Ir.convert(l, DType.C128) : l);
        }));
  }
}
