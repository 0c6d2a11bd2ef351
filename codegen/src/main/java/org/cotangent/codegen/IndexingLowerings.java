package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Gather;
import org.cotangent.symbolic.ops.ScatterAdd;

/**
 * Integer indexing: {@code gather} (a loop nest reading the operand at a clamped index) and its
 * transpose {@code scatter_add} (a loop nest adding into a zeroed array at the same index). Both
 * loop over {@code pre + idx + post} axes and compute the row {@code j} once per index element,
 * before the loops over the trailing axes.
 */
final class IndexingLowerings {
  private IndexingLowerings() {}

  static void registerAll(Lowerings r) {
    r.register("gather", new GatherLowering());
    r.register("scatter_add", new ScatterAddLowering());
  }

  /** {@code Math.min(Math.max((int) index, 0), n - 1)}: an index clamped to an axis of length n. */
  static Code clamped(Code index, int n) {
    return n <= 1 ? Code.of("0") : Code.of("Math.min(Math.max((int) $L, 0), $L)", index, n - 1);
  }

  /**
   * The loop nest shared by both: over the {@code pre}, index and {@code post} axes of the
   * gathered side (the output of gather, the updates of scatter_add), with the clamped row
   * declared as {@code j}. Returns the offsets into the gathered side and into the indexed array.
   */
  private static Code[] open(Node gathered, Node idx, int axis, int[] indexedStrides, int n,
      LoweringContext cx, int[] opened) {
    JavaWriter w = cx.writer();
    int[] dims = gathered.type().shape().dims();
    int r = idx.rank();
    String[] v = Loops.indices(cx.scope(), 0, dims.length);
    String[] pre = java.util.Arrays.copyOfRange(v, 0, axis);
    String[] mid = java.util.Arrays.copyOfRange(v, axis, axis + r);
    String[] post = java.util.Arrays.copyOfRange(v, axis + r, v.length);
    opened[0] += Loops.open(w, pre, java.util.Arrays.copyOfRange(dims, 0, axis));
    opened[0] += Loops.open(w, mid, java.util.Arrays.copyOfRange(dims, axis, axis + r));
    if (opened[0] == 0) {
      // No loop encloses j: a block of its own, so that two of these in a method do not clash.
      w.beginBlock();
      opened[0]++;
    }
    String j = cx.scope().newName("j");
    w.statement("final int $N = $L", j, clamped(cx.source(idx,
        Loops.offset(mid, idx.type().shape().strides(), 0)).realOnly(), n));
    opened[0] += Loops.open(w, post, java.util.Arrays.copyOfRange(dims, axis + r, dims.length));
    System.arraycopy(pre, 0, v, 0, axis);
    System.arraycopy(mid, 0, v, axis, r);
    System.arraycopy(post, 0, v, axis + r, post.length);
    int[] gs = gathered.type().shape().strides();
    String[] outer = new String[indexedStrides.length];
    int[] st = new int[indexedStrides.length];
    for (int a = 0; a < axis; a++) {
      outer[a] = pre[a];
      st[a] = indexedStrides[a];
    }
    for (int a = 0; a < post.length; a++) {
      outer[axis + 1 + a] = post[a];
      st[axis + 1 + a] = indexedStrides[axis + 1 + a];
    }
    outer[axis] = j;
    st[axis] = indexedStrides[axis];
    return new Code[] {Loops.offset(v, gs, 0), Loops.offset(outer, st, 0)};
  }

  /** {@code out[p, q, r] = x[p, j, r]} with {@code j = clamp(idx[q])}. */
  static final class GatherLowering implements Lowering {
    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Node idx = n.input(1);
      int axis = ((Gather) n.op()).axis();
      int rows = x.type().shape().dim(axis);
      int[] xs = x.type().shape().strides();
      if (n.rank() == 0) {
        cx.declareScalar(n, cx.source(x, clamped(cx.source(idx, Code.of("0")).realOnly(), rows)));
        return;
      }
      String name = cx.newArray(n, false);
      int[] opened = {0};
      Code[] at = open(n, idx, axis, xs, rows, cx, opened);
      cx.store(name, at[0], "=", cx.source(x, at[1]));
      Loops.close(cx.writer(), opened[0]);
    }
  }

  /** {@code out[p, j, r] += u[p, q, r]} with {@code j = clamp(idx[q])}, into zeros. */
  static final class ScatterAddLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "scattered";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      Node u = n.input(0);
      Node idx = n.input(1);
      ScatterAdd op = (ScatterAdd) n.op();
      String name = cx.newArray(n, true);
      int[] opened = {0};
      Code[] at = open(u, idx, op.axis(), n.type().shape().strides(), op.size(), cx, opened);
      cx.store(name, at[1], "+=", cx.source(u, at[0]));
      Loops.close(cx.writer(), opened[0]);
    }
  }
}
