#!/usr/bin/python3
"""Writes a Phi-3-mini-shaped int4 ONNX Runtime GenAI model folder with seeded random weights.

    /usr/bin/python3 tests/tools/generation/make_phi3_int4.py OUT_DIR --size full|narrow [--seed N] [--ep cpu|cuda]

The graph follows what ONNX Runtime GenAI's model builder (src/python/py/models/builder.py,
Phi3Mini4KModel, `-p int4 -e cpu --extra_options int4_accuracy_level=4`) writes for
microsoft/Phi-3-mini-4k-instruct (with --ep cuda: `-p int4 -e cuda`, float16 inputs/outputs, no
accuracy_level, the recipe of cuda/cuda-int4-rtn-block-32): see README.md beside this script for each choice and how it
was checked. Needs only python3-onnx and python3-numpy. The output is byte-for-byte the same
for the same size, seed and numpy/onnx versions. Tokenizer files are copied from the offline
mirror (--tokenizer-dir, default ../shared/mirror/hf/microsoft/Phi-3-mini-4k-instruct).
"""

import argparse
import json
import os
import shutil
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save_model

SIZES = {
    # layers, hidden, heads, kv heads, intermediate (the real Phi-3-mini-4k-instruct config.json)
    "full": dict(layers=32, hidden=3072, heads=32, kv_heads=32, intermediate=8192),
    # same operators and head size, 2 layers and a small width: made in seconds for the test suite
    "narrow": dict(layers=2, hidden=384, heads=4, kv_heads=4, intermediate=1024),
}
VOCAB = 32064
CONTEXT = 4096
ROPE_THETA = 10000.0
EPSILON = 9.999999747378752e-06  # the builder's epsilon (1e-5 rounded to float32)
BLOCK = 32
ACCURACY_LEVEL = 4
FILE_STEM = {
    ("full", "cpu"): "phi3-mini-4k-instruct-cpu-int4-rtn-block-32-acc-level-4",
    ("narrow", "cpu"): "phi3-narrow-cpu-int4-rtn-block-32-acc-level-4",
    ("full", "cuda"): "phi3-mini-4k-instruct-cuda-int4-rtn-block-32",
    ("narrow", "cuda"): "phi3-narrow-cuda-int4-rtn-block-32",
}
# The builder's io_dtype: float32 for (cpu, int4), float16 for (cuda, int4) (GroupQueryAttention on CUDA needs float16).
IO_DTYPE = {"cpu": (np.float32, TensorProto.FLOAT), "cuda": (np.float16, TensorProto.FLOAT16)}
TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "tokenizer.model"]


class Writer:
    """Collects nodes and initializers; initializers go to one external data file as they are made."""

    def __init__(self, data_path, rng, ep):
        self.io = IO_DTYPE[ep][0]
        self.accuracy = {"accuracy_level": ACCURACY_LEVEL} if ep == "cpu" else {}
        self.data_path = data_path
        self.data = open(data_path, "wb")
        self.offset = 0
        self.rng = rng
        self.nodes = []
        self.initializers = []
        self.constants = set()

    def close(self):
        self.data.close()

    def external(self, name, array):
        tensor = numpy_helper.from_array(np.ascontiguousarray(array), name=name)
        raw = tensor.raw_data
        tensor.ClearField("raw_data")
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", os.path.basename(self.data_path)), ("offset", str(self.offset)), ("length", str(len(raw)))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        self.data.write(raw)
        self.offset += len(raw)
        self.initializers.append(tensor)
        return name

    def constant(self, dims, values):
        """A Constant node named as the builder names its constants: /model/constants/TensorProto.INT64/1D/1."""
        text = ", ".join(str(v) for v in values) if dims == "1D" else str(values)
        name = f"/model/constants/TensorProto.INT64/{dims}/{text}"
        if name not in self.constants:
            array = np.array(values if dims == "1D" else values, dtype=np.int64)
            value = numpy_helper.from_array(array, name=name.replace("constants", "numpy_helper"))
            self.nodes.append(helper.make_node("Constant", [], [name], name=name.replace("constants", "constant_nodes"), value=value))
            self.constants.add(name)
        return name

    def node(self, op, inputs, outputs, name, domain=None, **attributes):
        self.nodes.append(helper.make_node(op, inputs, outputs, name, domain=domain, **attributes))
        return outputs[0]

    def matmul_nbits(self, basename, root, k, n, output=None):
        """What MatMul4BitsQuantizer (symmetric, block 32) leaves for a MatMul: packed nibbles [N, K/32, 16], scales [N*K/32]."""
        weight = basename[1:].replace("/", ".") + ".weight"
        blocks = k // BLOCK
        packed = self.rng.integers(0, 256, size=(n, blocks, BLOCK // 2), dtype=np.uint8)
        # (q - 8) has standard deviation ~4.6; scale so that an input of unit RMS gives outputs of unit RMS, varied per block.
        base = 1.0 / (4.6 * np.sqrt(k))
        scales = (base * self.rng.uniform(0.5, 1.5, size=n * blocks)).astype(self.io)
        b = self.external(weight + "_Q4", packed)
        s = self.external(weight + "_scales", scales)
        out = output or f"{basename}/output_0"
        return self.node("MatMulNBits", [root, b, s], [out], basename + "_Q4", domain="com.microsoft",
                         K=k, N=n, bits=4, block_size=BLOCK, **self.accuracy)

    def norm_weight(self, name, hidden):
        return self.external(name, (1.0 + 0.1 * self.rng.standard_normal(hidden)).astype(self.io))


def rotary_caches(head_size):
    """cos/sin caches as make_rotary_embedding_caches_from_scratch computes them, halved to [context, head_size / 2]."""
    inv_freq = (1.0 / (ROPE_THETA ** (np.arange(0, head_size, 2, dtype=np.int64).astype(np.float32) / head_size))).astype(np.float32)
    t = np.arange(CONTEXT, dtype=np.int64).astype(np.float32)
    freqs = np.outer(t, inv_freq).astype(np.float32)
    return np.cos(freqs).astype(np.float32), np.sin(freqs).astype(np.float32)


def mask_reformatting(w):
    """make_attention_mask_reformatting_for_gqa: seqlens_k = ReduceSum(mask) - 1 (int32), total_seq_len = shape(mask)[1] (int32)."""
    base = "/model/attn_mask_reformat/attn_mask_subgraph"
    reduced = w.node("ReduceSum", ["attention_mask", w.constant("1D", [1])], [f"{base}/ReduceSum/output_0"], f"{base}/ReduceSum")
    sub = w.node("Sub", [reduced, w.constant("1D", [1])], [f"{base}/Sub/output_0"], f"{base}/Sub")
    seqlens = w.node("Cast", [sub], [f"{base}/Sub/Cast/output_0"], f"{base}/Sub/Cast", to=TensorProto.INT32)
    shape = w.node("Shape", ["attention_mask"], [f"{base}/Shape/output_0"], f"{base}/Shape")
    gathered = w.node("Gather", [shape, w.constant("0D", 1)], [f"{base}/Gather/output_0"], f"{base}/Gather", axis=0)
    total = w.node("Cast", [gathered], [f"{base}/Gather/Cast/output_0"], f"{base}/Gather/Cast", to=TensorProto.INT32)
    return seqlens, total


def layernorm(w, layer, location, root, skip, hidden, last=False):
    weight = w.norm_weight(f"model.layers.{layer}.{location}_layernorm.weight", hidden)
    out0 = f"/model/layers.{layer}/{location}_layernorm/output_0"
    out3 = f"/model/layers.{layer}/{location}_layernorm/output_3"
    if skip is None:
        w.node("SimplifiedLayerNormalization", [root, weight], [out0], f"/model/layers.{layer}/{location}_layernorm/LayerNorm",
               epsilon=EPSILON, axis=-1, stash_type=1)
        return out0, root
    outputs = [out0] if last else [out0, "", "", out3]
    w.node("SkipSimplifiedLayerNormalization", [root, skip, weight], outputs, f"/model/layers.{layer}/{location}_layernorm/SkipLayerNorm",
           domain="com.microsoft", epsilon=EPSILON)
    return out0, (None if last else out3)


def build(size, ep, out_dir, seed):
    dims = SIZES[size]
    layers, hidden, heads, kv_heads, inter = dims["layers"], dims["hidden"], dims["heads"], dims["kv_heads"], dims["intermediate"]
    head_size = hidden // heads
    stem = FILE_STEM[(size, ep)]
    onnx_path = os.path.join(out_dir, stem + ".onnx")
    w = Writer(onnx_path + ".data", np.random.Generator(np.random.PCG64(seed)), ep)

    seqlens_k, total_seq_len = mask_reformatting(w)
    embed = w.external("model.embed_tokens.weight", w.rng.standard_normal((VOCAB, hidden), dtype=np.float32).astype(w.io))
    residual = w.node("Gather", [embed, "input_ids"], ["/model/embed_tokens/Gather/output_0"], "/model/embed_tokens/Gather")
    cos, sin = rotary_caches(head_size)
    cos_name, sin_name = w.external("cos_cache", cos.astype(w.io)), w.external("sin_cache", sin.astype(w.io))

    skip = None
    for i in range(layers):
        normed, residual = layernorm(w, i, "input", residual, skip, hidden)
        qkv = w.matmul_nbits(f"/model/layers.{i}/attn/qkv_proj/MatMul", normed, hidden, (heads + 2 * kv_heads) * head_size)
        attn = w.node("GroupQueryAttention",
                      [qkv, "", "", f"past_key_values.{i}.key", f"past_key_values.{i}.value", seqlens_k, total_seq_len, cos_name, sin_name],
                      [f"/model/layers.{i}/attn/GroupQueryAttention/output_0", f"present.{i}.key", f"present.{i}.value"],
                      f"/model/layers.{i}/attn/GroupQueryAttention", domain="com.microsoft",
                      num_heads=heads, kv_num_heads=kv_heads, scale=float(1 / np.sqrt(head_size)), do_rotary=1, rotary_interleaved=0)
        skip = w.matmul_nbits(f"/model/layers.{i}/attn/o_proj/MatMul", attn, heads * head_size, hidden)
        normed, residual = layernorm(w, i, "post_attention", residual, skip, hidden)
        gate = w.matmul_nbits(f"/model/layers.{i}/mlp/gate_proj/MatMul", normed, hidden, inter)
        up = w.matmul_nbits(f"/model/layers.{i}/mlp/up_proj/MatMul", normed, hidden, inter)
        sigmoid = w.node("Sigmoid", [gate], [f"/model/layers.{i}/mlp/act_fn/Sigmoid/output_0"], f"/model/layers.{i}/mlp/act_fn/Sigmoid")
        silu = w.node("Mul", [gate, sigmoid], [f"/model/layers.{i}/mlp/act_fn/Mul/output_0"], f"/model/layers.{i}/mlp/act_fn/Mul")
        gated = w.node("Mul", [silu, up], [f"/model/layers.{i}/mlp/Mul/output_0"], f"/model/layers.{i}/mlp/Mul")
        skip = w.matmul_nbits(f"/model/layers.{i}/mlp/down_proj/MatMul", gated, inter, hidden)

    final, _ = layernorm(w, layers, "final_norm", residual, skip, hidden, last=True)
    w.matmul_nbits("/lm_head/MatMul", final, hidden, VOCAB, output="logits")
    w.close()

    float_type = IO_DTYPE[ep][1]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
    outputs = [helper.make_tensor_value_info("logits", float_type, ["batch_size", "sequence_length", VOCAB])]
    for i in range(layers):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", float_type, ["batch_size", kv_heads, "past_sequence_length", head_size]))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", float_type, ["batch_size", kv_heads, "total_sequence_length", head_size]))

    graph = helper.make_graph(w.nodes, "main_graph", inputs, outputs, w.initializers)
    default_opset = helper.make_operatorsetid("", 14)
    default_opset.ClearField("domain")
    model = helper.make_model(graph, opset_imports=[default_opset, helper.make_operatorsetid("com.microsoft", 1)],
                              ir_version=7, producer_name="onnxruntime-genai", producer_version="0.0.0")
    save_model(model, onnx_path)
    write_genai_config(out_dir, stem + ".onnx", dims, head_size, ep)
    return onnx_path


def write_genai_config(out_dir, filename, dims, head_size, ep):
    """make_genai_config with Phi-3-mini-4k-instruct's generation_config.json (eos 32000/32001/32007, no sampling)."""
    config = {
        "model": {
            "bos_token_id": 1,
            "context_length": CONTEXT,
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": [] if ep == "cpu" else [{"cuda": {"enable_cuda_graph": "0"}}]},
                "filename": filename,
                "head_size": head_size,
                "hidden_size": dims["hidden"],
                "inputs": {
                    "input_ids": "input_ids",
                    "attention_mask": "attention_mask",
                    "past_key_names": "past_key_values.%d.key",
                    "past_value_names": "past_key_values.%d.value",
                },
                "outputs": {
                    "logits": "logits",
                    "present_key_names": "present.%d.key",
                    "present_value_names": "present.%d.value",
                },
                "num_attention_heads": dims["heads"],
                "num_hidden_layers": dims["layers"],
                "num_key_value_heads": dims["kv_heads"],
            },
            "eos_token_id": [32000, 32001, 32007],
            "pad_token_id": 32000,
            "type": "phi3",
            "vocab_size": VOCAB,
        },
        "search": {
            "diversity_penalty": 0.0,
            "do_sample": False,
            "early_stopping": True,
            "length_penalty": 1.0,
            "max_length": CONTEXT,
            "min_length": 0,
            "no_repeat_ngram_size": 0,
            "num_beams": 1,
            "num_return_sequences": 1,
            "past_present_share_buffer": True,
            "repetition_penalty": 1.0,
            "temperature": 1.0,
            "top_k": 1,
            "top_p": 1.0,
        },
    }
    with open(os.path.join(out_dir, "genai_config.json"), "w") as f:
        json.dump(config, f, indent=4)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_tokenizer = os.path.normpath(os.path.join(here, "..", "..", "..", "..", "shared", "mirror", "hf", "microsoft", "Phi-3-mini-4k-instruct"))
    shared = os.environ.get("SKPLUGINS_SHARED")
    if shared:
        default_tokenizer = os.path.join(shared, "mirror", "hf", "microsoft", "Phi-3-mini-4k-instruct")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--ep", choices=["cpu", "cuda"], default="cpu", help="cpu: float32 io, accuracy_level 4; cuda: float16 io")
    parser.add_argument("--tokenizer-dir", default=default_tokenizer)
    args = parser.parse_args()

    missing = [f for f in TOKENIZER_FILES if not os.path.isfile(os.path.join(args.tokenizer_dir, f))]
    if missing:
        sys.exit(f"make_phi3_int4: {args.tokenizer_dir} lacks {', '.join(missing)} (set --tokenizer-dir or SKPLUGINS_SHARED)")
    if args.size == "full":
        free = shutil.disk_usage(os.path.dirname(os.path.abspath(args.out_dir)) or ".").free
        if free < 3 * 1024 ** 3:
            sys.exit(f"make_phi3_int4: the full model needs about 2.3 GB; only {free / 1024 ** 3:.1f} GB free beside {args.out_dir}")

    # Write into a sibling temporary folder and rename at the end: nothing half-written is left as OUT_DIR.
    out_dir = os.path.abspath(args.out_dir)
    work = out_dir + ".incomplete"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    onnx_path = build(args.size, args.ep, work, args.seed)
    for name in TOKENIZER_FILES:
        shutil.copyfile(os.path.join(args.tokenizer_dir, name), os.path.join(work, name))
    shutil.rmtree(out_dir, ignore_errors=True)
    os.rename(work, out_dir)
    total = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    print(f"{out_dir}: {os.path.basename(onnx_path)} ({args.size}, seed {args.seed}), {total / 1024 ** 2:.1f} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
