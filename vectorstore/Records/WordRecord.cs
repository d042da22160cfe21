using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Records;

/// <summary>A word vector (GloVe 6B 50d by default); the key is <see cref="Ingestion.DeterministicKeys.ForWord(string)"/>.</summary>
public sealed class WordRecord
{
    /// <summary>The key derived from the word.</summary>
    [VectorStoreKey]
    public ulong Id { get; set; }

    /// <summary>The word.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Word { get; set; } = "";

    /// <summary>The 1-based line of the word in its source file (GloVe files are ordered by frequency).</summary>
    [VectorStoreData(IsIndexed = true)]
    public int Rank { get; set; }

    /// <summary>The word vector.</summary>
    [VectorStoreVector(50, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
