package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.linalg.Slogdet;
import org.cotangent.symbolic.ops.linalg.Solve;
import org.cotangent.symbolic.ops.linalg.TriangularSolve;

/**
 * The linear-algebra primitives ({@code cholesky}, {@code triangular_solve}, {@code solve}, {@code
 * inv}, {@code det}, {@code slogdet}): each is one call of the kernel the interpreter uses, through
 * {@link Rt} ({@code Rt.cholesky(x, L, batch, n)}), the {@code ...C128} kernel for complex values.
 * Matrix dimensions are literals and flags named constants ({@code Rt.LEFT_SIDE | Rt.LOWER}); an
 * operand held in no array (a scalar local or a view) is first copied into one.
 */
final class LinalgLowerings {
  private LinalgLowerings() {}

  static void registerAll(Lowerings r) {
    r.register("cholesky", new KernelCall("cholesky", "L"));
    r.register("triangular_solve", new KernelCall("triangularSolve", "x"));
    r.register("solve", new KernelCall("solve", "x"));
    r.register("inv", new KernelCall("inv", "inverse"));
    r.register("det", new KernelCall("det", "det"));
    r.register("slogdet", new KernelCall("slogdet", "logdet"));
  }

  /** The flags of a solve as Java: {@code Rt.LEFT_SIDE | Rt.LOWER}, or {@code 0}. */
  static Code flags(Node n) {
    List<String> names = new ArrayList<>();
    if (n.op() instanceof TriangularSolve) {
      TriangularSolve op = (TriangularSolve) n.op();
      if (op.leftSide()) {
        names.add("LEFT_SIDE");
      }
      if (op.lower()) {
        names.add("LOWER");
      }
      if (op.transposeA()) {
        names.add("TRANSPOSE_A");
      }
      if (op.conjugateA()) {
        names.add("CONJUGATE_A");
      }
      if (op.unitDiagonal()) {
        names.add("UNIT_DIAGONAL");
      }
    } else if (((Solve) n.op()).transposeA()) {
      names.add("TRANSPOSE_A");
    }
    if (names.isEmpty()) {
      return Code.of("0");
    }
    Code c = Code.of("$T.$L", Rt.class, names.get(0));
    for (int i = 1; i < names.size(); i++) {
      c = Code.of("$L | $T.$L", c, Rt.class, names.get(i));
    }
    return c;
  }

  /** {@code Rt.<kernel>(inputs..., out, dimensions..., flags)}. */
  static final class KernelCall implements Lowering {
    private final String kernel;
    private final String hint;

    KernelCall(String kernel, String hint) {
      this.kernel = kernel;
      this.hint = hint;
    }

    @Override
    public String hint(Node n) {
      if (n.op() instanceof Slogdet) {
        return ((Slogdet) n.op()).part() == Slogdet.Part.SIGN ? "sign" : "logdet";
      }
      return hint;
    }

    private String method(Node n) {
      String m = kernel;
      if (n.op() instanceof Slogdet) {
        m = ((Slogdet) n.op()).part() == Slogdet.Part.SIGN ? "slogdetSign" : "slogdetLogabsdet";
      }
      return n.input(0).dtype().isComplex() ? m + "C128" : m;
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      JavaWriter w = cx.writer();
      String name = cx.newArray(n, false);
      Node a = n.input(0);
      int[] d = a.type().shape().dims();
      int r = d.length;
      int batch = 1;
      for (int i = 0; i < r - 2; i++) {
        batch *= d[i];
      }
      List<Code> args = new ArrayList<>();
      boolean copies = false;
      for (int i = 0; i < n.arity(); i++) {
        copies |= !cx.isArray(n.input(i));
      }
      if (copies) {
        w.beginBlock();
      }
      for (int i = 0; i < n.arity(); i++) {
        args.add(operand(n.input(i), cx));
      }
      args.add(Code.of("$N", name));
      args.add(Code.of("$L", batch));
      if (n.arity() == 2) {
        Node b = n.input(1);
        int rb = b.rank();
        boolean triangular = n.op() instanceof TriangularSolve;
        if (triangular) {
          args.add(Code.of("$L", b.type().shape().dim(rb - 2)));
          args.add(Code.of("$L", b.type().shape().dim(rb - 1)));
        } else {
          args.add(Code.of("$L", d[r - 1]));
          args.add(Code.of("$L", b.type().shape().dim(rb - 1)));
        }
        args.add(flags(n));
      } else {
        args.add(Code.of("$L", d[r - 1]));
      }
      Code list = args.get(0);
      for (int i = 1; i < args.size(); i++) {
        list = Code.of("$L, $L", list, args.get(i));
      }
      w.statement("$T.$L($L)", Rt.class, method(n), list);
      if (copies) {
        w.endControlFlow();
      }
    }

    /** The array holding {@code x}, or a copy of it into a new one (inside the open block). */
    private static Code operand(Node x, LoweringContext cx) {
      if (cx.isArray(x)) {
        return cx.array(x);
      }
      JavaWriter w = cx.writer();
      boolean complex = x.dtype().isComplex();
      String copy = cx.scope().newName("operand");
      int size = x.type().size();
      w.statement("final double[] $N = new double[$L]", copy, complex ? 2 * size : size);
      String[] v = Loops.indices(cx.scope(), 0, 1);
      int opened = Loops.open(w, v, new int[] {size});
      Code at = v[0] == null ? Code.of("0") : Code.of("$N", v[0]);
      cx.store(copy, at, "=", cx.source(x, at));
      Loops.close(w, opened);
      return Code.of("$N", copy);
    }
  }
}
