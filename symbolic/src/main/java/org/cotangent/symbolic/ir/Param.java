package org.cotangent.symbolic.ir;

import java.util.List;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * Input {@code index} of the enclosing graph. Transformations bind parameters by position, so the
 * same parameter node serves every graph whose input {@code index} has this type.
 */
public final class Param extends Op {
  private final int index;
  private final TensorType type;

  private Param(int index, TensorType type) {
    super("param");
    this.index = index;
    this.type = type;
  }

  public static Node node(int index, TensorType type) {
    return Node.make(new Param(index, type));
  }

  public int index() {
    return index;
  }

  public TensorType type() {
    return type;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    checkArity(inputs, 0);
    return type;
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    throw new IllegalStateException("param " + index + " is bound by the interpreter, not evaluated");
  }

  /** Nullary: an unbound parameter is never mapped; vmap binds its own inputs itself. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(this), Batched.NOT_MAPPED);
  }

  @Override
  public Node jvp(Node out, List<Node> primals, Node[] tangents) {
    throw new IllegalStateException("param tangents are bound by the jvp transformation");
  }

  @Override
  public boolean foldable() {
    return false;
  }

  @Override
  public String paramsText() {
    return "[" + index + ":" + type + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(index, type);
  }
}
