using Microsoft.ML.OnnxRuntime.Tensors;
using SkPlugins.Generation.Model;

namespace SkPlugins.Generation.Decoding;

/// <summary>The shape, element type and tensor names of a decoder's key/value cache: <c>[batch, kv_heads, sequence, head_size]</c> per layer.</summary>
/// <param name="BatchSize">Rows generated together.</param>
/// <param name="KeyValueHeads">Key/value heads.</param>
/// <param name="HeadSize">Size of one head.</param>
/// <param name="ElementType">The cache's element type (float or float16).</param>
/// <param name="PastNames">Input names, keys and values of every layer.</param>
/// <param name="PresentNames">Output names in the same order as <paramref name="PastNames"/>.</param>
internal sealed record KeyValueCacheLayout(int BatchSize, int KeyValueHeads, int HeadSize, TensorElementType ElementType, IReadOnlyList<string> PastNames, IReadOnlyList<string> PresentNames)
{
    /// <summary>The layout of <paramref name="config"/>'s cache for <paramref name="batchSize"/> rows.</summary>
    /// <param name="config">The model configuration.</param>
    /// <param name="batchSize">Rows generated together.</param>
    /// <param name="elementType">The element type the graph declares for its past inputs.</param>
    public static KeyValueCacheLayout From(GenAIConfig config, int batchSize, TensorElementType elementType)
    {
        var past = new List<string>();
        var present = new List<string>();
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            past.Add(config.PastKeyName(layer));
            present.Add(config.PresentKeyName(layer));
            past.Add(config.PastValueName(layer));
            present.Add(config.PresentValueName(layer));
        }

        return new KeyValueCacheLayout(batchSize, config.NumKeyValueHeads, config.HeadSize, elementType, past, present);
    }

    /// <summary>Layouts are equal when their shapes, element types and names are (the name lists compared by content, so two
    /// layouts made from the same configuration are equal).</summary>
    /// <param name="other">The other layout.</param>
    public bool Equals(KeyValueCacheLayout? other) =>
        other is not null && BatchSize == other.BatchSize && KeyValueHeads == other.KeyValueHeads && HeadSize == other.HeadSize
        && ElementType == other.ElementType && PastNames.SequenceEqual(other.PastNames) && PresentNames.SequenceEqual(other.PresentNames);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BatchSize, KeyValueHeads, HeadSize, ElementType, PastNames.Count);

    /// <summary>The shape of one cache tensor holding <paramref name="sequenceLength"/> positions.</summary>
    /// <param name="sequenceLength">Positions along the third dimension.</param>
    public long[] Shape(int sequenceLength) => [BatchSize, KeyValueHeads, sequenceLength, HeadSize];
}
