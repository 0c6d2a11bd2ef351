package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The second stage: the schedule as blocks of statements. Fused loops are written here (their
 * members through their elementwise lowerings); every other statement is its IR comment and what
 * its lowering writes; the last block copies what is not yet in the output arrays. Runs of
 * statements with one source origin are introduced by a comment naming the source line.
 */
final class BodyEmitter {
  private final Schedule schedule;
  private final Graph graph;
  private final Values values;
  private final NameAllocator names;
  private final ClassShell shell;
  private final List<Block> blocks = new ArrayList<>();
  /** Output nodes not yet written in place, with their first slot. */
  private final Map<Node, Integer> outputSlot = new IdentityHashMap<>();
  /**
   * Values computed straight into an output array because the output is their reshape (a
   * Jacobian's last step): value -> the output. Its reshape then aliases it with nothing to copy.
   */
  private final Map<Node, Node> throughReshape = new IdentityHashMap<>();
  /** Outputs whose array is already the output array, through {@link #throughReshape}. */
  private final Set<Node> reshapedInPlace = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Output nodes whose array is the output array itself (nothing to copy at the end). */
  private final Set<Node> written = Collections.newSetFromMap(new IdentityHashMap<>());

  BodyEmitter(Schedule schedule, Values values, NameAllocator names, ClassShell shell) {
    this.schedule = schedule;
    this.graph = schedule.graph();
    this.values = values;
    this.names = names;
    this.shell = shell;
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      if (o.rank() == 0 && !o.dtype().isComplex() && shell.scalarOutput(j, values) != null) {
        // Stored in a slot of the shell's own (outputs()), never computed in an output array.
        continue;
      }
      outputSlot.putIfAbsent(o, j);
    }
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      if (outputSlot.get(o) != null && outputSlot.get(o) == j && o.arity() == 1 && !o.isConstant()
          && schedule.lowering(o).sharesOperandArray(o)
          && !outputSlot.containsKey(o.input(0))) {
        throughReshape.putIfAbsent(o.input(0), o);
      }
    }
  }

  /** The blocks of the method body, in order. */
  List<Block> emit() {
    for (Schedule.Item it : schedule.items()) {
      if (it instanceof FusedLoop) {
        loop((FusedLoop) it);
      } else if (it instanceof Schedule.Statement) {
        statement(((Schedule.Statement) it).node);
      }
    }
    outputs();
    return blocks;
  }

  private Block open() {
    Block b = new Block();
    values.readInto(b);
    blocks.add(b);
    return b;
  }

  private void statement(Node n) {
    if (values.isDefined(n)) {
      return; // another output of a multi-output node (a loop), written with it
    }
    Block b = open();
    b.origin = graph.originOf(n);
    values.define(n);
    b.text.comment(values.equation(n));
    schedule.lowering(n).emit(n, new Context(b, b.text, names.newScope()));
  }

  private void loop(FusedLoop g) {
    Block b = open();
    JavaWriter w = b.text;
    w.comment("fused loop over " + g.shape() + ": " + memberList(g));
    for (Node m : g.members()) {
      values.define(m);
    }
    for (Node a : g.accumulators()) {
      values.define(a);
    }
    Context cx = new Context(b, w, names.newScope());
    for (Node m : g.stored()) {
      cx.newArray(m, false);
    }
    List<ElementCode> accs = new ArrayList<>();
    for (Node a : g.accumulators()) {
      accs.add(cx.declareAccumulator(a, schedule.lowering(a).accumulation(a).init(
          a.dtype().isComplex())));
    }
    int n = g.shape().size();
    for (FusedLoop.Scatter sc : g.scatters()) {
      String r = values.define(sc.root);
      List<String> what = new ArrayList<>();
      for (int k = 0; k < sc.pads.size(); k++) {
        what.add(values.name(sc.pads.get(k).input(0)) + " at +" + sc.offsets.get(k));
      }
      w.comment(r + " = " + String.join(" + ", what) + " (sum of pads), accumulated in the loop");
      int width = sc.root.dtype().width();
      int first = sc.offsets.get(sc.writeOrder().get(0));
      int size = sc.root.type().size();
      cx.newArray(sc.root, false);
      if (first > 0) {
        w.statement("java.util.Arrays.fill($N, 0, $L, 0.0)", r, first * width);
      }
      if (first + n < size) {
        w.statement("java.util.Arrays.fill($N, $L, $L, 0.0)", r, (first + n) * width, size * width);
      }
    }
    NameAllocator scope = names.newScope();
    String i = scope.newName("i");
    Code index = Code.of("$N", i);
    w.beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, n, i);
    OriginComments origins = new OriginComments();
    Context body = new Context(b, w, scope);
    for (Node m : g.members()) {
      origins.before(w, graph.originOf(m));
      w.comment(values.equation(m));
      List<ElementCode> args = new ArrayList<>();
      for (Node in : m.inputs()) {
        args.add(values.element(in, index));
      }
      ElementCode e = schedule.lowering(m).element(m, args, body);
      if (g.stored().contains(m)) {
        body.store(values.name(m), index, "=", e);
      } else {
        body.declare("final double", m, e);
      }
    }
    for (FusedLoop.Scatter sc : g.scatters()) {
      origins.before(w, graph.originOf(sc.root));
      boolean firstPad = true;
      for (int k : sc.writeOrder()) {
        body.store(values.name(sc.root), Loops.plus(index, sc.offsets.get(k)), firstPad ? "=" : "+=",
            values.element(sc.pads.get(k).input(0), index));
        firstPad = false;
      }
    }
    for (int k = 0; k < g.accumulators().size(); k++) {
      Node a = g.accumulators().get(k);
      origins.before(w, graph.originOf(a));
      ElementCode x = values.element(a.input(0), index);
      w.comment(values.equation(a));
      schedule.lowering(a).accumulation(a).combine(w, accs.get(k), x, scope);
    }
    w.endControlFlow();
    // Values defined inside the loop body are not visible after it.
    b.uses.removeAll(g.members());
  }

  private static String memberList(FusedLoop g) {
    List<String> shown = new ArrayList<>();
    List<Node> all = new ArrayList<>(g.members());
    all.addAll(g.accumulators());
    for (Node m : all) {
      if (shown.size() == 8) {
        shown.add("...");
        break;
      }
      shown.add(m.op().name());
    }
    return String.join(", ", shown);
  }

  /** Copies into the output arrays what was not computed there. */
  private void outputs() {
    Block b = open();
    JavaWriter w = b.text;
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      if (written.contains(o) && values.firstSlot(o) == j) {
        continue;
      }
      Code slot = o.rank() == 0 && !o.dtype().isComplex() ? shell.scalarOutput(j, values) : null;
      if (slot != null) {
        // The shell stores a real scalar output in a slot of its own (the member shell's out[j]).
        w.statement("$L = $L", slot, Values.isUniform(o) ? Values.literal(o).re()
            : values.element(o, null).re());
        continue;
      }
      Code out = shell.outputArray(j, values);
      int width = o.dtype().width();
      if (Values.isUniform(o)) {
        ElementCode c = Values.literal(o);
        if (!c.isPair() || c.re().equals(c.im())) {
          w.statement("java.util.Arrays.fill($L, $L)", out, c.re());
        } else {
          String k = names.newScope().newName("k");
          w.beginControlFlow("for (int $1N = 0; $1N < $2L; $1N += 2)", k, o.type().size() * 2);
          w.statement("$L[$N] = $L", out, k, c.re());
          w.statement("$L[$N + 1] = $L", out, k, c.im());
          w.endControlFlow();
        }
      } else if (values.isArray(o)) {
        w.statement("System.arraycopy($L, 0, $L, 0, $L)", values.array(o), out,
            o.type().size() * width);
      } else {
        ElementCode e = values.element(o, null);
        w.statement("$L[0] = $L", out, e.re());
        if (e.isPair()) {
          w.statement("$L[1] = $L", out, e.im());
        }
      }
    }
  }

  /** What a lowering writes through: one block, one writer, one name scope. */
  private final class Context implements LoweringContext {
    private final Block block;
    private final JavaWriter writer;
    private final NameAllocator scope;

    Context(Block block, JavaWriter writer, NameAllocator scope) {
      this.block = block;
      this.writer = writer;
      this.scope = scope;
    }

    @Override
    public Lowerings lowerings() {
      return schedule.lowerings();
    }

    @Override
    public boolean isPending(Node x) {
      return schedule.contains(x) && !values.isDefined(x);
    }

    @Override
    public void defineAlso(Node x) {
      values.define(x);
    }

    @Override
    public JavaWriter writer() {
      return writer;
    }

    @Override
    public NameAllocator scope() {
      return scope;
    }

    @Override
    public String name(Node n) {
      return values.name(n);
    }

    @Override
    public boolean isArray(Node x) {
      return values.isArray(x);
    }

    @Override
    public Code array(Node x) {
      return values.array(x);
    }

    @Override
    public ElementCode element(Node x, Code index) {
      return values.element(x, index);
    }

    @Override
    public ElementCode source(Node x, Code offset) {
      return values.source(x, offset);
    }

    @Override
    public void store(String array, Code offset, String operator, ElementCode value) {
      if (!value.isPair()) {
        writer.statement("$N[$L] $L $L", array, offset, operator, value.re());
        return;
      }
      writer.statement("$N[$L] $L $L", array, Loops.part(offset, 0), operator, value.re());
      writer.statement("$N[$L] $L $L", array, Loops.part(offset, 1), operator, value.im());
    }

    @Override
    public Code scratch() {
      return values.scratch();
    }

    @Override
    public Code temp(String hint, Code value) {
      // At the top of a block the temporary shares the method's scope, else the nested one's.
      String t = (writer.depth() == 0 ? names : scope).newName(hint);
      writer.statement("final double $N = $L", t, value);
      return Code.of("$N", t);
    }

    @Override
    public String newArray(Node n, boolean zeroed) {
      String name = values.name(n);
      values.markArray(n);
      Integer slot = outputSlot.remove(n);
      Node reshaped = slot == null ? throughReshape.remove(n) : null;
      if (reshaped != null) {
        block.defines.add(n);
        reshapedInPlace.add(reshaped);
        writer.statement("final double[] $N = $L", name,
            shell.outputArray(outputSlot.get(reshaped), values));
        if (zeroed) {
          writer.statement("java.util.Arrays.fill($N, 0.0)", name);
        }
        return name;
      }
      if (slot == null) {
        block.defines.add(n);
        writer.statement("final double[] $N = new double[$L]", name,
            n.type().size() * n.dtype().width());
        return name;
      }
      written.add(n);
      if (!values.outputsAreParameters()) {
        block.defines.add(n);
        writer.statement("final double[] $N = $L", name, shell.outputArray(slot, values));
      }
      if (zeroed) {
        writer.statement("java.util.Arrays.fill($N, 0.0)", name);
      }
      return name;
    }

    @Override
    public void aliasArray(Node n, Code array) {
      values.markArray(n);
      Integer slot = outputSlot.get(n);
      if (slot != null && reshapedInPlace.contains(n)) {
        outputSlot.remove(n);
        written.add(n);
        if (values.outputsAreParameters()) {
          return; // its operand was computed into this parameter
        }
      } else if (slot != null && values.outputsAreParameters()) {
        // The output's array is the caller's: copy into it rather than alias.
        outputSlot.remove(n);
        written.add(n);
        writer.statement("System.arraycopy($L, 0, $N, 0, $L)", array, values.name(n),
            n.type().size() * n.dtype().width());
        return;
      }
      block.defines.add(n);
      writer.statement("final double[] $N = $L", values.name(n), array);
    }

    @Override
    public void declareScalar(Node n, ElementCode value) {
      block.defines.add(n);
      declare("final double", n, value);
    }

    @Override
    public ElementCode declareAccumulator(Node n, ElementCode init) {
      block.defines.add(n);
      declare("double", n, init);
      return values.local(n);
    }

    private void declare(String type, Node n, ElementCode value) {
      if (!n.dtype().isComplex()) {
        writer.statement("$L $N = $L", type, values.name(n), value.realOnly());
        return;
      }
      String[] p = values.parts(n);
      writer.statement("$L $N = $L", type, p[0], value.re());
      writer.statement("$L $N = $L", type, p[1], value.im());
    }
  }
}
