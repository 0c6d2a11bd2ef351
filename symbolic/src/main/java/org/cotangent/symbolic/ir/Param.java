package org.cotangent.symbolic.ir;

import java.util.List;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * Parameter {@code index} of a binder ({@link Scope}): input {@code index} of the enclosing graph,
 * an argument of a trace in progress, or a linearization placeholder. Transformations bind graph
 * inputs by position, so the same parameter node serves every graph whose input {@code index} has
 * this type.
 */
public final class Param extends Op {
  private final Scope scope;
  private final int index;
  private final TensorType type;

  private Param(Scope scope, int index, TensorType type) {
    super("param");
    if (index < 0) {
      throw new IllegalArgumentException("negative parameter index " + index);
    }
    this.scope = scope;
    this.index = index;
    this.type = type;
  }

  /** Input {@code index} of the enclosing graph. */
  public static Node node(int index, TensorType type) {
    return node(Scope.INPUT, index, type);
  }

  public static Node node(Scope scope, int index, TensorType type) {
    return Node.make(new Param(scope, index, type));
  }

  public Scope scope() {
    return scope;
  }

  public int index() {
    return index;
  }

  public TensorType type() {
    return type;
  }

  /** True for input {@code index} of a graph (not a trace argument or placeholder). */
  public boolean isInput() {
    return scope.kind() == Scope.Kind.INPUT;
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
    return "[" + scope.prefix() + index + ":" + type + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(scope, index, type);
  }
}
