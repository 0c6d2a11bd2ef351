package org.cotangent.symbolic.ops.linalg;

import static org.cotangent.symbolic.ops.linalg.Matrices.matmul;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.kernels.EighKernels;
import org.cotangent.symbolic.ops.Batching;

/**
 * {@code eigh}: the eigendecomposition {@code H = V diag(w) V^H} of the Hermitian part {@code H =
 * (X + X^H) / 2} of each matrix of a batch {@code [..., n, n]} (JAX symmetrises the same way):
 * {@code eigh[part=values]} the real eigenvalues in ascending order ({@code [..., n]}, f64),
 * {@code eigh[part=vectors]} the orthonormal eigenvectors as columns (the operand's dtype), two
 * parts of one primitive as {@code slogdet}'s. An eigenvector is defined up to a sign (a phase
 * when complex); the kernel fixes it: the entry of largest modulus of each column (the first of
 * ties) is real and positive. So {@code V} is a function of the matrix wherever the eigenvalues
 * are distinct and that entry is unique, and its derivative is the derivative of that function.
 *
 * <p>JVP (JAX's {@code eigh_jvp_rule}, for distinct eigenvalues), with {@code dH} the Hermitian
 * part of the tangent and {@code M = V^H dH V}: {@code dw = re(diag(M))}; {@code dV = V (F o M)}
 * with {@code F[i][j] = 1 / (w_j - w_i)} off the diagonal and 0 on it, built as {@code 1 / (w_j -
 * w_i + I) - I} so that no division by zero enters (or is differentiated, at second order).
 * That {@code dV} keeps {@code Im(v^H dv) = 0} per column; for complex matrices the phase
 * convention above adds {@code -i (Im(dv_p) / v_p) v} per column, {@code p} its pivot entry, so that
 * the tangent is the derivative of what the kernel returns (JAX's is only right for functions that
 * do not depend on the phase). Real matrices need no correction: a sign does not move. Batching:
 * the batch axis goes first. At symbolic sizes the matrix must be provably square ({@link
 * Matrices#checkSquareDim}) and the rule is the same graph (its identity mask from iotas); the
 * complex phase correction is built from Dims, so it holds there too.
 */
public final class Eigh extends Op {
  /** Which result: the eigenvalues or the eigenvectors. */
  public enum Part {
    VALUES("values"),
    VECTORS("vectors");

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
      throw new IrException("eigh: part must be values or vectors, got " + s);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public static final Eigh VALUES = new Eigh(Part.VALUES);
  public static final Eigh VECTORS = new Eigh(Part.VECTORS);

  private final Part part;

  private Eigh(Part part) {
    super("eigh");
    this.part = part;
  }

  public static Eigh of(Part part) {
    return part == Part.VALUES ? VALUES : VECTORS;
  }

  public Part part() {
    return part;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType a = inputs.get(0);
    Matrices.checkSquareDim(name(), a);
    if (part == Part.VECTORS) {
      return a;
    }
    int r = a.rank();
    return TensorType.of(DType.F64, Shape.of(java.util.Arrays.copyOf(a.shape().extents(), r - 1)));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    double[] out = new double[t.size() * t.dtype().width()];
    int n = Matrices.cols(x.type());
    int batch = Matrices.batchCount(x.type());
    boolean values = part == Part.VALUES;
    if (x.dtype().isComplex()) {
      EighKernels.eighC128(x.unsafeData(), values ? out : null, values ? null : out, batch, n);
    } else {
      EighKernels.eigh(x.unsafeData(), values ? out : null, values ? null : out, batch, n);
    }
    return Tensor.wrap(t, out);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    Node a = primals.get(0);
    boolean complex = a.dtype().isComplex();
    int r = a.rank();
    Node v = part == Part.VECTORS ? out : Node.make(VECTORS, a);
    Node dhv = matmul(Cholesky.hermitianPart(tangents[0]), v);
    if (part == Part.VALUES) {
      // diag(V^H dH V)_k = sum_i conj(V_ik) (dH V)_ik.
      Node d = Ir.reduceSum(Ir.mul(Matrices.conjIfComplex(v), dhv), r - 2);
      return complex ? Ir.real(d) : d;
    }
    // At a symbolic n the rule is built as it is: at n = 0 every array in it is empty.
    if (a.type().isStatic() && Matrices.cols(a.type()) == 0) {
      return Ir.zeros(a.type());
    }
    Node w = part == Part.VALUES ? out : Node.make(VALUES, a);
    TensorType real = a.type().withDtype(DType.F64);
    int[] batch = Matrices.range(0, r - 2);
    Node wi = Ir.broadcastInDim(w, real.shape(), append(batch, r - 2));
    Node wj = Ir.broadcastInDim(w, real.shape(), append(batch, r - 1));
    Node eye = Ir.convert(Matrices.diagonalMask(real, "eq", 0), DType.F64);
    Node f = Ir.sub(Ir.reciprocal(Ir.add(Ir.sub(wj, wi), eye)), eye);
    Node m = matmul(Matrices.mH(v), dhv);
    Node dv = matmul(v, Ir.mul(complex ? Ir.convert(f, DType.C128) : f, m));
    if (!complex) {
      return dv;
    }
    // The phase convention: per column, the pivot entry (argmax of |v|) stays real.
    // (Shapes as Dims, so the same rule holds at symbolic sizes; at static ones the nodes are
    // those of int shapes.)
    org.cotangent.symbolic.Dim[] keep = a.type().shape().extents();
    keep[r - 2] = org.cotangent.symbolic.Dim.of(1);
    Node pivot = Ir.reshape(Np.argmax(Ir.abs(v), r - 2), org.cotangent.symbolic.Shape.of(keep));
    Node vp = Ir.real(Np.takeAlongAxis(v, pivot, r - 2));
    Node turn = Ir.div(Ir.imag(Np.takeAlongAxis(dv, pivot, r - 2)), vp);
    turn = Ir.reshape(turn, w.type().shape());
    Node phase = Ir.complex(Ir.zeros(turn.type()), turn);
    return Ir.sub(dv, Ir.mul(Ir.broadcastInDim(phase, a.type().shape(), append(batch, r - 1)), v));
  }

  private static int[] append(int[] xs, int x) {
    int[] r = java.util.Arrays.copyOf(xs, xs.length + 1);
    r[xs.length] = x;
    return r;
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
