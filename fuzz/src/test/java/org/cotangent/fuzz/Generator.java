package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cotangent.fuzz.Ex.Kind;

/**
 * A seeded generator of random well-typed programs ({@link Prog}). Generation is type-directed:
 * {@link #gen} builds an f64 expression of a requested shape by choosing a production whose result
 * has that shape (elementwise math with broadcasting, comparisons feeding {@code where} and
 * masks, reductions, every form of contraction, transposes, reshapes, slices, integer indices,
 * concatenation and stacking, constants) and generating its operands' shapes from it. Operands of
 * functions with a restricted domain go through {@link #positive}, {@link #unit} or {@link
 * #bounded}, so inputs stay away from domain edges and from overflow.
 */
final class Generator {
  /** Names that break naive code generation (Java classes, keywords, the emitter's own names). */
  static final List<String> HAZARDS = List.of("Double", "Math", "System", "Rt", "Program", "java",
      "org", "i", "i0", "i1", "c0", "c1", "acc", "lhs", "rhs", "out", "sc", "ar", "kb", "ke",
      "jb", "je", "double", "int", "new", "class", "final", "null", "true", "false", "var",
      "_", "String", "Object", "Integer", "Arrays", "Float", "Long", "constants", "call", "x_dot",
      "x_bar", "out_bar", "out0", "sum0", "mul0", "tanh1", "part1", "length", "this", "E", "PI",
      "NaN", "main", "args", "Cotangent_0123456789abcdef", "StrictMath", "Thread", "super",
      "k", "j", "n", "m");
  static final List<String> PLAIN = List.of("x", "y", "z", "a", "b", "c", "w", "W", "h", "u", "v",
      "p", "q", "tmp", "res", "alpha", "beta", "X", "Y", "theta", "mu", "s", "r", "g", "d");
  /** Script built-ins and names the chain's defs use: never a program's name. */
  static final Set<String> RESERVED = Set.of("sin", "cos", "tan", "tanh", "sinh", "cosh", "arcsin",
      "arccos", "arctan", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "abs", "sign", "floor",
      "round", "sigmoid", "square", "reciprocal", "arctan2", "maximum", "minimum", "power", "dot",
      "vdot", "matmul", "outer", "where", "sum", "mean", "max", "min", "prod", "tensordot",
      "transpose", "reshape", "concatenate", "stack", "vstack", "hstack", "array", "asarray",
      "zeros", "ones", "zeros_like", "ones_like", "full", "eye", "arange", "normal", "uniform",
      "shape", "len", "map", "float", "allclose", "print", "timeit", "grad", "value_and_grad",
      "vmap", "jacfwd", "jacrev", "hessian", "jvp", "vjp", "linearize", "check_grads", "real",
      "imag", "conj", "complex", "cholesky", "triangular_solve", "solve", "inv", "back", "o0",
      "ceil", "stop_gradient", "fmod", "mod", "remainder", "argmax", "argmin", "logsumexp",
      "softmax", "log_softmax", "var", "std", "norm", "clip", "cumsum", "cumprod", "sort", "argsort",
      "take", "take_along_axis", "flip", "tree", "primal_out", "f_jvp", "pk", "args_d",
      "o1", "o2", "o3", "ct0", "ct1", "ct2", "None", "True", "False", "def", "return", "lambda",
      "if", "else", "and", "or", "not", "for", "in", "while", "break", "continue", "while_loop",
      "checkpoint", "remat", "custom_jvp", "custom_vjp", "angle", "conjugate", "det", "slogdet", "linalg",
      "eigh");

  private static final String[] SAFE_UNARY = {"sin", "cos", "tanh", "arctan", "sigmoid", "abs",
      "sign", "floor", "round", "square", "neg"};
  private static final String[] CMP = {"<", "<=", ">", ">=", "==", "!="};
  private static final String[] REDUCERS = {"sum", "sum", "sum", "mean", "max", "min", "prod"};

  final Random r;
  final Options opts;
  private final Set<String> used = new HashSet<>();
  final List<String> names = new ArrayList<>();
  final List<int[]> shapes = new ArrayList<>();
  final List<Boolean> isParam = new ArrayList<>();
  /** Per name: 'f' (f64) or 'c' (c128). */
  final List<Character> kinds = new ArrayList<>();
  /** A program with complex values. */
  boolean cx;
  /**
   * A holomorphic program: complex values only go through holomorphic functions of the complex
   * parameters (no conj, real, imag, abs, angle, vdot's conjugate, cholesky, slogdet), and every
   * output is complex, so holomorphic=True derivatives mean f'(z).
   */
  boolean holo;
  /** A program with linear algebra. */
  private boolean la;
  /** Dimension sizes of this program (shared, so shapes line up for contractions). */
  private int[] dims;
  private boolean big;
  /** A program with loops and branches (scan, fori_loop, cond, NaN-safe where): {@link LoopGen}. */
  boolean lp;
  final LoopGen loopGen = new LoopGen(this);

  Generator(Random r, Options opts) {
    this.r = r;
    this.opts = opts;
  }

  // ------------------------------------------------------------------ programs

  Prog program() {
    if (r.nextInt(120) == 0) {
      return layerProgram();
    }
    big = r.nextInt(40) == 0;
    int nd = 2 + r.nextInt(2);
    dims = new int[nd];
    for (int i = 0; i < nd; i++) {
      dims[i] = 1 + r.nextInt(5);
      if (dims[i] == 1 && r.nextBoolean()) {
        dims[i] = 2 + r.nextInt(4);
      }
    }
    if (!big && r.nextInt(40) == 0) {
      // Empty arrays: a zero dimension (empty slices, empty reductions, loops that never run).
      dims[r.nextInt(nd)] = 0;
    }
    if (big) {
      int[] bigs = {64, 70, 300, 300, 4100};
      dims[0] = bigs[r.nextInt(bigs.length)];
      if (dims[0] == 300 && r.nextInt(3) > 0) {
        dims[1] = 256;
      }
    }
    List<Prog.Stmt> stmts = new ArrayList<>();
    cx = !big && r.nextDouble() < opts.complex;
    holo = cx && r.nextInt(3) == 0;
    la = !big && r.nextDouble() < opts.linalg;
    lp = !big && r.nextDouble() < opts.loops;
    String fn = freshName();
    int np = 1 + r.nextInt(3);
    List<String> params = new ArrayList<>();
    List<int[]> pshapes = new ArrayList<>();
    List<Character> pkinds = new ArrayList<>();
    for (int i = 0; i < np; i++) {
      String p = freshName();
      int[] s = randomShape();
      char k = cx && (i == 0 || r.nextInt(3) > 0) ? 'c' : 'f';
      params.add(p);
      pshapes.add(s);
      pkinds.add(k);
      bind(p, s, true, k);
    }
    // Sometimes a long program: many shallow statements over one shape (long fused loops,
    // long straight-line code that the emitter splits into methods).
    boolean lng = !big && r.nextInt(25) == 0;
    int ns = lng ? 12 + r.nextInt(40) : lp ? 1 + r.nextInt(4) : r.nextInt(5);
    Ex loopVar = null;
    int[] s0 = pshapes.get(r.nextInt(np));
    Ex laVar = null;
    if (la) {
      // A linear-algebra statement first (later ones come from the productions now and then).
      for (int attempt = 0; attempt < 8; attempt++) {
        int[] s = laShape();
        char k = holo || (cx && r.nextInt(3) > 0) ? 'c' : 'f';
        Ex e;
        try {
          e = linalg(s, 2 + r.nextInt(2), k);
        } catch (TooBig x) {
          e = null;
        }
        if (e != null) {
          String v = freshName();
          stmts.add(new Prog.Stmt(v, e));
          bind(v, s, false, e.dtype == 'c' ? 'c' : 'f');
          laVar = Ex.name(v, s, e.dtype == 'c' ? 'c' : 'f');
          break;
        }
      }
    }
    for (int i = 0; i < ns; i++) {
      int[] s = lng ? (r.nextInt(5) > 0 ? s0 : randomShape())
          : r.nextInt(3) == 0 ? pshapes.get(r.nextInt(np)) : randomShape();
      int depth = lng ? 1 + r.nextInt(2) : 2 + r.nextInt(3);
      char k = cx && r.nextInt(4) < (holo ? 3 : 2) ? 'c' : 'f';
      Ex e = lp && i == 0 ? loopGen.statement(s, depth, k) : null;
      if (e == null) {
        e = k == 'c' ? genC(s, depth) : gen(s, depth);
      } else {
        k = e.dtype == 'c' ? 'c' : 'f';
      }
      String v;
      if (r.nextInt(10) == 0 && !names.isEmpty()) {
        v = names.get(r.nextInt(names.size()));
      } else {
        v = freshName();
      }
      stmts.add(new Prog.Stmt(v, e));
      bind(v, s, false, k);
      if (lp && i == 0) {
        loopVar = Ex.name(v, s, k);
      }
    }
    List<Ex> outs = new ArrayList<>();
    if (laVar != null && r.nextInt(5) > 0) {
      // The linear-algebra statement's value is used (a dead statement is not traced).
      outs.add(laVar);
    }
    if (loopVar != null && names.contains(loopVar.text) && r.nextInt(5) > 0) {
      // Likewise the loop's (unless a later statement rebound its name).
      outs.add(loopVar);
    }
    int no = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
    for (int j = 0; j < no; j++) {
      outs.add(cx && (holo || r.nextBoolean()) ? outputC() : output(j, outs));
    }
    return new Prog(fn, params, pshapes, pkinds, stmts, outs);
  }

  /**
   * A dense layer with a weight matrix past the tiling threshold of dot_general (at least
   * 2^16 elements, more than 64 x 256): {@code act(x @ W + b)} reduced or returned.
   */
  private Prog layerProgram() {
    dims = new int[] {1 + r.nextInt(3), 256 + r.nextInt(60), 257 + r.nextInt(40)};
    int m = dims[0];
    int k = dims[1];
    int n = dims[2];
    String fn = freshName();
    String x = freshName();
    String w = freshName();
    String b = freshName();
    bind(x, new int[] {m, k}, true);
    bind(w, new int[] {k, n}, true);
    bind(b, new int[] {n}, true);
    Ex xw = bin("@", Ex.name(x, new int[] {m, k}, 'f'), Ex.name(w, new int[] {k, n}, 'f'),
        new int[] {m, n});
    Ex pre = bin("+", xw, Ex.name(b, new int[] {n}, 'f'), new int[] {m, n});
    String h = freshName();
    List<Prog.Stmt> stmts = List.of(new Prog.Stmt(h, call1(pick(new String[] {"tanh", "sigmoid",
        "sin"}), pre)));
    bind(h, new int[] {m, n}, false);
    Ex out = r.nextBoolean() ? Ex.of(Kind.REDUCE, "sum", new int[0], 'f', null,
        Ex.name(h, new int[] {m, n}, 'f')) : gen(new int[] {m, n}, 1);
    return new Prog(fn, List.of(x, w, b), List.of(new int[] {m, k}, new int[] {k, n}, new int[] {n}),
        stmts, List.of(out));
  }

  private Ex output(int j, List<Ex> earlier) {
    int c = r.nextInt(40);
    if (c == 0) {
      // A parameter as it is.
      int k = paramIndex();
      if (k >= 0) {
        return Ex.name(names.get(k), shapes.get(k), 'f');
      }
    }
    if (c == 1) {
      return constant(randomShape());
    }
    if (c == 2 && !earlier.isEmpty()) {
      return earlier.get(r.nextInt(earlier.size()));
    }
    if (c <= 5) {
      // A view of a parameter or variable, returned directly.
      int k = nameIndex('f');
      Ex v = k < 0 ? null : viewOf(Ex.name(names.get(k), shapes.get(k), 'f'));
      if (v != null) {
        return v;
      }
    }
    int[] s;
    if (r.nextInt(3) > 0) {
      s = shapes.get(r.nextInt(shapes.size()));
    } else {
      s = randomShape();
    }
    return gen(s, 1 + r.nextInt(3));
  }

  /** A real parameter (or a real name if there is none), or -1. */
  private int paramIndex() {
    List<Integer> ps = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (isParam.get(i) && kinds.get(i) == 'f') {
        ps.add(i);
      }
    }
    return ps.isEmpty() ? nameIndex('f') : ps.get(r.nextInt(ps.size()));
  }

  /** A random name of kind {@code k} ('f' or 'c'), or -1. */
  private int nameIndex(char k) {
    List<Integer> ps = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (kinds.get(i) == k) {
        ps.add(i);
      }
    }
    return ps.isEmpty() ? -1 : ps.get(r.nextInt(ps.size()));
  }

  /** Removes {@code name} (a lambda's parameter, out of scope after its body). */
  void unbind(String name) {
    int k = names.indexOf(name);
    if (k >= 0) {
      names.remove(k);
      shapes.remove(k);
      isParam.remove(k);
      kinds.remove(k);
    }
  }

  private void bind(String name, int[] shape, boolean param) {
    bind(name, shape, param, 'f');
  }

  void bind(String name, int[] shape, boolean param, char kind) {
    int k = names.indexOf(name);
    if (k >= 0) {
      names.remove(k);
      shapes.remove(k);
      isParam.remove(k);
      kinds.remove(k);
    }
    names.add(name);
    shapes.add(shape);
    isParam.add(param);
    kinds.add(kind);
  }

  String freshName() {
    for (int attempt = 0; attempt < 100; attempt++) {
      String n = r.nextInt(2) == 0 ? HAZARDS.get(r.nextInt(HAZARDS.size()))
          : PLAIN.get(r.nextInt(PLAIN.size()));
      if (opts.avoid.contains(n) || RESERVED.contains(n) || used.contains(n)) {
        continue;
      }
      used.add(n);
      return n;
    }
    String n = "v" + used.size();
    used.add(n);
    return n;
  }

  private int dim() {
    if (big && r.nextInt(4) == 0) {
      return dims[0];
    }
    return dims[(big ? 1 : 0) + r.nextInt(dims.length - (big ? 1 : 0))];
  }

  int smallDim() {
    int d = dims[r.nextInt(dims.length)];
    return d > 6 ? 1 + r.nextInt(5) : d;
  }

  int[] randomShape() {
    int c = r.nextInt(20);
    int rank = c < 3 ? 0 : c < 9 ? 1 : c < 17 ? 2 : 3;
    int[] s = new int[rank];
    int size = 1;
    for (int i = 0; i < rank; i++) {
      s[i] = rank == 3 || size > 64 ? smallDim() : dim();
      size *= s[i];
    }
    return s;
  }

  // ------------------------------------------------------------------ expressions

  /** An f64 expression of shape {@code s}. */
  /** Intermediate arrays larger than this are not generated (a production asking for one is dropped). */
  static final int MAX_INTERMEDIATE = 100_000;

  /** Thrown when a production asks for an array past {@link #MAX_INTERMEDIATE}. */
  static final class TooBig extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooBig() {
      super(null, null, false, false);
    }
  }

  Ex gen(int[] s, int depth) {
    if (size(s) > MAX_INTERMEDIATE) {
      throw new TooBig();
    }
    if (depth <= 0 || r.nextInt(8) == 0) {
      return leaf(s);
    }
    for (int attempt = 0; attempt < 12; attempt++) {
      try {
        Ex e = production(s, depth);
        if (e != null) {
          return e;
        }
      } catch (TooBig x) {
        // An operand would be too large: another production.
      }
    }
    return leaf(s);
  }

  private Ex production(int[] s, int depth) {
    if (lp && r.nextInt(10) == 0) {
      Ex e = loopGen.production(s, depth, 'f');
      if (e != null) {
        return e;
      }
    }
    {
      Ex e;
      int c = r.nextInt(110);
      if (cx && !holo && c < 12 && r.nextBoolean()) {
        return fromComplex(s, depth);
      }
      if (la && c >= 94 && c < 100 && r.nextBoolean()) {
        return linalg(s, depth, 'f');
      }
      if (c >= 100) {
        return library(s, depth);
      }
      if (c < 16) {
        e = unary(s, depth);
      } else if (c < 34) {
        e = binary(s, depth);
      } else if (c < 39) {
        e = where(s, depth);
      } else if (c < 42) {
        e = mask(s, depth);
      } else if (c < 52) {
        e = reduce(s, depth);
      } else if (c < 62) {
        e = contraction(s, depth);
      } else if (c < 67) {
        e = transposed(s, depth);
      } else if (c < 72) {
        e = reshaped(s, depth);
      } else if (c < 79) {
        e = sliced(s, depth);
      } else if (c < 85) {
        e = indexed(s, depth);
      } else if (c < 91) {
        e = joined(s, depth);
      } else if (c < 94) {
        e = integers(s, depth);
      } else if (c < 97) {
        e = stencil(s, depth);
      } else {
        e = leaf(s);
      }
      return e;
    }
  }

  Ex leaf(int[] s) {
    List<Ex> cands = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (Arrays.equals(shapes.get(i), s) && kinds.get(i) == 'f') {
        Ex n = Ex.name(names.get(i), s, 'f');
        cands.add(n);
        cands.add(n);
        cands.add(n);
      }
    }
    int c = r.nextInt(10);
    if (!cands.isEmpty() && c < 7) {
      return cands.get(r.nextInt(cands.size()));
    }
    if (c < 9) {
      Ex v = fromName(s);
      if (v != null) {
        return v;
      }
    }
    return constant(s);
  }

  /** {@code s} derived from some parameter or variable by views (or a reduction, or broadcasting). */
  private Ex fromName(int[] s) {
    int k = nameIndex('f');
    if (k < 0) {
      return null;
    }
    Ex x = Ex.name(names.get(k), shapes.get(k), 'f');
    int[] xs = shapes.get(k);
    int size = size(s);
    if (Arrays.equals(xs, s)) {
      return x;
    }
    if (size(xs) == size && r.nextInt(3) > 0) {
      return reshape(x, s);
    }
    if (xs.length == s.length && xs.length >= 2 && isPermutation(xs, s)) {
      int[] perm = permutationTo(xs, s);
      if (perm != null) {
        return transposeTo(x, perm, s);
      }
    }
    if (xs.length == s.length + 1) {
      for (int a = 0; a <= s.length; a++) {
        if (Arrays.equals(removeAxis(xs, a), s)) {
          Ex ix = r.nextBoolean() ? indexAxisAt(x, a) : null;
          String f = xs[a] == 0 ? "sum" : pick(REDUCERS);
          return ix != null ? ix : Ex.of(Kind.REDUCE, f, s, 'f', new int[] {a}, x);
        }
      }
    }
    if (xs.length == s.length && fitsInside(s, xs)) {
      return sliceTo(x, s);
    }
    if (broadcasts(xs, s) && size < 5000) {
      return Ex.of(Kind.BIN, r.nextBoolean() ? "+" : "*", s, 'f', null, x,
          r.nextBoolean() ? Ex.of(Kind.ZEROS, "", s, 'f', null) : Ex.of(Kind.ONES, "", s, 'f', null));
    }
    return null;
  }

  /** A view of {@code x} (any shape), for outputs that are views. */
  private Ex viewOf(Ex x) {
    int[] xs = x.shape;
    switch (r.nextInt(4)) {
      case 0:
        if (xs.length >= 2) {
          return Ex.of(Kind.DOT_T, "", reversed(xs), 'f', null, x);
        }
        return null;
      case 1: {
        int[] t = factor(size(xs));
        return reshape(x, t);
      }
      case 2:
        if (xs.length >= 1 && xs[0] > 1) {
          int[] t = xs.clone();
          t[0] = xs[0] - 1;
          return Ex.of(Kind.INDEX, "", t, 'f', null, x).withItems(new int[][] {{1, 1, Ex.NONE}});
        }
        return null;
      default:
        if (xs.length >= 1) {
          return indexAxis(x, r.nextInt(xs.length));
        }
        return null;
    }
  }

  Ex constant(int[] s) {
    int size = size(s);
    int c = r.nextInt(10);
    if (s.length == 0) {
      if (c < 6) {
        return Ex.num(Lits.num(Lits.element(r.nextLong(), 0)), 'f');
      }
    }
    if (c < 4 && size <= 24 && size > 0) {
      return new Ex(Kind.LIT, "", List.of(), s, 'f', new int[] {r.nextInt(1000000)}, null);
    }
    if (c == 4 && s.length == 2 && s[0] == s[1]) {
      return Ex.of(Kind.EYE, "", s, 'f', null);
    }
    if (c == 5 && s.length == 1) {
      return Ex.of(Kind.BIN, "*", s, 'f', null, Ex.of(Kind.ARANGE, "", s, 'i', null),
          Ex.num(Lits.num(Lits.element(r.nextLong(), 0)), 'f'));
    }
    if (c == 6) {
      if (r.nextBoolean() && size > 1) {
        // A non-uniform integer constant of any size (large ones are not folded).
        Ex iota = Ex.of(Kind.ARANGE, "", new int[] {size}, 'i', null);
        Ex shaped = s.length == 1 ? iota : Ex.of(Kind.RESHAPE, "", s, 'i', s, iota);
        return bin("*", shaped, Ex.num("0.01", 'f'), s);
      }
      return Ex.of(Kind.UNIFORM, "", s, 'f', new int[] {r.nextInt(100)});
    }
    if (c == 7) {
      if (r.nextInt(4) == 0) {
        return Ex.of(Kind.NORMAL, "", s, 'f', new int[] {r.nextInt(100)});
      }
      return Ex.of(Kind.ZEROS, "", s, 'f', null);
    }
    if (c == 8) {
      return Ex.of(Kind.FULL, Lits.text(Lits.element(r.nextLong(), 0)), s, 'f', null);
    }
    return Ex.of(Kind.ONES, "", s, 'f', null);
  }

  // ------------------------------------------------------------------ complex values

  /** A complex scalar literal, {@code (0.3-0.71j)} or {@code 0.5j}. */
  private Ex complexNum() {
    double re = Lits.element(r.nextLong(), 0);
    double im = Lits.element(r.nextLong(), 1);
    if (r.nextInt(5) == 0) {
      return Ex.num(Lits.num(im) .replace(")", "j)") + (im < 0 ? "" : "j"), 'c');
    }
    return Ex.num("(" + re + (im < 0 ? "-" : "+") + Math.abs(im) + "j)", 'c');
  }

  private static Ex callC(String f, Ex a) {
    return call1(f, a).withDtype('c');
  }

  private static Ex binC(String op, Ex a, Ex b, int[] s) {
    return bin(op, a, b, s).withDtype('c');
  }

  /**
   * Complex with real part at least 0.5 and of moderate size: away from the branch cuts of log,
   * sqrt and powers (the negative real axis) and from the poles of division. In holomorphic
   * programs by a holomorphic squashing (|tanh| stays below 1 near the real axis), otherwise
   * by {@code e / (1 + |e|)}, which is inside the unit disc everywhere.
   */
  private Ex cpos(Ex e) {
    int[] s = e.shape;
    return binC("+", Ex.num(holo ? "2.0" : "1.5", 'f'), cdisc(e), s);
  }

  /**
   * Complex of modulus below about 1 (for exp and the hyperbolic functions, and matrices): {@code
   * e / (1 + |e|)} of names and numbers (inside the unit disc everywhere), {@code 0.5 tanh(e / 2)}
   * otherwise and in holomorphic programs (below 1 while |Im e| < pi / 2; the other form would
   * write e twice, and nested it grows the text exponentially).
   */
  Ex cdisc(Ex e) {
    int[] s = e.shape;
    if (holo || !(e.kind == Kind.NAME || e.kind == Kind.NUM)) {
      return binC("*", Ex.num("0.5", 'f'), callC("tanh", binC("*", Ex.num("0.5", 'f'), e, s)), s);
    }
    return binC("/", e, bin("+", Ex.num("1.0", 'f'), call1("abs", e), s), s);
  }

  /** A complex expression of shape {@code s} (c128). */
  Ex genC(int[] s, int depth) {
    if (size(s) > MAX_INTERMEDIATE) {
      throw new TooBig();
    }
    if (depth <= 0 || r.nextInt(7) == 0) {
      return leafC(s);
    }
    for (int attempt = 0; attempt < 12; attempt++) {
      try {
        Ex e = productionC(s, depth);
        if (e != null) {
          return e;
        }
      } catch (TooBig x) {
        // An operand would be too large: another production.
      }
    }
    return leafC(s);
  }

  private Ex outputC() {
    int[] s = r.nextInt(3) > 0 ? shapes.get(r.nextInt(shapes.size())) : randomShape();
    if (r.nextInt(12) == 0) {
      int k = nameIndex('c');
      if (k >= 0) {
        return Ex.name(names.get(k), shapes.get(k), 'c');
      }
    }
    return genC(s, 1 + r.nextInt(3));
  }

  Ex leafC(int[] s) {
    List<Ex> cands = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (Arrays.equals(shapes.get(i), s) && kinds.get(i) == 'c') {
        cands.add(Ex.name(names.get(i), s, 'c'));
      }
    }
    int c = r.nextInt(10);
    if (!cands.isEmpty() && c < 6) {
      return cands.get(r.nextInt(cands.size()));
    }
    if (c < 8) {
      Ex v = fromNameC(s);
      if (v != null) {
        return v;
      }
    }
    switch (r.nextInt(4)) {
      case 0:
        if (s.length == 0) {
          return complexNum();
        }
        return binC("*", constant(s), complexNum(), s);
      case 1:
        // complex(re, im) of real expressions (constants in holomorphic programs).
        return Ex.of(Kind.CALL2, "complex", s, 'c', null, gen(s, 1), gen(s, 1));
      case 2:
        // Promotion: a real expression meets a complex scalar.
        return binC(r.nextBoolean() ? "+" : "*", gen(s, 1), complexNum(), s);
      default:
        return binC("*", leaf(s), complexNum(), s);
    }
  }

  /** {@code s} from a complex name by views or a sum (as {@link #fromName}), or null. */
  private Ex fromNameC(int[] s) {
    int k = nameIndex('c');
    if (k < 0) {
      return null;
    }
    Ex x = Ex.name(names.get(k), shapes.get(k), 'c');
    int[] xs = shapes.get(k);
    if (Arrays.equals(xs, s)) {
      return x;
    }
    if (size(xs) == size(s) && r.nextInt(3) > 0) {
      return reshape(x, s).withDtype('c');
    }
    if (xs.length == s.length && xs.length >= 2 && isPermutation(xs, s)) {
      int[] perm = permutationTo(xs, s);
      if (perm != null) {
        return transposeTo(x, perm, s).withDtype('c');
      }
    }
    if (xs.length == s.length + 1) {
      for (int a = 0; a <= s.length; a++) {
        if (Arrays.equals(removeAxis(xs, a), s)) {
          Ex ix = r.nextBoolean() ? indexAxisAt(x, a) : null;
          return ix != null ? ix.withDtype('c')
              : Ex.of(Kind.REDUCE, r.nextBoolean() ? "sum" : "mean", s, 'c', new int[] {a}, x);
        }
      }
    }
    if (xs.length == s.length && fitsInside(s, xs)) {
      return sliceTo(x, s).withDtype('c');
    }
    if (broadcasts(xs, s) && size(s) < 5000) {
      return binC("+", x, Ex.of(Kind.ZEROS, "", s, 'f', null), s);
    }
    return null;
  }

  private Ex productionC(int[] s, int depth) {
    if (lp && r.nextInt(10) == 0) {
      Ex e = loopGen.production(s, depth, 'c');
      if (e != null) {
        return e;
      }
    }
    int c = r.nextInt(100);
    if (c < 20) {
      return unaryC(s, depth);
    }
    if (c < 42) {
      return binaryC(s, depth);
    }
    if (c < 50) {
      // where on a real condition.
      int[][] ss = operandShapes(s, 4, 2);
      Ex x0 = !holo && r.nextBoolean() ? call1(r.nextBoolean() ? "real" : "imag", genC(ss[0],
          depth - 1)) : gen(ss[0], depth - 1);
      Ex cond = bin(pick(CMP), x0, gen(ss[1], depth - 2), broadcastShape(ss[0], ss[1]));
      Ex b = r.nextInt(4) == 0 ? Ex.num("0.0", 'f') : genC(ss[3], depth - 1);
      return Ex.of(Kind.WHERE, "", s, 'c', null, cond, genC(ss[2], depth - 1), b);
    }
    if (c < 60) {
      // Sums and means over an axis, or of everything.
      String f = r.nextInt(3) == 0 ? "mean" : "sum";
      if (s.length == 0) {
        int[] t = randomShape();
        if (t.length == 0) {
          t = new int[] {Math.max(1, dim())};
        }
        return Ex.of(Kind.REDUCE, f, s, 'c', null, genC(t, depth - 1));
      }
      if (s.length >= 3) {
        return null;
      }
      int ax = r.nextInt(s.length + 1);
      int[] t = insertAxis(s, ax, Math.max(1, smallDim()));
      return Ex.of(Kind.REDUCE, f, s, 'c', new int[] {writtenAxis(ax, t.length)}, genC(t, depth - 1));
    }
    if (c < 72) {
      return contractionC(s, depth);
    }
    if (c < 84) {
      return viewC(s, depth);
    }
    if (la && c < 94) {
      return linalg(s, depth, 'c');
    }
    return leafC(s);
  }

  private Ex unaryC(int[] s, int depth) {
    Ex a = genC(s, depth - 1);
    switch (r.nextInt(14)) {
      case 0:
        return callC("log", cpos(a));
      case 1:
        return callC("sqrt", cpos(a));
      case 2:
        return callC("reciprocal", cpos(a));
      case 3:
        return callC(pick(new String[] {"exp", "sinh", "cosh"}), cdisc(a));
      case 4:
        return callC("tanh", cdisc(a));
      case 5:
        return binC("**", cdisc(a), Ex.num(String.valueOf(2 + r.nextInt(2)), 'i'), s);
      case 6:
        // A real power of a base away from the cut.
        return binC("**", cpos(a), Ex.num(pick(new String[] {"0.5", "1.5", "(-0.7)"}), 'f'), s);
      case 7:
        if (!holo) {
          return callC(r.nextBoolean() ? "conj" : "conjugate", a);
        }
        return callC("square", a);
      case 8:
        return Ex.of(Kind.NEG, "", s, 'c', null, a);
      case 9:
        return callC("square", a);
      default:
        return callC(pick(new String[] {"sin", "cos"}), cdisc(a));
    }
  }

  private Ex binaryC(int[] s, int depth) {
    int[][] ss = operandShapes(s, 2);
    Ex a = genC(ss[0], depth - 1);
    // The other operand complex, or real (promotion).
    Ex b = r.nextInt(3) > 0 ? genC(ss[1], depth - 1) : gen(ss[1], depth - 1);
    if (r.nextBoolean()) {
      Ex t = a;
      a = b;
      b = t;
    }
    switch (r.nextInt(6)) {
      case 0:
      case 1:
        return binC("+", a, b, s);
      case 2:
        return binC("-", a, b, s);
      case 3:
      case 4:
        return binC("*", a, b, s);
      default: {
        Ex d = b.dtype == 'c' ? cpos(b) : positive(b);
        return binC("/", a, d, s);
      }
    }
  }

  private Ex contractionC(int[] s, int depth) {
    int k = smallDim();
    // One operand sometimes real (promotion in dot_general).
    boolean realLhs = r.nextInt(4) == 0;
    switch (s.length) {
      case 0: {
        if (!holo && r.nextInt(3) == 0) {
          // vdot conjugates its first argument.
          int[] a = r.nextBoolean() ? new int[] {k} : new int[] {k, smallDim()};
          return Ex.of(Kind.CALL2, "vdot", s, 'c', null, genC(a, depth - 1), genC(a, depth - 1));
        }
        Ex a = realLhs ? gen(new int[] {k}, depth - 1) : genC(new int[] {k}, depth - 1);
        return r.nextBoolean() ? binC("@", a, genC(new int[] {k}, depth - 1), s)
            : Ex.of(Kind.CALL2, "dot", s, 'c', null, a, genC(new int[] {k}, depth - 1));
      }
      case 1: {
        int m = s[0];
        Ex a = realLhs ? gen(new int[] {m, k}, depth - 1) : genC(new int[] {m, k}, depth - 1);
        if (r.nextBoolean()) {
          return binC("@", a, genC(new int[] {k}, depth - 1), s);
        }
        return Ex.of(Kind.CALL2, "dot", s, 'c', null, genC(new int[] {k}, depth - 1),
            genC(new int[] {k, m}, depth - 1));
      }
      case 2: {
        int m = s[0];
        int n = s[1];
        Ex a = realLhs ? gen(new int[] {m, k}, depth - 1) : genC(new int[] {m, k}, depth - 1);
        if (r.nextInt(4) == 0) {
          return Ex.of(Kind.CALL2, "matmul", s, 'c', null, a, genC(new int[] {k, n}, depth - 1));
        }
        return binC("@", a, genC(new int[] {k, n}, depth - 1), s);
      }
      default: {
        if (s.length > 3) {
          return null;
        }
        return binC("@", genC(new int[] {s[0], s[1], k}, depth - 1),
            r.nextBoolean() ? genC(new int[] {k, s[2]}, depth - 1)
                : genC(new int[] {s[0], k, s[2]}, depth - 1), s);
      }
    }
  }

  private Ex viewC(int[] s, int depth) {
    switch (r.nextInt(5)) {
      case 0: {
        if (s.length < 2) {
          return null;
        }
        Ex a = genC(reversed(s), depth - 1);
        return (r.nextBoolean() ? Ex.of(Kind.DOT_T, "", s, 'c', null, a)
            : Ex.of(Kind.TRANSPOSE, "", s, 'c', null, a));
      }
      case 1: {
        int[] t = factor(size(s));
        if (Arrays.equals(t, s)) {
          return null;
        }
        return reshape(genC(t, depth - 1), s).withDtype('c');
      }
      case 2: {
        // A slice of a bigger array.
        if (s.length == 0) {
          return null;
        }
        int[] t = s.clone();
        int a = r.nextInt(s.length);
        t[a] = s[a] + 1 + r.nextInt(2);
        return sliceTo(genC(t, depth - 1), s).withDtype('c');
      }
      case 3: {
        if (s.length == 0 || s.length >= 3) {
          return null;
        }
        int n = Math.max(1, smallDim());
        int ax = r.nextInt(s.length + 1);
        Ex x = genC(insertAxis(s, ax, n), depth - 1);
        Ex ix = indexAxisAt(x, ax);
        return ix == null ? null : ix.withDtype('c');
      }
      default: {
        if (s.length == 0) {
          return null;
        }
        // concatenate of a complex and a real part (promotion).
        int axis = r.nextInt(s.length);
        List<Ex> parts = new ArrayList<>();
        for (int len : split(s[axis])) {
          int[] t = s.clone();
          t[axis] = len;
          parts.add(r.nextInt(3) > 0 ? genC(t, depth - 1) : gen(t, depth - 1));
        }
        return new Ex(Kind.CONCAT, "", parts, s, 'c', new int[] {axis}, null);
      }
    }
  }

  /** A real expression from complex ones: real, imag, abs, angle (away from its cut). */
  private Ex fromComplex(int[] s, int depth) {
    Ex z = genC(s, depth - 1);
    switch (r.nextInt(5)) {
      case 0:
        return call1("real", z);
      case 1:
        return call1("imag", z);
      case 2:
        // abs has a kink at 0 only (the differences skip such points).
        return call1("abs", z);
      case 3:
        return call1("angle", cpos(z));
      default:
        return bin("*", call1("real", z), call1("imag", z), s);
    }
  }

  // ------------------------------------------------------------------ linear algebra

  /** A shape for a linear-algebra result: a scalar, a vector, a matrix or a batch of them. */
  private int[] laShape() {
    int n = matDim();
    switch (r.nextInt(5)) {
      case 0:
        return new int[0];
      case 1:
        return new int[] {n};
      case 2:
        return new int[] {1 + r.nextInt(3), n, r.nextBoolean() ? n : matDim()};
      default:
        return new int[] {n, r.nextBoolean() ? n : matDim()};
    }
  }

  /** Matrices are n x n with n from 1 to 4. */
  private int matDim() {
    return 1 + r.nextInt(4);
  }

  /** {@code e} of modulus below 1 (real or complex). */
  private Ex small(Ex e) {
    return e.dtype == 'c' ? cdisc(e) : bin("*", Ex.num("0.9", 'f'), call1("tanh", e), e.shape);
  }

  private Ex mat(int[] t, int depth, char k) {
    return small(k == 'c' ? genC(t, depth - 1) : gen(t, depth - 1));
  }

  /** The last two axes of a batch of matrices swapped ({@code .T} for a matrix). */
  private static Ex swapLast(Ex a) {
    int[] s = a.shape;
    if (s.length == 2) {
      return Ex.of(Kind.DOT_T, "", new int[] {s[1], s[0]}, a.dtype, null, a);
    }
    int[] perm = {0, 2, 1};
    return Ex.of(Kind.TRANSPOSE, "", new int[] {s[0], s[2], s[1]}, a.dtype, perm, a);
  }

  /** {@code a + (n + 1) eye(n)} with |a_ij| < 1: strictly diagonally dominant, so well conditioned. */
  private Ex dominant(int[] t, int depth, char k) {
    int n = t[t.length - 1];
    Ex a = mat(t, depth, k);
    Ex eye = bin("*", Ex.num((n + 1) + ".0", 'f'), Ex.of(Kind.EYE, "", new int[] {n, n}, 'f', null),
        new int[] {n, n});
    return bin("+", a, eye, t).withDtype(a.dtype);
  }

  /**
   * {@code 0.1 a + eye(n) * (3 arange(n))} with |a_ij| < 1: eigenvalues near 0, 3, 6, ..., at
   * least 2 apart for n <= 5, and eigenvectors near the unit vectors, so that neither the order
   * of the eigenvalues nor an eigenvector's pivot entry changes within a difference step.
   */
  private Ex separated(int[] t, int depth, char k) {
    int n = t[t.length - 1];
    Ex a = bin("*", Ex.num("0.1", 'f'), mat(t, depth, k), t).withDtype(k);
    Ex spread = bin("*", Ex.num("3.0", 'f'), Ex.of(Kind.ARANGE, "", new int[] {n}, 'i', null),
        new int[] {n});
    Ex diag = bin("*", Ex.of(Kind.EYE, "", new int[] {n, n}, 'f', null), spread, new int[] {n, n});
    return bin("+", a, diag, t).withDtype(k);
  }

  /** {@code a @ conj(a^T) + n eye(n)}: Hermitian positive definite, eigenvalues at least n. */
  private Ex hpd(int[] t, int depth, char k) {
    int n = t[t.length - 1];
    Ex a = mat(t, depth, k);
    Ex at = swapLast(a);
    if (k == 'c') {
      at = callC("conj", at);
    }
    Ex g = bin("@", a, at, t).withDtype(a.dtype);
    Ex eye = bin("*", Ex.num(n + ".0", 'f'), Ex.of(Kind.EYE, "", new int[] {n, n}, 'f', null),
        new int[] {n, n});
    return bin("+", g, eye, t).withDtype(a.dtype);
  }

  private static String la(String f, boolean ns) {
    return ns ? "linalg." + f : f;
  }

  /**
   * A linear-algebra result of shape {@code s} and kind {@code k}: cholesky of a Hermitian
   * positive definite matrix built in the program, solve, inv and triangular_solve (random
   * flags) of diagonally dominant matrices, det and slogdet; batched when {@code s} has a batch
   * axis. In holomorphic programs only the holomorphic ones (no cholesky, no slogdet).
   */
  private Ex linalg(int[] s, int depth, char k) {
    boolean ns = r.nextInt(3) == 0;
    int c = r.nextInt(6);
    if (s.length == 0 || (s.length == 1 && c < 4)) {
      // A scalar (or a batch of them): det or slogdet.
      int n = matDim();
      int[] t = s.length == 0 ? new int[] {n, n} : new int[] {s[0], n, n};
      if (s.length == 1 && s[0] > 3) {
        return null;
      }
      if (k == 'c' && holo || r.nextBoolean()) {
        Ex a = dominant(t, depth, k);
        // det of a dominant matrix scaled down (det grows like (n + 1)^n).
        return bin("*", Ex.of(Kind.CALL1, la("det", ns), s, k, null, a),
            Ex.num(String.valueOf(1.0 / Math.pow(n + 1, n)), 'f'), s).withDtype(k);
      }
      Ex a = r.nextBoolean() ? hpd(t, depth, k) : dominant(t, depth, k);
      // sign (real: +-1, complex: on the unit circle) or log|det| (real).
      int which = k == 'c' && r.nextBoolean() ? 0 : 1;
      return new Ex(Kind.FUNC, la("slogdet", ns), List.of(a), s, which == 0 ? k : 'f',
          new int[] {which}, null);
    }
    if (s.length == 1 && !holo && c == 4) {
      // eigh(a)[0]: the eigenvalues (f64, ascending) of a matrix with well separated ones.
      int n = s[0];
      if (n == 0 || n > 5) {
        return null;
      }
      return new Ex(Kind.FUNC, la("eigh", ns), List.of(separated(new int[] {n, n}, depth, k)), s,
          'f', new int[] {0}, null);
    }
    if (s.length == 1) {
      // solve with a vector right-hand side.
      int n = s[0];
      if (n == 0 || n > 5) {
        return null;
      }
      int[] t = {n, n};
      return Ex.of(Kind.CALL2, la("solve", ns), s, k, null, dominant(t, depth, k),
          k == 'c' ? genC(s, depth - 1) : gen(s, depth - 1));
    }
    if (s.length > 3) {
      return null;
    }
    int rows = s[s.length - 2];
    int cols = s[s.length - 1];
    if (rows == 0 || cols == 0 || rows > 5 || cols > 5) {
      return null;
    }
    int[] batch = Arrays.copyOf(s, s.length - 2);
    if (rows == cols && !holo && r.nextInt(3) == 0) {
      c = 0;
    }
    if (rows == cols && !holo && r.nextInt(5) == 0) {
      // eigh(a)[1]: eigenvectors, each with its entry of largest modulus real and positive.
      return new Ex(Kind.FUNC, la("eigh", ns), List.of(separated(s, depth, k)), s, k,
          new int[] {1}, null);
    }
    switch (c) {
      case 0:
        if (rows != cols || holo) {
          return null;
        }
        return Ex.of(Kind.CALL1, la("cholesky", ns), s, k, null, hpd(s, depth, k));
      case 1:
        if (rows != cols) {
          return null;
        }
        return Ex.of(Kind.CALL1, la("inv", ns), s, k, null, dominant(s, depth, k));
      case 2: {
        // solve(a, b), b [..., n, cols]; a's batch broadcast (sometimes unbatched).
        int[] t = s.length == 3 && r.nextBoolean() ? new int[] {rows, rows}
            : concat(batch, new int[] {rows, rows});
        return Ex.of(Kind.CALL2, la("solve", ns), s, k, null, dominant(t, depth, k),
            k == 'c' ? genC(s, depth - 1) : gen(s, depth - 1));
      }
      default: {
        // triangular_solve(a, b, ...): op(a) x = b (left) or x op(a) = b (right).
        boolean left = r.nextBoolean();
        int n = left ? rows : cols;
        int[] t = s.length == 3 && r.nextInt(3) == 0 ? new int[] {n, n}
            : concat(batch, new int[] {n, n});
        Ex a = dominant(t, depth, k);
        Ex b = k == 'c' ? genC(s, depth - 1) : gen(s, depth - 1);
        int[] flags = new int[5];
        flags[0] = left ? 1 : r.nextBoolean() ? 0 : Ex.DEFAULT;
        for (int i = 1; i < 5; i++) {
          flags[i] = r.nextInt(3) == 0 ? Ex.DEFAULT : r.nextInt(2);
        }
        if (holo && flags[3] == 1) {
          flags[3] = 0; // conjugate_a is not holomorphic in a
        }
        return new Ex(Kind.FUNC, la("triangular_solve", ns), List.of(a, b), s, k, flags, null);
      }
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }


  // ---- domain wrappers

  /** An expression that is at least about 0.5 everywhere. */
  Ex positive(Ex e) {
    int[] s = e.shape;
    switch (r.nextInt(6)) {
      case 0:
        return bin("+", Ex.num("1.5", 'f'), call1("sin", e), s);
      case 1:
        return bin("+", Ex.num("1.0", 'f'), call1("square", e), s);
      case 2:
        return call1("exp", call1("tanh", e));
      case 3:
        return bin("+", call1("sigmoid", e), Ex.num("0.5", 'f'), s);
      case 4:
        return bin("+", call1("abs", e), Ex.num("0.5", 'f'), s);
      default:
        return call1("cosh", call1("tanh", e));
    }
  }

  /** An expression within (-0.9, 0.9). */
  Ex unit(Ex e) {
    switch (r.nextInt(3)) {
      case 0:
        return bin("*", Ex.num("0.9", 'f'), call1("tanh", e), e.shape);
      case 1:
        return bin("*", Ex.num("0.8", 'f'), call1("sin", e), e.shape);
      default:
        return bin("*", call1("cos", e), Ex.num("0.5", 'f'), e.shape);
    }
  }

  /** Often squashed into [-1, 1] (for functions that grow fast). */
  Ex bounded(Ex e) {
    switch (r.nextInt(5)) {
      case 0:
        return call1("tanh", e);
      case 1:
        return call1("sin", e);
      case 2:
        return bin("*", Ex.num("0.5", 'f'), call1("tanh", e), e.shape);
      default:
        return e;
    }
  }

  static Ex call1(String f, Ex a) {
    if (f.equals("neg")) {
      return Ex.of(Kind.NEG, "", a.shape, 'f', null, a);
    }
    return Ex.of(Kind.CALL1, f, a.shape, 'f', null, a);
  }

  private static final Set<String> COMPARISONS = Set.of(CMP);

  static Ex bin(String op, Ex a, Ex b, int[] s) {
    char d = COMPARISONS.contains(op) ? 'b' : 'f';
    return Ex.of(Kind.BIN, op, s, d, null, a, b);
  }

  // ---- productions

  private Ex unary(int[] s, int depth) {
    Ex a = gen(s, depth - 1);
    switch (r.nextInt(16)) {
      case 0:
        return call1("log", positive(a));
      case 1:
        return call1("sqrt", positive(a));
      case 2:
        return call1("rsqrt", positive(a));
      case 3:
        return call1("reciprocal", positive(a));
      case 4:
        return call1("log1p", r.nextBoolean() ? unit(a)
            : bin("-", positive(a), Ex.num("0.5", 'f'), s));
      case 5:
        return call1(r.nextBoolean() ? "arcsin" : "arccos", unit(a));
      case 6:
        return call1("tan", bounded(call1("tanh", a)));
      case 7:
        return call1(pick(new String[] {"exp", "expm1", "sinh", "cosh"}), bounded(a));
      case 8:
        return call1(pick(new String[] {"floor", "round", "ceil"}), bin("*", Ex.num("3.0", 'f'), a, s));
      case 9:
        if (r.nextInt(3) == 0) {
          return Ex.of(Kind.POS, "", s, 'f', null, a);
        }
        if (r.nextInt(2) == 0) {
          return bin("+", a, Ex.of(Kind.CALL1, r.nextBoolean() ? "zeros_like" : "ones_like", s, 'f',
              null, gen(s, depth - 2)), s);
        }
        return call1(pick(SAFE_UNARY), a);
      default:
        return call1(pick(SAFE_UNARY), a);
    }
  }

  private Ex binary(int[] s, int depth) {
    int[][] ss = operandShapes(s, 2);
    Ex a = gen(ss[0], depth - 1);
    switch (r.nextInt(12)) {
      case 0:
      case 1:
        return bin("+", a, gen(ss[1], depth - 1), s);
      case 2:
        return bin("-", a, gen(ss[1], depth - 1), s);
      case 3:
      case 4:
        return bin("*", a, gen(ss[1], depth - 1), s);
      case 5:
        return bin("/", a, positive(gen(ss[1], depth - 1)), s);
      case 6: {
        // Integer powers (integer_pow), some negative.
        int[] ns = {2, 3, 4, -1, -2, 0};
        int n = ns[r.nextInt(ns.length)];
        Ex e = gen(s, depth - 1);
        Ex base = n < 0 ? positive(e) : n > 2 ? bounded(e) : e;
        return bin("**", base, Ex.num(n < 0 ? "(" + n + ")" : String.valueOf(n), 'i'), s);
      }
      case 7: {
        // Real powers of a positive base: a constant exponent, or an array one.
        if (r.nextBoolean()) {
          String[] es = {"0.5", "1.5", "2.5", "(-0.7)", "0.25"};
          return bin("**", positive(gen(s, depth - 1)), Ex.num(pick(es), 'f'), s);
        }
        Ex base = positive(a);
        Ex expo = bounded(gen(ss[1], depth - 1));
        return r.nextBoolean() ? bin("**", base, expo, s)
            : Ex.of(Kind.CALL2, "power", s, 'f', null, base, expo);
      }
      case 8:
        return Ex.of(Kind.CALL2, "maximum", s, 'f', null, a, gen(ss[1], depth - 1));
      case 9:
        if (r.nextInt(3) == 0) {
          // Remainders by a positive divisor: jumps where the quotient's floor changes.
          Ex b = positive(gen(ss[1], depth - 1));
          int k = r.nextInt(4);
          return k == 0 ? bin("%", a, b, s)
              : Ex.of(Kind.CALL2, new String[] {"fmod", "mod", "remainder"}[k - 1], s, 'f', null, a, b);
        }
        return Ex.of(Kind.CALL2, "minimum", s, 'f', null, a, gen(ss[1], depth - 1));
      case 10:
        // Away from the origin and from the branch cut (x < 0, y = 0): one operand positive.
        if (r.nextBoolean()) {
          return Ex.of(Kind.CALL2, "arctan2", s, 'f', null, a, positive(gen(ss[1], depth - 1)));
        }
        return Ex.of(Kind.CALL2, "arctan2", s, 'f', null, positive(a), gen(ss[1], depth - 1));
      default:
        // An integer literal meets a float array (NumPy promotion).
        if (ss[0] == s) {
          return bin(r.nextBoolean() ? "+" : "*", a, Ex.num(String.valueOf(1 + r.nextInt(3)), 'i'), s);
        }
        return bin(r.nextBoolean() ? "+" : "*", a, gen(ss[1], depth - 1), s);
    }
  }

  /** Shapes that broadcast together to {@code s}, one of them {@code s} itself. */
  private int[][] operandShapes(int[] s, int n) {
    return operandShapes(s, n, r.nextInt(n));
  }

  private int[][] operandShapes(int[] s, int n, int full) {
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = i == full || r.nextInt(3) > 0 ? s : broadcastSource(s);
    }
    return out;
  }

  /** A shape that broadcasts to {@code s}: an existing one where possible. */
  private int[] broadcastSource(int[] s) {
    List<int[]> fits = new ArrayList<>();
    for (int[] t : shapes) {
      if (broadcasts(t, s)) {
        fits.add(t);
      }
    }
    if (!fits.isEmpty() && r.nextBoolean()) {
      return fits.get(r.nextInt(fits.size()));
    }
    int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
    int[] t = Arrays.copyOfRange(s, drop, s.length);
    for (int i = 0; i < t.length; i++) {
      if (r.nextInt(3) == 0) {
        t[i] = 1;
      }
    }
    return t;
  }

  private Ex where(int[] s, int depth) {
    int[][] ss = operandShapes(s, 4, 2);
    Ex cond = bin(pick(CMP), gen(ss[0], depth - 1), gen(ss[1], depth - 2), ss[0]);
    cond = cond.withShape(broadcastShape(ss[0], ss[1]));
    Ex a = gen(ss[2], depth - 1);
    Ex b = r.nextInt(4) == 0 ? Ex.num("0.0", 'f') : gen(ss[3], depth - 1);
    return Ex.of(Kind.WHERE, "", s, 'f', null, cond, a, b);
  }

  private Ex mask(int[] s, int depth) {
    int[][] ss = operandShapes(s, 3, 2);
    Ex cond = bin(pick(CMP), gen(ss[0], depth - 1), gen(ss[1], depth - 2),
        broadcastShape(ss[0], ss[1]));
    Ex x = gen(ss[2], depth - 1);
    return r.nextBoolean() ? bin("*", cond, x, s) : bin("*", x, cond, s);
  }

  private Ex reduce(int[] s, int depth) {
    String f = pick(REDUCERS);
    if (s.length == 0) {
      int[] t = randomShape();
      if (t.length == 0) {
        t = new int[] {dim()};
      }
      if (size(t) == 0 && (f.equals("max") || f.equals("min"))) {
        f = "sum";
      }
      Ex a = reduceOperand(f, t, depth);
      if (t.length >= 2 && r.nextInt(3) == 0) {
        int[] axes = new int[t.length];
        for (int i = 0; i < t.length; i++) {
          axes[i] = r.nextInt(4) == 0 ? i - t.length : i;
        }
        return Ex.of(Kind.REDUCE, f, s, 'f', axes, a);
      }
      return Ex.of(Kind.REDUCE, f, s, 'f', null, a);
    }
    if (s.length >= 3) {
      return null;
    }
    int ax = r.nextInt(s.length + 1);
    int n = size(s) > 2000 ? 1 + r.nextInt(3) : f.equals("prod") ? smallDim() : dim();
    if (n == 0 && (f.equals("max") || f.equals("min"))) {
      n = 1; // max and min over an empty axis are errors, as in NumPy (no identity)
    }
    if (n == 0 && f.equals("mean") && r.nextInt(4) > 0) {
      n = 1; // the mean of nothing is 0/0
    }
    int[] t = insertAxis(s, ax, n);
    if (t.length < 3 && r.nextInt(4) == 0 && size(t) < 2000) {
      // Two axes.
      int ax2 = r.nextInt(t.length + 1);
      int n2 = smallDim();
      if (n2 == 0 && (f.equals("max") || f.equals("min"))) {
        n2 = 1;
      }
      t = insertAxis(t, ax2, n2);
      int a1 = ax2 <= ax ? ax + 1 : ax;
      int[] axes = a1 < ax2 ? new int[] {a1, ax2} : new int[] {ax2, a1};
      if (r.nextBoolean()) {
        axes = new int[] {axes[1], axes[0]};
      }
      return Ex.of(Kind.REDUCE, f, s, 'f', axes, reduceOperand(f, t, depth));
    }
    int written = r.nextInt(4) == 0 ? ax - t.length : ax;
    return Ex.of(Kind.REDUCE, f, s, 'f', new int[] {written}, reduceOperand(f, t, depth));
  }

  private Ex reduceOperand(String f, int[] t, int depth) {
    Ex a = gen(t, depth - 1);
    if (f.equals("prod") && size(t) > 6) {
      return positive(bounded(a));
    }
    if (f.equals("prod") && r.nextInt(3) == 0) {
      // Exact zeros among the factors (the product rule at zeros).
      return Ex.of(Kind.WHERE, "", t, 'f', null, bin(">", a, Ex.num("0.3", 'f'), t), a,
          Ex.num("0.0", 'f'));
    }
    return a;
  }

  private Ex contraction(int[] s, int depth) {
    int k = big && r.nextInt(3) == 0 ? dims[0] : smallDim();
    if (big && s.length == 2 && s[1] >= 256 && r.nextBoolean()) {
      // A product whose rhs is past the tiling threshold (64 x 256 tiles of a big rhs).
      return bin("@", gen(new int[] {s[0], dims[0]}, depth - 1),
          gen(new int[] {dims[0], s[1]}, depth - 1), s);
    }
    switch (s.length) {
      case 0: {
        int c = r.nextInt(4);
        if (c == 0) {
          int[] a = randomShape();
          if (a.length == 0) {
            a = new int[] {k};
          }
          int[] b = r.nextBoolean() ? a : factor(size(a));
          return Ex.of(Kind.CALL2, "vdot", s, 'f', null, gen(a, depth - 1), gen(b, depth - 1));
        }
        if (c == 1) {
          return Ex.of(Kind.CALL2, "dot", s, 'f', null, gen(new int[] {k}, depth - 1),
              gen(new int[] {k}, depth - 1));
        }
        if (c == 2) {
          return bin("@", gen(new int[] {k}, depth - 1), gen(new int[] {k}, depth - 1), s);
        }
        int[] a = r.nextBoolean() ? new int[] {k} : new int[] {k, smallDim()};
        return tensordot(gen(a, depth - 1), gen(a, depth - 1), a.length, s);
      }
      case 1: {
        int m = s[0];
        switch (r.nextInt(5)) {
          case 0:
            return bin("@", gen(new int[] {m, k}, depth - 1), gen(new int[] {k}, depth - 1), s);
          case 1:
            return Ex.of(Kind.CALL2, "dot", s, 'f', null, gen(new int[] {k}, depth - 1),
                gen(new int[] {k, m}, depth - 1));
          case 2:
            return Ex.of(Kind.CALL2, "matmul", s, 'f', null, gen(new int[] {k}, depth - 1),
                gen(new int[] {k, m}, depth - 1));
          case 3:
            return tensordot(gen(new int[] {m, k}, depth - 1), gen(new int[] {k}, depth - 1), 1, s);
          default: {
            Ex e = Ex.of(Kind.TENSORDOT, "", s, 'f', null, gen(new int[] {k, m}, depth - 1),
                gen(new int[] {k}, depth - 1));
            return new Ex(Kind.TENSORDOT, "", e.args, s, 'f', null, new int[][] {{0}, {0}});
          }
        }
      }
      case 2: {
        int m = s[0];
        int n = s[1];
        switch (r.nextInt(6)) {
          case 0:
          case 1:
            return bin("@", gen(new int[] {m, k}, depth - 1), gen(new int[] {k, n}, depth - 1), s);
          case 2:
            return Ex.of(Kind.CALL2, "dot", s, 'f', null, gen(new int[] {m, k}, depth - 1),
                gen(new int[] {k, n}, depth - 1));
          case 3:
            return Ex.of(Kind.CALL2, "outer", s, 'f', null, gen(factor(m), depth - 1),
                gen(factor(n), depth - 1));
          case 4: {
            int l = smallDim();
            return tensordot(gen(new int[] {m, k, l}, depth - 1), gen(new int[] {k, l, n}, depth - 1),
                2, s);
          }
          default:
            return new Ex(Kind.TENSORDOT, "", List.of(gen(new int[] {k, m}, depth - 1),
                gen(new int[] {n, k}, depth - 1)), s, 'f', null, new int[][] {{0}, {1}});
        }
      }
      default: {
        int b = s[0];
        int m = s[1];
        int n = s[2];
        switch (r.nextInt(5)) {
          case 0:
            return bin("@", gen(new int[] {b, m, k}, depth - 1), gen(new int[] {b, k, n}, depth - 1),
                s);
          case 1:
            return bin("@", gen(new int[] {b, m, k}, depth - 1), gen(new int[] {k, n}, depth - 1), s);
          case 2:
            return Ex.of(Kind.CALL2, "matmul", s, 'f', null, gen(new int[] {m, k}, depth - 1),
                gen(new int[] {b, k, n}, depth - 1));
          case 3:
            return Ex.of(Kind.CALL2, "dot", s, 'f', null, gen(new int[] {b, k}, depth - 1),
                gen(new int[] {m, k, n}, depth - 1));
          default:
            return tensordot(gen(new int[] {b, k}, depth - 1), gen(new int[] {k, m, n}, depth - 1), 1,
                s);
        }
      }
    }
  }

  private static Ex tensordot(Ex a, Ex b, int n, int[] s) {
    return new Ex(Kind.TENSORDOT, "", List.of(a, b), s, 'f', new int[] {n}, null);
  }

  private Ex transposed(int[] s, int depth) {
    if (s.length < 2) {
      return null;
    }
    int c = r.nextInt(3);
    if (c == 0 || s.length == 2) {
      Ex a = gen(reversed(s), depth - 1);
      return r.nextBoolean() ? Ex.of(Kind.DOT_T, "", s, 'f', null, a)
          : Ex.of(Kind.TRANSPOSE, "", s, 'f', null, a);
    }
    int[] perm = randomPermutation(s.length);
    // out.shape[i] = in.shape[perm[i]]
    int[] in = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      in[perm[i]] = s[i];
    }
    return Ex.of(Kind.TRANSPOSE, "", s, 'f', perm, gen(in, depth - 1));
  }

  private Ex reshaped(int[] s, int depth) {
    int[] t = factor(size(s));
    if (Arrays.equals(t, s)) {
      return null;
    }
    return reshape(gen(t, depth - 1), s);
  }

  private Ex reshape(Ex x, int[] s) {
    int[] written = s.clone();
    if (s.length > 0 && size(s) > 0 && r.nextInt(3) == 0) {
      written[r.nextInt(s.length)] = -1;
    }
    return Ex.of(Kind.RESHAPE, "", s, 'f', written, x);
  }

  private Ex sliced(int[] s, int depth) {
    if (s.length == 0) {
      return null;
    }
    int[] t = s.clone();
    int[][] items = new int[s.length][];
    boolean any = false;
    for (int a = 0; a < s.length; a++) {
      int[] strided = s[a] > 0 && r.nextInt(4) == 0 ? stridedItem(s[a]) : null;
      if (strided != null) {
        t[a] = strided[4];
        items[a] = Arrays.copyOf(strided, 4);
        any = true;
      } else if (r.nextInt(3) > 0 || (!any && a == s.length - 1)) {
        int extra = 1 + r.nextInt(3);
        int lo = r.nextInt(extra + 1);
        t[a] = s[a] + extra;
        items[a] = sliceItem(lo, lo + s[a], t[a]);
        any = true;
      } else {
        items[a] = new int[] {1, Ex.NONE, Ex.NONE};
      }
    }
    int keep = items.length;
    while (keep > 1 && items[keep - 1][0] == 1 && items[keep - 1][1] == Ex.NONE
        && items[keep - 1][2] == Ex.NONE && r.nextBoolean()) {
      keep--;
    }
    Ex x = gen(t, depth - 1);
    return Ex.of(Kind.INDEX, "", s, 'f', null, x).withItems(Arrays.copyOf(items, keep));
  }

  /**
   * A slice with a step ({@code x[1:7:3]}, {@code x[::2]}, {@code x[::-1]}, {@code x[6:1:-2]})
   * selecting {@code m} positions: {@code {2, lo, hi, step, n}} with {@code n} the axis size, its
   * bounds found by trying (Python's rules, as {@link NumpyEval#pySlice}); null if none fits.
   */
  private int[] stridedItem(int m) {
    for (int attempt = 0; attempt < 30; attempt++) {
      int[] steps = {2, 3, -1, -2, -3};
      int step = steps[r.nextInt(steps.length)];
      int n = m * Math.abs(step) + r.nextInt(3);
      if (n == 0) {
        continue;
      }
      int lo = r.nextInt(3) == 0 ? Ex.NONE : r.nextInt(2 * n + 1) - n;
      int hi = r.nextInt(3) == 0 ? Ex.NONE : r.nextInt(2 * n + 1) - n;
      if (NumpyEval.pySlice(lo, hi, step, n).length == m) {
        return new int[] {2, lo, hi, step, n};
      }
    }
    return null;
  }

  /** A slice {@code lo:hi} of an axis of size {@code n}, written in one of Python's ways. */
  private int[] sliceItem(int lo, int hi, int n) {
    // Negative bounds count from the end; lo - n is not negative for lo = n (an empty slice).
    int l = lo == 0 && r.nextBoolean() ? Ex.NONE : r.nextInt(4) == 0 && lo < n ? lo - n : lo;
    int h = hi == n && r.nextBoolean() ? Ex.NONE : r.nextInt(4) == 0 ? hi - n : hi;
    if (h == 0) {
      h = hi;
    }
    return new int[] {1, l, h};
  }

  private Ex indexed(int[] s, int depth) {
    if (s.length >= 3) {
      return null;
    }
    int nIdx = s.length <= 1 && r.nextInt(3) == 0 ? 2 : 1;
    int[] t = s;
    List<int[]> items = new ArrayList<>();
    for (int a = 0; a < s.length; a++) {
      items.add(new int[] {1, Ex.NONE, Ex.NONE});
    }
    for (int k = 0; k < nIdx; k++) {
      int pos = r.nextInt(items.size() + 1);
      int n = Math.max(1, smallDim());
      int i = r.nextInt(n);
      if (r.nextInt(4) == 0) {
        i -= n;
      }
      items.add(pos, new int[] {0, i});
      t = insertAxis(t, pos, n);
    }
    int keep = items.size();
    while (keep > 1 && items.get(keep - 1)[0] == 1 && r.nextBoolean()) {
      keep--;
    }
    Ex x = gen(t, depth - 1);
    return Ex.of(Kind.INDEX, "", s, 'f', null, x)
        .withItems(items.subList(0, keep).toArray(new int[0][]));
  }

  private Ex indexAxis(Ex x, int axis) {
    return indexAxisAt(x, axis);
  }

  private Ex indexAxisAt(Ex x, int axis) {
    int[] xs = x.shape;
    if (xs[axis] == 0) {
      return null;
    }
    int[][] items = new int[axis + 1][];
    for (int a = 0; a < axis; a++) {
      items[a] = new int[] {1, Ex.NONE, Ex.NONE};
    }
    items[axis] = new int[] {0, r.nextInt(xs[axis])};
    return Ex.of(Kind.INDEX, "", removeAxis(xs, axis), 'f', null, x).withItems(items);
  }

  private Ex sliceTo(Ex x, int[] s) {
    int[] xs = x.shape;
    int[][] items = new int[xs.length][];
    for (int a = 0; a < xs.length; a++) {
      int lo = r.nextInt(xs[a] - s[a] + 1);
      items[a] = s[a] == xs[a] ? new int[] {1, Ex.NONE, Ex.NONE} : sliceItem(lo, lo + s[a], xs[a]);
    }
    return Ex.of(Kind.INDEX, "", s, 'f', null, x).withItems(items);
  }

  private Ex transposeTo(Ex x, int[] perm, int[] s) {
    boolean reverse = true;
    for (int i = 0; i < perm.length; i++) {
      reverse &= perm[i] == perm.length - 1 - i;
    }
    if (reverse && r.nextBoolean()) {
      return Ex.of(Kind.DOT_T, "", s, 'f', null, x);
    }
    return Ex.of(Kind.TRANSPOSE, "", s, 'f', perm, x);
  }

  private Ex joined(int[] s, int depth) {
    if (s.length == 0) {
      return null;
    }
    int c = r.nextInt(5);
    if (c == 0 && s[0] <= 4 && s[0] >= 1) {
      int[] rest = Arrays.copyOfRange(s, 1, s.length);
      List<Ex> parts = new ArrayList<>();
      for (int i = 0; i < s[0]; i++) {
        parts.add(gen(rest, depth - 1));
      }
      return new Ex(Kind.STACK, "", parts, s, 'f', null, null);
    }
    if (c == 1 && s.length == 2) {
      // vstack: rows (vectors) and blocks of rows.
      List<Ex> parts = new ArrayList<>();
      for (int len : split(s[0])) {
        parts.add(len == 1 && r.nextBoolean() ? gen(new int[] {s[1]}, depth - 1)
            : gen(new int[] {len, s[1]}, depth - 1));
      }
      return new Ex(Kind.VSTACK, "", parts, s, 'f', null, null);
    }
    if (c == 2 && s.length <= 2) {
      int axis = s.length - 1;
      List<Ex> parts = new ArrayList<>();
      for (int len : split(s[axis])) {
        int[] t = s.clone();
        t[axis] = len;
        parts.add(gen(t, depth - 1));
      }
      return new Ex(Kind.HSTACK, "", parts, s, 'f', null, null);
    }
    int axis = r.nextInt(s.length);
    List<Ex> parts = new ArrayList<>();
    for (int len : split(s[axis])) {
      int[] t = s.clone();
      t[axis] = len;
      parts.add(gen(t, depth - 1));
    }
    int[] written = axis == 0 && r.nextBoolean() ? null
        : new int[] {r.nextInt(3) == 0 ? axis - s.length : axis};
    return new Ex(Kind.CONCAT, "", parts, s, 'f', written, null);
  }

  /** An integer literal array of {@code len} positions of an axis of size {@code n}. */
  private Ex positions(int len, int n, boolean negatives) {
    int[] v = new int[len];
    for (int i = 0; i < len; i++) {
      v[i] = r.nextInt(n);
      if (negatives && r.nextInt(4) == 0) {
        v[i] -= n;
      }
    }
    // An empty list is an empty integer index, as in NumPy; array([]) would be f64 there (not an
    // index), so an empty one is always a list.
    return new Ex(Kind.INTS, len == 0 || r.nextBoolean() ? "list" : "array", List.of(),
        new int[] {len}, 'i', v, null);
  }

  private static Ex func(String f, int[] s, char dtype, int[] options, Ex... args) {
    return new Ex(Kind.FUNC, f, Arrays.asList(args), s, dtype, options, null);
  }

  /** An axis of a rank-r array as written: sometimes negative. */
  private int writtenAxis(int axis, int rank) {
    return r.nextInt(4) == 0 ? axis - rank : axis;
  }

  /**
   * The library built-ins: flip, cumsum/cumprod, sort and argsort (through take_along_axis),
   * take and integer-array subscripts, clip, argmax/argmin, logsumexp, softmax/log_softmax,
   * var/std, norm, stop_gradient.
   */
  private Ex library(int[] s, int depth) {
    int rank = s.length;
    int which = r.nextInt(13);
    if (size(s) == 0 && which >= 7 && which <= 11) {
      // Their maxima (argmax, the stable logsumexp and softmax) over nothing are errors.
      return null;
    }
    switch (which) {
      case 0: {
        if (rank == 0) {
          return null;
        }
        int[] axes = r.nextInt(3) == 0 ? null : r.nextBoolean() || rank == 1
            ? new int[] {writtenAxis(r.nextInt(rank), rank)} : new int[] {0, rank - 1};
        return func("flip", s, 'f', axes, gen(s, depth - 1));
      }
      case 1: {
        String f = r.nextBoolean() ? "cumsum" : "cumprod";
        int rev = r.nextInt(3) == 0 ? 1 : 0;
        if (rank == 1 && r.nextInt(3) == 0 && s[0] <= 12) {
          int[] t = factor(s[0]);
          Ex a = gen(t, depth - 1);
          return func(f, s, 'f', new int[] {Ex.NONE, rev}, f.equals("cumprod") ? bounded(a) : a);
        }
        if (rank == 0) {
          return null;
        }
        Ex a = gen(s, depth - 1);
        return func(f, s, 'f', new int[] {writtenAxis(r.nextInt(rank), rank), rev},
            f.equals("cumprod") ? bounded(a) : a);
      }
      case 2: {
        if (rank == 0) {
          return null;
        }
        if (rank == 1 && r.nextInt(3) == 0) {
          return func("sort", s, 'f', new int[] {Ex.NONE}, gen(factor(s[0]), depth - 1));
        }
        int ax = r.nextInt(rank);
        int[] o = {r.nextBoolean() && ax == rank - 1 ? Ex.DEFAULT : writtenAxis(ax, rank)};
        return func("sort", s, 'f', o, gen(s, depth - 1));
      }
      case 3: {
        if (rank == 0) {
          return null;
        }
        int ax = r.nextInt(rank);
        Ex order = func("argsort", s, 'i', new int[] {writtenAxis(ax, rank)}, gen(s, depth - 1));
        if (r.nextInt(3) == 0) {
          return bin("*", order, Ex.num("0.25", 'f'), s);
        }
        return func("take_along_axis", s, 'f', new int[] {writtenAxis(ax, rank)}, gen(s, depth - 1),
            order);
      }
      case 4: {
        if (rank == 0 || rank > 2) {
          return null;
        }
        if (rank == 1 && r.nextInt(3) == 0) {
          int[] t = randomShape();
          int n = size(t);
          if (n == 0) {
            return null;
          }
          return func("take", s, 'f', new int[] {Ex.NONE}, gen(t, depth - 1), positions(s[0], n, true));
        }
        int ax = r.nextInt(rank);
        int n = Math.max(1, smallDim());
        int[] t = s.clone();
        t[ax] = n;
        return func("take", s, 'f', new int[] {writtenAxis(ax, rank)}, gen(t, depth - 1),
            positions(s[ax], n, true));
      }
      case 5: {
        // x[idx] and x[:, idx]: an integer-array subscript.
        if (rank == 0) {
          return null;
        }
        int ax = r.nextInt(rank);
        int n = Math.max(1, smallDim());
        int[] t = s.clone();
        t[ax] = n;
        int[][] items = new int[ax + 1][];
        for (int i = 0; i < ax; i++) {
          items[i] = new int[] {1, Ex.NONE, Ex.NONE};
        }
        items[ax] = new int[] {3};
        return new Ex(Kind.INDEX, "", List.of(gen(t, depth - 1), positions(s[ax], n, true)), s, 'f',
            null, items);
      }
      case 6: {
        Ex a = gen(s, depth - 1);
        int mode = r.nextInt(3);
        if (mode == 0) {
          return func("clip", s, 'f', new int[] {0}, a, Ex.num("(-0.5)", 'f'), Ex.num("0.6", 'f'));
        }
        return func("clip", s, 'f', new int[] {mode}, a, Ex.num(mode == 1 ? "0.3" : "(-0.2)", 'f'));
      }
      case 7: {
        String f = r.nextBoolean() ? "argmax" : "argmin";
        if (rank == 0) {
          int[] t = randomShape();
          if (size(t) == 0 || t.length == 0) {
            return null;
          }
          return bin("*", func(f, s, 'i', new int[] {Ex.NONE}, gen(t, depth - 1)), Ex.num("0.5", 'f'), s);
        }
        if (rank >= 3) {
          return null;
        }
        int ax = r.nextInt(rank + 1);
        int[] t = insertAxis(s, ax, 1 + r.nextInt(4));
        return bin("*", func(f, s, 'i', new int[] {writtenAxis(ax, t.length)}, gen(t, depth - 1)),
            Ex.num("0.5", 'f'), s);
      }
      case 8: {
        // logsumexp: a reduction.
        if (rank == 0) {
          int[] t = randomShape();
          if (size(t) == 0 || t.length == 0) {
            return null;
          }
          return func("logsumexp", s, 'f', null, gen(t, depth - 1));
        }
        if (rank >= 3) {
          return null;
        }
        int ax = r.nextInt(rank + 1);
        int[] t = insertAxis(s, ax, 1 + r.nextInt(4));
        return func("logsumexp", s, 'f', new int[] {writtenAxis(ax, t.length)}, gen(t, depth - 1));
      }
      case 9: {
        if (rank == 0) {
          return null;
        }
        String f = r.nextBoolean() ? "softmax" : "log_softmax";
        int c = r.nextInt(3);
        int[] o = {c == 0 ? Ex.DEFAULT : c == 1 ? Ex.NONE : writtenAxis(r.nextInt(rank), rank)};
        return func(f, s, 'f', o, gen(s, depth - 1));
      }
      case 10: {
        // var and std over an axis of at least 2 (std of a constant has a NaN gradient): with
        // noise added, so no line is constant.
        String f = r.nextBoolean() ? "var" : "std";
        int[] t;
        int[] o;
        if (rank == 0) {
          t = new int[] {2 + r.nextInt(4)};
          o = new int[] {Ex.NONE, r.nextInt(3) == 0 ? 1 : 0};
        } else if (rank < 3) {
          int ax = r.nextInt(rank + 1);
          t = insertAxis(s, ax, 2 + r.nextInt(3));
          o = new int[] {writtenAxis(ax, t.length), r.nextInt(3) == 0 ? 1 : 0};
        } else {
          return null;
        }
        Ex a = bin("+", gen(t, depth - 1), Ex.of(Kind.UNIFORM, "", t, 'f', new int[] {r.nextInt(100)}), t);
        return func(f, s, 'f', o, a);
      }
      case 11: {
        // norm: 2-norm of the flattened array, vector norms along an axis, Frobenius over two.
        int[] t;
        int[] axes;
        if (rank == 0) {
          t = randomShape();
          if (t.length == 0 || size(t) == 0) {
            return null;
          }
          axes = null;
          if (t.length == 2 && r.nextBoolean()) {
            axes = new int[] {0, 1};
          }
        } else if (rank < 3) {
          int ax = r.nextInt(rank + 1);
          t = insertAxis(s, ax, 1 + r.nextInt(4));
          axes = new int[] {writtenAxis(ax, t.length)};
        } else {
          return null;
        }
        Ex a = bin("+", gen(t, depth - 1), Ex.of(Kind.UNIFORM, "", t, 'f', new int[] {r.nextInt(100)}), t);
        return func("norm", s, 'f', axes, a);
      }
      default:
        // stop_gradient (the programs that have one skip the finite-difference checks).
        if (r.nextInt(3) > 0) {
          return null;
        }
        return Ex.of(Kind.CALL1, "stop_gradient", s, 'f', null, gen(s, depth - 1));
    }
  }

  /**
   * Shifted slices of one array combined, {@code x[1:n+1] - x[0:n]} along one axis (finite
   * differences, stencils): their transposes are sums of pads of one fused loop's values.
   */
  private Ex stencil(int[] s, int depth) {
    if (s.length == 0 || s.length > 2) {
      return null;
    }
    int axis = r.nextInt(s.length);
    int extra = 1 + r.nextInt(2);
    int[] t = s.clone();
    t[axis] = s[axis] + extra;
    Ex base = leaf(t);
    if (base.kind != Kind.NAME && r.nextBoolean()) {
      base = gen(t, depth - 1);
    }
    int terms = 2 + r.nextInt(2);
    Ex acc = null;
    for (int k = 0; k < terms; k++) {
      int lo = r.nextInt(extra + 1);
      int[][] items = new int[axis + 1][];
      for (int a = 0; a < axis; a++) {
        items[a] = new int[] {1, Ex.NONE, Ex.NONE};
      }
      items[axis] = sliceItem(lo, lo + s[axis], t[axis]);
      Ex sl = Ex.of(Kind.INDEX, "", s, 'f', null, base).withItems(items);
      int c = r.nextInt(3);
      if (c == 0) {
        sl = bin("*", Ex.num(Lits.num(Lits.element(r.nextLong(), 0)), 'f'), sl, s);
      } else if (c == 1) {
        // A function of the shifted value (its cotangent is a fused loop's value: a scatter).
        sl = call1(pick(new String[] {"square", "sin", "tanh"}), sl);
      }
      // Products make every slice's cotangent depend on the others (what a scatter needs).
      acc = acc == null ? sl : bin(r.nextBoolean() ? "*" : r.nextBoolean() ? "+" : "-", acc, sl, s);
    }
    return acc;
  }

  /** Integer and boolean sources made floating: aranges, counts of a mask. */
  private Ex integers(int[] s, int depth) {
    if (s.length == 1 && r.nextBoolean()) {
      return bin(r.nextBoolean() ? "*" : "+", Ex.of(Kind.ARANGE, "", s, 'i', null),
          r.nextBoolean() ? Ex.num(Lits.num(Lits.element(r.nextLong(), 0)), 'f') : gen(s, depth - 1),
          s);
    }
    if (s.length <= 2) {
      // Count of a mask along a new axis, as a float.
      int n = smallDim();
      int[] t = insertAxis(s, 0, n);
      Ex cond = bin(pick(CMP), gen(t, depth - 1), gen(s.length == 0 ? t : s, depth - 2), t);
      Ex count = new Ex(Kind.REDUCE, "sum", List.of(cond), s, 'i', new int[] {0}, null);
      return bin("*", count, gen(s, depth - 1), s);
    }
    return null;
  }

  // ------------------------------------------------------------------ shape helpers

  String pick(String[] xs) {
    return xs[r.nextInt(xs.length)];
  }

  private List<Integer> split(int n) {
    List<Integer> parts = new ArrayList<>();
    if (n == 0) {
      parts.add(0);
      return parts;
    }
    int left = n;
    while (left > 0) {
      int p = parts.size() >= 2 ? left : 1 + r.nextInt(left);
      parts.add(p);
      left -= p;
    }
    return parts;
  }

  /** A random shape of {@code size} elements (rank 1-3, or a scalar for size 1). */
  private int[] factor(int size) {
    if (size == 1 && r.nextBoolean()) {
      return new int[0];
    }
    if (size == 0) {
      return r.nextBoolean() ? new int[] {0} : new int[] {1 + r.nextInt(3), 0};
    }
    List<Integer> ds = new ArrayList<>();
    int left = size;
    int rank = 1 + r.nextInt(3);
    for (int k = 0; k < rank - 1; k++) {
      List<Integer> divs = new ArrayList<>();
      for (int d = 1; d <= left; d++) {
        if (left % d == 0 && d <= 64) {
          divs.add(d);
        }
      }
      int d = divs.get(r.nextInt(divs.size()));
      ds.add(d);
      left /= d;
    }
    ds.add(left);
    java.util.Collections.shuffle(ds, r);
    return ds.stream().mapToInt(Integer::intValue).toArray();
  }

  private int[] randomPermutation(int n) {
    List<Integer> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(i);
    }
    java.util.Collections.shuffle(p, r);
    return p.stream().mapToInt(Integer::intValue).toArray();
  }

  static int size(int[] s) {
    int n = 1;
    for (int d : s) {
      n *= d;
    }
    return n;
  }

  static int[] insertAxis(int[] s, int at, int n) {
    int[] t = new int[s.length + 1];
    for (int i = 0, k = 0; i < t.length; i++) {
      t[i] = i == at ? n : s[k++];
    }
    return t;
  }

  static int[] removeAxis(int[] s, int at) {
    int[] t = new int[s.length - 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != at) {
        t[k++] = s[i];
      }
    }
    return t;
  }

  static int[] reversed(int[] s) {
    int[] t = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      t[i] = s[s.length - 1 - i];
    }
    return t;
  }

  static boolean broadcasts(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[off + i]) {
        return false;
      }
    }
    return true;
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      s[i] = da == 1 ? db : da;
    }
    return s;
  }

  private static boolean fitsInside(int[] s, int[] xs) {
    for (int i = 0; i < s.length; i++) {
      if (s[i] > xs[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPermutation(int[] a, int[] b) {
    int[] x = a.clone();
    int[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return Arrays.equals(x, y);
  }

  /** A permutation p with {@code s[i] = xs[p[i]]}. */
  private int[] permutationTo(int[] xs, int[] s) {
    int[] p = new int[s.length];
    boolean[] usedAx = new boolean[xs.length];
    for (int i = 0; i < s.length; i++) {
      p[i] = -1;
      for (int a = 0; a < xs.length; a++) {
        if (!usedAx[a] && xs[a] == s[i]) {
          p[i] = a;
          usedAx[a] = true;
          break;
        }
      }
      if (p[i] < 0) {
        return null;
      }
    }
    return p;
  }
}
