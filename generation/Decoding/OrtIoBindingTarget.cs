using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>An <see cref="IBindingTarget"/> over an <see cref="OrtIoBinding"/>.</summary>
/// <param name="binding">The binding the decode loop runs with.</param>
internal sealed class OrtIoBindingTarget(OrtIoBinding binding) : IBindingTarget
{
    /// <inheritdoc />
    public void BindInput(string name, OrtValue value) => binding.BindInput(name, value);

    /// <inheritdoc />
    public void BindOutput(string name, OrtValue value) => binding.BindOutput(name, value);

    /// <inheritdoc />
    public void BindOutputToDevice(string name, OrtMemoryInfo memoryInfo) => binding.BindOutputToDevice(name, memoryInfo);
}
