namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>The distance an HNSW graph orders its vectors by (smaller is nearer).</summary>
internal enum HnswMetric
{
    /// <summary><c>1 - a·b</c>: cosine on unit vectors (the store keeps cosine vectors unit length) and dot product.
    /// hnswlib's <c>ip</c> space.</summary>
    InnerProduct = 1,

    /// <summary><c>|a - b|²</c>: hnswlib's <c>l2</c> space.</summary>
    SquaredEuclidean = 2,
}
