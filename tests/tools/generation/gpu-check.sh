#!/usr/bin/env bash
# GPU check for local Phi-3 generation: tokens/s on CUDA for a real Phi-3 ONNX export.
#
# Needs: an NVIDIA GPU with the CUDA 13 runtime, cuBLAS and cuDNN 9 libraries on the loader path (what
# Microsoft.ML.OnnxRuntime.Gpu 1.31 loads), the .NET 10 SDK, and a model folder, e.g. the CUDA int4 export of
# microsoft/Phi-3-mini-4k-instruct-onnx:
#   huggingface-cli download microsoft/Phi-3-mini-4k-instruct-onnx --include 'cuda/cuda-int4-rtn-block-32/*' --local-dir phi3
#   tests/tools/generation/gpu-check.sh phi3/cuda/cuda-int4-rtn-block-32 [new-tokens]
#
# It generates greedily from the book's prompt with --execution-provider cuda (it fails instead of falling back to the CPU),
# runs once to warm up, then 3 times, and prints tokens/s and time to first token next to the public anchor:
# ONNX Runtime GenAI, Phi-3-mini-4k int4, A100, batch 1: 218 tokens/s.
set -euo pipefail
model="${1:?usage: gpu-check.sh MODEL_DIR [NEW_TOKENS]}"
tokens="${2:-256}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"

command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: no NVIDIA GPU/driver here" >&2; exit 3; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
for lib in libcudart.so.13 libcublasLt.so.13 libcudnn.so.9; do
  ldconfig -p | grep -q "$lib" || echo "gpu-check: warning: $lib not in the loader cache (set LD_LIBRARY_PATH if it is installed elsewhere)" >&2
done
[ -f "$model/genai_config.json" ] || { echo "gpu-check: $model/genai_config.json not found" >&2; exit 2; }

dotnet build -c Release "$root/host" -v q -nologo >/dev/null
exe="$root/host/bin/Release/net10.0/skplugins"
prompt='Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>'
run() {
  "$exe" generate --model "$model" --execution-provider cuda --prompt "$prompt" --max-new-tokens "$tokens" --json 2>&1 >/dev/null \
    | grep -E '^\[Cuda\]' || { echo "gpu-check: generation failed (see above)" >&2; exit 1; }
}
out="$(run)"; echo "warm-up: $out"
for i in 1 2 3; do out="$(run)"; echo "run $i:   $out"; done
echo "anchor:  ONNX Runtime GenAI, Phi-3-mini-4k int4 on A100, batch 1: 218 tokens/s"
