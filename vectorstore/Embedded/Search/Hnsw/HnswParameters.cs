using Cloud.Unum.USearch;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>The shape of an HNSW graph: vector size, metric (USearch's kind) and the graph parameters.</summary>
/// <param name="Dimensions">The vector size.</param>
/// <param name="Metric">USearch's metric kind: <see cref="MetricKind.Ip"/> (cosine on unit vectors, dot product) or <see cref="MetricKind.L2sq"/>.</param>
/// <param name="Connectivity">M: links per node.</param>
/// <param name="ExpansionAdd">ef_construction: the beam width while adding.</param>
/// <param name="ExpansionSearch">ef: the beam width while searching.</param>
/// <param name="Threads">How many threads add vectors during a build.</param>
internal sealed record HnswParameters(int Dimensions, MetricKind Metric, int Connectivity, int ExpansionAdd, int ExpansionSearch, int Threads)
{
    /// <summary>How many searches may run at once on one graph (USearch keeps one context per concurrent search).</summary>
    public int SearchThreads => Math.Max(64, 4 * Environment.ProcessorCount);
}
