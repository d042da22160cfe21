#!/usr/bin/env python3
"""Trains gensim 4.2 Word2Vec the way the book does and reports the speed; used by the WordVectors benchmark.

usage: gensim_train.py --corpus playlists|text PATH --out VECTORS.txt [--vector-size 32 --window 20 --negative 50
       --min-count 1 --epochs 5 --workers 2 --sg 0 --seed 1 --sample 0.001]
Prints one JSON line: {"seconds", "cpu_seconds", "raw_words", "effective_words", "words_per_second", "vocabulary"}.
"playlists" parses train.txt like the book (skip two lines, drop playlists of one song); "text" is one sentence per line, lower-cased
through gensim.utils.simple_preprocess (as gensim's own lee_background tests do).
"""
import argparse
import json
import logging
import sys
import time

from gensim.models import Word2Vec
from gensim.utils import simple_preprocess

p = argparse.ArgumentParser()
p.add_argument("--corpus", nargs=2, required=True)
p.add_argument("--out", required=True)
p.add_argument("--vector-size", type=int, default=32)
p.add_argument("--window", type=int, default=20)
p.add_argument("--negative", type=int, default=50)
p.add_argument("--min-count", type=int, default=1)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--workers", type=int, default=2)
p.add_argument("--sg", type=int, default=0)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--sample", type=float, default=1e-3)
a = p.parse_args()

kind, path = a.corpus
with open(path, encoding="utf-8") as f:
    if kind == "playlists":
        lines = f.read().split("\n")[2:]
        sentences = [s.rstrip().split() for s in lines if len(s.split()) > 1]
    else:
        sentences = [simple_preprocess(line) for line in f]

model = Word2Vec(vector_size=a.vector_size, window=a.window, negative=a.negative, min_count=a.min_count, epochs=a.epochs,
                 workers=a.workers, sg=a.sg, seed=a.seed, sample=a.sample)
model.build_vocab(sentences)
start = time.perf_counter()
cpu_start = time.process_time()
raw_words = sum(len(s) for s in sentences if s)
effective, _ = model.train(sentences, total_examples=model.corpus_count, epochs=a.epochs)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
raw = model.corpus_total_words
model.wv.save_word2vec_format(a.out)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "raw_words": raw, "effective_words": effective,
                  "words_per_second": raw * a.epochs / seconds, "vocabulary": len(model.wv)}))
