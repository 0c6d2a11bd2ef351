package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Elementwise comparisons; the result is {@code bool} and the derivative is zero. Operands have
 * the same type; {@code eq} and {@code ne} also compare {@code bool}s, the orderings need real
 * operands. Comparisons with NaN are false (and {@code ne} true), as in IEEE 754.
 */
public final class Compare extends Op {
  /** The six comparisons. */
  public enum Kind {
    LT("lt", "<"),
    LE("le", "<="),
    GT("gt", ">"),
    GE("ge", ">="),
    EQ("eq", "=="),
    NE("ne", "!=");

    final String name;
    public final String symbol;

    Kind(String name, String symbol) {
      this.name = name;
      this.symbol = symbol;
    }

    boolean test(double a, double b) {
      switch (this) {
        case LT:
          return a < b;
        case LE:
          return a <= b;
        case GT:
          return a > b;
        case GE:
          return a >= b;
        case EQ:
          return a == b;
        default:
          return a != b;
      }
    }
  }

  private final Kind kind;

  private Compare(Kind kind) {
    super(kind.name);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 2);
    TensorType x = inputs.get(0);
    TensorType y = inputs.get(1);
    if (!x.equals(y)) {
      throw new IrException(name() + ": " + Dims.undecidedPrefix(x, y)
          + "operands must have the same type, got " + x + " and " + y);
    }
    boolean ordering = kind != Kind.EQ && kind != Kind.NE;
    if (x.dtype().isComplex() && ordering) {
      throw new IrException(name() + ": complex numbers are not ordered");
    }
    return x.withDtype(DType.BOOL);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    Tensor y = inputs.get(1);
    int n = x.size();
    double[] r = new double[n];
    for (int k = 0; k < n; k++) {
      boolean v;
      if (x.dtype().isComplex()) {
        boolean same = x.re(k) == y.re(k) && x.im(k) == y.im(k);
        v = kind == Kind.EQ ? same : !same;
      } else {
        v = kind.test(x.re(k), y.re(k));
      }
      r[k] = v ? 1 : 0;
    }
    return Tensor.wrap(x.type().withDtype(DType.BOOL), r);
  }

  @Override
  public String javaExpression(List<String> args) {
    return args.get(0) + " " + kind.symbol + " " + args.get(1) + " ? 1.0 : 0.0";
  }

  /** Elementwise: operands meet with their batch axes first, unmapped ones broadcast. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return Batching.broadcasting(this, args, dims);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return null;
  }

  @Override
  protected List<Object> params() {
    return List.of(kind);
  }

  public static final Compare LT = new Compare(Kind.LT);
  public static final Compare LE = new Compare(Kind.LE);
  public static final Compare GT = new Compare(Kind.GT);
  public static final Compare GE = new Compare(Kind.GE);
  public static final Compare EQ = new Compare(Kind.EQ);
  public static final Compare NE = new Compare(Kind.NE);

  public static final List<Compare> ALL = List.of(LT, LE, GT, GE, EQ, NE);
}
