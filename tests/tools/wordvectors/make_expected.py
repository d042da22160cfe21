#!/usr/bin/env python3
"""Generates tests/WordVectors.Tests/TestData/glove_expected.json with gensim 4.2 (Debian python3-gensim).

Run from the repository root:  /usr/bin/python3 tests/tools/wordvectors/make_expected.py
Reads ../shared/mirror/datasets/glove.6B.50d.10k/glove.6B.50d.10k.txt in place.
"""
import json
import os
import sys

import gensim
import numpy as np
from gensim.models import KeyedVectors

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
glove = os.path.join(root, "..", "shared", "mirror", "datasets", "glove.6B.50d.10k", "glove.6B.50d.10k.txt")
out = os.path.join(root, "tests", "WordVectors.Tests", "TestData", "glove_expected.json")

kv = KeyedVectors.load_word2vec_format(glove, binary=False, no_header=True)


def pairs(result):
    return [{"word": w, "score": float(s)} for w, s in result]


cases = []


def most_similar(name, positive=None, negative=None, topn=10, restrict_vocab=None, by_vector=None):
    if by_vector is not None:
        pos = [kv[by_vector]]
        res = kv.most_similar(pos, topn=topn, restrict_vocab=restrict_vocab)
    else:
        res = kv.most_similar(positive=positive or [], negative=negative or [], topn=topn, restrict_vocab=restrict_vocab)
    cases.append({"name": name, "positive": positive or [], "negative": negative or [], "by_vector": by_vector,
                  "topn": topn, "restrict_vocab": restrict_vocab, "expected": pairs(res)})


most_similar("king vector topn 11 (the book)", by_vector="king", topn=11)
most_similar("king word", positive=["king"])
most_similar("king woman - man", positive=["king", "woman"], negative=["man"])
most_similar("paris italy - france", positive=["paris", "italy"], negative=["france"], topn=5)
most_similar("computer restricted to 1000", positive=["computer"], topn=7, restrict_vocab=1000)
most_similar("negative only", negative=["good"], topn=5)
most_similar("three positives", positive=["music", "film", "art"], topn=8)

similarity = [{"a": a, "b": b, "score": float(kv.similarity(a, b))}
              for a, b in [("king", "queen"), ("man", "woman"), ("king", "apple"), ("paris", "france"), ("good", "bad")]]
doesnt_match = [{"words": ws, "expected": kv.doesnt_match(ws)}
                for ws in [["breakfast", "eggs", "dinner", "lunch"], ["king", "queen", "prince", "car"],
                           ["red", "blue", "green", "paris"]]]
first = {"count": len(kv), "dimension": kv.vector_size, "first_word": kv.index_to_key[0],
         "first_vector_head": [float(x) for x in kv[kv.index_to_key[0]][:5]],
         "last_word": kv.index_to_key[-1]}

with open(out, "w", encoding="utf-8") as f:
    json.dump({"generator": f"gensim {gensim.__version__}, numpy {np.__version__}", "file": "glove.6B.50d.10k.txt",
               "model": first, "most_similar": cases, "similarity": similarity, "doesnt_match": doesnt_match},
              f, indent=1, ensure_ascii=False)
print("wrote", out, file=sys.stderr)

# Intrinsic evaluations on the same slice (written to a second file so the first stays small to read).
questions = os.path.join(root, "..", "shared", "mirror", "datasets", "gensim-test-data", "questions-words.txt")
wordsim = os.path.join(root, "..", "shared", "mirror", "datasets", "gensim-test-data", "wordsim353.tsv")
score, sections = kv.evaluate_word_analogies(questions)
total = sections[-1]
pearson, spearman, oov = kv.evaluate_word_pairs(wordsim)
with open(os.path.join(root, "tests", "WordVectors.Tests", "TestData", "glove_evaluation_expected.json"), "w", encoding="utf-8") as f:
    json.dump({"generator": f"gensim {gensim.__version__}", "analogy_accuracy": float(score),
               "analogy_correct": len(total["correct"]), "analogy_answered": len(total["correct"]) + len(total["incorrect"]),
               "wordsim_pearson": float(pearson[0]), "wordsim_spearman": float(spearman[0]), "wordsim_oov_percent": float(oov)}, f, indent=1)

# Word2Vec vocabulary internals on a tiny corpus: counts, order, downsampling thresholds, noise table.
from gensim.models import Word2Vec  # noqa: E402
tiny = [["a", "b", "c", "a", "d"], ["a", "b", "e", "f", "a"], ["b", "a", "g", "a", "c"], ["h", "a", "b", "c"]]
m = Word2Vec(vector_size=4, min_count=1, sample=0.1, negative=5, seed=1, workers=1)
m.build_vocab(tiny)
m2 = Word2Vec(vector_size=4, min_count=2, sample=1e-3, negative=5, seed=1, workers=1)
m2.build_vocab(tiny)
vocab = {"corpus": tiny,
         "min_count_1_sample_0.1": {"words": list(m.wv.index_to_key), "counts": [int(m.wv.get_vecattr(w, "count")) for w in m.wv.index_to_key],
                                     "sample_int": [int(m.wv.get_vecattr(w, "sample_int")) for w in m.wv.index_to_key],
                                     "cum_table": [int(x) for x in m.cum_table]},
         "min_count_2_sample_0.001": {"words": list(m2.wv.index_to_key), "counts": [int(m2.wv.get_vecattr(w, "count")) for w in m2.wv.index_to_key],
                                       "sample_int": [int(m2.wv.get_vecattr(w, "sample_int")) for w in m2.wv.index_to_key],
                                       "cum_table": [int(x) for x in m2.cum_table]}}

# gensim's intrinsic scores on lee_background.cor (the corpus gensim's own tests use), several seeds to show the noise.
from gensim.utils import simple_preprocess  # noqa: E402
lee_path = os.path.join(root, "..", "shared", "mirror", "datasets", "gensim-test-data", "lee_background.cor")
with open(lee_path, encoding="utf-8") as f:
    lee = [simple_preprocess(line) for line in f]
lee_scores = []
for seed in (1, 2, 3):
    lm = Word2Vec(lee, vector_size=100, window=5, negative=5, min_count=5, epochs=20, sg=1, seed=seed, workers=1)
    acc, _ = lm.wv.evaluate_word_analogies(questions)
    _, sp, _ = lm.wv.evaluate_word_pairs(wordsim)
    lee_scores.append({"seed": seed, "analogy_accuracy": float(acc), "wordsim_spearman": float(sp[0]),
                       "president_similar": [w for w, _ in lm.wv.most_similar("president", topn=10)]})
vocab["lee_background_sg"] = {"params": "vector_size=100, window=5, negative=5, min_count=5, epochs=20, sg=1, simple_preprocess",
                              "runs": lee_scores}
with open(os.path.join(root, "tests", "WordVectors.Tests", "TestData", "word2vec_expected.json"), "w", encoding="utf-8") as f:
    json.dump(vocab, f, indent=1)
