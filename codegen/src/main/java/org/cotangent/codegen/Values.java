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
 */
final class Values implements Lowering.ElementReader {
  private final Schedule schedule;
  private final Graph graph;
  private final NameAllocator names;
  private final Map<Node, String> nameOf = new IdentityHashMap<>();
  private final Set<Node> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<String> inputNames = new ArrayList<>();
  private final List<String> constantNames = new ArrayList<>();
  private final List<String> outputParams = new ArrayList<>();
  private Block current;
  private int counter;

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
      if (p.rank() > 0) {
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

  /** Element {@code index} of {@code x} ({@code index} null for a scalar). */
  @Override
  public ElementCode element(Node x, Code index) {
    if (schedule.isView(x)) {
      return schedule.lowering(x).viewElement(x, index, this);
    }
    if (isUniform(x)) {
      return ElementCode.real(literal(x));
    }
    String name = name(x);
    if (!x.isConstant()) {
      current.uses.add(x);
    }
    if (!isArray(x)) {
      return ElementCode.real(Code.of("$N", name));
    }
    return ElementCode.real(Code.of("$N[$L]", name, index == null ? Code.of("0") : index));
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
  Code source(Node x, Code offset) {
    if (schedule.isView(x)) {
      return element(x, offset).realOnly();
    }
    return isArray(x) ? Code.of("$L[$L]", array(x), offset) : element(x, null).realOnly();
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
    return isUniform(x) ? literal(x) : Code.of("$N", name(x));
  }

  static boolean isUniform(Node x) {
    return x.isConstant() && ((Constant) x.op()).isUniform();
  }

  static Code literal(Node x) {
    Constant c = (Constant) x.op();
    return Code.literal(c.type().size() == 0 ? 0.0 : c.uniformValue());
  }
}
