namespace SkPlugins.VectorStore.Embedded;

/// <summary>How an embedded collection answers unfiltered searches.</summary>
public enum EmbeddedSearchMode
{
    /// <summary>Approximate (HNSW) from <see cref="EmbeddedVectorStoreOptions.ApproximateSearchThreshold"/> records on, exact below.</summary>
    Auto,

    /// <summary>Always exact brute force.</summary>
    Exact,

    /// <summary>Always the HNSW index (filtered searches and <c>best_score</c> recommendations stay exact).</summary>
    Approximate,
}
