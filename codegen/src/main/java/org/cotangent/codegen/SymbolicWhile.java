package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.WhileLoop;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * A while loop in a symbolic graph (DESIGN, "Symbolic sizes", "Calls, branches, custom rules and
 * while loops"): its predicate and body are typed in the graph's size names, and one statement
 * defines every output of the loop the graph uses, as {@link WhileLowering} does at static sizes.
 * Before a {@code { }} block: the carries (a scalar a {@code double} local, an array one array,
 * the output array when the final carry is written straight into it, each copied from its initial
 * value), the trip count a {@code double} and the stacked carries (with {@code max_steps}) arrays
 * of {@code max_steps} rows, zero. In the block the consts are read once, then one Java {@code
 * while (true)}: the predicate, in a block of its own ({@link SymbolicBody} on the predicate
 * graph), breaks when false; the bound is checked ("while_loop ran past max_steps=N", an {@code
 * IllegalStateException} as in the interpreter); the carries entering the step are stored at row
 * {@code step}; the body ({@link SymbolicBody} in a nested scope) computes every next carry
 * before any carry is overwritten.
 */
final class SymbolicWhile {
  private SymbolicWhile() {}

  /** Refuses graphs outside the supported families, by name, at planning time. */
  static void check(Node n) {
    WhileLoop op = (WhileLoop) n.op();
    for (Graph g : List.of(op.cond(), op.body())) {
      if (!new SymbolicPlan(g).constants.isEmpty()) {
        throw SymbolicPlan.unsupported("while", "a body holding non-uniform constants");
      }
    }
  }

  /**
   * The nodes of every while loop's predicate and body in {@code order} (nested loops too),
   * whose deferred requirements (slice bounds, ...) are checked at entry with the others: they
   * depend on the sizes only, so a check at entry is never wrong (at worst strict when the loop
   * runs no step).
   */
  static List<Node> nested(List<Node> order) {
    java.util.Set<Node> seen = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    List<Node> r = new ArrayList<>();
    collect(order, seen, r);
    return r;
  }

  private static void collect(List<Node> order, java.util.Set<Node> seen, List<Node> into) {
    for (Node n : order) {
      if (n.op() instanceof WhileLoop w) {
        for (Graph g : List.of(w.cond(), w.body())) {
          for (Node m : g.topoOrder()) {
            if (seen.add(m)) {
              into.add(m);
            }
          }
          collect(g.topoOrder(), seen, into);
        }
      }
    }
  }

  /** The outputs of {@code n}'s loop that {@code plan}'s graph uses, by output index. */
  static Node[] family(SymbolicPlan plan, Node n) {
    WhileLoop op = (WhileLoop) n.op();
    Node[] r = new Node[op.numOutputs()];
    for (Node m : plan.order) {
      if (m.op() instanceof WhileLoop w && m.inputs().equals(n.inputs())
          && w.withOut(0).equals(op.withOut(0))) {
        r[w.out()] = m;
      }
    }
    return r;
  }

  /** Writes {@code n}'s loop into {@code w}, defining all its used outputs. */
  static void emit(SymbolicBody outer, Node n, JavaWriter w, NameAllocator scope) {
    WhileLoop op = (WhileLoop) n.op();
    Graph cond = op.cond();
    Graph body = op.body();
    int nc = op.numConsts();
    int ncar = op.numCarry();
    int maxSteps = op.maxSteps();
    Node[] fam = family(outer.plan, n);
    String[] outName = new String[fam.length];
    for (int k = 0; k < fam.length; k++) {
      if (fam[k] != null) {
        outName[k] = fam[k] == n ? outer.name(n) : outer.defineAlso(fam[k]);
      } else if (k < ncar) {
        outName[k] = outer.names.newName("carry" + k);
      }
    }
    for (int k = 0; k < ncar; k++) {
      Node init = n.input(nc + k);
      TensorType t = body.output(k).type();
      if (t.rank() == 0) {
        w.statement("double $N = $L", outName[k], outer.read(init, new Code[0]));
      } else {
        Code target = fam[k] == null ? null : outer.outputArray(fam[k]);
        w.statement("final double[] $N = $L", outName[k], target != null ? target
            : Code.of("new double[$L]", outer.sizes.of(t.shape().numel())));
        SymbolicScan.fill(outer, w, scope, outName[k], init, null);
      }
    }
    if (fam[ncar] != null) {
      w.statement("double $N = 0", outName[ncar]);
    }
    for (int k = 0; k < ncar && maxSteps > 0; k++) {
      Node s = fam[ncar + 1 + k];
      if (s != null) {
        Code target = outer.outputArray(s);
        w.statement("final double[] $N = $L", outName[ncar + 1 + k], target != null ? target
            : Code.of("new double[$L]", outer.sizes.of(s.type().shape().numel())));
        if (target != null) {
          w.statement("java.util.Arrays.fill($N, 0.0)", outName[ncar + 1 + k]);
        }
      }
    }
    w.beginBlock();
    w.comment("while loop" + (maxSteps > 0 ? " of at most " + maxSteps + " steps" : "") + ": "
        + ncar + " carr" + (ncar == 1 ? "y" : "ies"));
    List<String> paramNames = new ArrayList<>();
    for (int i = 0; i < nc; i++) {
      Node c = n.input(i);
      String name = scope.newName(SymbolicScan.nameOf(body, i, "c"));
      if (c.rank() == 0) {
        w.statement("final double $N = $L", name, outer.read(c, new Code[0]));
      } else {
        w.statement("final double[] $N = new double[$L]", name, outer.sizes.of(c.type().shape()
            .numel()));
        SymbolicScan.fill(outer, w, scope, name, c, null);
      }
      paramNames.add(name);
    }
    for (int k = 0; k < ncar; k++) {
      paramNames.add(outName[k]);
    }
    // The next carries: arrays allocated once, before the loop, as at static sizes.
    String[] nextName = new String[ncar];
    for (int k = 0; k < ncar; k++) {
      Node o = body.output(k);
      nextName[k] = scope.newName("next" + k);
      if (o.rank() > 0) {
        w.statement("final double[] $N = new double[$L]", nextName[k],
            outer.sizes.of(o.type().shape().numel()));
      }
    }
    String step = scope.newName("step");
    w.statement("int $N = 0", step);
    w.beginControlFlow("while (true)");
    NameAllocator inLoop = scope.newScope();
    String holds = inLoop.newName("holds");
    w.statement("final double $N", holds);
    w.beginBlock();
    SymbolicBody pred = inner(outer, cond, paramNames, inLoop.newScope());
    for (Block b : pred.blocks) {
      w.add(b.text);
    }
    w.add(pred.copy(cond.output(0), Code.of("$N", holds), "predicate").text);
    w.endControlFlow();
    w.beginControlFlow("if ($N == 0.0)", holds);
    w.statement("break");
    w.endControlFlow();
    if (maxSteps > 0) {
      w.beginControlFlow("if ($N == $L)", step, maxSteps);
      w.statement("throw new $T($L)", IllegalStateException.class,
          "\"" + WhileLoop.pastMaxSteps(maxSteps) + "\"");
      w.endControlFlow();
      for (int k = 0; k < ncar; k++) {
        String stacked = outName[ncar + 1 + k];
        if (stacked == null) {
          continue;
        }
        TensorType t = body.output(k).type();
        if (t.rank() == 0) {
          w.statement("$N[$N] = $N", stacked, step, outName[k]);
        } else {
          Code size = outer.sizes.factor(t.shape().numel());
          w.statement("System.arraycopy($N, 0, $N, $N * $L, $L)", outName[k], stacked, step,
              size, size);
        }
      }
    }
    NameAllocator stepScope = inLoop.newScope();
    SymbolicBody next = inner(outer, body, paramNames, stepScope.newScope());
    for (Block b : next.blocks) {
      w.add(b.text);
    }
    for (int k = 0; k < ncar; k++) {
      Node o = body.output(k);
      Code into = o.rank() == 0 ? Code.of("final double $N", nextName[k])
          : Code.of("$N", nextName[k]);
      w.add(next.copy(o, into, "step output " + k).text);
    }
    for (int k = 0; k < ncar; k++) {
      TensorType t = body.output(k).type();
      if (t.rank() == 0) {
        w.statement("$N = $N", outName[k], nextName[k]);
      } else {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", nextName[k], outName[k],
            outer.sizes.of(t.shape().numel()));
      }
    }
    w.statement("$N++", step);
    w.endControlFlow();
    if (fam[ncar] != null) {
      w.statement("$N = $N", outName[ncar], step);
    }
    w.endControlFlow();
  }

  /** {@code g} written by the {@link SymbolicBody} stages on the given parameter names. */
  private static SymbolicBody inner(SymbolicBody outer, Graph g, List<String> params,
      NameAllocator scope) {
    SymbolicBody b = new SymbolicBody(new SymbolicPlan(g), scope, outer.sizes, Map.of());
    for (int i = 0; i < g.arity(); i++) {
      b.name(g.params().get(i), params.get(i));
    }
    b.emit();
    return b;
  }
}
