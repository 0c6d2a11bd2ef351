package org.cotangent.codegen;

import java.util.Arrays;
import java.util.Set;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Gather;
import org.cotangent.symbolic.ops.ScatterAdd;

/**
 * {@code gather} and {@code scatter_add} in code for symbolic sizes (DESIGN, "Symbolic sizes",
 * P2): a nest over the gathered side's {@code pre}, index and {@code post} axes (the output of
 * gather, the updates of scatter_add) with the clamped row {@code j = min(max((int) idx[q], 0),
 * n - 1)} computed once per index element, before the loops over the trailing axes, exactly the
 * interpreter's clamp ({@link Gather#clamp}). gather copies elements (any order gives the same
 * bits); scatter_add zeroes its array, then adds each update into its row with the index
 * elements in increasing order for every output element, the interpreter's order of
 * additions, so repeated indices sum bit for bit as there. An axis that may be empty under
 * indices that may be there (the clamp would give -1) is an entry check ({@link #requirements}).
 */
final class SymbolicGather {
  static final Set<String> PRIMITIVES = Set.of("gather", "scatter_add");

  private SymbolicGather() {}

  /** The statement of {@code n}: its array (rank > 0) is declared by the caller. */
  static void emit(SymbolicBody body, Node n, JavaWriter w, NameAllocator scope) {
    boolean gather = n.op() instanceof Gather;
    Node side = gather ? n : n.input(0);
    Node idx = n.input(1);
    Node indexed = gather ? n.input(0) : n;
    int axis = gather ? ((Gather) n.op()).axis() : ((ScatterAdd) n.op()).axis();
    Dim rows = indexed.type().shape().extent(axis);
    if (gather && n.rank() == 0) {
      // One element of a vector: no loop, no block (the scalar is read by later statements).
      Code[] xi = {clamp(body, body.read(idx, new Code[0]), rows)};
      if (n.dtype().isComplex()) {
        // A complex scalar is an array of two, declared by the caller.
        SymbolicComplex.put(w, Code.of("$N", body.name(n)), Code.of("0"),
            body.elementOf(indexed, xi));
      } else {
        w.statement("final double $N = $L", body.name(n), body.read(indexed, xi));
      }
      return;
    }
    if (!gather) {
      zero(body, n, w, scope);
    }
    Dim[] se = side.type().shape().extents();
    int r = idx.rank();
    String[] v = Loops.indices(scope, 0, se.length);
    String[] pre = Arrays.copyOfRange(v, 0, axis);
    String[] mid = Arrays.copyOfRange(v, axis, axis + r);
    String[] post = Arrays.copyOfRange(v, axis + r, v.length);
    int opened = body.open(w, pre, Arrays.copyOfRange(se, 0, axis));
    opened += body.open(w, mid, Arrays.copyOfRange(se, axis, axis + r));
    if (opened == 0) {
      // No loop encloses j: a block of its own, so that two of these in a method do not clash.
      w.beginBlock();
      opened++;
    }
    String j = scope.newName("j");
    w.statement("final int $N = $L", j, clamp(body, body.read(idx, SymbolicBody.codes(mid)),
        rows));
    opened += body.open(w, post, Arrays.copyOfRange(se, axis + r, se.length));
    System.arraycopy(pre, 0, v, 0, axis);
    System.arraycopy(mid, 0, v, axis, r);
    System.arraycopy(post, 0, v, axis + r, post.length);
    Code[] sideIdx = SymbolicBody.codes(v);
    Code[] rowIdx = new Code[indexed.rank()];
    for (int a = 0; a < axis; a++) {
      rowIdx[a] = sideIdx[a];
    }
    rowIdx[axis] = Code.of("$N", j);
    for (int a = 0; a < post.length; a++) {
      rowIdx[axis + 1 + a] = sideIdx[axis + r + a];
    }
    if (gather) {
      // Complex values: each part, at the interleaved offsets.
      SymbolicComplex.put(w, Code.of("$N", body.name(n)), body.offset(sideIdx, se),
          body.elementOf(indexed, rowIdx));
    } else if (n.dtype().isComplex()) {
      Code at = body.offset(rowIdx, n.type().shape().extents());
      ElementCode u = body.elementOf(side, sideIdx);
      w.statement("$N[$L] += $L", body.name(n), Loops.part(at, 0), u.re());
      w.statement("$N[$L] += $L", body.name(n), Loops.part(at, 1), u.im());
    } else {
      w.statement("$N[$L] += $L", body.name(n),
          body.offset(rowIdx, n.type().shape().extents()), body.read(side, sideIdx));
    }
    Loops.close(w, opened);
  }

  /** {@code Math.min(Math.max((int) index, 0), rows - 1)}; 0 when the axis has one row. */
  private static Code clamp(SymbolicBody body, Code index, Dim rows) {
    if (rows.isConstant() && rows.constant() <= 1) {
      return Code.of("0");
    }
    return Code.of("Math.min(Math.max((int) ($L), 0), $L)", index,
        body.sizes.of(rows.minus(1)));
  }

  /** scatter_add's array set to zeros (an output array may hold a caller's old values). */
  private static void zero(SymbolicBody body, Node n, JavaWriter w, NameAllocator scope) {
    if (n.rank() == 0 || body.outputArray(n) == null) {
      return; // a new array is zeros already; a scalar scatter has rank >= 1 (its axis)
    }
    String i = scope.newName("z");
    Dim count = n.type().shape().numel().times(n.dtype().width());
    w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", i, body.sizes.of(count));
    w.statement("$N[$N] = 0.0", body.name(n), i);
    w.endControlFlow();
  }

  /**
   * True if {@code count} is 0 whenever {@code rows} is (0 itself, or rows one size variable
   * that every monomial of count has: a gather by argsort along the same axis, {@code m*n}
   * positions over an axis of n), so that the requirement holds at every size.
   */
  private static boolean vanishesWith(Dim count, Dim rows) {
    if (count.isConstant()) {
      return count.constant() == 0;
    }
    if (!rows.isVar() || count.constantTerm() != 0) {
      return false;
    }
    String v = rows.vars().iterator().next();
    for (java.util.List<String> mono : count.terms().keySet()) {
      if (!mono.contains(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The requirement the IR deferred: the indexed axis (gather's operand axis, scatter_add's
   * size) has a row whenever there are indices, else the clamp has no row to give ({@code
   * "gather of f64[n] takes rows from axis 0 (size n), which is empty, at 2 indices (k = 2, n =
   * 0)"}); and scatter_add's size is {@code >= 0}.
   */
  static void requirements(Node n, String where, SymbolicChecks checks, SizeCode sizes) {
    boolean gather = n.op() instanceof Gather;
    int axis = gather ? ((Gather) n.op()).axis() : ((ScatterAdd) n.op()).axis();
    TensorType indexed = gather ? n.input(0).type() : n.type();
    Dim rows = indexed.shape().extent(axis);
    Dim count = n.input(1).type().shape().numel();
    if (!gather && Dims.geq(rows, Dim.of(0)) != Dims.Answer.TRUE) {
      checks.refuse(Code.of("$L < 0", sizes.of(rows)), where + " scatters into " + rows
          + " rows, which is negative");
    }
    if (Dims.geq(rows, Dim.of(1)) == Dims.Answer.TRUE || vanishesWith(count, rows)) {
      return;
    }
    Code cond = count.isConstant() ? Code.of("$L < 1", sizes.of(rows))
        : Code.of("$L < 1 && $L != 0", sizes.of(rows), sizes.of(count));
    checks.refuse(cond, where + (gather ? " takes rows from" : " adds into") + " axis " + axis
        + " (size " + rows + "), which is empty, at " + count + " indices");
  }
}
