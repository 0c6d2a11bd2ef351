package org.cotangent.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.cotangent.frontend.script.Pos;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Linalg;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Constant;

/** The built-in functions of the script language (DESIGN section 7). */
final class Builtins {
  private Builtins() {}

  static void install(Evaluator ev) {
    Env g = ev.globals;
    unary(g, "sin", Np::sin);
    unary(g, "cos", Np::cos);
    unary(g, "tan", Np::tan);
    unary(g, "tanh", Np::tanh);
    unary(g, "sinh", Np::sinh);
    unary(g, "cosh", Np::cosh);
    unary(g, "arcsin", Np::arcsin);
    unary(g, "arccos", Np::arccos);
    unary(g, "arctan", Np::arctan);
    unary(g, "exp", Np::exp);
    unary(g, "log", Np::log);
    unary(g, "log1p", Np::log1p);
    unary(g, "expm1", Np::expm1);
    unary(g, "sqrt", Np::sqrt);
    unary(g, "rsqrt", Np::rsqrt);
    unary(g, "abs", Np::abs);
    unary(g, "real", Np::real);
    unary(g, "imag", Np::imag);
    unary(g, "conj", Np::conj);
    unary(g, "conjugate", Np::conj);
    unary(g, "angle", Np::angle);
    binary(g, "complex", Np::complex);
    unary(g, "sign", Np::sign);
    unary(g, "floor", Np::floor);
    unary(g, "round", Np::round);
    unary(g, "ceil", Np::ceil);
    unary(g, "stop_gradient", Np::stopGradient);
    unary(g, "sigmoid", Np::sigmoid);
    unary(g, "square", Np::square);
    unary(g, "reciprocal", Np::reciprocal);
    binary(g, "arctan2", Np::arctan2);
    binary(g, "maximum", Np::maximum);
    binary(g, "minimum", Np::minimum);
    binary(g, "power", Np::power);
    binary(g, "fmod", Np::fmod);
    binary(g, "mod", Np::mod);
    binary(g, "remainder", Np::remainder);
    binary(g, "dot", Np::dot);
    binary(g, "vdot", Np::vdot);
    binary(g, "matmul", Np::matmul);
    binary(g, "outer", Np::outer);
    def(g, "where", (ev2, a) -> {
      a.expect(3, 3);
      return Np.where(arr(a, 0, "condition"), arr(a, 1, "x"), arr(a, 2, "y"));
    });
    def(g, "sum", (ev2, a) -> reduce(a, Np::sum));
    def(g, "mean", (ev2, a) -> reduce(a, Np::mean));
    def(g, "max", (ev2, a) -> reduce(a, Np::max));
    def(g, "min", (ev2, a) -> reduce(a, (x, ax) -> Np.neg(Np.max(Np.neg(x), ax))));
    def(g, "prod", (ev2, a) -> reduce(a, Np::prod));
    def(g, "argmax", (ev2, a) -> argReduce(a, false));
    def(g, "argmin", (ev2, a) -> argReduce(a, true));
    def(g, "logsumexp", (ev2, a) -> reduce(a, Np::logsumexp));
    def(g, "softmax", (ev2, a) -> lastAxis(a, Np::softmax));
    def(g, "log_softmax", (ev2, a) -> lastAxis(a, Np::logSoftmax));
    def(g, "var", (ev2, a) -> moments(ev2, a, false));
    def(g, "std", (ev2, a) -> moments(ev2, a, true));
    def(g, "norm", Builtins::norm);
    def(g, "clip", (ev2, a) -> {
      a.expect(1, 3, "lo", "hi");
      Node x = arr(a, 0, "x");
      Node lo = optArr(a, 1, "lo");
      Node hi = optArr(a, 2, "hi");
      if (lo == null && hi == null) {
        throw a.pos.error("clip() needs a bound: give lo, hi or both, as in clip(x, 0, 1) or"
            + " clip(x, hi=1)");
      }
      return Np.clip(x, lo, hi);
    });
    def(g, "cumsum", (ev2, a) -> scan(ev2, a, Np::cumsum));
    def(g, "cumprod", (ev2, a) -> scan(ev2, a, Np::cumprod));
    def(g, "sort", (ev2, a) -> {
      a.expect(1, 2, "axis");
      return Np.sort(arr(a, 0, "x"), optAxis(a, 1, Values.intConst(-1)));
    });
    def(g, "argsort", (ev2, a) -> {
      a.expect(1, 2, "axis");
      return Np.argsort(arr(a, 0, "x"), optAxis(a, 1, Values.intConst(-1)));
    });
    def(g, "take", (ev2, a) -> {
      a.expect(2, 3, "axis");
      return Np.take(arr(a, 0, "x"), indexArray(a.get(1, "indices"), a.pos),
          optAxis(a, 2, Values.NONE));
    });
    def(g, "take_along_axis", (ev2, a) -> {
      a.expect(3, 3, "axis");
      return Np.takeAlongAxis(arr(a, 0, "x"), indexArray(a.get(1, "indices"), a.pos),
          Values.intOf(a.get(2, "axis"), a.pos));
    });
    def(g, "flip", (ev2, a) -> {
      a.expect(1, 2, "axis");
      Object axis = a.opt(1, "axis", Values.NONE);
      return Np.flip(arr(a, 0, "x"), axis == Values.NONE ? new int[0] : intList(axis, a.pos));
    });
    def(g, "tensordot", (ev2, a) -> {
      a.expect(2, 3, "axes");
      Node x = arr(a, 0, "a");
      Node y = arr(a, 1, "b");
      Object axes = a.opt(2, "axes", Values.intConst(2));
      if (axes instanceof Node) {
        return Np.tensordot(x, y, Values.intOf(axes, a.pos));
      }
      List<Object> pair = Transforms.items(axes, a.pos, "axes");
      if (pair.size() != 2) {
        throw a.pos.error("tensordot: axes must be an integer or a pair of axis lists");
      }
      return Np.tensordot(x, y, intList(pair.get(0), a.pos), intList(pair.get(1), a.pos));
    });
    def(g, "transpose", (ev2, a) -> {
      a.expect(1, 2, "axes");
      Node x = arr(a, 0, "x");
      Object axes = a.opt(1, "axes", Values.NONE);
      return axes == Values.NONE ? Np.transpose(x) : Ir.transpose(x, intList(axes, a.pos));
    });
    def(g, "reshape", (ev2, a) -> {
      a.expect(2, 2);
      // Not through shapeOf: a shape here may hold one -1 (inferred), which Shape rejects.
      return Np.reshape(arr(a, 0, "x"), intList(shapeArg(a.get(1, "shape")), a.pos));
    });
    def(g, "concatenate", (ev2, a) -> {
      a.expect(1, 2, "axis");
      return Np.concatenate(Values.intOf(a.opt(1, "axis", Values.intConst(0)), a.pos),
          nodes(a.get(0, "arrays"), a.pos));
    });
    def(g, "stack", (ev2, a) -> {
      a.expect(1, 1);
      return Np.stack(nodes(a.get(0, "arrays"), a.pos));
    });
    def(g, "vstack", (ev2, a) -> {
      a.expect(1, 1);
      Node[] xs = nodes(a.get(0, "arrays"), a.pos);
      for (int i = 0; i < xs.length; i++) {
        if (xs[i].rank() == 1) {
          xs[i] = Np.reshape(xs[i], 1, -1);
        }
      }
      return Np.concatenate(0, xs);
    });
    def(g, "hstack", (ev2, a) -> {
      a.expect(1, 1);
      Node[] xs = nodes(a.get(0, "arrays"), a.pos);
      return Np.concatenate(xs[0].rank() == 1 ? 0 : 1, xs);
    });
    def(g, "array", (ev2, a) -> {
      a.expect(1, 2, "dtype");
      return withDtype(array(a.get(0, "object"), a.pos), a.opt(1, "dtype", Values.NONE), a);
    });
    def(g, "asarray", (ev2, a) -> {
      a.expect(1, 2, "dtype");
      return withDtype(array(a.get(0, "object"), a.pos), a.opt(1, "dtype", Values.NONE), a);
    });
    def(g, "zeros", (ev2, a) -> Ir.zeros(TensorType.of(DType.F64, Values.shapeOf(a.expect(1, 1).get(0, "shape"), a.pos))));
    def(g, "ones", (ev2, a) -> Ir.full(1.0, TensorType.of(DType.F64, Values.shapeOf(a.expect(1, 1).get(0, "shape"), a.pos))));
    def(g, "zeros_like", (ev2, a) -> Ir.zeros(arr(a.expect(1, 1), 0, "x").type()));
    def(g, "ones_like", (ev2, a) -> Ir.full(1.0, arr(a.expect(1, 1), 0, "x").type()));
    def(g, "full", (ev2, a) -> {
      a.expect(2, 2);
      return Ir.full(ev2.doubleOf(a.get(1, "fill_value"), a.pos),
          TensorType.of(DType.F64, Values.shapeOf(a.get(0, "shape"), a.pos)));
    });
    def(g, "eye", (ev2, a) -> {
      int n = Values.intOf(a.expect(1, 1).get(0, "n"), a.pos);
      if (n < 0) {
        throw a.pos.error("eye: n must not be negative, got " + n);
      }
      TensorType t = TensorType.f64(n, n);
      double[] d = dense(t);
      for (int i = 0; i < n; i++) {
        d[i * n + i] = 1;
      }
      return Ir.constant(Tensor.wrap(t, d));
    });
    def(g, "arange", (ev2, a) -> {
      // NumPy's arange(stop): empty when stop <= 0.
      int n = Math.max(0, Values.intOf(a.expect(1, 1).get(0, "stop"), a.pos));
      TensorType t = TensorType.of(DType.I64, n);
      double[] d = dense(t);
      for (int i = 0; i < n; i++) {
        d[i] = i;
      }
      return Ir.constant(Tensor.wrap(t, d));
    });
    def(g, "normal", (ev2, a) -> random(a, true));
    def(g, "uniform", (ev2, a) -> random(a, false));
    def(g, "shape", (ev2, a) -> Values.shapeTuple(arr(a.expect(1, 1), 0, "x")));
    def(g, "len", (ev2, a) -> {
      Object v = a.expect(1, 1).get(0, "x");
      if (v instanceof Values.Tuple || v instanceof Values.ListValue) {
        return Values.intConst(Transforms.items(v, a.pos, "x").size());
      }
      if (v instanceof Values.Dict) {
        return Values.intConst(((Values.Dict) v).entries.size());
      }
      Node x = arr(a, 0, "x");
      if (x.rank() == 0) {
        throw a.pos.error("len() of a scalar");
      }
      return Values.intConst(x.type().shape().dim(0));
    });
    def(g, "tree_leaves", (ev2, a) -> {
      // jax.tree_util.tree_leaves: depth first, dicts in sorted key order; None has no leaves.
      List<Object> leaves = new ArrayList<>(Pytree.flattenAny(a.expect(1, 1).get(0, "tree"))
          .leaves());
      leaves.removeIf(x -> x == Values.NONE);
      return new Values.ListValue(leaves);
    });
    def(g, "map", (ev2, a) -> {
      // Python's map, eager: a list of f(x) for x in a list, a tuple or the rows of an array.
      a.expect(2, 2);
      Values.Callable f = Transforms.callable(a.get(0, "function"), a);
      Object xs = a.get(1, "iterable");
      List<Object> items = new ArrayList<>();
      if (xs instanceof Values.Tuple || xs instanceof Values.ListValue) {
        items.addAll(Transforms.items(xs, a.pos, "iterable"));
      } else {
        Node x = arr(a, 1, "iterable");
        if (x.rank() == 0) {
          throw a.pos.error("map() cannot iterate over a scalar");
        }
        for (int i = 0; i < x.type().shape().dim(0); i++) {
          items.add(Ir.index(x, 0, i));
        }
      }
      List<Object> out = new ArrayList<>();
      for (Object item : items) {
        out.add(f.call(ev2, List.of(item), Map.of(), a.pos));
      }
      return new Values.ListValue(out);
    });
    def(g, "float", (ev2, a) -> Ir.constant(ev2.doubleOf(a.expect(1, 1).get(0, "x"), a.pos)));
    def(g, "allclose", (ev2, a) -> {
      a.expect(2, 4, "rtol", "atol");
      Tensor x = ev2.runner.concrete(arr(a, 0, "a"), a.pos);
      Tensor y = ev2.runner.concrete(arr(a, 1, "b"), a.pos);
      double rtol = ev2.doubleOf(a.opt(2, "rtol", Ir.constant(1e-5)), a.pos);
      double atol = ev2.doubleOf(a.opt(3, "atol", Ir.constant(1e-8)), a.pos);
      Shape s = Np.broadcastShapes(x.shape(), y.shape());
      Tensor bx = ev2.runner.concrete(Np.broadcastTo(Ir.constant(x), s), a.pos);
      Tensor by = ev2.runner.concrete(Np.broadcastTo(Ir.constant(y), s), a.pos);
      for (int k = 0; k < s.size(); k++) {
        double d = Math.hypot(bx.re(k) - by.re(k), bx.im(k) - by.im(k));
        if (!(d <= atol + rtol * Math.hypot(by.re(k), by.im(k)))) {
          return Values.bool(false);
        }
      }
      return Values.bool(true);
    });
    def(g, "print", (ev2, a) -> {
      if (!a.keywords.isEmpty()) {
        throw a.pos.error("print() takes no keyword arguments");
      }
      if (ev2.json) {
        ev2.println(Printing.jsonLine(ev2.runner, a.positional, a.pos));
      } else {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
          sb.append(i > 0 ? " " : "").append(Printing.str(ev2.runner, a.positional.get(i), a.pos));
        }
        ev2.println(sb.toString());
      }
      return Values.NONE;
    });
    def(g, "timeit", Builtins::timeit);
    def(g, "grad", (ev2, a) -> Transforms.makeGrad(ev2, a, false));
    def(g, "value_and_grad", (ev2, a) -> Transforms.makeGrad(ev2, a, true));
    def(g, "vmap", Transforms::makeVmap);
    def(g, "jacfwd", (ev2, a) -> Transforms.makeJacobian(ev2, a, "jacfwd"));
    def(g, "jacrev", (ev2, a) -> Transforms.makeJacobian(ev2, a, "jacrev"));
    def(g, "hessian", (ev2, a) -> Transforms.makeJacobian(ev2, a, "hessian"));
    def(g, "jvp", Transforms::jvp);
    def(g, "vjp", Transforms::vjp);
    def(g, "linearize", Transforms::linearize);
    def(g, "check_grads", Transforms::checkGrads);
    installLinalg(ev);
    ControlFlow.install(g);
    CustomRuleBuiltins.install(g);
  }

  /**
   * The linear-algebra functions, as globals and as the members of {@code linalg} (so that
   * {@code linalg.cholesky(a)} reads as {@code jnp.linalg.cholesky(a)}). Matrices may come in
   * batches {@code [..., n, n]}.
   */
  private static void installLinalg(Evaluator ev) {
    Env g = ev.globals;
    unary(g, "cholesky", Linalg::cholesky);
    unary(g, "inv", Linalg::inv);
    unary(g, "det", Linalg::det);
    def(g, "slogdet", (ev2, a) -> {
      Node[] r = Linalg.slogdet(arr(a.expect(1, 1), 0, "a"));
      return new Values.Tuple(List.of(r[0], r[1]));
    });
    def(g, "eigh", (ev2, a) -> {
      Node[] r = Linalg.eigh(arr(a.expect(1, 1), 0, "a"));
      return new Values.Tuple(List.of(r[0], r[1]));
    });
    def(g, "solve", (ev2, a) -> {
      a.expect(2, 2);
      return Linalg.solve(arr(a, 0, "a"), arr(a, 1, "b"));
    });
    // lax.linalg.triangular_solve(a, b, left_side=False, lower=False, transpose_a=False,
    // conjugate_a=False, unit_diagonal=False): x with op(a) x = b (left_side) or x op(a) = b.
    def(g, "triangular_solve", (ev2, a) -> {
      a.expect(2, 2, "left_side", "lower", "transpose_a", "conjugate_a", "unit_diagonal");
      Node m = arr(a, 0, "a");
      Node b = arr(a, 1, "b");
      return Linalg.triangularSolve(m, b, flag(ev2, a, "left_side"), flag(ev2, a, "lower"),
          flag(ev2, a, "transpose_a"), flag(ev2, a, "conjugate_a"), flag(ev2, a, "unit_diagonal"));
    });
    Map<String, Object> members = new java.util.TreeMap<>();
    for (String name : List.of("cholesky", "inv", "det", "slogdet", "eigh", "solve",
        "triangular_solve")) {
      members.put(name, g.lookup(name));
    }
    g.define("linalg", new Values.Namespace("linalg", members));
  }

  private static boolean flag(Evaluator ev, Args a, String name) {
    return ev.truth(a.opt(-1, name, Values.bool(false)), a.pos);
  }

  private static void def(Env g, String name, Builtin.Impl impl) {
    g.define(name, new Builtin(name, "builtin:" + name, impl));
  }

  private static void unary(Env g, String name, UnaryOperator<Node> f) {
    def(g, name, (ev, a) -> f.apply(arr(a.expect(1, 1), 0, "x")));
  }

  private static void binary(Env g, String name, BinaryOperator<Node> f) {
    def(g, name, (ev, a) -> {
      a.expect(2, 2);
      return f.apply(arr(a, 0, "a"), arr(a, 1, "b"));
    });
  }

  interface Reduction {
    Node apply(Node x, int[] axes);
  }

  private static Object reduce(Args a, Reduction r) {
    a.expect(1, 2, "axis");
    Node x = arr(a, 0, "x");
    Object axis = a.opt(1, "axis", Values.NONE);
    if (axis == Values.NONE) {
      return r.apply(x, new int[0]);
    }
    int[] axes = axis instanceof Node ? new int[] {Values.intOf(axis, a.pos)} : intList(axis, a.pos);
    return r.apply(x, axes);
  }

  /** The axes of an {@code axis} argument: None (all: empty), an integer or a tuple/list of them. */
  private static int[] axes(Object axis, Pos pos) {
    if (axis == Values.NONE) {
      return new int[0];
    }
    return axis instanceof Node ? new int[] {Values.intOf(axis, pos)} : intList(axis, pos);
  }

  /** {@code argmax(x, axis=None)}: one axis, or the flattened array. */
  private static Object argReduce(Args a, boolean min) {
    a.expect(1, 2, "axis");
    Node x = arr(a, 0, "x");
    Object axis = a.opt(1, "axis", Values.NONE);
    if (axis != Values.NONE && !(axis instanceof Node)) {
      throw a.pos.error(a.fn + "(): axis must be one integer or None, got " + Values.typeName(axis));
    }
    Integer ax = axis == Values.NONE ? null : Values.intOf(axis, a.pos);
    return min ? Np.argmin(x, ax) : Np.argmax(x, ax);
  }

  /** {@code softmax(x, axis=-1)}: the last axis by default, as jax.nn's; None is every axis. */
  private static Object lastAxis(Args a, Reduction r) {
    a.expect(1, 2, "axis");
    Node x = arr(a, 0, "x");
    return r.apply(x, axes(a.opt(1, "axis", Values.intConst(-1)), a.pos));
  }

  /**
   * {@code var(x, axis=None, *, ddof=0)} and {@code std(...)}: ddof is keyword-only, since
   * NumPy's third positional argument is dtype.
   */
  private static Object moments(Evaluator ev, Args a, boolean std) {
    a.expect(1, 2, "axis", "ddof");
    Node x = arr(a, 0, "x");
    int[] ax = axes(a.opt(1, "axis", Values.NONE), a.pos);
    Object d = a.opt(-1, "ddof", Values.intConst(0));
    if (!(d instanceof Node)) {
      throw a.pos.error(a.fn + "(): ddof must be a number, got " + Values.typeName(d));
    }
    double ddof = ev.doubleOf(d, a.pos);
    return std ? Np.std(x, ddof, ax) : Np.var(x, ddof, ax);
  }

  /** {@code norm(x, ord=None, axis=None)}: ord None, 2 or 'fro'; others are rejected by Np. */
  private static Object norm(Evaluator ev, Args a) {
    a.expect(1, 3, "ord", "axis");
    Node x = arr(a, 0, "x");
    Object o = a.opt(1, "ord", Values.NONE);
    Object ord;
    if (o == Values.NONE) {
      ord = null;
    } else if (o instanceof String) {
      ord = o;
    } else if (o instanceof Node) {
      ord = ev.doubleOf(o, a.pos);
    } else {
      throw a.pos.error("norm(): ord must be None, a number or 'fro', got " + Values.typeName(o));
    }
    return Np.norm(x, ord, axes(a.opt(2, "axis", Values.NONE), a.pos));
  }

  /** Argument {@code i} (or keyword {@code name}) as an array, or null when absent or None. */
  private static Node optArr(Args a, int i, String name) {
    Object v = a.opt(i, name, Values.NONE);
    if (v == Values.NONE) {
      return null;
    }
    if (v instanceof Values.ListValue || v instanceof Values.Tuple) {
      return array(v, a.pos);
    }
    return Values.array(v, a.pos, "argument '" + name + "' of " + a.fn + "()");
  }

  interface Scan {
    Node apply(Node x, Integer axis, boolean reverse);
  }

  /** {@code cumsum(x, axis=None, reverse=False)}: None scans x flattened, as NumPy. */
  private static Object scan(Evaluator ev, Args a, Scan f) {
    a.expect(1, 3, "axis", "reverse");
    boolean reverse = Operators.truth(a.opt(2, "reverse", Values.bool(false)), a.pos, ev.runner);
    return f.apply(arr(a, 0, "x"), optAxis(a, 1, Values.NONE), reverse);
  }

  /** Argument {@code i} or {@code axis=}: an integer, or null for None. */
  private static Integer optAxis(Args a, int i, Object dflt) {
    Object axis = a.opt(i, "axis", dflt);
    return axis == Values.NONE ? null : Values.intOf(axis, a.pos);
  }

  static Node arr(Args a, int i, String name) {
    Object v = a.get(i, name);
    if (v instanceof Values.ListValue || v instanceof Values.Tuple) {
      return array(v, a.pos);
    }
    return Values.array(v, a.pos, "argument '" + name + "' of " + a.fn + "()");
  }

  private static Object shapeArg(Object v) {
    return v instanceof Node ? new Values.Tuple(List.of(v)) : v;
  }

  static int[] intList(Object v, Pos pos) {
    if (v instanceof Node) {
      return new int[] {Values.intOf(v, pos)};
    }
    List<Object> items = Transforms.items(v, pos, "axes");
    int[] r = new int[items.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = Values.intOf(items.get(i), pos);
    }
    return r;
  }

  private static Node[] nodes(Object v, Pos pos) {
    List<Object> items = Transforms.items(v, pos, "arrays");
    Node[] r = new Node[items.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = items.get(i) instanceof Node ? (Node) items.get(i) : array(items.get(i), pos);
    }
    return r;
  }

  /** {@code array([[1, 2], [3, 4]])}: nested lists of numbers (or arrays) to one array. */
  /**
   * A list given as indices: as {@link #array}, except that an empty list is an empty integer
   * array (NumPy's {@code np.take(x, [])} and {@code x[[]]} are empty results, where
   * {@code array([])} alone is f64).
   */
  static Node indexArray(Object v, Pos pos) {
    if ((v instanceof Values.ListValue || v instanceof Values.Tuple)
        && Transforms.items(v, pos, "indices").isEmpty()) {
      return Ir.zeros(TensorType.of(DType.I64, 0));
    }
    return v instanceof Node ? (Node) v : v instanceof Values.ListValue || v instanceof Values.Tuple
        ? array(v, pos) : Values.array(v, pos, "indices");
  }

  /** NumPy's and our names of the dtypes a script may ask for. */
  private static final Map<String, DType> DTYPES = Map.of("f64", DType.F64, "float64", DType.F64,
      "float", DType.F64, "c128", DType.C128, "complex128", DType.C128, "complex", DType.C128,
      "i64", DType.I64, "int64", DType.I64, "int", DType.I64, "bool", DType.BOOL);

  /** {@code x} converted to the dtype named by {@code dtype} (None: as it is). */
  private static Node withDtype(Node x, Object dtype, Args a) {
    if (dtype == Values.NONE) {
      return x;
    }
    DType d = dtype instanceof String ? DTYPES.get((String) dtype) : null;
    if (d == null) {
      throw a.pos.error(a.fn + "(): unknown dtype " + (dtype instanceof String ? "'" + dtype + "'"
          : Values.typeName(dtype)) + "; give one of \"f64\", \"c128\", \"i64\", \"bool\" (or NumPy's"
          + " \"float64\", \"complex128\", \"int64\")");
    }
    if (x.dtype() == DType.C128 && d != DType.C128) {
      throw a.pos.error(a.fn + "(): cannot convert complex values to " + d + " (take real(x) or"
          + " abs(x) first)");
    }
    return Np.astype(x, d);
  }

  static Node array(Object v, Pos pos) {
    if (v instanceof Node) {
      return (Node) v;
    }
    if (!(v instanceof Values.ListValue || v instanceof Values.Tuple)) {
      throw pos.error("array() needs a number or a nested list of numbers, got " + Values.typeName(v));
    }
    List<Object> items = Transforms.items(v, pos, "array");
    if (items.isEmpty()) {
      return Ir.zeros(TensorType.f64(0));
    }
    Node[] rows = new Node[items.size()];
    boolean constant = true;
    for (int i = 0; i < rows.length; i++) {
      rows[i] = array(items.get(i), pos);
      constant &= rows[i].isConstant();
      if (!rows[i].type().shape().equals(rows[0].type().shape())) {
        throw pos.error("array(): ragged nested list (shapes " + rows[0].type().shape() + " and "
            + rows[i].type().shape() + ")");
      }
    }
    DType d = rows[0].dtype();
    for (Node r : rows) {
      d = DType.promote(d, r.dtype());
    }
    if (!constant) {
      return Np.stack(rows);
    }
    int[] inner = rows[0].type().shape().dims();
    int[] dims = new int[inner.length + 1];
    dims[0] = rows.length;
    System.arraycopy(inner, 0, dims, 1, inner.length);
    TensorType t = TensorType.of(d, Shape.of(dims));
    double[] data = new double[t.size() * d.width()];
    int k = 0;
    for (Node r : rows) {
      Tensor rt = ((Constant) Np.astype(r, d).op()).value();
      System.arraycopy(rt.unsafeData(), 0, data, k, rt.unsafeData().length);
      k += rt.unsafeData().length;
    }
    return Ir.constant(Tensor.wrap(t, data));
  }

  /**
   * The zeroed data of a constant of type {@code t} that is stored element by element; an
   * {@link IrException} (which the caller's position turns into a script error) when the heap
   * could not hold it, rather than an out-of-memory error with no position.
   */
  static double[] dense(TensorType t) {
    long bytes = (long) t.size() * t.dtype().width() * Double.BYTES;
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      throw new IrException("an array of type " + t + " needs " + megabytes(bytes)
          + " MB, more than the " + megabytes(free) + " MB of Java heap that is free; give Java"
          + " more heap (JAVA_OPTS=-Xmx...) or use a smaller array");
    }
    return new double[t.size() * t.dtype().width()];
  }

  private static long megabytes(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  /** {@code normal(seed, shape)}, {@code uniform(seed, shape)}: reproducible for a seed. */
  private static Object random(Args a, boolean normal) {
    a.expect(2, 2);
    long seed = Values.intOf(a.get(0, "seed"), a.pos);
    Shape s = Values.shapeOf(a.get(1, "shape"), a.pos);
    Random r = new Random(seed);
    double[] d = dense(TensorType.of(DType.F64, s));
    for (int i = 0; i < d.length; i++) {
      d[i] = normal ? r.nextGaussian() : r.nextDouble();
    }
    return Ir.constant(Tensor.wrap(TensorType.of(DType.F64, s), d));
  }

  /**
   * {@code timeit(thunk)}: calls the thunk until about 0.2 s have passed per run, five runs, and
   * prints the median time per call. Returns the median in seconds.
   */
  private static Object timeit(Evaluator ev, Args a) {
    a.expect(1, 2, "label");
    Object f = a.get(0, "thunk");
    if (!(f instanceof Values.Callable)) {
      throw a.pos.error("timeit() needs a function of no arguments, e.g. timeit(lambda: f(x))");
    }
    Values.Callable thunk = (Values.Callable) f;
    Object label = a.opt(1, "label", Values.NONE);
    org.cotangent.runtime.Timing.PerCall t = org.cotangent.runtime.Timing.perCall(
        () -> thunk.call(ev, List.of(), Map.of(), a.pos));
    String text = t.describe(label == Values.NONE ? null : label.toString());
    if (ev.json) {
      ev.println(Printing.json(ev.runner, text, a.pos));
    } else {
      ev.println(text);
    }
    double median = t.seconds();
    return Ir.constant(median);
  }
}
