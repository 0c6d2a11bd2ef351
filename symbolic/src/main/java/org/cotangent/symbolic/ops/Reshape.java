package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.reshape;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/** Reinterprets the row-major elements with a new shape of the same size. Linear. */
public final class Reshape extends Op {
  private final Shape shape;

  public Reshape(Shape shape) {
    super("reshape");
    this.shape = shape;
  }

  public Shape shape() {
    return shape;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 1);
    TensorType x = inputs.get(0);
    Dim a = x.shape().numel();
    Dim b = shape.numel();
    if (Dims.equal(a, b) == Dims.Answer.UNKNOWN) {
      Dims.requireEqual(a, b, name(), "the element counts of " + x.shape() + " and " + shape);
    }
    if (!a.equals(b)) {
      if (!x.isStatic() || !shape.isStatic()) {
        throw new IrException("reshape: cannot reshape " + x.shape() + " (" + a
            + " elements) to " + shape + " (" + b + " elements)");
      }
      throw new IrException("reshape: cannot reshape " + x.shape() + " (" + x.size()
          + " elements) to " + shape + " (" + shape.size() + " elements)");
    }
    return x.withShape(shape);
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    return Tensor.wrap(x.type().withShape(shape), x.unsafeData());
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    Node x = inputs.get(0);
    if (x.type().shape().equals(shape)) {
      return x;
    }
    if (x.op() instanceof Reshape) {
      return reshape(x.input(0), shape);
    }
    if (x.isConstant() && ((Constant) x.op()).isUniform() && !type.dtype().isComplex()
        && (!type.isStatic() || type.size() > 0)) {
      return Constant.full(type, ((Constant) x.op()).uniformValue());
    }
    return null;
  }

  /** The batch axis goes first; each slice is reshaped. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    Node x = Batching.moveAxis(args.get(0), dims[0], 0);
    Shape s = Batching.insert(shape, 0, x.type().shape().extent(0));
    return new Batched(Node.make(new Reshape(s), x), 0);
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
    return new Node[] {reshape(ct, node.input(0).type().shape())};
  }

  @Override
  public Op specialize(Map<String, Dim> env) {
    return new Reshape(shape.substitute(env));
  }

  @Override
  public String paramsText() {
    return "[shape=" + shape + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(shape);
  }
}
