package org.cotangent.codegen;

import java.util.Arrays;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.DotGeneral;
import org.cotangent.symbolic.ops.Indexing;

/**
 * {@code dot_general} as a loop nest whose inner loop runs along contiguous memory. Three orders:
 * the rhs free axes innermost ({@code out[.., j] += lhs * y[k, j]}, the lhs element hoisted);
 * without rhs free axes, for {@code x^T y} with x's last axis free, the lhs free axes innermost
 * (the rhs element hoisted); otherwise the contraction innermost into a scalar accumulator. A
 * large product with one contracted and one rhs free axis runs over tiles of the rhs.
 */
final class DotLowering implements Lowering {
  /** dot_general is tiled when its rhs (contracted x free) has at least this many elements. */
  static final long BLOCK_THRESHOLD = 1 << 16;
  /** Tile of the contraction axis. */
  static final int BLOCK_K = 64;
  /** Tile of the rhs free axis. */
  static final int BLOCK_J = 256;

  static void registerAll(Lowerings r) {
    r.register("dot_general", new DotLowering());
  }

  @Override
  public String hint(Node n) {
    return "dot";
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    new Nest(n, cx).emit();
  }

  /** The loop nest of one product: its axes, loop variables and operands. */
  private static final class Nest {
    final Node n;
    final Node x;
    final Node y;
    final LoweringContext cx;
    final JavaWriter w;
    final int[] lc;
    final int[] rc;
    final int[] lb;
    final int[] rb;
    final int[] lf;
    final int[] rf;
    final int outer;
    final Code xa;
    final Code ya;

    Nest(Node n, LoweringContext cx) {
      DotGeneral op = (DotGeneral) n.op();
      this.n = n;
      this.x = n.input(0);
      this.y = n.input(1);
      this.cx = cx;
      this.w = cx.writer();
      lc = op.lhsContract();
      rc = op.rhsContract();
      lb = op.lhsBatch();
      rb = op.rhsBatch();
      lf = Indexing.remaining(x.rank(), lc, lb);
      rf = Indexing.remaining(y.rank(), rc, rb);
      outer = lb.length + lf.length;
      xa = cx.isArray(x) ? cx.array(x) : null;
      ya = cx.isArray(y) ? cx.array(y) : null;
    }

    void emit() {
      int nb = lb.length;
      int outRank = n.rank();
      int[] outDims = n.type().shape().dims();
      int[] outStrides = n.type().shape().strides();
      int[] cDims = new int[lc.length];
      for (int k = 0; k < lc.length; k++) {
        cDims[k] = x.type().shape().dim(lc[k]);
      }
      String name = cx.name(n);
      NameAllocator scope = cx.scope();
      // Loop variables: output axes i0.., contraction axes after them; unit axes get none.
      String[] ov = Loops.indices(scope, 0, outRank);
      String[] cv = Loops.indices(scope, outRank, lc.length);
      String[] outerVars = Arrays.copyOf(ov, outer);
      String[] innerVars = Arrays.copyOfRange(ov, outer, outRank);
      int[] outerDims = Arrays.copyOf(outDims, outer);
      int[] innerDims = Arrays.copyOfRange(outDims, outer, outRank);
      boolean contractInnermost = rf.length == 0;
      // x^T y with x's last axis free (a gradient X^T g): the lhs free axes go innermost, where
      // x is contiguous, and y's element is hoisted, mirroring the rhs-free-innermost nest.
      boolean lhsInnermost = contractInnermost && lf.length > 0 && lf[lf.length - 1] == x.rank() - 1
          && lc.length > 0 && xa != null;
      if (outRank > 0) {
        cx.newArray(n, !contractInnermost || lhsInnermost);
      } else {
        cx.declareAccumulator(n, Code.of("0.0"));
      }
      // The nest declares helper locals (lhs, rhs, acc); when no loop encloses them they get a
      // block of their own, so that two products in one method do not declare them twice.
      boolean unitOuter = allOne(outerDims);
      boolean helperAtTop = lhsInnermost ? allOne(Arrays.copyOf(outDims, nb)) && allOne(cDims)
          : contractInnermost ? outRank > 0 && unitOuter
          : unitOuter && allOne(cDims);
      if (helperAtTop) {
        w.beginBlock();
      }
      int opened = 0;
      if (lhsInnermost) {
        String[] batchVars = Arrays.copyOf(ov, nb);
        String[] freeVars = Arrays.copyOfRange(ov, nb, outRank);
        opened += Loops.open(w, batchVars, Arrays.copyOf(outDims, nb));
        opened += Loops.open(w, cv, cDims);
        String rhs = scope.newName("rhs");
        w.statement("final double $N = $L", rhs, yOperand(concat(batchVars, freeVars), cv));
        opened += Loops.open(w, freeVars, Arrays.copyOfRange(outDims, nb, outRank));
        String[] all = concat(batchVars, freeVars);
        w.statement("$N[$L] += $L * $N", name, Loops.offset(all, outStrides, 0),
            xOperand(all, cv), rhs);
      } else if (isBlocked(contractInnermost, cDims, innerDims)) {
        // Tiles of y (BLOCK_K x BLOCK_J) stay in cache while every row of x passes over them.
        String kb = scope.newName("kb");
        String ke = scope.newName("ke");
        String jb = scope.newName("jb");
        String je = scope.newName("je");
        w.beginControlFlow("for (int $N = 0; $N < $L; $N += $L)", kb, kb, cDims[0], kb, BLOCK_K);
        w.statement("final int $N = Math.min($N + $L, $L)", ke, kb, BLOCK_K, cDims[0]);
        w.beginControlFlow("for (int $N = 0; $N < $L; $N += $L)", jb, jb, innerDims[0], jb, BLOCK_J);
        w.statement("final int $N = Math.min($N + $L, $L)", je, jb, BLOCK_J, innerDims[0]);
        opened += 2 + Loops.open(w, outerVars, outerDims);
        String k = cv[0];
        String j = innerVars[0];
        w.beginControlFlow("for (int $N = $N; $N < $N; $N++)", k, kb, k, ke, k);
        String[] all = concat(outerVars, innerVars);
        String lhs = scope.newName("lhs");
        w.statement("final double $N = $L", lhs, xOperand(all, cv));
        w.beginControlFlow("for (int $N = $N; $N < $N; $N++)", j, jb, j, je, j);
        w.statement("$N[$L] += $N * $L", name, Loops.offset(all, outStrides, 0), lhs,
            yOperand(all, cv));
        opened += 2;
      } else if (contractInnermost) {
        opened += Loops.open(w, outerVars, outerDims);
        String acc = name;
        if (outRank > 0) {
          acc = scope.newName("acc");
          w.statement("double $N = 0.0", acc);
        }
        int inner = Loops.open(w, cv, cDims);
        String[] all = concat(outerVars, innerVars);
        w.statement("$N += $L * $L", acc, xOperand(all, cv), yOperand(all, cv));
        Loops.close(w, inner);
        if (outRank > 0) {
          w.statement("$N[$L] = $N", name, Loops.offset(outerVars, outStrides, 0), acc);
        }
      } else {
        // The rhs free axes innermost: out[.., j] += x[.., k] * y[k, j], contiguous in y and out.
        opened += Loops.open(w, outerVars, outerDims);
        opened += Loops.open(w, cv, cDims);
        String lhs = scope.newName("lhs");
        w.statement("final double $N = $L", lhs, xOperand(concat(outerVars, innerVars), cv));
        opened += Loops.open(w, innerVars, innerDims);
        String[] all = concat(outerVars, innerVars);
        w.statement("$N[$L] += $N * $L", name, Loops.offset(all, outStrides, 0), lhs,
            yOperand(all, cv));
      }
      Loops.close(w, opened + (helperAtTop ? 1 : 0));
    }

    private boolean isBlocked(boolean contractInnermost, int[] cDims, int[] innerDims) {
      return !contractInnermost && cDims.length == 1 && innerDims.length == 1
          && cDims[0] > BLOCK_K && innerDims[0] > BLOCK_J
          && (long) cDims[0] * innerDims[0] >= BLOCK_THRESHOLD;
    }

    /** The lhs element: batch and free axes from {@code out}, contracted from {@code cv}. */
    private Code xOperand(String[] out, String[] cv) {
      String[] idx = new String[x.rank()];
      for (int k = 0; k < lb.length; k++) {
        idx[lb[k]] = out[k];
      }
      for (int k = 0; k < lf.length; k++) {
        idx[lf[k]] = out[lb.length + k];
      }
      for (int k = 0; k < lc.length; k++) {
        idx[lc[k]] = cv[k];
      }
      return operand(xa, x, idx);
    }

    /** The rhs element: batch axes from {@code out}, free ones after the lhs's, contracted from {@code cv}. */
    private Code yOperand(String[] out, String[] cv) {
      String[] idx = new String[y.rank()];
      for (int k = 0; k < rb.length; k++) {
        idx[rb[k]] = out[k];
      }
      for (int k = 0; k < rf.length; k++) {
        idx[rf[k]] = out[outer + k];
      }
      for (int k = 0; k < rc.length; k++) {
        idx[rc[k]] = cv[k];
      }
      return operand(ya, y, idx);
    }

    private Code operand(Code array, Node v, String[] idx) {
      return array != null
          ? Code.of("$L[$L]", array, Loops.offset(idx, v.type().shape().strides(), 0))
          : cx.element(v, null).realOnly();
    }
  }

  private static boolean allOne(int[] dims) {
    for (int d : dims) {
      if (d != 1) {
        return false;
      }
    }
    return true;
  }

  private static String[] concat(String[] a, String[] c) {
    String[] r = Arrays.copyOf(a, a.length + c.length);
    System.arraycopy(c, 0, r, a.length, c.length);
    return r;
  }
}
