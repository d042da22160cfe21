using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Records;

/// <summary>A sentence and its embedding. The vector's dimension (384 for MiniLM, 768 for BERT-base) comes from
/// <see cref="RecordDefinitions.Sentences(int)"/> when it differs from the attribute's 384.</summary>
public sealed class SentenceRecord
{
    /// <summary>A deterministic key: see <see cref="Ingestion.DeterministicKeys.ForSentence(string, string)"/>.</summary>
    [VectorStoreKey]
    public Guid Id { get; set; }

    /// <summary>The sentence.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = "";

    /// <summary>Where the sentence came from (a file name or a label).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Source { get; set; } = "";

    /// <summary>The sentence embedding.</summary>
    [VectorStoreVector(384, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}
