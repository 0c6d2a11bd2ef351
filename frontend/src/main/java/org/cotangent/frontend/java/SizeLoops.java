package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * {@code for (int i = lo; i < hi; i++)} over sizes, without a loop primitive (the design note's
 * B8 table): the body is traced once on whole arrays, as {@code vmap} does. Inside the loop a
 * value is a node whose leading axes are the enclosing loops' indices (outermost first); element
 * reads are slices ({@link Subscripts}); a reduction {@code s += g}, {@code s -= g} or {@code s =
 * Math.max(s, g)} is {@code reduce_sum}/{@code reduce_max} of the initial value followed by the
 * trip's values in Java's order (the concatenation {@code [s0, g_lo, g_lo+1, ...]}, so a sum
 * accumulates left to right as the Java loop does); a map {@code out[i + c] = g} into a fresh
 * {@code new double[n]} is {@code g} padded with the zeros Java leaves. The trip count is {@code
 * hi - lo} when the sizes prove {@code hi >= lo}; a loop from a constant {@code lo > 0} to a size
 * that may be smaller runs over {@code [0, hi)} with the indices below {@code lo} masked out (the
 * reads they would make padded, never outside the array). A variable carried otherwise (a
 * recurrence) is rejected by name.
 */
final class SizeLoops {
  /** An enclosing loop over a size: axis {@code depth - 1} of every value in its body. */
  static final class Frame {
    final String index;
    final Dim start;
    final Dim trip;
    /** The first index Java runs when the trip starts earlier (at 0), else null. */
    final Integer maskFrom;
    final int depth;
    final Set<String> writes;
    /** An {@code i--} loop: Java runs the indices from the last down. */
    final boolean reverse;
    final Map<String, List<Node>> pending = new LinkedHashMap<>();
    final Map<String, Node> written = new LinkedHashMap<>();
    final Map<String, Integer> writeOffset = new LinkedHashMap<>();

    Frame(String index, Dim start, Dim trip, Integer maskFrom, int depth, Set<String> writes,
        boolean reverse) {
      this.reverse = reverse;
      this.index = index;
      this.start = start;
      this.trip = trip;
      this.maskFrom = maskFrom;
      this.depth = depth;
      this.writes = writes;
    }
  }

  /** A statement {@code s += g}, {@code s -= g}, {@code s = s + g}, {@code s = Math.max(s, g)}. */
  private static final class Reduction {
    final String var;
    final boolean max;
    final boolean negate;
    final Expression value;

    Reduction(String var, boolean max, boolean negate, Expression value) {
      this.var = var;
      this.max = max;
      this.negate = negate;
      this.value = value;
    }
  }

  private final MethodReader reader;
  private final List<Frame> frames = new ArrayList<>();
  private final Map<AssignExpr, Reduction> reductions = new IdentityHashMap<>();
  private int visibleFrom;

  SizeLoops(MethodReader reader) {
    this.reader = reader;
  }

  int depth() {
    return frames.size();
  }

  /** The shape of a value at depth {@code d}: the trips of the {@code d} outermost loops. */
  Shape nest(int d) {
    Dim[] dims = new Dim[d];
    for (int k = 0; k < d; k++) {
      dims[k] = frames.get(k).trip;
    }
    return Shape.of(dims);
  }

  /** The enclosing loop whose index is {@code name}, or null. */
  Frame frame(String name) {
    for (int k = visibleFrom; k < frames.size(); k++) {
      if (frames.get(k).index.equals(name)) {
        return frames.get(k);
      }
    }
    return null;
  }

  /** The enclosing loop that writes array {@code name}, or null. */
  Frame writerOf(String name) {
    for (Frame f : frames) {
      if (f.writes.contains(name)) {
        return f;
      }
    }
    return null;
  }

  /** Hides the enclosing loops' indices while a callee is inlined; returns what to restore. */
  int hide() {
    int saved = visibleFrom;
    visibleFrom = frames.size();
    return saved;
  }

  void unhide(int saved) {
    visibleFrom = saved;
  }

  /** {@code v} (a value of an enclosing depth: its leading axes) broadcast into the nest. */
  Node lift(Node v) {
    int r = v.type().rank();
    int d = depth();
    if (r == d || r == 0) {
      return v;
    }
    if (r > d) {
      throw new IllegalStateException("internal: a value of rank " + r + " at loop depth " + d);
    }
    int[] dims = new int[r];
    for (int k = 0; k < r; k++) {
      dims[k] = k;
    }
    return Ir.broadcastInDim(v, nest(d), dims);
  }

  /** Runs the loop {@code f} with index {@code i} from {@code lo} to {@code hi} (exclusive). */
  void run(ForStmt f, String i, Expression loExpr, Expression hiExpr, boolean inclusive,
      MethodReader.Env env) {
    Dim lo = reader.expressions.size(loExpr, env, "the bounds of a for loop");
    Dim hi = reader.expressions.size(hiExpr, env, "the bounds of a for loop");
    run(f, i, lo, inclusive ? hi.plus(1) : hi, false, env);
  }

  /**
   * Runs the loop {@code f} over the indices {@code [lo, hi)}, in increasing order, or from
   * {@code hi - 1} down to {@code lo} when {@code reverse} (an {@code i--} loop).
   */
  void run(ForStmt f, String i, Dim lo, Dim hi, boolean reverse, MethodReader.Env env) {
    for (ReturnStmt r : f.getBody().findAll(ReturnStmt.class)) {
      throw MethodReader.error(r, "return inside a for loop is not supported: a loop with a"
          + " data-dependent exit has no reverse mode here yet");
    }
    for (BreakStmt b : f.getBody().findAll(BreakStmt.class)) {
      throw MethodReader.error(b, "break inside a for loop is not supported: a loop with a"
          + " data-dependent exit has no reverse mode here yet");
    }
    for (ContinueStmt c : f.getBody().findAll(ContinueStmt.class)) {
      throw MethodReader.error(c, "continue inside a for loop is not supported; use ?: or if/else"
          + " around the body");
    }
    Set<String> assigned = Loops.assignedIn(f);
    if (assigned.contains(i)) {
      throw MethodReader.error(f.getBody(), "the loop index " + i + " is assigned in the body;"
          + " only loops whose index only counts are supported");
    }
    Dim start;
    Dim trip;
    Integer mask = null;
    Dims.Answer runs = Dims.geq(hi, lo);
    if (runs == Dims.Answer.TRUE) {
      start = lo;
      trip = hi.minus(lo);
    } else if (runs == Dims.Answer.FALSE) {
      return;
    } else if (lo.isConstant() && lo.constantTerm() > 0
        && Dims.geq(hi, Dim.of(0)) == Dims.Answer.TRUE) {
      start = Dim.of(0);
      trip = hi;
      mask = (int) lo.constantTerm();
    } else {
      throw MethodReader.error(f, "cannot tell from the sizes whether this loop runs: " + hi
          + " >= " + lo + " is not known (a loop that may run zero times is supported from an int"
          + " constant to a size only)");
    }
    String why = depth() > 0 ? "inside a loop over a size"
        : !trip.isConstant() ? "over a trip count that is not a constant"
        : "that reads arrays or sizes";
    List<String> carried = new ArrayList<>();
    boolean recurrence = false;
    for (String n : env.names()) {
      if (assigned.contains(n) && reader.arrayRank(n) != null && env.get(n) != null) {
        // y = next: an array assigned whole carries the state (a recurrence of arrays).
        carried.add(n);
        recurrence = true;
        continue;
      }
      if (assigned.contains(n) && reader.arrayRank(n) == null) {
        if (env.get(n) == null) {
          throw MethodReader.error(f, n + " is assigned in this loop but has no value before it;"
              + " assign it before the loop");
        }
        carried.add(n);
        recurrence |= !isReduction(f, n, why);
      }
    }
    // y[i + c] = F(y[i + c - 1]): a recurrence along the array it writes.
    AlongArray along = depth() == 0 && !reverse ? AlongArray.find(f, i, reader.recurrences)
        : null;
    recurrence |= along != null;
    if (recurrence && (depth() == 0 || onlyOwnCarries(carried))) {
      // y = F(y, a[i], k): a scan over the trip count (every carried double is a carry); inside
      // a loop over a size, once for every index of the enclosing loops.
      reader.recurrences.run(f, i, start, trip, mask, reverse, carried, env, along);
      return;
    }
    for (String n : carried) {
      checkReductions(f, n, why);
    }
    Set<String> writes = writesIn(f, env);
    Frame frame = new Frame(i, start, trip, mask, depth() + 1, writes, reverse);
    frames.add(frame);
    try {
      body(f.getBody(), env.child(), frame);
    } finally {
      frames.remove(frames.size() - 1);
    }
    finish(f, frame, env);
  }

  /** True if every carried variable is a double declared at the current loop depth. */
  private boolean onlyOwnCarries(List<String> carried) {
    for (String n : carried) {
      if (reader.arrayRank(n) != null || reader.depthOf(n) < depth()) {
        return false;
      }
    }
    return true;
  }

  /** The arrays the loop writes (maps at depth 1 into fresh local arrays); rejects other writes. */
  private Set<String> writesIn(ForStmt f, MethodReader.Env env) {
    Set<String> names = new LinkedHashSet<>();
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (!(a.getTarget() instanceof ArrayAccessExpr)) {
        continue;
      }
      String name = Subscripts.base((ArrayAccessExpr) a.getTarget(), new ArrayList<>());
      reader.checkWritable(name, a.getTarget());
      if (a.getOperator() != AssignExpr.Operator.ASSIGN) {
        throw MethodReader.error(a, "compound assignment to an array element (" + a.getTarget()
            + " " + a.getOperator().asString() + " ...) is not supported; write " + a.getTarget()
            + " = ...");
      }
      if (depth() > 0 || a.findAncestor(ForStmt.class).orElse(null) != f) {
        throw MethodReader.error(a, "writing " + a.getTarget() + " in a nested loop is not"
            + " supported; write array elements in a loop that is not nested");
      }
      if (a.findAncestor(IfStmt.class).map(s -> s.isDescendantOf(f)).orElse(false)) {
        throw MethodReader.error(a, "writing " + a.getTarget() + " inside an if is not supported;"
            + " write " + a.getTarget() + " = c ? e : 0");
      }
      if (!a.getParentNode().map(p -> p instanceof ExpressionStmt).orElse(false)) {
        throw MethodReader.error(a, "an assignment inside an expression is not supported");
      }
      if (!reader.isFresh(name)) {
        throw MethodReader.error(a, name + " is written by an earlier statement; an array can be"
            + " written by one loop only (a map into a new double[n])");
      }
      names.add(name);
    }
    return names;
  }

  /** True if every use of {@code s} in the body is a reduction statement (nothing recorded). */
  private boolean isReduction(ForStmt f, String s, String why) {
    Map<AssignExpr, Reduction> saved = new IdentityHashMap<>(reductions);
    try {
      checkReductions(f, s, why);
      return true;
    } catch (JavaSubsetException e) {
      return false;
    } finally {
      reductions.clear();
      reductions.putAll(saved);
    }
  }

  /** Every use of {@code s} in the body is a reduction statement; records them. */
  private void checkReductions(ForStmt f, String s, String why) {
    Set<NameExpr> allowed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Boolean max = null;
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (!(a.getTarget() instanceof NameExpr)
          || !((NameExpr) a.getTarget()).getNameAsString().equals(s)) {
        continue;
      }
      Reduction r = reduction(a, s, allowed);
      if (r == null || !a.getParentNode().map(p -> p instanceof ExpressionStmt).orElse(false)) {
        throw recurrence(a, s, why);
      }
      if (a.findAncestor(IfStmt.class).map(x -> x.isDescendantOf(f)).orElse(false)) {
        throw MethodReader.error(a, "updating " + s + " inside an if in a loop over a size is not"
            + " supported yet; write " + s + " += c ? e : 0");
      }
      if (max != null && max != r.max) {
        throw MethodReader.error(a, s + " is both summed and maximised in this loop; not"
            + " supported");
      }
      max = r.max;
      allowed.add((NameExpr) a.getTarget());
      reductions.put(a, r);
    }
    for (NameExpr n : f.getBody().findAll(NameExpr.class)) {
      if (n.getNameAsString().equals(s) && !allowed.contains(n)) {
        Statement at = n.findAncestor(Statement.class).orElse(f);
        throw recurrence(at, s, why);
      }
    }
  }

  private static JavaSubsetException recurrence(com.github.javaparser.ast.Node at, String s,
      String why) {
    return MethodReader.error(at, "a loop carrying " + s + " " + why + " is not supported yet: "
        + s + " is read or assigned other than by a reduction (" + s + " += ..., " + s
        + " -= ..., " + s + " = Math.max(" + s + ", ...)), so the loop is a recurrence");
  }

  private static Reduction reduction(AssignExpr a, String s, Set<NameExpr> allowed) {
    Expression v = Syntax.strip(a.getValue());
    switch (a.getOperator()) {
      case PLUS:
      case MINUS:
        return mentions(v, s) ? null
            : new Reduction(s, false, a.getOperator() == AssignExpr.Operator.MINUS, v);
      case ASSIGN:
        break;
      default:
        return null;
    }
    if (v instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) v;
      Expression l = Syntax.strip(b.getLeft());
      Expression r = Syntax.strip(b.getRight());
      boolean plus = b.getOperator() == BinaryExpr.Operator.PLUS;
      if ((plus || b.getOperator() == BinaryExpr.Operator.MINUS) && Syntax.isName(l, s)
          && !mentions(r, s)) {
        allowed.add((NameExpr) l);
        return new Reduction(s, false, !plus, r);
      }
      if (plus && Syntax.isName(r, s) && !mentions(l, s)) {
        allowed.add((NameExpr) r);
        return new Reduction(s, false, false, l);
      }
    } else if (v instanceof MethodCallExpr) {
      MethodCallExpr c = (MethodCallExpr) v;
      String scope = c.getScope().map(Object::toString).orElse("");
      if ((scope.equals("Math") || scope.equals("java.lang.Math"))
          && c.getNameAsString().equals("max") && c.getArguments().size() == 2) {
        Expression x = Syntax.strip(c.getArgument(0));
        Expression y = Syntax.strip(c.getArgument(1));
        if (Syntax.isName(x, s) && !mentions(y, s)) {
          allowed.add((NameExpr) x);
          return new Reduction(s, true, false, y);
        }
        if (Syntax.isName(y, s) && !mentions(x, s)) {
          allowed.add((NameExpr) y);
          return new Reduction(s, true, false, x);
        }
      }
    }
    return null;
  }

  private static boolean mentions(Expression e, String s) {
    return Syntax.isName(e, s)
        || e.findAll(NameExpr.class).stream().anyMatch(n -> Syntax.isName(n, s));
  }

  /** The body's statements: reductions and writes recorded, the rest run as usual. */
  private void body(Statement s, MethodReader.Env env, Frame frame) {
    if (s instanceof BlockStmt) {
      MethodReader.Env inner = env.child();
      for (Statement t : ((BlockStmt) s).getStatements()) {
        body(t, inner, frame);
      }
      env.takeAssignments(inner);
    } else if (s instanceof EmptyStmt) {
      return;
    } else if (s instanceof ExpressionStmt
        && ((ExpressionStmt) s).getExpression() instanceof AssignExpr) {
      AssignExpr a = (AssignExpr) ((ExpressionStmt) s).getExpression();
      Reduction r = reductions.get(a);
      if (r != null) {
        Node g = reader.at(s, () -> {
          Node v = lift(reader.expressions.real(r.value, env));
          return r.negate ? Np.neg(v) : v;
        });
        if (g.type().rank() == 0 && depth() > 0) {
          Node c = g;
          g = reader.at(s, () -> Np.broadcastTo(c, nest(depth())));
        }
        frame.pending.computeIfAbsent(r.var, k -> new ArrayList<>()).add(g);
      } else if (a.getTarget() instanceof ArrayAccessExpr) {
        write(a, (ExpressionStmt) s, env, frame);
      } else {
        reader.statementInLoop(s, env);
      }
    } else {
      reader.statementInLoop(s, env);
    }
  }

  private void write(AssignExpr a, ExpressionStmt s, MethodReader.Env env, Frame frame) {
    List<Expression> subs = new ArrayList<>();
    String name = Subscripts.base((ArrayAccessExpr) a.getTarget(), subs);
    if (subs.size() != 1 || reader.arrayRank(name) != 1) {
      throw MethodReader.error(a.getTarget(), "only local double[] arrays are written, one"
          + " element at a time: " + a.getTarget());
    }
    Subscripts.Sub sub = reader.subscripts.subscript(subs.get(0), env);
    if (sub.loop != frame) {
      throw MethodReader.error(subs.get(0), "a loop writes " + name + " at its own index: "
          + name + "[" + frame.index + "] or " + name + "[" + frame.index + " + c], not "
          + a.getTarget());
    }
    Node v = reader.at(s, () -> lift(reader.expressions.real(a.getValue(), env)));
    if (v.type().rank() == 0) {
      Node c = v;
      v = reader.at(s, () -> Np.broadcastTo(c, nest(depth())));
    }
    frame.written.put(name, v);
    frame.writeOffset.put(name, sub.offset);
  }

  /** After the body: the reductions and maps it recorded become the carried values. */
  private void finish(ForStmt f, Frame frame, MethodReader.Env env) {
    int d = frame.depth;
    Node mask = frame.maskFrom == null ? null
        : Np.greaterEqual(Ir.iota(TensorType.of(DType.F64, nestWith(frame)), d - 1),
            Np.scalar(frame.maskFrom));
    for (Map.Entry<String, List<Node>> e : frame.pending.entrySet()) {
      String var = e.getKey();
      boolean max = isMax(var, f);
      List<Node> gs = new ArrayList<>();
      for (Node g : e.getValue()) {
        gs.add(mask == null ? g : Np.where(widen(mask, g), g,
            Np.scalar(max ? Double.NEGATIVE_INFINITY : 0.0)));
      }
      if (reader.depthOf(var) < d - 1) {
        if (frame.reverse) {
          throw MethodReader.error(f, var + " is accumulated in an i-- loop nested in another"
              + " loop; not supported yet (accumulate into a local of the i-- loop)");
        }
        frames.get(d - 2).pending.computeIfAbsent(var, k -> new ArrayList<>()).addAll(gs);
        continue;
      }
      int rank = gs.get(0).type().rank();
      for (Node g : gs) {
        if (g.type().rank() != rank) {
          throw MethodReader.error(f, var + " is accumulated at two loop depths in this loop;"
              + " not supported yet (accumulate into a local of the inner loop)");
        }
      }
      List<Node> out = reader.atLoop(f, () -> List.of(reduce(var, gs, rank, d, max,
          frame.reverse, env)));
      env.assign(var, out.get(0));
      reader.name(out.get(0), var);
    }
    for (Map.Entry<String, Node> e : frame.written.entrySet()) {
      String name = e.getKey();
      Node v = e.getValue();
      int c = frame.writeOffset.get(name);
      Node arr = env.get(name);
      Dim n = arr.type().shape().extent(0);
      Dim from = frame.start.plus(c);
      Dim to = frame.start.plus(frame.trip).plus(c);
      Subscripts.require(Dims.geq(from, Dim.of(0)), f, "cannot prove that the writes to " + name
          + " start inside it (at " + from + ")");
      Subscripts.require(Dims.geq(n, to), f, "cannot prove that the writes to " + name
          + " stay inside it: they go up to " + to.minus(1) + " and " + name + ".length is " + n
          + "; give the sizes the same name with @Shape");
      Node masked = mask == null ? v : Np.where(mask, v, Np.scalar(0.0));
      List<Node> out = reader.atLoop(f, () -> List.of(Ir.pad(masked, new Dim[] {from},
          new Dim[] {n.minus(to)})));
      env.assign(name, out.get(0));
      reader.name(out.get(0), name);
      reader.written(name);
    }
  }

  private Shape nestWith(Frame frame) {
    Dim[] dims = new Dim[frame.depth];
    for (int k = 0; k < frame.depth - 1; k++) {
      dims[k] = frames.get(k).trip;
    }
    dims[frame.depth - 1] = frame.trip;
    return Shape.of(dims);
  }

  private static Node widen(Node mask, Node g) {
    if (mask.type().rank() == g.type().rank()) {
      return mask;
    }
    int[] dims = new int[mask.type().rank()];
    for (int k = 0; k < dims.length; k++) {
      dims[k] = k;
    }
    return Ir.broadcastInDim(mask, g.type().shape(), dims);
  }

  /** Whether {@code var}'s reduction in loop {@code f} is a maximum (its own statements only). */
  private boolean isMax(String var, ForStmt f) {
    for (Map.Entry<AssignExpr, Reduction> e : reductions.entrySet()) {
      if (e.getValue().var.equals(var) && e.getKey().isDescendantOf(f)) {
        return e.getValue().max;
      }
    }
    return false;
  }

  /** {@code s0} followed by the contributions in Java's order, reduced along axis d - 1. */
  private Node reduce(String var, List<Node> gs, int rank, int d, boolean max, boolean reverse,
      MethodReader.Env env) {
    Node g;
    if (gs.size() == 1) {
      g = gs.get(0);
    } else {
      // s += a; s += b; runs a_0, b_0, a_1, ...: interleave along a new last axis.
      Node[] cols = new Node[gs.size()];
      for (int k = 0; k < cols.length; k++) {
        Dim[] e = new Dim[rank + 1];
        Shape sh = gs.get(k).type().shape();
        for (int a = 0; a < rank; a++) {
          e[a] = sh.extent(a);
        }
        e[rank] = Dim.of(1);
        cols[k] = Ir.reshape(gs.get(k), Shape.of(e));
      }
      g = Ir.concatenate(rank, cols);
    }
    if (reverse) {
      // An i-- loop adds the last index first (inner loops and interleaved terms keep theirs).
      g = Ir.rev(g, d - 1);
    }
    Shape sh = g.type().shape();
    List<Dim> flat = new ArrayList<>();
    for (int a = 0; a < d - 1; a++) {
      flat.add(sh.extent(a));
    }
    List<Dim> tail = new ArrayList<>();
    for (int a = d - 1; a < sh.rank(); a++) {
      tail.add(sh.extent(a));
    }
    flat.add(Dims.product(tail));
    Node gflat = Ir.reshape(g, Shape.of(flat.toArray(new Dim[0])));
    Node s0 = lift(env.get(var));
    List<Dim> s0shape = new ArrayList<>(flat.subList(0, d - 1));
    if (s0.type().rank() == 0 && d > 1) {
      s0 = Np.broadcastTo(s0, Shape.of(s0shape.toArray(new Dim[0])));
    }
    s0shape.add(Dim.of(1));
    Node s0col = Ir.reshape(s0, Shape.of(s0shape.toArray(new Dim[0])));
    Node all = Ir.concatenate(d - 1, s0col, gflat);
    return max ? Ir.reduceMax(all, d - 1) : Ir.reduceSum(all, d - 1);
  }
}
