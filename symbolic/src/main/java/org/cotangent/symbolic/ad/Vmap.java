package org.cotangent.symbolic.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.SymbolicDimException;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Batched;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Batching;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.ir.Provenance;

/**
 * vmap as a graph transformation (JAX's batching interpreter): every node of {@code f} is rebuilt
 * with its op's batching rule, tracking for each value the axis that is the batch axis, or {@code
 * -1} for values that do not depend on batched inputs (those are rebuilt as they are, so the
 * result is one program over the whole batch, never a copy per element).
 */
public final class Vmap {
  private Vmap() {}

  /** Batch axis value meaning "this input is not batched" (JAX's {@code in_axes=None}). */
  public static final int NOT_MAPPED = Batched.NOT_MAPPED;

  /** {@link #vmap(Graph, int[], int[], int)} with one {@code outAxis} for every output. */
  public static Graph vmap(Graph f, int[] inAxes, int outAxis, int batchSize) {
    int[] outAxes = new int[f.outputs().size()];
    Arrays.fill(outAxes, outAxis);
    return vmap(f, inAxes, outAxes, batchSize);
  }

  /**
   * The batched version of {@code f}: input {@code i} gets a batch axis of length {@code
   * batchSize} inserted at {@code inAxes[i]} ({@code -1}: not batched, shared by every element);
   * output {@code j} has it at {@code outAxes[j]} ({@link #NOT_MAPPED}: JAX's {@code
   * out_axes=None}, for an output that does not depend on the mapped arguments). Outputs that do not depend on batched inputs
   * are broadcast along the batch axis.
   */
  public static Graph vmap(Graph f, int[] inAxes, int[] outAxes, int batchSize) {
    return vmap(f, inAxes, outAxes, Dim.of(batchSize));
  }

  /** {@link #vmap(Graph, int[], int[], int)} with a batch size that may be symbolic ({@code b}). */
  public static Graph vmap(Graph f, int[] inAxes, int[] outAxes, Dim batchSize) {
    if (inAxes.length != f.arity()) {
      throw new IrException("vmap: in_axes has " + inAxes.length + " entries for a function of "
          + f.arity() + " argument" + (f.arity() == 1 ? "" : "s"));
    }
    if (outAxes.length != f.outputs().size()) {
      throw new IrException("vmap: out_axes has " + outAxes.length + " entries for "
          + f.outputs().size() + " output" + (f.outputs().size() == 1 ? "" : "s"));
    }
    if (batchSize.isConstant() && batchSize.constant() < 0) {
      throw new IrException("vmap: negative batch size " + batchSize);
    }
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < f.arity(); i++) {
      TensorType t = f.inputTypes().get(i);
      int a = inAxes[i];
      if (a == NOT_MAPPED) {
        types.add(t);
        continue;
      }
      if (a < 0 || a > t.rank()) {
        throw new IrException("vmap: in_axes " + a + " of argument " + i + " ("
            + f.inputNames().get(i) + ") is out of range: the batched argument has rank "
            + (t.rank() + 1));
      }
      types.add(t.withShape(Batching.insert(t.shape(), a, batchSize)));
    }
    List<Node> params = Graph.params(types);
    Provenance prov = new Provenance();
    List<Batched> outs = batchNodes(f, params, inAxes, prov);
    List<Node> result = new ArrayList<>();
    for (int j = 0; j < outs.size(); j++) {
      Batched b = outs.get(j);
      int a = outAxes[j];
      int rank = f.output(j).rank();
      if (a == NOT_MAPPED) {
        if (b.isMapped()) {
          throw new IrException("vmap: out_axes is None for output " + j + " ("
              + f.outputName(j) + "), but it depends on the mapped arguments; give it an axis");
        }
        result.add(b.value);
        continue;
      }
      if (a < 0 || a > rank) {
        throw new IrException("vmap: out_axes " + a + " of output " + j + " is out of range: the"
            + " batched output has rank " + (rank + 1));
      }
      result.add(b.isMapped() ? Batching.moveAxis(b.value, b.dim, a)
          : Batching.addAxis(b.value, a, batchSize));
    }
    List<String> outNames = new ArrayList<>();
    for (int j = 0; j < outs.size(); j++) {
      outNames.add(f.outputName(j));
    }
    return new Graph(f.inputNames(), types, result, outNames, prov);
  }

  /**
   * The mapped axes of a call, checked and normalised, with one set of messages for every front
   * door (the Java API and the script language): {@code axes[i]} is the axis of argument {@code
   * i} (null: not mapped; negative: from the end), written into {@code normalized} ({@link
   * #NOT_MAPPED} for null). Returns the batch size, which the mapped arguments must agree on.
   *
   * @param fn the function's name, for messages ({@code vmap(fn)})
   * @param names how each argument is called in messages ("argument 0 (x)")
   */
  public static int batchSize(String fn, List<TensorType> types, List<String> names,
      Integer[] axes, int[] normalized) {
    int size = -1;
    int from = -1;
    for (int i = 0; i < types.size(); i++) {
      TensorType t = types.get(i);
      if (axes[i] == null) {
        normalized[i] = NOT_MAPPED;
        continue;
      }
      int a = axes[i] < 0 ? axes[i] + t.rank() : axes[i];
      if (a < 0 || a >= t.rank()) {
        throw new IrException("vmap(" + fn + "): in_axes " + axes[i] + " is out of range for "
            + names.get(i) + " of type " + t);
      }
      int n = t.shape().dim(a);
      if (size >= 0 && n != size) {
        // The messages' text is made only here (names may be computed on demand).
        throw new IrException("vmap(" + fn + ") got inconsistent sizes for the mapped axes: "
            + names.get(from) + " has size " + size + " along axis " + normalized[from]
            + ", but " + names.get(i) + " has size " + n + " along axis " + a);
      }
      size = n;
      from = i;
      normalized[i] = a;
    }
    if (size < 0) {
      throw new IrException("vmap(" + fn + ") needs at least one mapped argument (every in_axes"
          + " entry is None)");
    }
    return size;
  }

  /**
   * Applies {@code f} to {@code args}, where {@code args.get(i)} carries a batch axis at {@code
   * dims[i]} ({@code -1}: not mapped): the outputs with their batch axes. The core of vmap, on
   * nodes, so other transformations (jacfwd, jacrev) build on it. The names and origins of {@code
   * f}'s nodes carry over to the batched ones (and their origins to the nodes a batching rule
   * makes on the way, such as moved axes), into {@code into} if it is not null.
   */
  public static List<Batched> batchNodes(Graph f, List<Node> args, int[] dims, Provenance into) {
    Map<Node, Batched> env = new IdentityHashMap<>();
    for (Node n : f.topoOrder()) {
      Batched b;
      if (n.op() instanceof Param) {
        int i = ((Param) n.op()).index();
        b = new Batched(args.get(i), dims[i]);
      } else {
        Node[] ins = new Node[n.arity()];
        int[] ds = new int[n.arity()];
        for (int k = 0; k < ins.length; k++) {
          Batched in = env.get(n.input(k));
          ins[k] = in.value;
          ds[k] = in.dim;
        }
        try {
          b = n.op().batch(Collections.unmodifiableList(Arrays.asList(ins)), ds);
        } catch (SymbolicDimException e) {
          throw SymbolicDimException.in("vmap", n.op().name(), e);
        }
        if (b.value.dtype() != n.dtype()
            || b.value.rank() != n.rank() + (b.isMapped() ? 1 : 0)) {
          throw new IllegalStateException("batching rule of " + n.op() + " gave " + b.value.type()
              + " (batch axis " + b.dim + ") for " + n.type());
        }
        if (into != null) {
          into.derive(f, n, b.value, "", null);
        }
      }
      env.put(n, b);
    }
    List<Batched> outs = new ArrayList<>();
    for (Node o : f.outputs()) {
      outs.add(env.get(o));
    }
    return outs;
  }
}
