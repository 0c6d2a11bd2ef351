package org.cotangent.symbolic.ops;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;

/**
 * Helpers shared by the batching rules (JAX's {@code batching.py}): moving a batch axis, giving an
 * unmapped value a batch axis by broadcasting, and the two generic batchers, {@link #vectorized}
 * for elementwise unary ops and {@link #broadcasting} for elementwise ops of several operands.
 */
public final class Batching {
  private Batching() {}

  /** The batch size: the length of the batch axis of the mapped arguments (they must agree). */
  public static int size(List<Node> args, int[] dims) {
    Dim n = batchSize(args, dims);
    if (!n.isConstant()) {
      throw new SymbolicDimException("vmap: this batching rule needs a constant batch size, got "
          + n, n);
    }
    return (int) n.constant();
  }

  /**
   * The batch size as a {@link Dim}: the length of the batch axis of the mapped arguments, which
   * must agree (provably, when they are symbolic).
   */
  public static Dim batchSize(List<Node> args, int[] dims) {
    Dim n = null;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != Batched.NOT_MAPPED) {
        Dim s = args.get(i).type().shape().extent(dims[i]);
        if (n != null && !s.equals(n)) {
          if (n.isConstant() && s.isConstant()) {
            throw new IrException("vmap: batched arguments have different batch sizes " + n
                + " and " + s);
          }
          Dims.requireEqual(n, s, "vmap", "the batch sizes of the batched arguments");
        }
        n = s;
      }
    }
    if (n == null) {
      throw new IllegalStateException("no mapped argument");
    }
    return n;
  }

  /** {@code x} with axis {@code from} moved to position {@code to}, the others in order. */
  public static Node moveAxis(Node x, int from, int to) {
    if (from == to) {
      return x;
    }
    int r = x.rank();
    int[] perm = new int[r];
    for (int i = 0, k = 0; i < r; i++) {
      if (i == to) {
        perm[i] = from;
      } else {
        if (k == from) {
          k++;
        }
        perm[i] = k++;
      }
    }
    return Ir.transpose(x, perm);
  }

  /**
   * {@code x} with its batch axis first: moved there if {@code x} is mapped at {@code dim},
   * otherwise a new leading axis of length {@code size} (a broadcast).
   */
  public static Node toFront(Node x, int dim, int size) {
    return toFront(x, dim, Dim.of(size));
  }

  /** {@link #toFront(Node, int, int)} with a batch size that may be symbolic. */
  public static Node toFront(Node x, int dim, Dim size) {
    if (dim != Batched.NOT_MAPPED) {
      return moveAxis(x, dim, 0);
    }
    return addAxis(x, 0, size);
  }

  /** {@code x} broadcast along a new axis of length {@code size} inserted at {@code at}. */
  public static Node addAxis(Node x, int at, int size) {
    return addAxis(x, at, Dim.of(size));
  }

  /** {@link #addAxis(Node, int, int)} with a size that may be symbolic. */
  public static Node addAxis(Node x, int at, Dim size) {
    int r = x.rank();
    Dim[] d = new Dim[r + 1];
    int[] map = new int[r];
    for (int i = 0, k = 0; i <= r; i++) {
      if (i == at) {
        d[i] = size;
      } else {
        map[k] = i;
        d[i] = x.type().shape().extent(k++);
      }
    }
    return Ir.broadcastInDim(x, Shape.of(d), map);
  }

  /** {@code axes} shifted past a batch axis at the front (each plus one). */
  public static int[] shifted(int[] axes) {
    int[] r = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = axes[i] + 1;
    }
    return r;
  }

  /** {@code 0} followed by {@code axes} shifted by one: a leading batch axis kept in place. */
  public static int[] withLeading(int[] axes) {
    int[] r = new int[axes.length + 1];
    for (int i = 0; i < axes.length; i++) {
      r[i + 1] = axes[i] + 1;
    }
    return r;
  }

  /** {@code shape} with {@code size} inserted at {@code at}. */
  public static Shape insert(Shape shape, int at, int size) {
    return insert(shape, at, Dim.of(size));
  }

  /** {@code shape} with {@code size} (constant or symbolic) inserted at {@code at}. */
  public static Shape insert(Shape shape, int at, Dim size) {
    Dim[] e = shape.extents();
    Dim[] r = new Dim[e.length + 1];
    for (int i = 0, k = 0; i < r.length; i++) {
      r[i] = i == at ? size : e[k++];
    }
    return Shape.of(r);
  }

  /** {@code a} with {@code v} inserted at {@code at}. */
  public static int[] insert(int[] a, int at, int v) {
    int[] r = new int[a.length + 1];
    for (int i = 0, k = 0; i < r.length; i++) {
      r[i] = i == at ? v : a[k++];
    }
    return r;
  }

  /** Elementwise unary ops: the op applies to the batched array as it is; the axis stays. */
  public static Batched vectorized(Op op, List<Node> args, int[] dims) {
    return new Batched(Node.make(op, args.get(0)), dims[0]);
  }

  /**
   * Elementwise ops whose operands have one shape: if every mapped operand is mapped at the same
   * axis the op applies there, unmapped operands broadcast along it; otherwise every operand gets
   * its batch axis first (unmapped ones by {@code broadcast_in_dim}) and the result is mapped at 0.
   */
  public static Batched broadcasting(Op op, List<Node> args, int[] dims) {
    int at = Batched.NOT_MAPPED;
    boolean same = true;
    for (int d : dims) {
      if (d != Batched.NOT_MAPPED) {
        same &= at == Batched.NOT_MAPPED || d == at;
        at = d;
      }
    }
    if (same) {
      // Every mapped operand has its batch axis at one place: the unmapped ones get theirs there
      // too (JAX's broadcast_batcher), so a batch axis that is not first stays where it is.
      Dim size = batchSize(args, dims);
      Node[] a = new Node[args.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = dims[i] == Batched.NOT_MAPPED ? addAxis(args.get(i), at, size) : args.get(i);
      }
      return new Batched(Node.make(op, a), at);
    }
    return new Batched(Node.make(op, allToFront(args, dims)), 0);
  }

  /** Every argument with its batch axis first, unmapped ones broadcast. */
  public static Node[] allToFront(List<Node> args, int[] dims) {
    Dim size = batchSize(args, dims);
    List<Node> moved = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      moved.add(toFront(args.get(i), dims[i], size));
    }
    return moved.toArray(new Node[0]);
  }
}
