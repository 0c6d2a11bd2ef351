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
 * large product with one contracted and one rhs free axis runs over tiles of the rhs. Complex
 * operands take the same nests, each multiply-add a complex one ({@code out_re += a_re * b_re -
 * a_im * b_im; out_im += a_re * b_im + a_im * b_re}, as the interpreter accumulates), hoisted
 * operands a pair of locals.
 */
final class DotLowering implements Lowering {
  /** dot_general is tiled when its rhs (contracted x free) has at least this many elements. */
  static final long BLOCK_THRESHOLD = 1 << 16;
  /** Tile of the contraction axis. */
  static final int BLOCK_K = 64;
  /** Tile of the rhs free axis. */
  static final int BLOCK_J = 256;
  /**
   * A real product of at least this many multiply-adds ({@code m n k}, per batch member) whose
   * axes group into matrices is one {@code Rt.matmul} call; smaller ones keep the loop nest, which
   * costs less than the call's set-up (measured by {@code GemmBench.small*}, see DESIGN). The
   * system property {@code cotangent.matmul.threshold} overrides it, so that the fuzzer's small
   * products reach the kernel.
   */
  static final long MATMUL_THRESHOLD = 1 << 13;

  static long matmulThreshold() {
    return Long.getLong("cotangent.matmul.threshold", MATMUL_THRESHOLD);
  }

  static void registerAll(Lowerings r) {
    r.register("dot_general", new DotLowering());
  }

  @Override
  public String hint(Node n) {
    return "dot";
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    Matmul mm = Matmul.of(n, cx);
    if (mm != null && (long) mm.m * mm.n * mm.k >= matmulThreshold()) {
      mm.emit(n, cx);
    } else {
      new Nest(n, cx).emit();
    }
  }

  /**
   * A {@code dot_general} as {@code batch} products of {@code m x k} by {@code k x n} matrices:
   * the batch axes leading in both operands and in order, the contracted axes consecutive and in
   * the same order in both, so that each operand is a (batch, free, contracted) or (batch,
   * contracted, free) array, the latter a transposed matrix. Real operands held in arrays only,
   * and not matrix-vector products ({@code m} or {@code n} of 1), whose loop nests are faster.
   */
  static final class Matmul {
    final int batch;
    final int m;
    final int n;
    final int k;
    final boolean tx;
    final boolean ty;

    private Matmul(int batch, int m, int n, int k, boolean tx, boolean ty) {
      this.batch = batch;
      this.m = m;
      this.n = n;
      this.k = k;
      this.tx = tx;
      this.ty = ty;
    }

    /** The product as matrices, or null when its axes do not group so (or it is complex). */
    static Matmul of(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Node y = n.input(1);
      if (n.dtype().isComplex() || n.rank() == 0 || !cx.isArray(x) || !cx.isArray(y)) {
        return null;
      }
      DotGeneral op = (DotGeneral) n.op();
      int[] lb = op.lhsBatch();
      int[] rb = op.rhsBatch();
      int[] lc = op.lhsContract();
      int[] rc = op.rhsContract();
      for (int i = 0; i < lb.length; i++) {
        if (lb[i] != i || rb[i] != i) {
          return null;
        }
      }
      int nb = lb.length;
      // +1: contracted axes first (transposed), 0: last, -1: neither.
      int xFirst = side(lc, nb, x.rank());
      int yFirst = side(rc, nb, y.rank());
      if (xFirst < 0 || yFirst < 0) {
        return null;
      }
      int[] xd = x.type().shape().dims();
      int[] yd = y.type().shape().dims();
      int batch = product(xd, 0, nb);
      int k = lc.length == 0 ? 1 : product(xd, lc[0], lc[0] + lc.length);
      int m = product(xd, nb, x.rank()) / Math.max(k, 1);
      int nn = product(yd, nb, y.rank()) / Math.max(k, 1);
      if (k == 0 || m == 1 || nn == 1) {
        // Nothing to contract: the loop nest writes the zeros. Matrix-vector products keep their
        // nests too: GemmBench measured them faster than the kernel's (see DESIGN).
        return null;
      }
      return new Matmul(batch, m, nn, k, xFirst == 1, yFirst == 0 && rc.length > 0);
    }

    /**
     * Where the consecutive ascending axes {@code c} lie among the non-batch axes {@code [nb,
     * rank)}: 1 at their start, 0 at their end (or none), -1 elsewhere or not consecutive.
     */
    private static int side(int[] c, int nb, int rank) {
      if (c.length == 0) {
        return 0;
      }
      for (int i = 1; i < c.length; i++) {
        if (c[i] != c[0] + i) {
          return -1;
        }
      }
      if (c[c.length - 1] == rank - 1) {
        return 0;
      }
      return c[0] == nb ? 1 : -1;
    }

    /** {@code Rt.matmul(x, y, out, batch, m, n, k, flags);}. */
    void emit(Node node, LoweringContext cx) {
      String out = cx.newArray(node, false);
      Code flags = Code.of("0");
      if (tx && ty) {
        flags = Code.of("$T.TRANSPOSE_X | $T.TRANSPOSE_Y", Rt.class, Rt.class);
      } else if (tx) {
        flags = Code.of("$T.TRANSPOSE_X", Rt.class);
      } else if (ty) {
        flags = Code.of("$T.TRANSPOSE_Y", Rt.class);
      }
      cx.writer().statement("$T.matmul($L, $L, $N, $L, $L, $L, $L, $L)", Rt.class,
          cx.array(node.input(0)), cx.array(node.input(1)), out, batch, m, n, k, flags);
    }
  }

  private static int product(int[] d, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= d[i];
    }
    return p;
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
    final boolean complex;

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
      complex = n.dtype().isComplex();
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
      ElementCode scalarAcc = null;
      if (outRank > 0) {
        cx.newArray(n, !contractInnermost || lhsInnermost);
      } else {
        scalarAcc = cx.declareAccumulator(n, ElementCode.of(Code.literal(0.0),
            complex ? Code.literal(0.0) : null));
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
        ElementCode rhs = hoist("rhs", yOperand(concat(batchVars, freeVars), cv));
        opened += Loops.open(w, freeVars, Arrays.copyOfRange(outDims, nb, outRank));
        String[] all = concat(batchVars, freeVars);
        multiplyAdd(out(name, Loops.offset(all, outStrides, 0)), xOperand(all, cv), rhs);
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
        ElementCode lhs = hoist("lhs", xOperand(all, cv));
        w.beginControlFlow("for (int $N = $N; $N < $N; $N++)", j, jb, j, je, j);
        multiplyAdd(out(name, Loops.offset(all, outStrides, 0)), lhs, yOperand(all, cv));
        opened += 2;
      } else if (contractInnermost) {
        opened += Loops.open(w, outerVars, outerDims);
        ElementCode acc = scalarAcc;
        if (outRank > 0) {
          acc = accumulator();
        }
        int inner = Loops.open(w, cv, cDims);
        String[] all = concat(outerVars, innerVars);
        multiplyAdd(acc, xOperand(all, cv), yOperand(all, cv));
        Loops.close(w, inner);
        if (outRank > 0) {
          cx.store(name, Loops.offset(outerVars, outStrides, 0), "=", acc);
        }
      } else {
        // The rhs free axes innermost: out[.., j] += x[.., k] * y[k, j], contiguous in y and out.
        opened += Loops.open(w, outerVars, outerDims);
        opened += Loops.open(w, cv, cDims);
        ElementCode lhs = hoist("lhs", xOperand(concat(outerVars, innerVars), cv));
        opened += Loops.open(w, innerVars, innerDims);
        String[] all = concat(outerVars, innerVars);
        multiplyAdd(out(name, Loops.offset(all, outStrides, 0)), lhs, yOperand(all, cv));
      }
      Loops.close(w, opened + (helperAtTop ? 1 : 0));
    }

    private boolean isBlocked(boolean contractInnermost, int[] cDims, int[] innerDims) {
      return !contractInnermost && cDims.length == 1 && innerDims.length == 1
          && cDims[0] > BLOCK_K && innerDims[0] > BLOCK_J
          && (long) cDims[0] * innerDims[0] >= BLOCK_THRESHOLD;
    }

    /** {@code acc += a * b}: for complex elements, one statement per part. */
    private void multiplyAdd(ElementCode acc, ElementCode a, ElementCode b) {
      if (!complex) {
        w.statement("$L += $L * $L", acc.re(), a.re(), b.re());
        return;
      }
      w.statement("$L += $L * $L - $L * $L", acc.re(), a.re(), b.re(), a.im(), b.im());
      w.statement("$L += $L * $L + $L * $L", acc.im(), a.re(), b.im(), a.im(), b.re());
    }

    /** {@code final double lhs = v;} (or {@code lhs_re}, {@code lhs_im}), as an element. */
    private ElementCode hoist(String hint, ElementCode v) {
      return complex ? ElementCode.pair(declare("final double", hint + "_re", v.re()),
          declare("final double", hint + "_im", v.im()))
          : ElementCode.real(declare("final double", hint, v.re()));
    }

    /** {@code double acc = 0.0;} (or {@code acc_re}, {@code acc_im}), as an element. */
    private ElementCode accumulator() {
      Code zero = Code.literal(0.0);
      return complex ? ElementCode.pair(declare("double", "acc_re", zero),
          declare("double", "acc_im", zero)) : ElementCode.real(declare("double", "acc", zero));
    }

    private Code declare(String type, String hint, Code init) {
      String t = cx.scope().newName(hint);
      w.statement("$L $N = $L", type, t, init);
      return Code.of("$N", t);
    }

    /** Element {@code offset} of the output array {@code name}. */
    private ElementCode out(String name, Code offset) {
      return complex ? ElementCode.pair(Code.of("$N[$L]", name, Loops.part(offset, 0)),
          Code.of("$N[$L]", name, Loops.part(offset, 1)))
          : ElementCode.real(Code.of("$N[$L]", name, offset));
    }

    /** The lhs element: batch and free axes from {@code out}, contracted from {@code cv}. */
    private ElementCode xOperand(String[] out, String[] cv) {
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
    private ElementCode yOperand(String[] out, String[] cv) {
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

    private ElementCode operand(Code array, Node v, String[] idx) {
      return array != null ? cx.source(v, Loops.offset(idx, v.type().shape().strides(), 0))
          : cx.element(v, null);
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
