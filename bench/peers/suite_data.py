"""What the suite's peers share: inputs from the SplitMix64 generator of bench's SuiteData.java,
and the timing loop."""

import statistics
import time

MASK = (1 << 64) - 1


class SuiteData:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        return (z >> 11) * 2.0 ** -53 * 2 - 1


def uniform(seed, n, scale=1.0):
    g = SuiteData(seed)
    return [g.next() * scale for _ in range(n)]


def labels(seed, n):
    return [1.0 if u > 0 else 0.0 for u in uniform(seed, n)]


def timed(step, min_seconds=0.5, repeats=7):
    """Median and best microseconds per call of step(), over repeats runs of a calibrated count."""
    step()
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            step()
        if time.perf_counter() - t0 >= min_seconds / repeats or calls >= 1 << 20:
            break
        calls *= 2
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            step()
        runs.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(runs), min(runs)
