package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.PrimitiveTable.Case;
import org.cotangent.symbolic.PrimitiveTable.Gen;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BinaryOp;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.UnaryOp;

/**
 * The complex rows of the primitive table (issue 10): every elementwise primitive defined on
 * c128, the parts of complex numbers (real, imag, conj, complex), and the structural ops,
 * reductions and products on complex operands. Inputs are drawn away from branch cuts and poles.
 * They drive the same table-driven tests as the real rows: JVPs along complex directions against
 * central differences, VJPs by the dot-product test under the pairing {@code Re(sum u v)}, second
 * order, vmap against a loop, the canonical text round trip.
 */
public final class ComplexTable {
  private ComplexTable() {}

  /** Complex numbers with real part in [reLo, reHi) and imaginary part in [imLo, imHi). */
  static Gen complex(TensorType t, double reLo, double reHi, double imLo, double imHi) {
    return rng -> {
      double[] d = new double[2 * t.size()];
      for (int k = 0; k < t.size(); k++) {
        d[2 * k] = reLo + (reHi - reLo) * rng.nextDouble();
        d[2 * k + 1] = imLo + (imHi - imLo) * rng.nextDouble();
      }
      return Tensor.wrap(t, d);
    };
  }

  static Gen anywhere(TensorType t) {
    return complex(t, -1.5, 1.5, -1.5, 1.5);
  }

  /** Where the function of a row is analytic and well conditioned. */
  private static Gen domainOf(String name, TensorType t) {
    switch (name) {
      case "log":
      case "sqrt":
      case "rsqrt":
        // Right half-plane: away from the cut on the negative real axis and from 0.
        return complex(t, 0.5, 2.0, -1.0, 1.0);
      case "log1p":
        return complex(t, -0.4, 1.0, -0.8, 0.8);
      case "asin":
      case "acos":
        return complex(t, -0.6, 0.6, -0.6, 0.6);
      case "atan":
        return complex(t, -1.0, 1.0, -0.5, 0.5);
      case "tan":
        return complex(t, -0.8, 0.8, -0.8, 0.8);
      case "reciprocal":
      case "abs":
      case "sign":
        return complex(t, 0.4, 1.5, -1.5, 1.5);
      default:
        return anywhere(t);
    }
  }

  public static List<Case> cases(long seed) {
    Random rng = new Random(seed * 7 + 3);
    List<Case> cs = new ArrayList<>();
    for (UnaryOp op : Unary.ALL) {
      TensorType t = TensorType.of(DType.C128, PrimitiveTable.randomShape(rng));
      if (!op.domainAccepts(DType.C128) || !op.hasComplexFunction() || op == Unary.STOP_GRADIENT) {
        continue; // stop_gradient's zero derivative is by decree: its rows are in PrimitiveTable
      }
      cs.add(new Case(op.name() + " c128", op.name(), List.of(t), List.of(domainOf(op.name(), t)),
          ps -> Node.make(op, ps.get(0))));
    }
    for (BinaryOp op : new BinaryOp[] {Binary.ADD, Binary.SUB, Binary.MUL, Binary.DIV, Binary.POW}) {
      TensorType t = TensorType.of(DType.C128, PrimitiveTable.randomShape(rng));
      Gen lhs = op == Binary.POW ? complex(t, 0.5, 2.0, -0.8, 0.8) : anywhere(t);
      Gen rhs = op == Binary.DIV ? complex(t, 0.5, 1.5, -1.0, 1.0) : anywhere(t);
      cs.add(new Case(op.name() + " c128", op.name(), List.of(t, t), List.of(lhs, rhs),
          ps -> Node.make(op, ps.get(0), ps.get(1))));
    }
    TensorType r23 = TensorType.f64(2, 3);
    TensorType c23 = TensorType.of(DType.C128, 2, 3);
    TensorType c3 = TensorType.of(DType.C128, 3);
    TensorType c34 = TensorType.of(DType.C128, 3, 4);
    cs.add(new Case("complex", "complex", List.of(r23, r23),
        List.of(PrimitiveTable.normal(r23), PrimitiveTable.normal(r23)),
        ps -> Ir.mul(Ir.complex(ps.get(0), ps.get(1)), Ir.complex(ps.get(1), Ir.sin(ps.get(0))))));
    cs.add(new Case("real imag c128", "real", List.of(c23), List.of(anywhere(c23)),
        ps -> Ir.add(Ir.mul(Ir.real(ps.get(0)), Ir.imag(ps.get(0))), Ir.real(Ir.sin(ps.get(0))))));
    cs.add(new Case("integer_pow 3 c128", "integer_pow", List.of(c3), List.of(anywhere(c3)),
        ps -> Ir.integerPow(ps.get(0), 3)));
    cs.add(new Case("integer_pow -2 c128", "integer_pow", List.of(c3),
        List.of(complex(c3, 0.5, 1.5, -1.0, 1.0)), ps -> Ir.integerPow(ps.get(0), -2)));
    cs.add(new Case("dot_general c128", "dot_general", List.of(c23, c34),
        List.of(anywhere(c23), anywhere(c34)),
        ps -> Ir.dotGeneral(ps.get(0), ps.get(1), new int[] {1}, new int[] {0}, new int[0],
            new int[0])));
    cs.add(new Case("reduce_sum c128", "reduce_sum", List.of(c23), List.of(anywhere(c23)),
        ps -> Ir.sin(Ir.reduceSum(ps.get(0), 1))));
    cs.add(new Case("reduce_prod c128", "reduce_prod", List.of(c23), List.of(anywhere(c23)),
        ps -> Ir.reduceProd(ps.get(0), 0, 1)));
    cs.add(new Case("select c128", "select", List.of(r23, c23, c23),
        List.of(PrimitiveTable.normal(r23), anywhere(c23), anywhere(c23)),
        ps -> Ir.select(Ir.gt(ps.get(0), Ir.zeros(r23)), Ir.exp(ps.get(1)),
            Ir.mul(ps.get(1), ps.get(2)))));
    cs.add(new Case("eq c128", "eq", List.of(c23, c23), List.of(anywhere(c23), anywhere(c23)),
        ps -> Ir.select(Ir.eq(ps.get(0), ps.get(0)), Ir.mul(ps.get(0), ps.get(1)), ps.get(1))));
    cs.add(new Case("convert f64 to c128", "convert_element_type", List.of(r23),
        List.of(PrimitiveTable.normal(r23)),
        ps -> Ir.mul(Ir.convert(ps.get(0), DType.C128),
            Ir.constant(Tensor.wrap(c23, new double[] {1, 2, -1, 0.5, 0, 1, 2, 0, 1, -1, 0.3, 0.4})))));
    cs.add(new Case("convert c128 to f64", "convert_element_type", List.of(c23),
        List.of(anywhere(c23)), ps -> Ir.sin(Ir.convert(Ir.square(ps.get(0)), DType.F64))));
    cs.add(new Case("structural c128", "broadcast_in_dim", List.of(c3), List.of(anywhere(c3)),
        ps -> {
          Node x = ps.get(0);
          Node b = Ir.broadcastInDim(x, Shape.of(2, 3), 1);
          Node m = Ir.transpose(Ir.reshape(Ir.mul(b, b), Shape.of(3, 2)), 1, 0);
          Node s = Ir.slice(Ir.pad(m, new int[] {1, 0}, new int[] {0, 1}), new int[] {0, 1},
              new int[] {3, 4});
          return Ir.concatenate(0, Ir.index(s, 0, 1), Ir.sin(x));
        }));
    return cs;
  }
}
