package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.BroadcastInDim;
import org.cotangent.symbolic.ops.Concatenate;
import org.cotangent.symbolic.ops.Cumulative;
import org.cotangent.symbolic.ops.DotGeneral;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.Indexing;
import org.cotangent.symbolic.ops.Iota;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ops.Reduce;
import org.cotangent.symbolic.ops.Rev;
import org.cotangent.symbolic.ops.Slice;
import org.cotangent.symbolic.ops.Transpose;

/**
 * The statements of a symbolic graph (DESIGN, "Symbolic sizes", P2), one {@link Block} per value
 * with a statement of its own, in the order of {@link SymbolicPlan}. Every loop is a nest with
 * one index per axis ({@code for (int i0 = 0; i0 < m; i0++) for (int i1 = 0; i1 < n; i1++)}),
 * so a view reads its operand at index arithmetic ({@code b[i1]}, {@code x[i1 * m + i0]}) and no
 * element ever divides by a size; an axis of constant size 1 has no loop. Reductions, products
 * and scans accumulate each output element in a local in the interpreter's order (contraction
 * and reduced axes innermost, in increasing row-major order), so results equal the
 * interpreter's bit for bit.
 */
final class SymbolicBody {
  final SymbolicPlan plan;
  final NameAllocator names;
  final SizeCode sizes;
  final List<Block> blocks = new ArrayList<>();
  private final Map<Node, String> nameOf = new IdentityHashMap<>();
  /** Output arrays by value: the code of the array a statement writes into directly. */
  private final Map<Node, Code> outputArray;
  private Block current;
  private int counter;
  /** Within a fused loop: the locals of the inlined members computed so far. */
  private Map<Node, String> members = new IdentityHashMap<>();
  /** Within a complex fused loop ({@link SymbolicComplex}): its members' locals, pairs or not. */
  final Map<Node, ElementCode> pairs = new IdentityHashMap<>();
  /** The part of a complex value being read: 0 real, 1 imaginary; -1 for a real value. */
  private int part = -1;

  SymbolicBody(SymbolicPlan plan, NameAllocator names, SizeCode sizes, Map<Node, Code> outputArray) {
    this.plan = plan;
    this.names = names;
    this.sizes = sizes;
    this.outputArray = outputArray;
  }

  void name(Node n, String name) {
    nameOf.put(n, name);
  }

  String name(Node n) {
    String s = nameOf.get(n);
    if (s == null) {
      throw new IllegalStateException("no name for " + n);
    }
    return s;
  }

  boolean isNamed(Node n) {
    return nameOf.containsKey(n);
  }

  /** Writes every value with a statement, in order. */
  void emit() {
    for (Node n : plan.order) {
      if (!plan.hasStatement(n) || isNamed(n)) {
        continue; // (named: another output of a scan, defined by its loop)
      }
      String source = plan.graph.nameOf(n);
      if (source == null && plan.graph.outputNames() != null && plan.firstSlot(n) >= 0) {
        source = plan.graph.outputName(plan.firstSlot(n));
      }
      nameOf.put(n, names.newName(source != null ? source
          : Lowerings.standard().of(n).hint(n) + counter++));
      current = new Block();
      current.defines.add(n);
      current.origin = plan.graph.originOf(n);
      current.text.comment(equation(n));
      statement(n, current.text, names.newScope());
      blocks.add(current);
    }
  }

  /** Writes output copies: a view, parameter or second slot of a value into its output array. */
  Block copy(Node n, Code into, String comment) {
    current = new Block();
    JavaWriter w = current.text;
    w.comment(comment);
    NameAllocator scope = names.newScope();
    if (n.dtype().isComplex()) {
      SymbolicComplex.copy(this, n, into, w, scope);
    } else if (n.rank() == 0) {
      w.statement("$L = $L", into, read(n, new Code[0]));
    } else {
      Dim[] ext = n.type().shape().extents();
      String[] v = Loops.indices(scope, 0, ext.length);
      int opened = open(w, v, ext);
      Code[] idx = codes(v);
      w.statement("$L[$L] = $L", into, offset(idx, ext), read(n, idx));
      Loops.close(w, opened);
    }
    return current;
  }

  private String equation(Node n) {
    List<String> parts = new ArrayList<>();
    parts.add(name(n) + " = " + n.op());
    for (Node in : n.inputs()) {
      parts.add(plan.kind(in) == SymbolicPlan.Kind.LITERAL ? literal(in).toString()
          : isNamed(in) ? name(in) : in.op().name() + "(..)");
    }
    return String.join(" ", parts);
  }

  /** Names {@code m}, another output of the statement being written, which defines it too. */
  String defineAlso(Node m) {
    String source = plan.graph.nameOf(m);
    if (source == null && plan.graph.outputNames() != null && plan.firstSlot(m) >= 0) {
      source = plan.graph.outputName(plan.firstSlot(m));
    }
    String name = names.newName(source != null ? source : "scan" + counter++);
    nameOf.put(m, name);
    current.defines.add(m);
    return name;
  }

  /** The output array {@code n} is written into directly, or null. */
  Code outputArray(Node n) {
    return outputArray.get(n);
  }

  private void statement(Node n, JavaWriter w, NameAllocator scope) {
    String p = n.op().name();
    if (p.equals("scan")) {
      SymbolicScan.emit(this, n, w, scope);
      return;
    }
    if (p.equals("while")) {
      SymbolicWhile.emit(this, n, w, scope);
      return;
    }
    if (n.rank() > 0 || n.dtype().isComplex()) {
      Code target = outputArray.get(n);
      w.statement("final double[] $N = $L", name(n), target != null ? target
          : Code.of("new double[$L]", sizes.of(n.type().shape().numel().times(n.dtype()
              .width()))));
    }
    if (plan.isMaterialisedView(n) || SymbolicPlan.isElementwise(n)) {
      elementwise(n, w, scope);
    } else if (p.equals("reduce_sum") || p.equals("reduce_max") || p.equals("reduce_prod")) {
      reduce(n, w, scope);
    } else if (p.equals("dot_general")) {
      dot(n, w, scope);
    } else if (p.equals("pad")) {
      pad(n, w, scope);
    } else if (p.equals("cumsum") || p.equals("cumprod")) {
      cumsum(n, w, scope);
    } else if (SymbolicLinalg.PRIMITIVES.contains(p)) {
      SymbolicLinalg.emit(this, n, w, scope);
    } else if (SymbolicArgReduce.PRIMITIVES.contains(p)) {
      SymbolicArgReduce.emit(this, n, w, scope);
    } else if (SymbolicSort.PRIMITIVES.contains(p)) {
      SymbolicSort.emit(this, n, w, scope);
    } else if (SymbolicGather.PRIMITIVES.contains(p)) {
      SymbolicGather.emit(this, n, w, scope);
    } else {
      throw SymbolicPlan.unsupported(p, null);
    }
  }

  /** One nest over the shape: the inlined members as locals, then the element stored. */
  private void elementwise(Node n, JavaWriter w, NameAllocator scope) {
    if (SymbolicComplex.involves(plan, n)) {
      SymbolicComplex.elementwise(this, n, w, scope);
      return;
    }
    if (n.rank() == 0) {
      w.statement("final double $N = $L", name(n), element(n, new Code[0]));
      return;
    }
    Dim[] ext = n.type().shape().extents();
    String[] v = Loops.indices(scope, 0, ext.length);
    int opened = open(w, v, ext);
    Code[] idx = codes(v);
    members = new IdentityHashMap<>();
    for (Node m : plan.inlinedInto(n)) {
      String local = local(scope, opened, Lowerings.standard().of(m).hint(m));
      w.statement("final double $N = $L", local, element(m, idx));
      members.put(m, local);
    }
    w.statement("$N[$L] = $L", name(n), offset(idx, ext),
        plan.isMaterialisedView(n) ? read(n, idx, true) : element(n, idx));
    members = new IdentityHashMap<>();
    Loops.close(w, opened);
  }

  /** The element of the elementwise {@code n} at {@code idx}, from its inputs' elements. */
  private Code element(Node n, Code[] idx) {
    List<String> args = new ArrayList<>();
    for (Node in : n.inputs()) {
      args.add(read(in, idx).toString());
    }
    String expr = n.op().javaExpression(args);
    Code code = Code.of("$L", expr);
    return expr.contains("Rt.") ? code.referring(Rt.class) : code;
  }

  private void reduce(Node n, JavaWriter w, NameAllocator scope) {
    Node x = n.input(0);
    boolean max = n.op().name().equals("reduce_max");
    boolean prod = n.op().name().equals("reduce_prod");
    int[] axes = ((Reduce.ReduceOp) n.op()).axes();
    Dim[] in = x.type().shape().extents();
    Dim[] out = n.type().shape().extents();
    int[] kept = Indexing.remaining(in.length, axes, new int[0]);
    String[] v = Loops.indices(scope, 0, in.length);
    String[] ov = pick(v, kept);
    Dim[] kd = pick(in, kept);
    int opened = open(w, ov, kd);
    boolean complex = n.dtype().isComplex();
    ElementCode acc = complex ? SymbolicComplex.accumulator(this, w, scope, opened, prod ? 1 : 0)
        : ElementCode.real(Code.of("$N", accumulator(n, w, scope, opened, max
            ? "Double.NEGATIVE_INFINITY" : prod ? "1.0" : "0.0")));
    String[] rv = new String[axes.length];
    Dim[] rd = new Dim[axes.length];
    for (int k = 0; k < axes.length; k++) {
      rv[k] = v[axes[k]];
      rd[k] = in[axes[k]];
    }
    int inner = open(w, rv, rd);
    for (int k = 0; k < kept.length; k++) {
      v[kept[k]] = ov[k];
    }
    for (int k = 0; k < axes.length; k++) {
      v[axes[k]] = rv[k];
    }
    if (complex) {
      SymbolicComplex.combine(this, w, scope, opened + inner, acc, elementOf(x, codes(v)), prod);
    } else if (max) {
      w.statement("$1L = Math.max($1L, $2L)", acc.re(), read(x, codes(v)));
    } else if (prod) {
      w.statement("$L *= $L", acc.re(), read(x, codes(v)));
    } else {
      w.statement("$L += $L", acc.re(), read(x, codes(v)));
    }
    Loops.close(w, inner);
    store(n, w, acc, codes(ov), out);
    Loops.close(w, opened);
  }

  private void dot(Node n, JavaWriter w, NameAllocator scope) {
    DotGeneral op = (DotGeneral) n.op();
    Node x = n.input(0);
    Node y = n.input(1);
    int[] lb = op.lhsBatch();
    int[] rb = op.rhsBatch();
    int[] lc = op.lhsContract();
    int[] rc = op.rhsContract();
    int[] lf = Indexing.remaining(x.rank(), lc, lb);
    int[] rf = Indexing.remaining(y.rank(), rc, rb);
    Dim[] out = n.type().shape().extents();
    String[] ov = Loops.indices(scope, 0, out.length);
    int opened = open(w, ov, out);
    Code[] xi = new Code[x.rank()];
    Code[] yi = new Code[y.rank()];
    int k = 0;
    for (int i = 0; i < lb.length; i++, k++) {
      xi[lb[i]] = ov[k] == null ? null : Code.of("$N", ov[k]);
      yi[rb[i]] = xi[lb[i]];
    }
    for (int a : lf) {
      xi[a] = ov[k] == null ? null : Code.of("$N", ov[k]);
      k++;
    }
    for (int a : rf) {
      yi[a] = ov[k] == null ? null : Code.of("$N", ov[k]);
      k++;
    }
    boolean complex = n.dtype().isComplex();
    ElementCode acc = complex ? SymbolicComplex.accumulator(this, w, scope, opened, 0)
        : ElementCode.real(Code.of("$N", accumulator(n, w, scope, opened, "0.0")));
    String[] cv = Loops.indices(scope, out.length, lc.length);
    Dim[] cd = new Dim[lc.length];
    for (int i = 0; i < lc.length; i++) {
      cd[i] = x.type().shape().extent(lc[i]);
    }
    int inner = open(w, cv, cd);
    for (int i = 0; i < lc.length; i++) {
      xi[lc[i]] = cv[i] == null ? null : Code.of("$N", cv[i]);
      yi[rc[i]] = xi[lc[i]];
    }
    if (complex) {
      SymbolicComplex.multiplyAdd(w, acc, elementOf(x, xi), elementOf(y, yi));
    } else {
      w.statement("$L += $L * $L", acc.re(), read(x, xi), read(y, yi));
    }
    Loops.close(w, inner);
    store(n, w, acc, codes(ov), out);
    Loops.close(w, opened);
  }

  /** {@code double acc = init;} in the nest, or the scalar value itself for a rank-0 result. */
  private String accumulator(Node n, JavaWriter w, NameAllocator scope, int opened,
      String init) {
    String acc = n.rank() == 0 ? name(n) : local(scope, opened, "acc");
    w.statement("double $N = $L", acc, init);
    return acc;
  }

  private void store(Node n, JavaWriter w, ElementCode acc, Code[] idx, Dim[] ext) {
    if (acc.isPair()) {
      SymbolicComplex.put(w, Code.of("$N", name(n)), offset(idx, ext), acc);
    } else if (n.rank() > 0) {
      w.statement("$N[$L] = $L", name(n), offset(idx, ext), acc.re());
    }
  }

  /** Zeros everywhere, then the operand at its offsets ({@code low >= 0}, checked at entry). */
  private void pad(Node n, JavaWriter w, NameAllocator scope) {
    Pad op = (Pad) n.op();
    Node x = n.input(0);
    Dim[] out = n.type().shape().extents();
    String[] v = Loops.indices(scope.newScope(), 0, out.length);
    int opened = open(w, v, out);
    SymbolicComplex.put(w, Code.of("$N", name(n)), offset(codes(v), out), ElementCode.of(
        Code.of("0.0"), n.dtype().isComplex() ? Code.of("0.0") : null));
    Loops.close(w, opened);
    Dim[] ext = x.type().shape().extents();
    Dim[] low = op.lowDims();
    String[] u = Loops.indices(scope.newScope(), 0, ext.length);
    opened = open(w, u, ext);
    Code[] idx = codes(u);
    Code[] oi = new Code[idx.length];
    for (int k = 0; k < idx.length; k++) {
      oi[k] = plus(idx[k], low[k]);
    }
    SymbolicComplex.put(w, Code.of("$N", name(n)), offset(oi, out), elementOf(x, idx));
    Loops.close(w, opened);
  }

  private void cumsum(Node n, JavaWriter w, NameAllocator scope) {
    Cumulative.ScanOp op = (Cumulative.ScanOp) n.op();
    int axis = op.axis();
    Node x = n.input(0);
    Dim[] ext = n.type().shape().extents();
    String[] v = Loops.indices(scope, 0, ext.length);
    String scanned = v[axis];
    Dim[] outer = ext.clone();
    outer[axis] = Dim.of(1);
    int opened = open(w, v, outer);
    boolean prod = n.op().name().equals("cumprod");
    String acc = local(scope, opened, "acc");
    w.statement("double $N = $L", acc, prod ? "1.0" : "0.0");
    v[axis] = scanned;
    if (op.reverse()) {
      w.beginControlFlow("for (int $1N = $2L; $1N >= 0; $1N--)", scanned, sizes.of(ext[axis]
          .minus(1)));
    } else {
      w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", scanned, sizes.of(ext[axis]));
    }
    Code[] idx = codes(v);
    w.statement(prod ? "$N *= $L" : "$N += $L", acc, read(x, idx));
    w.statement("$N[$L] = $N", name(n), offset(idx, ext), acc);
    w.endControlFlow();
    Loops.close(w, opened);
  }

  /**
   * A helper local's name: from the statement's scope inside a loop, from the method's names
   * outside every loop (where it shares the method's scope with every later statement).
   */
  String local(NameAllocator scope, int opened, String hint) {
    return (opened == 0 ? names : scope).newName(hint);
  }

  /** Opens a loop per axis of {@code ext} not of constant size 1 (whose index becomes null). */
  int open(JavaWriter w, String[] v, Dim[] ext) {
    int opened = 0;
    for (int k = 0; k < ext.length; k++) {
      if (ext[k].isConstant() && ext[k].constant() == 1) {
        v[k] = null;
        continue;
      }
      w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", v[k], sizes.of(ext[k]));
      opened++;
    }
    return opened;
  }

  static Code[] codes(String[] v) {
    Code[] c = new Code[v.length];
    for (int k = 0; k < v.length; k++) {
      c[k] = v[k] == null ? null : Code.of("$N", v[k]);
    }
    return c;
  }

  /** {@code index + d} (null index: 0); null for 0. */
  Code plus(Code index, Dim d) {
    if (d.isConstant() && d.constant() == 0) {
      return index;
    }
    return index == null ? sizes.of(d) : Code.of("$L + $L", index, sizes.of(d));
  }

  /** The row-major flat offset of {@code idx} (null entries 0) in an array of extents {@code ext}. */
  Code offset(Code[] idx, Dim[] ext) {
    List<Code> terms = new ArrayList<>();
    Dim stride = Dim.of(1);
    for (int k = ext.length - 1; k >= 0; k--) {
      if (idx[k] != null && !(stride.isConstant() && stride.constant() == 0)) {
        Code i = SizeCode.isAtom(idx[k]) ? idx[k] : Code.of("($L)", idx[k]);
        terms.add(0, stride.isConstant() && stride.constant() == 1 ? idx[k]
            : Code.of("$L * $L", i, sizes.factor(stride)));
      }
      stride = stride.times(ext[k]);
    }
    return terms.isEmpty() ? Code.of("0") : Code.join(" + ", terms);
  }

  /** The array holding {@code x} (one {@link SymbolicPlan#isArray}), recording the read. */
  Code arrayOf(Node x) {
    if (!x.isConstant()) {
      current.uses.add(x);
    }
    return Code.of("$N", name(x));
  }

  /** Element {@code idx} of {@code x} (one index per axis, null for 0), recording the read. */
  Code read(Node x, Code[] idx) {
    return read(x, idx, false);
  }

  /** Element {@code idx} of {@code x}: a pair of parts for a complex value. */
  ElementCode elementOf(Node x, Code[] idx) {
    return elementOf(x, idx, false);
  }

  /** {@link #element}, a view {@code x} read through its operand even if it has an array. */
  ElementCode elementOf(Node x, Code[] idx, boolean throughView) {
    if (!x.dtype().isComplex()) {
      return ElementCode.real(read(x, idx, throughView));
    }
    try {
      part = 0;
      Code re = read(x, idx, throughView);
      part = 1;
      return ElementCode.pair(re, read(x, idx, throughView));
    } finally {
      part = -1;
    }
  }

  private Code read(Node x, Code[] idx, boolean throughView) {
    if (part < 0 && x.dtype().isComplex()) {
      throw new IllegalStateException("complex value read as a real one: " + x);
    }
    ElementCode pair = pairs.get(x);
    if (pair != null) {
      return part == 1 ? pair.im() : pair.re();
    }
    String member = members.get(x);
    if (member != null) {
      return Code.of("$N", member);
    }
    SymbolicPlan.Kind k = plan.kind(x);
    if (k == SymbolicPlan.Kind.LITERAL) {
      return part == 1 ? SymbolicComplex.imagLiteral(x) : literal(x);
    }
    if (k == SymbolicPlan.Kind.INLINED) {
      throw new IllegalStateException("inlined value read outside its loop: " + x);
    }
    if (!throughView && plan.hasStatement(x) || k == SymbolicPlan.Kind.PARAM
        || k == SymbolicPlan.Kind.CONSTANT) {
      if (!x.isConstant()) {
        current.uses.add(x);
      }
      return x.rank() == 0 && part < 0 ? Code.of("$N", name(x))
          : Code.of("$N[$L]", name(x), at(offset(idx, x.type().shape().extents())));
    }
    return view(x, idx);
  }

  private Code view(Node v, Code[] idx) {
    String p = v.op().name();
    Node x = v.arity() == 0 ? null : v.input(0);
    switch (p) {
      case "broadcast_in_dim": {
        int[] dims = ((BroadcastInDim) v.op()).dims();
        Code[] xi = new Code[x.rank()];
        for (int k = 0; k < dims.length; k++) {
          Dim e = x.type().shape().extent(k);
          xi[k] = e.isConstant() && e.constant() == 1 ? null : idx[dims[k]];
        }
        return read(x, xi);
      }
      case "transpose": {
        int[] perm = ((Transpose) v.op()).perm();
        Code[] xi = new Code[x.rank()];
        for (int k = 0; k < perm.length; k++) {
          xi[perm[k]] = idx[k];
        }
        return read(x, xi);
      }
      case "slice": {
        Slice op = (Slice) v.op();
        Dim[] start = op.startDims();
        int[] strides = op.strides();
        Code[] xi = new Code[x.rank()];
        for (int k = 0; k < xi.length; k++) {
          Code i = idx[k] == null || strides[k] == 1 ? idx[k] : Code.of("$L * $L",
              SizeCode.isAtom(idx[k]) ? idx[k] : Code.of("($L)", idx[k]), strides[k]);
          xi[k] = plus(i, start[k]);
        }
        return read(x, xi);
      }
      case "concatenate": {
        // The operand the index falls in, read at the index less its offset: a chain of
        // ternaries, so only that operand is read (the Java loop a reduction comes from reads
        // its initial value, then its terms, and so does the reduction over this view).
        int axis = ((Concatenate) v.op()).axis();
        List<Node> xs = v.inputs();
        Code i = idx[axis] == null ? Code.of("0") : idx[axis];
        Code ia = SizeCode.isAtom(i) ? i : Code.of("($L)", i);
        Dim[] at = new Dim[xs.size() + 1];
        at[0] = Dim.of(0);
        for (int k = 0; k < xs.size(); k++) {
          at[k + 1] = at[k].plus(xs.get(k).type().shape().extent(axis));
        }
        Code result = null;
        for (int k = xs.size() - 1; k >= 0; k--) {
          Code[] xi = idx.clone();
          Dim e = xs.get(k).type().shape().extent(axis);
          if (e.isConstant() && e.constant() == 1) {
            xi[axis] = null; // its only index along the axis (a reduction's initial value)
          } else if (!(at[k].isConstant() && at[k].constant() == 0)) {
            Code o = sizes.of(at[k]);
            xi[axis] = Code.of("$L - $L", ia, SizeCode.isAtom(o) ? o : Code.of("($L)", o));
          }
          Code r = read(xs.get(k), xi);
          if (result == null) {
            result = r;
          } else {
            Code bound = sizes.of(at[k + 1]);
            result = Code.of("($L < $L ? $L : $L)", ia, bound, r, result);
          }
        }
        return result;
      }
      case "rev": {
        Code[] xi = idx.clone();
        for (int a : ((Rev) v.op()).axes()) {
          Dim last = x.type().shape().extent(a).minus(1);
          xi[a] = idx[a] == null ? plus(null, last)
              : Code.of("$L - $L", sizes.of(last), SizeCode.isAtom(idx[a]) ? idx[a]
                  : Code.of("($L)", idx[a]));
        }
        return read(x, xi);
      }
      case "index": {
        Index op = (Index) v.op();
        Code[] xi = new Code[x.rank()];
        for (int k = 0, j = 0; k < xi.length; k++) {
          xi[k] = k == op.axis() ? (op.position() == 0 ? null : Code.of("$L", op.position()))
              : idx[j++];
        }
        return read(x, xi);
      }
      case "iota": {
        Code i = idx[((Iota) v.op()).dimension()];
        return i == null || part == 1 ? Code.of("0.0") : Code.of("(double) $L", i);
      }
      case "dim_value": {
        Code d = sizes.of(((org.cotangent.symbolic.ops.DimValue) v.op()).size());
        return Code.of("(double) $L", SizeCode.isAtom(d) ? d : Code.of("($L)", d));
      }
      case "reshape": {
        if (plan.scalarLike(x)) {
          return read(x, new Code[0]);
        }
        Node base = x;
        while (!plan.isArray(base)) {
          base = base.input(0);
        }
        if (!base.isConstant()) {
          current.uses.add(base);
        }
        return Code.of("$N[$L]", name(base), at(offset(idx, v.type().shape().extents())));
      }
      default:
        throw SymbolicPlan.unsupported(p, null);
    }
  }

  /** An array offset, or the offset of the part being read of a complex element. */
  private Code at(Code offset) {
    return part < 0 ? offset : Loops.part(offset, part);
  }

  static Code literal(Node x) {
    Constant c = (Constant) x.op();
    boolean empty = x.type().isStatic() && x.type().size() == 0;
    return Code.literal(empty ? 0.0 : c.uniformValue());
  }

  /** The extents of {@code s} (for callers outside). */
  static Dim[] extents(Shape s) {
    return s.extents();
  }

  /** The elements of {@code a} at {@code at}, in that order (a reduction's kept axes). */
  static <T> T[] pick(T[] a, int[] at) {
    T[] r = java.util.Arrays.copyOf(a, at.length);
    for (int k = 0; k < at.length; k++) {
      r[k] = a[at[k]];
    }
    return r;
  }
}
