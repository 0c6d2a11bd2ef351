package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The Java side of every value of one program: its name (allocated from the graph's names,
 * else from its lowering's hint and a counter), whether it is an array, and how an element of it
 * reads ({@code x[i]}, {@code x}, a literal, a view read through its operand). Reads are recorded
 * in the current {@link Block}, for method splitting.
 *
 * <p>A complex value is a pair of doubles: in an array, interleaved ({@code z[2 * i]}, {@code
 * z[2 * i + 1]}); in locals, {@code z_re} and {@code z_im} (named from {@code z} when first
 * needed); a uniform constant, two literals. A complex scalar input arrives as an array of length
 * 2 and is read in place ({@code z[0]}, {@code z[1]}).
 */
final class Values implements Lowering.ElementReader {
  private final Schedule schedule;
  private final Graph graph;
  private final NameAllocator names;
  private final Map<Node, String> nameOf = new IdentityHashMap<>();
  private final Map<Node, String[]> partsOf = new IdentityHashMap<>();
  private final Set<Node> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<String> inputNames = new ArrayList<>();
  private final List<String> constantNames = new ArrayList<>();
  private final List<String> outputParams = new ArrayList<>();
  private Block current;
  private int counter;
  private String scratch;

  /**
   * Names the program's parameters in {@code names}: the inputs, the constants (after their
   * source names where the graph has them, else {@code c0, c1, ...}) and, if the shell passes
   * outputs as parameters, the outputs.
   */
  Values(Schedule schedule, NameAllocator names, boolean outputParameters) {
    this.schedule = schedule;
    this.graph = schedule.graph();
    this.names = names;
    List<Node> params = graph.params();
    for (int k = 0; k < params.size(); k++) {
      Node p = params.get(k);
      String name = names.newName(graph.inputNames().get(k), p);
      nameOf.put(p, name);
      inputNames.add(name);
      if (p.rank() > 0 || p.dtype().isComplex()) {
        arrays.add(p);
      }
    }
    List<Node> constants = schedule.constants();
    for (int k = 0; k < constants.size(); k++) {
      Node c = constants.get(k);
      String source = graph.nameOf(c);
      String name = names.newName(source != null ? source : "c" + k, c);
      nameOf.put(c, name);
      constantNames.add(name);
      arrays.add(c);
    }
    if (outputParameters) {
      for (int j = 0; j < graph.outputs().size(); j++) {
        outputParams.add(names.newName(graph.outputName(j)));
      }
    }
  }

  /** Where reads are recorded from now on. */
  void readInto(Block b) {
    current = b;
  }

  List<String> inputNames() {
    return inputNames;
  }

  List<String> constantNames() {
    return constantNames;
  }

  /** The parameter of output {@code j}, when the shell passes outputs as parameters. */
  String outputParam(int j) {
    return outputParams.get(j);
  }

  boolean outputsAreParameters() {
    return !outputParams.isEmpty();
  }

  /**
   * Allocates the Java name of {@code n}: its source name where the graph records one ({@code
   * preds}, {@code preds_dot}, {@code W_bar}), else its output's name, else its lowering's hint
   * and a counter ({@code tanh4}). When outputs are parameters, an array output is named as its
   * parameter, which it is.
   */
  String define(Node n) {
    int slot = firstSlot(n);
    String name;
    if (slot >= 0 && n.rank() > 0 && outputsAreParameters()) {
      name = outputParam(slot);
    } else {
      String source = graph.nameOf(n);
      if (source == null && graph.outputNames() != null && slot >= 0) {
        source = graph.outputName(slot);
      }
      name = source != null ? names.newName(source, n)
          : names.newName(schedule.lowering(n).hint(n) + counter++, n);
    }
    nameOf.put(n, name);
    return name;
  }

  String name(Node n) {
    String name = nameOf.get(n);
    if (name == null) {
      throw new IllegalStateException("no value for " + n);
    }
    return name;
  }

  /**
   * The names of the locals holding the parts of the complex scalar {@code n}: {@code n_re} and
   * {@code n_im}, allocated when first asked for.
   */
  String[] parts(Node n) {
    String[] p = partsOf.get(n);
    if (p == null) {
      String base = name(n);
      p = new String[] {names.newName(base + "_re"), names.newName(base + "_im")};
      partsOf.put(n, p);
    }
    return p;
  }

  /** The scalar (or accumulator) {@code n} as an element: its local, or its two locals. */
  ElementCode local(Node n) {
    if (n.dtype().isComplex()) {
      String[] p = parts(n);
      return ElementCode.pair(Code.of("$N", p[0]), Code.of("$N", p[1]));
    }
    return ElementCode.real(Code.of("$N", name(n)));
  }

  /**
   * The scratch array that complex {@code Rt} helpers write their result into, one per method
   * ({@code pair}); the current block is marked as needing it.
   */
  Code scratch() {
    if (scratch == null) {
      scratch = names.newName("pair");
    }
    current.needsScratch = true;
    return Code.of("$N", scratch);
  }

  /** The scratch array's name (after some block asked for it). */
  String scratchName() {
    return scratch;
  }

  boolean isArray(Node x) {
    return arrays.contains(x);
  }

  void markArray(Node x) {
    arrays.add(x);
  }

  /** The first output slot of {@code n}, or -1. */
  int firstSlot(Node n) {
    for (int j = 0; j < graph.outputs().size(); j++) {
      if (graph.output(j) == n) {
        return j;
      }
    }
    return -1;
  }

  /** Element {@code index} of {@code x} ({@code index} null for a scalar): a double or a pair. */
  @Override
  public ElementCode element(Node x, Code index) {
    if (schedule.isView(x)) {
      return schedule.lowering(x).viewElement(x, index, this);
    }
    if (isUniform(x)) {
      return literal(x);
    }
    String name = name(x);
    if (!x.isConstant()) {
      current.uses.add(x);
    }
    if (!isArray(x)) {
      return local(x);
    }
    Code at = index == null ? Code.of("0") : index;
    if (x.dtype().isComplex()) {
      return ElementCode.pair(Code.of("$N[$L]", name, Loops.part(at, 0)),
          Code.of("$N[$L]", name, Loops.part(at, 1)));
    }
    return ElementCode.real(Code.of("$N[$L]", name, at));
  }

  /** The array holding {@code x}. */
  Code array(Node x) {
    if (!isArray(x)) {
      throw new IllegalStateException("expected an array for " + x);
    }
    if (!x.isConstant()) {
      current.uses.add(x);
    }
    return Code.of("$N", name(x));
  }

  /** An element for structural copies: arrays indexed, views read through, scalars as they are. */
  ElementCode source(Node x, Code offset) {
    if (schedule.isView(x) || isArray(x)) {
      return element(x, offset);
    }
    return element(x, null);
  }

  /** {@code // x = op a b}: the IR equation of {@code n}, views shown as they read ({@code x[1:9]}). */
  String equation(Node n) {
    List<Code> parts = new ArrayList<>();
    parts.add(Code.of("$N = $L", name(n), n.op().toString()));
    for (Node in : n.inputs()) {
      parts.add(text(in));
    }
    return Code.join(" ", parts).toString();
  }

  /** How a value reads in comments. */
  Code text(Node x) {
    if (schedule.isView(x)) {
      return schedule.lowering(x).viewText(x, text(x.input(0)));
    }
    if (!isUniform(x)) {
      return Code.of("$N", name(x));
    }
    ElementCode c = literal(x);
    return c.isPair() ? Code.of("complex($L, $L)", c.re(), c.im()) : c.re();
  }

  static boolean isUniform(Node x) {
    return x.isConstant() && ((Constant) x.op()).isUniform();
  }

  /** A uniform constant's element: a literal, or two for a complex one. */
  static ElementCode literal(Node x) {
    Constant c = (Constant) x.op();
    boolean empty = c.type().size() == 0;
    Code re = Code.literal(empty ? 0.0 : c.uniformValue());
    if (!x.dtype().isComplex()) {
      return ElementCode.real(re);
    }
    return ElementCode.pair(re, Code.literal(empty ? 0.0 : c.uniformImag()));
  }
}
