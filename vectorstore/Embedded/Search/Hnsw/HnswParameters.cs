namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>The shape of an HNSW graph: vector size, metric and the graph parameters as hnswlib names them.</summary>
/// <param name="Dimensions">The vector size.</param>
/// <param name="Metric">The distance: <see cref="HnswMetric.InnerProduct"/> (cosine on unit vectors, dot product) or <see cref="HnswMetric.SquaredEuclidean"/>.</param>
/// <param name="Connectivity">M: links per node on the upper layers; layer 0 keeps up to 2·M.</param>
/// <param name="ExpansionAdd">ef_construction: the beam width while adding.</param>
/// <param name="ExpansionSearch">ef: the beam width while searching (at least the number of results asked for).</param>
/// <param name="Threads">How many threads add vectors during a build.</param>
internal sealed record HnswParameters(int Dimensions, HnswMetric Metric, int Connectivity, int ExpansionAdd, int ExpansionSearch, int Threads);
