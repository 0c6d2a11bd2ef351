package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.linalg.Eigh;
import org.cotangent.symbolic.ops.linalg.Slogdet;
import org.cotangent.symbolic.ops.linalg.TriangularSolve;

/**
 * The real linear-algebra primitives in code for symbolic sizes (DESIGN, "Symbolic sizes", P2):
 * as in {@link LinalgLowerings}, one call of the kernel the interpreter uses, through {@link Rt}
 * ({@code Rt.cholesky(x, L, batch, n)}), with the batch count and the matrix sizes as int
 * expressions over the size variables ({@code Rt.solve(a, b, x, 1, n, m, 0)}), so the code gives
 * the interpreter's bits at every size. The shape rules prove the matrices square and the
 * operands' sizes equal, so no entry check is needed (an empty matrix is a loop of no
 * iterations in the kernel). An operand held in no array (a view, a literal) is first copied
 * into one; a result of rank 0 ({@code det} of one matrix) is the one element of an array.
 * {@code eigh} is the Jacobi kernel the same way ({@code Rt.eighVectors(x, V, batch, n)}).
 * Complex operands call the {@code ...C128} kernels, as the static path; complex {@code eigh}
 * is refused by name.
 */
final class SymbolicLinalg {
  /** The primitives lowered here. */
  static final Set<String> PRIMITIVES = Set.of("cholesky", "triangular_solve", "solve", "inv",
      "det", "slogdet", "eigh");

  private SymbolicLinalg() {}

  /** The kernel's name in {@link Rt} (real operands only). */
  private static String kernel(Node n) {
    switch (n.op().name()) {
      case "cholesky":
        return "cholesky";
      case "triangular_solve":
        return "triangularSolve";
      case "solve":
        return "solve";
      case "inv":
        return "inv";
      case "det":
        return "det";
      case "slogdet":
        return ((Slogdet) n.op()).part() == Slogdet.Part.SIGN ? "slogdetSign"
            : "slogdetLogabsdet";
      case "eigh":
        return ((Eigh) n.op()).part() == Eigh.Part.VALUES ? "eighValues" : "eighVectors";
      default:
        throw SymbolicPlan.unsupported(n.op().name(), null);
    }
  }

  /** The kernel for {@code n}'s operands: the {@code ...C128} twin for complex ones. */
  private static String kernelFor(Node n) {
    return n.input(0).dtype().isComplex() ? kernel(n) + "C128" : kernel(n);
  }

  /**
   * The statement of {@code n}: its array (rank > 0) is declared by the caller as {@code
   * body.name(n)}; a scalar result is declared here.
   */
  static void emit(SymbolicBody body, Node n, JavaWriter w, NameAllocator scope) {
    SizeCode sizes = body.sizes;
    Node a = n.input(0);
    Dim[] d = a.type().shape().extents();
    int r = d.length;
    Code batch = sizes.of(Dims.product(Arrays.asList(d).subList(0, r - 2)));
    String out = body.name(n);
    boolean scalar = n.rank() == 0 && !n.dtype().isComplex(); // a complex one is an array of two
    if (scalar) {
      out = body.names.newName(out + "Out");
      w.statement("final double[] $N = new double[1]", out);
    }
    boolean copies = false;
    for (Node x : n.inputs()) {
      copies |= !body.plan.isArray(x);
    }
    if (copies) {
      w.beginBlock();
    }
    List<Code> args = new ArrayList<>();
    for (Node x : n.inputs()) {
      args.add(operand(body, x, w, scope));
    }
    args.add(Code.of("$N", out));
    args.add(batch);
    if (n.arity() == 2) {
      Dim[] b = n.input(1).type().shape().extents();
      int rb = b.length;
      boolean triangular = n.op() instanceof TriangularSolve;
      args.add(sizes.of(triangular ? b[rb - 2] : d[r - 1]));
      args.add(sizes.of(b[rb - 1]));
      args.add(LinalgLowerings.flags(n));
    } else {
      args.add(sizes.of(d[r - 1]));
    }
    w.statement("$T.$L($L)", Rt.class, kernelFor(n), Code.join(", ", args));
    if (copies) {
      w.endControlFlow();
    }
    if (scalar) {
      w.statement("final double $N = $N[0]", body.name(n), out);
    }
  }

  /** The array holding {@code x}, or a copy of it into a new one (inside the open block). */
  private static Code operand(SymbolicBody body, Node x, JavaWriter w, NameAllocator scope) {
    return body.plan.isArray(x) ? body.arrayOf(x) : copy(body, x, w, scope);
  }

  /** {@code x} (a view or a literal) copied into a new array (inside an open block). */
  static Code copy(SymbolicBody body, Node x, JavaWriter w, NameAllocator scope) {
    String copy = scope.newName("operand");
    Dim[] ext = x.type().shape().extents();
    w.statement("final double[] $N = new double[$L]", copy, body.sizes.of(x.type().shape()
        .numel().times(x.dtype().width())));
    String[] v = Loops.indices(scope, 0, ext.length);
    int opened = body.open(w, v, ext);
    Code[] idx = SymbolicBody.codes(v);
    SymbolicComplex.put(w, Code.of("$N", copy), body.offset(idx, ext), body.elementOf(x, idx));
    Loops.close(w, opened);
    return Code.of("$N", copy);
  }
}
