#!/usr/bin/python3
"""Generates tests/Tokenization.Tests/TestData/sentencepiece-defaults.json with Debian's python3-sentencepiece.

Usage (from the repository root): /usr/bin/python3 tests/tools/tokenization/generate-sentencepiece-defaults.py

For a SentencePiece tokenizer.model with no tokenizer.json, transformers' slow LlamaTokenizer encodes with the model and puts
bos_token first when tokenizer_config.json's add_bos_token is true (its default when the key is absent) and eos_token last
when add_eos_token is true (default false). This script does the same with sentencepiece's own encoder for
microsoft/Phi-3-mini-4k-instruct's tokenizer.model and the tokenizer_config.json beside it, and with the flags changed.
Texts hold no added tokens (<|assistant|> and the like are tokenizer.json/config additions the .model does not know).
"""
import json
import os
import sys

import sentencepiece

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "../../.."))
SHARED = os.environ.get("SKPLUGINS_SHARED", os.path.join(REPO, "../shared"))
FOLDER = os.path.join(SHARED, "mirror/hf/microsoft/Phi-3-mini-4k-instruct")
TEXTS = [
    "Hello world",
    "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.",
    "The quick brown fox jumps over the lazy dog.",
    "a",
]

processor = sentencepiece.SentencePieceProcessor(model_file=os.path.join(FOLDER, "tokenizer.model"))
with open(os.path.join(FOLDER, "tokenizer_config.json"), encoding="utf-8") as f:
    config = json.load(f)

entries = []
for changes in [None, {"add_bos_token": True}, {"add_bos_token": None, "add_eos_token": None}, {"add_bos_token": False, "add_eos_token": True}]:
    effective = dict(config)
    for key, value in (changes or {}).items():
        if value is None:
            effective.pop(key, None)
        else:
            effective[key] = value
    add_bos = effective.get("add_bos_token", True)
    add_eos = effective.get("add_eos_token", False)
    cases = []
    for text in TEXTS:
        ids = processor.encode(text)
        cases.append({"text": text, "ids": ([processor.bos_id()] if add_bos else []) + ids + ([processor.eos_id()] if add_eos else [])})
    entries.append({"config_changes": changes, "add_bos_token": add_bos, "add_eos_token": add_eos, "cases": cases})

out = {
    "generator": "tests/tools/tokenization/generate-sentencepiece-defaults.py",
    "reference": f"python3-sentencepiece {sentencepiece.__version__} (Debian) with transformers' slow LlamaTokenizer add_bos/add_eos rule",
    "model": "microsoft/Phi-3-mini-4k-instruct/tokenizer.model",
    "entries": entries,
}
target = os.path.join(REPO, "tests/Tokenization.Tests/TestData/sentencepiece-defaults.json")
with open(target, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {target}", file=sys.stderr)
