package org.cotangent.codegen;

import java.util.Arrays;
import java.util.Set;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Sort;

/**
 * {@code sort} and {@code argsort} in code for symbolic sizes (DESIGN, "Symbolic sizes", P2): one
 * call of the interpreter's kernel through {@link Rt} ({@code Rt.sort(x, out, outer, n, inner)},
 * the rows along the sorted axis), with the three counts as int expressions over the size
 * variables, so the order (stable, NaN last) is the interpreter's at every size. An operand held
 * in no array is first copied into one. (sort's JVP is a gather by argsort's positions, {@link
 * SymbolicGather}; argsort's derivative is zero.)
 */
final class SymbolicSort {
  static final Set<String> PRIMITIVES = Set.of("sort", "argsort");

  private SymbolicSort() {}

  /** The statement of {@code n}: its array is declared by the caller. */
  static void emit(SymbolicBody body, Node n, JavaWriter w, NameAllocator scope) {
    Sort.SortOp op = (Sort.SortOp) n.op();
    int axis = op.axis();
    Node x = n.input(0);
    Dim[] d = x.type().shape().extents();
    SizeCode sizes = body.sizes;
    Code outer = sizes.of(Dims.product(Arrays.asList(d).subList(0, axis)));
    Code inner = sizes.of(Dims.product(Arrays.asList(d).subList(axis + 1, d.length)));
    boolean copy = !body.plan.isArray(x);
    if (copy) {
      w.beginBlock();
    }
    Code in = copy ? SymbolicLinalg.copy(body, x, w, scope) : body.arrayOf(x);
    w.statement("$T.$L($L, $N, $L, $L, $L)", Rt.class, op.positions() ? "argsort" : "sort", in,
        body.name(n), outer, sizes.of(d[axis]), inner);
    if (copy) {
      w.endControlFlow();
    }
  }
}
