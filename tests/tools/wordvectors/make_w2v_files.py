#!/usr/bin/env python3
"""Writes small gensim-saved word2vec files (text and binary) of synthetic vectors to tests/WordVectors.Tests/TestData,
so the C# reader and writer are checked byte for byte against gensim 4.2's save_word2vec_format.

Run from the repository root:  /usr/bin/python3 tests/tools/wordvectors/make_w2v_files.py
"""
import os

import numpy as np
from gensim.models import KeyedVectors

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
data = os.path.join(root, "tests", "WordVectors.Tests", "TestData")
rng = np.random.default_rng(2024)
words = ["alpha", "beta", "gamma", "delta", "café", "naïve", "東京", "x", "y", "z"] + [f"w{i}" for i in range(10)]
vectors = (rng.standard_normal((len(words), 50)) * 2).astype(np.float32)
vectors[3, :5] = [1e-05, -3.5e-07, 123456.0, 0.0, -0.0001]  # exponents and zeros, formatted as numpy's repr does
kv = KeyedVectors(50)
kv.add_vectors(words, vectors)
kv.save_word2vec_format(os.path.join(data, "synthetic20.w2v.txt"), binary=False)
kv.save_word2vec_format(os.path.join(data, "synthetic20.w2v.bin"), binary=True)
