using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>The decoder's key/value cache across steps: which tensors feed <c>past_key_values.*</c> and receive <c>present.*</c>.</summary>
internal interface IKeyValueCache : IDisposable
{
    /// <summary>Positions the cache holds (the past sequence length of the next step).</summary>
    int SequenceLength { get; }

    /// <summary>Binds the past inputs and present outputs for the next step.</summary>
    /// <param name="target">The binding.</param>
    void Bind(IBindingTarget target);

    /// <summary>Takes the step's present outputs (in <see cref="KeyValueCacheLayout.PresentNames"/> order) after a run that added <paramref name="newPositions"/>.</summary>
    /// <param name="presents">The present tensors; the cache owns them from now on.</param>
    /// <param name="newPositions">The step's sequence length.</param>
    void Advance(IReadOnlyList<OrtValue> presents, int newPositions);
}
