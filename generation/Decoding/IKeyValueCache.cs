using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>The decoder's key/value cache across steps: which tensors feed <c>past_key_values.*</c> and receive <c>present.*</c>.</summary>
internal interface IKeyValueCache : IDisposable
{
    /// <summary>Positions the cache holds (the past sequence length of the next step).</summary>
    int SequenceLength { get; }

    /// <summary>
    /// Whether <see cref="Advance"/> needs the run's present outputs. False when the presents are bound to tensors the cache owns
    /// and the run writes into them, so that the decode loop need not fetch the outputs at all.
    /// </summary>
    bool NeedsPresents { get; }

    /// <summary>Binds the past inputs and present outputs for the next step.</summary>
    /// <param name="target">The binding.</param>
    void Bind(IBindingTarget target);

    /// <summary>Takes the step's present outputs (in <see cref="KeyValueCacheLayout.PresentNames"/> order) after a run that added <paramref name="newPositions"/>.</summary>
    /// <param name="presents">The present tensors (the cache owns them from now on); empty when <see cref="NeedsPresents"/> is false.</param>
    /// <param name="newPositions">The step's sequence length.</param>
    void Advance(IReadOnlyList<OrtValue> presents, int newPositions);

    /// <summary>
    /// Called once after the prompt's step, before the first token is handed out, when the loop has released the prompt's logits:
    /// the cache may prepare the positions decoding will write.
    /// </summary>
    void PrepareForDecoding();
}
