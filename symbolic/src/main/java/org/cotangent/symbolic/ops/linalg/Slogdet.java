package org.cotangent.symbolic.ops.linalg;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.kernels.LinalgKernels;
import org.cotangent.symbolic.ops.Batching;

/**
 * {@code slogdet}: the sign and the logarithm of the absolute value of the determinant of each
 * matrix of a batch {@code [..., n, n]}, computed from the LU factors without forming the product
 * (so neither overflows). A node has one value, so the two results are two parts of one primitive,
 * {@code slogdet[part=sign]} and {@code slogdet[part=logabsdet]} (as {@code closed_call[out=k]}
 * picks one output of a call). The sign has the operand's dtype ({@code -1}, {@code 0}, {@code 1};
 * a complex one {@code det / |det|}), the logarithm is {@code f64}; a singular matrix gives
 * {@code (0, -inf)}, as NumPy.
 *
 * <p>JVP (JAX's {@code _slogdet_jvp}), with {@code t = tr(a^-1 da)}: {@code d logabsdet = re(t)};
 * {@code d sign = sign * i im(t)} for complex matrices and zero for real ones. Batching: the batch
 * axis goes first.
 */
public final class Slogdet extends Op {
  /** Which result: the sign, or the log of the absolute value. */
  public enum Part {
    SIGN("sign"),
    LOGABSDET("logabsdet");

    private final String text;

    Part(String text) {
      this.text = text;
    }

    public static Part parse(String s) {
      for (Part p : values()) {
        if (p.text.equals(s)) {
          return p;
        }
      }
      throw new org.cotangent.symbolic.IrException("slogdet: part must be sign or logabsdet, got "
          + s);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public static final Slogdet SIGN = new Slogdet(Part.SIGN);
  public static final Slogdet LOGABSDET = new Slogdet(Part.LOGABSDET);

  private final Part part;

  private Slogdet(Part part) {
    super("slogdet");
    this.part = part;
  }

  public static Slogdet of(Part part) {
    return part == Part.SIGN ? SIGN : LOGABSDET;
  }

  public Part part() {
    return part;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType a = inputs.get(0);
    Matrices.checkSquareDim(name(), a);
    TensorType t = a.withShape(Matrices.batchShape(a));
    return part == Part.SIGN ? t : t.withDtype(DType.F64);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    double[] out = new double[t.size() * t.dtype().width()];
    int n = Matrices.cols(x.type());
    boolean sign = part == Part.SIGN;
    if (x.dtype().isComplex()) {
      LinalgKernels.slogdetC128(x.unsafeData(), out, t.size(), n, sign);
    } else {
      LinalgKernels.slogdet(x.unsafeData(), out, t.size(), n, sign);
    }
    return Tensor.wrap(t, out);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    Node a = primals.get(0);
    boolean complex = a.dtype().isComplex();
    Node t = Det.traceOfSolve(a, tangents[0]);
    if (part == Part.LOGABSDET) {
      return complex ? Ir.real(t) : t;
    }
    if (!complex) {
      return null;
    }
    Node im = Ir.imag(t);
    return Ir.mul(out, Ir.complex(Ir.zeros(im.type()), im));
  }

  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this, Batching.moveAxis(args.get(0), dims[0], 0)), 0);
  }

  @Override
  public String paramsText() {
    return "[part=" + part + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(part);
  }
}
