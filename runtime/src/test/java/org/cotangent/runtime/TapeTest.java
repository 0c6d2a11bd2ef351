package org.cotangent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Binary;
import org.cotangent.symbolic.ops.BinaryOp;
import org.cotangent.symbolic.ops.Compare;
import org.cotangent.symbolic.ops.Unary;
import org.cotangent.symbolic.ops.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The tape computes the same bits as the generated code (compiled by Janino here) and as the
 * reference interpreter, on random scalar DAGs and their gradients, on every elementwise row at
 * special values, and on array programs.
 */
class TapeTest {
  private static final CompileService SERVICE = new CompileService(64);

  /** Values where functions round, saturate or are undefined. */
  static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-300, -1e300, 1e10,
      20.0, -20.0, 710.0, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Math.PI, 0.1, 7.0};

  /**
   * A random DAG of {@code ops} scalar operations over {@code inputs} scalars, drawing on every
   * scalar-op kind the tape has an opcode or a generic path for; the output is the sum of every
   * value nothing else reads.
   */
  static Graph randomDag(int inputs, int ops, long seed) {
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      types.add(TensorType.f64());
    }
    return Graph.trace(Graph.defaultNames(inputs, "x"), types, xs -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<Node> vals = new ArrayList<>(xs);
      boolean[] read = new boolean[inputs + ops];
      for (int k = 0; k < ops; k++) {
        int a = vals.size() - 1 - r.nextInt(Math.min(vals.size(), 12));
        int b = r.nextInt(vals.size());
        Node x = vals.get(a);
        Node y = vals.get(b);
        Node n;
        switch (r.nextInt(16)) {
          case 0: n = Ir.add(x, y); break;
          case 1: n = Ir.sub(x, y); break;
          case 2: n = Ir.mul(x, y); break;
          case 3: n = Ir.div(x, Ir.add(Ir.square(y), Ir.full(1.0, y.type()))); break;
          case 4: n = Ir.sin(x); break;
          case 5: n = Ir.cos(x); break;
          case 6: n = Ir.tanh(x); break;
          case 7: n = Ir.exp(Ir.tanh(x)); break;
          case 8: n = Ir.log(Ir.add(Ir.square(x), Ir.full(0.5, x.type()))); break;
          case 9: n = Ir.logistic(x); break;
          case 10: n = Ir.max(x, y); break;
          case 11: n = Ir.select(Ir.lt(x, y), Ir.neg(x), Ir.mul(y, Ir.full(0.75, y.type()))); break;
          case 12: n = Ir.integerPow(x, 3); break;
          case 13: n = Ir.sqrt(Ir.add(Ir.square(x), Ir.full(1e-3, x.type()))); break;
          case 14: n = Ir.mul(Ir.full(2.5, x.type()), Ir.square(y)); break;
          default: n = Ir.neg(Ir.sub(y, x)); break;
        }
        read[a] = true;
        read[b] = true;
        vals.add(n);
      }
      Node out = null;
      for (int i = inputs; i < vals.size(); i++) {
        if (!read[i]) {
          out = out == null ? vals.get(i) : Ir.add(out, vals.get(i));
        }
      }
      return List.of(out);
    });
  }

  static double[][] run(Program p, Graph g, double[][] in) {
    double[][] out = new double[g.outputs().size()][];
    for (int j = 0; j < out.length; j++) {
      Node o = g.output(j);
      out[j] = new double[o.type().size() * o.dtype().width()];
      java.util.Arrays.fill(out[j], -7.25e99);
    }
    p.call(in, out);
    return out;
  }

  /** Tape against compiled code bit for bit, and against the interpreter, on {@code in}. */
  static void assertSameBits(Graph g, Tape tape, Program compiled, double[][] in, String what) {
    double[][] copy = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      copy[i] = in[i].clone();
    }
    double[][] t = run(tape, g, in);
    double[][] c = run(compiled, g, in);
    List<Tensor> args = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      args.add(Tensor.of(g.inputTypes().get(i), in[i]));
      assertTrue(java.util.Arrays.equals(copy[i], in[i]), what + ": the tape wrote input " + i);
    }
    List<Tensor> interp = Interpreter.eval(g, args);
    for (int j = 0; j < t.length; j++) {
      double[] ref = interp.get(j).unsafeData();
      for (int k = 0; k < t[j].length; k++) {
        assertEquals(Double.doubleToLongBits(c[j][k]), Double.doubleToLongBits(t[j][k]),
            what + ": output " + j + " (" + g.output(j).op() + ")[" + k + "] tape " + t[j][k] + " compiled " + c[j][k]);
        assertEquals(Double.doubleToLongBits(ref[k]), Double.doubleToLongBits(t[j][k]),
            what + ": output " + j + "[" + k + "] tape " + t[j][k] + " interpreter " + ref[k]);
      }
    }
  }

  static void check(Graph g, int points, long seed, String what) {
    assertTrue(Tape.covers(g), what + " should be covered");
    Tape tape = Tape.lower(g);
    Program compiled = SERVICE.load(JavaEmitter.emit(g)).program();
    SplittableRandom r = new SplittableRandom(seed);
    for (int p = 0; p < points; p++) {
      double[][] in = new double[g.arity()][];
      for (int i = 0; i < in.length; i++) {
        TensorType t = g.inputTypes().get(i);
        in[i] = new double[t.size()];
        for (int k = 0; k < in[i].length; k++) {
          in[i][k] = p % 4 == 3 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble(-3, 3);
        }
      }
      assertSameBits(g, tape, compiled, in, what + " point " + p);
    }
  }

  @Test
  void randomScalarDagsAndTheirGradientsHaveTheCompiledBits() {
    for (long seed = 1; seed <= 12; seed++) {
      Graph f = randomDag(5, 40 + 20 * (int) seed, seed);
      check(f, 8, seed, "dag " + seed);
      check(Ad.valueAndGrad(f), 8, seed, "value and gradient of dag " + seed);
    }
  }

  @Test
  void aLargeGradientHasTheCompiledBitsAndReusesRegisters() {
    Graph g = Ad.grad(randomDag(10, 1500, 99));
    check(g, 4, 99, "gradient of a 1,500-op dag");
    Tape tape = Tape.lower(g);
    String s = tape.toString();
    int registers = Integer.parseInt(s.replaceAll(".*instructions, (\\d+) scalar.*", "$1"));
    assertTrue(registers < tape.nodeCount() / 2, s + " for " + tape.nodeCount() + " nodes");
  }

  /** Every real unary and binary row and every comparison, one node each, at special values. */
  @Test
  void everyElementwiseRowHasTheCompiledBitsAtSpecialValues() {
    TensorType s = TensorType.f64();
    List<TensorType> types = List.of(s, s);
    Graph g = Graph.trace(List.of("x", "y"), types, xs -> {
      List<Node> outs = new ArrayList<>();
      for (UnaryOp op : Unary.ALL) {
        if (op.domainAccepts(DType.F64) && op.javaTemplate() != null) {
          outs.add(Node.make(op, xs.get(0)));
        }
      }
      for (BinaryOp op : Binary.ALL) {
        outs.add(Node.make(op, xs.get(0), xs.get(1)));
      }
      for (Compare op : Compare.ALL) {
        outs.add(Node.make(op, xs.get(0), xs.get(1)));
      }
      outs.add(Ir.integerPow(xs.get(0), -2));
      outs.add(Ir.integerPow(xs.get(1), 5));
      outs.add(Ir.convert(Ir.convert(xs.get(0), DType.BOOL), DType.F64));
      // Truncation toward zero (Rt.truncate): -0.0, NaN and values beyond 2^63 kept.
      outs.add(Ir.convert(Ir.convert(xs.get(1), DType.I64), DType.F64));
      return outs;
    });
    assertTrue(Tape.covers(g));
    Tape tape = Tape.lower(g);
    Program compiled = SERVICE.load(JavaEmitter.emit(g)).program();
    for (double x : SPECIAL) {
      for (double y : SPECIAL) {
        assertSameBits(g, tape, compiled, new double[][] {{x}, {y}}, "x = " + x + ", y = " + y);
      }
    }
  }

  /** Rosenbrock's gradient: slices, pads, broadcasts, reductions, on arrays. */
  @Test
  void arrayProgramsHaveTheCompiledBits() {
    int n = 10;
    Graph rosen = Graph.trace(List.of("x"), List.of(TensorType.f64(n)), xs -> {
      Node x = xs.get(0);
      Node head = Ir.slice(x, new int[] {0}, new int[] {n - 1});
      Node tail = Ir.slice(x, new int[] {1}, new int[] {n});
      Node a = Ir.sub(tail, Ir.square(head));
      Node b = Ir.sub(Ir.full(1.0, head.type()), head);
      Node terms = Ir.add(Ir.mul(Ir.full(100.0, a.type()), Ir.square(a)), Ir.square(b));
      return List.of(Ir.reduceSum(terms, 0));
    });
    check(rosen, 6, 3, "rosenbrock");
    check(Ad.valueAndGrad(rosen), 6, 4, "gradient of rosenbrock");
    Graph mixed = Graph.trace(List.of("m", "s"), List.of(TensorType.f64(3, 4), TensorType.f64()),
        xs -> {
          Node m = xs.get(0);
          Node b = Ir.broadcastInDim(xs.get(1), Shape.of(3, 4));
          Node t = Ir.tanh(Ir.mul(m, b));
          Node rows = Ir.reduceMax(t, 1);
          Node flat = Ir.reshape(t, Shape.of(12));
          return List.of(Ir.reduceSum(rows, 0), Ir.concatenate(0, flat, flat),
              Ir.reduceSum(Ir.exp(t), 0));
        });
    check(mixed, 6, 5, "reductions, reshape, concatenate");
    check(Ad.grad(sumOf(mixed)), 6, 6, "gradient of reductions");
  }

  private static Graph sumOf(Graph g) {
    return new Graph(g.inputNames(), g.inputTypes(),
        List.of(Ir.add(g.output(0), Ir.reduceSum(g.output(2), 0))));
  }

  @Test
  void uncoveredGraphsAreNotLowered() {
    Graph dot = Graph.trace(List.of("a", "b"), List.of(TensorType.f64(3), TensorType.f64(3)),
        xs -> List.of(Ir.dotGeneral(xs.get(0), xs.get(1), new int[] {0}, new int[] {0},
            new int[0], new int[0])));
    assertFalse(Tape.covers(dot));
    Graph complex = Graph.trace(List.of("z"), List.of(TensorType.of(DType.C128)),
        xs -> List.of(Ir.mul(xs.get(0), xs.get(0))));
    assertFalse(Tape.covers(complex));
  }
}
