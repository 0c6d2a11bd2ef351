package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Reduce;

/**
 * {@code reduce_sum}, {@code reduce_max} and {@code reduce_prod}: a loop nest over the operand
 * combining into a scalar accumulator or into the output array. A full sum or max of a fused
 * value accumulates inside that value's loop instead ({@link #accumulation}). A complex sum adds
 * each part; a complex product multiplies as {@code ComplexMath.mul} does, through a temporary
 * ({@code reduce_max} of complex numbers is refused by the IR).
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
    r.register("reduce_sum", new ReduceLowering("sum", new Accumulation(0.0) {
      @Override
      void combine(JavaWriter w, ElementCode acc, ElementCode x, NameAllocator scope) {
        w.statement("$L += $L", acc.re(), x.re());
        if (acc.isPair()) {
          w.statement("$L += $L", acc.im(), x.im());
        }
      }
    }, true));
    r.register("reduce_max", new ReduceLowering("max",
        new Accumulation(Double.NEGATIVE_INFINITY) {
          @Override
          void combine(JavaWriter w, ElementCode acc, ElementCode x, NameAllocator scope) {
            w.statement("$1L = Math.max($1L, $2L)", acc.realOnly(), x.realOnly());
          }
        }, true));
    r.register("reduce_prod", new ReduceLowering("prod", new Accumulation(1.0) {
      @Override
      void combine(JavaWriter w, ElementCode acc, ElementCode x, NameAllocator scope) {
        if (!acc.isPair()) {
          w.statement("$L *= $L", acc.re(), x.re());
          return;
        }
        // (a + bi)(c + di) = (ac - bd) + (ad + bc)i, the real part kept until both are done.
        String t = scope.newName("re");
        w.statement("final double $N = $L * $L - $L * $L", t, acc.re(), x.re(), acc.im(), x.im());
        w.statement("$L = $L * $L + $L * $L", acc.im(), acc.re(), x.im(), acc.im(), x.re());
        w.statement("$L = $N", acc.re(), t);
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
    boolean complex = n.dtype().isComplex();
    if (n.rank() == 0) {
      ElementCode acc = cx.declareAccumulator(n, reduction.init(complex));
      int opened = Loops.open(w, v, inDims);
      if (opened == 0 && complex) {
        // The complex product's temporary needs a block when no loop encloses it.
        w.beginBlock();
        opened++;
      }
      reduction.combine(w, acc, cx.source(x, Loops.offset(v, inStrides, 0)), cx.scope());
      Loops.close(w, opened);
      return;
    }
    String name = cx.newArray(n, true);
    if (reduction.initValue() != 0.0) {
      if (complex) {
        // The real parts start at the identity, the imaginary parts at 0.
        String k = cx.scope().newName("k");
        w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", k, n.type().size());
        w.statement("$N[2 * $N] = $L", name, k, Code.literal(reduction.initValue()));
        w.endControlFlow();
      } else {
        w.statement("java.util.Arrays.fill($N, $L)", name, Code.literal(reduction.initValue()));
      }
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
    if (opened == 0 && complex) {
      w.beginBlock();
      opened++;
    }
    for (int k = 0; k < inDims.length; k++) {
      outIdx[k] = outIdx[k] == null ? null : v[k];
    }
    Code at = Loops.offset(outIdx, st, 0);
    ElementCode acc = complex
        ? ElementCode.pair(Code.of("$N[$L]", name, Loops.part(at, 0)),
            Code.of("$N[$L]", name, Loops.part(at, 1)))
        : ElementCode.real(Code.of("$N[$L]", name, at));
    reduction.combine(w, acc, cx.source(x, Loops.offset(v, inStrides, 0)), cx.scope());
    Loops.close(w, opened);
  }
}
