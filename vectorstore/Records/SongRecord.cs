using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Records;

/// <summary>A song embedded by Word2Vec over playlists; the key is the song id of <c>song_hash.txt</c>.
/// The dimension comes from <see cref="RecordDefinitions.Songs(int)"/> (the attribute says 32).</summary>
public sealed class SongRecord
{
    /// <summary>The song id.</summary>
    [VectorStoreKey]
    public ulong Id { get; set; }

    /// <summary>The title ("" when unknown).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Title { get; set; } = "";

    /// <summary>The artist ("" when unknown).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Artist { get; set; } = "";

    /// <summary>Tag ids from <c>tags.txt</c>, as strings.</summary>
    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    /// <summary>The song vector.</summary>
    [VectorStoreVector(32, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
