package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cotangent.runtime.CompileService;
import org.cotangent.runtime.SizedFunction;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The {@code symbolic} check (issue 14 P2, code generation for symbolic sizes): a small random
 * program of its own over sizes {@code m} and {@code n} (the main generator's programs have
 * static op parameters that do not generalise cheaply), built from the families the symbolic
 * emitter supports: elementwise unary and binary, compare and select, integer_pow, convert,
 * broadcast_in_dim, reduce_sum, reduce_max, dot_general, transpose, reshape, concatenate, slice,
 * pad, index, iota, uniform constants, rev, cumsum, cumprod, reduce_prod (whose gradient has
 * cumprods), argmax, argmin and argsort, gather and scatter_add (indices from argsort or iotas,
 * clamped and repeated), sort, the real linear-algebra primitives (cholesky, triangular_solve,
 * solve, inv, det, slogdet, eigh over an [m, m] positive definite matrix), scans of m or n steps
 * (recurrences over a symbolic length, with or without xs, forward or reverse, their carries
 * scalars or vectors of the other size), and calls, conditionals, custom_jvp/custom_vjp and
 * while loops ({@link SymbolicControlGen}). Its value and gradient over every input (its JVP
 * instead, for odd seeds with a while loop; and, for programs with cumprod, reduce_prod or eigh,
 * the jvp of the gradient: second derivatives) are compiled once with symbolic sizes and
 * compared, at three sizes, with the interpreter of the graph specialised to them.
 */
final class SymbolicCheck {
  static final Dim M = Dim.var("m");
  static final Dim N = Dim.var("n");

  /** The shapes the generator keeps values of. */
  enum Kind { MN, NM, M, N, S }

  private final Random r;
  private final Map<Kind, List<Node>> pool = new EnumMap<>(Kind.class);
  /** What the program did, for the failure message. */
  final List<String> ops = new ArrayList<>();

  private SymbolicCheck(Random r) {
    this.r = r;
    for (Kind k : Kind.values()) {
      pool.put(k, new ArrayList<>());
    }
  }

  static TensorType type(Kind k) {
    switch (k) {
      case MN:
        return f64(M, N);
      case NM:
        return f64(N, M);
      case M:
        return f64(M);
      case N:
        return f64(N);
      default:
        return TensorType.of(DType.F64, Shape.SCALAR);
    }
  }

  static TensorType f64(Dim... d) {
    return TensorType.of(DType.F64, Shape.of(d));
  }

  /** A random loss over x: f64[m,n], v: f64[n], u: f64[m], s: f64[]. */
  static Graph program(Random r, List<String> ops) {
    SymbolicCheck g = new SymbolicCheck(r);
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
            Node total = k == Kind.S ? last : Ir.reduceSum(last, Ir.allAxes(last.rank()));
            loss = Ir.add(loss, total);
          }
          return List.of(loss);
        });
    ops.addAll(g.ops);
    return f;
  }

  Node pick(Kind k) {
    List<Node> p = pool.get(k);
    return p.get(p.size() - 1 - r.nextInt(Math.min(3, p.size())));
  }

  void add(Kind k, Node n) {
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
    switch (r.nextInt(18)) {
      case 0:
        add(k, r.nextBoolean() ? Ir.sin(a) : Ir.tanh(a));
        break;
      case 1:
        add(k, Ir.mul(a, pick(k)));
        break;
      case 2:
        add(k, r.nextBoolean() ? Ir.add(a, pick(k)) : Ir.sub(a, Ir.full(0.5, a.type())));
        break;
      case 3:
        add(k, Ir.select(Ir.gt(a, pick(k)), Ir.integerPow(a, 2), Ir.logistic(a)));
        break;
      case 4:
        add(k, Ir.max(a, Ir.convert(Ir.convert(Ir.mul(a, Ir.full(4.0, a.type())), DType.I64),
            DType.F64)));
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
          Node sum = Ir.reduceSum(a, rows ? 1 : 0);
          Kind to = rows ? Kind.M : Kind.N;
          if (r.nextInt(3) == 0) {
            // A mean: the size as a value (dim_value), plus one so an empty axis divides by 1.
            Dim count = (rows ? N : M).plus(1);
            ops.add("dim_value:" + to);
            sum = Ir.div(sum, org.cotangent.symbolic.ops.SizeValue.of(count, type(to)));
          }
          add(to, sum);
          Node mx = Ir.reduceMax(a, 1);
          add(Kind.M, Ir.add(mx, pick(Kind.M)));
        } else if (k == Kind.N || k == Kind.M) {
          int which = r.nextInt(3);
          add(Kind.S, which == 0 ? Ir.reduceSum(a, 0) : which == 1 ? Ir.reduceMax(a, 0)
              : Ir.reduceProd(a, 0));
        }
        break;
      case 7: // products
        if (k == Kind.MN) {
          if (r.nextBoolean()) {
            add(Kind.M, Ir.dotGeneral(a, pick(Kind.N), new int[] {1}, new int[] {0}, new int[0],
                new int[0]));
          } else {
            add(Kind.N, Ir.dotGeneral(a, pick(Kind.M), new int[] {0}, new int[] {0}, new int[0],
                new int[0]));
          }
        } else if (k == Kind.M) {
          add(Kind.MN, Ir.dotGeneral(a, pick(Kind.N), new int[0], new int[0], new int[0],
              new int[0]));
        } else if (k == Kind.NM) {
          add(Kind.MN, Ir.dotGeneral(pick(Kind.MN), Ir.dotGeneral(a, pick(Kind.MN),
              new int[] {1}, new int[] {0}, new int[0], new int[0]), new int[] {1}, new int[] {0},
              new int[0], new int[0]));
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
      case 10: // concatenate and slice back; a reduction from an initial value (the Java reader's)
        if (k == Kind.N || k == Kind.M) {
          Dim d = k == Kind.N ? N : M;
          Node cat = Ir.concatenate(0, a, Ir.rev(pick(k), 0));
          add(k, r.nextBoolean() ? Ir.slice(cat, new Dim[] {Dim.of(0)}, new Dim[] {d})
              : Ir.slice(cat, new Dim[] {d}, new Dim[] {d.times(2)}));
          add(Kind.S, Ir.reduceSum(Ir.concatenate(0, Ir.reshape(pick(Kind.S), Shape.of(1)), a),
              0));
        } else if (k == Kind.MN) {
          Node init = Ir.reshape(pick(Kind.M), Shape.of(M, Dim.of(1)));
          add(Kind.M, Ir.reduceSum(Ir.concatenate(1, init, a), 1));
        }
        break;
      case 11: // scans and reversal; cumprod along any axis (its JVP: a masked product matrix)
        if (k != Kind.S && r.nextInt(4) == 0) {
          add(k, Ir.cumprod(Ir.tanh(a), r.nextInt(a.rank()), r.nextBoolean()));
        } else if (k != Kind.S) {
          add(k, Ir.cumsum(r.nextBoolean() ? a : Ir.rev(a, 0), 0, r.nextBoolean()));
        }
        break;
      case 12: // index, iota
        if (k == Kind.MN) {
          add(Kind.N, Ir.index(a, 0, 0));
          add(Kind.MN, Ir.mul(a, Ir.iota(type(Kind.MN), r.nextInt(2))));
        }
        break;
      case 13: // a recurrence over a symbolic length: a scan of m or n steps
        if (k == Kind.N || k == Kind.M) {
          recurrence(a, k == Kind.N ? N : M, k);
        }
        break;
      case 14: // linear algebra over the positive definite g = a a^T + I: f64[m,m]
        if (k == Kind.MN) {
          linalg(a);
        }
        break;
      case 15: // argmax, argmin, argsort (the positions as weights)
        if (k == Kind.MN) {
          if (r.nextInt(3) == 0) {
            Node at = Ir.argsort(a, r.nextInt(2));
            ops.add("argsort:MN");
            add(Kind.MN, Ir.mul(Ir.convert(at, DType.F64), pick(Kind.MN)));
            break;
          }
          boolean rows = r.nextBoolean();
          Node at = rows ? Ir.argmax(a, 1) : Ir.argmin(a, 0);
          ops.add(at.op().name() + ":MN");
          Kind to = rows ? Kind.M : Kind.N;
          add(to, Ir.mul(Ir.convert(at, DType.F64), pick(to)));
        }
        break;
      case 16: // gather, scatter_add (indices from argsort or iotas), sort
        if (k == Kind.MN || k == Kind.N || k == Kind.M) {
          gatherScatter(a, k);
          break;
        }
        add(k, Ir.cos(a));
        break;
      case 17: // calls, conds, custom rules, while loops
        SymbolicControlGen.step(this, r, a, k);
        break;
      default:
        add(k, Ir.cos(a));
    }
  }

  /**
   * A gather or scatter_add whose indices are argsort's positions or {@code 2 i - 1} over an iota
   * (out of range at both ends, so clamped, and repeated when scattered), or a sort: inside the
   * differentiated program, so its gradient has the transposes (scatter_add into a symbolic
   * length, gather) and sort's JVP (a gather by position).
   */
  private void gatherScatter(Node a, Kind k) {
    int which = r.nextInt(5);
    if (k == Kind.MN) {
      switch (which) {
        case 0:
          add(Kind.MN, Ir.gather(a, Ir.argsort(pick(Kind.M), 0), 0));
          break;
        case 1:
          add(Kind.MN, Ir.gather(a, wild(N), 1));
          break;
        case 2:
          add(Kind.MN, Ir.scatterAdd(a, r.nextBoolean() ? wild(M) : Ir.argsort(pick(Kind.M), 0),
              0, M));
          break;
        case 3:
          add(Kind.MN, Ir.sort(a, r.nextInt(2)));
          break;
        default:
          add(Kind.MN, Ir.mul(pick(Kind.MN), Ir.gather(pick(Kind.N), Ir.argsort(a, 1), 0)));
      }
      return;
    }
    Dim d = k == Kind.N ? N : M;
    switch (which) {
      case 0:
        add(k, Ir.gather(a, Ir.argsort(pick(k), 0), 0));
        break;
      case 1:
        add(k, Ir.gather(a, wild(d), 0));
        break;
      case 2:
        add(k, Ir.scatterAdd(a, wild(d), 0, d));
        break;
      default:
        add(k, Ir.sort(a, 0));
    }
  }

  /** {@code 2 i - 1} for i < d: -1 (clamped to 0), 1, 3, ... (past d - 1 after the middle). */
  private static Node wild(Dim d) {
    TensorType t = TensorType.of(DType.I64, Shape.of(d));
    return Ir.sub(Ir.mul(Ir.iota(t, 0), Ir.full(2, t)), Ir.full(1, t));
  }

  /**
   * {@code y = F(c, y, x_t)} over the {@code len} elements of {@code xs} (or {@code len} steps
   * without xs), forward or reverse: its final carry a scalar, its ys a vector of kind {@code k}.
   */
  private void recurrence(Node xs, Dim len, Kind k) {
    if (r.nextInt(3) == 0) {
      arrayRecurrence(len, k);
      return;
    }
    TensorType s = type(Kind.S);
    int form = r.nextInt(3);
    boolean reverse = r.nextBoolean();
    boolean withXs = r.nextInt(4) != 0;
    List<TensorType> types = new ArrayList<>(List.of(s, s));
    if (withXs) {
      types.add(s);
    }
    Graph body = Graph.trace(withXs ? List.of("c", "y", "x") : List.of("c", "y"), types, ps -> {
      Node c = ps.get(0);
      Node y = ps.get(1);
      Node x = withXs ? ps.get(2) : Ir.full(0.25, s);
      Node next;
      if (form == 0) {
        next = Ir.add(y, Ir.mul(Ir.full(0.1, s), Ir.sub(Ir.mul(c, x), y)));
      } else if (form == 1) {
        next = Ir.add(Ir.mul(Ir.tanh(y), c), Ir.sin(x));
      } else {
        next = Ir.select(Ir.gt(y, x), Ir.mul(y, Ir.full(0.5, s)), Ir.add(Ir.integerPow(y, 2), c));
      }
      return List.of(next, Ir.mul(y, x));
    });
    List<Node> out = org.cotangent.symbolic.control.Scan.scan(body, List.of(pick(Kind.S)),
        List.of(pick(Kind.S)), withXs ? List.of(xs) : List.of(), len, reverse);
    add(Kind.S, out.get(0));
    add(k, out.get(1));
  }

  /**
   * A scan of {@code len} steps whose body is over the other size (issue 14 item 4): the carry
   * and a const of the other kind ({@code f64[n]} for {@code m} steps), the xs the rows of x (or
   * of its transpose), forward or reverse; its final carry and its ys ({@code f64[len]}).
   */
  private void arrayRecurrence(Dim len, Kind k) {
    Kind ck = len == M ? Kind.N : Kind.M;
    Node rows = len == M ? pick(Kind.MN) : Ir.transpose(pick(Kind.MN), 1, 0);
    TensorType ct = type(ck);
    boolean reverse = r.nextBoolean();
    int form = r.nextInt(3);
    Graph body = Graph.trace(List.of("c", "y", "x"), List.of(ct, ct, ct), ps -> {
      Node c = ps.get(0);
      Node y = ps.get(1);
      Node x = ps.get(2);
      Node next;
      if (form == 0) {
        next = Ir.add(y, Ir.mul(Ir.full(0.1, ct), Ir.sub(Ir.mul(c, x), y)));
      } else if (form == 1) {
        next = Ir.add(Ir.mul(Ir.tanh(y), c), Ir.sin(Ir.rev(x, 0)));
      } else {
        Node total = Ir.broadcastInDim(Ir.reduceSum(Ir.mul(y, x), 0), ct.shape());
        next = Ir.select(Ir.gt(y, x), Ir.mul(y, Ir.full(0.5, ct)), Ir.add(Ir.tanh(total), c));
      }
      return List.of(next, Ir.reduceSum(Ir.mul(y, x), 0));
    });
    List<Node> out = org.cotangent.symbolic.control.Scan.scan(body, List.of(pick(ck)),
        List.of(pick(ck)), List.of(rows), len, reverse);
    ops.add("scan_array_carry:" + ck);
    add(ck, out.get(0));
    add(k, out.get(1));
  }

  /** One of the real linear-algebra primitives over {@code g = a a^T + I}. */
  private void linalg(Node a) {
    TensorType sq = f64(M, M);
    Node eye = Ir.convert(Ir.eq(Ir.iota(sq, 0), Ir.iota(sq, 1)), DType.F64);
    Node g = Ir.add(Ir.dotGeneral(a, a, new int[] {1}, new int[] {1}, new int[0], new int[0]),
        eye);
    int which = r.nextInt(7);
    ops.add(new String[] {"cholesky", "cholesky", "solve", "inv", "slogdet", "det", "eigh"}[which]
        + ":MM");
    switch (which) {
      case 0: {
        Node l = Ir.cholesky(g);
        boolean t = r.nextBoolean();
        add(Kind.MN, Ir.triangularSolve(l, pick(Kind.MN), true, true, t, false, false));
        break;
      }
      case 1: {
        Node l = Ir.cholesky(g);
        Node b = pool.get(Kind.NM).isEmpty() ? Ir.transpose(a, 1, 0) : pick(Kind.NM);
        add(Kind.NM, Ir.triangularSolve(l, b, false, true, r.nextBoolean(), false,
            false));
        break;
      }
      case 2:
        add(Kind.MN, Ir.solve(g, pick(Kind.MN), r.nextBoolean()));
        break;
      case 3:
        add(Kind.MN, Ir.dotGeneral(Ir.inv(g), a, new int[] {1}, new int[] {0}, new int[0],
            new int[0]));
        break;
      case 4:
        add(Kind.S, Ir.add(Ir.slogdetLogabsdet(g), Ir.slogdetSign(g)));
        break;
      case 5:
        add(Kind.S, Ir.div(Ir.constant(1.0), Ir.det(g)));
        break;
      default: // the eigenvalues as weights of u, the eigenvectors times a
        add(Kind.M, Ir.mul(Ir.eighValues(g), pick(Kind.M)));
        add(Kind.MN, Ir.dotGeneral(Ir.eighVectors(g), a, new int[] {0}, new int[] {0},
            new int[0], new int[0]));
    }
  }

  /** Families whose programs are also checked at second order (hessian-vector products). */
  static final java.util.Set<String> SECOND_ORDER = java.util.Set.of("cumprod", "reduce_prod",
      "eigh");

  /**
   * {@link #check(long, CompileService)}, or for a fraction {@code complex} of the seeds (drawn
   * on a stream of their own, so the real programs do not move) a complex program ({@link
   * SymbolicComplexCheck}).
   */
  static String check(long seed, CompileService service, double complex) {
    if (Lits.rng(seed, 37).nextDouble() < complex) {
      return SymbolicComplexCheck.check(seed, service);
    }
    return check(seed, service);
  }

  /** Null if the symbolic program agrees with the interpreter at three sizes, else what differs. */
  static String check(long seed, CompileService service) {
    Random r = Lits.rng(seed, 29);
    List<String> ops = new ArrayList<>();
    Graph f = program(r, ops);
    // A program with a while loop: forward mode for odd seeds (both routes through the loop).
    boolean forward = seed % 2 == 1 && ops.stream().anyMatch(o -> o.startsWith("while:"));
    Graph vg = forward ? Ad.jvp(f) : Ad.valueAndGrad(f, 0, 1, 2, 3);
    if (!forward
        && ops.stream().anyMatch(o -> SECOND_ORDER.contains(o.substring(0, o.indexOf(':'))))) {
      // Second derivatives too: the jvp of the gradient (forward over reverse), whose primal
      // outputs are the value and the gradient, still one class.
      vg = Ad.jvp(vg);
    }
    return agreesAtThreeSizes(vg, SizedFunction.compile(vg, service), r, "symbolic program", ops);
  }

  /**
   * Null if {@code c}, {@code vg} compiled, agrees with the interpreter of {@code vg} specialised
   * to three sizes (m, n) drawn from {@code r}, on arguments drawn from {@code r}; else what
   * differs.
   */
  static String agreesAtThreeSizes(Graph vg, SizedFunction c, Random r, String what,
      List<String> ops) {
    long[][] sizes = {{1, 1}, {1 + r.nextInt(3), 2 + r.nextInt(4)}, {2 + r.nextInt(6), 1}};
    for (long[] mn : sizes) {
      Map<String, Long> env = new TreeMap<>(Map.of("m", mn[0], "n", mn[1]));
      List<Tensor> x = new ArrayList<>();
      for (TensorType t : vg.inputTypes()) {
        Dim[] d = t.shape().extents();
        int[] dims = new int[d.length];
        for (int a = 0; a < d.length; a++) {
          dims[a] = (int) d[a].eval(env);
        }
        TensorType ct = TensorType.of(t.dtype(), Shape.of(dims));
        double[] data = new double[ct.size() * ct.dtype().width()];
        for (int i = 0; i < data.length; i++) {
          data[i] = r.nextDouble() * 2 - 1;
        }
        x.add(Tensor.wrap(ct, data));
      }
      List<Tensor> want = Interpreter.eval(vg.specialize(env), x);
      if (!Num.finite(want)) {
        continue;
      }
      String m = Num.compare(want, c.call(x), Checker.SAME_TOL, true,
          what + " at " + env + " vs the interpreter of the specialised graph " + ops);
      if (m != null) {
        return m;
      }
    }
    return null;
  }
}
