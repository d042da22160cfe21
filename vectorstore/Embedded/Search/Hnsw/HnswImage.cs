namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>An index as written to its file (see <see cref="HnswIndexFile"/>).</summary>
/// <param name="Parameters">The graph's shape.</param>
/// <param name="Sequence">The collection batch sequence number the index reflects.</param>
/// <param name="Rows">The number of rows it covered (its live labels).</param>
/// <param name="Keys">The row key of each label.</param>
/// <param name="Hashes">The vector hash of each label; 0 for a label that no longer matches a row.</param>
/// <param name="Graph">The serialized graph (<see cref="HnswGraph.Save"/>).</param>
internal sealed record HnswImage(HnswParameters Parameters, long Sequence, int Rows, UInt128[] Keys, ulong[] Hashes, ChunkedBytes Graph);
