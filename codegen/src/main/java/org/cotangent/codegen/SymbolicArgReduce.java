package org.cotangent.codegen;

import java.util.Set;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.ArgReduce;
import org.cotangent.symbolic.ops.Indexing;

/**
 * {@code argmax} and {@code argmin} in code for symbolic sizes (DESIGN, "Symbolic sizes", P2): a
 * nest over the kept axes, and inside it the interpreter's scan along the reduced axis: the
 * first element is the best so far, a later one replaces it when strictly better or the first
 * NaN ({@link ArgReduce#better}), so the first of ties and the first NaN win, as in the
 * interpreter. The axis is not empty: the entry checks say so when it cannot be proven
 * ({@link SymbolicChecks}).
 */
final class SymbolicArgReduce {
  static final Set<String> PRIMITIVES = Set.of("argmax", "argmin");

  private SymbolicArgReduce() {}

  /** The statement of {@code n}: its array (rank > 0) is declared by the caller. */
  static void emit(SymbolicBody body, Node n, JavaWriter w, NameAllocator scope) {
    ArgReduce op = (ArgReduce) n.op();
    int axis = op.axis();
    Node x = n.input(0);
    Dim[] in = x.type().shape().extents();
    int[] kept = Indexing.remaining(in.length, new int[] {axis}, new int[0]);
    String[] v = Loops.indices(scope, 0, in.length);
    String[] ov = SymbolicBody.pick(v, kept);
    Dim[] kd = SymbolicBody.pick(in, kept);
    int opened = body.open(w, ov, kd);
    NameAllocator locals = opened == 0 ? body.names : scope;
    String best = locals.newName("best");
    String at = locals.newName("at");
    Code[] idx = new Code[in.length];
    for (int k = 0; k < kept.length; k++) {
      idx[kept[k]] = ov[k] == null ? null : Code.of("$N", ov[k]);
    }
    w.statement("double $N = $L", best, body.read(x, idx));
    w.statement("int $N = 0", at);
    String k = v[axis];
    w.beginControlFlow("for (int $1N = 1; $1N < $2L; $1N++)", k, body.sizes.of(in[axis]));
    idx[axis] = Code.of("$N", k);
    String e = scope.newName("v");
    w.statement("final double $N = $L", e, body.read(x, idx));
    ArgReduceLowering.takeIfBetter(w, best, e, at, k, op.isMin());
    w.endControlFlow();
    if (n.rank() == 0) {
      w.statement("final double $N = $N", body.name(n), at);
    } else {
      Code[] oi = SymbolicBody.codes(ov);
      w.statement("$N[$L] = $N", body.name(n), body.offset(oi, n.type().shape().extents()), at);
    }
    Loops.close(w, opened);
  }
}
