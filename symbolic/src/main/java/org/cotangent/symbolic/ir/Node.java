package org.cotangent.symbolic.ir;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * An immutable, hash-consed IR node: an {@link Op} applied to input nodes, with its inferred
 * type. {@link #make} is the only way to build one: it checks the types, applies the op's
 * simplifications, folds constants and interns the result, so building the same op on the same
 * inputs returns the same node. That is the common-subexpression elimination: programs built from
 * the same pieces share them by construction.
 *
 * <p>Because of interning, identity is equality. {@link #hashCode} is structural and the same in
 * every JVM (it is used to order nothing, but keeps hash tables deterministic in behaviour).
 * Interning is global and weak: a node no one references can be collected.
 */
public final class Node {
  /** Constant folding stops at outputs larger than this, so big broadcasts stay symbolic. */
  static final int FOLD_LIMIT = 4096;

  private final Op op;
  private final Node[] inputs;
  private final TensorType type;
  private final int hash;
  /** The deepest trace scope among the parameters this node depends on (0: none). */
  private final int traceDepth;
  /** The longest path from a leaf (parameter or constant) to this node; 0 for leaves. */
  private final int height;

  private Node(Op op, Node[] inputs, TensorType type) {
    this.op = op;
    this.inputs = inputs;
    this.type = type;
    int h = op.hashCode();
    int d = op instanceof Param ? ((Param) op).scope().depth() : 0;
    int ht = 0;
    for (Node in : inputs) {
      // Mixed at every step (a bijection of h for each input), so that a value used twice, as in
      // y = sin(y) * c + y, does not lose bits and long chains keep distinct hashes.
      h = mix(h * 31 + in.hash);
      d = Math.max(d, in.traceDepth);
      ht = Math.max(ht, in.height + 1);
    }
    this.hash = h;
    this.traceDepth = d;
    this.height = ht;
  }

  /** MurmurHash3's finaliser: a bijection that spreads every input bit over the output. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Builds (or finds) the node {@code op(inputs)}, simplified and constant-folded. */
  public static Node make(Op op, Node... inputs) {
    List<TensorType> types = new ArrayList<>(inputs.length);
    for (Node in : inputs) {
      types.add(in.type);
    }
    if (!op.subgraphs().isEmpty() && !op.acceptsSymbolicSubgraphs()) {
      rejectSymbolicSubgraphs(op, types);
    }
    TensorType type;
    try {
      type = op.inferType(types);
    } catch (SymbolicDimException e) {
      throw new SymbolicDimException(op.name() + ": the shape rule does not accept symbolic sizes"
          + " yet (" + e.getMessage() + ", in " + types + ")", e.dim());
    }
    List<Node> inputList = Collections.unmodifiableList(Arrays.asList(inputs.clone()));
    Node simplified;
    try {
      simplified = op.simplify(inputList, type);
    } catch (SymbolicDimException e) {
      // A simplification that needs a constant size is a size-dependent decision: at a symbolic
      // size the op is built as it is (design note B1.3, "decisions never wait").
      simplified = null;
    }
    if (simplified != null) {
      if (!simplified.type.equals(type)) {
        throw new IllegalStateException("simplification of " + op + " changed type " + type
            + " to " + simplified.type);
      }
      return simplified;
    }
    if (inputs.length > 0 && op.foldable() && type.isStatic() && type.size() <= FOLD_LIMIT && allConstant(inputs)) {
      List<Tensor> values = new ArrayList<>(inputs.length);
      for (Node in : inputs) {
        values.add(((Constant) in.op).value());
      }
      return Constant.of(op.eval(values));
    }
    return Interner.intern(new Node(op, inputs.clone(), type));
  }

  /**
   * An op with sub-graphs whose rules have not learnt symbolic sizes ({@link
   * Op#acceptsSymbolicSubgraphs} false: the checkpointed scans, the transposes of loops) is
   * refused them by name.
   */
  private static void rejectSymbolicSubgraphs(Op op, List<TensorType> types) {
    List<TensorType> all = new ArrayList<>(types);
    for (Graph g : op.subgraphs()) {
      all.addAll(g.inputTypes());
    }
    for (TensorType t : all) {
      if (!t.isStatic()) {
        throw new SymbolicDimException(op.name() + ": sub-graphs (calls, loops, branches, custom"
            + " rules) over symbolic sizes are not supported yet (" + t + ")",
            t.shape().firstSymbolic());
      }
    }
  }

  private static boolean allConstant(Node[] inputs) {
    for (Node in : inputs) {
      // A constant of symbolic shape (full(1, f64[n])) has no values to fold until specialised.
      if (!(in.op instanceof Constant) || !in.type.isStatic()) {
        return false;
      }
    }
    return true;
  }

  public Op op() {
    return op;
  }

  public List<Node> inputs() {
    return Collections.unmodifiableList(Arrays.asList(inputs));
  }

  public Node input(int i) {
    return inputs[i];
  }

  public int arity() {
    return inputs.length;
  }

  public TensorType type() {
    return type;
  }

  public DType dtype() {
    return type.dtype();
  }

  public int rank() {
    return type.rank();
  }

  /**
   * The depth of the innermost trace in progress whose parameters this node depends on, or 0 if
   * it depends on none (a constant, or a function of graph inputs only). A field read, so front
   * ends can ask "is this value traced" at every operation.
   */
  public int traceDepth() {
    return traceDepth;
  }

  /** True if this node is a constant ({@link Constant}). */
  public boolean isConstant() {
    return op instanceof Constant;
  }

  /** True if this node is a constant whose every element equals {@code v} (real part, zero imaginary). */
  public boolean isConstant(double v) {
    return op instanceof Constant && ((Constant) op).isUniform(v);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The longest path from a parameter or constant to this node (0 for those). */
  public int height() {
    return height;
  }

  /**
   * A total order on nodes that depends only on their structure (the same in every JVM and every
   * run): the taller node first (so {@code sin(x) * x} and {@code dot + b} keep the order people
   * write), then by structural hash, ties broken by op, parameters and inputs. Commutative
   * primitives sort their operands with it, so {@code mul(a, b)} and {@code mul(b, a)} are one
   * node.
   */
  public static int compareStructurally(Node a, Node b) {
    if (a == b) {
      return 0;
    }
    int c = Integer.compare(b.height, a.height);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.hash, b.hash);
    if (c != 0) {
      return c;
    }
    c = a.op.name().compareTo(b.op.name());
    if (c != 0) {
      return c;
    }
    c = a.op.canonicalParamsText(Graph::toString).compareTo(b.op.canonicalParamsText(Graph::toString));
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.inputs.length, b.inputs.length);
    for (int i = 0; c == 0 && i < a.inputs.length; i++) {
      c = compareStructurally(a.inputs[i], b.inputs[i]);
    }
    return c != 0 ? c : a.type.toString().compareTo(b.type.toString());
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public String toString() {
    return op + "(" + inputs.length + " inputs) : " + type;
  }

  /** Global weak interning table: key (op, input identities) to the one live node. */
  private static final class Interner {
    private static final ConcurrentHashMap<Key, Ref> TABLE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Node> QUEUE = new ReferenceQueue<>();

    static Node intern(Node candidate) {
      expunge();
      Key key = new Key(candidate);
      while (true) {
        Ref ref = TABLE.get(key);
        if (ref != null) {
          Node existing = ref.get();
          if (existing != null) {
            return existing;
          }
          TABLE.remove(key, ref);
          continue;
        }
        if (TABLE.putIfAbsent(key, new Ref(candidate, key)) == null) {
          return candidate;
        }
      }
    }

    private static void expunge() {
      Object r;
      while ((r = QUEUE.poll()) != null) {
        Ref ref = (Ref) r;
        TABLE.remove(ref.key, ref);
      }
    }

    private static final class Ref extends WeakReference<Node> {
      final Key key;

      Ref(Node n, Key key) {
        super(n, QUEUE);
        this.key = key;
      }
    }

    private static final class Key {
      final Op op;
      final Node[] inputs;
      final int hash;

      Key(Node n) {
        this.op = n.op;
        this.inputs = n.inputs;
        this.hash = n.hash;
      }

      @Override
      public boolean equals(Object o) {
        if (!(o instanceof Key)) {
          return false;
        }
        Key k = (Key) o;
        if (hash != k.hash || inputs.length != k.inputs.length || !op.equals(k.op)) {
          return false;
        }
        for (int i = 0; i < inputs.length; i++) {
          if (inputs[i] != k.inputs[i]) {
            return false;
          }
        }
        return true;
      }

      @Override
      public int hashCode() {
        return hash;
      }
    }
  }
}
