#!/usr/bin/python3
"""Reference top-10 neighbours for the VectorStore exactness test.

Loads the GloVe 6B 50d slice with gensim's KeyedVectors (Debian python3-gensim 4.2) and writes
most_similar(word, topn=10) for a fixed list of words to tests/VectorStore.Tests/TestData/glove_most_similar.json.
Run from the repository root:  /usr/bin/python3 tests/tools/vectorstore/gensim_most_similar.py
"""
import json
import os
import sys

from gensim.models import KeyedVectors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GLOVE = os.path.join(ROOT, "..", "shared", "mirror", "datasets", "glove.6B.50d.10k", "glove.6B.50d.10k.txt")
OUT = os.path.join(ROOT, "tests", "VectorStore.Tests", "TestData", "glove_most_similar.json")
WORDS = ["king", "queen", "computer", "paris", "music", "france", "good", "water", "war", "money",
         "city", "science", "football", "president", "car", "love", "china", "film", "river", "doctor"]

def main():
    kv = KeyedVectors.load_word2vec_format(GLOVE, binary=False, no_header=True)
    expected = {w: [[n, float(s)] for n, s in kv.most_similar(w, topn=10)] for w in WORDS}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"source": "gensim %s KeyedVectors.most_similar(topn=10) on glove.6B.50d.10k" % __import__("gensim").__version__,
                   "neighbours": expected}, f, indent=1)
    print("wrote", OUT, file=sys.stderr)

if __name__ == "__main__":
    main()
