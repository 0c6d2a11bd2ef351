package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Cumulative;
import org.cotangent.symbolic.ops.Sort;

/**
 * The primitives that run along one axis: {@code cumsum} and {@code cumprod} (a loop over the
 * other axes with a running accumulator along the axis, combining in the interpreter's order) and
 * {@code sort} and {@code argsort} (a call of the kernel the interpreter uses, {@link Rt#sort}).
 */
final class ScanLowerings {
  private ScanLowerings() {}

  static void registerAll(Lowerings r) {
    r.register("cumsum", new ScanLowering("+="));
    r.register("cumprod", new ScanLowering("*="));
    r.register("sort", new SortLowering());
    r.register("argsort", new SortLowering());
  }

  /** The lengths of the axes before {@code axis}, of it, and after it (outer, n, inner). */
  static int[] layout(Node x, int axis) {
    int[] d = x.type().shape().dims();
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= d[a];
    }
    return new int[] {outer, d[axis], x.type().shape().strides()[axis]};
  }

  /** {@code acc = init; for k along the axis: acc op= x[..k..]; out[..k..] = acc}. */
  static final class ScanLowering implements Lowering {
    private final String update;

    ScanLowering(String update) {
      this.update = update;
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Cumulative.ScanOp op = (Cumulative.ScanOp) n.op();
      int axis = op.axis();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] dims = n.type().shape().dims();
      int len = dims[axis];
      String[] v = Loops.indices(cx.scope(), 0, dims.length);
      String k = v[axis];
      int[] others = dims.clone();
      others[axis] = 1;
      int opened = Loops.open(w, v, others);
      v[axis] = k;
      if (opened == 0) {
        w.beginBlock();
        opened++;
      }
      String acc = cx.scope().newName("acc");
      w.statement("double $N = $L", acc, update.equals("+=") ? "0.0" : "1.0");
      if (op.reverse()) {
        w.beginControlFlow("for (int $N = $L; $N >= 0; $N--)", k, len - 1, k, k);
      } else {
        w.beginControlFlow("for (int $N = 0; $N < $L; $N++)", k, k, len, k);
      }
      Code at = Loops.offset(v, n.type().shape().strides(), 0);
      w.statement("$N $L $L", acc, update, cx.source(x, at).realOnly());
      w.statement("$N[$L] = $N", name, at, acc);
      w.endControlFlow();
      Loops.close(w, opened);
    }
  }

  /** {@code Rt.sort(x, out, outer, n, inner)}; an operand held in no array is copied into one. */
  static final class SortLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return ((Sort.SortOp) n.op()).positions() ? "order" : "sorted";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Sort.SortOp op = (Sort.SortOp) n.op();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] l = layout(x, op.axis());
      Code call = Code.of("$T.$L", Rt.class, op.positions() ? "argsort" : "sort");
      if (cx.isArray(x)) {
        w.statement("$L($L, $N, $L, $L, $L)", call, cx.array(x), name, l[0], l[1], l[2]);
      } else {
        w.beginBlock();
        String copy = cx.scope().newName("rows");
        w.statement("final double[] $N = new double[$L]", copy, x.type().size());
        String[] v = Loops.indices(cx.scope(), 0, 1);
        int opened = Loops.open(w, v, new int[] {x.type().size()});
        Code at = v[0] == null ? Code.of("0") : Code.of("$N", v[0]);
        w.statement("$N[$L] = $L", copy, at, cx.source(x, at).realOnly());
        Loops.close(w, opened);
        w.statement("$L($N, $N, $L, $L, $L)", call, copy, name, l[0], l[1], l[2]);
        w.endControlFlow();
      }
    }
  }
}
