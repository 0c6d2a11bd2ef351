package org.cotangent.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Param;
import org.cotangent.symbolic.kernels.RealMath;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BinaryOp;
import org.cotangent.symbolic.ops.ConvertElementType;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.UnaryOp;

/**
 * The first tier (issue 12 item 5): a graph lowered once into flat arrays (an opcode, operand
 * registers and a result register per node, in topological order) and run by a loop over them,
 * CasADi's SX virtual machine. Scalar (rank-0) values live in a {@code double[]} register file;
 * arrays in a {@code double[][]} one and are computed by their op's reference evaluation ({@code
 * Op.eval}, the interpreter's kernels). Registers are reused once a value's last reader has run.
 *
 * <p>A tape computes the same bits as the generated Java code: a scalar op calls the function its
 * Java expression calls ({@code Math}, {@code RealMath} via {@code Rt}, plain arithmetic, no FMA),
 * and only primitives whose reference evaluation is known to agree bit for bit with their lowering
 * are covered ({@link #covers}; tested on random programs against the compiled code). A graph with
 * anything else is not lowered: it goes to Janino directly. Like generated code, a tape keeps no
 * mutable state (each call has its own register files), writes every output element and never
 * writes its inputs.
 */
public final class Tape implements Program {
  // Opcodes. Scalar fast paths, then the generic paths.
  private static final int ADD = 0;
  private static final int SUB = 1;
  private static final int MUL = 2;
  private static final int DIV = 3;
  private static final int NEG = 4;
  private static final int SIN = 5;
  private static final int COS = 6;
  private static final int TANH = 7;
  private static final int EXP = 8;
  private static final int LOG = 9;
  private static final int SQUARE = 10;
  private static final int UNARY = 11;
  private static final int BINARY = 12;
  /** Any covered op through its reference evaluation, on tensors. */
  private static final int EVAL = 13;

  private static final int UNREAD = Integer.MIN_VALUE;

  /**
   * Primitives other than the elementwise ones whose reference evaluation agrees bit for bit with
   * generated code (data movement is exact; reductions accumulate in index order in both).
   */
  private static final Set<String> STRUCTURAL = Set.of("broadcast_in_dim", "reshape", "slice",
      "pad", "concatenate", "transpose", "rev", "iota", "reduce_sum", "reduce_max", "reduce_min");

  private final int[] code;
  private final int[] lhs;
  private final int[] rhs;
  private final int[] dst;
  /** Per instruction: the op (UNARY, BINARY, EVAL) and for EVAL the operands and input types. */
  private final Op[] ops;
  private final int[][] evalArgs;
  private final TensorType[][] evalTypes;
  private final TensorType[] evalOut;
  private final double[] scalarInit;
  private final double[][] arrayInit;
  /** Register of input i (a scalar register, or ~k for array register k), {@link #UNREAD} if none. */
  private final int[] inputs;
  private final int[] outputs;
  private final int[] outputWidths;
  private final int nodes;

  private Tape(Builder b) {
    int n = b.code.size();
    code = new int[n];
    lhs = new int[n];
    rhs = new int[n];
    dst = new int[n];
    ops = new Op[n];
    evalArgs = new int[n][];
    evalTypes = new TensorType[n][];
    evalOut = new TensorType[n];
    for (int k = 0; k < n; k++) {
      int[] ins = b.code.get(k);
      code[k] = ins[0];
      lhs[k] = ins[1];
      rhs[k] = ins[2];
      dst[k] = ins[3];
      ops[k] = b.ops.get(k);
      evalArgs[k] = b.evalArgs.get(k);
      evalTypes[k] = b.evalTypes.get(k);
      evalOut[k] = b.evalOut.get(k);
    }
    scalarInit = Arrays.copyOf(b.scalarInit, b.scalars);
    arrayInit = b.arrayInit.toArray(new double[0][]);
    inputs = b.inputs;
    outputs = b.outputs;
    outputWidths = b.outputWidths;
    nodes = b.nodeCount;
  }

  /**
   * True if every node of {@code g} is covered: parameters, constants, elementwise primitives
   * (those with a Java expression) on real dtypes, and the data-movement primitives and
   * reductions of {@link #STRUCTURAL}; the graph's sizes are static.
   */
  public static boolean covers(Graph g) {
    return g.isStatic() && covers(g.topoOrder());
  }

  private static boolean covers(List<Node> order) {
    for (Node n : order) {
      if (!covers(n)) {
        return false;
      }
    }
    return true;
  }

  private static boolean covers(Node n) {
    if (n.dtype().isComplex()) {
      return false;
    }
    for (Node in : n.inputs()) {
      if (in.dtype().isComplex()) {
        return false;
      }
    }
    Op op = n.op();
    if (op instanceof Param) {
      return ((Param) op).isInput();
    }
    if (op instanceof UnaryOp) {
      return ((UnaryOp) op).javaTemplate() != null;
    }
    if (op instanceof BinaryOp) {
      return true;
    }
    if (op instanceof Constant || STRUCTURAL.contains(op.name())) {
      return op.outputFamily() == null;
    }
    if (op.outputFamily() != null || !op.subgraphs().isEmpty()) {
      return false;
    }
    List<String> placeholders = new ArrayList<>();
    for (int i = 0; i < n.arity(); i++) {
      placeholders.add("a" + i);
    }
    return op.javaExpression(placeholders) != null;
  }

  /** {@code g} lowered to a tape; {@link #covers}{@code (g)} must hold. */
  public static Tape lower(Graph g) {
    Tape t = lowerIfCovered(g);
    if (t == null) {
      throw new IllegalArgumentException("graph has nodes the tape does not cover");
    }
    return t;
  }

  /** {@code g} lowered to a tape, or null if the tape does not {@link #covers} it. */
  public static Tape lowerIfCovered(Graph g) {
    if (!g.isStatic()) {
      return null;
    }
    List<Node> order = g.topoOrder();
    return covers(order) ? new Builder(g, order).build() : null;
  }

  /** Number of instructions (nodes other than parameters and constants). */
  public int length() {
    return code.length;
  }

  /** Whether some instruction works on arrays (through its op's reference evaluation). */
  public boolean hasArrays() {
    return arrayInit.length > 0;
  }

  /** Number of graph nodes lowered. */
  public int nodeCount() {
    return nodes;
  }

  @Override
  public void call(double[][] in, double[][] out) {
    double[] r = scalarInit.clone();
    double[][] a = arrayInit.clone();
    for (int i = 0; i < inputs.length; i++) {
      int s = inputs[i];
      if (s >= 0) {
        r[s] = in[i][0];
      } else if (s != UNREAD) {
        a[~s] = in[i];
      }
    }
    final int[] code = this.code;
    final int[] lhs = this.lhs;
    final int[] rhs = this.rhs;
    final int[] dst = this.dst;
    for (int k = 0; k < code.length; k++) {
      switch (code[k]) {
        case ADD: r[dst[k]] = r[lhs[k]] + r[rhs[k]]; break;
        case SUB: r[dst[k]] = r[lhs[k]] - r[rhs[k]]; break;
        case MUL: r[dst[k]] = r[lhs[k]] * r[rhs[k]]; break;
        case DIV: r[dst[k]] = r[lhs[k]] / r[rhs[k]]; break;
        case NEG: r[dst[k]] = -r[lhs[k]]; break;
        case SIN: r[dst[k]] = Math.sin(r[lhs[k]]); break;
        case COS: r[dst[k]] = Math.cos(r[lhs[k]]); break;
        case TANH: r[dst[k]] = RealMath.tanh(r[lhs[k]]); break;
        case EXP: r[dst[k]] = Math.exp(r[lhs[k]]); break;
        case LOG: r[dst[k]] = Math.log(r[lhs[k]]); break;
        case SQUARE: {
          double x = r[lhs[k]];
          r[dst[k]] = x * x;
          break;
        }
        case UNARY: r[dst[k]] = ((UnaryOp) ops[k]).apply(r[lhs[k]]); break;
        case BINARY: r[dst[k]] = ((BinaryOp) ops[k]).apply(r[lhs[k]], r[rhs[k]]); break;
        default: eval(k, r, a); break;
      }
    }
    for (int j = 0; j < outputs.length; j++) {
      int s = outputs[j];
      if (s >= 0) {
        out[j][0] = r[s];
      } else {
        System.arraycopy(a[~s], 0, out[j], 0, outputWidths[j]);
      }
    }
  }

  private void eval(int k, double[] r, double[][] a) {
    int[] args = evalArgs[k];
    TensorType[] types = evalTypes[k];
    List<Tensor> ins = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      int s = args[i];
      ins.add(Tensor.wrap(types[i], s >= 0 ? new double[] {r[s]} : a[~s]));
    }
    double[] v = ops[k].eval(ins).unsafeData();
    int d = dst[k];
    if (d >= 0) {
      r[d] = v[0];
    } else {
      a[~d] = v;
    }
  }

  @Override
  public String toString() {
    return "Tape[" + code.length + " instructions, " + scalarInit.length + " scalar and "
        + arrayInit.length + " array registers]";
  }

  /** Lowers a graph: registers by liveness, constants preloaded. */
  private static final class Builder {
    final List<int[]> code = new ArrayList<>();
    final List<Op> ops = new ArrayList<>();
    final List<int[]> evalArgs = new ArrayList<>();
    final List<TensorType[]> evalTypes = new ArrayList<>();
    final List<TensorType> evalOut = new ArrayList<>();
    double[] scalarInit = new double[16];
    int scalars;
    final List<double[]> arrayInit = new ArrayList<>();
    final ArrayDeque<Integer> freeScalars = new ArrayDeque<>();
    final ArrayDeque<Integer> freeArrays = new ArrayDeque<>();
    final int[] inputs;
    final int[] outputs;
    final int[] outputWidths;
    final int nodeCount;

    Builder(Graph g, List<Node> order) {
      nodeCount = order.size();
      Map<Node, Integer> position = new IdentityHashMap<>();
      for (int k = 0; k < order.size(); k++) {
        position.put(order.get(k), k);
      }
      // Last reader of each node; outputs and inputs live to the end (an input register holds
      // the caller's array, which must never be reused as a destination).
      int[] last = new int[order.size()];
      for (int k = 0; k < order.size(); k++) {
        for (Node in : order.get(k).inputs()) {
          last[position.get(in)] = k;
        }
      }
      for (Node o : g.outputs()) {
        last[position.get(o)] = Integer.MAX_VALUE;
      }
      inputs = new int[g.arity()];
      Arrays.fill(inputs, UNREAD);
      int[] reg = new int[order.size()];
      // Parameters and constants first: their registers are loaded before the first
      // instruction, so no temporary may have used them.
      for (int k = 0; k < order.size(); k++) {
        Node n = order.get(k);
        Op op = n.op();
        if (op instanceof Param) {
          int s = newRegister(n);
          inputs[((Param) op).index()] = s;
          reg[k] = s;
        } else if (op instanceof Constant) {
          int s = newRegister(n);
          double[] data = ((Constant) op).value().unsafeData();
          if (s >= 0) {
            scalarInit[s] = data[0];
          } else {
            arrayInit.set(~s, data);
          }
          reg[k] = s;
        }
      }
      for (int k = 0; k < order.size(); k++) {
        Node n = order.get(k);
        Op op = n.op();
        if (op instanceof Param || op instanceof Constant) {
          continue;
        }
        int[] args = new int[n.arity()];
        int[] at = new int[n.arity()];
        for (int i = 0; i < args.length; i++) {
          at[i] = position.get(n.input(i));
          args[i] = reg[at[i]];
        }
        // Free the registers of inputs read for the last time here, then take the destination
        // (an instruction may write the register it reads: every opcode reads before it writes).
        for (int i = 0; i < args.length; i++) {
          if (last[at[i]] == k && firstOccurrence(n, i) && !pinned(n.input(i))) {
            free(args[i]);
          }
        }
        int d = newRegister(n);
        reg[k] = d;
        emit(n, args, d);
      }
      outputs = new int[g.outputs().size()];
      outputWidths = new int[outputs.length];
      for (int j = 0; j < outputs.length; j++) {
        Node o = g.output(j);
        outputs[j] = reg[position.get(o)];
        outputWidths[j] = o.type().size() * o.dtype().width();
      }
    }

    private static boolean pinned(Node n) {
      return n.op() instanceof Param || n.op() instanceof Constant;
    }

    private static boolean firstOccurrence(Node n, int i) {
      for (int p = 0; p < i; p++) {
        if (n.input(p) == n.input(i)) {
          return false;
        }
      }
      return true;
    }

    private void emit(Node n, int[] args, int d) {
      Op op = n.op();
      boolean scalar = d >= 0;
      for (int s : args) {
        scalar &= s >= 0;
      }
      int opcode = EVAL;
      if (scalar && op instanceof UnaryOp) {
        opcode = op.equals(Unary.NEG) ? NEG : op.equals(Unary.SIN) ? SIN
            : op.equals(Unary.COS) ? COS : op.equals(Unary.TANH) ? TANH
            : op.equals(Unary.EXP) ? EXP : op.equals(Unary.LOG) ? LOG
            : op.equals(Unary.SQUARE) ? SQUARE : UNARY;
      } else if (scalar && op instanceof BinaryOp) {
        opcode = op.equals(Binary.ADD) ? ADD : op.equals(Binary.SUB) ? SUB
            : op.equals(Binary.MUL) ? MUL : op.equals(Binary.DIV) ? DIV : BINARY;
      }
      code.add(new int[] {opcode, args.length > 0 ? args[0] : 0, args.length > 1 ? args[1] : 0,
          d});
      ops.add(opcode >= UNARY ? op : null);
      if (opcode == EVAL) {
        TensorType[] types = new TensorType[args.length];
        for (int i = 0; i < args.length; i++) {
          types[i] = n.input(i).type();
        }
        evalArgs.add(args);
        evalTypes.add(types);
        evalOut.add(n.type());
      } else {
        evalArgs.add(null);
        evalTypes.add(null);
        evalOut.add(null);
      }
    }

    private int newRegister(Node n) {
      if (n.rank() == 0) {
        Integer s = freeScalars.poll();
        if (s != null) {
          return s;
        }
        if (scalars == scalarInit.length) {
          scalarInit = Arrays.copyOf(scalarInit, 2 * scalars);
        }
        return scalars++;
      }
      Integer s = freeArrays.poll();
      if (s != null) {
        return ~s;
      }
      arrayInit.add(null);
      return ~(arrayInit.size() - 1);
    }

    private void free(int s) {
      if (s >= 0) {
        freeScalars.push(s);
      } else {
        freeArrays.push(~s);
      }
    }

    Tape build() {
      return new Tape(this);
    }
  }
}
