package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;
import org.cotangent.symbolic.ir.Scope;

/**
 * A loop over a size (or an {@code int} count such as {@code steps}) whose body carries a value
 * from one iteration to the next other than by a reduction, {@code y = F(y, a[i], k)} (the
 * design note's B8 row "recurrence"): the IR's {@code scan} of {@code t} steps, {@code t} the trip
 * count (a size), the carried {@code double}s its carries, each array read {@code a[i + c]} an
 * {@code xs} (the slice of {@code a} the trip reads, proven inside {@code a} by the sizes), the
 * index an {@code i64} {@code xs} when the body uses it as a number; {@code i--} loops are the
 * reverse scan. The body is traced once on scalars (so it is static) and closed over the outer
 * values it reads (the largest subexpressions that do not depend on the loop, which become the
 * scan's consts). Reverse mode stores every step's residuals (stacked, {@code t} rows).
 */
final class Recurrences {
  /** Far from the other trace scopes (Loops uses 2^22). */
  private static final int BASE = 1 << 23;

  private final MethodReader reader;
  private final Map<ArrayAccessExpr, Node> stepReads = new IdentityHashMap<>();
  private int depth;
  /** The arrays carried by the recurrences being read (assigned whole: {@code y = next;}). */
  private final Set<String> carrying = new java.util.LinkedHashSet<>();
  /** The recurrence along an array whose body is being read, or null. */
  private AlongArray writing;
  /** The step writes of the recurrences whose bodies are being read. */
  private final Map<AssignExpr, StepWrite> recording = new IdentityHashMap<>();

  Recurrences(MethodReader reader) {
    this.reader = reader;
  }

  /** The step value that stands for the element read {@code e} in a recurrence's body, or null. */
  Node stepRead(ArrayAccessExpr e) {
    return stepReads.get(e);
  }

  /**
   * Runs {@code f} (index {@code i}, {@code trip} steps from {@code start}, descending when
   * {@code reverse}) as a scan carrying {@code carried}. With {@code maskFrom} (a loop from an
   * int constant to a size that may be smaller: Java may run it zero times) the scan runs from 0
   * and the steps below {@code maskFrom} keep the carries as they are (a select on the index);
   * their reads {@code a[i - c]} read zeros padded in front, never outside the array.
   */
  void run(ForStmt f, String i, Dim start, Dim trip, Integer maskFrom, boolean reverse,
      List<String> carried, MethodReader.Env env) {
    run(f, i, start, trip, maskFrom, reverse, carried, env, null);
  }

  /** The same, also writing {@code along}'s array from its element before (or null). */
  void run(ForStmt f, String i, Dim start, Dim trip, Integer maskFrom, boolean reverse,
      List<String> carried, MethodReader.Env env, AlongArray along) {
    String y = carried.isEmpty() ? along.name : carried.get(0);
    String what = carried.isEmpty() ? "a loop writing " + along.write.getTarget() + " from the"
        + " element before it (a recurrence along " + y + ")"
        : "a loop carrying " + y + " from one iteration to the next (a recurrence)";
    if (along != null) {
      along.check(f, reader, what);
    }
    int nest = reader.sizeLoops.depth();
    Set<String> carriedArrays = new java.util.LinkedHashSet<>();
    for (String c : carried) {
      if (reader.arrayRank(c) != null) {
        carriedArrays.add(c);
      }
    }
    List<StepWrite> stepWrites = new ArrayList<>();
    for (ForStmt inner : f.getBody().findAll(ForStmt.class)) {
      if (nest > 0) {
        throw MethodReader.error(inner, "a loop inside " + what + " inside a loop over a size is"
            + " not supported yet; compute the inner loop's result in a loop before it");
      }
    }
    for (AssignExpr a : f.getBody().findAll(AssignExpr.class)) {
      if (!(a.getTarget() instanceof ArrayAccessExpr) || (along != null && a == along.write)) {
        continue;
      }
      String base = Subscripts.base((ArrayAccessExpr) a.getTarget(), new ArrayList<>());
      if (carriedArrays.contains(base)) {
        throw MethodReader.error(a, "writing " + a.getTarget() + " updates the carried array "
            + base + " in place, which is not supported; write the next state into a new array"
            + " (double[] next = new double[n]; ... " + base + " = next;)");
      }
      if (!inNestedLoop(a, f)) {
        StepWrite sw = stepWrite(a, base, i, nest, f, what);
        if (sw == null) {
          throw MethodReader.error(a, "writing " + a.getTarget() + " in " + what + " is not"
              + " supported yet; carry the value in a double, or write a new array in a loop over"
              + " its size");
        }
        stepWrites.add(sw);
      }
    }
    for (String c : carried) {
      Node v = env.get(c);
      boolean array = carriedArrays.contains(c);
      if (v.dtype() != DType.F64 || (array ? v.type().rank() != 1 : v.type().rank() > nest)) {
        throw MethodReader.error(f, what + " carries " + c + ", which is not a double or a"
            + " double[]");
      }
      if (nest > 0 && array) {
        throw MethodReader.error(f, what + " carries the array " + c + " inside a loop over a"
            + " size; not supported yet");
      }
      if (nest > 0 && reader.depthOf(c) < nest) {
        throw MethodReader.error(f, what + " inside a loop over a size assigns " + c + ", a"
            + " variable of an enclosing loop; not supported yet (declare it inside the enclosing"
            + " loop, and reduce it there: s += " + c + ")");
      }
    }
    // The xs: each a[i + c] read, as the slice of a that the trip reads.
    List<Node> xs = new ArrayList<>();
    List<String> xsNames = new ArrayList<>();
    Map<String, Integer> slot = new LinkedHashMap<>();
    Map<ArrayAccessExpr, Integer> readSlot = new IdentityHashMap<>();
    List<ArrayAccessExpr> alongReads = new ArrayList<>();
    for (ArrayAccessExpr e : f.getBody().findAll(ArrayAccessExpr.class)) {
      if (e.getParentNode().orElse(null) instanceof ArrayAccessExpr
          && ((ArrayAccessExpr) e.getParentNode().get()).getName() == e) {
        continue; // a[r] of a[r][c]: the whole read is visited
      }
      List<Expression> subs = new ArrayList<>();
      String name = Subscripts.base(e, subs);
      Integer rank = reader.arrayRank(name);
      Integer c = subs.size() == 1 ? offset(subs.get(0), i) : null;
      if (isStepWriteTarget(e, stepWrites)) {
        continue;
      }
      if (along != null && name.equals(along.name)) {
        if (e == along.write.getTarget()) {
          continue;
        }
        if (c == null || c != along.offset - 1 || inNestedLoop(e, f)) {
          throw along.badRead(e, i, what);
        }
        alongReads.add(e);
        continue;
      }
      if (stepReads.containsKey(e)) {
        continue; // a step of an enclosing recurrence: a value of its body
      }
      if (c == null && (inNestedLoop(e, f) || atEnclosingIndex(subs))) {
        continue; // at an inner loop's or an enclosing loop's index: read by Subscripts
      }
      if (carriedArrays.contains(name)) {
        throw MethodReader.error(e, e + " reads the carried array " + name + " at the index of"
            + " the loop that carries it; not supported yet (read it in a loop over its size)");
      }
      if (rank == null || env.get(name) == null) {
        throw MethodReader.error(e, name + " is not an array before the loop: " + e + " (an"
            + " array created in the loop's body is read in a loop over its size)");
      }
      if (rank != 1 || c == null) {
        throw MethodReader.error(e, "in " + what + ", arrays are read one element at the loop"
            + " index (" + name + "[" + i + "] or " + name + "[" + i + " + c]); " + e + " is not"
            + " supported yet: read it into a double before the loop");
      }
      String key = name + "@" + c;
      Integer k = slot.get(key);
      if (k == null) {
        Node arr0 = env.get(name);
        Dim len = arr0.type().shape().extent(0);
        Dim from = start.plus(c);
        Node padded = arr0;
        if (maskFrom != null && c < 0) {
          if (maskFrom + c < 0) {
            throw MethodReader.error(e, e + " reads " + name + " at " + (maskFrom + c) + " when "
                + i + " = " + maskFrom);
          }
          padded = Ir.pad(arr0, new Dim[] {Dim.of(-c)}, new Dim[] {Dim.of(0)});
          len = len.plus(-c);
          from = Dim.of(0);
        }
        Node arr = padded;
        Dim to = from.plus(trip);
        Subscripts.require(Dims.geq(from, Dim.of(0)), e, "cannot prove that " + e + " stays"
            + " inside " + name + ": " + subs.get(0) + " starts at " + from);
        Subscripts.require(Dims.geq(len, to), e, "cannot prove that " + e + " stays inside "
            + name + ": " + subs.get(0) + " goes up to " + to.minus(1) + " and " + name
            + ".length is " + len + "; give the sizes the same name with @Shape");
        k = xs.size();
        slot.put(key, k);
        Dim[] lo = {from};
        Dim[] hi = {to};
        xs.add(reader.at(f, () -> Ir.slice(arr, lo, hi)));
        xsNames.add(c == 0 ? name + "_i" : name + "_i" + (c > 0 ? "p" : "m") + Math.abs(c));
      }
      readSlot.put(e, k);
    }
    // A recurrence along an array: its written range, and the old elements there when masked.
    Dim alongFrom = along == null ? null : start.plus(along.offset);
    Dim alongTo = along == null ? null : start.plus(trip).plus(along.offset);
    int oldSlot = -1;
    if (along != null) {
      Node old = reader.at(f, () -> AlongArray.range(env.get(along.name), alongFrom, alongTo, f,
          "the recurrence along " + along.name));
      if (maskFrom != null) {
        oldSlot = xs.size();
        xs.add(old);
        xsNames.add(along.name + "_old");
      }
    }
    boolean usesIndex = false;
    for (NameExpr n : f.getBody().findAll(NameExpr.class)) {
      if (n.getNameAsString().equals(i) && !insideSubscript(n, f)) {
        usesIndex = true;
      }
    }
    usesIndex |= maskFrom != null;
    int indexSlot = -1;
    if (usesIndex) {
      if (!start.isConstant()) {
        throw MethodReader.error(f, "the index " + i + " of a loop starting at " + start
            + " cannot be used as a number yet (only loops from an int constant)");
      }
      long s0 = start.constantTerm();
      Node iota = Ir.iota(TensorType.of(DType.F64, Shape.of(trip)), 0);
      Node idx = Np.astype(s0 == 0 ? iota : Np.add(iota, Np.scalar(s0)), DType.I64);
      indexSlot = xs.size();
      xs.add(idx);
      xsNames.add(i);
    }
    // Trace the body on (carries..., steps of xs...) of a scope of its own.
    Scope scope = Scope.trace(BASE + depth);
    List<Node> own = new ArrayList<>();
    List<TensorType> ownTypes = new ArrayList<>();
    MethodReader.Env inner = env.copy();
    List<Node> init = new ArrayList<>();
    for (int k = 0; k < carried.size(); k++) {
      Node v0 = env.get(carried.get(k));
      if (nest > 0) {
        // Once for every index of the enclosing loops: a carry of their axes.
        Node lifted = reader.sizeLoops.lift(v0);
        v0 = lifted.type().rank() == 0 ? reader.at(f, () -> Np.broadcastTo(lifted,
            reader.sizeLoops.nest(nest))) : lifted;
      }
      TensorType ct = v0.type();
      Node p = Param.node(scope, own.size(), ct);
      own.add(p);
      ownTypes.add(ct);
      inner.assign(carried.get(k), p);
      init.add(v0);
      if (carriedArrays.contains(carried.get(k))) {
        reader.written(carried.get(k)); // never written in place (rejected above)
      }
    }
    Node prev = null;
    if (along != null) {
      // The element written the step before: y[start + c - 1] (any value when masked: the
      // steps below maskFrom take the old elements).
      prev = Param.node(scope, own.size(), TensorType.f64());
      own.add(prev);
      ownTypes.add(TensorType.f64());
      init.add(maskFrom != null ? Np.scalar(0.0) : reader.at(f, () -> AlongArray.element(
          env.get(along.name), alongFrom.minus(1), f, "the recurrence along " + along.name)));
      reader.written(along.name);
    }
    int numCarry = own.size();
    List<Node> steps = new ArrayList<>();
    for (int k = 0; k < xs.size(); k++) {
      TensorType t = TensorType.of(xs.get(k).dtype());
      Node p = Param.node(scope, own.size(), t);
      own.add(p);
      ownTypes.add(t);
      steps.add(p);
    }
    if (usesIndex) {
      inner.declare(i, steps.get(indexSlot));
    }
    for (Map.Entry<ArrayAccessExpr, Integer> e : readSlot.entrySet()) {
      stepReads.put(e.getKey(), steps.get(e.getValue()));
    }
    for (ArrayAccessExpr e : alongReads) {
      stepReads.put(e, prev);
    }
    AlongArray outer = writing;
    writing = along;
    for (StepWrite sw : stepWrites) {
      recording.put(sw.write, sw);
    }
    depth++;
    List<Node> outs = new ArrayList<>();
    carrying.addAll(carriedArrays);
    try {
      reader.statementInLoop(f.getBody(), inner);
      for (int k = 0; k < carried.size(); k++) {
        Node next = inner.get(carried.get(k));
        if (nest > 0 && next.type().rank() < nest) {
          Node lifted = reader.sizeLoops.lift(next);
          next = lifted.type().rank() == 0 ? reader.at(f, () -> Np.broadcastTo(lifted,
              reader.sizeLoops.nest(nest))) : lifted;
        }
        if (!next.type().equals(ownTypes.get(k))) {
          throw MethodReader.error(f, what + ": " + carried.get(k) + " is " + ownTypes.get(k)
              + " before an iteration and " + next.type() + " after it; a carried array keeps"
              + " its length");
        }
        if (maskFrom != null) {
          // Steps Java does not run keep the carry.
          Node runs = Np.greaterEqual(Np.astype(steps.get(indexSlot), DType.F64),
              Np.scalar(maskFrom));
          Node taken = next;
          Node kept = own.get(k);
          next = reader.at(f, () -> Np.where(runs, taken, kept));
        }
        outs.add(next);
      }
      if (along != null) {
        Node v = along.value;
        if (maskFrom != null) {
          Node runs = Np.greaterEqual(Np.astype(steps.get(indexSlot), DType.F64),
              Np.scalar(maskFrom));
          Node old = steps.get(oldSlot);
          Node taken = v;
          v = reader.at(f, () -> Np.where(runs, taken, old));
        }
        outs.add(v); // the carry: the last element written
        outs.add(v); // the ys: the elements written
      }
      for (StepWrite sw : stepWrites) {
        Node v = sw.value;
        if (maskFrom != null) {
          // Java writes nothing at the steps it does not run: the fresh array's zeros.
          Node runs = Np.greaterEqual(Np.astype(steps.get(indexSlot), DType.F64),
              Np.scalar(maskFrom));
          Node taken = v;
          v = reader.at(sw.write, () -> Np.where(runs, taken, Np.scalar(0.0)));
        }
        outs.add(v);
      }
    } finally {
      for (StepWrite sw : stepWrites) {
        recording.remove(sw.write);
      }
      writing = outer;
      depth--;
      for (ArrayAccessExpr e : alongReads) {
        stepReads.remove(e);
      }
      carrying.removeAll(carriedArrays);
      for (ArrayAccessExpr e : readSlot.keySet()) {
        stepReads.remove(e);
      }
    }
    // Close over the largest outer subexpressions the body reads: the scan's consts.
    Set<Node> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    mine.addAll(own);
    List<Node> order = Graph.topoOrder(outs);
    for (Node n : order) {
      for (Node in : n.inputs()) {
        if (mine.contains(in)) {
          mine.add(n);
          break;
        }
      }
    }
    List<Node> free = new ArrayList<>();
    Set<Node> freeSet = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> candidates = new ArrayList<>();
    for (Node n : order) {
      if (mine.contains(n)) {
        candidates.addAll(n.inputs());
      }
    }
    candidates.addAll(outs);
    for (Node c : candidates) {
      if (!mine.contains(c) && !freeSet.contains(c)
          && !(c.op() instanceof Constant && c.type().isStatic())) {
        // Whole arrays and values of symbolic size too: the body's types then name sizes.
        freeSet.add(c);
        free.add(c);
      }
    }
    Map<Node, Node> subst = new IdentityHashMap<>();
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < free.size(); k++) {
      subst.put(free.get(k), Param.node(k, free.get(k).type()));
      types.add(free.get(k).type());
      names.add("c" + k);
    }
    for (int k = 0; k < own.size(); k++) {
      subst.put(own.get(k), Param.node(free.size() + k, ownTypes.get(k)));
      types.add(ownTypes.get(k));
      names.add(k < carried.size() ? carried.get(k) : k < numCarry ? y + "_prev"
          : xsNames.get(k - numCarry));
    }
    Provenance body = new Provenance();
    List<Node> closed = Graph.substitute(outs, subst, reader.provenance(), body);
    List<String> outNames = new ArrayList<>(carried);
    if (along != null) {
      outNames.add(along.name + "_prev");
      outNames.add(along.name);
    }
    for (StepWrite sw : stepWrites) {
      outNames.add(sw.name);
    }
    Graph g = new Graph(names, types, closed, outNames, body);
    List<Node> result = reader.atLoop(f, () -> Scan.scan(g, free, init, xs, trip, reverse));
    for (int k = 0; k < carried.size(); k++) {
      env.assign(carried.get(k), result.get(k));
      reader.name(result.get(k), carried.get(k));
    }
    if (along != null) {
      Node ys = result.get(numCarry);
      Node old = env.get(along.name);
      List<Node> y2 = reader.atLoop(f, () -> List.of(AlongArray.after(old, ys, alongFrom,
          alongTo)));
      env.assign(along.name, y2.get(0));
      reader.name(y2.get(0), along.name);
    }
    for (int k = 0; k < stepWrites.size(); k++) {
      StepWrite sw = stepWrites.get(k);
      Node ys = result.get(numCarry + (along != null ? 1 : 0) + k);
      Node arr = env.get(sw.name);
      Dim n = arr.type().shape().extent(0);
      Dim from = start.plus(sw.offset);
      Dim to = start.plus(trip).plus(sw.offset);
      Subscripts.require(Dims.geq(from, Dim.of(0)), sw.write, "cannot prove that the writes to "
          + sw.name + " start inside it (at " + from + ")");
      Subscripts.require(Dims.geq(n, to), sw.write, "cannot prove that the writes to " + sw.name
          + " stay inside it: they go up to " + to.minus(1) + " and " + sw.name + ".length is "
          + n + "; give the sizes the same name with @Shape");
      List<Node> w = reader.atLoop(sw.write, () -> List.of(Ir.pad(ys, new Dim[] {from},
          new Dim[] {n.minus(to)})));
      env.assign(sw.name, w.get(0));
      reader.name(w.get(0), sw.name);
    }
  }

  private static boolean isStepWriteTarget(ArrayAccessExpr e, List<StepWrite> writes) {
    for (StepWrite sw : writes) {
      if (sw.write.getTarget() == e) {
        return true;
      }
    }
    return false;
  }

  /** {@code w[i + c] = v;} at the top of a recurrence's body, into a fresh local array. */
  private static final class StepWrite {
    final String name;
    final AssignExpr write;
    final int offset;
    Node value;

    StepWrite(String name, AssignExpr write, int offset) {
      this.name = name;
      this.write = write;
      this.offset = offset;
    }
  }

  /**
   * The write {@code a} as a step write (one element per step at the loop's index, into a fresh
   * {@code new double[n]} that the loop does not read: the scan's ys, padded into the array), or
   * null when it is not one.
   */
  private StepWrite stepWrite(AssignExpr a, String base, String i, int nest, ForStmt f,
      String what) {
    List<Expression> subs = new ArrayList<>();
    Subscripts.base((ArrayAccessExpr) a.getTarget(), subs);
    Integer c = subs.size() == 1 ? offset(subs.get(0), i) : null;
    if (nest > 0 || c == null || !Integer.valueOf(1).equals(reader.arrayRank(base))
        || !reader.isFresh(base)) {
      return null;
    }
    if (a.getOperator() != AssignExpr.Operator.ASSIGN
        || !a.getParentNode().map(p -> p instanceof ExpressionStmt).orElse(false)) {
      throw MethodReader.error(a, "in " + what + ", write " + a.getTarget() + " = ...; as a"
          + " statement of its own");
    }
    if (a.findAncestor(IfStmt.class).map(x -> x.isDescendantOf(f)).orElse(false)) {
      throw MethodReader.error(a, "writing " + a.getTarget() + " inside an if is not supported;"
          + " write " + a.getTarget() + " = c ? e : 0");
    }
    for (AssignExpr b : f.getBody().findAll(AssignExpr.class)) {
      if (b != a && b.getTarget() instanceof ArrayAccessExpr && Subscripts.base(
          (ArrayAccessExpr) b.getTarget(), new ArrayList<>()).equals(base)) {
        throw MethodReader.error(b, "a second write to " + base + " in " + what + " is not"
            + " supported; write one element per step");
      }
    }
    for (ArrayAccessExpr e : f.getBody().findAll(ArrayAccessExpr.class)) {
      if (e != a.getTarget() && Subscripts.base(e, new ArrayList<>()).equals(base)) {
        throw MethodReader.error(e, "reading " + base + " inside the loop that writes it is not"
            + " supported; read it in a later loop");
      }
    }
    return new StepWrite(base, a, c);
  }

  /**
   * Records the value of {@code a} if it is the write of the recurrence along an array being
   * read ({@code y[i + c] = F(y[i + c - 1])}); false for any other assignment.
   */
  boolean recordWrite(AssignExpr a, com.github.javaparser.ast.stmt.Statement s,
      MethodReader.Env env) {
    StepWrite sw = recording.get(a);
    if (sw != null) {
      sw.value = reader.at(s, () -> reader.expressions.real(a.getValue(), env));
      return true;
    }
    if (writing == null || a != writing.write) {
      return false;
    }
    writing.value = reader.at(s, () -> reader.expressions.real(a.getValue(), env));
    return true;
  }

  /** True if {@code name} is an array carried by a recurrence whose body is being read. */
  boolean carriesArray(String name) {
    return carrying.contains(name);
  }

  /** True if a subscript names the index of an enclosing loop over a size. */
  private boolean atEnclosingIndex(List<Expression> subs) {
    for (Expression x : subs) {
      for (NameExpr n : x.findAll(NameExpr.class)) {
        if (reader.sizeLoops.frame(n.getNameAsString()) != null) {
          return true;
        }
      }
      if (x instanceof NameExpr && reader.sizeLoops.frame(((NameExpr) x).getNameAsString())
          != null) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code n} is inside a loop nested in {@code f}. */
  private static boolean inNestedLoop(com.github.javaparser.ast.Node n, ForStmt f) {
    return n.findAncestor(ForStmt.class).map(l -> l != f).orElse(false);
  }

  /** {@code c} if {@code e} is {@code i}, {@code i + c}, {@code i - c} or {@code c + i}, else null. */
  Integer offset(Expression e, String i) {
    e = Syntax.strip(e);
    if (Syntax.isName(e, i)) {
      return 0;
    }
    if (e instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) e;
      boolean plus = b.getOperator() == BinaryExpr.Operator.PLUS;
      boolean minus = b.getOperator() == BinaryExpr.Operator.MINUS;
      if (Syntax.isName(Syntax.strip(b.getLeft()), i) && (plus || minus)) {
        Integer c = reader.expressions.intConstant(b.getRight());
        return c == null ? null : minus ? -c : c;
      }
      if (Syntax.isName(Syntax.strip(b.getRight()), i) && plus) {
        return reader.expressions.intConstant(b.getLeft());
      }
    }
    return null;
  }

  private static boolean insideSubscript(NameExpr n, ForStmt f) {
    com.github.javaparser.ast.Node c = n;
    while (c != f && c.getParentNode().isPresent()) {
      com.github.javaparser.ast.Node p = c.getParentNode().get();
      if (p instanceof ArrayAccessExpr && ((ArrayAccessExpr) p).getIndex() == c) {
        return true;
      }
      c = p;
    }
    return false;
  }
}
