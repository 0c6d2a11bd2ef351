#!/usr/bin/env python3
"""Suite problem B1 in SymPy: diff + cse + lambdify (the symbolic peer), per-call time.

  python3 bench/peers/suite_sympy.py
Prints JSON lines as suite_torch.py does ("peer": "sympy"), plus the time to build each
gradient function ("build_ms"). Inputs from suite_data.py, as ScalarBench's.
"""
import json
import time

import sympy as sp

from suite_data import timed, uniform


def gradient_function(expr, xs):
    """The gradient as one Python function: sympy.diff, then lambdify with its cse pass."""
    t0 = time.perf_counter()
    grads = [sp.diff(expr, x) for x in xs]
    fn = sp.lambdify(xs, grads, modules="math", cse=True)
    return fn, (time.perf_counter() - t0) * 1e3


def emit(method, expr, xs, point):
    fn, build_ms = gradient_function(expr, xs)
    median, best = timed(lambda: fn(*point))
    print(json.dumps({"peer": "sympy", "bench": "ScalarBench", "method": method, "params": {},
                      "us": round(median, 3), "us_best": round(best, 3),
                      "build_ms": round(build_ms, 1)}), flush=True)


if __name__ == "__main__":
    x, y, z = sp.symbols("x y z")
    f3 = sp.sin(x * y) + sp.exp(z) / (1 + x ** 2) + z * sp.log(1 + y ** 2)
    emit("f3GradCompiled", f3, [x, y, z], uniform(11, 3))
    v = sp.symbols("x0:10")
    f10 = sum(sp.sin(v[i] * v[(i + 1) % 10]) + v[i] / (1 + v[(i + 1) % 10] ** 2)
              for i in range(10))
    emit("f10GradCompiled", f10, list(v), uniform(12, 10))
