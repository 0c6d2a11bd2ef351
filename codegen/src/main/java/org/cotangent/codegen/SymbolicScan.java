package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * A scan in a symbolic graph (issue 14: a recurrence over a symbolic trip count, DESIGN
 * "Symbolic sizes"): one statement defines every output of the scan that the graph uses. The
 * carries are declared before the loop (a scalar carry a {@code double} local, an array carry an
 * array, each copied from its initial value) and the stacked {@code ys} arrays are allocated with
 * their size at the loop's entry; then, in a {@code { }} block of its own, the consts are read
 * once, and one Java {@code for} loop over {@code t} (descending for {@code reverse}) reads step
 * {@code t} of each {@code xs}, runs the body (static: written by the same {@link SymbolicBody}
 * stages in a nested scope), computes every next carry and {@code y} before any carry is
 * overwritten, and stores the {@code ys} at row {@code t}.
 */
final class SymbolicScan {
  private SymbolicScan() {}

  /** Refuses a body outside the supported families, by name, at planning time. */
  static void check(Node n) {
    Graph body = ((Scan) n.op()).body();
    SymbolicPlan inner = new SymbolicPlan(body);
    if (!inner.constants.isEmpty()) {
      throw SymbolicPlan.unsupported("scan", "a body holding non-uniform constants");
    }
  }

  /** The outputs of {@code n}'s scan that {@code plan}'s graph uses, by output index. */
  static Node[] family(SymbolicPlan plan, Node n) {
    Scan op = (Scan) n.op();
    Node[] r = new Node[op.body().outputs().size()];
    for (Node m : plan.order) {
      if (m.op() instanceof Scan && m.inputs().equals(n.inputs())
          && ((Scan) m.op()).withOut(0).equals(op.withOut(0))) {
        r[((Scan) m.op()).out()] = m;
      }
    }
    return r;
  }

  /** Writes the loop of {@code n}'s scan into {@code w}, defining all its used outputs. */
  static void emit(SymbolicBody outer, Node n, JavaWriter w, NameAllocator scope) {
    Scan op = (Scan) n.op();
    Graph body = op.body();
    int nc = op.numConsts();
    int ncar = op.numCarry();
    int nx = op.numXs();
    int nout = body.outputs().size();
    Node[] fam = family(outer.plan, n);
    String[] outName = new String[nout];
    for (int k = 0; k < nout; k++) {
      if (fam[k] != null) {
        outName[k] = fam[k] == n ? outer.name(n) : outer.defineAlso(fam[k]);
      } else if (k < ncar) {
        outName[k] = outer.names.newName("carry" + k);
      }
    }
    Dim len = op.lengthDim();
    // The carries, from their initial values; the stacked ys, allocated at their size.
    for (int k = 0; k < ncar; k++) {
      Node init = n.input(nc + k);
      TensorType t = body.output(k).type();
      if (t.rank() == 0) {
        w.statement("double $N = $L", outName[k], outer.read(init, new Code[0]));
      } else {
        w.statement("final double[] $N = $L", outName[k], array(outer, fam[k],
            t.shape().numel()));
        fill(outer, w, scope, outName[k], init, null);
      }
    }
    for (int k = ncar; k < nout; k++) {
      if (fam[k] != null) {
        w.statement("final double[] $N = $L", outName[k], array(outer, fam[k],
            fam[k].type().shape().numel()));
      }
    }
    w.beginBlock();
    List<String> paramNames = new ArrayList<>();
    for (int i = 0; i < nc; i++) {
      Node c = n.input(i);
      String name = scope.newName(nameOf(body, i, "c"));
      if (c.rank() == 0) {
        w.statement("final double $N = $L", name, outer.read(c, new Code[0]));
      } else {
        w.statement("final double[] $N = new double[$L]", name, outer.sizes.of(c.type().shape()
            .numel()));
        fill(outer, w, scope, name, c, null);
      }
      paramNames.add(name);
    }
    for (int k = 0; k < ncar; k++) {
      paramNames.add(outName[k]);
    }
    String t = scope.newName("t");
    if (op.reverse()) {
      w.beginControlFlow("for (int $1N = $2L; $1N >= 0; $1N--)", t, outer.sizes.of(len.minus(1)));
    } else {
      w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", t, outer.sizes.of(len));
    }
    NameAllocator step = scope.newScope();
    for (int k = 0; k < nx; k++) {
      Node xs = n.input(nc + ncar + k);
      TensorType st = body.inputTypes().get(nc + ncar + k);
      String name = step.newName(nameOf(body, nc + ncar + k, "x"));
      Code ti = Code.of("$N", t);
      if (st.rank() == 0) {
        w.statement("final double $N = $L", name, outer.read(xs, new Code[] {ti}));
      } else {
        w.statement("final double[] $N = new double[$L]", name, outer.sizes.of(st.shape()
            .numel()));
        fill(outer, w, step, name, xs, ti);
      }
      paramNames.add(name);
    }
    // The body, then every next value before any carry is overwritten.
    SymbolicPlan plan = new SymbolicPlan(body);
    SymbolicBody inner = new SymbolicBody(plan, step.newScope(), outer.sizes, Map.of());
    for (int i = 0; i < body.arity(); i++) {
      inner.name(body.params().get(i), paramNames.get(i));
    }
    inner.emit();
    for (Block b : inner.blocks) {
      w.add(b.text);
    }
    String[] next = new String[nout];
    for (int k = 0; k < nout; k++) {
      if (k >= ncar && fam[k] == null) {
        continue;
      }
      Node o = body.output(k);
      next[k] = step.newName("next" + k);
      if (o.rank() == 0) {
        w.add(inner.copy(o, Code.of("final double $N", next[k]), "step output " + k).text);
      } else {
        w.statement("final double[] $N = new double[$L]", next[k], outer.sizes.of(o.type()
            .shape().numel()));
        w.add(inner.copy(o, Code.of("$N", next[k]), "step output " + k).text);
      }
    }
    for (int k = 0; k < nout; k++) {
      if (next[k] == null) {
        continue;
      }
      Code size = outer.sizes.of(body.output(k).type().shape().numel());
      boolean scalar = body.output(k).rank() == 0;
      if (k < ncar) {
        if (scalar) {
          w.statement("$N = $N", outName[k], next[k]);
        } else {
          w.statement("System.arraycopy($N, 0, $N, 0, $L)", next[k], outName[k], size);
        }
      } else if (scalar) {
        w.statement("$N[$N] = $N", outName[k], t, next[k]);
      } else {
        w.statement("System.arraycopy($N, 0, $N, $N * $L, $L)", next[k], outName[k], t,
            outer.sizes.factor(body.output(k).type().shape().numel()), size);
      }
    }
    w.endControlFlow();
    w.endControlFlow();
  }

  private static Code array(SymbolicBody outer, Node member, Dim numel) {
    Code target = member == null ? null : outer.outputArray(member);
    return target != null ? target : Code.of("new double[$L]", outer.sizes.of(numel));
  }

  /**
   * {@code into[...] = src[...]} over {@code src}'s shape, or over its shape less the leading
   * axis read at {@code leading} (a step of an {@code xs}).
   */
  static void fill(SymbolicBody outer, JavaWriter w, NameAllocator scope, String into,
      Node src, Code leading) {
    Dim[] all = src.type().shape().extents();
    int from = leading == null ? 0 : 1;
    Dim[] ext = java.util.Arrays.copyOfRange(all, from, all.length);
    String[] v = Loops.indices(scope.newScope(), 0, ext.length);
    int opened = outer.open(w, v, ext);
    Code[] idx = SymbolicBody.codes(v);
    Code[] si = new Code[all.length];
    if (leading != null) {
      si[0] = leading;
    }
    System.arraycopy(idx, 0, si, from, idx.length);
    w.statement("$N[$L] = $L", into, outer.offset(idx, ext), outer.read(src, si));
    Loops.close(w, opened);
  }

  /** The name of {@code body}'s input i, or {@code fallback + i} when it has none. */
  static String nameOf(Graph body, int i, String fallback) {
    String s = body.inputNames().get(i);
    return s == null || s.isEmpty() ? fallback + i : s;
  }
}
