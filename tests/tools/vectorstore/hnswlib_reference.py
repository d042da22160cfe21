#!/usr/bin/python3
"""hnswlib beside SkPlugins' HNSW index in one benchmark run (tests/Benchmarks HnswBenchmark starts it).

usage: hnswlib_reference.py DATA.f32 QUERIES.f32 DIMS M EF_CONSTRUCTION THREADS EF1,EF2,... GROUND_TRUTH_OUT.i32 INDEX_FILE

DATA and QUERIES are row-major float32 files of unit-length vectors (inner product = cosine, as in the embedded store).
Writes the exact top-10 ids of every query (numpy brute force) to GROUND_TRUTH_OUT as int32, builds an hnswlib index
(space 'ip', the same M and ef_construction, THREADS threads) and prints one JSON object: build seconds (wall and CPU), then for each
ef the mean single-query latency (one knn_query call per query, 1 thread) and recall@10 against the brute force, and
the seconds to save and to load the index file.
"""
import json
import os
import sys
import time

import hnswlib
import numpy as np

K = 10


def main():
    data_path, query_path, dims, m, efc, threads, efs, gt_path, index_path = sys.argv[1:10]
    dims, m, efc, threads = int(dims), int(m), int(efc), int(threads)
    x = np.fromfile(data_path, dtype=np.float32).reshape(-1, dims)
    q = np.fromfile(query_path, dtype=np.float32).reshape(-1, dims)

    truth = np.empty((len(q), K), dtype=np.int32)
    for start in range(0, len(q), 64):
        s = q[start:start + 64] @ x.T
        top = np.argpartition(-s, K, axis=1)[:, :K]
        order = np.argsort(-np.take_along_axis(s, top, axis=1), axis=1)
        truth[start:start + 64] = np.take_along_axis(top, order, axis=1)
    truth.tofile(gt_path)

    index = hnswlib.Index(space="ip", dim=dims)
    index.init_index(max_elements=len(x), M=m, ef_construction=efc, random_seed=100)
    index.set_num_threads(threads)
    t, cpu = time.perf_counter(), time.process_time()
    index.add_items(x, np.arange(len(x)), num_threads=threads)
    build, build_cpu = time.perf_counter() - t, time.process_time() - cpu

    index.set_num_threads(1)
    sweeps = []
    for ef in (int(e) for e in efs.split(",")):
        index.set_ef(ef)
        for v in q[:300]:
            index.knn_query(v, k=K, num_threads=1)  # warm up
        hits = 0
        t = time.perf_counter()
        found = [index.knn_query(v, k=K, num_threads=1)[0][0] for v in q]
        ms = (time.perf_counter() - t) * 1000 / len(q)
        for row, ids in zip(truth, found):
            hits += len(set(row.tolist()) & set(ids.tolist()))
        sweeps.append({"ef": ef, "ms": ms, "recall": hits / (K * len(q))})

    t = time.perf_counter()
    index.save_index(index_path)
    save = time.perf_counter() - t
    del index
    t = time.perf_counter()
    loaded = hnswlib.Index(space="ip", dim=dims)
    loaded.load_index(index_path, max_elements=len(x))
    load = time.perf_counter() - t
    size = os.path.getsize(index_path)
    os.remove(index_path)
    print(json.dumps({"build_s": build, "build_cpu_s": build_cpu, "sweeps": sweeps, "save_s": save, "load_s": load, "file_bytes": size, "version": getattr(hnswlib, "__version__", "debian")}))


if __name__ == "__main__":
    main()
