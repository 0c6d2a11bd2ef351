#!/usr/bin/env python3
"""The MlpBench gradients in PyTorch on one thread, as a peer for bench/RESULTS.md.

Run with OpenBLAS on one thread:
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/peers/mlp_torch.py
Prints one JSON line: microseconds per value-and-gradient call (best of REPEATS runs of CALLS
calls, and the median), for
  - mlp: MLP 64-256-10 at batch 128, tanh hidden layer, softmax cross-entropy (mean over the
    batch), gradient with respect to W1, b1, W2, b2;
  - logistic: logistic regression on 10,000 x 100, -sum(t log p + (1 - t) log(1 - p)),
    p = sigmoid(X w + b), gradient with respect to w, b.
The same shapes, losses and f64 dtype as MlpBench (the data differ: only the time is compared).
"""
import json
import statistics
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
REPEATS = 15


def timed(step, calls):
    for _ in range(max(3, calls // 4)):
        step()
    runs = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for _ in range(calls):
            step()
        runs.append((time.perf_counter() - t0) / calls * 1e6)
    return min(runs), statistics.median(runs)


def mlp_step_fn():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(128, 64, generator=g)
    labels = torch.tensor([(7 * i + 3) % 10 for i in range(128)])
    w1 = (torch.randn(64, 256, generator=g) * 0.125).requires_grad_()
    b1 = (torch.randn(256, generator=g) * 0.1).requires_grad_()
    w2 = (torch.randn(256, 10, generator=g) * 0.0625).requires_grad_()
    b2 = (torch.randn(10, generator=g) * 0.1).requires_grad_()
    params = [w1, b1, w2, b2]

    def step():
        h = torch.tanh(x @ w1 + b1)
        loss = torch.nn.functional.cross_entropy(h @ w2 + b2, labels)
        return loss.item(), torch.autograd.grad(loss, params)

    return step


def logistic_step_fn():
    g = torch.Generator().manual_seed(2)
    x = torch.randn(10000, 100, generator=g)
    t = torch.tensor([1.0 if (i * 7919) % 3 == 0 else 0.0 for i in range(10000)])
    w = (torch.randn(100, generator=g) * 0.1).requires_grad_()
    b = torch.tensor(0.2, requires_grad=True)

    def step():
        p = torch.sigmoid(x @ w + b)
        loss = -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).sum()
        return loss.item(), torch.autograd.grad(loss, [w, b])

    return step


if __name__ == "__main__":
    mlp_best, mlp_median = timed(mlp_step_fn(), 200)
    log_best, log_median = timed(logistic_step_fn(), 100)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0]
        if "BLAS_INFO=" in torch.__config__.show() else "unknown",
        "mlp_us_best": round(mlp_best, 1),
        "mlp_us_median": round(mlp_median, 1),
        "logistic_us_best": round(log_best, 1),
        "logistic_us_median": round(log_median, 1),
    }))
