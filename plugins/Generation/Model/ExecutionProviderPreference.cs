namespace SkPlugins.Plugins.Generation.Model;

/// <summary>Which ONNX Runtime execution provider runs the model.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when its provider loads, otherwise the CPU (the fallback is logged).</summary>
    Auto,

    /// <summary>CUDA only; loading fails when the CUDA provider cannot be loaded.</summary>
    Cuda,

    /// <summary>The CPU provider.</summary>
    Cpu,
}
