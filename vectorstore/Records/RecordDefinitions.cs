using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Records;

/// <summary>Collection definitions for the record types whose vector dimension depends on the model that made them.</summary>
public static class RecordDefinitions
{
    /// <summary>The definition of <see cref="SentenceRecord"/> with <paramref name="dimensions"/>-d embeddings.</summary>
    /// <param name="dimensions">The embedding size, e.g. 384 or 768.</param>
    public static VectorStoreCollectionDefinition Sentences(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(SentenceRecord.Id), typeof(Guid)),
            new VectorStoreDataProperty(nameof(SentenceRecord.Text), typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty(nameof(SentenceRecord.Source), typeof(string)) { IsIndexed = true },
            Vector(nameof(SentenceRecord.Embedding), dimensions),
        ],
    };

    /// <summary>The definition of <see cref="WordRecord"/> with <paramref name="dimensions"/>-d vectors.</summary>
    /// <param name="dimensions">The vector size, e.g. 50.</param>
    public static VectorStoreCollectionDefinition Words(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(WordRecord.Id), typeof(ulong)),
            new VectorStoreDataProperty(nameof(WordRecord.Word), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(WordRecord.Rank), typeof(int)) { IsIndexed = true },
            Vector(nameof(WordRecord.Vector), dimensions),
        ],
    };

    /// <summary>The definition of <see cref="SongRecord"/> with <paramref name="dimensions"/>-d vectors.</summary>
    /// <param name="dimensions">The vector size of the Word2Vec model.</param>
    public static VectorStoreCollectionDefinition Songs(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(SongRecord.Id), typeof(ulong)),
            new VectorStoreDataProperty(nameof(SongRecord.Title), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(SongRecord.Artist), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(SongRecord.Tags), typeof(List<string>)) { IsIndexed = true },
            Vector(nameof(SongRecord.Vector), dimensions),
        ],
    };

    private static VectorStoreVectorProperty Vector(string name, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return new VectorStoreVectorProperty(name, typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = DistanceFunction.CosineSimilarity };
    }
}
