package org.cotangent.codegen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Inline;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ops.BroadcastInDim;
import org.cotangent.symbolic.ops.Concatenate;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ops.DotGeneral;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.Indexing;
import org.cotangent.symbolic.ops.Iota;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ops.Reduce;
import org.cotangent.symbolic.ops.Reshape;
import org.cotangent.symbolic.ops.Slice;
import org.cotangent.symbolic.ops.Transpose;

/**
 * Emits a graph as one Java class that implements {@link Program}, in the subset of Java that
 * Janino compiles (no lambdas, generics, {@code var}, switch expressions or records).
 *
 * <p>The shape of the output: one statement per primitive (A-normal form), each preceded by a
 * comment with its IR equation; scalars in {@code final double} locals; runs of elementwise
 * primitives over one shape fused into one loop, whose values are materialised in arrays only
 * when something outside the loop reads them; full reductions of a fused value accumulated inside
 * that loop; structural primitives, partial reductions and {@code dot_general} as explicit loop
 * nests ({@code dot_general} with the contraction or the rhs free axes innermost, so the inner
 * loop runs along contiguous memory). Non-uniform constants are constructor arguments, never
 * source text. Long programs are split into methods well below HotSpot's 8000-byte JIT limit;
 * values that cross methods travel in two slot arrays. The same graph always gives the same
 * text.
 */
public final class JavaEmitter {
  /** Package of runtime-generated classes. */
  public static final String PACKAGE = "org.cotangent.generated";
  /** Statement lines per method before a split (about 3-5 KB of bytecode). */
  static final int PART_BUDGET = 250;
  /** dot_general is tiled when its rhs (contracted x free) has at least this many elements. */
  static final long BLOCK_THRESHOLD = 1 << 16;
  /** Tile of the contraction axis. */
  static final int BLOCK_K = 64;
  /** Tile of the rhs free axis. */
  static final int BLOCK_J = 256;
  /** Members of one fused loop before it is closed (keeps one loop body within a method). */
  static final int GROUP_LIMIT = 120;

  private final Graph graph;
  private final Names names = new Names();
  private final Map<Node, List<Node>> consumers = new IdentityHashMap<>();
  private final Set<Node> outputs = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /** Java names of scalars, arrays, literals and constant fields. */
  private final Map<Node, String> nameOf = new IdentityHashMap<>();
  private final Set<Node> isArray = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Node, Group> groupOf = new IdentityHashMap<>();
  private final List<Group> openGroups = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<Tensor> constants = new ArrayList<>();
  private final Map<Node, Integer> outputSlot = new IdentityHashMap<>();
  /** Slices, reshapes and pads read in place by fused loops (see {@link #isView}). */
  private final Set<Node> views = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private int counter;

  private JavaEmitter(Graph graph) {
    this.graph = graph;
  }

  /** Emits {@code g} into {@link #PACKAGE} under a name derived from its content. */
  public static GeneratedSource emit(Graph g) {
    Graph flat = Inline.calls(g);
    return emit(flat, PACKAGE, defaultName(flat));
  }

  /** Calls of sub-graphs ({@code closed_call}) are inlined first; everything else is lowered. */
  public static GeneratedSource emit(Graph g, String packageName, String className) {
    return new JavaEmitter(Inline.calls(g)).run(packageName, className);
  }

  /**
   * True if generated code refers to a class or package by this simple name ({@code Math},
   * {@code Double}, ...), so that neither a local nor the generated class itself may take it.
   */
  public static boolean isReferencedName(String name) {
    return Names.REFERENCED.contains(name);
  }

  /** {@code Cotangent_} and 16 hex digits of the SHA-256 of the graph's text and constants. */
  public static String defaultName(Graph g) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(g.toString().getBytes(StandardCharsets.UTF_8));
      for (Node n : g.topoOrder()) {
        if (n.op() instanceof Constant && !((Constant) n.op()).isUniform()) {
          for (double d : ((Constant) n.op()).value().unsafeData()) {
            long bits = Double.doubleToLongBits(d);
            for (int k = 0; k < 8; k++) {
              md.update((byte) (bits >>> (8 * k)));
            }
          }
        }
      }
      StringBuilder sb = new StringBuilder("Cotangent_");
      byte[] h = md.digest();
      for (int k = 0; k < 8; k++) {
        sb.append(String.format("%02x", h[k]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ model

  /** A run of elementwise nodes over one shape, emitted as one loop. */
  private static final class Group {
    final Shape shape;
    final List<Node> members = new ArrayList<>();
    final List<Node> accumulators = new ArrayList<>();

    Group(Shape shape) {
      this.shape = shape;
    }

    boolean contains(Node n) {
      return members.contains(n) || accumulators.contains(n);
    }
  }

  /** A piece of the method body: its text and the values it defines and reads. */
  private static final class Block {
    final StringBuilder text = new StringBuilder();
    final List<Node> defines = new ArrayList<>();
    final Set<Node> uses = new LinkedHashSet<>();
    int lines;

    void line(int indent, String s) {
      text.append("  ".repeat(indent)).append(s).append('\n');
      lines++;
    }
  }

  // ------------------------------------------------------------------ driver

  private GeneratedSource run(String packageName, String className) {
    List<Node> order = graph.topoOrder();
    for (Node n : order) {
      consumers.put(n, new ArrayList<>());
    }
    for (Node n : order) {
      for (Node in : n.inputs()) {
        consumers.get(in).add(n);
      }
    }
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      outputs.add(o);
      outputSlot.putIfAbsent(o, j);
    }
    for (TensorType t : graph.inputTypes()) {
      if (t.dtype().isComplex()) {
        throw new UnsupportedOperationException("code generation for c128 values is not supported yet");
      }
    }
    nameParams();
    for (Node n : order) {
      visit(n);
    }
    while (!openGroups.isEmpty()) {
      close(openGroups.get(0));
    }
    Block tail = new Block();
    emitOutputs(tail);
    blocks.add(tail);
    String source = assemble(packageName, className);
    List<TensorType> outTypes = new ArrayList<>();
    for (Node o : graph.outputs()) {
      outTypes.add(o.type());
    }
    return new GeneratedSource(packageName, className, source, constants, graph.inputTypes(),
        outTypes);
  }

  private void nameParams() {
    for (String reserved : new String[] {"in", "out", "sc", "ar", "constants"}) {
      names.reserve(reserved);
    }
    List<Node> params = graph.params();
    for (int k = 0; k < params.size(); k++) {
      Node p = params.get(k);
      nameOf.put(p, names.allocate(graph.inputNames().get(k)));
      if (p.rank() > 0) {
        isArray.add(p);
      }
    }
  }

  private void visit(Node n) {
    Op op = n.op();
    if (op instanceof Param || handled.contains(n)) {
      return;
    }
    if (n.dtype().isComplex()) {
      throw new UnsupportedOperationException("code generation for c128 values (" + op.name()
          + ") is not supported yet");
    }
    if (op instanceof Constant) {
      Constant c = (Constant) op;
      if (c.isUniform()) {
        nameOf.put(n, literal(c.type().size() == 0 ? 0.0 : c.uniformValue()));
      } else {
        nameOf.put(n, "c" + constants.size());
        constants.add(c.value());
        isArray.add(n);
      }
      return;
    }
    if (isView(n)) {
      Group g = groupOf.get(n.input(0));
      if (g != null && openGroups.contains(g)) {
        close(g);
      }
      views.add(n);
      return;
    }
    if (isFusable(n)) {
      for (Node in : n.inputs()) {
        Group g = groupOf.get(in);
        if (g != null && openGroups.contains(g)
            && (!g.shape.equals(n.type().shape()) || g.accumulators.contains(in))) {
          close(g);
        }
      }
      Group g = openGroup(n.type().shape());
      if (g.members.size() >= GROUP_LIMIT) {
        close(g);
        g = openGroup(n.type().shape());
      }
      g.members.add(n);
      groupOf.put(n, g);
      return;
    }
    if (isFullReduction(n)) {
      Group g = groupOf.get(n.input(0));
      if (g != null && openGroups.contains(g)) {
        g.accumulators.add(n);
        groupOf.put(n, g);
        return;
      }
    }
    for (Node in : n.inputs()) {
      Group g = groupOf.get(in);
      if (g != null && openGroups.contains(g)) {
        close(g);
      }
    }
    Block b = new Block();
    emitStatement(n, b);
    blocks.add(b);
  }

  private Group openGroup(Shape s) {
    for (Group g : openGroups) {
      if (g.shape.equals(s)) {
        return g;
      }
    }
    Group g = new Group(s);
    openGroups.add(g);
    return g;
  }

  /**
   * A view is a slice that is one contiguous run of its operand, a reshape, a pad of a vector, or
   * a broadcast (of a scalar, or of a vector over rows or columns),
   * read only by fused loops: it gets no array of its own, the loops index its operand directly
   * ({@code x[i + 1]}, or a bounds test for the pad), so no copy is made.
   */
  private boolean isView(Node n) {
    if (!(n.op() instanceof Slice || n.op() instanceof Reshape || n.op() instanceof Pad
        || n.op() instanceof BroadcastInDim)
        || n.rank() == 0 || outputs.contains(n) || n.input(0).isConstant()
        || (n.input(0).rank() == 0 && !(n.op() instanceof BroadcastInDim))) {
      return false;
    }
    boolean shapeOk;
    if (n.op() instanceof Slice) {
      shapeOk = isContiguous(n.type().shape(), n.input(0).type().shape());
    } else if (n.op() instanceof Reshape) {
      shapeOk = true;
    } else if (n.op() instanceof Pad) {
      shapeOk = n.rank() == 1;
    } else {
      shapeOk = n.input(0).rank() == 0 || broadcastBlock(n) != null;
    }
    if (!shapeOk) {
      return false;
    }
    for (Node c : consumers.get(n)) {
      if (!isFusable(c) && !isFullReduction(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * For a broadcast whose operand fills a consecutive block of output axes without stretching
   * any axis (a bias vector over rows, a column over a matrix), {@code {inner, size}}: operand
   * element {@code (i / inner) % size} is output element {@code i}. Null otherwise.
   */
  private static int[] broadcastBlock(Node n) {
    int[] dims = ((BroadcastInDim) n.op()).dims();
    Shape in = n.input(0).type().shape();
    Shape out = n.type().shape();
    for (int k = 0; k < dims.length; k++) {
      if (in.dim(k) != out.dim(dims[k]) || (k > 0 && dims[k] != dims[k - 1] + 1)) {
        return null;
      }
    }
    int inner = 1;
    for (int a = dims[dims.length - 1] + 1; a < out.rank(); a++) {
      inner *= out.dim(a);
    }
    return new int[] {inner, in.size()};
  }

  /** Elementwise on arrays. */
  private static boolean isFusable(Node n) {
    if (n.rank() == 0) {
      return false;
    }
    return n.op().javaExpression(dummyArgs(n.arity())) != null;
  }

  private static boolean isFullReduction(Node n) {
    return (n.op() instanceof Reduce.Sum || n.op() instanceof Reduce.Max) && n.rank() == 0
        && n.input(0).rank() > 0;
  }

  private static List<String> dummyArgs(int k) {
    List<String> a = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      a.add("x" + i);
    }
    return a;
  }

  // ------------------------------------------------------------------ names and values

  private String hint(Node n) {
    switch (n.op().name()) {
      case "broadcast_in_dim":
        return "bcast";
      case "dot_general":
        return "dot";
      case "reduce_sum":
        return "sum";
      case "reduce_max":
        return "max";
      case "reduce_prod":
        return "prod";
      case "convert_element_type":
        return "conv";
      case "integer_pow":
        return "pow";
      case "select":
        return "sel";
      case "concatenate":
        return "cat";
      case "reshape":
        return "reshaped";
      case "transpose":
        return "tr";
      default:
        return n.op().name();
    }
  }

  /**
   * Allocates the Java name of {@code n}: its source name where the graph records one ({@code
   * preds}, {@code preds_dot}, {@code W_bar}), else its output's name, else the primitive's name
   * and a counter ({@code tanh4}).
   */
  private String define(Node n) {
    String source = graph.nameOf(n);
    if (source == null && graph.outputNames() != null && outputs.contains(n)) {
      source = graph.outputName(firstSlot(n));
    }
    String name = source != null ? names.allocate(source) : names.allocate(hint(n) + counter++);
    nameOf.put(n, name);
    return name;
  }

  static String literal(double v) {
    if (Double.isNaN(v)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    String s = Double.toString(v);
    return v < 0 || (v == 0 && 1 / v < 0) ? "(" + s + ")" : s;
  }

  /** The Java expression of element {@code idx} of {@code x} (idx null for a scalar). */
  private String elem(Node x, String idx, Block b) {
    if (views.contains(x)) {
      return viewElem(x, idx, b);
    }
    String name = nameOf.get(x);
    if (name == null) {
      throw new IllegalStateException("no value for " + x);
    }
    if (!(x.op() instanceof Constant)) {
      b.uses.add(x);
    }
    if (x.op() instanceof Constant && ((Constant) x.op()).isUniform()) {
      return name;
    }
    if (!isArray.contains(x)) {
      return name;
    }
    return name + "[" + (idx == null ? "0" : idx) + "]";
  }

  /** Element {@code idx} of a view, read from its operand. */
  private String viewElem(Node v, String idx, Block b) {
    Node x = v.input(0);
    if (v.op() instanceof Reshape) {
      return elem(x, idx, b);
    }
    if (v.op() instanceof BroadcastInDim && x.rank() == 0) {
      return elem(x, null, b);
    }
    if (v.op() instanceof BroadcastInDim) {
      int[] block = broadcastBlock(v);
      String i = idx.matches("[A-Za-z_][A-Za-z0-9_]*") ? idx : "(" + idx + ")";
      String q = block[0] == 1 ? i : i + " / " + block[0];
      boolean outer = block[0] * block[1] < v.type().size();
      return elem(x, outer ? (block[0] == 1 ? q : "(" + q + ")") + " % " + block[1] : q, b);
    }
    if (v.op() instanceof Slice) {
      int[] start = ((Slice) v.op()).start();
      int[] strides = x.type().shape().strides();
      int base = 0;
      for (int k = 0; k < start.length; k++) {
        base += start[k] * strides[k];
      }
      return elem(x, plus(idx, base), b);
    }
    int lo = ((Pad) v.op()).low()[0];
    int m = x.type().shape().dim(0);
    int hi = ((Pad) v.op()).high()[0];
    String inside = elem(x, plus(idx, -lo), b);
    String test = lo > 0 && hi > 0 ? idx + " >= " + lo + " && " + idx + " < " + (lo + m)
        : lo > 0 ? idx + " >= " + lo : idx + " < " + m;
    return "(" + test + " ? " + inside + " : 0.0)";
  }

  private static String plus(String idx, int k) {
    return k == 0 ? idx : k > 0 ? idx + " + " + k : idx + " - " + (-k);
  }

  /** How a view reads in comments: {@code x[1:100]}, {@code pad(g)}, {@code reshape(x)}. */
  private String viewText(Node v) {
    String x = views.contains(v.input(0)) ? viewText(v.input(0)) : nameOf.get(v.input(0));
    if (v.op() instanceof BroadcastInDim && v.input(0).rank() == 0) {
      return x;
    }
    if (v.op() instanceof Slice && v.rank() == 1) {
      return x + "[" + ((Slice) v.op()).start()[0] + ":" + ((Slice) v.op()).limit()[0] + "]";
    }
    return v.op().name() + "(" + x + ")";
  }

  private String comment(Node n) {
    StringBuilder sb = new StringBuilder("// ").append(nameOf.get(n)).append(" = ").append(n.op());
    for (Node in : n.inputs()) {
      sb.append(' ').append(views.contains(in) ? viewText(in) : nameOf.get(in));
    }
    return sb.toString();
  }

  /** Declares the array of {@code n}: the output array if n is an output, else a new one. */
  private String allocArray(Node n, Block b, boolean needsZero) {
    String name = nameOf.get(n);
    int size = n.type().size();
    isArray.add(n);
    b.defines.add(n);
    Integer slot = outputSlot.get(n);
    if (slot != null && !(n.op() instanceof Reshape)) {
      outputSlot.remove(n);
      b.line(2, "final double[] " + name + " = out[" + slot + "];");
      if (needsZero) {
        b.line(2, "java.util.Arrays.fill(" + name + ", 0.0);");
      }
      written.add(n);
    } else {
      b.line(2, "final double[] " + name + " = new double[" + size + "];");
    }
    return name;
  }

  /** Output nodes whose array is the output array itself (nothing to copy at the end). */
  private final Set<Node> written = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  // ------------------------------------------------------------------ fused loops

  private void close(Group g) {
    openGroups.remove(g);
    Block b = new Block();
    List<Scatter> scatters = g.shape.rank() == 1 ? findScatters(g) : List.of();
    Set<Node> scattered = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Scatter sc : scatters) {
      scattered.addAll(sc.pads);
    }
    List<Node> stored = new ArrayList<>();
    for (Node m : g.members) {
      boolean needed = outputs.contains(m);
      for (Node c : consumers.get(m)) {
        needed |= !g.contains(c) && !scattered.contains(c);
      }
      if (needed) {
        stored.add(m);
      }
    }
    int n = g.shape.size();
    b.line(2, "// fused loop over " + g.shape + ": " + memberList(g));
    for (Node m : g.members) {
      define(m);
    }
    for (Node m : g.accumulators) {
      define(m);
    }
    for (Node m : stored) {
      allocArray(m, b, false);
    }
    for (Node a : g.accumulators) {
      boolean max = a.op() instanceof Reduce.Max;
      b.line(2, "double " + nameOf.get(a) + " = " + (max ? "Double.NEGATIVE_INFINITY" : "0.0") + ";");
      b.defines.add(a);
    }
    for (Scatter sc : scatters) {
      define(sc.root);
      StringBuilder what = new StringBuilder();
      for (Node p : sc.pads) {
        what.append(what.length() == 0 ? "" : " + ").append(nameOf.get(p.input(0))).append(" at +")
            .append(((Pad) p.op()).low()[0]);
      }
      b.line(2, "// " + nameOf.get(sc.root) + " = " + what + " (sum of pads), accumulated in the loop");
      // The pad with the largest offset is the first to reach each element it covers, so it
      // assigns; only the elements it does not cover are zeroed first.
      sc.pads.sort((p, q) -> Integer.compare(((Pad) q.op()).low()[0], ((Pad) p.op()).low()[0]));
      int loMax = ((Pad) sc.pads.get(0).op()).low()[0];
      int size = sc.root.type().size();
      String r = nameOf.get(sc.root);
      allocArray(sc.root, b, false);
      if (loMax > 0) {
        b.line(2, "java.util.Arrays.fill(" + r + ", 0, " + loMax + ", 0.0);");
      }
      if (loMax + n < size) {
        b.line(2, "java.util.Arrays.fill(" + r + ", " + (loMax + n) + ", " + size + ", 0.0);");
      }
      handled.add(sc.root);
      handled.addAll(sc.pads);
      handled.addAll(sc.adds);
    }
    b.line(2, "for (int i = 0; i < " + n + "; i++) {");
    for (Node m : g.members) {
      List<String> args = new ArrayList<>();
      for (Node in : m.inputs()) {
        args.add(elem(in, "i", b));
      }
      String expr = m.op().javaExpression(args);
      b.line(3, comment(m));
      if (stored.contains(m)) {
        b.line(3, nameOf.get(m) + "[i] = " + expr + ";");
      } else {
        b.line(3, "final double " + nameOf.get(m) + " = " + expr + ";");
      }
    }
    for (Scatter sc : scatters) {
      for (Node p : sc.pads) {
        int lo = ((Pad) p.op()).low()[0];
        String op = p == sc.pads.get(0) ? " = " : " += ";
        b.line(3, nameOf.get(sc.root) + "[" + plus("i", lo) + "]" + op + elem(p.input(0), "i", b) + ";");
      }
    }
    for (Node a : g.accumulators) {
      String x = elem(a.input(0), "i", b);
      String name = nameOf.get(a);
      b.line(3, comment(a));
      if (a.op() instanceof Reduce.Max) {
        b.line(3, name + " = Math.max(" + name + ", " + x + ");");
      } else {
        b.line(3, name + " += " + x + ";");
      }
    }
    b.line(2, "}");
    // Values defined inside the loop body are not visible after it.
    b.uses.removeAll(g.members);
    blocks.add(b);
  }

  /**
   * A sum of pads of a fused loop's vector values, {@code add(pad(a, lo=0), pad(b, lo=1))} (what
   * the transpose of slicing a vector twice produces). Instead of storing {@code a} and {@code b}
   * and summing the pads in a second loop, the loop adds each value into the result at its
   * offset: {@code r[i] += a; r[i + 1] += b;}, one pass and no intermediate arrays.
   */
  private static final class Scatter {
    final Node root;
    final List<Node> pads = new ArrayList<>();
    final List<Node> adds = new ArrayList<>();

    Scatter(Node root) {
      this.root = root;
    }
  }

  /** Nodes emitted as part of another statement (scatters), skipped when visited. */
  private final Set<Node> handled = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private List<Scatter> findScatters(Group g) {
    List<Scatter> found = new ArrayList<>();
    Set<Node> roots = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node m : g.members) {
      for (Node p : consumers.get(m)) {
        if (!(p.op() instanceof Pad) || p.rank() != 1 || outputs.contains(p)
            || consumers.get(p).size() != 1) {
          continue;
        }
        Node root = p;
        while (consumers.get(root).size() == 1 && !outputs.contains(root)
            && consumers.get(root).get(0).op() == org.cotangent.symbolic.ops.Binary.ADD) {
          Node up = consumers.get(root).get(0);
          root = up;
          if (consumers.get(root).size() != 1 || outputs.contains(root)) {
            break;
          }
        }
        if (root == p || !roots.add(root)) {
          continue;
        }
        Scatter sc = new Scatter(root);
        if (collect(root, root, g, sc)) {
          found.add(sc);
        }
      }
    }
    return found;
  }

  /** Walks an add tree down to its leaves, which must all be pads of members of {@code g}. */
  private boolean collect(Node n, Node root, Group g, Scatter sc) {
    if (n.op() instanceof Pad) {
      if (n.rank() == 1 && g.members.contains(n.input(0)) && consumers.get(n).size() == 1) {
        sc.pads.add(n);
        return true;
      }
      return false;
    }
    if (n.op() != org.cotangent.symbolic.ops.Binary.ADD || n.dtype().isComplex()) {
      return false;
    }
    if (n != root) {
      if (consumers.get(n).size() != 1 || outputs.contains(n)) {
        return false;
      }
      sc.adds.add(n);
    }
    return n.input(0) != n.input(1) && collect(n.input(0), root, g, sc)
        && collect(n.input(1), root, g, sc);
  }

  private String memberList(Group g) {
    StringBuilder sb = new StringBuilder();
    List<Node> all = new ArrayList<>(g.members);
    all.addAll(g.accumulators);
    int shown = 0;
    for (Node m : all) {
      if (shown == 8) {
        sb.append(", ...");
        break;
      }
      sb.append(shown++ > 0 ? ", " : "").append(m.op().name());
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ single statements

  private void emitStatement(Node n, Block b) {
    Op op = n.op();
    String name = define(n);
    if (n.rank() == 0 && op.javaExpression(dummyArgs(n.arity())) != null) {
      List<String> args = new ArrayList<>();
      for (Node in : n.inputs()) {
        args.add(elem(in, null, b));
      }
      b.line(2, comment(n));
      b.line(2, "final double " + name + " = " + op.javaExpression(args) + ";");
      b.defines.add(n);
      return;
    }
    b.line(2, comment(n));
    if (op instanceof Reshape) {
      emitReshape(n, b);
    } else if (op instanceof BroadcastInDim) {
      emitBroadcast(n, b);
    } else if (op instanceof Transpose) {
      emitTranspose(n, b);
    } else if (op instanceof Slice) {
      emitSlice(n, b);
    } else if (op instanceof Pad) {
      emitPad(n, b);
    } else if (op instanceof Concatenate) {
      emitConcatenate(n, b);
    } else if (op instanceof Index) {
      emitIndex(n, b);
    } else if (op instanceof Reduce.ReduceOp) {
      emitReduce(n, b);
    } else if (op instanceof DotGeneral) {
      emitDot(n, b);
    } else if (op instanceof Iota) {
      emitIota(n, b);
    } else {
      throw new UnsupportedOperationException("no code generation for primitive '" + op.name() + "'");
    }
  }

  /** Loop variable names {@code i0, i1, ...} for {@code count} axes starting at {@code from}. */
  private static String[] vars(int from, int count) {
    String[] v = new String[count];
    for (int k = 0; k < count; k++) {
      v[k] = "i" + (from + k);
    }
    return v;
  }

  /** {@code i0 * 12 + i1 * 4 + i2 (+ c)}; zero strides and unit dimensions drop out. */
  private static String offset(String[] idx, int[] strides, int constant) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < idx.length; k++) {
      if (idx[k] == null || strides[k] == 0) {
        continue;
      }
      sb.append(sb.length() > 0 ? " + " : "").append(idx[k]);
      if (strides[k] != 1) {
        sb.append(" * ").append(strides[k]);
      }
    }
    if (constant != 0 || sb.length() == 0) {
      sb.append(sb.length() > 0 ? " + " : "").append(constant);
    }
    return sb.toString();
  }

  /** Opens {@code for} loops over {@code dims} (axes of size 1 get no loop); returns the indent. */
  private static int openLoops(Block b, int indent, String[] vars, int[] dims) {
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] == 1) {
        vars[k] = null;
        continue;
      }
      b.line(indent++, "for (int " + vars[k] + " = 0; " + vars[k] + " < " + dims[k] + "; "
          + vars[k] + "++) {");
    }
    return indent;
  }

  private static void closeLoops(Block b, int indent, int base) {
    while (indent > base) {
      b.line(--indent, "}");
    }
  }

  /** The array expression of an array-valued input (materialising nothing). */
  private String arrayOf(Node x, Block b) {
    if (!isArray.contains(x)) {
      throw new IllegalStateException("expected an array for " + x);
    }
    if (!(x.op() instanceof Constant)) {
      b.uses.add(x);
    }
    return nameOf.get(x);
  }

  /** A source element for structural copies: arrays indexed, scalars and literals as they are. */
  private String source(Node x, String offset, Block b) {
    if (views.contains(x)) {
      return elem(x, offset, b);
    }
    return isArray.contains(x) ? arrayOf(x, b) + "[" + offset + "]" : elem(x, null, b);
  }

  private void emitReshape(Node n, Block b) {
    Node x = n.input(0);
    String name = nameOf.get(n);
    b.defines.add(n);
    if (n.rank() == 0) {
      b.line(2, "final double " + name + " = " + source(x, "0", b) + ";");
    } else if (isArray.contains(x)) {
      isArray.add(n);
      b.line(2, "final double[] " + name + " = " + arrayOf(x, b) + ";");
    } else {
      isArray.add(n);
      b.line(2, "final double[] " + name + " = new double[] {" + elem(x, null, b) + "};");
    }
  }

  private void emitBroadcast(Node n, Block b) {
    BroadcastInDim op = (BroadcastInDim) n.op();
    Node x = n.input(0);
    String name = allocArray(n, b, false);
    int[] outDims = n.type().shape().dims();
    String[] v = vars(0, outDims.length);
    int indent = openLoops(b, 2, v, outDims);
    int[] dims = op.dims();
    int[] inStrides = x.type().shape().strides();
    String[] idx = new String[dims.length];
    int[] st = new int[dims.length];
    for (int k = 0; k < dims.length; k++) {
      idx[k] = v[dims[k]];
      st[k] = x.type().shape().dim(k) == 1 ? 0 : inStrides[k];
    }
    b.line(indent, name + "[" + offset(v, n.type().shape().strides(), 0) + "] = "
        + source(x, offset(idx, st, 0), b) + ";");
    closeLoops(b, indent, 2);
  }

  private void emitTranspose(Node n, Block b) {
    int[] perm = ((Transpose) n.op()).perm();
    Node x = n.input(0);
    String name = allocArray(n, b, false);
    int[] outDims = n.type().shape().dims();
    String[] v = vars(0, outDims.length);
    int indent = openLoops(b, 2, v, outDims);
    int[] inStrides = x.type().shape().strides();
    int[] st = new int[perm.length];
    for (int k = 0; k < perm.length; k++) {
      st[k] = inStrides[perm[k]];
    }
    b.line(indent, name + "[" + offset(v, n.type().shape().strides(), 0) + "] = "
        + source(x, offset(v, st, 0), b) + ";");
    closeLoops(b, indent, 2);
  }

  private void emitSlice(Node n, Block b) {
    Slice op = (Slice) n.op();
    Node x = n.input(0);
    int[] start = op.start();
    int[] inStrides = x.type().shape().strides();
    int base = 0;
    for (int k = 0; k < start.length; k++) {
      base += start[k] * inStrides[k];
    }
    if (n.rank() == 0) {
      b.defines.add(n);
      b.line(2, "final double " + nameOf.get(n) + " = " + source(x, String.valueOf(base), b) + ";");
      return;
    }
    String name = allocArray(n, b, false);
    if (isContiguous(n.type().shape(), x.type().shape())) {
      b.line(2, "System.arraycopy(" + arrayOf(x, b) + ", " + base + ", " + name + ", 0, "
          + n.type().size() + ");");
      return;
    }
    int[] outDims = n.type().shape().dims();
    String[] v = vars(0, outDims.length);
    int indent = openLoops(b, 2, v, outDims);
    b.line(indent, name + "[" + offset(v, n.type().shape().strides(), 0) + "] = "
        + source(x, offset(v, inStrides, base), b) + ";");
    closeLoops(b, indent, 2);
  }

  /** True if a box of shape {@code box} inside {@code outer} is one contiguous run. */
  private static boolean isContiguous(Shape box, Shape outer) {
    int k = 0;
    while (k < box.rank() && box.dim(k) == 1) {
      k++;
    }
    for (int j = k + 1; j < box.rank(); j++) {
      if (box.dim(j) != outer.dim(j)) {
        return false;
      }
    }
    return true;
  }

  private void emitPad(Node n, Block b) {
    Node x = n.input(0);
    String name = allocArray(n, b, true);
    int[] low = ((Pad) n.op()).low();
    int[] outStrides = n.type().shape().strides();
    int[] inDims = x.type().shape().dims();
    int base = 0;
    for (int k = 0; k < low.length; k++) {
      base += low[k] * outStrides[k];
    }
    String[] v = vars(0, inDims.length);
    int indent = openLoops(b, 2, v, inDims);
    b.line(indent, name + "[" + offset(v, outStrides, base) + "] = "
        + source(x, offset(v, x.type().shape().strides(), 0), b) + ";");
    closeLoops(b, indent, 2);
  }

  private void emitConcatenate(Node n, Block b) {
    int axis = ((Concatenate) n.op()).axis();
    String name = allocArray(n, b, false);
    int[] outStrides = n.type().shape().strides();
    int offsetAlong = 0;
    for (Node x : n.inputs()) {
      int[] inDims = x.type().shape().dims();
      String[] v = vars(0, inDims.length);
      int indent = openLoops(b, 2, v, inDims);
      b.line(indent, name + "[" + offset(v, outStrides, offsetAlong * outStrides[axis]) + "] = "
          + source(x, offset(v, x.type().shape().strides(), 0), b) + ";");
      closeLoops(b, indent, 2);
      offsetAlong += inDims[axis];
    }
  }

  private void emitIndex(Node n, Block b) {
    Node x = n.input(0);
    int axis = ((Index) n.op()).axis();
    int index = ((Index) n.op()).position();
    int[] inStrides = x.type().shape().strides();
    int base = index * inStrides[axis];
    if (n.rank() == 0) {
      b.defines.add(n);
      b.line(2, "final double " + nameOf.get(n) + " = " + source(x, String.valueOf(base), b) + ";");
      return;
    }
    String name = allocArray(n, b, false);
    int[] outDims = n.type().shape().dims();
    int[] st = new int[outDims.length];
    for (int k = 0, j = 0; k < x.rank(); k++) {
      if (k != axis) {
        st[j++] = inStrides[k];
      }
    }
    String[] v = vars(0, outDims.length);
    int indent = openLoops(b, 2, v, outDims);
    b.line(indent, name + "[" + offset(v, n.type().shape().strides(), 0) + "] = "
        + source(x, offset(v, st, base), b) + ";");
    closeLoops(b, indent, 2);
  }

  private void emitReduce(Node n, Block b) {
    Reduce.ReduceOp op = (Reduce.ReduceOp) n.op();
    Node x = n.input(0);
    int[] axes = op.axes();
    String init;
    String combine;
    if (op instanceof Reduce.Sum) {
      init = "0.0";
      combine = "%s += %s;";
    } else if (op instanceof Reduce.Max) {
      init = "Double.NEGATIVE_INFINITY";
      combine = "%1$s = Math.max(%1$s, %2$s);";
    } else {
      init = "1.0";
      combine = "%s *= %s;";
    }
    String name = nameOf.get(n);
    int[] inDims = x.type().shape().dims();
    String[] v = vars(0, inDims.length);
    String target;
    if (n.rank() == 0) {
      b.defines.add(n);
      b.line(2, "double " + name + " = " + init + ";");
      target = name;
      int indent = openLoops(b, 2, v, inDims);
      b.line(indent, String.format(combine, target,
          source(x, offset(v, x.type().shape().strides(), 0), b)));
      closeLoops(b, indent, 2);
      return;
    }
    allocArray(n, b, true);
    if (!init.equals("0.0")) {
      b.line(2, "java.util.Arrays.fill(" + name + ", " + init + ");");
    }
    int[] outStrides = n.type().shape().strides();
    String[] outIdx = new String[inDims.length];
    int[] st = new int[inDims.length];
    for (int k = 0, j = 0; k < inDims.length; k++) {
      boolean reduced = false;
      for (int a : axes) {
        reduced |= a == k;
      }
      if (!reduced) {
        outIdx[k] = v[k];
        st[k] = outStrides[j++];
      }
    }
    int indent = openLoops(b, 2, v, inDims);
    for (int k = 0; k < inDims.length; k++) {
      outIdx[k] = outIdx[k] == null ? null : v[k];
    }
    b.line(indent, String.format(combine, name + "[" + offset(outIdx, st, 0) + "]",
        source(x, offset(v, x.type().shape().strides(), 0), b)));
    closeLoops(b, indent, 2);
  }

  private void emitDot(Node n, Block b) {
    DotGeneral op = (DotGeneral) n.op();
    Node x = n.input(0);
    Node y = n.input(1);
    int[] lc = op.lhsContract();
    int[] rc = op.rhsContract();
    int[] lb = op.lhsBatch();
    int[] rb = op.rhsBatch();
    int[] lf = Indexing.remaining(x.rank(), lc, lb);
    int[] rf = Indexing.remaining(y.rank(), rc, rb);
    int nb = lb.length;
    int outRank = n.rank();
    int[] outDims = n.type().shape().dims();
    int[] cDims = new int[lc.length];
    for (int k = 0; k < lc.length; k++) {
      cDims[k] = x.type().shape().dim(lc[k]);
    }
    int outer = nb + lf.length;
    String name = nameOf.get(n);
    String xa = isArray.contains(x) ? arrayOf(x, b) : null;
    String ya = isArray.contains(y) ? arrayOf(y, b) : null;
    // Loop variables: output axes i0.., contraction axes after them; unit axes get none.
    String[] ov = vars(0, outRank);
    String[] cv = vars(outRank, lc.length);
    String[] outerVars = java.util.Arrays.copyOf(ov, outer);
    String[] innerVars = java.util.Arrays.copyOfRange(ov, outer, outRank);
    int[] outerDims = java.util.Arrays.copyOf(outDims, outer);
    int[] innerDims = java.util.Arrays.copyOfRange(outDims, outer, outRank);
    boolean contractInnermost = rf.length == 0;
    // x^T y with x's last axis free (a gradient X^T g): the lhs free axes go innermost, where
    // x is contiguous, and y's element is hoisted, mirroring the rhs-free-innermost nest.
    boolean lhsInnermost = contractInnermost && lf.length > 0 && lf[lf.length - 1] == x.rank() - 1
        && lc.length > 0 && xa != null;
    if (outRank > 0) {
      allocArray(n, b, !contractInnermost || lhsInnermost);
    } else {
      b.defines.add(n);
      b.line(2, "double " + name + " = 0.0;");
    }
    // The nest declares helper locals (lhs, rhs, acc); when no loop encloses them they get a
    // block of their own, so that two products in one method do not declare them twice.
    boolean unitOuter = allOne(outerDims);
    boolean helperAtTop = lhsInnermost ? allOne(java.util.Arrays.copyOf(outDims, nb)) && allOne(cDims)
        : contractInnermost ? outRank > 0 && unitOuter
        : unitOuter && allOne(cDims);
    int base = 2;
    if (helperAtTop) {
      b.line(2, "{");
      base = 3;
    }
    if (lhsInnermost) {
      String[] batchVars = java.util.Arrays.copyOf(ov, nb);
      String[] freeVars = java.util.Arrays.copyOfRange(ov, nb, outRank);
      int indent = openLoops(b, base, batchVars, java.util.Arrays.copyOf(outDims, nb));
      indent = openLoops(b, indent, cv, cDims);
      String[] all = concat(batchVars, freeVars);
      b.line(indent, "final double rhs = " + operand(ya, y, yIndex(y, rb, rf, rc, all, cv, outer), b) + ";");
      int inner = openLoops(b, indent, freeVars, java.util.Arrays.copyOfRange(outDims, nb, outRank));
      all = concat(batchVars, freeVars);
      b.line(inner, name + "[" + offset(all, n.type().shape().strides(), 0) + "] += "
          + operand(xa, x, xIndex(x, lb, lf, lc, all, cv), b) + " * rhs;");
      closeLoops(b, inner, base);
      closeScope(b, base);
      return;
    }
    boolean blocked = !contractInnermost && cDims.length == 1 && innerDims.length == 1
        && cDims[0] > BLOCK_K && innerDims[0] > BLOCK_J
        && (long) cDims[0] * innerDims[0] >= BLOCK_THRESHOLD;
    int indent = base;
    if (blocked) {
      // Tiles of y (BLOCK_K x BLOCK_J) stay in cache while every row of x passes over them.
      b.line(indent++, "for (int kb = 0; kb < " + cDims[0] + "; kb += " + BLOCK_K + ") {");
      b.line(indent, "final int ke = Math.min(kb + " + BLOCK_K + ", " + cDims[0] + ");");
      b.line(indent++, "for (int jb = 0; jb < " + innerDims[0] + "; jb += " + BLOCK_J + ") {");
      b.line(indent, "final int je = Math.min(jb + " + BLOCK_J + ", " + innerDims[0] + ");");
    }
    indent = openLoops(b, indent, outerVars, outerDims);
    int[] outStrides = n.type().shape().strides();
    if (blocked) {
      String k = cv[0];
      String j = innerVars[0];
      b.line(indent++, "for (int " + k + " = kb; " + k + " < ke; " + k + "++) {");
      String[] all = concat(outerVars, innerVars);
      b.line(indent, "final double lhs = " + operand(xa, x, xIndex(x, lb, lf, lc, all, cv), b) + ";");
      b.line(indent++, "for (int " + j + " = jb; " + j + " < je; " + j + "++) {");
      b.line(indent, name + "[" + offset(all, outStrides, 0) + "] += lhs * "
          + operand(ya, y, yIndex(y, rb, rf, rc, all, cv, outer), b) + ";");
      closeLoops(b, indent, base);
      closeScope(b, base);
      return;
    }
    if (contractInnermost) {
      String acc = outRank > 0 ? "acc" : name;
      if (outRank > 0) {
        b.line(indent, "double acc = 0.0;");
      }
      int inner = openLoops(b, indent, cv, cDims);
      String[] all = concat(outerVars, innerVars);
      b.line(inner, acc + " += " + operand(xa, x, xIndex(x, lb, lf, lc, all, cv), b) + " * "
          + operand(ya, y, yIndex(y, rb, rf, rc, all, cv, outer), b) + ";");
      closeLoops(b, inner, indent);
      if (outRank > 0) {
        b.line(indent, name + "[" + offset(outerVars, outStrides, 0) + "] = acc;");
      }
      closeLoops(b, indent, base);
      closeScope(b, base);
      return;
    }
    // The rhs free axes innermost: out[.., j] += x[.., k] * y[k, j], contiguous in y and out.
    int mid = openLoops(b, indent, cv, cDims);
    String[] all = concat(outerVars, innerVars);
    b.line(mid, "final double lhs = " + operand(xa, x, xIndex(x, lb, lf, lc, all, cv), b) + ";");
    int inner = openLoops(b, mid, innerVars, innerDims);
    all = concat(outerVars, innerVars);
    b.line(inner, name + "[" + offset(all, outStrides, 0) + "] += lhs * "
        + operand(ya, y, yIndex(y, rb, rf, rc, all, cv, outer), b) + ";");
    closeLoops(b, inner, base);
    closeScope(b, base);
  }

  private static boolean allOne(int[] dims) {
    for (int d : dims) {
      if (d != 1) {
        return false;
      }
    }
    return true;
  }

  private static void closeScope(Block b, int base) {
    if (base > 2) {
      b.line(2, "}");
    }
  }

  private static String[] concat(String[] a, String[] c) {
    String[] r = java.util.Arrays.copyOf(a, a.length + c.length);
    System.arraycopy(c, 0, r, a.length, c.length);
    return r;
  }

  /** Per-axis loop variables of the lhs: batch and free axes from {@code out}, contracted from {@code cv}. */
  private static String[] xIndex(Node x, int[] lb, int[] lf, int[] lc, String[] out, String[] cv) {
    String[] idx = new String[x.rank()];
    for (int k = 0; k < lb.length; k++) {
      idx[lb[k]] = out[k];
    }
    for (int k = 0; k < lf.length; k++) {
      idx[lf[k]] = out[lb.length + k];
    }
    for (int k = 0; k < lc.length; k++) {
      idx[lc[k]] = cv[k];
    }
    return idx;
  }

  private static String[] yIndex(Node y, int[] rb, int[] rf, int[] rc, String[] out, String[] cv,
      int outer) {
    String[] idx = new String[y.rank()];
    for (int k = 0; k < rb.length; k++) {
      idx[rb[k]] = out[k];
    }
    for (int k = 0; k < rf.length; k++) {
      idx[rf[k]] = out[outer + k];
    }
    for (int k = 0; k < rc.length; k++) {
      idx[rc[k]] = cv[k];
    }
    return idx;
  }

  private String operand(String array, Node x, String[] idx, Block b) {
    return array != null ? array + "[" + offset(idx, x.type().shape().strides(), 0) + "]"
        : elem(x, null, b);
  }


  private void emitIota(Node n, Block b) {
    int dimension = ((Iota) n.op()).dimension();
    String name = allocArray(n, b, false);
    int[] dims = n.type().shape().dims();
    String[] v = vars(0, dims.length);
    String[] orig = v.clone();
    int indent = openLoops(b, 2, v, dims);
    String value = v[dimension] == null ? "0.0" : "(double) " + orig[dimension];
    b.line(indent, name + "[" + offset(v, n.type().shape().strides(), 0) + "] = " + value + ";");
    closeLoops(b, indent, 2);
  }

  // ------------------------------------------------------------------ outputs and assembly

  private void emitOutputs(Block b) {
    for (int j = 0; j < graph.outputs().size(); j++) {
      Node o = graph.output(j);
      boolean ownArray = written.contains(o) && firstSlot(o) == j;
      if (ownArray) {
        continue;
      }
      int size = o.type().size();
      if (o.op() instanceof Constant && ((Constant) o.op()).isUniform()) {
        b.line(2, "java.util.Arrays.fill(out[" + j + "], " + nameOf.get(o) + ");");
      } else if (isArray.contains(o)) {
        b.line(2, "System.arraycopy(" + arrayOf(o, b) + ", 0, out[" + j + "], 0, " + size + ");");
      } else {
        b.line(2, "out[" + j + "][0] = " + elem(o, null, b) + ";");
      }
    }
  }

  private int firstSlot(Node o) {
    for (int j = 0; j < graph.outputs().size(); j++) {
      if (graph.output(j) == o) {
        return j;
      }
    }
    return -1;
  }

  private String assemble(String packageName, String className) {
    StringBuilder sb = new StringBuilder();
    if (!packageName.isEmpty()) {
      sb.append("package ").append(packageName).append(";\n\n");
    }
    sb.append("import org.cotangent.codegen.Program;\n");
    sb.append("import org.cotangent.codegen.Rt;\n\n");
    sb.append("/**\n * Generated by Cotangent. Do not edit.\n *\n");
    for (int k = 0; k < graph.arity(); k++) {
      Node p = graph.params().get(k);
      sb.append(" * <p>in[").append(k).append("] ").append(nameOf.get(p)).append(": ")
          .append(graph.inputTypes().get(k)).append('\n');
    }
    for (int j = 0; j < graph.outputs().size(); j++) {
      sb.append(" * <p>out[").append(j).append("]: ").append(graph.output(j).type()).append('\n');
    }
    sb.append(" */\n");
    sb.append("public final class ").append(className).append(" implements Program {\n");
    for (int k = 0; k < constants.size(); k++) {
      sb.append("  private final double[] c").append(k).append(";\n");
    }
    sb.append("\n  public ").append(className).append("(double[][] constants) {\n");
    for (int k = 0; k < constants.size(); k++) {
      sb.append("    this.c").append(k).append(" = constants[").append(k).append("];\n");
    }
    sb.append("  }\n");
    List<List<Block>> parts = partition();
    if (parts.size() == 1) {
      sb.append("\n  public void call(final double[][] in, final double[][] out) {\n");
      loadParams(sb, parts.get(0));
      for (Block b : parts.get(0)) {
        sb.append(b.text);
      }
      sb.append("  }\n");
    } else {
      Map<Node, Integer> scalarSlots = new LinkedHashMap<>();
      Map<Node, Integer> arraySlots = new LinkedHashMap<>();
      Map<Node, Integer> definedIn = partOfDefinition(parts);
      assignSlots(parts, definedIn, scalarSlots, arraySlots);
      sb.append("\n  public void call(final double[][] in, final double[][] out) {\n");
      sb.append("    final double[] sc = new double[").append(scalarSlots.size()).append("];\n");
      sb.append("    final double[][] ar = new double[").append(arraySlots.size()).append("][];\n");
      for (int p = 0; p < parts.size(); p++) {
        sb.append("    part").append(p).append("(in, out, sc, ar);\n");
      }
      sb.append("  }\n");
      for (int p = 0; p < parts.size(); p++) {
        sb.append("\n  private void part").append(p)
            .append("(final double[][] in, final double[][] out, final double[] sc, final double[][] ar) {\n");
        appendPartWithSlots(sb, parts, p, scalarSlots, arraySlots, definedIn);
        sb.append("  }\n");
      }
    }
    sb.append("}\n");
    return sb.toString();
  }

  private List<List<Block>> partition() {
    List<List<Block>> parts = new ArrayList<>();
    List<Block> current = new ArrayList<>();
    int lines = 0;
    for (Block b : blocks) {
      if (!current.isEmpty() && lines + b.lines > PART_BUDGET) {
        parts.add(current);
        current = new ArrayList<>();
        lines = 0;
      }
      current.add(b);
      lines += b.lines;
    }
    parts.add(current);
    return parts;
  }

  /** Loads the parameters a part reads, from {@code in}. */
  private void loadParams(StringBuilder sb, List<Block> part) {
    Set<Node> used = new LinkedHashSet<>();
    for (Block b : part) {
      for (Node u : b.uses) {
        if (u.op() instanceof Param) {
          used.add(u);
        }
      }
    }
    List<Node> params = graph.params();
    for (int k = 0; k < params.size(); k++) {
      Node p = params.get(k);
      if (!used.contains(p)) {
        continue;
      }
      if (p.rank() > 0) {
        sb.append("    final double[] ").append(nameOf.get(p)).append(" = in[").append(k).append("];\n");
      } else {
        sb.append("    final double ").append(nameOf.get(p)).append(" = in[").append(k).append("][0];\n");
      }
    }
  }

  /** The part (method) in which each value is defined. */
  private static Map<Node, Integer> partOfDefinition(List<List<Block>> parts) {
    Map<Node, Integer> definedIn = new IdentityHashMap<>();
    for (int p = 0; p < parts.size(); p++) {
      for (Block b : parts.get(p)) {
        for (Node d : b.defines) {
          definedIn.put(d, p);
        }
      }
    }
    return definedIn;
  }

  /** Slots for the values read in a later part than the one defining them. */
  private void assignSlots(List<List<Block>> parts, Map<Node, Integer> definedIn,
      Map<Node, Integer> scalarSlots, Map<Node, Integer> arraySlots) {
    for (int p = 0; p < parts.size(); p++) {
      for (Block b : parts.get(p)) {
        for (Node u : b.uses) {
          Integer where = definedIn.get(u);
          if (where != null && where < p) {
            if (isArray.contains(u)) {
              arraySlots.putIfAbsent(u, arraySlots.size());
            } else {
              scalarSlots.putIfAbsent(u, scalarSlots.size());
            }
          }
        }
      }
    }
  }

  private void appendPartWithSlots(StringBuilder sb, List<List<Block>> parts, int p,
      Map<Node, Integer> scalarSlots, Map<Node, Integer> arraySlots, Map<Node, Integer> definedIn) {
    List<Block> part = parts.get(p);
    loadParams(sb, part);
    Set<Node> loaded = new LinkedHashSet<>();
    for (Block b : part) {
      for (Node u : b.uses) {
        Integer where = definedIn.get(u);
        if (where != null && where < p && loaded.add(u)) {
          if (isArray.contains(u)) {
            sb.append("    final double[] ").append(nameOf.get(u)).append(" = ar[")
                .append(arraySlots.get(u)).append("];\n");
          } else {
            sb.append("    final double ").append(nameOf.get(u)).append(" = sc[")
                .append(scalarSlots.get(u)).append("];\n");
          }
        }
      }
    }
    for (Block b : part) {
      sb.append(b.text);
    }
    for (Block b : part) {
      for (Node d : b.defines) {
        if (arraySlots.containsKey(d)) {
          sb.append("    ar[").append(arraySlots.get(d)).append("] = ").append(nameOf.get(d)).append(";\n");
        } else if (scalarSlots.containsKey(d)) {
          sb.append("    sc[").append(scalarSlots.get(d)).append("] = ").append(nameOf.get(d)).append(";\n");
        }
      }
    }
  }
}
