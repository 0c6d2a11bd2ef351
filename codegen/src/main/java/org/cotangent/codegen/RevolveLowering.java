package org.cotangent.codegen;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.RevolveReverse;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.kernels.Revolve;

/**
 * {@code revolve_reverse} (a scan's reverse sweep under binomial checkpointing) as one Java loop
 * over the action table that {@link Rt#revolve} computes at run time, so the source does not
 * depend on the trip count: the forward step {@code f} and the step VJP {@code g} are each
 * scheduled and emitted once (as {@link LoopLowering} does a scan body), {@code f} inside the
 * {@code ADVANCE} branch's loop, {@code g} in the {@code YOUTURN} branch; the snapshots are one
 * array of {@code s * C} doubles. Everything but the results lives in a block of its own.
 */
final class RevolveLowering implements Lowering {
  static void registerAll(Lowerings r) {
    r.register("revolve_reverse", new RevolveLowering());
  }

  @Override
  public String hint(Node n) {
    RevolveReverse op = (RevolveReverse) n.op();
    return op.out() < op.numConsts() ? "const_bar"
        : op.out() < op.numConsts() + op.numCarry() ? "init_bar" : "xs_bar";
  }

  /** A body emitted once: its schedule, names, blocks and the arrays its outputs go to. */
  private static final class Body {
    final Graph graph;
    final Values values;
    final List<Block> blocks;
    final String[] next;
    final Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());

    Body(Graph graph, NameAllocator inner, LoweringContext cx, String suffix) {
      this.graph = graph;
      Schedule schedule = Schedule.of(graph, cx.lowerings());
      if (!schedule.constants().isEmpty()) {
        throw new IllegalStateException("revolve body with constants of its own");
      }
      next = new String[graph.outputs().size()];
      for (int j = 0; j < next.length; j++) {
        next[j] = inner.newName(suffix + j + "_next");
      }
      values = new Values(schedule, inner, false);
      blocks = new BodyEmitter(schedule, values, inner, new LoopLowering.BodyShell(next)).emit();
      if (values.scratchName() != null) {
        cx.scope().reserveOutward(values.scratchName());
      }
      read.addAll(graph.topoOrder());
    }

    String name(int i) {
      return values.name(graph.params().get(i));
    }

    boolean reads(int i) {
      return read.contains(graph.params().get(i));
    }

    void emit(JavaWriter w) {
      for (Block b : blocks) {
        if (b.needsScratch) {
          w.statement("final double[] $N = new double[2]", values.scratchName());
          break;
        }
      }
      for (Block b : blocks) {
        w.add(b.text);
      }
    }
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    RevolveReverse op = (RevolveReverse) n.op();
    Graph f = op.forward();
    Graph g = op.stepVjp();
    int pre = op.numAux() + op.numConsts();
    int nc = op.numConsts();
    int ncar = op.numCarry();
    int nx = op.numXs();
    int ny = op.numYs();
    int arity = f.arity();
    int firstX = pre + ncar;
    JavaWriter w = cx.writer();
    int nOut = g.outputs().size();
    Node[] results = new Node[nOut];
    for (int j = 0; j < nOut; j++) {
      Node sibling = j == op.out() ? n : Node.make(op.withOut(j), n.inputs().toArray(new Node[0]));
      if (sibling == n || (sibling.op() instanceof RevolveReverse && cx.isPending(sibling))) {
        if (sibling != n) {
          cx.defineAlso(sibling);
        }
        results[j] = sibling;
        cx.newArray(sibling, j < nc || j >= nc + ncar);
      }
    }
    // Nested scopes: g's names avoid f's (the two share parameter nodes), the sweep's both.
    // The sweep's own names come first, in the outermost of those scopes: the loops nested in f
    // or g then never declare one of them again inside the sweep.
    NameAllocator fScope = cx.scope().sharedScope();
    String table = fScope.newName("table");
    String a = fScope.newName("a");
    String arg = fScope.newName("arg");
    String at = fScope.newName("at");
    String t = fScope.newName("t");
    String snaps = fScope.newName("snapshots");
    String snapAt = fScope.newName("snapshotStep");
    Body fb = new Body(f, fScope, cx, "f");
    NameAllocator inner = fScope.newScope();
    Body gb = new Body(g, inner, cx, "g");
    int length = op.length();
    int[] carryOffset = new int[ncar + 1];
    for (int k = 0; k < ncar; k++) {
      carryOffset[k + 1] = carryOffset[k] + LoopLowering.doubles(f.inputTypes().get(pre + k));
    }
    int carryDoubles = carryOffset[ncar];

    w.beginBlock();
    w.comment("reverse sweep of a scan of " + length + " steps by binomial checkpointing, "
        + op.snapshots() + " snapshots");
    // Inputs no step writes: aux and consts of both bodies.
    for (int i = 0; i < pre; i++) {
      for (Body b : List.of(fb, gb)) {
        if (b.reads(i)) {
          LoopLowering.bindConst(w, b.name(i), f.inputTypes().get(i), n.input(i), cx, inner);
        }
      }
    }
    // The current carry: f's carry inputs.
    for (int k = 0; k < ncar; k++) {
      TensorType ty = f.inputTypes().get(pre + k);
      declare(w, fb.name(pre + k), ty, n.input(pre + k), cx, inner);
    }
    // The running carry cotangents: g's inputs after its xs.
    for (int k = 0; k < ncar; k++) {
      TensorType ty = g.inputTypes().get(arity + k);
      declare(w, gb.name(arity + k), ty, n.input(arity + k), cx, inner);
    }
    // g's carry inputs (set from the current carry at each turn).
    for (int k = 0; k < ncar; k++) {
      TensorType ty = f.inputTypes().get(pre + k);
      if (LoopLowering.inArray(ty)) {
        w.statement("final double[] $N = new double[$L]", gb.name(pre + k),
            LoopLowering.doubles(ty));
      } else {
        w.statement("double $N", gb.name(pre + k));
      }
    }
    // Step inputs: xs (both bodies) and ys cotangents (g).
    stepInputs(w, fb, firstX, arity, n, cx, inner);
    stepInputs(w, gb, firstX, arity, n, cx, inner);
    stepInputs(w, gb, arity + ncar, arity + ncar + ny, n, cx, inner);
    for (Body b : List.of(fb, gb)) {
      for (int j = 0; j < b.next.length; j++) {
        w.statement("final double[] $N = new double[$L]", b.next[j],
            LoopLowering.doubles(b.graph.output(j).type()));
      }
    }
    w.statement("final double[] $N = new double[$L]", snaps, op.snapshots() * carryDoubles);
    w.statement("final int[] $N = new int[$L]", snapAt, op.snapshots());
    w.statement("final int[] $N = $T.revolve($L, $L)", table, Rt.class, length, op.snapshots());
    w.statement("int $N = 0", at);
    w.beginControlFlow("for (int $1N = 0; $1N < $2N.length; $1N += 2)", a, table);
    w.statement("final int $N = $N[$N + 1]", arg, table, a);
    w.beginControlFlow("if ($N[$N] == $L)", table, a, Revolve.ADVANCE);
    w.beginControlFlow("for (; $1N < $2N; $1N++)", at, arg);
    stepIndex(w, t, at, op);
    readSteps(w, fb, firstX, arity, n, t, cx);
    fb.emit(w);
    for (int k = 0; k < ncar; k++) {
      assign(w, fb.name(pre + k), fb.next[k], f.inputTypes().get(pre + k));
    }
    w.endControlFlow();
    w.nextControlFlow("else if ($N[$N] == $L)", table, a, Revolve.TAKESHOT);
    for (int k = 0; k < ncar; k++) {
      copySnapshot(w, fb.name(pre + k), f.inputTypes().get(pre + k), snaps, arg, carryDoubles,
          carryOffset[k], true);
    }
    w.statement("$N[$N] = $N", snapAt, arg, at);
    w.nextControlFlow("else if ($N[$N] == $L)", table, a, Revolve.RESTORE);
    for (int k = 0; k < ncar; k++) {
      copySnapshot(w, fb.name(pre + k), f.inputTypes().get(pre + k), snaps, arg, carryDoubles,
          carryOffset[k], false);
    }
    w.statement("$N = $N[$N]", at, snapAt, arg);
    w.nextControlFlow("else");
    stepIndex(w, t, arg, op);
    for (int k = 0; k < ncar; k++) {
      TensorType ty = f.inputTypes().get(pre + k);
      if (LoopLowering.inArray(ty)) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", fb.name(pre + k), gb.name(pre + k),
            LoopLowering.doubles(ty));
      } else {
        w.statement("$N = $N", gb.name(pre + k), fb.name(pre + k));
      }
    }
    readSteps(w, gb, firstX, arity, n, t, cx);
    readSteps(w, gb, arity + ncar, arity + ncar + ny, n, t, cx);
    gb.emit(w);
    for (int i = 0; i < nc; i++) {
      if (results[i] != null) {
        int size = LoopLowering.doubles(g.output(i).type());
        String e = inner.newName("e");
        w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", e, size);
        w.statement("$N[$N] += $N[$N]", cx.name(results[i]), e, gb.next[i], e);
        w.endControlFlow();
      }
    }
    for (int k = 0; k < ncar; k++) {
      assign(w, gb.name(arity + k), gb.next[nc + k], g.inputTypes().get(arity + k));
    }
    for (int k = 0; k < nx; k++) {
      int j = nc + ncar + k;
      if (results[j] != null) {
        int size = LoopLowering.doubles(g.output(j).type());
        w.statement("System.arraycopy($N, 0, $N, $L, $L)", gb.next[j], cx.name(results[j]),
            Loops.offset(new String[] {t}, new int[] {size}, 0), size);
      }
    }
    w.endControlFlow();
    w.endControlFlow();
    for (int k = 0; k < ncar; k++) {
      Node r = results[nc + k];
      if (r == null) {
        continue;
      }
      TensorType ty = g.inputTypes().get(arity + k);
      if (LoopLowering.inArray(ty)) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", gb.name(arity + k), cx.name(r),
            LoopLowering.doubles(ty));
      } else {
        w.statement("$N[0] = $N", cx.name(r), gb.name(arity + k));
      }
    }
    w.endControlFlow();
  }

  private static void stepIndex(JavaWriter w, String t, String k, RevolveReverse op) {
    if (op.reverse()) {
      w.statement("final int $N = $L - $N", t, op.length() - 1, k);
    } else {
      w.statement("final int $N = $N", t, k);
    }
  }

  private static void declare(JavaWriter w, String name, TensorType ty, Node init,
      LoweringContext cx, NameAllocator scope) {
    if (LoopLowering.inArray(ty)) {
      w.statement("final double[] $N = new double[$L]", name, LoopLowering.doubles(ty));
      LoopLowering.fill(w, name, LoopLowering.doubles(ty), init, cx, scope);
    } else {
      w.statement("double $N = $L", name, cx.element(init, null).re());
    }
  }

  private static void assign(JavaWriter w, String name, String next, TensorType ty) {
    if (LoopLowering.inArray(ty)) {
      w.statement("System.arraycopy($N, 0, $N, 0, $L)", next, name, LoopLowering.doubles(ty));
    } else {
      w.statement("$N = $N[0]", name, next);
    }
  }

  private static void copySnapshot(JavaWriter w, String name, TensorType ty, String snaps,
      String slot, int stride, int offset, boolean take) {
    Code at = Code.of("$N * $L + $L", slot, stride, offset);
    if (LoopLowering.inArray(ty)) {
      int size = LoopLowering.doubles(ty);
      if (take) {
        w.statement("System.arraycopy($N, 0, $N, $L, $L)", name, snaps, at, size);
      } else {
        w.statement("System.arraycopy($N, $L, $N, 0, $L)", snaps, at, name, size);
      }
    } else if (take) {
      w.statement("$N[$L] = $N", snaps, at, name);
    } else {
      w.statement("$N = $N[$L]", name, snaps, at);
    }
  }

  /**
   * Declares the step inputs {@code from..to} of {@code b} read per step: an array per input held
   * in one (filled by {@link #readSteps}), or the value itself for a uniform one.
   */
  private static void stepInputs(JavaWriter w, Body b, int from, int to, Node n,
      LoweringContext cx, NameAllocator scope) {
    for (int i = from; i < to; i++) {
      if (!b.reads(i)) {
        continue;
      }
      Node stacked = n.input(i);
      TensorType ty = b.graph.inputTypes().get(i);
      if (!cx.isArray(stacked)) {
        LoopLowering.bindConst(w, b.name(i), ty, stacked, cx, scope);
      } else if (LoopLowering.inArray(ty)) {
        w.statement("final double[] $N = new double[$L]", b.name(i), LoopLowering.doubles(ty));
      }
    }
  }

  private static void readSteps(JavaWriter w, Body b, int from, int to, Node n, String t,
      LoweringContext cx) {
    for (int i = from; i < to; i++) {
      Node stacked = n.input(i);
      if (!b.reads(i) || !cx.isArray(stacked)) {
        continue;
      }
      TensorType ty = b.graph.inputTypes().get(i);
      int size = LoopLowering.doubles(ty);
      Code xs = cx.array(stacked);
      if (LoopLowering.inArray(ty)) {
        w.statement("System.arraycopy($L, $L, $N, 0, $L)", xs, Loops.offset(new String[] {t},
            new int[] {size}, 0), b.name(i), size);
      } else {
        w.statement("final double $N = $L[$N]", b.name(i), xs, t);
      }
    }
  }
}
