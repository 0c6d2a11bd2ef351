package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;

/**
 * Complex values in code for symbolic sizes (DESIGN, "Symbolic sizes", P2), as the static path
 * holds them (section "Complex values"): a c128 array is interleaved ({@code z[2 * (i0 * n + i1)]},
 * {@code z[2 * (i0 * n + i1) + 1]}), a c128 scalar an array of two ({@code z[0]}, {@code z[1]}),
 * a uniform constant two literals. {@link SymbolicBody} reads a complex element as a pair of
 * parts (the same view arithmetic per part); here are the element code of the fused elementwise
 * nests, which go through the primitives' own complex element functions ({@link
 * ComplexElements}, each in {@code ComplexMath}'s order of operations, so the values are the
 * interpreter's bits), and the accumulation of complex sums, products and contractions in the
 * interpreter's order ({@code acc_re += a_re * b_re - a_im * b_im; acc_im += a_re * b_im + a_im *
 * b_re}).
 */
final class SymbolicComplex {
  private SymbolicComplex() {}

  /** True if {@code n} or one of its inputs is complex. */
  static boolean isComplex(Node n) {
    return ElementwiseLowering.isComplex(n);
  }

  /** True if {@code n}, one of its inputs or a node of its sub-graphs (a scan's body) is complex. */
  static boolean anyComplex(Node n) {
    if (isComplex(n)) {
      return true;
    }
    for (org.cotangent.symbolic.ir.Graph g : n.op().subgraphs()) {
      for (Node m : g.topoOrder()) {
        if (anyComplex(m)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True if the elementwise nest of {@code n} computes a complex element anywhere. */
  static boolean involves(SymbolicPlan plan, Node n) {
    if (isComplex(n)) {
      return true;
    }
    if (plan.isMaterialisedView(n)) {
      return false;
    }
    for (Node m : plan.inlinedInto(n)) {
      if (isComplex(m)) {
        return true;
      }
    }
    return false;
  }

  /** The imaginary part of a uniform complex constant (0 for a real one, or an empty one). */
  static Code imagLiteral(Node x) {
    Constant c = (Constant) x.op();
    boolean empty = x.type().isStatic() && x.type().size() == 0;
    return Code.literal(empty || !x.dtype().isComplex() ? 0.0 : c.uniformImag());
  }

  /** {@code array[offset] = value} (a real element), or one statement per part. */
  static void put(JavaWriter w, Code array, Code offset, ElementCode value) {
    if (!value.isPair()) {
      w.statement("$L[$L] = $L", array, offset, value.re());
      return;
    }
    w.statement("$L[$L] = $L", array, Loops.part(offset, 0), value.re());
    w.statement("$L[$L] = $L", array, Loops.part(offset, 1), value.im());
  }

  /** {@code double acc_re = init; double acc_im = 0.0;} as a pair. */
  static ElementCode accumulator(SymbolicBody b, JavaWriter w, NameAllocator scope, int opened,
      int init) {
    String re = b.local(scope, opened, "acc_re");
    String im = b.local(scope, opened, "acc_im");
    w.statement("double $N = $L", re, init == 1 ? "1.0" : "0.0");
    w.statement("double $N = 0.0", im);
    return ElementCode.pair(Code.of("$N", re), Code.of("$N", im));
  }

  /** A complex sum adds each part; a product multiplies as {@code ComplexMath.mul}. */
  static void combine(SymbolicBody b, JavaWriter w, NameAllocator scope, int opened,
      ElementCode acc, ElementCode x, boolean prod) {
    if (!prod) {
      w.statement("$L += $L", acc.re(), x.re());
      w.statement("$L += $L", acc.im(), x.im());
      return;
    }
    boolean block = opened == 0;
    if (block) {
      w.beginBlock();
    }
    String t = block ? scope.newName("re") : b.local(scope, opened, "re");
    w.statement("final double $N = $L * $L - $L * $L", t, acc.re(), x.re(), acc.im(), x.im());
    w.statement("$L = $L * $L + $L * $L", acc.im(), acc.re(), x.im(), acc.im(), x.re());
    w.statement("$L = $N", acc.re(), t);
    if (block) {
      w.endControlFlow();
    }
  }

  /** {@code acc += a * b} per part, as the interpreter's {@code dot_general}. */
  static void multiplyAdd(JavaWriter w, ElementCode acc, ElementCode a, ElementCode b) {
    w.statement("$L += $L * $L - $L * $L", acc.re(), a.re(), b.re(), a.im(), b.im());
    w.statement("$L += $L * $L + $L * $L", acc.im(), a.re(), b.im(), a.im(), b.re());
  }

  /** Output {@code n} (complex) copied into the array {@code into}. */
  static void copy(SymbolicBody b, Node n, Code into, JavaWriter w, NameAllocator scope) {
    Dim[] ext = n.type().shape().extents();
    String[] v = Loops.indices(scope, 0, ext.length);
    int opened = b.open(w, v, ext);
    Code[] idx = SymbolicBody.codes(v);
    put(w, into, b.offset(idx, ext), b.elementOf(n, idx));
    Loops.close(w, opened);
  }

  /**
   * The nest of an elementwise {@code n} (or a materialised view) with a complex element in it:
   * the inlined members as locals ({@code mul_re}, {@code mul_im}), then the element stored. The
   * nest is written first into a writer of its own, so that the scratch pair of the {@code Rt}
   * helpers ({@code final double[] pair = new double[2];}) can be declared before it when used.
   */
  static void elementwise(SymbolicBody b, Node n, JavaWriter w, NameAllocator scope) {
    JavaWriter inner = new JavaWriter();
    Dim[] ext = n.type().shape().extents();
    String[] v = Loops.indices(scope, 0, ext.length);
    int opened = b.open(inner, v, ext);
    Code[] idx = SymbolicBody.codes(v);
    Context cx = new Context(b, inner, scope, opened);
    List<Node> members = b.plan.isMaterialisedView(n) ? List.of() : b.plan.inlinedInto(n);
    for (Node m : members) {
      String hint = Lowerings.standard().of(m).hint(m);
      ElementCode e = lower(b, m, idx, cx);
      String re = b.local(scope, opened, m.dtype().isComplex() ? hint + "_re" : hint);
      inner.statement("final double $N = $L", re, e.re());
      String im = null;
      if (m.dtype().isComplex()) {
        im = b.local(scope, opened, hint + "_im");
        inner.statement("final double $N = $L", im, e.im());
      }
      b.pairs.put(m, ElementCode.of(Code.of("$N", re), im == null ? null : Code.of("$N", im)));
    }
    ElementCode value = b.plan.isMaterialisedView(n) ? b.elementOf(n, idx, true) : lower(b, n, idx, cx);
    if (n.rank() == 0 && !n.dtype().isComplex()) {
      inner.statement("final double $N = $L", b.name(n), value.re());
    } else {
      put(inner, Code.of("$N", b.name(n)), b.offset(idx, ext), value);
    }
    Loops.close(inner, opened);
    for (Node m : members) {
      b.pairs.remove(m);
    }
    if (cx.scratch != null) {
      w.statement("final double[] $N = new double[2]", cx.scratch);
    }
    w.add(inner);
  }

  /** The element of the elementwise {@code n}, by its lowering (complex or real). */
  private static ElementCode lower(SymbolicBody b, Node n, Code[] idx, Context cx) {
    List<ElementCode> args = new ArrayList<>();
    for (Node in : n.inputs()) {
      args.add(b.elementOf(in, idx));
    }
    return Lowerings.standard().of(n).element(n, args, cx);
  }

  /** What a complex element function writes through: a writer, temporaries, the scratch pair. */
  private static final class Context implements LoweringContext {
    private final SymbolicBody body;
    private final JavaWriter w;
    private final NameAllocator scope;
    private final int opened;
    String scratch;

    Context(SymbolicBody body, JavaWriter w, NameAllocator scope, int opened) {
      this.body = body;
      this.w = w;
      this.scope = scope;
      this.opened = opened;
    }

    @Override
    public JavaWriter writer() {
      return w;
    }

    @Override
    public NameAllocator scope() {
      return scope;
    }

    @Override
    public Code temp(String hint, Code value) {
      String t = body.local(scope, opened, hint);
      w.statement("final double $N = $L", t, value);
      return Code.of("$N", t);
    }

    @Override
    public Code scratch() {
      if (scratch == null) {
        scratch = body.names.newName("pair");
      }
      return Code.of("$N", scratch);
    }

    @Override
    public Lowerings lowerings() {
      return Lowerings.standard();
    }

    private static UnsupportedOperationException unused() {
      return new UnsupportedOperationException("not used by element functions");
    }

    @Override
    public boolean isPending(Node x) {
      throw unused();
    }

    @Override
    public void defineAlso(Node x) {
      throw unused();
    }

    @Override
    public String name(Node n) {
      return body.name(n);
    }

    @Override
    public boolean isArray(Node x) {
      return body.plan.isArray(x);
    }

    @Override
    public Code array(Node x) {
      throw unused();
    }

    @Override
    public ElementCode source(Node x, Code offset) {
      throw unused();
    }

    @Override
    public void store(String array, Code offset, String operator, ElementCode value) {
      throw unused();
    }

    @Override
    public String newArray(Node n, boolean zeroed) {
      throw unused();
    }

    @Override
    public void aliasArray(Node n, Code array) {
      throw unused();
    }

    @Override
    public void declareScalar(Node n, ElementCode value) {
      throw unused();
    }

    @Override
    public ElementCode declareAccumulator(Node n, ElementCode init) {
      throw unused();
    }

    @Override
    public ElementCode element(Node x, Code index) {
      throw unused();
    }
  }
}
