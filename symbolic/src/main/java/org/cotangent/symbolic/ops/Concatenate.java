package org.cotangent.symbolic.ops;

import static org.cotangent.symbolic.Ir.concatenate;
import static org.cotangent.symbolic.Ir.full;
import static org.cotangent.symbolic.Ir.slice;

import java.util.List;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/** Joins operands along {@code axis}; all other dimensions and the dtype must agree. Linear. */
public final class Concatenate extends Op {
  private final int axis;

  public Concatenate(int axis) {
    super("concatenate");
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  @Override
  public TensorType inferType(List<TensorType> inputs) {
    if (inputs.isEmpty()) {
      throw new IrException("concatenate needs at least one operand");
    }
    TensorType first = inputs.get(0);
    if (axis < 0 || axis >= first.rank()) {
      throw new IrException("concatenate: axis " + axis + " out of range for rank " + first.rank());
    }
    Dim total = Dim.of(0);
    for (TensorType t : inputs) {
      if (t.rank() != first.rank() || t.dtype() != first.dtype()) {
        throw new IrException("concatenate: operands " + first + " and " + t + " differ in rank or dtype");
      }
      for (int a = 0; a < t.rank(); a++) {
        Dim u = t.shape().extent(a);
        Dim v = first.shape().extent(a);
        if (a != axis && Dims.equal(u, v) == Dims.Answer.UNKNOWN) {
          Dims.requireEqual(v, u, name(), "axis " + a + " of operands " + first.shape() + " and "
              + t.shape() + " (only axis " + axis + " may differ)");
        }
        if (a != axis && !u.equals(v)) {
          throw new IrException("concatenate: operands " + first.shape() + " and " + t.shape()
              + " differ on axis " + a + " (only axis " + axis + " may differ)");
        }
      }
      total = total.plus(t.shape().extent(axis));
    }
    return first.withShape(first.shape().withExtent(axis, total));
  }

  @Override
  public Tensor eval(List<Tensor> inputs) {
    List<TensorType> types = new java.util.ArrayList<>();
    for (Tensor t : inputs) {
      types.add(t.type());
    }
    TensorType out = inferType(types);
    int w = out.dtype().width();
    // Row-major: the block of each operand for one outer index is contiguous.
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= out.shape().dim(a);
    }
    double[] r = new double[out.size() * w];
    int pos = 0;
    for (int o = 0; o < outer; o++) {
      for (Tensor t : inputs) {
        int block = t.size() / Math.max(outer, 1) * w;
        if (outer == 0) {
          break;
        }
        System.arraycopy(t.unsafeData(), o * block, r, pos, block);
        pos += block;
      }
    }
    return Tensor.wrap(out, r);
  }

  @Override
  public Node simplify(List<Node> inputs, TensorType type) {
    return inputs.size() == 1 ? inputs.get(0) : null;
  }

  /** All operands get their batch axis first (unmapped ones broadcast); joined along axis + 1. */
  @Override
  public Batched batchRule(List<Node> args, int[] dims) {
    return new Batched(Node.make(new Concatenate(axis + 1), Batching.allToFront(args, dims)), 0);
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
    Node[] cts = new Node[node.arity()];
    if (!ct.type().isStatic()) {
      Dim[] from = Indexing.dims(new int[ct.rank()]);
      Dim[] to = ct.type().shape().extents();
      Dim at = Dim.of(0);
      for (int i = 0; i < cts.length; i++) {
        Dim size = node.input(i).type().shape().extent(axis);
        if (linear[i]) {
          from[axis] = at;
          to[axis] = at.plus(size);
          cts[i] = Node.make(new Slice(from, to), ct);
        }
        at = at.plus(size);
      }
      return cts;
    }
    int[] start = new int[ct.rank()];
    int[] limit = ct.type().shape().dims();
    int offset = 0;
    for (int i = 0; i < cts.length; i++) {
      int size = node.input(i).type().shape().dim(axis);
      if (linear[i]) {
        start[axis] = offset;
        limit[axis] = offset + size;
        cts[i] = slice(ct, start, limit);
      }
      offset += size;
    }
    return cts;
  }

  @Override
  public String paramsText() {
    return "[axis=" + axis + "]";
  }

  @Override
  protected List<Object> params() {
    return List.of(axis);
  }
}
