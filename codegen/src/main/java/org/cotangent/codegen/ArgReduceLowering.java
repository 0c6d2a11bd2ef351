package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.ArgReduce;

/**
 * {@code argmax} and {@code argmin} along one axis: a loop nest over the kept axes, and inside it
 * a scan of the reduced axis that keeps the best value and its position, replacing them only on a
 * strictly better value or the first NaN ({@link ArgReduce#better}), so the first of ties wins.
 * The position is stored as a double, as every i64 is.
 *
 * <pre>{@code
 * double best = x[i0 * 4];
 * double at = 0.0;
 * for (int i1 = 1; i1 < 4; i1++) {
 *   final double v = x[i0 * 4 + i1];
 *   if (best == best && (v != v || v > best)) { best = v; at = i1; }
 * }
 * am[i0] = at;
 * }</pre>
 */
final class ArgReduceLowering implements Lowering {
  private ArgReduceLowering() {}

  static void registerAll(Lowerings r) {
    ArgReduceLowering l = new ArgReduceLowering();
    r.register("argmax", l);
    r.register("argmin", l);
  }

  @Override
  public String hint(Node n) {
    return n.op().name();
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    ArgReduce op = (ArgReduce) n.op();
    int axis = op.axis();
    Node x = n.input(0);
    JavaWriter w = cx.writer();
    NameAllocator scope = cx.scope();
    int rank = x.rank();
    int[] inDims = x.type().shape().dims();
    int[] inStrides = x.type().shape().strides();
    String name = cx.name(n);
    boolean scalar = n.rank() == 0;
    if (scalar) {
      cx.declareAccumulator(n, ElementCode.real(Code.of("0.0")));
    } else {
      cx.newArray(n, false);
    }
    // Loops over the kept axes (i0.. in the operand's numbering), the scan over the reduced one.
    String[] v = Loops.indices(scope, 0, rank);
    String[] kept = new String[rank - 1];
    int[] keptDims = new int[rank - 1];
    for (int a = 0, j = 0; a < rank; a++) {
      if (a != axis) {
        kept[j] = v[a];
        keptDims[j++] = inDims[a];
      }
    }
    int opened = Loops.open(w, kept, keptDims);
    boolean block = opened == 0;
    if (block) {
      w.beginBlock();
    }
    String[] at0 = new String[rank];
    String[] atK = new String[rank];
    for (int a = 0, j = 0; a < rank; a++) {
      if (a != axis) {
        at0[a] = kept[j];
        atK[a] = kept[j++];
      }
    }
    String k = v[axis];
    atK[axis] = k;
    String best = scope.newName("best");
    String at = scalar ? name : scope.newName("at");
    String val = scope.newName("v");
    w.statement("double $N = $L", best, cx.source(x, Loops.offset(at0, inStrides, 0)).realOnly());
    if (!scalar) {
      w.statement("double $N = 0.0", at);
    }
    w.beginControlFlow("for (int $1N = 1; $1N < $2L; $1N++)", k, inDims[axis]);
    w.statement("final double $N = $L", val, cx.source(x, Loops.offset(atK, inStrides, 0)).realOnly());
    takeIfBetter(w, best, val, at, k, op.isMin());
    w.endControlFlow();
    if (!scalar) {
      w.statement("$N[$L] = $N", name, Loops.offset(kept, n.type().shape().strides(), 0), at);
    }
    Loops.close(w, opened + (block ? 1 : 0));
  }

  /**
   * One step of an arg-reduction's loop: {@code val} at index {@code k} replaces the best so far
   * if {@code best} is not NaN and {@code val} is NaN or strictly better, so the first NaN wins and
   * else the first of equal values, as the interpreter's {@code ArgReduce} (static and symbolic
   * sizes share this rule).
   */
  static void takeIfBetter(JavaWriter w, String best, String val, String at, String k,
      boolean min) {
    w.beginControlFlow("if ($1N == $1N && ($2N != $2N || $2N $3L $1N))", best, val,
        min ? "<" : ">");
    w.statement("$N = $N", best, val);
    w.statement("$N = $N", at, k);
    w.endControlFlow();
  }
}
