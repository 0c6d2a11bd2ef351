package org.cotangent.codegen;

import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.BroadcastInDim;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ops.Rev;
import org.cotangent.symbolic.ops.Slice;

/**
 * The structural primitives that fused loops can read in place (views): {@code reshape}, {@code
 * broadcast_in_dim}, {@code slice} (strided ones of vectors too), {@code pad} (without interior
 * padding) and {@code rev} of a vector. Each is also a loop nest of its own when something else
 * reads it; {@code pad} is the leaf of a scattered sum of pads.
 */
final class ViewLowerings {
  private ViewLowerings() {}

  static void registerAll(Lowerings r) {
    r.register("reshape", new ReshapeLowering());
    r.register("broadcast_in_dim", new BroadcastLowering());
    r.register("slice", new SliceLowering());
    r.register("pad", new PadLowering());
    r.register("rev", new RevLowering());
  }

  /** {@code (index)}, or the name as it is. */
  static Code grouped(Code index) {
    return index.isName() ? index : Code.of("($L)", index);
  }

  /** {@code a[k] * b[k]} per axis. */
  static int[] times(int[] a, int[] b) {
    int[] r = new int[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = a[k] * b[k];
    }
    return r;
  }

  /** A reshape shares its operand's array; a view reads the operand at the same flat index. */
  static final class ReshapeLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "reshaped";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      if (n.rank() == 0) {
        cx.declareScalar(n, cx.source(x, Code.of("0")));
      } else if (cx.isArray(x)) {
        cx.aliasArray(n, cx.array(x));
      } else {
        ElementCode e = cx.element(x, null);
        cx.aliasArray(n, e.isPair() ? Code.of("new double[] {$L, $L}", e.re(), e.im())
            : Code.of("new double[] {$L}", e.re()));
      }
    }

    @Override
    public boolean canBeView(Node n) {
      return n.input(0).rank() > 0;
    }

    @Override
    public ElementCode viewElement(Node v, Code index, ElementReader operand) {
      return operand.element(v.input(0), index);
    }
  }

  /** A broadcast: a copy loop, or a view of a scalar or of a block of consecutive axes. */
  static final class BroadcastLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "bcast";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      BroadcastInDim op = (BroadcastInDim) n.op();
      Node x = n.input(0);
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] outDims = n.type().shape().dims();
      String[] v = Loops.indices(cx.scope(), 0, outDims.length);
      int opened = Loops.open(w, v, outDims);
      int[] dims = op.dims();
      int[] inStrides = x.type().shape().strides();
      String[] idx = new String[dims.length];
      int[] st = new int[dims.length];
      for (int k = 0; k < dims.length; k++) {
        idx[k] = v[dims[k]];
        st[k] = x.type().shape().dim(k) == 1 ? 0 : inStrides[k];
      }
      cx.store(name, Loops.offset(v, n.type().shape().strides(), 0), "=",
          cx.source(x, Loops.offset(idx, st, 0)));
      Loops.close(w, opened);
    }

    @Override
    public boolean canBeView(Node n) {
      return n.input(0).rank() == 0 || block(n) != null;
    }

    @Override
    public ElementCode viewElement(Node v, Code index, ElementReader operand) {
      Node x = v.input(0);
      if (x.rank() == 0) {
        return operand.element(x, null);
      }
      int[] block = block(v);
      Code i = index.isName() ? index : Code.of("($L)", index);
      Code q = block[0] == 1 ? i : Code.of("$L / $L", i, block[0]);
      boolean outer = block[0] * block[1] < v.type().size();
      Code at = !outer ? q : Code.of("$L % $L", block[0] == 1 ? q : Code.of("($L)", q), block[1]);
      return operand.element(x, at);
    }

    @Override
    public Code viewText(Node v, Code operand) {
      return v.input(0).rank() == 0 ? operand : Lowering.super.viewText(v, operand);
    }

    /**
     * For a broadcast whose operand fills a consecutive block of output axes without stretching
     * any axis (a bias vector over rows, a column over a matrix), {@code {inner, size}}: operand
     * element {@code (i / inner) % size} is output element {@code i}. Null otherwise.
     */
    private static int[] block(Node n) {
      int[] dims = ((BroadcastInDim) n.op()).dims();
      Shape in = n.input(0).type().shape();
      Shape out = n.type().shape();
      for (int k = 0; k < dims.length; k++) {
        if (in.dim(k) != out.dim(dims[k]) || (k > 0 && dims[k] != dims[k - 1] + 1)) {
          return null;
        }
      }
      int inner = 1;
      for (int a = dims[dims.length - 1] + 1; a < out.rank(); a++) {
        inner *= out.dim(a);
      }
      return new int[] {inner, in.size()};
    }
  }

  /**
   * A slice: a copy ({@code System.arraycopy} when contiguous), a loop nest stepping by the
   * strides, or a view at an offset (of a vector: at a stride, {@code x[2 * i + 1]}).
   */
  static final class SliceLowering implements Lowering {
    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Slice op = (Slice) n.op();
      JavaWriter w = cx.writer();
      int[] inStrides = x.type().shape().strides();
      int base = Loops.base(op.start(), inStrides);
      if (n.rank() == 0) {
        cx.declareScalar(n, cx.source(x, Code.of("$L", base)));
        return;
      }
      String name = cx.newArray(n, false);
      inStrides = times(inStrides, op.strides());
      if (op.unitStrides() && isContiguous(n.type().shape(), x.type().shape())) {
        int width = n.dtype().width();
        w.statement("System.arraycopy($L, $L, $N, 0, $L)", cx.array(x), base * width, name,
            n.type().size() * width);
        return;
      }
      int[] outDims = n.type().shape().dims();
      String[] v = Loops.indices(cx.scope(), 0, outDims.length);
      int opened = Loops.open(w, v, outDims);
      cx.store(name, Loops.offset(v, n.type().shape().strides(), 0), "=",
          cx.source(x, Loops.offset(v, inStrides, base)));
      Loops.close(w, opened);
    }

    @Override
    public boolean canBeView(Node n) {
      Slice op = (Slice) n.op();
      return n.input(0).rank() > 0 && (op.unitStrides()
          ? isContiguous(n.type().shape(), n.input(0).type().shape()) : n.rank() == 1);
    }

    @Override
    public ElementCode viewElement(Node v, Code index, ElementReader operand) {
      Node x = v.input(0);
      Slice op = (Slice) v.op();
      int base = Loops.base(op.start(), x.type().shape().strides());
      Code at = op.unitStrides() ? index : Code.of("$L * $L", op.strides()[0], grouped(index));
      return operand.element(x, Loops.plus(at, base));
    }

    @Override
    public Code viewText(Node v, Code operand) {
      if (v.rank() != 1) {
        return Lowering.super.viewText(v, operand);
      }
      Slice op = (Slice) v.op();
      return op.unitStrides() ? Code.of("$L[$L:$L]", operand, op.start()[0], op.limit()[0])
          : Code.of("$L[$L:$L:$L]", operand, op.start()[0], op.limit()[0], op.strides()[0]);
    }

    /** True if a box of shape {@code box} inside {@code outer} is one contiguous run. */
    private static boolean isContiguous(Shape box, Shape outer) {
      int k = 0;
      while (k < box.rank() && box.dim(k) == 1) {
        k++;
      }
      for (int j = k + 1; j < box.rank(); j++) {
        if (box.dim(j) != outer.dim(j)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A pad: zeros and a copy (stepping over interior zeros), a view of a vector without interior
   * padding (a bounds test), a leaf of a scattered sum.
   */
  static final class PadLowering implements Lowering {
    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      Pad op = (Pad) n.op();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, true);
      int[] outStrides = n.type().shape().strides();
      int[] inDims = x.type().shape().dims();
      int base = Loops.base(op.low(), outStrides);
      int[] step = op.interior();
      for (int k = 0; k < step.length; k++) {
        step[k]++;
      }
      outStrides = times(outStrides, step);
      String[] v = Loops.indices(cx.scope(), 0, inDims.length);
      int opened = Loops.open(w, v, inDims);
      cx.store(name, Loops.offset(v, outStrides, base), "=",
          cx.source(x, Loops.offset(v, x.type().shape().strides(), 0)));
      Loops.close(w, opened);
    }

    @Override
    public boolean canBeView(Node n) {
      return n.input(0).rank() > 0 && n.rank() == 1 && ((Pad) n.op()).noInterior();
    }

    @Override
    public ElementCode viewElement(Node v, Code index, ElementReader operand) {
      Node x = v.input(0);
      int lo = ((Pad) v.op()).low()[0];
      int hi = ((Pad) v.op()).high()[0];
      int m = x.type().shape().dim(0);
      ElementCode inside = operand.element(x, Loops.plus(index, -lo));
      Code test = lo > 0 && hi > 0 ? Code.of("$L >= $L && $L < $L", index, lo, index, lo + m)
          : lo > 0 ? Code.of("$L >= $L", index, lo) : Code.of("$L < $L", index, m);
      return inside.map(c -> Code.of("($L ? $L : 0.0)", test, c));
    }

    @Override
    public int scatterOffset(Node n) {
      return n.rank() == 1 && ((Pad) n.op()).noInterior() ? ((Pad) n.op()).low()[0] : -1;
    }
  }

  /** A reversal: a loop nest reading {@code x[(n - 1 - i) * stride]}, or a view of a vector. */
  static final class RevLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "reversed";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      Node x = n.input(0);
      int[] axes = ((Rev) n.op()).axes();
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      int[] dims = n.type().shape().dims();
      int[] strides = n.type().shape().strides();
      String[] v = Loops.indices(cx.scope(), 0, dims.length);
      int opened = Loops.open(w, v, dims);
      String[] kept = v.clone();
      java.util.List<Code> terms = new java.util.ArrayList<>();
      for (int a : axes) {
        kept[a] = null;
        if (v[a] != null) {
          terms.add(strides[a] == 1 ? Code.of("$L - $N", dims[a] - 1, v[a])
              : Code.of("($L - $N) * $L", dims[a] - 1, v[a], strides[a]));
        }
      }
      Code rest = Loops.offset(kept, strides, 0);
      if (!rest.toString().equals("0") || terms.isEmpty()) {
        terms.add(0, rest);
      }
      cx.store(name, Loops.offset(v, strides, 0), "=", cx.source(x, Code.join(" + ", terms)));
      Loops.close(w, opened);
    }

    @Override
    public boolean canBeView(Node n) {
      return n.rank() == 1;
    }

    @Override
    public ElementCode viewElement(Node v, Code index, ElementReader operand) {
      return operand.element(v.input(0), Code.of("$L - $L", v.type().size() - 1, grouped(index)));
    }

    @Override
    public Code viewText(Node v, Code operand) {
      return Code.of("$L[::-1]", operand);
    }
  }
}
