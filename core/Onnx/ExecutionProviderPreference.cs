namespace SkPlugins.Core.Onnx;

/// <summary>Which ONNX Runtime execution provider runs the model.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when a GPU and the CUDA libraries are present, otherwise CPU (the default).</summary>
    Auto,

    /// <summary>Always the CPU provider.</summary>
    Cpu,

    /// <summary>CUDA, failing with a clear error when it cannot be loaded.</summary>
    Cuda,
}
