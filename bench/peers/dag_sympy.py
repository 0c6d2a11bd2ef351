#!/usr/bin/env python3
"""Suite problem B8 in SymPy: the gradient of BuildTimeBench's random scalar DAGs by diff + cse +
lambdify, timed from the expression to a callable function (the symbolic peer's build time).

  python3 bench/peers/dag_sympy.py [--timeout S] [--check] ops[:seed] ...
e.g. `python3 bench/peers/dag_sympy.py --timeout 600 100 1000`. The DAG is BuildTimeBench.dagBody's,
drawn from the same generator (java.util.SplittableRandom, reimplemented here), so both sides
differentiate the same function; --check prints the DAG's value at x_i = (i + 1) / 10, to compare
with Interpreter.eval of BuildTimeBench.randomDag(ops, seed) there (100:1 gives 11.03221013 and
1000:2 gives 53.75953053 on both sides).
Prints one JSON line per DAG: {"peer": "sympy", "bench": "BuildTimeBench", "ops": ..., "seed": ...,
"build_ms": ... or null, "timeout_s": ...}; a build that exceeds the timeout gives build_ms null.
"""
import json
import math
import signal
import sys
import time

M64 = (1 << 64) - 1
INPUTS = 10


class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt(bound) as Java 17 computes it."""
    GOLDEN_GAMMA = 0x9E3779B97F4A7C15

    def __init__(self, seed):
        self.seed = seed & M64

    def _next_int(self):
        self.seed = (self.seed + self.GOLDEN_GAMMA) & M64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        z = ((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64
        r = z >> 32
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_int(self, bound):
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r + (1 << 31)) & 0xFFFFFFFF) - (1 << 31) >= 0:
                return r
            u = (self._next_int() & 0xFFFFFFFF) >> 1


def pick(r, size):
    if size <= 20 or r.next_int(4) != 0:
        return size - 1 - r.next_int(min(size, 20))
    return r.next_int(size)


def dag(xs, ops, seed, sin, cos, tanh):
    """BuildTimeBench.dagBody over the values xs, with the given sin, cos and tanh."""
    r = SplittableRandom(seed)
    vals = list(xs)
    read = [False] * len(xs)
    for _ in range(ops):
        a = pick(r, len(vals))
        kind = r.next_int(6)
        if kind < 3:
            b = pick(r, len(vals))
            x, y = vals[a], vals[b]
            n = x + y if kind == 0 else x - y if kind == 1 else x * y
            read[b] = True
        else:
            n = (sin, cos, tanh)[kind - 3](vals[a])
        read[a] = True
        vals.append(n)
        read.append(False)
    out = None
    for i in range(len(xs), len(vals)):
        if not read[i]:
            out = vals[i] if out is None else out + vals[i]
    return out


class Timeout(Exception):
    pass


def build_ms(ops, seed, timeout):
    import sympy as sp
    xs = sp.symbols(f"x0:{INPUTS}")

    def alarm(signum, frame):
        raise Timeout()

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(timeout)
    try:
        t0 = time.perf_counter()
        f = dag(xs, ops, seed, sp.sin, sp.cos, sp.tanh)
        grads = [sp.diff(f, x) for x in xs]
        fn = sp.lambdify(xs, grads, modules="math", cse=True)
        fn(*[(i + 1) / 10 for i in range(INPUTS)])
        return (time.perf_counter() - t0) * 1e3
    except Timeout:
        return None
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    args = sys.argv[1:]
    timeout = 600
    check = False
    if "--check" in args:
        args.remove("--check")
        check = True
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = int(args[i + 1])
        del args[i:i + 2]
    for a in args:
        ops, _, seed = a.partition(":")
        ops, seed = int(ops), int(seed or 1)
        if check:
            v = dag([(i + 1) / 10 for i in range(INPUTS)], ops, seed, math.sin, math.cos, math.tanh)
            print(json.dumps({"ops": ops, "seed": seed, "value": repr(v)}), flush=True)
            continue
        ms = build_ms(ops, seed, timeout)
        print(json.dumps({"peer": "sympy", "bench": "BuildTimeBench", "ops": ops, "seed": seed,
                          "build_ms": None if ms is None else round(ms, 1),
                          "timeout_s": timeout}), flush=True)
