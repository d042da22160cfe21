using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>Where a key/value cache binds its tensors: an <see cref="OrtIoBinding"/> at run time, a recorder in tests.</summary>
internal interface IBindingTarget
{
    /// <summary>Binds an input to a tensor.</summary>
    /// <param name="name">The graph input.</param>
    /// <param name="value">The tensor.</param>
    void BindInput(string name, OrtValue value);

    /// <summary>Binds an output to a preallocated tensor that the run writes into.</summary>
    /// <param name="name">The graph output.</param>
    /// <param name="value">The tensor.</param>
    void BindOutput(string name, OrtValue value);

    /// <summary>Lets the run allocate an output on a device.</summary>
    /// <param name="name">The graph output.</param>
    /// <param name="memoryInfo">Where the output lives.</param>
    void BindOutputToDevice(string name, OrtMemoryInfo memoryInfo);
}
