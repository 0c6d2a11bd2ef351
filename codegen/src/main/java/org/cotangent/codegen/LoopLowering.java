package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * {@code scan} as a Java {@code for} loop whose source does not depend on the trip count: the
 * body, scheduled and emitted by the same stages as a whole program, inline in the loop; carries
 * in locals (a {@code double} for a real scalar, an array otherwise) updated at the end of each
 * step; each step's {@code x} copied out of {@code xs} (a scalar read in place); each {@code y}
 * copied into the stacked result, allocated before the loop. All outputs of one scan (the nodes
 * with the same body and inputs) are written by the statement of the first one, and are arrays
 * (a scalar in an array of one). Everything but the results lives in a block of its own, so the
 * loop's names never meet the method's.
 */
final class LoopLowering implements Lowering {
  static void registerAll(Lowerings r) {
    r.register("scan", new LoopLowering());
  }

  @Override
  public String hint(Node n) {
    Scan s = (Scan) n.op();
    return s.out() < s.numCarry() ? "carry" : "ys";
  }

  /** How the body holds a value of type {@code t}: an array unless it is a real scalar. */
  static boolean inArray(TensorType t) {
    return t.rank() > 0 || t.dtype().isComplex();
  }

  static int doubles(TensorType t) {
    return t.size() * t.dtype().width();
  }

  @Override
  public void emit(Node n, LoweringContext cx) {
    Scan op = (Scan) n.op();
    Graph body = op.body();
    int nc = op.numConsts();
    int ncar = op.numCarry();
    int nOut = body.outputs().size();
    JavaWriter w = cx.writer();
    // The results: every output of this scan that the program reads, as arrays.
    Node[] results = new Node[nOut];
    for (int j = 0; j < nOut; j++) {
      Node sibling = j == op.out() ? n : Node.make(op.withOut(j), n.inputs().toArray(new Node[0]));
      // (Node.make may simplify a sibling to another node, such as the init of a carry the body
      // never changes: that one is not this loop's to define.)
      if (sibling == n || (sibling.op() instanceof Scan && cx.isPending(sibling))) {
        if (sibling != n) {
          cx.defineAlso(sibling);
        }
        results[j] = sibling;
        cx.newArray(sibling, false);
      }
    }
    Schedule schedule = Schedule.of(body, cx.lowerings());
    if (!schedule.constants().isEmpty()) {
      throw new IllegalStateException("scan body with constants of its own (not closure-converted)");
    }
    NameAllocator inner = cx.scope().newScope();
    String t = inner.newName("t");
    String[] next = new String[nOut];
    for (int j = 0; j < nOut; j++) {
      next[j] = inner.newName(body.outputName(j) + "_next");
    }
    Values values = new Values(schedule, inner, false);
    List<Block> blocks = new BodyEmitter(schedule, values, inner, new BodyShell(next)).emit();
    if (values.scratchName() != null) {
      // The method declares its own scratch array at its top, before this block: never this name.
      cx.scope().reserveOutward(values.scratchName());
    }
    Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());
    read.addAll(body.topoOrder());
    List<Node> ps = body.params();

    w.beginBlock();
    w.comment("scan of " + op.length() + " steps" + (op.reverse() ? ", in reverse" : "") + ": "
        + ncar + " carr" + (ncar == 1 ? "y" : "ies") + ", " + op.numXs() + " xs, " + op.numYs()
        + " ys");
    for (int i = 0; i < nc; i++) {
      Node p = ps.get(i);
      if (read.contains(p)) {
        bindConst(w, values.name(p), p.type(), n.input(i), cx, inner);
      }
    }
    for (int k = 0; k < ncar; k++) {
      Node p = ps.get(nc + k);
      String name = values.name(p);
      Node init = n.input(nc + k);
      if (inArray(p.type())) {
        w.statement("final double[] $N = new double[$L]", name, doubles(p.type()));
        fill(w, name, doubles(p.type()), init, cx, inner);
      } else {
        w.statement("double $N = $L", name, cx.element(init, null).re());
      }
    }
    List<Integer> copied = new ArrayList<>();
    for (int k = nc + ncar; k < ps.size(); k++) {
      Node p = ps.get(k);
      if (!read.contains(p)) {
        continue;
      }
      Node xs = n.input(k);
      String name = values.name(p);
      if (!cx.isArray(xs)) {
        bindConst(w, name, p.type(), xs, cx, inner); // a uniform constant: every step reads the same value
      } else if (inArray(p.type())) {
        w.statement("final double[] $N = new double[$L]", name, doubles(p.type()));
        copied.add(k);
      } else {
        copied.add(k);
      }
    }
    for (int j = 0; j < nOut; j++) {
      w.statement("final double[] $N = new double[$L]", next[j], doubles(body.output(j).type()));
    }
    if (op.reverse()) {
      w.beginControlFlow("for (int $1N = $2L; $1N >= 0; $1N--)", t, op.length() - 1);
    } else {
      w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N++)", t, op.length());
    }
    for (Block b : blocks) {
      if (b.needsScratch) {
        w.statement("final double[] $N = new double[2]", values.scratchName());
        break;
      }
    }
    for (int k : copied) {
      Node p = ps.get(k);
      Code xs = cx.array(n.input(k));
      int size = doubles(p.type());
      if (inArray(p.type())) {
        w.statement("System.arraycopy($L, $L, $N, 0, $L)", xs, Loops.offset(new String[] {t},
            new int[] {size}, 0), values.name(p), size);
      } else {
        w.statement("final double $N = $L[$N]", values.name(p), xs, t);
      }
    }
    for (Block b : blocks) {
      w.add(b.text);
    }
    for (int k = 0; k < ncar; k++) {
      Node p = ps.get(nc + k);
      if (inArray(p.type())) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", next[k], values.name(p), doubles(p.type()));
      } else {
        w.statement("$N = $N[0]", values.name(p), next[k]);
      }
    }
    for (int j = ncar; j < nOut; j++) {
      if (results[j] != null && !inArray(body.output(j).type())) {
        w.statement("$N[$N] = $N[0]", cx.name(results[j]), t, next[j]);
      } else if (results[j] != null) {
        int size = doubles(body.output(j).type());
        w.statement("System.arraycopy($N, 0, $N, $L, $L)", next[j], cx.name(results[j]),
            Loops.offset(new String[] {t}, new int[] {size}, 0), size);
      }
    }
    w.endControlFlow();
    for (int k = 0; k < ncar; k++) {
      if (results[k] == null) {
        continue;
      }
      Node p = ps.get(nc + k);
      if (inArray(p.type())) {
        w.statement("System.arraycopy($N, 0, $N, 0, $L)", values.name(p), cx.name(results[k]),
            doubles(p.type()));
      } else {
        w.statement("$N[0] = $N", cx.name(results[k]), values.name(p));
      }
    }
    w.endControlFlow();
  }

  /**
   * Declares {@code name}, a body input of type {@code type} that no step writes, as the value of
   * {@code x} (a const, or a uniform {@code xs} whose every step is the same).
   */
  static void bindConst(JavaWriter w, String name, TensorType type, Node x,
      LoweringContext cx, NameAllocator scope) {
    if (!inArray(type)) {
      w.statement("final double $N = $L", name, cx.element(x, null).re());
    } else if (cx.isArray(x) && doubles(x.type()) == doubles(type)) {
      w.statement("final double[] $N = $L", name, cx.array(x));
    } else {
      w.statement("final double[] $N = new double[$L]", name, doubles(type));
      fill(w, name, doubles(type), x, cx, scope);
    }
  }

  /**
   * Writes the value of {@code x} into the array {@code name} of {@code size} doubles; {@code
   * scope} holds the names of the blocks around it (an index it declares must differ from them).
   */
  static void fill(JavaWriter w, String name, int size, Node x, LoweringContext cx,
      NameAllocator scope) {
    if (cx.isArray(x)) {
      w.statement("System.arraycopy($L, 0, $N, 0, $L)", cx.array(x), name, size);
      return;
    }
    ElementCode e = cx.element(x, null);
    if (!e.isPair()) {
      w.statement("java.util.Arrays.fill($N, $L)", name, e.re());
      return;
    }
    String k = scope.newScope().newName("k");
    w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N += 2)", k, size);
    w.statement("$N[$N] = $L", name, k, e.re());
    w.statement("$N[$N + 1] = $L", name, k, e.im());
    w.endControlFlow();
  }

  /** The shell of a loop body: its outputs go to the step's {@code next} arrays. */
  static final class BodyShell extends ClassShell {
    private final String[] next;

    BodyShell(String[] next) {
      this.next = next;
    }

    @Override
    List<String> reservedNames() {
      return List.of();
    }

    @Override
    boolean outputsArePassed() {
      return false;
    }

    @Override
    Code outputArray(int j, Values values) {
      return Code.of("$N", next[j]);
    }

    @Override
    void describe(JavaWriter w, EmittedBody body) {
      throw new UnsupportedOperationException();
    }

    @Override
    void openClass(JavaWriter w, String className, EmittedBody body) {
      throw new UnsupportedOperationException();
    }

    @Override
    Code entryMethod(EmittedBody body) {
      throw new UnsupportedOperationException();
    }

    @Override
    Code partMethod(int k, EmittedBody body) {
      throw new UnsupportedOperationException();
    }

    @Override
    Code partCall(int k, EmittedBody body) {
      throw new UnsupportedOperationException();
    }

    @Override
    void loadInputs(JavaWriter w, List<Node> used, EmittedBody body) {
      throw new UnsupportedOperationException();
    }
  }
}
