package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Concatenate;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.Iota;
import org.cotangent.symbolic.ops.Transpose;

/**
 * The structural primitives that are always loop nests of their own: {@code transpose}, {@code
 * concatenate}, {@code index} and {@code iota}. (Those that can also be views are in {@link
 * ViewLowerings}.)
 */
final class StructuralLowerings {
  private StructuralLowerings() {}

  static void registerAll(Lowerings r) {
    r.register("transpose", new TransposeLowering());
    r.register("concatenate", new ConcatenateLowering());
    r.register("index", new IndexLowering());
    r.register("iota", new IotaLowering());
  }

  /** {@code out[i0, i1, ..] = x[i_perm]}: the output is written in order, the operand gathered. */
  static final class TransposeLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "tr";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      int[] perm = ((Transpose) n.op()).perm();
      Node x = n.input(0);
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] outDims = n.type().shape().dims();
      String[] v = Loops.indices(cx.scope(), 0, outDims.length);
      int opened = Loops.open(w, v, outDims);
      int[] inStrides = x.type().shape().strides();
      int[] st = new int[perm.length];
      for (int k = 0; k < perm.length; k++) {
        st[k] = inStrides[perm[k]];
      }
      cx.store(name, Loops.offset(v, n.type().shape().strides(), 0), "=",
          cx.source(x, Loops.offset(v, st, 0)));
      Loops.close(w, opened);
    }
  }

  /** One copy loop per operand, each at its offset along the axis. */
  static final class ConcatenateLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "cat";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      int axis = ((Concatenate) n.op()).axis();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] outStrides = n.type().shape().strides();
      int along = 0;
      for (Node x : n.inputs()) {
        int[] inDims = x.type().shape().dims();
        String[] v = Loops.indices(cx.scope().newScope(), 0, inDims.length);
        int opened = Loops.open(w, v, inDims);
        cx.store(name, Loops.offset(v, outStrides, along * outStrides[axis]), "=",
            cx.source(x, Loops.offset(v, x.type().shape().strides(), 0)));
        Loops.close(w, opened);
        along += inDims[axis];
      }
    }
  }

  /** {@code x[.., position, ..]} along one axis: a scalar read or a copy loop. */
  static final class IndexLowering implements Lowering {
    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Index op = (Index) n.op();
      int axis = op.axis();
      int[] inStrides = x.type().shape().strides();
      int base = op.position() * inStrides[axis];
      if (n.rank() == 0) {
        cx.declareScalar(n, cx.source(x, Code.of("$L", base)));
        return;
      }
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] outDims = n.type().shape().dims();
      int[] st = new int[outDims.length];
      for (int k = 0, j = 0; k < x.rank(); k++) {
        if (k != axis) {
          st[j++] = inStrides[k];
        }
      }
      String[] v = Loops.indices(cx.scope(), 0, outDims.length);
      int opened = Loops.open(w, v, outDims);
      cx.store(name, Loops.offset(v, n.type().shape().strides(), 0), "=",
          cx.source(x, Loops.offset(v, st, base)));
      Loops.close(w, opened);
    }
  }

  /** {@code out[.., i_d, ..] = i_d} along one dimension. */
  static final class IotaLowering implements Lowering {
    @Override
    public void emit(Node n, LoweringContext cx) {
      int dimension = ((Iota) n.op()).dimension();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] dims = n.type().shape().dims();
      String[] v = Loops.indices(cx.scope(), 0, dims.length);
      String along = v[dimension];
      int opened = Loops.open(w, v, dims);
      Code value = v[dimension] == null ? Code.of("0.0") : Code.of("(double) $N", along);
      cx.store(name, Loops.offset(v, n.type().shape().strides(), 0), "=",
          ElementCode.of(value, n.dtype().isComplex() ? Code.literal(0.0) : null));
      Loops.close(w, opened);
    }
  }
}
