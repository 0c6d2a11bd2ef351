package org.cotangent.symbolic.ops;

import java.util.List;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.Indexing.Ints;

/**
 * The static box {@code start <= index < limit} taking every {@code strides[a]}-th element per
 * axis ({@code lax.slice}: strides are positive, output axis {@code a} has {@code ceil((limit -
 * start) / stride)} elements, the first at {@code start}). Linear; its transpose pads with zeros,
 * with {@code stride - 1} zeros between the elements. Negative steps are {@code rev} of a slice.
 */
public final class Slice extends Op {
  /** The bounds as ints, or null where some bound is symbolic (then strides are all 1). */
  private final int[] start;
  private final int[] limit;
  private final int[] strides;
  private final Dim[] startDims;
  private final Dim[] limitDims;

  public Slice(int[] start, int[] limit) {
    this(start, limit, ones(start.length));
  }

  public Slice(int[] start, int[] limit, int[] strides) {
    super("slice");
    this.start = start.clone();
    this.limit = limit.clone();
    this.strides = strides.clone();
    this.startDims = Indexing.dims(start);
    this.limitDims = Indexing.dims(limit);
  }

  /** A box {@code start <= index < limit} whose bounds may be size expressions ({@code [1:n]}). */
  public Slice(Dim[] start, Dim[] limit) {
    super("slice");
    this.startDims = start.clone();
    this.limitDims = limit.clone();
    this.strides = ones(start.length);
    int[] s = Indexing.constants(start);
    int[] l = Indexing.constants(limit);
    this.start = s != null && l != null ? s : null;
    this.limit = s != null && l != null ? l : null;
  }

  /** True if some bound is a size expression. */
  public boolean isSymbolic() {
    return start == null;
  }

  /** The start indices as dims. */
  public Dim[] startDims() {
    return startDims.clone();
  }

  /** The limits as dims. */
  public Dim[] limitDims() {
    return limitDims.clone();
  }

  static int[] ones(int n) {
    int[] r = new int[n];
    java.util.Arrays.fill(r, 1);
    return r;
  }

  /** The strides, one per axis (1 for a plain box). */
  public int[] strides() {
    return strides.clone();
  }

  /** True if every stride is 1 (a contiguous box). */
  public boolean unitStrides() {
    for (int s : strides) {
      if (s != 1) {
        return false;
      }
    }
    return true;
  }

  public int[] start() {
    if (start == null) {
      throw new SymbolicDimException(Indexing.firstSymbolic(concat(startDims, limitDims)));
    }
    return start.clone();
  }

  public int[] limit() {
    if (limit == null) {
      throw new SymbolicDimException(Indexing.firstSymbolic(concat(startDims, limitDims)));
    }
    return limit.clone();
  }

  private static Dim[] concat(Dim[] a, Dim[] b) {
    Dim[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    if (startDims.length != x.rank() || limitDims.length != x.rank() || strides.length != x.rank()) {
      throw new IrException("slice: operand of rank " + x.rank() + " needs " + x.rank()
          + " start and limit indices and strides, got " + Indexing.tuple(startDims) + ", "
          + Indexing.tuple(limitDims) + " and " + Indexing.tuple(strides));
    }
    if (start == null || !x.isStatic()) {
      return inferSymbolic(x);
    }
    int[] d = new int[x.rank()];
    for (int a = 0; a < d.length; a++) {
      if (start[a] < 0 || start[a] > limit[a] || limit[a] > x.shape().dim(a)) {
        throw new IrException("slice: [" + start[a] + ":" + limit[a] + "] is out of bounds for axis "
            + a + " of size " + x.shape().dim(a));
      }
      if (strides[a] < 1) {
        throw new IrException("slice: stride " + strides[a] + " on axis " + a
            + " must be positive (a negative step is rev of a slice)");
      }
      d[a] = (limit[a] - start[a] + strides[a] - 1) / strides[a];
    }
    return x.withShape(Shape.of(d));
  }

  /**
   * The rule over dims: {@code 0 <= start <= limit <= n} must not be provably false; where it is
   * unknown (no facts yet), the static rule checks it when the graph is specialised. Strides of
   * symbolic axes must be 1.
   */
  private TensorType inferSymbolic(TensorType x) {
    Dim[] d = new Dim[x.rank()];
    for (int a = 0; a < d.length; a++) {
      Dim n = x.shape().extent(a);
      Dim s = startDims[a];
      Dim l = limitDims[a];
      if (strides[a] != 1) {
        throw new IrException("slice: strides on axis " + a + " of " + x.shape() + " are not"
            + " supported with symbolic sizes yet");
      }
      if (Dims.geq(s, Dim.of(0)) == Dims.Answer.FALSE || Dims.geq(l, s) == Dims.Answer.FALSE
          || Dims.geq(n, l) == Dims.Answer.FALSE) {
        throw new IrException("slice: [" + s + ":" + l + "] is out of bounds for axis " + a
            + " of size " + n);
      }
      d[a] = l.minus(s);
    }
    return x.withShape(Shape.of(d));
  }

  @Override
  public Op specialize(java.util.Map<String, Dim> env) {
    return start != null ? this
        : new Slice(Indexing.substitute(startDims, env), Indexing.substitute(limitDims, env));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    TensorType t = inferType(List.of(x.type()));
    int w = x.dtype().width();
    int[] inStrides = x.shape().strides();
    double[] a = x.unsafeData();
    double[] r = new double[t.size() * w];
    int[] idx = new int[start.length];
    for (int k = 0; k < t.size(); k++) {
      Indexing.unravel(k, t.shape(), idx);
      int src = 0;
      for (int i = 0; i < idx.length; i++) {
        src += (start[i] + idx[i] * strides[i]) * inStrides[i];
      }
      System.arraycopy(a, src * w, r, k * w, w);
    }
    return Tensor.wrap(t, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (type.shape().equals(x.type().shape())) {
      return x;
    }
    if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
        && (!type.isStatic() || type.size() > 0)) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /** The batch axis is kept whole, where it is. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = args.get(0);
    int d = dims[0];
    if (start == null || !x.type().isStatic()) {
      return new Batched(Node.make(new Slice(Indexing.insert(startDims, d, Dim.of(0)),
          Indexing.insert(limitDims, d, x.type().shape().extent(d))), x), d);
    }
    int n = x.type().shape().dim(d);
    return new Batched(Node.make(new Slice(Batching.insert(start, d, 0),
        Batching.insert(limit, d, n), Batching.insert(strides, d, 1)), x), d);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    return Linear.jvp(this, primals, tangents);
  }

  @Override
  public boolean isLinearIn(int i) {
    return true;
  }

  @Override
  public Node[] transposeRule(Node ct, Node node, boolean[] linear) {
    Shape in = node.input(0).type().shape();
    if (start == null || !in.isStatic()) {
      // Unit strides: the box goes back between start and n - limit zeros.
      Dim[] high = new Dim[startDims.length];
      for (int a = 0; a < high.length; a++) {
        high[a] = in.extent(a).minus(limitDims[a]);
      }
      return new Node[] {Node.make(new Pad(startDims, high), ct)};
    }
    if (ct.type().size() == 0) {
      return new Node[] {Ir.zeros(node.input(0).type())};
    }
    int[] high = new int[start.length];
    int[] interior = new int[start.length];
    for (int a = 0; a < high.length; a++) {
      int last = start[a] + (ct.type().shape().dim(a) - 1) * strides[a];
      high[a] = in.dim(a) - last - 1;
      interior[a] = strides[a] - 1;
    }
    return new Node[] {Ir.pad(ct, start, high, interior)};
  }

  @Override
  public String paramsText() {
    if (start == null) {
      return "[start=" + Indexing.tuple(startDims) + ",limit=" + Indexing.tuple(limitDims) + "]";
    }
    return "[start=" + Indexing.tuple(start) + ",limit=" + Indexing.tuple(limit)
        + (unitStrides() ? "" : ",strides=" + Indexing.tuple(strides)) + "]";
  }

  @Override
  protected List<Object> params() {
    if (start == null) {
      return List.of(List.of(startDims), List.of(limitDims), new Ints(strides));
    }
    return List.of(new Ints(start), new Ints(limit), new Ints(strides));
  }
}
