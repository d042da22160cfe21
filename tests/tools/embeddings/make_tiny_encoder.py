#!/usr/bin/python3
"""Builds a tiny ONNX "encoder" for tokenizer kinds with no real embedding model here (BPE and Unigram tokenizer.json),
and the sentence vectors it must give, computed with numpy from the reference token ids.

The encoder maps each token id to sin(id * f_d) for 8 fixed frequencies f_d (last_hidden_state [batch, sequence, 8]);
it has no vocabulary-sized table, so the file stays tiny. The ids come from
tests/Tokenization.Tests/TestData/reference-ids.json (Hugging Face tokenizers' own output, made by
tests/tools/tokenization/generate-expected.mjs), so the expected vectors depend on Hugging Face's tokenization,
mean pooling over the real tokens and L2 normalisation -- not on any SkPlugins code.

Run: /usr/bin/python3 tests/tools/embeddings/make_tiny_encoder.py   (python3-onnx, python3-numpy)
Writes tests/Embeddings.Tests/TestData/tiny-sine-encoder.onnx and tiny-sine-encoder-expected.json.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(ROOT, "tests", "Embeddings.Tests", "TestData")
FREQS = np.array([0.001, 0.0023, 0.0047, 0.011, 0.029, 0.071, 0.13, 0.37], dtype=np.float32)
TOKENIZERS = {"google-t5/t5-small": "unigram", "microsoft/Phi-3-mini-4k-instruct": "bpe"}
CASES = 6


def build_model():
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])
    out = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", len(FREQS)])
    nodes = [
        helper.make_node("Cast", ["input_ids"], ["ids_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["ids_f", "axis"], ["ids_u"]),
        helper.make_node("Mul", ["ids_u", "freqs"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["last_hidden_state"]),
        # attention_mask is an input of every encoder; this one reads it only to keep it in the graph
        helper.make_node("Shape", ["attention_mask"], ["mask_shape"]),
    ]
    inits = [
        helper.make_tensor("axis", TensorProto.INT64, [1], [-1]),
        helper.make_tensor("freqs", TensorProto.FLOAT, [len(FREQS)], FREQS.tolist()),
    ]
    mask_shape = helper.make_tensor_value_info("mask_shape", TensorProto.INT64, [2])
    graph = helper.make_graph(nodes, "tiny_sine_encoder", [ids, mask], [out, mask_shape], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="skplugins-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def sentence_vector(ids):
    hidden = np.sin(np.asarray(ids, dtype=np.float32)[:, None] * FREQS[None, :]).astype(np.float32)
    mean = hidden.mean(axis=0, dtype=np.float64)
    return (mean / np.linalg.norm(mean)).tolist()


def main():
    onnx.save(build_model(), os.path.join(DATA, "tiny-sine-encoder.onnx"))
    with open(os.path.join(ROOT, "tests", "Tokenization.Tests", "TestData", "reference-ids.json"), encoding="utf-8") as f:
        reference = json.load(f)
    result = {"generator": "tests/tools/embeddings/make_tiny_encoder.py", "ids_from": reference["reference"], "frequencies": FREQS.tolist(), "models": []}
    for tok in reference["tokenizers"]:
        if tok["name"] not in TOKENIZERS:
            continue
        cases = [c for c in tok["cases"] if len(c["ids"]) > 0][:CASES]
        result["models"].append({
            "tokenizer": tok["name"],
            "kind": TOKENIZERS[tok["name"]],
            "cases": [{"text": c["text"], "ids": c["ids"], "vector": sentence_vector(c["ids"])} for c in cases],
        })
    with open(os.path.join(DATA, "tiny-sine-encoder-expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
