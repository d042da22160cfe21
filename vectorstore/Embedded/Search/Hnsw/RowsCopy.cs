using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The rows of a collection copied under the read lock, so that an index can be built from them without holding the lock
/// (writers and readers carry on meanwhile; the built index catches up with later changes through the row stamps).
/// </summary>
/// <param name="Source">The state the rows were copied from.</param>
/// <param name="Version">Its <see cref="CollectionState.Version"/> at the copy: every later upsert has a higher stamp.</param>
/// <param name="Sequence">The collection's batch sequence number at the copy.</param>
/// <param name="Keys">The row keys.</param>
/// <param name="Stamps">The row stamps.</param>
/// <param name="Matrix">The row-major vectors.</param>
internal sealed record RowsCopy(CollectionState Source, long Version, long Sequence, UInt128[] Keys, long[] Stamps, float[] Matrix)
{
    /// <summary>Copies all rows of <paramref name="state"/> (call under the read lock).</summary>
    public static RowsCopy Of(CollectionState state, long sequence)
    {
        var keys = new UInt128[state.Count];
        var stamps = new long[state.Count];
        for (var row = 0; row < keys.Length; row++)
        {
            keys[row] = state.KeyAt(row);
            stamps[row] = state.StampAt(row);
        }

        return new RowsCopy(state, state.Version, sequence, keys, stamps, state.Matrix.ToArray());
    }
}
