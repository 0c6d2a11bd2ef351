package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cotangent.fuzz.SymbolicCheck.Kind;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.SizedFunction;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The complex programs of the {@code symbolic} check (a fraction {@code fuzz.complex} of its
 * programs, chosen on a random stream of its own so that the real programs are unchanged): a
 * random program over x: c128[m,n], v: c128[n], u: c128[m], s: c128 with a real loss, from the
 * families that have complex values at symbolic sizes: complex elementwise arithmetic and
 * functions, real/imag/conj/abs/complex, converts, compare (on real parts) and select,
 * integer_pow, broadcast_in_dim, reduce_sum, dot_general, transpose, reshape, concatenate,
 * slice, pad, index, iota, rev, and the complex linear algebra (cholesky of the Hermitian {@code
 * a a^H + I}, triangular_solve, solve, inv, det, slogdet). Its value and gradient over every input
 * (JAX's convention: {@code df/dx - i df/dy}) are compiled once with symbolic sizes and compared,
 * at three sizes, with the interpreter of the graph specialised to them. Not drawn: reduce_prod
 * (its symbolic JVP needs complex cumprod), cumsum, argmax, sort and scans (no complex rule).
 */
final class SymbolicComplexCheck {
  static final Dim M = SymbolicCheck.M;
  static final Dim N = SymbolicCheck.N;

  private final Random r;
  private final Map<Kind, List<Node>> pool = new EnumMap<>(Kind.class);
  final List<String> ops = new ArrayList<>();

  private SymbolicComplexCheck(Random r) {
    this.r = r;
    for (Kind k : Kind.values()) {
      pool.put(k, new ArrayList<>());
    }
  }

  static TensorType type(Kind k) {
    TensorType t = SymbolicCheck.type(k);
    return TensorType.of(DType.C128, t.shape());
  }

  static Node cfull(double re, double im, TensorType t) {
    TensorType f = TensorType.of(DType.F64, t.shape());
    return Ir.complex(Ir.full(re, f), Ir.full(im, f));
  }

  static Node dot(Node a, Node b, int[] ac, int[] bc) {
    return Ir.dotGeneral(a, b, ac, bc, new int[0], new int[0]);
  }

  /** A random real loss over complex x: c128[m,n], v: c128[n], u: c128[m], s: c128. */
  static Graph program(Random r, List<String> ops) {
    SymbolicComplexCheck g = new SymbolicComplexCheck(r);
    Graph f = Graph.trace(List.of("x", "v", "u", "s"), List.of(type(Kind.MN), type(Kind.N),
        type(Kind.M), type(Kind.S)), ps -> {
          g.pool.get(Kind.MN).add(ps.get(0));
          g.pool.get(Kind.N).add(ps.get(1));
          g.pool.get(Kind.M).add(ps.get(2));
          g.pool.get(Kind.S).add(ps.get(3));
          int steps = 4 + r.nextInt(9);
          for (int i = 0; i < steps; i++) {
            g.step();
          }
          Node loss = Ir.constant(0.0);
          for (Kind k : Kind.values()) {
            List<Node> p = g.pool.get(k);
            if (p.isEmpty()) {
              continue;
            }
            Node last = p.get(p.size() - 1);
            // Re and Im weighted differently, so the gradient's two parts are both exercised.
            Node e = Ir.add(Ir.real(last), Ir.mul(Ir.full(0.5, TensorType.of(DType.F64,
                last.type().shape())), Ir.imag(Ir.mul(last, last))));
            loss = Ir.add(loss, k == Kind.S ? e : Ir.reduceSum(e, Ir.allAxes(e.rank())));
          }
          return List.of(loss);
        });
    ops.addAll(g.ops);
    return f;
  }

  private Node pick(Kind k) {
    List<Node> p = pool.get(k);
    return p.get(p.size() - 1 - r.nextInt(Math.min(3, p.size())));
  }

  private void add(Kind k, Node n) {
    ops.add(n.op().name() + ":" + k);
    pool.get(k).add(n);
  }

  private void step() {
    Kind[] ks = Kind.values();
    Kind k = ks[r.nextInt(ks.length)];
    if (pool.get(k).isEmpty()) {
      k = Kind.MN;
    }
    Node a = pick(k);
    TensorType t = a.type();
    TensorType real = TensorType.of(DType.F64, t.shape());
    switch (r.nextInt(15)) {
      case 0:
        add(k, r.nextBoolean() ? Ir.sin(a) : Ir.tanh(a));
        break;
      case 1:
        add(k, Ir.mul(a, pick(k)));
        break;
      case 2:
        add(k, r.nextBoolean() ? Ir.add(a, pick(k)) : Ir.sub(a, cfull(0.5, -0.25, t)));
        break;
      case 3:
        add(k, Ir.select(Ir.gt(Ir.real(a), Ir.imag(pick(k))), Ir.integerPow(a, 2 + r.nextInt(4)),
            Ir.conj(a)));
        break;
      case 4:
        add(k, r.nextBoolean() ? Ir.complex(Ir.abs(a), Ir.imag(a))
            : Ir.add(Ir.convert(Ir.real(a), DType.C128), Ir.log(Ir.add(a, cfull(2.0, 0.0, t)))));
        break;
      case 5: // broadcasts into [m, n]
        if (k == Kind.N || k == Kind.M || k == Kind.S) {
          int[] dims = k == Kind.N ? new int[] {1} : k == Kind.M ? new int[] {0} : new int[0];
          add(Kind.MN, Ir.mul(pick(Kind.MN), Ir.broadcastInDim(a, Shape.of(M, N), dims)));
        }
        break;
      case 6: // reductions
        if (k == Kind.MN) {
          boolean rows = r.nextBoolean();
          add(rows ? Kind.M : Kind.N, Ir.reduceSum(a, rows ? 1 : 0));
        } else if (k == Kind.N || k == Kind.M) {
          add(Kind.S, Ir.reduceSum(Ir.conj(a), 0));
        }
        break;
      case 7: // products, with and without a conjugate
        if (k == Kind.MN) {
          Node b = r.nextBoolean() ? pick(Kind.N) : Ir.conj(pick(Kind.N));
          add(Kind.M, dot(a, b, new int[] {1}, new int[] {0}));
        } else if (k == Kind.M) {
          add(Kind.MN, dot(a, pick(Kind.N), new int[0], new int[0]));
        } else if (k == Kind.NM) {
          add(Kind.MN, dot(pick(Kind.MN), dot(a, pick(Kind.MN), new int[] {1}, new int[] {0}),
              new int[] {1}, new int[] {0}));
        }
        break;
      case 8: // transpose, reshape
        if (k == Kind.MN) {
          add(Kind.NM, Ir.transpose(a, 1, 0));
          add(Kind.MN, Ir.reshape(Ir.sin(Ir.reshape(a, Shape.of(M.times(N)))), Shape.of(M, N)));
        } else if (k == Kind.NM) {
          add(Kind.MN, Ir.transpose(a, 1, 0));
        }
        break;
      case 9: // neighbour differences: slice, pad
        if (k == Kind.N || k == Kind.M) {
          Dim d = k == Kind.N ? N : M;
          Node diff = Ir.sub(Ir.slice(a, new Dim[] {Dim.of(1)}, new Dim[] {d}),
              Ir.slice(a, new Dim[] {Dim.of(0)}, new Dim[] {d.minus(1)}));
          add(k, r.nextBoolean() ? Ir.pad(diff, new Dim[] {Dim.of(1)}, new Dim[] {Dim.of(0)})
              : Ir.pad(diff, new Dim[] {Dim.of(0)}, new Dim[] {Dim.of(1)}));
        }
        break;
      case 10: // concatenate, rev and slice back; a reduction from an initial value
        if (k == Kind.N || k == Kind.M) {
          Dim d = k == Kind.N ? N : M;
          Node cat = Ir.concatenate(0, a, Ir.rev(pick(k), 0));
          ops.add("concatenate:" + k); // (a slice of it may simplify to an operand)
          add(k, r.nextBoolean() ? Ir.slice(cat, new Dim[] {Dim.of(0)}, new Dim[] {d})
              : Ir.slice(cat, new Dim[] {d}, new Dim[] {d.times(2)}));
          add(Kind.S, Ir.reduceSum(Ir.concatenate(0, Ir.reshape(pick(Kind.S), Shape.of(1)), a),
              0));
        }
        break;
      case 11: // index, iota; a gather of columns by argsort (its gradient: a scatter_add)
        if (k == Kind.MN) {
          add(Kind.N, Ir.index(a, 0, 0));
          add(Kind.MN, Ir.mul(a, Ir.iota(type(Kind.MN), r.nextInt(2))));
          if (r.nextBoolean()) {
            ops.add("gather:MN");
            add(Kind.MN, Ir.gather(a, Ir.argsort(Ir.real(pick(Kind.N)), 0), 1));
          }
        }
        break;
      case 12: // division away from zero
        add(k, Ir.div(a, Ir.add(Ir.convert(Ir.full(2.0, real), DType.C128), Ir.tanh(pick(k)))));
        break;
      case 13: // complex linear algebra over the Hermitian positive definite a a^H + I
        if (k == Kind.MN) {
          linalg(a);
        }
        break;
      default:
        add(k, Ir.cos(a));
    }
  }

  /** One of the complex linear-algebra primitives over {@code g = a a^H + I}. */
  private void linalg(Node a) {
    TensorType sq = TensorType.of(DType.F64, Shape.of(M, M));
    Node eye = Ir.convert(Ir.convert(Ir.eq(Ir.iota(sq, 0), Ir.iota(sq, 1)), DType.F64),
        DType.C128);
    Node g = Ir.add(dot(a, Ir.conj(a), new int[] {1}, new int[] {1}), eye);
    int which = r.nextInt(7);
    ops.add(new String[] {"cholesky", "cholesky", "solve", "inv", "slogdet", "det", "eigh"}[which]
        + ":MM");
    switch (which) {
      case 0:
        add(Kind.MN, Ir.triangularSolve(Ir.cholesky(g), pick(Kind.MN), true, true,
            r.nextBoolean(), false, false));
        break;
      case 1: {
        Node b = pool.get(Kind.NM).isEmpty() ? Ir.transpose(a, 1, 0) : pick(Kind.NM);
        add(Kind.NM, Ir.triangularSolve(Ir.cholesky(g), b, false, true, r.nextBoolean(), false,
            false));
        break;
      }
      case 2:
        add(Kind.MN, Ir.solve(g, pick(Kind.MN), r.nextBoolean()));
        break;
      case 3:
        add(Kind.MN, dot(Ir.inv(g), a, new int[] {1}, new int[] {0}));
        break;
      case 4:
        add(Kind.S, Ir.add(Ir.convert(Ir.slogdetLogabsdet(g), DType.C128), Ir.slogdetSign(g)));
        break;
      case 5:
        add(Kind.S, Ir.div(cfull(1.0, 0.0, TensorType.of(DType.C128, Shape.SCALAR)), Ir.det(g)));
        break;
      default: {
        // eigh: the eigenvalues as weights of u, the phase-invariant |V|^2 times Re(a).
        Node w = Ir.convert(Ir.eighValues(g), DType.C128);
        add(Kind.M, Ir.mul(pick(Kind.M), w));
        Node vv = Ir.abs(Ir.eighVectors(g));
        Node mixed = Ir.dotGeneral(Ir.mul(vv, vv), Ir.real(a), new int[] {1}, new int[] {0},
            new int[0], new int[0]);
        add(Kind.MN, Ir.mul(a, Ir.convert(mixed, DType.C128)));
      }
    }
  }

  /** Null if the complex program agrees with the interpreter at three sizes, else what differs. */
  static String check(long seed, CompileService service) {
    Random r = Lits.rng(seed, 41);
    List<String> ops = new ArrayList<>();
    Graph f = program(r, ops);
    Graph vg = Ad.valueAndGrad(f, 0, 1, 2, 3);
    return SymbolicCheck.agreesAtThreeSizes(vg, SizedFunction.compile(vg, service), r,
        "complex symbolic program", ops);
  }
}
