#!/usr/bin/env python3
"""The benchmark suite's problems in PyTorch (eager autograd and functorch), as peers.

Run on one thread with OpenBLAS (Debian: python3-torch, libopenblas0-pthread):
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/peers/suite_torch.py [problem ...]
Prints one JSON line per measurement: {"peer": "torch", "bench": <JMH class>, "method": <the
JMH benchmark it is compared with>, "params": {...}, "us": <median microseconds per call>,
"us_best": ...}. bench/peers/merge.py pairs the lines with a JMH JSON result. Inputs come from
suite_data.py, the generator bench's SuiteData.java implements, so both sides time the same
numbers. Problems: scalar (B1), rosenbrock (B2), quadratic (B3), logistic (B4), perexample (B6),
cookbook (B7).
"""
import json
import sys

import torch
from functorch import grad, jacrev, vmap, jvp, hessian

from suite_data import labels, timed, uniform

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def emit(bench, method, params, step):
    median, best = timed(step)
    print(json.dumps({"peer": "torch", "bench": bench, "method": method, "params": params,
                      "us": round(median, 3), "us_best": round(best, 3)}), flush=True)


def rows(seed, m, n, scale=1.0):
    return torch.tensor([uniform(seed + i, n, scale) for i in range(m)])


def scalar():
    p3 = torch.tensor(uniform(11, 3)).requires_grad_()
    p10 = torch.tensor(uniform(12, 10)).requires_grad_()

    def f3(p):
        x, y, z = p[0], p[1], p[2]
        return torch.sin(x * y) + torch.exp(z) / (1 + x * x) + z * torch.log(1 + y * y)

    def f10(x):
        s = 0
        for i in range(10):
            xj = x[(i + 1) % 10]
            s = s + torch.sin(x[i] * xj) + x[i] / (1 + xj * xj)
        return s

    emit("ScalarBench", "f3GradCompiled", {}, lambda: torch.autograd.grad(f3(p3), p3))
    emit("ScalarBench", "f10GradCompiled", {}, lambda: torch.autograd.grad(f10(p10), p10))


def rosenbrock():
    for n in (1000, 100000, 10000000):
        x = torch.tensor(uniform(21, n)).requires_grad_()

        def f(x):
            head, tail = x[:-1], x[1:]
            return (100 * (tail - head ** 2) ** 2 + (1 - head) ** 2).sum()

        emit("RosenbrockBench", "compiledGradient", {"n": str(n)},
             lambda: torch.autograd.grad(f(x), x))


def quadratic():
    for n in (100, 1000):
        a = rows(300, n, n)
        x = torch.tensor(uniform(31, n))
        v = torch.tensor(uniform(32, n))

        def f(x):
            return x @ (a @ x)

        params = {"n": str(n)}
        emit("QuadraticBench", "gradCompiled", params, lambda: grad(f)(x))
        emit("QuadraticBench", "hvpCompiled", params, lambda: jvp(grad(f), (x,), (v,)))
        emit("QuadraticBench", "hessianCompiled", params, lambda: hessian(f)(x))


def logistic():
    for m, p in ((10000, 100), (2000, 1000)):
        x = rows(1000, m, p)
        t = torch.tensor(labels(41, m))
        w = torch.tensor(uniform(42, p, 0.1))
        v = torch.tensor(uniform(43, p))

        def loss(w):
            z = x @ w
            return (torch.log1p(torch.exp(z)) - t * z).sum() + 0.05 * (w @ w)

        params = {"shape": f"{m}x{p}"}
        emit("LogisticL2Bench", "gradCompiled", params, lambda: grad(loss)(w))
        emit("LogisticL2Bench", "hvpCompiled", params, lambda: jvp(grad(loss), (w,), (v,)))
        emit("LogisticL2Bench", "hessianCompiled", params, lambda: hessian(loss)(w))


def perexample():
    w = torch.tensor(uniform(61, 100, 0.1))
    x = rows(6000, 1024, 100)
    t = torch.tensor(labels(62, 1024))

    def example_loss(w, x, t):
        z = x @ w
        return torch.log1p(torch.exp(z)) - t * z

    emit("PerExampleBench", "gradientsCompiled", {},
         lambda: vmap(grad(example_loss), in_dims=(None, 0, 0))(w, x, t))
    w1 = rows(7000, 3, 64, 0.5)
    b1 = torch.tensor(uniform(71, 64, 0.1))
    w2 = rows(7100, 64, 5, 0.125)
    b2 = torch.tensor(uniform(72, 5, 0.1))
    batch = torch.tensor(uniform(73, 128 * 3)).reshape(128, 3)

    def mlp(x):
        return torch.tanh(x @ w1 + b1) @ w2 + b2

    emit("PerExampleBench", "jacobiansCompiled", {}, lambda: vmap(jacrev(mlp))(batch))


def cookbook():
    x = torch.tensor(uniform(81, 1200, 2)).reshape(30, 40)
    v = torch.tensor(uniform(82, 1200)).reshape(30, 40)

    def f(x):
        return (torch.tanh(x) ** 2).sum()

    def hvp_revfwd(x):
        return grad(lambda y: jvp(f, (y,), (v,))[1])(x)

    def hvp_revrev(x):
        return grad(lambda y: torch.vdot(grad(f)(y).reshape(-1), v.reshape(-1)))(x)

    emit("CookbookTanhBench", "fCompiled", {}, lambda: f(x))
    emit("CookbookTanhBench", "hvpFwdRevCompiled", {}, lambda: jvp(grad(f), (x,), (v,)))
    emit("CookbookTanhBench", "hvpRevFwdCompiled", {}, lambda: hvp_revfwd(x))
    emit("CookbookTanhBench", "hvpRevRevCompiled", {}, lambda: hvp_revrev(x))
    emit("CookbookTanhBench", "hessianTimesVCompiled", {},
         lambda: torch.tensordot(hessian(f)(x), v, 2))
    emit("CookbookTanhBench", "hessianCompiled", {}, lambda: hessian(f)(x))


PROBLEMS = {"scalar": scalar, "rosenbrock": rosenbrock, "quadratic": quadratic,
            "logistic": logistic, "perexample": perexample, "cookbook": cookbook}

if __name__ == "__main__":
    for name in sys.argv[1:] or PROBLEMS:
        PROBLEMS[name]()
