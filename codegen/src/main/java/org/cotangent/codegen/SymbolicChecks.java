package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.ArgReduce;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ops.Reduce;
import org.cotangent.symbolic.ops.Slice;

/**
 * The entry checks of a symbolic program (DESIGN, "Symbolic sizes", P2): what the IR could not
 * decide when the graph was built and deferred to the sizes (slice bounds {@code 0 <= start <=
 * limit <= n}, {@code pad >= 0}, {@code index < n}, {@code reduce_max} over an axis that may be
 * empty), and the sizes and array lengths themselves. Each is one {@code if} at the start of the
 * entry method throwing {@link IllegalArgumentException} with a message naming the value and
 * the sizes, so that a bad call fails there and never inside a loop. A requirement that holds at
 * every size ({@link Dims#geq} TRUE) gets no check.
 */
final class SymbolicChecks {
  private final SizeCode sizes;
  private final JavaWriter w;

  SymbolicChecks(SizeCode sizes, JavaWriter w) {
    this.sizes = sizes;
    this.w = w;
  }

  /** {@code "m = " + m + ", n = " + n}, as Java code. */
  Code describeSizes() {
    List<Code> parts = new ArrayList<>();
    for (String v : sizes.vars()) {
      parts.add(Code.of("\"$L = \" + $N", v, v));
    }
    return Code.join(" + \", \" + ", parts);
  }

  /** {@code size m is -1, must be >= 0}, for sizes passed in as parameters. */
  void nonnegative() {
    for (String v : sizes.vars()) {
      w.beginControlFlow("if ($N < 0)", v);
      w.statement("throw new IllegalArgumentException(\"size $L is \" + $N + \", must be >= 0\")",
          v, v);
      w.endControlFlow();
    }
  }

  /** An array of type {@code t} read as {@code array} must have {@code numel(t)} elements. */
  void length(Code array, String what, TensorType t) {
    Dim numel = t.shape().numel().times(t.dtype().width()); // complex: interleaved, two a value
    Code expected = sizes.of(numel);
    w.beginControlFlow("if ($L == null)", array);
    w.statement("throw new IllegalArgumentException(\"$L is null, expected $L doubles for $L\")",
        what, numel.toString(), t.toString());
    w.endControlFlow();
    w.beginControlFlow("if ($L.length != $L)", array, expected);
    w.statement("throw new IllegalArgumentException(\"$L has \" + $L.length + \" $L, but"
        + " its type $L needs $L = \" + ($L) + \" (\" + $L + \")\")", what, array,
        t.dtype().isComplex() ? "doubles" : "elements", t.toString(),
        numel.toString(),
        expected, describeSizes());
    w.endControlFlow();
  }

  /** The deferred requirements of every node of {@code order}. */
  void requirements(List<Node> order, SymbolicBody body) {
    requirements(order, body, java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>()));
  }

  /** The same, and those of the bodies of scans over symbolic sizes (once per body). */
  private void requirements(List<Node> order, SymbolicBody body,
      java.util.Set<org.cotangent.symbolic.ir.Graph> seen) {
    for (Node n : order) {
      String p = n.op().name();
      if (n.op() instanceof org.cotangent.symbolic.control.Scan
          && ((org.cotangent.symbolic.control.Scan) n.op()).hasSymbolicBody()) {
        org.cotangent.symbolic.ir.Graph g = ((org.cotangent.symbolic.control.Scan) n.op()).body();
        if (seen.add(g)) {
          requirements(g.topoOrder(), body, seen);
        }
        continue;
      }
      if (n.arity() == 0) {
        continue;
      }
      TensorType x = n.input(0).type();
      String where = p + " of " + x + (body.plan.graph.nameOf(n) == null ? ""
          : " (" + NameAllocator.sanitize(body.plan.graph.nameOf(n)) + ")");
      if (p.equals("slice")) {
        Slice op = (Slice) n.op();
        Dim[] s = op.startDims();
        Dim[] l = op.limitDims();
        for (int k = 0; k < s.length; k++) {
          Dim e = x.shape().extent(k);
          String what = where + " on axis " + k + " [" + s[k] + ":" + l[k] + "] of size " + e;
          require(s[k], Dim.of(0), what);
          require(l[k], s[k], what);
          require(e, l[k], what);
        }
      } else if (p.equals("pad")) {
        Pad op = (Pad) n.op();
        for (int k = 0; k < x.rank(); k++) {
          String what = where + " on axis " + k + " (low " + op.lowDims()[k] + ", high "
              + op.highDims()[k] + ")";
          require(op.lowDims()[k], Dim.of(0), what);
          require(op.highDims()[k], Dim.of(0), what);
        }
      } else if (p.equals("index")) {
        Index op = (Index) n.op();
        Dim e = x.shape().extent(op.axis());
        require(e, Dim.of(op.position() + 1L), where + ": index " + op.position() + " of axis "
            + op.axis() + " (size " + e + ")");
      } else if (SymbolicArgReduce.PRIMITIVES.contains(p)) {
        int a = ((ArgReduce) n.op()).axis();
        Dim e = x.shape().extent(a);
        if (Dims.geq(e, Dim.of(1)) != Dims.Answer.TRUE) {
          w.beginControlFlow("if ($L < 1)", sizes.of(e));
          w.statement("throw new IllegalArgumentException(\"$L has no position: axis $L (size $L)"
              + " is empty (\" + $L + \")\")", where, a, e.toString(), describeSizes());
          w.endControlFlow();
        }
      } else if (SymbolicGather.PRIMITIVES.contains(p)) {
        SymbolicGather.requirements(n, where, this, sizes);
      } else if (p.equals("reduce_max")) {
        Dim out = n.type().shape().numel();
        for (int a : ((Reduce.ReduceOp) n.op()).axes()) {
          Dim e = x.shape().extent(a);
          if (Dims.geq(e, Dim.of(1)) == Dims.Answer.TRUE
              || out.isConstant() && out.constant() == 0) {
            continue;
          }
          Code cond = out.isConstant() ? Code.of("$L < 1", sizes.of(e))
              : Code.of("$L < 1 && $L != 0", sizes.of(e), sizes.of(out));
          w.beginControlFlow("if ($L)", cond);
          w.statement("throw new IllegalArgumentException(\"$L has no value: axis $L (size $L)"
              + " is empty (\" + $L + \")\")", where, a, e.toString(), describeSizes());
          w.endControlFlow();
        }
      }
    }
  }

  /** {@code if (cond) throw ...} with {@code what} and the sizes in the message. */
  void refuse(Code cond, String what) {
    w.beginControlFlow("if ($L)", cond);
    w.statement("throw new IllegalArgumentException(\"$L (\" + $L + \")\")", what,
        describeSizes());
    w.endControlFlow();
  }

  /** {@code if (a < b) throw ...} unless {@code a >= b} at every size. */
  private void require(Dim a, Dim b, String what) {
    if (Dims.geq(a, b) == Dims.Answer.TRUE) {
      return;
    }
    w.beginControlFlow("if ($L < $L)", sizes.of(a), sizes.of(b));
    w.statement("throw new IllegalArgumentException(\"$L needs $L >= $L, false at \" + $L)",
        what, a.toString(), b.toString(), describeSizes());
    w.endControlFlow();
  }
}
