#!/usr/bin/env bash
# GPU check for local Phi-3 generation at real size: builds the Phi-3-mini-shaped int4 CUDA folder (float16 io, GroupQueryAttention,
# MatMulNBits block 32, shared past/present buffer) with make_phi3_int4.py, then runs our decode loop on CUDA (no CPU fallback)
# for the book prompt, a chat prompt and a 1,000-token prompt, and prints tokens/s and time to first token beside the public anchor
# (ONNX Runtime GenAI, Phi-3-mini-4k int4, A100, batch 1: 218 tokens/s). UNVERIFIED: no GPU machine was available when it was written.
#
#   tests/tools/generation/gpu-check.sh [MODEL_DIR] [NEW_TOKENS]
#
# MODEL_DIR defaults to a fresh folder made here ($TMPDIR/skplugins-phi3-cuda-int4); a real export works too
# (huggingface-cli download microsoft/Phi-3-mini-4k-instruct-onnx --include 'cuda/cuda-int4-rtn-block-32/*').
#
# Needs: an NVIDIA GPU; CUDA 13 runtime, cuBLAS and cuDNN 9 libraries (system-wide, or the pip packages nvidia-cuda-runtime,
# nvidia-cublas, nvidia-cudnn: their lib folders are added to LD_LIBRARY_PATH); /usr/bin/python3 (or python3) with onnx and numpy;
# and the skplugins executable: SKPLUGINS_EXE=/path/to/skplugins (a self-contained publish, for machines without .NET), else the
# .NET 10 SDK to build it here.
#
# Getting the executable onto a GPU machine without .NET (the ONNX Runtime CUDA provider library alone is larger than one
# transfer of the device tool carries, 64 MiB): publish self-contained on the development machine, split, and carry the parts
# over several calls to ONE warm machine, then join them there:
#   dotnet publish host -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=false -o .gpu/skplugins
#   tar -C .gpu -czf - skplugins | split -b 60m - .gpu/parts/skplugins.tgz.     # in an ignored folder
#   # call k (k = aa, ab, ...): carry .gpu/parts/skplugins.tgz.k, command: mkdir -p /tmp/skp && cp .gpu/parts/* /tmp/skp/
#   # last call: cat /tmp/skp/skplugins.tgz.* | tar -C /tmp -xzf - && SKPLUGINS_EXE=/tmp/skplugins/skplugins tests/tools/generation/gpu-check.sh
# (libonnxruntime_providers_cuda.so is the big file; it compresses to a few hundred MiB, so expect several parts.)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
model="${1:-${TMPDIR:-/tmp}/skplugins-phi3-cuda-int4}"
tokens="${2:-64}"
python=/usr/bin/python3; [ -x "$python" ] || python=python3

command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: no NVIDIA GPU/driver here" >&2; exit 3; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

# CUDA libraries from pip packages (nvidia/*/lib), when they are not in the loader cache.
pip_libs="$("$python" -c 'import glob, os, sys
try:
    import nvidia
    print(":".join(sorted(glob.glob(os.path.join(list(nvidia.__path__)[0], "*", "lib")))))
except Exception:
    pass' 2>/dev/null || true)"
[ -n "$pip_libs" ] && export LD_LIBRARY_PATH="$pip_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for lib in libcudart.so.13 libcublasLt.so.13 libcudnn.so.9; do
  ldconfig -p | grep -q "$lib" || [ -n "$(find ${LD_LIBRARY_PATH//:/ } -maxdepth 1 -name "$lib*" 2>/dev/null | head -1)" ] \
    || echo "gpu-check: warning: $lib not found (set LD_LIBRARY_PATH)" >&2
done

if [ ! -f "$model/genai_config.json" ]; then
  echo "gpu-check: making the full-size CUDA folder in $model (2.3 GB) ..." >&2
  "$python" "$root/tests/tools/generation/make_phi3_int4.py" "$model" --size full --ep cuda
fi

exe="${SKPLUGINS_EXE:-}"
if [ -z "$exe" ]; then
  dotnet build -c Release "$root/host" -v q -nologo >/dev/null
  exe="$root/host/bin/Release/net10.0/skplugins"
fi

book_ids='1,14350,385,4876,27746,5281,304,19235,363,278,25305,293,16423,292,286,728,481,29889,12027,7420,920,372,9559,29889,32001'
long_ids="1$(for i in $(seq 1 998); do printf ',%d' $(( 1000 + (i * 37) % 20000 )); done),32001"
generate() { # provider, then the prompt option and value
  "$exe" generate --model "$model" --execution-provider "$1" "$2" "$3" --max-new-tokens "$tokens" --json 2>/dev/null
}
field() { "$python" -c "import json,sys; d=json.load(sys.stdin); print(d['$1'])"; }

generate cuda --prompt-ids "$book_ids" >/dev/null || { echo "gpu-check: CUDA generation failed; rerun without 2>/dev/null to see why" >&2; exit 1; }
for case in book chat long; do
  case $case in
    book) opt=--prompt-ids; val="$book_ids";;
    chat) opt=--prompt; val='<|user|>
What is the capital of France? Answer in one word.<|end|>
<|assistant|>';;
    long) opt=--prompt-ids; val="$long_ids";;
  esac
  cuda="$(generate cuda "$opt" "$val")"
  cpu="$(generate cpu "$opt" "$val" || echo '{"output_ids": "cpu run failed"}')"
  same=$([ "$(echo "$cuda" | field output_ids)" = "$(echo "$cpu" | field output_ids)" ] && echo yes || echo no)
  printf '%-5s CUDA: %8.1f tokens/s, first token %8.1f ms, load %8.1f ms; greedy ids equal to the CPU run of the same folder: %s\n' \
    "$case" "$(echo "$cuda" | field tokens_per_second)" "$(echo "$cuda" | field time_to_first_token_ms)" "$(echo "$cuda" | field load_ms)" "$same"
done
echo "anchor: ONNX Runtime GenAI, Phi-3-mini-4k int4 on A100, batch 1: 218 tokens/s"
echo "(CUDA and CPU ids may part after a few tokens on random weights: float16 CUDA kernels vs the CPU's; ORT GenAI's CUDA package is not on this project's registry, so CUDA parity against it is not run here)"
