using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Core.Onnx;

/// <summary>How <see cref="OnnxSessionFactory"/> creates a session.</summary>
/// <param name="ExecutionProvider">CUDA, CPU, or CUDA with a CPU fallback.</param>
/// <param name="CudaDeviceId">The CUDA device.</param>
/// <param name="GraphOptimizationLevel">ONNX Runtime's graph optimisation level.</param>
/// <param name="IntraOpThreads">Threads inside one inference; 0 lets ONNX Runtime choose (one per physical core).</param>
public sealed record OnnxSessionSettings(
    ExecutionProviderPreference ExecutionProvider,
    int CudaDeviceId = 0,
    GraphOptimizationLevel GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    int IntraOpThreads = 0);
