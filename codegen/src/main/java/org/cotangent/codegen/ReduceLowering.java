package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Reduce;

/**
 * {@code reduce_sum}, {@code reduce_max} and {@code reduce_prod}: a loop nest over the operand
 * combining into a scalar accumulator or into the output array. A full sum or max of a fused
 * value accumulates inside that value's loop instead ({@link #accumulation}).
 */
final class ReduceLowering implements Lowering {
  private final String hint;
  private final Accumulation reduction;
  private final boolean fusesIntoLoops;

  private ReduceLowering(String hint, Accumulation reduction, boolean fusesIntoLoops) {
    this.hint = hint;
    this.reduction = reduction;
    this.fusesIntoLoops = fusesIntoLoops;
  }

  static void registerAll(Lowerings r) {
    r.register("reduce_sum", new ReduceLowering("sum", new Accumulation(Code.of("0.0")) {
      @Override
      Code combine(Code acc, Code x) {
        return Code.of("$L += $L", acc, x);
      }
    }, true));
    r.register("reduce_max", new ReduceLowering("max",
        new Accumulation(Code.of("Double.NEGATIVE_INFINITY")) {
          @Override
          Code combine(Code acc, Code x) {
            return Code.of("$1L = Math.max($1L, $2L)", acc, x);
          }
        }, true));
    r.register("reduce_prod", new ReduceLowering("prod", new Accumulation(Code.of("1.0")) {
      @Override
      Code combine(Code acc, Code x) {
        return Code.of("$L *= $L", acc, x);
      }
    }, false));
  }

  @Override
  public String hint(Node n) {
    return hint;
  }

  @Override
  public Accumulation accumulation(Node n) {
    return fusesIntoLoops && n.rank() == 0 && n.input(0).rank() > 0 ? reduction : null;
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    Node x = n.input(0);
    JavaWriter w = cx.writer();
    int[] axes = ((Reduce.ReduceOp) n.op()).axes();
    int[] inDims = x.type().shape().dims();
    int[] inStrides = x.type().shape().strides();
    String[] v = Loops.indices(cx.scope(), 0, inDims.length);
    String name = cx.name(n);
    if (n.rank() == 0) {
      cx.declareAccumulator(n, reduction.init());
      int opened = Loops.open(w, v, inDims);
      w.statement("$L", reduction.combine(Code.of("$N", name),
          cx.source(x, Loops.offset(v, inStrides, 0))));
      Loops.close(w, opened);
      return;
    }
    cx.newArray(n, true);
    if (!reduction.init().equals(Code.of("0.0"))) {
      w.statement("java.util.Arrays.fill($N, $L)", name, reduction.init());
    }
    int[] outStrides = n.type().shape().strides();
    String[] outIdx = new String[inDims.length];
    int[] st = new int[inDims.length];
    for (int k = 0, j = 0; k < inDims.length; k++) {
      boolean reduced = false;
      for (int a : axes) {
        reduced |= a == k;
      }
      if (!reduced) {
        outIdx[k] = v[k];
        st[k] = outStrides[j++];
      }
    }
    int opened = Loops.open(w, v, inDims);
    for (int k = 0; k < inDims.length; k++) {
      outIdx[k] = outIdx[k] == null ? null : v[k];
    }
    w.statement("$L", reduction.combine(Code.of("$N[$L]", name, Loops.offset(outIdx, st, 0)),
        cx.source(x, Loops.offset(v, inStrides, 0))));
    Loops.close(w, opened);
  }
}
