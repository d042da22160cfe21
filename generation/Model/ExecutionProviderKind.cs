namespace SkPlugins.Generation.Model;

/// <summary>The execution provider a loaded model actually runs on.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The CPU provider; the key/value cache lives in host memory.</summary>
    Cpu,

    /// <summary>The CUDA provider; the key/value cache stays on the device and inputs/outputs go through IOBinding.</summary>
    Cuda,
}
