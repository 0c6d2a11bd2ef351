#!/usr/bin/env python3
"""Merge a JMH JSON result with the peers' JSON lines into Markdown tables of ratios.

  java -jar bench/target/benchmarks.jar 'ScalarBench|QuadraticBench|...' -rf json -rff jmh.json
  OPENBLAS_NUM_THREADS=1 python3 bench/peers/suite_torch.py > peers.jsonl
  python3 bench/peers/suite_sympy.py >> peers.jsonl
  python3 bench/peers/merge.py jmh.json peers.jsonl >> bench/RESULTS.md

For every JMH benchmark whose name contains "Compiled"/"compiled" (Cotangent's generated code),
one row: its time, and the ratios against its siblings in the same run (the method with
"HandWritten" or "DerivativeStructure" in place of "Compiled") and against each peer line with
the same class, method and parameters. A ratio is Cotangent's time over the other's: below 1,
Cotangent is faster.
"""
import json
import sys

UNITS = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}


def key(bench, method, params):
    return bench, method, tuple(sorted((params or {}).items()))


def load_jmh(path):
    times = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].rsplit(".", 1)
        m = r["primaryMetric"]
        times[key(cls.rsplit(".", 1)[-1], method, r.get("params"))] = \
            m["score"] * UNITS[m["scoreUnit"]]
    return times


def load_peers(paths):
    peers = {}
    for path in paths:
        for line in open(path):
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                peers.setdefault(r["peer"], {})[key(r["bench"], r["method"], r["params"])] = r["us"]
    return peers


def fmt_us(us):
    return f"{us:,.3g}" if us < 100 else f"{us:,.0f}"


def main(jmh_path, peer_paths):
    jmh = load_jmh(jmh_path)
    peers = load_peers(peer_paths)
    names = sorted(peers)
    print("| benchmark | params | Cotangent us | / hand-written | / DerivativeStructure | "
          + " | ".join(f"/ {p}" for p in names) + " |")
    print("| --- | --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in names) + " |")
    for (bench, method, params), us in sorted(jmh.items()):
        if "ompiled" not in method:
            continue
        def sibling(word):
            other = method.replace("Compiled", word).replace(
                "compiled", word[0].lower() + word[1:])
            t = jmh.get((bench, other, params))
            return f"{us / t:.3g}x" if t else ""
        cells = [sibling("HandWritten"), sibling("DerivativeStructure")]
        for p in names:
            t = peers[p].get((bench, method, params))
            cells.append(f"{us / t:.3g}x" if t else "")
        shown = ", ".join(f"{k}={v}" for k, v in params)
        print(f"| {bench}.{method} | {shown} | {fmt_us(us)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
