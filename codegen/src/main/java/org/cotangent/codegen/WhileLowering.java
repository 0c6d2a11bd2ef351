package org.cotangent.codegen;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * {@code while} as a Java {@code while} loop whose source does not depend on the trip count, with
 * the stages of {@link LoopLowering}: the predicate and the body, each scheduled and emitted as a
 * program, inline in the loop (the predicate in a block of its own, reading the carries through
 * aliases); carries in locals (a {@code double} for a real scalar, an array otherwise) updated at
 * the end of each step; a {@code long} step counter, which is the trip count output and, with
 * {@code max_steps}, the row of the stacked carries (allocated, zero, before the loop) that each
 * step writes, and the bound checked before each step ("while_loop ran past max_steps=N", an
 * {@code IllegalStateException} as in the interpreter). All outputs of one loop are written by the
 * statement of the first one the program reads, and are arrays (a scalar in an array of one).
 */
final class WhileLowering implements Lowering {
  static void registerAll(Lowerings r) {
    r.register("while", new WhileLowering());
  }

  @Override
  public String hint(Node n) {
    WhileLoop w = (WhileLoop) n.op();
    return w.out() < w.numCarry() ? "carry" : w.out() == w.numCarry() ? "trips" : "steps";
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    WhileLoop op = (WhileLoop) n.op();
    Graph cond = op.cond();
    Graph body = op.body();
    int nc = op.numConsts();
    int ncar = op.numCarry();
    int nOut = op.numOutputs();
    JavaWriter w = cx.writer();
    Node[] results = new Node[nOut];
    for (int j = 0; j < nOut; j++) {
      Node sibling = j == op.out() ? n : Node.make(op.withOut(j), n.inputs().toArray(new Node[0]));
      if (sibling == n || cx.isPending(sibling)) {
        if (sibling != n) {
          cx.defineAlso(sibling);
        }
        results[j] = sibling;
        cx.newArray(sibling, j > ncar); // the stacked carries: rows from the trip count on are 0
      }
    }
    Schedule bodySchedule = Schedule.of(body, cx.lowerings());
    Schedule condSchedule = Schedule.of(cond, cx.lowerings());
    if (!bodySchedule.constants().isEmpty() || !condSchedule.constants().isEmpty()) {
      throw new IllegalStateException("while body with constants of its own (not closure-converted)");
    }
    NameAllocator inner = cx.scope().newScope();
    String steps = inner.newName("step");
    String[] next = new String[ncar];
    for (int j = 0; j < ncar; j++) {
      next[j] = inner.newName(body.outputName(j) + "_next");
    }
    String holds = inner.newName("holds");
    Values values = new Values(bodySchedule, inner, false);
    List<Block> blocks =
        new BodyEmitter(bodySchedule, values, inner, new LoopLowering.BodyShell(next)).emit();
    // The predicate's names: a scope of their own, opened after the body's names are taken.
    NameAllocator condScope = inner.newScope();
    Values condValues = new Values(condSchedule, condScope, false);
    List<Block> condBlocks = new BodyEmitter(condSchedule, condValues, condScope,
        new LoopLowering.BodyShell(new String[] {holds})).emit();
    for (Values v : List.of(values, condValues)) {
      if (v.scratchName() != null) {
        // The method declares its own scratch array at its top, before this block: never this name.
        cx.scope().reserveOutward(v.scratchName());
      }
    }
    Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());
    read.addAll(body.topoOrder());
    Set<Node> condRead = Collections.newSetFromMap(new IdentityHashMap<>());
    condRead.addAll(cond.topoOrder());
    List<Node> ps = body.params();
    List<Node> cps = cond.params();

    w.beginBlock();
    w.comment("while loop" + (op.maxSteps() > 0 ? " of at most " + op.maxSteps() + " steps" : "")
        + ": " + ncar + " carr" + (ncar == 1 ? "y" : "ies"));
    for (int i = 0; i < nc; i++) {
      if (read.contains(ps.get(i))) {
        LoopLowering.bindConst(w, values.name(ps.get(i)), ps.get(i).type(), n.input(i), cx, condScope);
      }
      if (condRead.contains(cps.get(i))) {
        LoopLowering.bindConst(w, condValues.name(cps.get(i)), cps.get(i).type(), n.input(i), cx, condScope);
      }
    }
    for (int k = 0; k < ncar; k++) {
      Node p = ps.get(nc + k);
      String name = values.name(p);
      Node init = n.input(nc + k);
      if (LoopLowering.inArray(p.type())) {
        w.statement("final double[] $N = new double[$L]", name, LoopLowering.doubles(p.type()));
        LoopLowering.fill(w, name, LoopLowering.doubles(p.type()), init, cx, condScope);
      } else {
        w.statement("double $N = $L", name, cx.element(init, null).re());
      }
    }
    for (int j = 0; j < ncar; j++) {
      w.statement("final double[] $N = new double[$L]", next[j],
          LoopLowering.doubles(body.output(j).type()));
    }
    w.statement("final double[] $N = new double[1]", holds);
    w.statement("long $N = 0", steps);
    w.beginControlFlow("while (true)");
    w.beginBlock();
    for (int k = 0; k < ncar; k++) {
      Node cp = cps.get(nc + k);
      if (condRead.contains(cp)) {
        boolean array = LoopLowering.inArray(cp.type());
        w.statement("final $L $N = $N", array ? "double[]" : "double", condValues.name(cp),
            values.name(ps.get(nc + k)));
      }
    }
    scratch(w, condBlocks, condValues);
    for (Block b : condBlocks) {
      w.add(b.text);
    }
    w.endControlFlow();
    w.beginControlFlow("if ($N[0] == 0.0)", holds);
    w.statement("break");
    w.endControlFlow();
    if (op.maxSteps() > 0) {
      w.beginControlFlow("if ($N == $L)", steps, op.maxSteps());
      w.statement("throw new $T($L)", IllegalStateException.class,
          "\"" + WhileLoop.pastMaxSteps(op.maxSteps()) + "\"");
      w.endControlFlow();
    }
    for (int k = 0; k < ncar && op.maxSteps() > 0; k++) {
      Node r = results[ncar + 1 + k];
      if (r == null) {
        continue;
      }
      Node p = ps.get(nc + k);
      int size = LoopLowering.doubles(p.type());
      if (LoopLowering.inArray(p.type())) {
        w.statement("System.arraycopy($N, 0, $N, (int) $N * $L, $L)", values.name(p), cx.name(r),
            steps, size, size);
      } else {
        w.statement("$N[(int) $N] = $N", cx.name(r), steps, values.name(p));
      }
    }
    scratch(w, blocks, values);
    for (Block b : blocks) {
      w.add(b.text);
    }
    for (int k = 0; k < ncar; k++) {
      Node p = ps.get(nc + k);
      if (LoopLowering.inArray(p.type())) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", next[k], values.name(p),
            LoopLowering.doubles(p.type()));
      } else {
        w.statement("$N = $N[0]", values.name(p), next[k]);
      }
    }
    w.statement("$N++", steps);
    w.endControlFlow();
    for (int k = 0; k < ncar; k++) {
      if (results[k] == null) {
        continue;
      }
      Node p = ps.get(nc + k);
      if (LoopLowering.inArray(p.type())) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", values.name(p), cx.name(results[k]),
            LoopLowering.doubles(p.type()));
      } else {
        w.statement("$N[0] = $N", cx.name(results[k]), values.name(p));
      }
    }
    if (results[ncar] != null) {
      w.statement("$N[0] = $N", cx.name(results[ncar]), steps);
    }
    w.endControlFlow();
  }

  private static void scratch(JavaWriter w, List<Block> blocks, Values values) {
    for (Block b : blocks) {
      if (b.needsScratch) {
        w.statement("final double[] $N = new double[2]", values.scratchName());
        return;
      }
    }
  }
}
