#!/usr/bin/env python3
"""Generates tests/WordVectors.Tests/TestData/station_songs_expected.json with gensim 4.2 (Debian python3-gensim).

Run from the repository root:  /usr/bin/python3 tests/tools/wordvectors/make_song_expected.py
Reads ../shared/mirror/datasets/station-playlists/train.txt (the default playlist corpus) and the Yes.com song and tag
files in place, trains Word2Vec with the book's parameters (CBOW, vector_size=32, window=20, negative=50, min_count=1)
and records, for the tour's seed songs 2172 (Metallica, "Fade To Black") and 842 (2Pac, "California Love"), gensim's
ten nearest songs with their real Last.fm tags, and how many of them carry one of the seed's genre tags. Several seeds
show Word2Vec's run-to-run noise. Also records the same for the older tagmix-playlists corpus, for comparison.
"""
import json
import os
import sys

import gensim
from gensim.models import Word2Vec

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
datasets = os.path.join(root, "..", "shared", "mirror", "datasets")
yes = os.path.join(datasets, "yes_complete")
out = os.path.join(root, "tests", "WordVectors.Tests", "TestData", "station_songs_expected.json")

# The seed songs' genres, named by Last.fm tags the seed itself carries (tags.txt / tag_hash.txt).
GENRES = {"2172": ["metal", "heavy metal", "thrash metal"], "842": ["hip-hop", "hip hop", "rap", "hiphop"]}

with open(os.path.join(yes, "tag_hash.txt"), encoding="utf-8") as f:
    tag_names = dict(line.split(", ", 1) for line in f.read().split("\n") if ", " in line)
with open(os.path.join(yes, "tags.txt"), encoding="utf-8") as f:
    song_tags = [[tag_names.get(t, t) for t in line.split() if t != "#"] for line in f.read().split("\n")]
with open(os.path.join(yes, "song_hash.txt"), encoding="utf-8") as f:
    songs = {}
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3:
            songs[parts[0].strip()] = (parts[1], parts[2])


def playlists(name):
    # As the book: skip the two header lines, drop playlists of one song.
    with open(os.path.join(datasets, name, "train.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")[2:]
    return [s.rstrip().split() for s in lines if len(s.split()) > 1]


def run(name, seed):
    model = Word2Vec(playlists(name), vector_size=32, window=20, negative=50, min_count=1, workers=2, seed=seed)
    result = {"seed": seed, "songs": {}}
    for song, genres in GENRES.items():
        hits = []
        for other, score in model.wv.most_similar(positive=song, topn=10):
            tags = song_tags[int(other)] if int(other) < len(song_tags) else []
            hits.append({"id": int(other), "title": songs[other][0], "artist": songs[other][1], "score": float(score),
                         "in_genre": any(g in tags for g in genres)})
        result["songs"][song] = {"top10": hits, "in_genre_top5": sum(h["in_genre"] for h in hits[:5]),
                                 "in_genre_top10": sum(h["in_genre"] for h in hits)}
    return result


report = {"generator": f"gensim {gensim.__version__}",
          "params": "CBOW, vector_size=32, window=20, negative=50, min_count=1, epochs=5, workers=2",
          "genres": GENRES,
          "seeds": {s: {"title": songs[s][0], "artist": songs[s][1], "tags": song_tags[int(s)]} for s in GENRES},
          "station-playlists": [run("station-playlists", seed) for seed in (1, 2, 3)],
          "tagmix-playlists": [run("tagmix-playlists", 1)]}
with open(out, "w", encoding="utf-8") as f:
    json.dump(report, f, indent=1, ensure_ascii=False)
for corpus in ("station-playlists", "tagmix-playlists"):
    for r in report[corpus]:
        for s, v in r["songs"].items():
            print(corpus, r["seed"], s, v["in_genre_top5"], v["in_genre_top10"], [h["artist"] for h in v["top10"][:5]], file=sys.stderr)
print("wrote", out, file=sys.stderr)
