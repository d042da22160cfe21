#!/usr/bin/python3
"""Exact top-k references for the `vectorstore-exact` benchmark: FAISS (IndexFlatIP / IndexFlatL2) and numpy brute force.

Reads the vectors and queries the benchmark wrote (raw little-endian float32, row-major), runs every query one at a time
(the latency the store answers, like ours) and prints one JSON document:
  {"faiss_version", "threads", "numpy_ms", "faiss_ms", "ids"}  (ms per query: median over the rounds).

usage: exact_reference.py DATA QUERIES DIMENSIONS K METRIC(ip|l2) [--threads N] [--rounds R] [--no-numpy]
With METRIC ip both data and queries are normalised to unit length first (cosine), as the store does.
"""
import json
import statistics
import sys
import time

import numpy as np


def timed(fn, queries, rounds):
    fn(queries[0])  # warm up
    per_round = []
    for _ in range(rounds):
        times = []
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
        per_round.append(statistics.median(times))
    return min(per_round)


def main(argv):
    data, queries_path, d, k, metric = argv[1], argv[2], int(argv[3]), int(argv[4]), argv[5]
    threads = int(argv[argv.index("--threads") + 1]) if "--threads" in argv else 2
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3
    x = np.fromfile(data, dtype=np.float32).reshape(-1, d)
    q = np.fromfile(queries_path, dtype=np.float32).reshape(-1, d)
    if metric == "ip":
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        q /= np.linalg.norm(q, axis=1, keepdims=True)
    x = np.ascontiguousarray(x)
    q = np.ascontiguousarray(q)
    result = {"threads": threads}

    if "--no-numpy" not in argv:
        if metric == "ip":
            def numpy_one(v):
                s = x @ v
                top = np.argpartition(-s, k)[:k]
                return top[np.argsort(-s[top])]
        else:
            xx = (x * x).sum(axis=1)

            def numpy_one(v):
                s = xx - 2 * (x @ v)
                top = np.argpartition(s, k)[:k]
                return top[np.argsort(s[top])]
        result["numpy_ms"] = timed(numpy_one, q, rounds)

    try:
        import faiss
    except ImportError:
        result["faiss_error"] = "python3-faiss is not installed"
        print(json.dumps(result))
        return 0

    faiss.omp_set_num_threads(threads)
    index = faiss.IndexFlatIP(d) if metric == "ip" else faiss.IndexFlatL2(d)
    index.add(x)
    result["faiss_version"] = faiss.__version__
    result["faiss_ms"] = timed(lambda v: index.search(v.reshape(1, -1), k), q, rounds)
    _, ids = index.search(q, k)
    result["ids"] = ids.tolist()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
