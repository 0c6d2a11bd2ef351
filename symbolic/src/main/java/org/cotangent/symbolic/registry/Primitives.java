package org.cotangent.symbolic.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.control.ClosedCall;
import org.cotangent.symbolic.control.Cond;
import org.cotangent.symbolic.control.Scan;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Params;
import org.cotangent.symbolic.ops.ArgReduce;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BinaryOp;
import org.cotangent.symbolic.ops.BroadcastInDim;
import org.cotangent.symbolic.ops.Compare;
import org.cotangent.symbolic.ops.Concatenate;
import org.cotangent.symbolic.ops.Cumulative;
import org.cotangent.symbolic.ops.ConvertElementType;
import org.cotangent.symbolic.ops.DimValue;
import org.cotangent.symbolic.ops.DotGeneral;
import org.cotangent.symbolic.ops.Gather;
import org.cotangent.symbolic.ops.Index;
import org.cotangent.symbolic.ops.MakeComplex;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Iota;
import org.cotangent.symbolic.ops.Pad;
import org.cotangent.symbolic.ops.Reduce;
import org.cotangent.symbolic.ops.Reshape;
import org.cotangent.symbolic.ops.Rev;
import org.cotangent.symbolic.ops.ScatterAdd;
import org.cotangent.symbolic.ops.Select;
import org.cotangent.symbolic.ops.Slice;
import org.cotangent.symbolic.ops.Sort;
import org.cotangent.symbolic.ops.Transpose;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.UnaryOp;
import org.cotangent.symbolic.ops.linalg.Cholesky;
import org.cotangent.symbolic.ops.linalg.Det;
import org.cotangent.symbolic.ops.linalg.Inv;
import org.cotangent.symbolic.ops.linalg.Eigh;
import org.cotangent.symbolic.ops.linalg.Slogdet;
import org.cotangent.symbolic.ops.linalg.Solve;
import org.cotangent.symbolic.ops.linalg.TriangularSolve;

/**
 * The registry of primitives by name (JAX keys its rule tables by primitive; this is the table of
 * names). Each entry decodes the primitive's static parameters from their canonical text ({@link
 * Op#canonicalParamsText}), which is how the IR reader rebuilds a graph, and lists the primitives
 * for table-driven tests. Elementwise rows are registered from their tables ({@link Unary#ALL},
 * {@link Binary#ALL}, {@link Compare#ALL}); every other primitive is one line below. (Its own
 * package, above {@code ops} and {@code control}, so that no primitive package depends on it.)
 */
public final class Primitives {
  private Primitives() {}

  private static final Map<String, Function<Params, Op>> DECODERS = build();

  private static Map<String, Function<Params, Op>> build() {
    Map<String, Function<Params, Op>> m = new TreeMap<>();
    for (UnaryOp op : Unary.ALL) {
      m.put(op.name(), p -> op);
    }
    for (BinaryOp op : Binary.ALL) {
      m.put(op.name(), p -> op);
    }
    for (Compare op : Compare.ALL) {
      m.put(op.name(), p -> op);
    }
    m.put("select", p -> Select.SELECT);
    m.put("complex", p -> MakeComplex.COMPLEX);
    m.put("integer_pow", p -> new IntegerPow(p.integer("y")));
    m.put("convert_element_type", p -> new ConvertElementType(p.dtype(0)));
    m.put("broadcast_in_dim", p -> new BroadcastInDim(p.shape("shape"), p.ints("dims")));
    m.put("reshape", p -> new Reshape(p.shape("shape")));
    m.put("transpose", p -> new Transpose(p.ints("permutation")));
    m.put("slice", p -> {
      if (p.hasSizeExpressions("start") || p.hasSizeExpressions("limit")) {
        return new Slice(p.dims("start"), p.dims("limit"));
      }
      int[] start = p.ints("start");
      int[] ones = new int[start.length];
      java.util.Arrays.fill(ones, 1);
      return new Slice(start, p.ints("limit"), p.ints("strides", ones));
    });
    m.put("pad", p -> {
      if (p.hasSizeExpressions("low") || p.hasSizeExpressions("high")) {
        return new Pad(p.dims("low"), p.dims("high"));
      }
      int[] low = p.ints("low");
      return new Pad(low, p.ints("high"), p.ints("interior", new int[low.length]));
    });
    m.put("rev", p -> new Rev(p.ints("axes")));
    m.put("cumsum", p -> new Cumulative.Cumsum(p.integer("axis"), p.bool("reverse")));
    m.put("cumprod", p -> new Cumulative.Cumprod(p.integer("axis"), p.bool("reverse")));
    m.put("gather", p -> new Gather(p.integer("axis")));
    m.put("scatter_add", p -> new ScatterAdd(p.integer("axis"), p.dim("size")));
    m.put("sort", p -> new Sort.Values(p.integer("axis")));
    m.put("argsort", p -> new Sort.Positions(p.integer("axis")));
    m.put("concatenate", p -> new Concatenate(p.integer("axis")));
    m.put("index", p -> new Index(p.integer("axis"), p.integer("index")));
    m.put("reduce_sum", p -> new Reduce.Sum(p.ints("axes")));
    m.put("reduce_max", p -> new Reduce.Max(p.ints("axes")));
    m.put("reduce_prod", p -> new Reduce.Prod(p.ints("axes")));
    m.put("argmax", p -> ArgReduce.argmax(p.integer("axis")));
    m.put("argmin", p -> ArgReduce.argmin(p.integer("axis")));
    m.put("dot_general", p -> {
      int[][] contract = p.intPair("contract");
      int[][] batch = p.intPair("batch");
      return new DotGeneral(contract[0], contract[1], batch[0], batch[1]);
    });
    m.put("iota", p -> new Iota(p.type(0), p.integer("dimension")));
    m.put("dim_value", p -> new DimValue(p.dim("size"), p.dtype(0)));
    m.put("closed_call", p -> new ClosedCall(p.graph("graph"), p.integer("out"),
        p.integer("linear_from"), p.has("remat") && p.bool("remat")));
    m.put("cond", p -> new Cond(p.graphs("branches"), p.integer("out"), p.integer("linear_from")));
    m.put("custom_jvp", p -> {
      List<org.cotangent.symbolic.ir.Graph> g = p.graphs("graphs");
      return new org.cotangent.symbolic.control.CustomJvp(g.get(0), g.get(1), p.integer("out"));
    });
    m.put("custom_vjp", p -> {
      List<org.cotangent.symbolic.ir.Graph> g = p.graphs("graphs");
      return new org.cotangent.symbolic.control.CustomVjp(g.get(0), g.get(1), g.get(2),
          p.integer("out"));
    });
    m.put("custom_vjp_tangent", p -> new org.cotangent.symbolic.control.CustomVjp.Tangent(
        p.graph("graph"), p.integer("residuals"), p.integer("out")));
    m.put("scan", p -> {
      List<Integer> linear = new java.util.ArrayList<>();
      for (int i : p.ints("linear", new int[0])) {
        linear.add(i);
      }
      return new Scan(p.graph("graph"), p.integer("consts"), p.integer("carry"),
          p.dim("length"), p.bool("reverse"), p.integer("out"), linear);
    });
    m.put("revolve_scan", p -> new org.cotangent.symbolic.control.RevolveScan(new Scan(
        p.graph("graph"), p.integer("consts"), p.integer("carry"), p.integer("length"),
        p.bool("reverse"), p.integer("out"), List.of()), p.integer("snapshots")));
    m.put("revolve_scan_tangent", p -> new org.cotangent.symbolic.control.RevolveScan.Tangent(
        new Scan(p.graph("graph"), p.integer("consts"), p.integer("carry"), p.integer("length"),
            p.bool("reverse"), p.integer("out"), List.of()), p.integer("snapshots")));
    m.put("revolve_reverse", p -> {
      List<org.cotangent.symbolic.ir.Graph> g = p.graphs("graphs");
      return new org.cotangent.symbolic.control.RevolveReverse(g.get(0), g.get(1),
          p.integer("aux"), p.integer("consts"), p.integer("carry"), p.integer("length"),
          p.bool("reverse"), p.integer("snapshots"), p.integer("out"));
    });
    m.put("while", p -> {
      List<org.cotangent.symbolic.ir.Graph> gs = p.graphs("graphs");
      List<Integer> linear = new java.util.ArrayList<>();
      for (int i : p.ints("linear", new int[0])) {
        linear.add(i);
      }
      return new org.cotangent.symbolic.control.WhileLoop(gs.get(0), gs.get(1),
          p.integer("consts"), p.integer("max_steps"), p.integer("out"), linear);
    });
    m.put("cholesky", p -> Cholesky.CHOLESKY);
    m.put("triangular_solve", p -> new TriangularSolve(p.bool("left_side"), p.bool("lower"),
        p.bool("transpose_a"), p.bool("conjugate_a"), p.bool("unit_diagonal")));
    m.put("solve", p -> new Solve(p.bool("transpose_a")));
    m.put("inv", p -> Inv.INV);
    m.put("det", p -> Det.DET);
    m.put("slogdet", p -> Slogdet.of(Slogdet.Part.parse(p.word("part"))));
    m.put("eigh", p -> Eigh.of(Eigh.Part.parse(p.word("part"))));
    m.put("const", p -> Constant.op(p.type(0),
        p.has("data") ? p.doubles("data") : new double[p.type(0).dtype().width()]));
    return Collections.unmodifiableMap(m);
  }

  /** The registered primitive names, sorted. */
  public static List<String> names() {
    return List.copyOf(DECODERS.keySet());
  }

  public static boolean has(String name) {
    return DECODERS.containsKey(name);
  }

  /** The op {@code name} with the static parameters {@code params}. */
  public static Op decode(String name, Params params) {
    Function<Params, Op> d = DECODERS.get(name);
    if (d == null) {
      throw new IrException("unknown primitive '" + name + "'");
    }
    Op op = d.apply(params);
    if (!op.name().equals(name)) {
      throw new IllegalStateException("decoder of '" + name + "' made '" + op.name() + "'");
    }
    return op;
  }
}
