namespace SkPlugins.Core.Onnx;

/// <summary>
/// Whether trying ONNX Runtime's CUDA execution provider is worth it: on Linux only when an NVIDIA (or WSL GPU) device node exists,
/// so machines without a GPU neither pay for nor log a failed provider load. Shared by every ONNX model the service runs.
/// </summary>
public static class CudaAvailability
{
    /// <summary>True when a GPU device may be present (always true off Linux, where no cheap check exists).</summary>
    public static bool GpuMayBePresent() => !OperatingSystem.IsLinux() || File.Exists("/dev/nvidiactl") || File.Exists("/dev/dxg");

    /// <summary>Whether to try CUDA for a preference: always for <see cref="ExecutionProviderPreference.Cuda"/>, for Auto when a GPU may be present.</summary>
    /// <param name="preference">The configured preference.</param>
    public static bool ShouldTry(ExecutionProviderPreference preference) =>
        preference == ExecutionProviderPreference.Cuda || (preference == ExecutionProviderPreference.Auto && GpuMayBePresent());
}
