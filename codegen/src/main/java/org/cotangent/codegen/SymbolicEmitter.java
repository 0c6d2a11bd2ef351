package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Inline;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Code generation for graphs with symbolic sizes (DESIGN, "Symbolic sizes", P2): one class, or
 * one kernel, for all sizes. Two shells:
 *
 * <ul>
 *   <li>{@link #program}: {@code public final class X implements SizedProgram}, {@code call(final
 *       int[] sizes, final double[][] in, final double[][] out)}, the sizes in sorted variable
 *       order; the constructor takes the non-uniform (static) constants as for {@link Program};
 *   <li>{@link #member}: {@code private static void kernel(final int m, final int n, final
 *       double[] x, final double b, ..., final Holder out)}: the sizes first in sorted order, the
 *       inputs (arrays flat row-major), then the holder; a real scalar output is stored in its
 *       field, an array output is written into the flat {@code double[]} the field holds (the
 *       caller allocates it).
 * </ul>
 *
 * <p>The entry method reads the sizes, checks them ({@link SymbolicChecks}), computes the
 * monomials ({@link SizeCode}), then runs the body ({@link SymbolicBody}) in place or in parts of
 * at most {@link MethodSplitter#PART_BUDGET} lines, which take the sizes, the monomials, the
 * inputs, the outputs and the slots ({@code sc}, {@code ar}) as parameters.
 */
final class SymbolicEmitter {
  private final Graph graph;
  private final boolean isMember;
  private final String holder;
  private final List<String> fields;
  private final NameAllocator names = new NameAllocator();
  private final SymbolicPlan plan;
  private final SizeCode sizes;
  private final SymbolicBody body;
  private final List<String> inputNames = new ArrayList<>();
  private final List<String> constantNames = new ArrayList<>();
  private final JavaWriter checks = new JavaWriter();

  private SymbolicEmitter(Graph g, boolean isMember, String holder, List<String> fields) {
    this.graph = Inline.calls(g);
    this.isMember = isMember;
    this.holder = holder;
    this.fields = fields;
    for (String r : List.of("in", "out", "sizes", "sc", "ar", "constants")) {
      names.reserve(r);
    }
    this.plan = new SymbolicPlan(graph);
    this.sizes = new SizeCode(graph.sizeVars(), names);
    Map<Node, Code> outputArrays = new IdentityHashMap<>();
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      if (o.rank() > 0 && plan.hasStatement(o) && !outputArrays.containsKey(o)) {
        outputArrays.put(o, output(j));
      }
    }
    this.body = new SymbolicBody(plan, names, sizes, outputArrays);
    for (int k = 0; k < graph.arity(); k++) {
      String name = names.newName(graph.inputNames().get(k));
      inputNames.add(name);
      body.name(graph.params().get(k), name);
    }
    for (int k = 0; k < plan.constants.size(); k++) {
      Node c = plan.constants.get(k);
      String source = graph.nameOf(c);
      String name = names.newName(source != null ? source : "c" + k);
      constantNames.add(name);
      body.name(c, name);
    }
    if (isMember && !plan.constants.isEmpty()) {
      throw new IllegalArgumentException("the member shell takes no non-uniform constants; "
          + plan.constants.size() + " found");
    }
    body.emit();
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      Code direct = outputArrays.get(o);
      if (o.rank() == 0 || direct == null || !direct.equals(output(j))) {
        Code into = o.rank() == 0 && !o.dtype().isComplex() ? scalarOutput(j) : output(j);
        body.blocks.add(body.copy(o, into, "output " + j));
      }
    }
    writeChecks();
  }

  /** The {@link SizedProgram} class for {@code g}, named {@code className}. */
  static GeneratedSource program(Graph g, String packageName, String className) {
    SymbolicEmitter e = new SymbolicEmitter(g, false, null, null);
    String source = e.programSource(packageName, className);
    List<Tensor> constants = new ArrayList<>();
    for (Node c : e.plan.constants) {
      constants.add(((Constant) c.op()).value());
    }
    List<TensorType> outTypes = new ArrayList<>();
    for (Node o : e.graph.outputs()) {
      outTypes.add(o.type());
    }
    return new GeneratedSource(packageName, className, source, constants, e.graph.inputTypes(),
        outTypes, e.constantNames);
  }

  /** The kernel {@code method} and its parts, for a class the annotation processor writes. */
  static GeneratedMember member(Graph g, String method, String holder, List<String> fields) {
    new StaticMemberShell(method, holder, fields);  // checks the names
    if (g.outputs().size() != fields.size()) {
      throw new IllegalArgumentException(g.outputs().size() + " outputs, but " + fields.size()
          + " fields to store them in");
    }
    for (TensorType t : g.inputTypes()) {
      if (t.dtype().isComplex()) {
        throw SymbolicPlan.unsupported("the member shell", "complex values");
      }
    }
    for (Node o : g.outputs()) {
      if (o.dtype().isComplex()) {
        throw SymbolicPlan.unsupported("the member shell", "complex values");
      }
    }
    SymbolicEmitter e = new SymbolicEmitter(g, true, holder, fields);
    JavaWriter w = new JavaWriter();
    e.methods(w, method);
    return new GeneratedMember(method, w.toString(), w.imports(), e.inputNames);
  }

  private Code output(int j) {
    return isMember ? Code.of("out.$N", fields.get(j)) : Code.of("out[$L]", j);
  }

  private Code scalarOutput(int j) {
    return isMember ? Code.of("out.$N", fields.get(j)) : Code.of("out[$L][0]", j);
  }

  private void writeChecks() {
    SymbolicChecks c = new SymbolicChecks(sizes, checks);
    for (int k = 0; k < graph.arity(); k++) {
      Node p = graph.params().get(k);
      if (p.rank() > 0 || p.dtype().isComplex()) {
        c.length(Code.of("$N", inputNames.get(k)), inputNames.get(k), p.type());
      }
    }
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      if (o.rank() > 0) {
        c.length(output(j), output(j).toString(), o.type());
      } else if (!isMember) {
        c.length(Code.of("out[$L]", j), "out[" + j + "]", TensorType.of(o.dtype(),
            org.cotangent.symbolic.Shape.of(1)));
      }
    }
    c.requirements(plan.order, body);
    c.requirements(SymbolicWhile.nested(plan.order), body);
  }

  private String programSource(String packageName, String className) {
    JavaWriter cls = new JavaWriter();
    cls.beginControlFlow("public final class $N implements $T", className, SizedProgram.class);
    for (String c : constantNames) {
      cls.statement("private final double[] $N", c);
    }
    cls.blank().beginControlFlow("public $N(double[][] constants)", className);
    for (int k = 0; k < constantNames.size(); k++) {
      cls.statement("this.$N = constants[$L]", constantNames.get(k), k);
    }
    cls.endControlFlow();
    methods(cls, null);
    cls.endControlFlow();
    JavaWriter w = ClassWriter.fileHeader(cls, packageName);
    w.line(" * <p>sizes: $L (call's {@code sizes}, in this order)", String.join(", ",
        sizes.vars()));
    for (int k = 0; k < graph.arity(); k++) {
      w.line(" * <p>in[$L] $N: $L", k, inputNames.get(k), graph.inputTypes().get(k).toString());
    }
    for (int j = 0; j < graph.outputs().size(); j++) {
      w.line(" * <p>out[$L]: $L", j, graph.output(j).type().toString());
    }
    w.line(" */");
    return w.add(cls).toString();
  }

  /** The entry method ({@code method} null: the program's {@code call}) and its parts. */
  private void methods(JavaWriter cls, String method) {
    List<List<Block>> parts = split(body.blocks);
    cls.blank();
    List<Code> entryParams = new ArrayList<>();
    if (method == null) {
      cls.beginControlFlow("public void call(final int[] sizes, final double[][] in,"
          + " final double[][] out)");
      List<String> vs = sizes.vars();
      cls.beginControlFlow("if (sizes.length != $L)", vs.size());
      cls.statement("throw new IllegalArgumentException(\"expected $L sizes ($L), got \" +"
          + " sizes.length)", vs.size(), String.join(", ", vs));
      cls.endControlFlow();
      cls.beginControlFlow("if (in.length != $L || out.length != $L)", graph.arity(),
          graph.outputs().size());
      cls.statement("throw new IllegalArgumentException(\"expected $L inputs and $L outputs, got \""
          + " + in.length + \" and \" + out.length)", graph.arity(), graph.outputs().size());
      cls.endControlFlow();
      for (int k = 0; k < vs.size(); k++) {
        cls.statement("final int $N = sizes[$L]", vs.get(k), k);
      }
    } else {
      for (String v : sizes.vars()) {
        entryParams.add(Code.of("final int $N", v));
      }
      entryParams.addAll(inputParams());
      entryParams.add(Code.of("final $N out", holder));
      cls.beginControlFlow("private static void $N($L)", method, Code.join(", ", entryParams));
    }
    new SymbolicChecks(sizes, cls).nonnegative();
    sizes.declare(cls);
    if (method == null) {
      for (int k = 0; k < graph.arity(); k++) {
        Node p = graph.params().get(k);
        cls.statement(plan.isArray(p) ? "final double[] $N = in[$L]" : "final double $N = in[$L][0]",
            inputNames.get(k), k);
      }
    }
    cls.add(checks);
    if (parts.size() == 1) {
      writePart(cls, parts.get(0), Map.of(), Map.of(), Set.of(), Set.of());
      cls.endControlFlow();
      return;
    }
    Map<Node, Integer> definedIn = new IdentityHashMap<>();
    for (int p = 0; p < parts.size(); p++) {
      for (Block b : parts.get(p)) {
        for (Node d : b.defines) {
          definedIn.put(d, p);
        }
      }
    }
    Map<Node, Integer> scalarSlots = new LinkedHashMap<>();
    Map<Node, Integer> arraySlots = new LinkedHashMap<>();
    List<Set<Node>> loads = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      Set<Node> l = new LinkedHashSet<>();
      for (Block b : parts.get(p)) {
        for (Node u : b.uses) {
          Integer where = definedIn.get(u);
          if (where != null && where < p) {
            Map<Node, Integer> slots = plan.isArray(u) ? arraySlots : scalarSlots;
            slots.putIfAbsent(u, slots.size());
            l.add(u);
          }
        }
      }
      loads.add(l);
    }
    cls.statement("final double[] sc = new double[$L]", scalarSlots.size());
    cls.statement("final double[][] ar = new double[$L][]", arraySlots.size());
    List<Code> args = new ArrayList<>();
    for (String v : partSizes()) {
      args.add(Code.of("$N", v));
    }
    for (String n : inputNames) {
      args.add(Code.of("$N", n));
    }
    args.add(Code.of("out"));
    args.add(Code.of("sc"));
    args.add(Code.of("ar"));
    String partName = method == null ? "part" : method + "Part";
    for (int p = 0; p < parts.size(); p++) {
      cls.statement("$L$L($L)", partName, p, Code.join(", ", args));
    }
    cls.endControlFlow();
    List<Code> ps = new ArrayList<>();
    for (String v : partSizes()) {
      ps.add(Code.of("final int $N", v));
    }
    ps.addAll(inputParams());
    ps.add(method == null ? Code.of("final double[][] out") : Code.of("final $N out", holder));
    ps.add(Code.of("final double[] sc"));
    ps.add(Code.of("final double[][] ar"));
    for (int p = 0; p < parts.size(); p++) {
      cls.blank().beginControlFlow("private $L$L$L($L)", method == null ? "void " : "static void ",
          partName, p, Code.join(", ", ps));
      Set<Node> stores = new LinkedHashSet<>();
      for (Block b : parts.get(p)) {
        for (Node d : b.defines) {
          if (scalarSlots.containsKey(d) || arraySlots.containsKey(d)) {
            stores.add(d);
          }
        }
      }
      writePart(cls, parts.get(p), scalarSlots, arraySlots, loads.get(p), stores);
      cls.endControlFlow();
    }
  }

  private List<Code> inputParams() {
    List<Code> ps = new ArrayList<>();
    for (int k = 0; k < graph.arity(); k++) {
      ps.add(Code.of(plan.isArray(graph.params().get(k)) ? "final double[] $N" : "final double $N",
          inputNames.get(k)));
    }
    return ps;
  }

  /** The sizes and the monomials, as the parts take them. */
  private List<String> partSizes() {
    List<String> r = new ArrayList<>(sizes.vars());
    r.addAll(sizes.monomials().values());
    return r;
  }

  private void writePart(JavaWriter w, List<Block> blocks, Map<Node, Integer> scalarSlots,
      Map<Node, Integer> arraySlots, Set<Node> loads, Set<Node> stores) {
    for (Node u : loads) {
      if (plan.isArray(u)) {
        w.statement("final double[] $N = ar[$L]", body.name(u), arraySlots.get(u));
      } else {
        w.statement("final double $N = sc[$L]", body.name(u), scalarSlots.get(u));
      }
    }
    OriginComments origins = new OriginComments();
    for (Block b : blocks) {
      origins.before(w, b.origin);
      w.add(b.text);
    }
    for (Node d : stores) {
      if (arraySlots.containsKey(d)) {
        w.statement("ar[$L] = $N", arraySlots.get(d), body.name(d));
      } else {
        w.statement("sc[$L] = $N", scalarSlots.get(d), body.name(d));
      }
    }
  }

  private static List<List<Block>> split(List<Block> blocks) {
    List<List<Block>> parts = new ArrayList<>();
    List<Block> current = new ArrayList<>();
    int lines = 0;
    for (Block b : blocks) {
      if (!current.isEmpty() && lines + b.lines() > MethodSplitter.PART_BUDGET) {
        parts.add(current);
        current = new ArrayList<>();
        lines = 0;
      }
      current.add(b);
      lines += b.lines();
    }
    parts.add(current);
    return parts;
  }

  /** The imports the members need (for callers that write the class). */
  static Set<String> sorted(Set<String> imports) {
    return new TreeSet<>(imports);
  }
}
