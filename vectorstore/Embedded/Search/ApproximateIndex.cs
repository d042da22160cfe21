using Cloud.Unum.USearch;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// An HNSW index (USearch) over the rows of a collection, keyed by row number and rebuilt when the collection changed
/// since it was built. Candidates it returns are rescored exactly by the caller.
/// </summary>
internal sealed class ApproximateIndex : IDisposable
{
    private readonly USearchIndex _index;

    private ApproximateIndex(USearchIndex index, long version, int count)
    {
        _index = index;
        Version = version;
        Count = count;
    }

    /// <summary>The collection version the index reflects.</summary>
    public long Version { get; }

    /// <summary>The number of rows indexed.</summary>
    public int Count { get; }

    /// <summary>True when the distance function has a USearch metric.</summary>
    public static bool Supports(string distance) => distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity or DistanceFunction.EuclideanDistance;

    /// <summary>Builds an index over all rows of <paramref name="state"/> (call under the read lock).</summary>
    public static ApproximateIndex Build(CollectionState state, string distance, EmbeddedVectorStoreOptions options)
    {
        var metric = distance switch
        {
            DistanceFunction.CosineSimilarity => MetricKind.Ip, // stored vectors are unit length
            DistanceFunction.DotProductSimilarity => MetricKind.Ip,
            _ => MetricKind.L2sq,
        };
        var index = new USearchIndex(metric, ScalarKind.Float32, (ulong)state.Dimensions, (ulong)options.HnswConnectivity, (ulong)options.HnswExpansionAdd, (ulong)options.HnswExpansionSearch);
        try
        {
            const int batch = 4096;
            for (var start = 0; start < state.Count; start += batch)
            {
                var n = Math.Min(batch, state.Count - start);
                var keys = new ulong[n];
                var vectors = new float[n][];
                for (var i = 0; i < n; i++)
                {
                    keys[i] = (ulong)(start + i);
                    vectors[i] = state.VectorAt(start + i).ToArray();
                }

                index.Add(keys, vectors);
            }

            return new ApproximateIndex(index, state.Version, state.Count);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>The rows of the approximate nearest neighbours of a prepared query.</summary>
    public int[] Search(float[] query, int count)
    {
        var found = _index.Search(query, Math.Min(count, Count), out var keys, out _);
        var rows = new int[found];
        for (var i = 0; i < found; i++)
        {
            rows[i] = (int)keys[i];
        }

        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => _index.Dispose();
}
