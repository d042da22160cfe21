using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Core.Onnx;

/// <summary>How <see cref="OnnxSessionFactory"/> creates a session.</summary>
/// <param name="ExecutionProvider">CUDA, CPU, or CUDA with a CPU fallback.</param>
/// <param name="CudaDeviceId">The CUDA device.</param>
/// <param name="GraphOptimizationLevel">ONNX Runtime's graph optimisation level.</param>
/// <param name="IntraOpThreads">Threads inside one inference; 0 lets ONNX Runtime choose (one per physical core).</param>
/// <param name="SharedCpuAllocator">
/// On the CPU, allocate from the one allocator registered on ONNX Runtime's environment (<c>session.use_env_allocators</c>,
/// <see cref="Onnx.SharedCpuAllocator"/>) instead of from an arena of the session's own: what ONNX Runtime GenAI does for its CPU
/// decoders. A Phi-3-mini-shaped int4 decode step took about 5% less CPU that way on the README's benchmark machine.
/// </param>
/// <param name="HugePages">
/// On Linux and the CPU, move what the session filled while it was created (its prepacked weights) onto transparent huge pages
/// (<see cref="TransparentHugePages"/>): for a decoder that reads every weight once per token, about a fifth less CPU per token.
/// </param>
public sealed record OnnxSessionSettings(
    ExecutionProviderPreference ExecutionProvider,
    int CudaDeviceId = 0,
    GraphOptimizationLevel GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    int IntraOpThreads = 0,
    bool SharedCpuAllocator = false,
    bool HugePages = false);
