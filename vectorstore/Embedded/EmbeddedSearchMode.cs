namespace SkPlugins.VectorStore.Embedded;

/// <summary>How an embedded collection answers unfiltered searches.</summary>
public enum EmbeddedSearchMode
{
    /// <summary>Approximate (HNSW) from <see cref="EmbeddedVectorStoreOptions.ApproximateSearchThreshold"/> records on, exact below
    /// and while the index is being built in the background.</summary>
    Auto,

    /// <summary>Always exact brute force.</summary>
    Exact,

    /// <summary>Always the HNSW index, waiting for it to be built when there is none (filtered searches and <c>best_score</c>
    /// recommendations stay exact).</summary>
    Approximate,
}
